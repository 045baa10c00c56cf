/*
 * nexmark.c - the 'nexmark' connector: the event stream of the Nexmark benchmark, as the
 * 'nexmark' table source of the Nexmark repository's Flink setup (nexmark-flink) makes it.
 *
 * The stream. Event number n (0, 1, 2, ...) is a person, an auction or a bid by its place
 * in a cycle of person.proportion + auction.proportion + bid.proportion events (1 + 3 +
 * 46 by default: one person, three auctions, then 46 bids). Ids follow from n alone:
 * the k-th person of the stream has id 1000 + k and the k-th auction 1000 + k; a bid
 * names an auction and a bidder that exist (or are about to: a few ids ahead are
 * allowed, as in the original). Hot values: a bid is for the newest "hot" auction (the
 * first of the last 100) with probability 1 - 1/bid.hot-ratio.auctions, by the newest
 * hot bidder with 1 - 1/bid.hot-ratio.bidders, and an auction's seller is the newest
 * hot seller with 1 - 1/auction.hot-ratio.sellers; otherwise the auction is one of the
 * last 100 (plus 10 ahead), the person one of the last 1000 active ones (plus 10
 * ahead). Categories are 10..14; prices 10^(6u) * 100 rounded (u uniform in [0, 1));
 * a reserve is the initial bid plus another price; an auction expires 1 ms to twice
 * the time until 100 more auctions are due. Half the bids come from one of 4 hot
 * channels (Google, Facebook, Baidu, Apple, each with one url), the rest from
 * 'channel-N' (N < 10000) whose url carries '&channel_id=...' nine times in ten.
 * 'extra' pads an event to person.avg-size / auction.avg-size / bid.avg-size (200, 500,
 * 100 bytes) on average. Event n happens at base-time + n * 10^6 / rate microseconds
 * (in ms, rounded down), the rate being first-event.rate (or, when next-event.rate
 * differs, the two alternating per rate.shape and rate.period).
 *
 * Determinism. Every value of event n is a function of n and the 'seed' option only:
 * a per-event key is splitmix64 of (seed, n), and each random quantity of the event
 * (its bidder, its price, ...) mixes the key with its own constant. So a column's values
 * do not depend on which other columns a query reads, nor on batch sizes or pacing.
 * Timestamps depend on 'base-time' too (default: the clock when the query starts).
 *
 * Speed. A batch is made column by column, only for the columns the query reads: the
 * event kind, key, epoch and timestamp of each row are computed once, then each column
 * is a loop over the rows of its kind; the other rows are NULL through one copy of a
 * validity mask. Strings point into pools made once per source: the 99 names, the
 * 10004 channels and their urls, and two pools of random characters of which 'extra',
 * item names, descriptions and e-mail parts are slices at random offsets. Only the
 * e-mail address and the credit card number are written per row (into the batch arena).
 *
 * Differences from the Java generator (nexmark-flink's generator/ and model/ classes):
 *  - the random values differ: no java.util.Random / SplittableRandom sequence is
 *    reproduced, only the distributions. String pools make rows share substrings now
 *    and then, which fresh Java strings do not. The pools follow Java's character
 *    distributions: 1 in 13 a space (then trimmed) for names and descriptions; for
 *    'extra', Java's letters from signed ints, whose negative remainders also give
 *    'H'..'Z' and "[\]^_`".
 *  - numbering: sluice's first event is event 0 (a person with id 1000 at base-time
 *    exactly). Flink's table source starts at event id 2 and event number 1, so its
 *    first rows are two auctions (1001, 1002), its first person is 1001 and its first
 *    timestamp is base-time plus one inter-event delay.
 *  - bidders: Java adds the first person id (1000) twice to a bid's bidder (nexmark
 *    issue #30), so its bidders are 2000 and up; here it is added once and a bidder is
 *    a person's id.
 *  - channel urls are made from the seed, Java's from an unseeded Random per process.
 *  - next-event.rate, rate.shape and rate.period: Flink's port accepts them but uses
 *    first-event.rate only; sluice follows the original (Beam) generator, alternating
 *    the rates as a square or sine wave. With both rates equal (as Flink's DDL sets
 *    them) there is no difference.
 *  - pacing ('max-emit-speed' = 'false' or 'rate.limited' = 'true'): event n leaves when
 *    the wall clock reaches start + (its timestamp - base-time), as Flink's reader
 *    sleeps; by default events leave at full speed and event time runs ahead.
 */
#include "connectors/connectors.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- the fields ----------------------------------------------------------------------- */

typedef enum NxKind { NX_PERSON = 0, NX_AUCTION = 1, NX_BID = 2, NX_EVERY = 3 } NxKind;

typedef enum NxField {
    F_EVENT_TYPE,
    F_P_ID,
    F_P_NAME,
    F_P_EMAIL,
    F_P_CARD,
    F_P_CITY,
    F_P_STATE,
    F_P_TIME,
    F_P_EXTRA,
    F_A_ID,
    F_A_ITEM,
    F_A_DESC,
    F_A_INITIAL,
    F_A_RESERVE,
    F_A_TIME,
    F_A_EXPIRES,
    F_A_SELLER,
    F_A_CATEGORY,
    F_A_EXTRA,
    F_B_AUCTION,
    F_B_BIDDER,
    F_B_PRICE,
    F_B_CHANNEL,
    F_B_URL,
    F_B_TIME,
    F_B_EXTRA,
    N_FIELDS
} NxField;

typedef struct NxFieldInfo {
    const char *name; /* as the catalog flattens the ROW columns: "person.id" */
    TypeId type;
    NxKind kind;
} NxFieldInfo;

