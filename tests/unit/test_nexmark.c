/* test_nexmark.c - the 'nexmark' connector: the event mix, ids, timestamps, NULLs of the
 * other kinds, determinism (seed, columns read, batch size), pacing and option errors. */
#include "connectors/connectors.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

/* ---- helpers ----------------------------------------------------------------------- */

/* The columns of the Nexmark DDL, flattened as the catalog keeps ROW columns. */
static const char *const NAMES[] = {
    "event_type",         "person.id",        "person.name",      "person.emailAddress",
    "person.creditCard",  "person.city",      "person.state",     "person.dateTime",
    "person.extra",       "auction.id",       "auction.itemName", "auction.description",
    "auction.initialBid", "auction.reserve",  "auction.dateTime", "auction.expires",
    "auction.seller",     "auction.category", "auction.extra",    "bid.auction",
    "bid.bidder",         "bid.price",        "bid.channel",      "bid.url",
    "bid.dateTime",       "bid.extra",
};
#define N_COLS ((int)(sizeof NAMES / sizeof NAMES[0]))

enum {
    C_TYPE = 0,
    C_P_ID = 1,
    C_P_NAME = 2,
    C_P_EMAIL = 3,
    C_P_CARD = 4,
    C_P_TIME = 7,
    C_P_EXTRA = 8,
    C_A_ID = 9,
    C_A_ITEM = 10,
    C_A_INITIAL = 12,
    C_A_RESERVE = 13,
    C_A_TIME = 14,
    C_A_EXPIRES = 15,
    C_A_SELLER = 16,
    C_A_CATEGORY = 17,
    C_A_EXTRA = 18,
    C_B_AUCTION = 19,
    C_B_BIDDER = 20,
    C_B_PRICE = 21,
    C_B_CHANNEL = 22,
    C_B_URL = 23,
    C_B_TIME = 24,
    C_B_EXTRA = 25,
};

/* Each column's type: I INT, B BIGINT, S STRING, T TIMESTAMP(3). */
static const char TYPES[] = "IBSSSSSTSBSSBBTTBBSBBBSSTS";

static SqlType type_of(int col) {
    switch (TYPES[col]) {
        case 'I':
            return type_make(TYPE_INT);
        case 'B':
            return type_make(TYPE_BIGINT);
        case 'T':
            return type_timestamp(3);
        default:
            return type_string();
    }
}

/* A table with these options (key, value, key, value, ..., NULL). */
static CatTable *table_with(const char *const *kv) {
    CatTable *t = cat_table_new(CAT_TABLE, "datagen");
    int n = 1;
    while (kv[2 * (n - 1)])
        n++;
    t->options = xcalloc((size_t)n, sizeof(CatOption));
    t->options[0] = (CatOption){xstrdup("connector"), xstrdup("nexmark")};
    for (int i = 0; kv[2 * i]; i++)
        t->options[i + 1] = (CatOption){xstrdup(kv[2 * i]), xstrdup(kv[2 * i + 1])};
    t->n_options = n;
    return t;
}

/* A source over all the DDL's columns, reading those in `read` (NULL: all) into output
 * columns in that order. */
static Source *open_source(const CatTable *t, const int *read, int n_read, uint32_t batch_rows,
                           Diag *d) {
    SqlType types[N_COLS], out_types[N_COLS];
    int map[N_COLS];
    for (int c = 0; c < N_COLS; c++) {
        types[c] = type_of(c);
        map[c] = read ? -1 : c;
        out_types[c] = types[c];
    }
    if (read)
        for (int i = 0; i < n_read; i++) {
            map[read[i]] = i;
            out_types[i] = types[read[i]];
        }
    diag_init(d);
    return source_nexmark_new(t, N_COLS, NAMES, types, map, read ? n_read : N_COLS, out_types,
                              batch_rows, d);
}

static int64_t i64_at(const Batch *b, int col, uint32_t r) {
    return ((const int64_t *)b->cols[col].data)[r];
}
static StrRef str_at(const Batch *b, int col, uint32_t r) {
    return ((const StrRef *)b->cols[col].data)[r];
}