static const NxFieldInfo FIELDS[N_FIELDS] = {
    [F_EVENT_TYPE] = {"event_type", TYPE_INT, NX_EVERY},
    [F_P_ID] = {"person.id", TYPE_BIGINT, NX_PERSON},
    [F_P_NAME] = {"person.name", TYPE_VARCHAR, NX_PERSON},
    [F_P_EMAIL] = {"person.emailAddress", TYPE_VARCHAR, NX_PERSON},
    [F_P_CARD] = {"person.creditCard", TYPE_VARCHAR, NX_PERSON},
    [F_P_CITY] = {"person.city", TYPE_VARCHAR, NX_PERSON},
    [F_P_STATE] = {"person.state", TYPE_VARCHAR, NX_PERSON},
    [F_P_TIME] = {"person.dateTime", TYPE_TIMESTAMP, NX_PERSON},
    [F_P_EXTRA] = {"person.extra", TYPE_VARCHAR, NX_PERSON},
    [F_A_ID] = {"auction.id", TYPE_BIGINT, NX_AUCTION},
    [F_A_ITEM] = {"auction.itemName", TYPE_VARCHAR, NX_AUCTION},
    [F_A_DESC] = {"auction.description", TYPE_VARCHAR, NX_AUCTION},
    [F_A_INITIAL] = {"auction.initialBid", TYPE_BIGINT, NX_AUCTION},
    [F_A_RESERVE] = {"auction.reserve", TYPE_BIGINT, NX_AUCTION},
    [F_A_TIME] = {"auction.dateTime", TYPE_TIMESTAMP, NX_AUCTION},
    [F_A_EXPIRES] = {"auction.expires", TYPE_TIMESTAMP, NX_AUCTION},
    [F_A_SELLER] = {"auction.seller", TYPE_BIGINT, NX_AUCTION},
    [F_A_CATEGORY] = {"auction.category", TYPE_BIGINT, NX_AUCTION},
    [F_A_EXTRA] = {"auction.extra", TYPE_VARCHAR, NX_AUCTION},
    [F_B_AUCTION] = {"bid.auction", TYPE_BIGINT, NX_BID},
    [F_B_BIDDER] = {"bid.bidder", TYPE_BIGINT, NX_BID},
    [F_B_PRICE] = {"bid.price", TYPE_BIGINT, NX_BID},
    [F_B_CHANNEL] = {"bid.channel", TYPE_VARCHAR, NX_BID},
    [F_B_URL] = {"bid.url", TYPE_VARCHAR, NX_BID},
    [F_B_TIME] = {"bid.dateTime", TYPE_TIMESTAMP, NX_BID},
    [F_B_EXTRA] = {"bid.extra", TYPE_VARCHAR, NX_BID},
};

/* The random quantities of an event; each draws from the event's key mixed with its own
 * number, so it does not depend on the others. */
typedef enum NxTopic {
    T_P_NAME = 1, /* first name (high half), last name (low half) */
    T_P_EMAIL_USER,
    T_P_EMAIL_HOST,
    T_P_CARD_LO, /* the first two groups of four digits */
    T_P_CARD_HI, /* the last two */
    T_P_PLACE,   /* city (high half), state (low half) */
    T_P_EXTRA,
    T_A_SELLER, /* hot or not (high half), which person (low half) */
    T_A_CATEGORY,
    T_A_INITIAL,
    T_A_RESERVE,
    T_A_EXPIRES,
    T_A_ITEM,
    T_A_DESC,
    T_A_EXTRA,
    T_B_AUCTION,
    T_B_BIDDER,
    T_B_PRICE,
    T_B_CHANNEL, /* hot or not (high half), which channel (low half) */
    T_B_EXTRA,
} NxTopic;

/* Whether a field's values need the per-event random key. */
static bool field_is_random(NxField f) {
    return f != F_EVENT_TYPE && f != F_P_ID && f != F_A_ID && f != F_P_TIME && f != F_A_TIME &&
           f != F_B_TIME;
}

#define FIRST_PERSON_ID   1000
#define FIRST_AUCTION_ID  1000
#define FIRST_CATEGORY_ID 10
#define N_CATEGORIES      5
#define HOT_GROUP         100  /* hot auctions, bidders, sellers: the first of the last 100 */
#define ACTIVE_PEOPLE     1000 /* persons considered for a non-hot bid or auction */
#define IN_FLIGHT         100  /* auctions considered open for a non-hot bid */
#define ID_LEAD           10   /* ids not yet generated that a pick may name */
#define N_CHANNELS        10000
#define N_HOT_CHANNELS    4
#define POOL_SPAN         65536 /* random offsets into the character pools */
#define MAX_AVG_SIZE      (1 << 20)
#define CHANNEL_STRIDE    128        /* bytes per channel in the channel table: name, then url */
#define PRICE_BITS        12         /* prices: a table of 2^12 powers of ten */
#define JAVA_INT_MAX      2147483647 /* Flink's int options */

static const char *const FIRST_NAMES[] = {"Peter", "Paul",  "Luke",  "John",   "Saul",  "Vicky",
                                          "Kate",  "Julie", "Sarah", "Deiter", "Walter"};
static const char *const LAST_NAMES[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
                                         "Walton", "Smith",  "Jones",   "Noris"};
#define N_NAMES (ARRAY_LEN(FIRST_NAMES) * ARRAY_LEN(LAST_NAMES))
#define S(lit)                                                                                     \
    { lit, sizeof lit - 1 }
static const StrRef CITIES[] = {S("Phoenix"),  S("Los Angeles"), S("San Francisco"), S("Boise"),
                                S("Portland"), S("Bend"),        S("Redmond"),       S("Seattle"),
                                S("Kent"),     S("Cheyenne")};
static const StrRef STATES[] = {S("AZ"), S("CA"), S("ID"), S("OR"), S("WA"), S("WY")};
static const StrRef HOT_CHANNELS[N_HOT_CHANNELS] = {S("Google"), S("Facebook"), S("Baidu"),
                                                    S("Apple")};
#undef S

/* ---- the source ----------------------------------------------------------------------- */

typedef enum RateShape { SHAPE_SQUARE, SHAPE_SINE } RateShape;

typedef struct NxConfig {
    int64_t person_prop, auction_prop, bid_prop, total_prop;
    int64_t avg_size[3]; /* person, auction, bid */
    int64_t hot_auctions, hot_bidders, hot_sellers;
    int64_t first_rate, next_rate;
    RateShape shape;
    int64_t period_sec;
    int64_t n_events; /* 0: unbounded */
    bool is_paced, keep_alive;
    int64_t base_time;
    int64_t seed;
} NxConfig;

typedef struct NxRead {
    NxField field;
    int col;
} NxRead;

typedef struct NexmarkSource {
    Source base;
    NxConfig cfg;
    int n_reads;
    NxRead reads[N_FIELDS];
    bool needs_key, needs_time;
    Batch *batch;
    uint32_t batch_rows;
    int64_t next_event; /* the number of the batch's first event */
    int64_t start_wall; /* pacing: when the first event left (UTC ms), 0 before */
    uint64_t seed_key;
    /* timestamps: a constant rate is rate events per second; a shaped one cycles through
     * n_delays inter-event delays (us), each for step_sec seconds */
    int n_delays;
    int64_t delays_us[10];
    int64_t step_sec, events_per_epoch, epoch_ms;
    int64_t auction_horizon; /* events until IN_FLIGHT more auctions are due */
    uint32_t bid_extra_min, bid_extra_span;
    double prices[1 << PRICE_BITS]; /* 10^(6 i / 2^PRICE_BITS) * 100 */
    /* pools */
    char *letters; /* 'extra': Java's nextExactString characters */
    char *spaced;  /* names and descriptions: letters and 1 in 13 spaces */
    char *name_buf;
    StrRef names[N_NAMES];
    char *channel_buf; /* N_CHANNELS + N_HOT_CHANNELS entries of CHANNEL_STRIDE bytes */
    StrRef channels[N_CHANNELS], urls[N_CHANNELS + N_HOT_CHANNELS];
    /* per batch: each row's event */
    uint8_t kind[BATCH_CAPACITY];
    uint32_t offset[BATCH_CAPACITY]; /* place in the proportion cycle */
    int64_t epoch[BATCH_CAPACITY];   /* which cycle */
    int64_t ts[BATCH_CAPACITY];
    uint64_t key[BATCH_CAPACITY];
    uint16_t rows[3][BATCH_CAPACITY]; /* the rows of each kind */
    uint32_t n_of[3];
    uint64_t mask[3][BATCH_WORDS]; /* bit r: row r is of that kind */
} NexmarkSource;

/* ---- random numbers ------------------------------------------------------------------ */

/* splitmix64's output function: a bijective mix of all 64 bits. */
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t event_key(const NexmarkSource *g, int64_t n) {
    return mix64(g->seed_key + (uint64_t)n * 0x9E3779B97F4A7C15ull);
}

static inline uint64_t draw(uint64_t key, NxTopic t) {
    return mix64(key + (uint64_t)t * 0xD1B54A32D192ED03ull);
}

/* Uniform in [0, k) from 32 random bits (k < 2^32). */
static inline uint32_t below32(uint32_t x, uint32_t k) {
    return (uint32_t)(((uint64_t)x * k) >> 32);
}
static inline uint32_t hi32(uint64_t x) {
    return (uint32_t)(x >> 32);
}
static inline uint32_t lo32(uint64_t x) {
    return (uint32_t)x;
}

/* Uniform in [0, k) from 64 random bits. */
static inline uint64_t below64(uint64_t x, uint64_t k) {
    __extension__ typedef unsigned __int128 U128;
    return (uint64_t)(((U128)x * k) >> 64);
}

/* A price: 10^(6u) * 100 rounded half up, u uniform in [0, 1): 100 .. 100,000,000. The
 * top PRICE_BITS bits of u pick a tabled power; a short series does the rest (its error
 * is below 1e-15 of the price). */
static inline int64_t price_of(const double *powers, uint64_t x) {
    double r = (double)((x >> 11) & ((UINT64_C(1) << (53 - PRICE_BITS)) - 1)) * 0x1.0p-53;
    double y = r * (6.0 * M_LN10);
    double e = 1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0 + y * (1.0 / 24.0))));
    return (int64_t)(powers[x >> (64 - PRICE_BITS)] * e + 0.5);
}

/* ---- strings --------------------------------------------------------------------------- */