/* Sums a value per row into a fingerprint: the same rows give the same number. */
static uint64_t fold(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001B3ull + 0x9E37;
}
static uint64_t fold_str(uint64_t h, StrRef s) {
    for (uint32_t i = 0; i < s.len; i++)
        h = fold(h, (unsigned char)s.ptr[i]);
    return fold(h, s.len);
}

/* The fingerprint of columns `cols` (output columns out[]) over the whole input. */
static uint64_t fingerprint(Source *src, int n, const int *cols, const int *out) {
    uint64_t h = 0;
    Batch *b;
    Diag d;
    diag_init(&d);
    while (src->vt->next(src, &b, &d) == 1) {
        for (uint32_t r = 0; r < b->n_rows; r++) {
            for (int i = 0; i < n; i++) {
                const Vector *v = &b->cols[out[i]];
                if (vec_is_null(v, r))
                    h = fold(h, 7);
                else if (type_of(cols[i]).id == TYPE_VARCHAR)
                    h = fold_str(h, str_at(b, out[i], r));
                else if (type_of(cols[i]).id == TYPE_INT)
                    h = fold(h, (uint64_t)((const int32_t *)v->data)[r]);
                else
                    h = fold(h, (uint64_t)i64_at(b, out[i], r));
            }
        }
    }
    return h;
}

/* ---- the event mix and ids --------------------------------------------------------- */