/* Java's nextString(max_len): 3 .. max_len - 1 characters of the spaced pool, trimmed. */
static inline StrRef words_of(const NexmarkSource *g, uint64_t x, uint32_t max_len) {
    uint32_t len = 3 + below32(hi32(x), max_len - 3);
    const char *s = g->spaced + (x & (POOL_SPAN - 1));
    while (len && *s == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    return (StrRef){s, len};
}

/* The 'extra' of an event whose other fields take cur bytes: about avg - cur letters
 * (within 20% either side), none when cur exceeds avg. */
static inline StrRef extra_of(const NexmarkSource *g, uint64_t x, int64_t cur, int64_t avg) {
    uint32_t len = 0;
    if (cur <= avg) {
        int64_t d = avg - cur, delta = (2 * d + 5) / 10; /* d * 0.2, rounded half up */
        len = (uint32_t)(d - delta) + (delta ? below32(hi32(x), (uint32_t)(2 * delta)) : 0);
    }
    return (StrRef){g->letters + (x & (POOL_SPAN - 1)), len};
}

static inline StrRef name_of(const NexmarkSource *g, uint64_t key) {
    uint64_t x = draw(key, T_P_NAME);
    return g->names[below32(hi32(x), ARRAY_LEN(FIRST_NAMES)) * ARRAY_LEN(LAST_NAMES) +
                    below32(lo32(x), ARRAY_LEN(LAST_NAMES))];
}
static inline StrRef city_of(uint64_t key) {
    return CITIES[below32(hi32(draw(key, T_P_PLACE)), ARRAY_LEN(CITIES))];
}
static inline StrRef state_of(uint64_t key) {
    return STATES[below32(lo32(draw(key, T_P_PLACE)), ARRAY_LEN(STATES))];
}

#define CARD_LEN 19 /* "dddd dddd dddd dddd" */

static void write_card(uint64_t key, char *p) {
    uint64_t lo = draw(key, T_P_CARD_LO), hi = draw(key, T_P_CARD_HI);
    uint32_t groups[4] = {below32(hi32(lo), 10000), below32(lo32(lo), 10000),
                          below32(hi32(hi), 10000), below32(lo32(hi), 10000)};
    for (int i = 0; i < 4; i++, p += 5) {
        p[0] = (char)('0' + groups[i] / 1000);
        p[1] = (char)('0' + groups[i] / 100 % 10);
        p[2] = (char)('0' + groups[i] / 10 % 10);
        p[3] = (char)('0' + groups[i] % 10);
        if (i < 3)
            p[4] = ' ';
    }
}

/* The two parts of "user@host.com". */
static inline void email_parts(const NexmarkSource *g, uint64_t key, StrRef *user, StrRef *host) {
    *user = words_of(g, draw(key, T_P_EMAIL_USER), 7);
    *host = words_of(g, draw(key, T_P_EMAIL_HOST), 5);
}

static inline StrRef person_extra(const NexmarkSource *g, uint64_t key) {
    StrRef user, host;
    email_parts(g, key, &user, &host);
    int64_t cur = 8 + name_of(g, key).len + (user.len + 1 + host.len + 4) + CARD_LEN +
                  city_of(key).len + state_of(key).len;
    return extra_of(g, draw(key, T_P_EXTRA), cur, g->cfg.avg_size[NX_PERSON]);
}

static inline StrRef auction_extra(const NexmarkSource *g, uint64_t key) {
    int64_t cur = 8 + words_of(g, draw(key, T_A_ITEM), 20).len +
                  words_of(g, draw(key, T_A_DESC), 100).len + 5 * 8;
    return extra_of(g, draw(key, T_A_EXTRA), cur, g->cfg.avg_size[NX_AUCTION]);
}

/* ---- ids ----------------------------------------------------------------------------- */

/* The newest person (base 0) at an event of cycle `epoch`, place `offset`: the event's
 * own id when it is a person. -1 before the first. */
static inline int64_t last_person(const NxConfig *c, int64_t epoch, uint32_t offset) {
    int64_t off = (int64_t)offset < c->person_prop ? (int64_t)offset : c->person_prop - 1;
    return epoch * c->person_prop + off;
}

/* The newest auction (base 0): the event's own when it is an auction. */
static inline int64_t last_auction(const NxConfig *c, int64_t epoch, uint32_t offset) {
    int64_t off = (int64_t)offset;
    if (off < c->person_prop)
        return epoch * c->auction_prop - 1; /* the last of the previous cycle */
    off -= c->person_prop;
    return epoch * c->auction_prop + (off < c->auction_prop ? off : c->auction_prop - 1);
}

/* A person (base 0) for a bid or an auction: a hot one with probability 1 - 1/ratio
 * (the first of the last HOT_GROUP, plus hot_offset), else one of the active ones. */
static inline int64_t pick_person(int64_t last, uint64_t x, int64_t ratio, int hot_offset) {
    int64_t n_people = last + 1, active = n_people < ACTIVE_PEOPLE ? n_people : ACTIVE_PEOPLE;
    int64_t any = n_people - active + below32(lo32(x), (uint32_t)(active + ID_LEAD));
    int64_t hot = last / HOT_GROUP * HOT_GROUP + hot_offset;
    /* hot or not is a coin toss: chosen without a branch, which would mispredict */
    int64_t is_hot = -(int64_t)(below32(hi32(x), (uint32_t)ratio) > 0);
    return (hot & is_hot) | (any & ~is_hot);
}

static inline int64_t pick_auction(int64_t last, uint64_t x, int64_t ratio) {
    int64_t lo = last - IN_FLIGHT > 0 ? last - IN_FLIGHT : 0;
    int64_t any = lo + below32(lo32(x), (uint32_t)(last - lo + 1 + ID_LEAD));
    int64_t hot = last / HOT_GROUP * HOT_GROUP;
    int64_t is_hot = -(int64_t)(below32(hi32(x), (uint32_t)ratio) > 0);
    return (hot & is_hot) | (any & ~is_hot);
}

/* The channel of a bid: 0..N_CHANNELS-1 for 'channel-N', N_CHANNELS + i for hot one i. */
static inline uint32_t channel_of(uint64_t key) {
    uint64_t x = draw(key, T_B_CHANNEL);
    uint32_t is_hot = (uint32_t)(x >> 63); /* no branch on a coin toss */
    return is_hot * (N_CHANNELS + below32(lo32(x), N_HOT_CHANNELS)) +
           (1 - is_hot) * below32(lo32(x), N_CHANNELS);
}

/* ---- time ---------------------------------------------------------------------------- */

/* Milliseconds from base-time to event n. */
static int64_t time_offset(const NexmarkSource *g, int64_t n) {
    if (g->n_delays == 0) { /* n * 1000 / rate, without overflow */
        int64_t rate = g->cfg.first_rate;
        return n / rate * 1000 + n % rate * 1000 / rate;
    }
    int64_t epoch = n / g->events_per_epoch, k = n % g->events_per_epoch, ms = 0;
    for (int i = 0; i < g->n_delays; i++) {
        int64_t in_step = g->step_sec * 1000000 / g->delays_us[i];
        if (k < in_step)
            return epoch * g->epoch_ms + ms + k * g->delays_us[i] / 1000;
        k -= in_step;
        ms += g->step_sec * 1000;
    }
    return epoch * g->epoch_ms + ms; /* not reached */
}

/* The delays of a rate shape, as the original generator makes them. */
static void plan_rates(NexmarkSource *g) {
    const NxConfig *c = &g->cfg;
    g->n_delays = 0;
    if (c->first_rate == c->next_rate)
        return;
    int64_t rates[10];
    if (c->shape == SHAPE_SQUARE) {
        rates[0] = c->first_rate, rates[1] = c->next_rate;
        g->n_delays = 2;
    } else {
        double mid = (double)(c->first_rate + c->next_rate) / 2.0;
        double amp = (double)(c->first_rate - c->next_rate) / 2.0;
        for (int i = 0; i < 10; i++)
            rates[i] = llround(mid + amp * cos(2.0 * M_PI * i / 10.0));
        g->n_delays = 10;
    }
    g->step_sec = (c->period_sec + g->n_delays - 1) / g->n_delays;
    if (g->step_sec < 1)
        g->step_sec = 1;
    g->events_per_epoch = 0;
    g->epoch_ms = 0;
    for (int i = 0; i < g->n_delays; i++) {
        int64_t r = rates[i] > 0 ? rates[i] : 1;
        g->delays_us[i] = (1000000 + r / 2) / r;
        if (g->delays_us[i] < 1)
            g->delays_us[i] = 1;
        g->events_per_epoch += g->step_sec * 1000000 / g->delays_us[i];
        g->epoch_ms += g->step_sec * 1000;
    }
}

/* ---- pools --------------------------------------------------------------------------- */

static uint64_t pool_next(uint64_t *state) {
    *state += 0x9E3779B97F4A7C15ull;
    return mix64(*state);
}

static void make_pools(NexmarkSource *g) {
    int64_t max_extra = 0;
    for (int k = 0; k < 3; k++)
        if (g->cfg.avg_size[k] > max_extra)
            max_extra = g->cfg.avg_size[k];
    size_t n_letters = POOL_SPAN + (size_t)(max_extra + max_extra / 5 + 8);
    uint64_t state = g->seed_key ^ 0x706F6F6Cull;
    g->letters = xmalloc(n_letters);
    /* Java's nextExactString: six letters from each random int, 'a' + the remainder by
     * 26 and so on; a negative int gives characters below 'a' (its remainders are <= 0). */
    for (size_t i = 0; i < n_letters; i += 6) {
        int32_t r = (int32_t)lo32(pool_next(&state));
        for (size_t k = 0; k < 6 && i + k < n_letters; k++, r /= 26)
            g->letters[i + k] = (char)('a' + r % 26);
    }
    size_t n_spaced = POOL_SPAN + 128;
    g->spaced = xmalloc(n_spaced);
    for (size_t i = 0; i < n_spaced; i++) {
        uint64_t x = pool_next(&state);
        g->spaced[i] = below32(hi32(x), 13) == 0 ? ' ' : (char)('a' + below32(lo32(x), 26));
    }
    for (int i = 0; i < 1 << PRICE_BITS; i++)
        g->prices[i] = exp((double)i / (1 << PRICE_BITS) * (6.0 * M_LN10)) * 100.0;
    g->name_buf = xmalloc(N_NAMES * 16);
    for (size_t f = 0; f < ARRAY_LEN(FIRST_NAMES); f++) {
        for (size_t l = 0; l < ARRAY_LEN(LAST_NAMES); l++) {
            size_t i = f * ARRAY_LEN(LAST_NAMES) + l;
            int len = snprintf(g->name_buf + i * 16, 16, "%s %s", FIRST_NAMES[f], LAST_NAMES[l]);
            g->names[i] = (StrRef){g->name_buf + i * 16, (uint32_t)len};
        }
    }
}

/* A url as Java's getBaseUrl makes it: three random path parts of 3 or 4 characters
 * (letters, 1 in 13 an underscore). Returns its length. */
static int write_base_url(char *p, uint64_t *state) {
    int len = sprintf(p, "https://www.nexmark.com/");
    for (int part = 0; part < 3; part++) {
        int n = 3 + (int)(pool_next(state) >> 63);
        for (int k = 0; k < n; k++) {
            uint64_t x = pool_next(state);
            p[len++] = below32(hi32(x), 13) == 0 ? '_' : (char)('a' + below32(lo32(x), 26));
        }
        p[len++] = '/';
    }
    return len + sprintf(p + len, "item.htm?query=1");
}

/* The channel names and urls, made when a query reads them. */
static void make_channels(NexmarkSource *g) {
    uint64_t state = g->seed_key ^ 0x6368616E6E656Cull;
    g->channel_buf = xmalloc((size_t)(N_CHANNELS + N_HOT_CHANNELS) * CHANNEL_STRIDE);
    for (uint32_t c = 0; c < N_CHANNELS + N_HOT_CHANNELS; c++) {
        char *p = g->channel_buf + (size_t)c * CHANNEL_STRIDE;
        if (c < N_CHANNELS) {
            int len = sprintf(p, "channel-%u", c);
            g->channels[c] = (StrRef){p, (uint32_t)len};
            p += 16;
        }
        int len = write_base_url(p, &state);
        if (c < N_CHANNELS && below32(hi32(pool_next(&state)), 10) > 0) {
            /* Java's Math.abs(Integer.reverse(c)): the bits of c reversed, as a positive
             * int (reversed 1 is INT_MIN, whose absolute value Java leaves negative). */
            uint32_t rev = 0;
            for (int b = 0; b < 32; b++)
                rev |= ((c >> b) & 1u) << (31 - b);
            if (rev & 0x80000000u)
                rev = 0u - rev;
            len += sprintf(p + len, "&channel_id=%d", (int32_t)rev);
        }
        g->urls[c] = (StrRef){p, (uint32_t)len};
    }
}

/* ---- making a batch ------------------------------------------------------------------ */

/* The event of each row: kind, place in the cycle, key, timestamp; rows by kind. */
static void plan_rows(NexmarkSource *g, uint32_t n) {
    const NxConfig *c = &g->cfg;
    int64_t n0 = g->next_event, epoch = n0 / c->total_prop;
    int64_t off = n0 % c->total_prop, p = c->person_prop, pa = p + c->auction_prop;
    memset(g->n_of, 0, sizeof g->n_of);
    memset(g->mask, 0, sizeof g->mask);
    for (uint32_t r = 0; r < n; r++) {
        int kind = (off >= p) + (off >= pa);
        g->kind[r] = (uint8_t)kind;
        g->offset[r] = (uint32_t)off;
        g->epoch[r] = epoch;
        g->rows[kind][g->n_of[kind]++] = (uint16_t)r;
        g->mask[kind][r >> 6] |= (uint64_t)1 << (r & 63);
        if (++off == c->total_prop)
            off = 0, epoch++;
    }
    if (g->needs_key)
        for (uint32_t r = 0; r < n; r++)
            g->key[r] = event_key(g, n0 + (int64_t)r);
}

static void plan_times(NexmarkSource *g, uint32_t n) {
    int64_t n0 = g->next_event, base = g->cfg.base_time;
    if (g->n_delays > 0) {
        for (uint32_t r = 0; r < n; r++)
            g->ts[r] = base + time_offset(g, n0 + (int64_t)r);
        return;
    }
    /* n * 1000 / rate, stepped: whole milliseconds and a remainder in 1/rate ms */
    int64_t rate = g->cfg.first_rate, ms = time_offset(g, n0);
    int64_t rem = n0 % rate * 1000 % rate, step_ms = 1000 / rate, step_rem = 1000 % rate;
    for (uint32_t r = 0; r < n; r++) {
        g->ts[r] = base + ms;
        ms += step_ms;
        rem += step_rem;
        if (rem >= rate)
            rem -= rate, ms++;
    }
}

/* Fills the rows of column f's kind; the caller makes the other rows NULL. */
static void fill_field(NexmarkSource *g, NxField f, Vector *v, Arena *arena) {
    const NxConfig *c = &g->cfg;
    NxKind kind = FIELDS[f].kind;
    const uint16_t *rows = kind == NX_EVERY ? NULL : g->rows[kind];
    uint32_t n = kind == NX_EVERY ? 0 : g->n_of[kind];
    int64_t *i64 = v->data;
    StrRef *str = v->data;
    switch (f) {
        case F_EVENT_TYPE:
            break; /* by the caller */
        case F_P_ID:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] =
                    FIRST_PERSON_ID + last_person(c, g->epoch[rows[i]], g->offset[rows[i]]);
            break;
        case F_P_NAME:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = name_of(g, g->key[rows[i]]);
            break;
        case F_P_EMAIL:
            for (uint32_t i = 0; i < n; i++) {
                StrRef user, host;
                email_parts(g, g->key[rows[i]], &user, &host);
                uint32_t len = user.len + 1 + host.len + 4;
                char *p = arena_alloc(arena, len);
                memcpy(p, user.ptr, user.len);
                p[user.len] = '@';
                memcpy(p + user.len + 1, host.ptr, host.len);
                memcpy(p + user.len + 1 + host.len, ".com", 4);
                str[rows[i]] = (StrRef){p, len};
            }
            break;
        case F_P_CARD: {
            char *p = arena_alloc(arena, (size_t)n * CARD_LEN + 1);
            for (uint32_t i = 0; i < n; i++, p += CARD_LEN) {
                write_card(g->key[rows[i]], p);
                str[rows[i]] = (StrRef){p, CARD_LEN};
            }
            break;
        }
        case F_P_CITY:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = city_of(g->key[rows[i]]);
            break;
        case F_P_STATE:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = state_of(g->key[rows[i]]);
            break;
        case F_P_EXTRA:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = person_extra(g, g->key[rows[i]]);
            break;
        case F_A_ID:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] =
                    FIRST_AUCTION_ID + last_auction(c, g->epoch[rows[i]], g->offset[rows[i]]);
            break;
        case F_A_ITEM:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = words_of(g, draw(g->key[rows[i]], T_A_ITEM), 20);
            break;
        case F_A_DESC:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = words_of(g, draw(g->key[rows[i]], T_A_DESC), 100);
            break;
        case F_A_INITIAL:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] = price_of(g->prices, draw(g->key[rows[i]], T_A_INITIAL));
            break;
        case F_A_RESERVE:
            for (uint32_t i = 0; i < n; i++) {
                uint64_t key = g->key[rows[i]];
                i64[rows[i]] = price_of(g->prices, draw(key, T_A_INITIAL)) +
                               price_of(g->prices, draw(key, T_A_RESERVE));
            }
            break;
        case F_P_TIME:
        case F_A_TIME:
        case F_B_TIME:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] = g->ts[rows[i]];
            break;
        case F_A_EXPIRES:
            for (uint32_t i = 0; i < n; i++) {
                uint32_t r = rows[i];
                int64_t ev = g->next_event + r;
                int64_t horizon = time_offset(g, ev + g->auction_horizon) - time_offset(g, ev);
                int64_t span = 2 * horizon > 1 ? 2 * horizon : 1;
                i64[r] =
                    g->ts[r] + 1 + (int64_t)below64(draw(g->key[r], T_A_EXPIRES), (uint64_t)span);
            }
            break;
        case F_A_SELLER:
            for (uint32_t i = 0; i < n; i++) {
                uint32_t r = rows[i];
                int64_t last = last_person(c, g->epoch[r], g->offset[r]);
                i64[r] = FIRST_PERSON_ID +
                         pick_person(last, draw(g->key[r], T_A_SELLER), c->hot_sellers, 0);
            }
            break;
        case F_A_CATEGORY:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] = FIRST_CATEGORY_ID +
                               below32(hi32(draw(g->key[rows[i]], T_A_CATEGORY)), N_CATEGORIES);
            break;
        case F_A_EXTRA:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = auction_extra(g, g->key[rows[i]]);
            break;
        case F_B_AUCTION: {
            int64_t last_off = c->auction_prop - 1; /* a bid follows its cycle's auctions */
            for (uint32_t i = 0; i < n; i++) {
                uint32_t r = rows[i];
                int64_t last = g->epoch[r] * c->auction_prop + last_off;
                i64[r] = FIRST_AUCTION_ID +
                         pick_auction(last, draw(g->key[r], T_B_AUCTION), c->hot_auctions);
            }
            break;
        }
        case F_B_BIDDER: {
            int64_t last_off = c->person_prop - 1;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t r = rows[i];
                int64_t last = g->epoch[r] * c->person_prop + last_off;
                i64[r] = FIRST_PERSON_ID +
                         pick_person(last, draw(g->key[r], T_B_BIDDER), c->hot_bidders, 1);
            }
            break;
        }
        case F_B_PRICE:
            for (uint32_t i = 0; i < n; i++)
                i64[rows[i]] = price_of(g->prices, draw(g->key[rows[i]], T_B_PRICE));
            break;
        case F_B_CHANNEL:
            for (uint32_t i = 0; i < n; i++) {
                uint32_t ch = channel_of(g->key[rows[i]]);
                str[rows[i]] = ch < N_CHANNELS ? g->channels[ch] : HOT_CHANNELS[ch - N_CHANNELS];
            }
            break;
        case F_B_URL:
            for (uint32_t i = 0; i < n; i++)
                str[rows[i]] = g->urls[channel_of(g->key[rows[i]])];
            break;
        case F_B_EXTRA: {
            const char *pool = g->letters;
            uint32_t lo = g->bid_extra_min, span = g->bid_extra_span;
            for (uint32_t i = 0; i < n; i++) {
                uint64_t x = draw(g->key[rows[i]], T_B_EXTRA);
                str[rows[i]] = (StrRef){pool + (x & (POOL_SPAN - 1)),
                                        lo + (span ? below32(hi32(x), span) : 0)};
            }
            break;
        }
        case N_FIELDS:
            break;
    }
}

/* Column f NULL on the rows of the other kinds (their values zero, strings empty). */
static void null_other_rows(NexmarkSource *g, NxField f, Vector *v) {
    NxKind kind = FIELDS[f].kind;
    bool is_str = FIELDS[f].type == TYPE_VARCHAR;
    for (int k = 0; k < 3; k++) {
        if (k == (int)kind)
            continue;
        const uint16_t *rows = g->rows[k];
        if (is_str)
            for (uint32_t i = 0; i < g->n_of[k]; i++)
                ((StrRef *)v->data)[rows[i]] = (StrRef){"", 0};
        else
            for (uint32_t i = 0; i < g->n_of[k]; i++)
                ((int64_t *)v->data)[rows[i]] = 0;
    }
    v->validity = v->valid_buf;
    memcpy(v->validity, g->mask[kind], sizeof g->mask[kind]);
}

/* Sleeps up to ms milliseconds (at most 100, so Ctrl-C and timers are seen soon). */
static void nap(int64_t ms) {
    if (ms <= 0)
        return;
    if (ms > 100)
        ms = 100;
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

/* With pacing: waits for the first row's time, returning how many rows are due (0: an
 * empty batch, to let the pipeline's timers run). */
static uint32_t rows_due(NexmarkSource *g, uint32_t n) {
    int64_t now = time_now_utc_ms();
    if (g->start_wall == 0)
        g->start_wall = now;
    int64_t elapsed = now - g->start_wall, base = g->cfg.base_time;
    uint32_t due = 0;
    while (due < n && g->ts[due] - base <= elapsed)
        due++;
    if (due == 0) {
        int64_t at = g->start_wall + (g->ts[0] - base);
        if (g->base.wake_at > 0 && g->base.wake_at < at)
            at = g->base.wake_at;
        nap(at - now);
    }
    return due;
}

static int nx_next(Source *src, Batch **out, Diag *diag) {
    (void)diag;
    NexmarkSource *g = (NexmarkSource *)src;
    Batch *b = g->batch;
    uint32_t n = g->batch_rows;
    if (g->cfg.n_events > 0 && g->next_event + (int64_t)n > g->cfg.n_events)
        n = (uint32_t)(g->cfg.n_events - g->next_event);
    if (n == 0) {
        if (!g->cfg.keep_alive)
            return 0;
        int64_t now = time_now_utc_ms(); /* idle until cancelled */
        nap(src->wake_at > 0 ? src->wake_at - now : 100);
        batch_reset(b);
        *out = b;
        return 1;
    }
    if (g->needs_time || g->cfg.is_paced) {
        plan_times(g, n);
        if (g->cfg.is_paced)
            n = rows_due(g, n);
    }
    batch_reset(b);
    *out = b;
    if (n == 0)
        return 1;
    plan_rows(g, n);
    for (int i = 0; i < g->n_reads; i++) {
        NxField f = g->reads[i].field;
        Vector *v = &b->cols[g->reads[i].col];
        if (f == F_EVENT_TYPE) {
            for (uint32_t r = 0; r < n; r++)
                ((int32_t *)v->data)[r] = g->kind[r];
            continue;
        }
        fill_field(g, f, v, b->arena);
        null_other_rows(g, f, v);
    }
    b->n_rows = n;
    g->next_event += n;
    return 1;
}

static void nx_explain(const Source *src, StrBuf *out) {
    sb_printf(out, "Nexmark(table=[%s])", src->name);
}

static void nx_destroy(Source *src) {
    NexmarkSource *g = (NexmarkSource *)src;
    batch_free(g->batch);
    free(g->letters);
    free(g->spaced);
    free(g->name_buf);
    free(g->channel_buf);
    free((char *)g->base.name);
    free(g);
}

static const SourceVtbl NX_VTBL = {nx_next, nx_explain, nx_destroy};

/* ---- options ------------------------------------------------------------------------- */

static const char *const OPTIONS[] = {
    "connector",
    "first-event.rate",
    "next-event.rate",
    "rate.shape",
    "rate.period",
    "rate.limited",
    "max-emit-speed",
    "events.num",
    "keep-alive",
    "person.proportion",
    "auction.proportion",
    "bid.proportion",
    "person.avg-size",
    "auction.avg-size",
    "bid.avg-size",
    "bid.hot-ratio.auctions",
    "bid.hot-ratio.bidders",
    "auction.hot-ratio.sellers",
    "base-time",
    "seed",
};

static bool parse_i64(const char *s, int64_t *out) {
    char *end;
    while (*s == ' ')
        s++;
    *out = strtoll(s, &end, 10);
    while (*end == ' ')
        end++;
    return *s && !*end && end != s;
}

/* An integer option within [lo, hi]; absent: *out unchanged. */
static int option_int(const CatTable *t, const char *key, int64_t lo, int64_t hi, int64_t *out,
                      Diag *diag) {
    const char *v = cat_table_option(t, key);
    int64_t x;
    if (!v)
        return 0;
    if (!parse_i64(v, &x) || x < lo || x > hi)
        return diag_set(diag, -1, "'%s' must be an integer from %lld to %lld, not '%s'", key,
                        (long long)lo, (long long)hi, v);
    *out = x;
    return 0;
}

static int option_bool(const CatTable *t, const char *key, bool *out, Diag *diag) {
    const char *v = cat_table_option(t, key);
    if (!v)
        return 0;
    if (strcasecmp(v, "true") && strcasecmp(v, "false"))
        return diag_set(diag, -1, "'%s' must be 'true' or 'false', not '%s'", key, v);
    *out = strcasecmp(v, "true") == 0;
    return 0;
}

/* A memory size as Flink's MemorySize reads it: a number and an optional unit (b, k/kb,
 * m/mb, g/gb and their long forms, 1024-based; none: bytes). */
static int option_size(const CatTable *t, const char *key, int64_t *out, Diag *diag) {
    const char *v = cat_table_option(t, key);
    if (!v)
        return 0;
    static const struct {
        const char *name;
        int64_t factor;
    } UNITS[] = {{"", 1},        {"b", 1},        {"bytes", 1},
                 {"k", 1024},    {"kb", 1024},    {"kibibytes", 1024},
                 {"m", 1 << 20}, {"mb", 1 << 20}, {"mebibytes", 1 << 20},
                 {"g", 1 << 30}, {"gb", 1 << 30}, {"gibibytes", 1 << 30}};
    char *end;
    const char *s = v;
    while (*s == ' ')
        s++;
    long long x = strtoll(s, &end, 10);
    if (end != s && x >= 0) {
        while (*end == ' ')
            end++;
        for (size_t i = 0; i < ARRAY_LEN(UNITS); i++) {
            if (strcasecmp(end, UNITS[i].name) == 0 && x <= MAX_AVG_SIZE / UNITS[i].factor) {
                *out = x * UNITS[i].factor;
                return 0;
            }
        }
    }
    return diag_set(diag, -1, "'%s' must be a size up to 1 mb (as '200b' or '1 kb'), not '%s'", key,
                    v);
}

static int read_options(const CatTable *t, NxConfig *c, Diag *diag) {
    for (int i = 0; i < t->n_options; i++) {
        const char *k = t->options[i].key;
        bool known = false;
        for (size_t o = 0; o < ARRAY_LEN(OPTIONS) && !known; o++)
            known = strcmp(k, OPTIONS[o]) == 0;
        if (!known) {
            StrBuf names;
            sb_init(&names);
            for (size_t o = 1; o < ARRAY_LEN(OPTIONS); o++)
                sb_printf(&names, "%s'%s'", o > 1 ? ", " : "", OPTIONS[o]);
            diag_set(diag, -1,
                     "unknown option '%s' for connector 'nexmark' (table '%s'); supported: %s", k,
                     t->name, sb_cstr(&names));
            sb_free(&names);
            return -1;
        }
    }
    *c = (NxConfig){.person_prop = 1,
                    .auction_prop = 3,
                    .bid_prop = 46,
                    .avg_size = {200, 500, 100},
                    .hot_auctions = 2,
                    .hot_bidders = 4,
                    .hot_sellers = 4,
                    .first_rate = 10000,
                    .next_rate = 10000,
                    .shape = SHAPE_SQUARE,
                    .period_sec = 600};
    bool max_speed = true, rate_limited = false;
    if (option_int(t, "first-event.rate", 1, JAVA_INT_MAX, &c->first_rate, diag) < 0 ||
        option_int(t, "next-event.rate", 1, JAVA_INT_MAX, &c->next_rate, diag) < 0 ||
        option_int(t, "events.num", 0, INT64_MAX, &c->n_events, diag) < 0 ||
        option_int(t, "person.proportion", 0, 1000000, &c->person_prop, diag) < 0 ||
        option_int(t, "auction.proportion", 0, 1000000, &c->auction_prop, diag) < 0 ||
        option_int(t, "bid.proportion", 0, 1000000, &c->bid_prop, diag) < 0 ||
        option_int(t, "bid.hot-ratio.auctions", 1, JAVA_INT_MAX, &c->hot_auctions, diag) < 0 ||
        option_int(t, "bid.hot-ratio.bidders", 1, JAVA_INT_MAX, &c->hot_bidders, diag) < 0 ||
        option_int(t, "auction.hot-ratio.sellers", 1, JAVA_INT_MAX, &c->hot_sellers, diag) < 0 ||
        option_int(t, "seed", INT64_MIN, INT64_MAX, &c->seed, diag) < 0 ||
        option_size(t, "person.avg-size", &c->avg_size[NX_PERSON], diag) < 0 ||
        option_size(t, "auction.avg-size", &c->avg_size[NX_AUCTION], diag) < 0 ||
        option_size(t, "bid.avg-size", &c->avg_size[NX_BID], diag) < 0 ||
        option_bool(t, "max-emit-speed", &max_speed, diag) < 0 ||
        option_bool(t, "rate.limited", &rate_limited, diag) < 0 ||
        option_bool(t, "keep-alive", &c->keep_alive, diag) < 0)
        return -1;
    c->total_prop = c->person_prop + c->auction_prop + c->bid_prop;
    if (c->total_prop == 0)
        return diag_set(diag, -1,
                        "'person.proportion', 'auction.proportion' and "
                        "'bid.proportion' cannot all be 0");
    c->is_paced = !max_speed || rate_limited;
    const char *v;
    if ((v = cat_table_option(t, "rate.shape"))) {
        if (strcasecmp(v, "square") == 0)
            c->shape = SHAPE_SQUARE;
        else if (strcasecmp(v, "sine") == 0)
            c->shape = SHAPE_SINE;
        else
            return diag_set(diag, -1, "'rate.shape' must be 'SQUARE' or 'SINE', not '%s'", v);
    }
    int64_t ms;
    if ((v = cat_table_option(t, "rate.period"))) {
        if (time_parse_duration_ms(v, &ms) < 0 || ms < 1000)
            return diag_set(diag, -1,
                            "'rate.period' must be a duration of at least 1 s (as '10 min'), "
                            "not '%s'",
                            v);
        c->period_sec = ms / 1000;
    }
    c->base_time = time_now_utc_ms();
    if ((v = cat_table_option(t, "base-time"))) {
        int64_t epoch_ms;
        if (parse_i64(v, &epoch_ms))
            c->base_time = epoch_ms;
        else if (!time_parse_timestamp(v, strlen(v), &c->base_time))
            return diag_set(diag, -1,
                            "'base-time' must be a timestamp (as '2024-01-01 00:00:00') or "
                            "epoch milliseconds, not '%s'",
                            v);
    }
    return 0;
}

/* ---- the schema ---------------------------------------------------------------------- */

static int unknown_field(const CatTable *t, const char *name, Diag *diag) {
    StrBuf known;
    sb_init(&known);
    size_t dot = strcspn(name, ".");
    for (int f = 0; f < N_FIELDS; f++) { /* a ROW's own fields when the ROW is one */
        const char *fn = FIELDS[f].name;
        if (name[dot] == '.' && !strncmp(fn, name, dot + 1))
            sb_printf(&known, "%s%s", known.len ? ", " : "", fn + dot + 1);
    }
    if (known.len)
        diag_set(diag, -1,
                 "the 'nexmark' connector has no field '%s' (table '%s'); the fields of "
                 "%.*s: %s",
                 name, t->name, (int)dot, name, sb_cstr(&known));
    else
        diag_set(diag, -1,
                 "the 'nexmark' connector has no column '%s' (table '%s'); its columns: "
                 "event_type INT, person ROW<...>, auction ROW<...>, bid ROW<...> (see "
                 "sql-examples/nexmark/ddl.sql)",
                 name, t->name);
    sb_free(&known);
    return -1;
}

static int bind_fields(NexmarkSource *g, const CatTable *t, int n_fields,
                       const char *const *field_names, const SqlType *field_types,
                       const int *field_to_col, Diag *diag) {
    for (int i = 0; i < n_fields; i++) {
        int f = 0;
        while (f < N_FIELDS && strcmp(FIELDS[f].name, field_names[i]))
            f++;
        if (f == N_FIELDS)
            return unknown_field(t, field_names[i], diag);
        SqlType ty = field_types[i];
        bool fits = ty.id == FIELDS[f].type && (ty.id != TYPE_TIMESTAMP || ty.precision == 3);
        if (!fits) {
            StrBuf got;
            sb_init(&got);
            type_to_string(&ty, &got);
            const char *want = FIELDS[f].type == TYPE_INT       ? "INT"
                               : FIELDS[f].type == TYPE_BIGINT  ? "BIGINT"
                               : FIELDS[f].type == TYPE_VARCHAR ? "VARCHAR (or STRING)"
                                                                : "TIMESTAMP(3)";
            diag_set(diag, -1, "column '%s' of the 'nexmark' table '%s' must be %s, not %s",
                     field_names[i], t->name, want, sb_cstr(&got));
            sb_free(&got);
            return -1;
        }
        if (field_to_col[i] < 0)
            continue;
        g->reads[g->n_reads++] = (NxRead){(NxField)f, field_to_col[i]};
        g->needs_key |= field_is_random((NxField)f);
        g->needs_time |= FIELDS[f].type == TYPE_TIMESTAMP;
    }
    return 0;
}

/* ---- making the source --------------------------------------------------------------- */

Source *source_nexmark_new(const CatTable *t, int n_fields, const char *const *field_names,
                           const SqlType *field_types, const int *field_to_col, int n_cols,
                           const SqlType *col_types, uint32_t batch_rows, Diag *diag) {
    NexmarkSource *g = xcalloc(1, sizeof(NexmarkSource));
    g->base.vt = &NX_VTBL;
    g->base.name = xstrdup(t->name);
    g->batch_rows = batch_rows && batch_rows <= BATCH_CAPACITY ? batch_rows : BATCH_CAPACITY;
    if (read_options(t, &g->cfg, diag) < 0 ||
        bind_fields(g, t, n_fields, field_names, field_types, field_to_col, diag) < 0)
        goto fail;
    const NxConfig *c = &g->cfg;
    g->seed_key = mix64((uint64_t)c->seed ^ 0x6E65786D61726Bull);
    plan_rates(g);
    g->auction_horizon = c->auction_prop ? IN_FLIGHT * c->total_prop / c->auction_prop : 0;
    int64_t bid_cur = 4 * 8, avg = c->avg_size[NX_BID];
    if (bid_cur <= avg) {
        int64_t d = avg - bid_cur, delta = (2 * d + 5) / 10;
        g->bid_extra_min = (uint32_t)(d - delta);
        g->bid_extra_span = (uint32_t)(2 * delta);
    }
    make_pools(g);
    for (int i = 0; i < g->n_reads; i++)
        if ((g->reads[i].field == F_B_CHANNEL || g->reads[i].field == F_B_URL) && !g->channel_buf)
            make_channels(g);
    SqlType *types = xcalloc((size_t)n_cols + 1, sizeof(SqlType));
    memcpy(types, col_types, (size_t)n_cols * sizeof(SqlType));
    g->batch = batch_new(n_cols, types);
    free(types);
    return &g->base;
fail:
    nx_destroy(&g->base);
    return NULL;
}