static void test_nexmark_proportions_are_exact(void) {
    const char *opts[] = {"events.num", "50000", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    Source *src = open_source(t, NULL, 0, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t counts[3] = {0, 0, 0}, n = 0;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        for (uint32_t r = 0; r < b->n_rows; r++, n++) {
            int32_t kind = ((const int32_t *)b->cols[C_TYPE].data)[r];
            CU_ASSERT(kind >= 0 && kind <= 2);
            if (kind < 0 || kind > 2)
                break;
            counts[kind]++;
            /* the cycle: 1 person, 3 auctions, 46 bids */
            int64_t off = n % 50;
            CU_ASSERT_EQUAL(kind, off == 0 ? 0 : off < 4 ? 1 : 2);
        }
    }
    CU_ASSERT_EQUAL(n, 50000);
    CU_ASSERT_EQUAL(counts[0], 1000);
    CU_ASSERT_EQUAL(counts[1], 3000);
    CU_ASSERT_EQUAL(counts[2], 46000);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_other_proportions(void) {
    const char *opts[] = {
        "events.num", "1000", "person.proportion", "2", "auction.proportion", "0", "bid.proportion",
        "8",          NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int read[] = {C_TYPE};
    Source *src = open_source(t, read, 1, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t counts[3] = {0, 0, 0};
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1)
        for (uint32_t r = 0; r < b->n_rows; r++)
            counts[((const int32_t *)b->cols[0].data)[r]]++;
    CU_ASSERT_EQUAL(counts[0], 200);
    CU_ASSERT_EQUAL(counts[1], 0);
    CU_ASSERT_EQUAL(counts[2], 800);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_ids_start_at_1000_and_bids_name_them(void) {
    const char *opts[] = {"events.num", "20000", "seed", "3", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    Source *src = open_source(t, NULL, 0, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t next_person = 1000, next_auction = 1000, n_hot_auction = 0, n_bids = 0;
    bool ok = true;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        for (uint32_t r = 0; r < b->n_rows; r++) {
            int32_t kind = ((const int32_t *)b->cols[C_TYPE].data)[r];
            if (kind == 0) {
                ok &= i64_at(b, C_P_ID, r) == next_person++;
            } else if (kind == 1) {
                ok &= i64_at(b, C_A_ID, r) == next_auction++;
                int64_t seller = i64_at(b, C_A_SELLER, r), cat = i64_at(b, C_A_CATEGORY, r);
                ok &= seller >= 1000 && seller < next_person + 10;
                ok &= cat >= 10 && cat <= 14;
                ok &= i64_at(b, C_A_RESERVE, r) > i64_at(b, C_A_INITIAL, r);
                ok &= i64_at(b, C_A_EXPIRES, r) > i64_at(b, C_A_TIME, r);
            } else {
                int64_t auction = i64_at(b, C_B_AUCTION, r), bidder = i64_at(b, C_B_BIDDER, r);
                int64_t price = i64_at(b, C_B_PRICE, r);
                ok &= auction >= 1000 && auction < next_auction + 10;
                ok &= auction >= next_auction - 1 - 100 || auction % 100 == 0;
                ok &= bidder >= 1000 && bidder < next_person + 10;
                ok &= price >= 100 && price <= 100000000;
                n_hot_auction += auction == (next_auction - 1000 - 1) / 100 * 100 + 1000;
                n_bids++;
            }
        }
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(next_person, 1400);
    CU_ASSERT_EQUAL(next_auction, 2200);
    /* half the bids go to the hot auction (bid.hot-ratio.auctions = 2) */
    CU_ASSERT(n_hot_auction > n_bids * 45 / 100 && n_hot_auction < n_bids * 56 / 100);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_strings_have_their_shapes(void) {
    const char *opts[] = {"events.num", "5000", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    Source *src = open_source(t, NULL, 0, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    bool ok = true;
    int64_t n_bids = 0, n_hot = 0, bid_bytes = 0, n_suffix = 0, n_plain = 0;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        for (uint32_t r = 0; r < b->n_rows; r++) {
            int32_t kind = ((const int32_t *)b->cols[C_TYPE].data)[r];
            if (kind == 0) {
                StrRef email = str_at(b, C_P_EMAIL, r), card = str_at(b, C_P_CARD, r);
                StrRef name = str_at(b, C_P_NAME, r);
                ok &= email.len >= 7 && !memcmp(email.ptr + email.len - 4, ".com", 4) &&
                      memchr(email.ptr, '@', email.len) != NULL;
                ok &= card.len == 19 && card.ptr[4] == ' ' && card.ptr[9] == ' ' &&
                      card.ptr[14] == ' ' && card.ptr[0] >= '0' && card.ptr[0] <= '9';
                ok &= memchr(name.ptr, ' ', name.len) != NULL;
            } else if (kind == 1) {
                StrRef item = str_at(b, C_A_ITEM, r);
                ok &= item.len >= 1 && item.len <= 19 && item.ptr[0] != ' ' &&
                      item.ptr[item.len - 1] != ' ';
            } else {
                StrRef ch = str_at(b, C_B_CHANNEL, r), url = str_at(b, C_B_URL, r);
                StrRef extra = str_at(b, C_B_EXTRA, r);
                bool hot = (ch.len == 6 && !memcmp(ch.ptr, "Google", 6)) ||
                           (ch.len == 8 && !memcmp(ch.ptr, "Facebook", 8)) ||
                           (ch.len == 5 && !memcmp(ch.ptr, "Baidu", 5)) ||
                           (ch.len == 5 && !memcmp(ch.ptr, "Apple", 5));
                ok &= hot || (ch.len > 8 && !memcmp(ch.ptr, "channel-", 8));
                ok &= url.len > 24 && !memcmp(url.ptr, "https://www.nexmark.com/", 24);
                bool has_id = memmem(url.ptr, url.len, "&channel_id=", 12) != NULL;
                ok &= !(hot && has_id);
                n_suffix += !hot && has_id;
                n_plain += !hot && !has_id;
                n_hot += hot;
                ok &= extra.len >= 54 && extra.len <= 81; /* 100 - 32 = 68, within 20% */
                bid_bytes += 32 + extra.len;
                n_bids++;
            }
        }
    }
    CU_ASSERT(ok);
    CU_ASSERT(n_hot > n_bids * 45 / 100 && n_hot < n_bids * 55 / 100);
    CU_ASSERT(n_suffix > (n_suffix + n_plain) * 85 / 100);
    CU_ASSERT(bid_bytes / n_bids >= 97 && bid_bytes / n_bids <= 102); /* bid.avg-size 100 */
    src->vt->destroy(src);
    cat_table_free(t);
}

/* ---- timestamps -------------------------------------------------------------------- */

static void test_nexmark_timestamps_follow_the_rate(void) {
    const char *opts[] = {"events.num", "3000",      "first-event.rate",    "3", "next-event.rate",
                          "3",          "base-time", "2024-01-01 00:00:00", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int read[] = {C_TYPE, C_P_TIME, C_A_TIME, C_B_TIME};
    Source *src = open_source(t, read, 4, 100, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t base = 0, n = 0;
    CU_ASSERT(time_parse_timestamp("2024-01-01 00:00:00", 19, &base));
    bool ok = true;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        CU_ASSERT(b->n_rows <= 100);
        for (uint32_t r = 0; r < b->n_rows; r++, n++) {
            int32_t kind = ((const int32_t *)b->cols[0].data)[r];
            ok &= i64_at(b, 1 + kind, r) == base + n * 1000 / 3; /* 3 events a second */
        }
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(n, 3000);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_square_rate_alternates(void) {
    /* 1000/s for one second, 2000/s for the next, and again */
    const char *opts[] = {"events.num",
                          "7000",
                          "first-event.rate",
                          "1000",
                          "next-event.rate",
                          "2000",
                          "rate.period",
                          "2 s",
                          "base-time",
                          "0",
                          NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int read[] = {C_TYPE, C_P_TIME, C_A_TIME, C_B_TIME};
    Source *src = open_source(t, read, 4, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t ts[7000], n = 0;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1)
        for (uint32_t r = 0; r < b->n_rows; r++, n++)
            ts[n] = i64_at(b, 1 + ((const int32_t *)b->cols[0].data)[r], r);
    CU_ASSERT_EQUAL(n, 7000);
    CU_ASSERT_EQUAL(ts[0], 0);
    CU_ASSERT_EQUAL(ts[999], 999);
    CU_ASSERT_EQUAL(ts[1000], 1000);
    CU_ASSERT_EQUAL(ts[1002], 1001);
    CU_ASSERT_EQUAL(ts[2999], 1999);
    CU_ASSERT_EQUAL(ts[3000], 2000);
    CU_ASSERT_EQUAL(ts[4000], 3000);
    CU_ASSERT_EQUAL(ts[6000], 4000);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_paced_events_wait_for_the_clock(void) {
    const char *opts[] = {
        "events.num", "21", "first-event.rate", "100", "next-event.rate", "100", "max-emit-speed",
        "false",      NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int read[] = {C_TYPE};
    Source *src = open_source(t, read, 1, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    int64_t start = time_now_utc_ms(), n = 0, batches = 0;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        n += b->n_rows;
        batches += b->n_rows > 0;
        /* event k leaves no sooner than k * 10 ms after the start */
        CU_ASSERT(time_now_utc_ms() - start >= (n - 1) * 10 - 1);
    }
    int64_t took = time_now_utc_ms() - start;
    CU_ASSERT_EQUAL(n, 21);
    CU_ASSERT(took >= 199 && took < 2000);
    CU_ASSERT(batches > 5); /* in small batches, as the events come due */
    src->vt->destroy(src);
    cat_table_free(t);
}

/* ---- NULLs of the other kinds ------------------------------------------------------ */

static void test_nexmark_other_kinds_are_null(void) {
    const char *opts[] = {"events.num", "3000", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    Source *src = open_source(t, NULL, 0, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    bool ok = true;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1) {
        for (uint32_t r = 0; r < b->n_rows; r++) {
            int32_t kind = ((const int32_t *)b->cols[C_TYPE].data)[r];
            ok &= !vec_is_null(&b->cols[C_TYPE], r);
            for (int c = 1; c < N_COLS; c++) {
                int col_kind = c <= C_P_EXTRA ? 0 : c <= C_A_EXTRA ? 1 : 2;
                ok &= vec_is_null(&b->cols[c], r) == (col_kind != kind);
                if (type_of(c).id == TYPE_VARCHAR)
                    ok &= str_at(b, c, r).ptr != NULL; /* safe to read */
            }
        }
    }
    CU_ASSERT(ok);
    src->vt->destroy(src);
    cat_table_free(t);
}

/* ---- determinism ------------------------------------------------------------------- */

static uint64_t run_fingerprint(const char *seed, const int *read, int n_read, uint32_t rows) {
    const char *opts[] = {"events.num",          "20000", "seed", seed, "base-time",
                          "2024-01-01 00:00:00", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int all[N_COLS], out[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        all[c] = c;
    if (!read) {
        read = all;
        n_read = N_COLS;
    }
    for (int i = 0; i < n_read; i++)
        out[i] = i;
    Source *src = open_source(t, read == all ? NULL : read, n_read, rows, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    uint64_t h = fingerprint(src, n_read, read, out);
    src->vt->destroy(src);
    cat_table_free(t);
    return h;
}

static void test_nexmark_same_seed_same_values(void) {
    CU_ASSERT_EQUAL(run_fingerprint("11", NULL, 0, 0), run_fingerprint("11", NULL, 0, 0));
    CU_ASSERT_NOT_EQUAL(run_fingerprint("11", NULL, 0, 0), run_fingerprint("12", NULL, 0, 0));
    int price[] = {C_B_PRICE};
    CU_ASSERT_NOT_EQUAL(run_fingerprint("0", price, 1, 0), run_fingerprint("1", price, 1, 0));
}

static void test_nexmark_values_do_not_depend_on_columns_read_or_batch_size(void) {
    /* every column, read alone, read with all the others, in batches of 1024 or 77 */
    for (int c = 0; c < N_COLS; c++) {
        int one[] = {c};
        uint64_t alone = run_fingerprint("5", one, 1, 0);
        CU_ASSERT_EQUAL(alone, run_fingerprint("5", one, 1, 77));
        int with[] = {C_B_EXTRA, C_P_EXTRA, C_TYPE, c, C_A_EXTRA};
        const char *opts[] = {"events.num",          "20000", "seed", "5", "base-time",
                              "2024-01-01 00:00:00", NULL};
        CatTable *t = table_with(opts);
        Diag d;
        Source *src = open_source(t, NULL, 0, 0, &d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(src);
        int cols[] = {c}, outs[] = {c};
        CU_ASSERT_EQUAL(alone, fingerprint(src, 1, cols, outs));
        src->vt->destroy(src);
        cat_table_free(t);
        if (c != C_B_EXTRA && c != C_P_EXTRA && c != C_TYPE && c != C_A_EXTRA)
            CU_ASSERT_EQUAL(run_fingerprint("5", with, 5, 0), run_fingerprint("5", with, 5, 300));
    }
}

/* ---- errors ------------------------------------------------------------------------ */

static void expect_error(const char *const *opts, const char *fragment) {
    CatTable *t = table_with(opts);
    Diag d;
    Source *src = open_source(t, NULL, 0, 0, &d);
    CU_ASSERT_PTR_NULL(src);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.msg, fragment));
    if (!strstr(d.msg, fragment))
        fprintf(stderr, "\n  message: %s\n  wanted:  %s\n", d.msg, fragment);
    if (src)
        src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_option_errors(void) {
    const char *unknown[] = {"rows-per-second", "5", NULL};
    expect_error(unknown, "unknown option 'rows-per-second' for connector 'nexmark' (table "
                          "'datagen'); supported: 'first-event.rate', 'next-event.rate'");
    const char *rate[] = {"first-event.rate", "0", NULL};
    expect_error(rate, "'first-event.rate' must be an integer from 1 to 2147483647, not '0'");
    const char *num[] = {"events.num", "ten", NULL};
    expect_error(num, "'events.num' must be an integer");
    const char *none[] = {
        "person.proportion", "0", "auction.proportion", "0", "bid.proportion", "0", NULL};
    expect_error(none, "cannot all be 0");
    const char *ratio[] = {"bid.hot-ratio.bidders", "0", NULL};
    expect_error(ratio, "'bid.hot-ratio.bidders' must be an integer from 1");
    const char *size[] = {"bid.avg-size", "lots", NULL};
    expect_error(size, "'bid.avg-size' must be a size");
    const char *flag[] = {"max-emit-speed", "yes", NULL};
    expect_error(flag, "'max-emit-speed' must be 'true' or 'false', not 'yes'");
    const char *base[] = {"base-time", "2024-13-01 00:00:00", NULL};
    expect_error(base, "'base-time' must be a timestamp");
    const char *shape[] = {"rate.shape", "triangle", NULL};
    expect_error(shape, "'rate.shape' must be 'SQUARE' or 'SINE', not 'triangle'");
}

static void test_nexmark_sizes_read_as_flink_memory_sizes(void) {
    const char *opts[] = {"events.num", "1000", "bid.avg-size", "1 kb", NULL};
    CatTable *t = table_with(opts);
    Diag d;
    int read[] = {C_TYPE, C_B_EXTRA};
    Source *src = open_source(t, read, 2, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    bool ok = true;
    Batch *b;
    while (src->vt->next(src, &b, &d) == 1)
        for (uint32_t r = 0; r < b->n_rows; r++)
            if (((const int32_t *)b->cols[0].data)[r] == 2) /* 1024 - 32 = 992, +-20% */
                ok &= str_at(b, 1, r).len >= 793 && str_at(b, 1, r).len <= 1191;
    CU_ASSERT(ok);
    src->vt->destroy(src);
    cat_table_free(t);
}

static void test_nexmark_schema_errors(void) {
    const char *opts[] = {NULL};
    CatTable *t = table_with(opts);
    Diag d;
    const char *names[] = {"event_type", "person.nme"};
    SqlType types[] = {type_make(TYPE_INT), type_string()};
    int map[] = {0, 1};
    Source *src = source_nexmark_new(t, 2, names, types, map, 2, types, 0, &d);
    CU_ASSERT_PTR_NULL(src);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.msg, "no field 'person.nme'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d.msg, "the fields of person: id, name, emailAddress"));
    names[1] = "price";
    src = source_nexmark_new(t, 2, names, types, map, 2, types, 0, &d);
    CU_ASSERT_PTR_NULL(src);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.msg, "no column 'price'"));
    names[1] = "bid.price";
    src = source_nexmark_new(t, 2, names, types, map, 2, types, 0, &d);
    CU_ASSERT_PTR_NULL(src);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(d.msg, "column 'bid.price' of the 'nexmark' table 'datagen' must be BIGINT, not"));
    /* a subset of the columns is fine */
    types[1] = type_make(TYPE_BIGINT);
    src = source_nexmark_new(t, 2, names, types, map, 2, types, 0, &d);
    CU_ASSERT_PTR_NOT_NULL(src);
    if (src)
        src->vt->destroy(src);
    cat_table_free(t);
}

void suite_nexmark(void) {
    static CU_TestInfo tests[] = {
        {"proportions are exactly 1:3:46", test_nexmark_proportions_are_exact},
        {"other proportions", test_nexmark_other_proportions},
        {"ids start at 1000 and bids name them", test_nexmark_ids_start_at_1000_and_bids_name_them},
        {"strings have their shapes", test_nexmark_strings_have_their_shapes},
        {"timestamps follow the rate", test_nexmark_timestamps_follow_the_rate},
        {"a square rate alternates", test_nexmark_square_rate_alternates},
        {"paced events wait for the clock", test_nexmark_paced_events_wait_for_the_clock},
        {"other kinds are NULL", test_nexmark_other_kinds_are_null},
        {"same seed, same values", test_nexmark_same_seed_same_values},
        {"values do not depend on the columns read or the batch size",
         test_nexmark_values_do_not_depend_on_columns_read_or_batch_size},
        {"option errors", test_nexmark_option_errors},
        {"sizes read as Flink memory sizes", test_nexmark_sizes_read_as_flink_memory_sizes},
        {"schema errors", test_nexmark_schema_errors},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("nexmark", tests);
}
