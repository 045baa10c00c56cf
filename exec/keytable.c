/*
 * keytable.c - the key table of hash aggregation: an open-addressing hash table from
 * group keys to dense group ids (0, 1, 2, ... in the order groups are first seen).
 *
 * A batch goes through in vectorised steps, each a loop over the batch's live rows
 * chosen once per key column by the column's physical form (no per-row type switch,
 * no per-row allocation):
 *
 *  1. Hash. Each key column folds into a per-row 64-bit hash, column after column,
 *     from seed 0. Strings: the string's own XXH3 mixed into h as a fixed-width value
 *     is (a row with the previous row's very bytes reuses it). Fixed-width values
 *     (zero-extended to 64 bits): one 64x64->128-bit multiply folded to 64 bits, the
 *     mix XXH3 itself uses, measured faster than XXH3 on 8 bytes. Floating values are
 *     normalised first (-0.0 becomes 0.0, every NaN the one quiet NaN) so equal SQL
 *     values hash and compare equal. A NULL is hashed as the value 0 xor'ed with a
 *     fixed marker, so NULL groups apart from 0 and ''. The value
 *     a vector holds at a NULL row is never used.
 *  2. Probe. The slot array has a power-of-two size; a slot is one uint64: the high 32
 *     bits of the row's hash (the tag) and group id + 1 (0 is an empty slot). Each row
 *     starts at slot hash & mask and walks forward (linear probing) to the first slot
 *     that is empty or has its tag. An empty slot makes a new group there at once, so
 *     a later row of the batch with the same key finds it. A tag match makes the row a
 *     candidate for that group.
 *  3. Compare. The new groups' keys are appended to the stored key columns, then the
 *     candidates are compared with the stored keys one key column at a time; the rows
 *     that differ resume probing at the next slot (back to step 2) until none is left.
 *     A row delayed so may add its group after rows behind it added theirs; the ids the
 *     batch added are then renumbered into first-seen order (rare: a collision).
 *
 * With a single fixed-width key column (the common GROUP BY), steps 2 and 3 fuse into
 * one loop that compares the key at each tag match in row order. Both probes prefetch
 * the slot of a row PREFETCH_AHEAD rows ahead, and the stored key of the group it will
 * likely find, so a table larger than the cache costs overlapping misses.
 *
 * Worked example, one BIGINT key, an empty table, a batch [7, 9, 7]: the hashes are
 * h7, h9, h7. Row 0 finds an empty slot: group 0, key 7 stored at index 0. Row 1:
 * group 1, key 9. Row 2 walks from h7 & mask to group 0's slot, its tag matches, and
 * the stored key 7 equals its own: gids = [0, 1, 0].
 *
 * Keys are stored columnar: for each key column a growable array of values (in the
 * physical width of its type, floats normalised, so -0.0 reads back as 0.0) and one of
 * NULL flags, indexed by group id. A NULL key is stored as the value 0 with its flag
 * set, so the comparison of fixed-width keys is branch-free. String bytes are copied
 * into the table's own arena, so the batches they came from may be freed. Each group's
 * full hash is kept too, so growing the slot array (doubling, before a batch could
 * push the load past 5/8) re-inserts group ids without hashing a key again.
 *
 * Direct map. With one integer key column (INT, BIGINT and the types stored as them)
 * whose values seen so far lie in a range of at most max(floor, 16 x live groups)
 * values (floor 2^20, smaller for window slices: keytab_set_direct_floor), an array
 * indexed by key - lo holds each key's group id + 1 (0: no group), and the NULL key's
 * id is kept apart. A batch looks each row up in the array first (no hash, no probe:
 * one load); the rows it misses, in row order so first-seen order holds, make their
 * groups in the map alone — no hash, no slot, as window slices make millions of
 * short-lived groups. When a key falls so far out that the range would pass the
 * limit, the map is freed, the slots are rebuilt from the groups' stored keys, and
 * every later batch probes (until keytab_reset, which lets a map start again). The
 * range grows by at least doubling, towards the new key, so a growing key range costs
 * amortised O(1) per group. Dense ids (auction, user, item ids) are the common case
 * this serves; the memory stays proportional to the groups beyond the floor.
 *
 * Removal (keytab_remove, for state TTL) empties the group's slot by backward-shift
 * deletion: the later slots of the run whose home slot is not cyclically within
 * (hole, slot] move back into the hole, so no tombstones and probes stay short. The
 * id goes on a free list and the next new group takes it (LIFO); until ids have been
 * reused, new groups get ids in first-seen order (renumbering after a collision is
 * skipped in a batch that reuses ids). The key strings of removed groups are released
 * by count; when the arena holds more than twice the live bytes (and 1 MiB more), the
 * live strings are copied into a new arena. The slot array never shrinks.
 *
 * Invariants: between a key's home slot (hash & mask) and its slot there is no empty
 * slot, and no two live groups have equal keys. The live groups are exactly the ids in
 * the slots; every id below n_groups is either live or on the free list. Ids never
 * change, not even on growth (which re-inserts from the old slots).
 * With zero key columns there are no slots: every row is group 0, which exists once
 * a row has been seen.
 *
 * Measured (gcc -O2, one core of a shared AMD EPYC VM, best of 5 runs of 5M rows in
 * batches of 1024, random keys; timings vary ~30% between runs there):
 *   BIGINT, 100k distinct        ~15 ns/row    BIGINT, 16 distinct    ~7-8 ns/row
 *   BIGINT, 100k distinct, NULLs ~15-19        BIGINT, 1M distinct    ~45-60 (DRAM)
 *   DOUBLE, 100k distinct        ~13-19        STRING(12 B), 16       ~11-13
 *   STRING(12 B), 100k distinct  ~33-53        (INT, STRING), 1M      ~145
 * Before the prefetches, the fused probe and the cheaper mix: 24, 13, 91, 18 and 112
 * ns/row for BIGINT 100k, BIGINT 16, BIGINT 1M, STRING 16 and STRING 100k.
 */
#include "exec/agg.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL /* the fixed-width hashes inline into their loops */
#include <xxhash.h>

/* Xor'ed into the hash of a NULL key value. */
#define NULL_MARK 0x9e3779b97f4a7c15ull
/* The slot array grows (doubles) before groups + a batch's rows exceed 5/8 of it. */
#define LOAD_NUM  5
#define LOAD_DEN  8
#define MIN_SLOTS 1024
/* How many rows ahead the probe loop prefetches slots. */
#define PREFETCH_AHEAD 16
/* The direct map's range may span max(DIRECT_FLOOR, DIRECT_PER_GROUP x live groups). */
#define DIRECT_FLOOR     ((uint64_t)1 << 20)
#define DIRECT_PER_GROUP 16
/* Bytes of the string chunks taken from the arena. */
#define STR_CHUNK (64 * 1024)

/* ---- the table --------------------------------------------------------------------- */

/* The physical form of a key column, which picks its loops. */

typedef struct KeyCol {
    SqlType type;
    Phys form;
    bool is_null_type; /* TYPE_NULL: every row is NULL, whatever the vector says */
    uint8_t width;     /* bytes per stored value */
    void *values;      /* cap_groups values; strings are StrRefs into t->strings */
    uint8_t *is_null;  /* cap_groups flags */
} KeyCol;

struct KeyTable {
    int n_keys;
    KeyCol *cols;
    struct Scan *scans; /* one per key column, for the batch at hand */
    uint32_t n_groups;
    uint32_t cap_groups;
    uint64_t *group_hash; /* each group's hash, to grow the slot array */
    uint64_t *slots;      /* tag << 32 | (gid + 1); 0 = empty */
    uint64_t mask;        /* n_slots - 1 (n_slots = 0 and no slots for zero keys) */
    Arena *strings;
    char *str_cur; /* the free part of the current string chunk */
    size_t str_left;
    uint64_t hash_mask; /* all ones; a test narrows it to force collisions */
    uint32_t *free_ids; /* removed ids, reused last-in first-out */
    uint32_t n_free, cap_free;
    size_t str_live; /* bytes of the stored strings of live groups */

    /* The direct map (one integer key column only; see "Direct map" above). */
    bool direct_on;        /* the map is in use: every live non-NULL key is in it */
    uint32_t *direct;      /* direct[x - direct_lo] = gid + 1 of key x; 0: no group */
    uint64_t direct_floor; /* the range may always span this many entries */
    uint64_t direct_lo;    /* the key at index 0, as uint64 (index = x - lo, mod 2^64) */
    uint64_t direct_len;   /* entries in direct */
    uint32_t direct_null;  /* gid + 1 of the NULL key; 0: no group */
    bool slots_stale;      /* groups made through the map are not in the slots (yet) */

    /* Scratch for one batch, indexed by live row i (todo/cand/miss/fresh hold i's). */
    uint64_t hashes[BATCH_CAPACITY];
    uint16_t identity[BATCH_CAPACITY]; /* 0, 1, 2, ...: the rows when there is no selection */
    uint32_t pos[BATCH_CAPACITY];      /* where live row i's probe stands */
    uint16_t todo[BATCH_CAPACITY];
    uint16_t cand[BATCH_CAPACITY];
    uint16_t miss[BATCH_CAPACITY];
    uint16_t fresh[BATCH_CAPACITY];
    uint32_t new_slot[BATCH_CAPACITY]; /* the slot of each group the batch adds */
};

/* Validity bitmaps standing in for a vector's: NULL validity, and TYPE_NULL columns. */
static const uint64_t ALL_VALID[BATCH_WORDS] = {[0 ... BATCH_WORDS - 1] = ~(uint64_t)0};
static const uint64_t NONE_VALID[BATCH_WORDS];

/* The id of a group being added: a removed one if any, else the next unused one. */
static inline uint32_t new_id(KeyTable *t) {
    return t->n_free ? t->free_ids[--t->n_free] : t->n_groups++;
}

static const uint64_t *col_validity(const KeyCol *kc, const Vector *v) {
    if (kc->is_null_type)
        return NONE_VALID;
    return v->validity ? v->validity : ALL_VALID;
}

/* 1 when batch row r is NULL. */
static inline uint32_t row_null(const uint64_t *valid, uint32_t r) {
    return (uint32_t)(~(valid[r >> 6] >> (r & 63)) & 1);
}

/* ---- normalising values ------------------------------------------------------------ */

/* The bits a fixed-width value is hashed, compared and stored as. */
static inline uint8_t norm_u8(uint8_t x) {
    return x;
}
static inline uint32_t norm_i32(int32_t x) {
    return (uint32_t)x;
}
static inline uint64_t norm_i64(int64_t x) {
    return (uint64_t)x;
}
static inline uint32_t norm_f32(float x) {
    uint32_t bits;
    if (x == 0.0f)
        x = 0.0f;
    if (isnan(x))
        x = NAN;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}
static inline uint64_t norm_f64(double x) {
    uint64_t bits;
    if (x == 0.0)
        x = 0.0;
    if (isnan(x))
        x = (double)NAN;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

/* Folds a fixed-width value (zero-extended) into hash h: a 64x64->128-bit multiply of
 * the value mixed with h and a constant, whose halves are xor'ed (as XXH3's own
 * mul128_fold64), ~2x cheaper than XXH3 on 8 bytes and as good for a table. */
static inline uint64_t mix_fixed(uint64_t h, uint64_t x) {
    __uint128_t m = (__uint128_t)(x ^ h ^ 0xbe4ba423396cfeb8ull) * 0x9fb21c651e98df25ull;
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

/* ---- per-form loops ---------------------------------------------------------------- */

/*
 * For each form:
 *  - hash: folds the column into hashes[0..n) for live rows rows[0..n).
 *  - compare: keeps in cand[0..n_cand) the live rows whose value equals their
 *    candidate group's (gids[i]), moves the others to miss[], returns the kept count.
 *  - append: stores the values of the live rows fresh[0..n_fresh) as the keys of their
 *    new groups gids[i].
 */
typedef struct Scan {
    KeyTable *t;
    const KeyCol *kc;
    const void *data;
    const uint64_t *valid;
    const uint16_t *rows; /* the batch row of live row i */
    uint32_t *gids;
} Scan;

typedef struct KeyOps {
    void (*hash)(const Scan *s, uint32_t n, uint64_t *hashes);
    uint32_t (*compare)(const Scan *s, uint16_t *cand, uint32_t n_cand, uint16_t *miss,
                        uint32_t *n_miss);
    void (*append)(const Scan *s, const uint16_t *fresh, uint32_t n_fresh);
    /* The whole probe when this is the only key column (NULL: the general one, which
     * for strings is faster on large tables: its passes overlap the cache misses). */
    void (*find_one)(const Scan *s, uint32_t n, const uint64_t *hashes);
} KeyOps;

#define DEFINE_FIXED(NAME, T, U)                                                                   \
    static void hash_##NAME(const Scan *s, uint32_t n, uint64_t *hashes) {                         \
        const T *d = s->data;                                                                      \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t r = s->rows[i];                                                               \
            uint32_t is_null = row_null(s->valid, r);                                              \
            U x = is_null ? 0 : norm_##NAME(d[r]);                                                 \
            hashes[i] = mix_fixed(hashes[i], x) ^ (((uint64_t)0 - is_null) & NULL_MARK);           \
        }                                                                                          \
    }                                                                                              \
    static uint32_t compare_##NAME(const Scan *s, uint16_t *cand, uint32_t n_cand, uint16_t *miss, \
                                   uint32_t *n_miss) {                                             \
        const T *d = s->data;                                                                      \
        const U *stored = s->kc->values;                                                           \
        const uint8_t *stored_null = s->kc->is_null;                                               \
        uint32_t n_keep = 0, n_out = *n_miss;                                                      \
        for (uint32_t k = 0; k < n_cand; k++) {                                                    \
            uint16_t i = cand[k];                                                                  \
            uint32_t r = s->rows[i], g = s->gids[i];                                               \
            uint32_t is_null = row_null(s->valid, r);                                              \
            U x = is_null ? 0 : norm_##NAME(d[r]);                                                 \
            uint32_t eq = (stored[g] == x) & (stored_null[g] == is_null);                          \
            cand[n_keep] = i;                                                                      \
            n_keep += eq;                                                                          \
            miss[n_out] = i;                                                                       \
            n_out += 1 - eq;                                                                       \
        }                                                                                          \
        *n_miss = n_out;                                                                           \
        return n_keep;                                                                             \
    }                                                                                              \
    static void append_##NAME(const Scan *s, const uint16_t *fresh, uint32_t n_fresh) {            \
        const T *d = s->data;                                                                      \
        U *stored = s->kc->values;                                                                 \
        uint8_t *stored_null = s->kc->is_null;                                                     \
        for (uint32_t k = 0; k < n_fresh; k++) {                                                   \
            uint16_t i = fresh[k];                                                                 \
            uint32_t r = s->rows[i], g = s->gids[i];                                               \
            uint32_t is_null = row_null(s->valid, r);                                              \
            stored[g] = is_null ? 0 : norm_##NAME(d[r]);                                           \
            stored_null[g] = (uint8_t)is_null;                                                     \
        }                                                                                          \
    }

/* The probe of a table whose one key column has this form: as keytab_find_or_add's
 * loop, but comparing the key in place of a tag match, so no candidate lists. */
#define DEFINE_FIND_ONE(NAME, T, U)                                                                \
    static void find_one_##NAME(const Scan *s, uint32_t n, const uint64_t *hashes) {               \
        KeyTable *t = s->t;                                                                        \
        KeyCol *kc = &t->cols[0];                                                                  \
        const T *d = s->data;                                                                      \
        uint64_t *slots = t->slots;                                                                \
        uint64_t mask = t->mask;                                                                   \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            if (i + PREFETCH_AHEAD < n)                                                            \
                __builtin_prefetch(&slots[hashes[i + PREFETCH_AHEAD] & mask]);                     \
            if (i + PREFETCH_AHEAD / 2 < n) {                                                      \
                uint64_t ahead = slots[hashes[i + PREFETCH_AHEAD / 2] & mask];                     \
                if (ahead)                                                                         \
                    __builtin_prefetch((const U *)kc->values + (uint32_t)(ahead - 1));             \
            }                                                                                      \
            uint32_t r = s->rows[i];                                                               \
            uint32_t is_null = row_null(s->valid, r);                                              \
            U x = is_null ? 0 : norm_##NAME(d[r]);                                                 \
            uint64_t h = hashes[i];                                                                \
            uint64_t p = h & mask;                                                                 \
            U *stored = kc->values;                                                                \
            for (;;) {                                                                             \
                uint64_t slot = slots[p];                                                          \
                if (slot == 0) {                                                                   \
                    uint32_t g = new_id(t);                                                        \
                    slots[p] = (h & ~(uint64_t)UINT32_MAX) | (g + 1);                              \
                    t->group_hash[g] = h;                                                          \
                    stored[g] = x;                                                                 \
                    kc->is_null[g] = (uint8_t)is_null;                                             \
                    s->gids[i] = g;                                                                \
                    break;                                                                         \
                }                                                                                  \
                uint32_t g = (uint32_t)slot - 1;                                                   \
                if (((slot ^ h) >> 32) == 0 && stored[g] == x && kc->is_null[g] == is_null) {      \
                    s->gids[i] = g;                                                                \
                    break;                                                                         \
                }                                                                                  \
                p = (p + 1) & mask;                                                                \
            }                                                                                      \
        }                                                                                          \
    }

#define DEFINE_FORM(NAME, T, U)                                                                    \
    DEFINE_FIXED(NAME, T, U)                                                                       \
    DEFINE_FIND_ONE(NAME, T, U)

DEFINE_FORM(u8, uint8_t, uint8_t)
DEFINE_FORM(i32, int32_t, uint32_t)
DEFINE_FORM(i64, int64_t, uint64_t)
DEFINE_FORM(f32, float, uint32_t)
DEFINE_FORM(f64, double, uint64_t)

/* A string's own hash (XXH3 of its bytes) mixed into h. Rows that point at the very
 * bytes of the row before (a constant, a DATE_FORMAT of the same day, a pooled string
 * repeated) reuse its hash instead of hashing the bytes again. */
static void hash_str(const Scan *s, uint32_t n, uint64_t *hashes) {
    const StrRef *d = s->data;
    const char *last_ptr = NULL;
    uint32_t last_len = 0;
    uint64_t last = XXH3_64bits("", 0);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = s->rows[i];
        if (row_null(s->valid, r)) {
            hashes[i] = mix_fixed(hashes[i], 0) ^ NULL_MARK;
            continue;
        }
        if (d[r].ptr != last_ptr || d[r].len != last_len) {
            last_ptr = d[r].ptr;
            last_len = d[r].len;
            last = XXH3_64bits(last_ptr, last_len);
        }
        hashes[i] = mix_fixed(hashes[i], last);
    }
}

static uint32_t compare_str(const Scan *s, uint16_t *cand, uint32_t n_cand, uint16_t *miss,
                            uint32_t *n_miss) {
    const StrRef *d = s->data;
    const StrRef *stored = s->kc->values;
    const uint8_t *stored_null = s->kc->is_null;
    uint32_t n_keep = 0, n_out = *n_miss;
    for (uint32_t k = 0; k < n_cand; k++) {
        uint16_t i = cand[k];
        uint32_t r = s->rows[i], g = s->gids[i];
        bool eq;
        if (row_null(s->valid, r))
            eq = stored_null[g];
        else
            eq = !stored_null[g] && stored[g].len == d[r].len &&
                 memcmp(stored[g].ptr, d[r].ptr, d[r].len) == 0;
        if (eq)
            cand[n_keep++] = i;
        else
            miss[n_out++] = i;
    }
    *n_miss = n_out;
    return n_keep;
}

/* Copies len bytes into the table's string chunks. */
static const char *copy_string(KeyTable *t, const char *p, uint32_t len) {
    if (len == 0)
        return "";
    if (len > t->str_left) {
        size_t size = len > STR_CHUNK / 4 ? len : STR_CHUNK;
        t->str_cur = arena_alloc(t->strings, size);
        t->str_left = size;
    }
    char *out = t->str_cur;
    t->str_live += len;
    memcpy(out, p, len);
    t->str_cur += len;
    t->str_left -= len;
    return out;
}

static void append_str(const Scan *s, const uint16_t *fresh, uint32_t n_fresh) {
    const StrRef *d = s->data;
    StrRef *stored = s->kc->values;
    uint8_t *stored_null = s->kc->is_null;
    for (uint32_t k = 0; k < n_fresh; k++) {
        uint16_t i = fresh[k];
        uint32_t r = s->rows[i], g = s->gids[i];
        if (row_null(s->valid, r)) {
            stored[g] = (StrRef){"", 0};
            stored_null[g] = 1;
        } else {
            stored[g] = (StrRef){copy_string(s->t, d[r].ptr, d[r].len), d[r].len};
            stored_null[g] = 0;
        }
    }
}

static const KeyOps KEY_OPS[PHYS_NONE] = {
    [PHYS_U8] = {hash_u8, compare_u8, append_u8, find_one_u8},
    [PHYS_I32] = {hash_i32, compare_i32, append_i32, find_one_i32},
    [PHYS_I64] = {hash_i64, compare_i64, append_i64, find_one_i64},
    [PHYS_F32] = {hash_f32, compare_f32, append_f32, find_one_f32},
    [PHYS_F64] = {hash_f64, compare_f64, append_f64, find_one_f64},
    [PHYS_STR] = {hash_str, compare_str, append_str, NULL},
};

/* A TYPE_NULL key column is NULL on every row; it is stored as 1-byte values. */
static Phys form_of(TypeId id) {
    Phys f = phys_of(id);
    return f == PHYS_NONE ? PHYS_U8 : f;
}

static const uint8_t FORM_WIDTH[PHYS_NONE] = {
    [PHYS_U8] = 1,  [PHYS_I32] = 4, [PHYS_I64] = 8,
    [PHYS_F32] = 4, [PHYS_F64] = 8, [PHYS_STR] = sizeof(StrRef),
};

/* ---- making and growing ------------------------------------------------------------ */

static bool direct_eligible(const KeyTable *t) {
    return t->n_keys == 1 && (t->cols[0].form == PHYS_I32 || t->cols[0].form == PHYS_I64) &&
           t->hash_mask == ~(uint64_t)0;
}

KeyTable *keytab_new(int n_keys, const SqlType *key_types) {
    KeyTable *t = xcalloc(1, sizeof(KeyTable));
    t->n_keys = n_keys;
    t->cols = xcalloc((size_t)(n_keys ? n_keys : 1), sizeof(KeyCol));
    t->scans = xcalloc((size_t)(n_keys ? n_keys : 1), sizeof(struct Scan));
    for (int col = 0; col < n_keys; col++) {
        KeyCol *kc = &t->cols[col];
        kc->type = key_types[col];
        kc->form = form_of(key_types[col].id);
        kc->is_null_type = key_types[col].id == TYPE_NULL;
        kc->width = FORM_WIDTH[kc->form];
    }
    t->strings = arena_new(STR_CHUNK);
    t->hash_mask = ~(uint64_t)0;
    t->direct_on = direct_eligible(t);
    t->direct_floor = DIRECT_FLOOR;
    for (uint32_t i = 0; i < BATCH_CAPACITY; i++)
        t->identity[i] = (uint16_t)i;
    return t;
}

void keytab_free(KeyTable *t) {
    if (!t)
        return;
    for (int col = 0; col < t->n_keys; col++) {
        free(t->cols[col].values);
        free(t->cols[col].is_null);
    }
    free(t->cols);
    free(t->scans);
    free(t->group_hash);
    free(t->slots);
    free(t->free_ids);
    free(t->direct);
    arena_free(t->strings);
    free(t);
}

/* Test hook: every hash is and'ed with mask, so tests can make keys collide. */
void keytab_set_hash_mask(KeyTable *t, uint64_t mask);
void keytab_set_hash_mask(KeyTable *t, uint64_t mask) {
    assert(t->n_groups == 0);
    t->hash_mask = mask;
    t->direct_on = false; /* so the probe meets the collisions */
}

/* Makes room for n_more groups: key arrays (ids up to n_groups + n_more, as a batch
 * may take fresh ids even with free ones left), and slots within the load factor for
 * the live groups. */
static void reserve(KeyTable *t, uint32_t n_more) {
    uint64_t want = (uint64_t)t->n_groups + n_more;
    assert(want < UINT32_MAX);
    if (want > t->cap_groups) {
        uint64_t cap = t->cap_groups ? t->cap_groups : 256;
        while (cap < want)
            cap *= 2;
        if (cap > UINT32_MAX - 1)
            cap = UINT32_MAX - 1;
        t->group_hash = xrealloc(t->group_hash, cap * sizeof(uint64_t));
        for (int col = 0; col < t->n_keys; col++) {
            KeyCol *kc = &t->cols[col];
            kc->values = xrealloc(kc->values, cap * kc->width);
            kc->is_null = xrealloc(kc->is_null, cap);
        }
        t->cap_groups = (uint32_t)cap;
    }
    if (t->slots_stale)
        return; /* the map finds every group; slots are rebuilt if it is given up */
    uint64_t want_live = (uint64_t)t->n_groups - t->n_free + n_more;
    uint64_t n_old = t->slots ? t->mask + 1 : 0;
    if (want_live * LOAD_DEN <= n_old * LOAD_NUM)
        return;
    uint64_t n_slots = n_old < MIN_SLOTS ? MIN_SLOTS : n_old;
    while (want_live * LOAD_DEN > n_slots * LOAD_NUM)
        n_slots *= 2;
    uint64_t *old = t->slots;
    t->slots = xcalloc(n_slots, sizeof(uint64_t));
    t->mask = n_slots - 1;
    for (uint64_t q = 0; q < n_old; q++) {
        if (!old[q])
            continue;
        uint32_t g = (uint32_t)old[q] - 1;
        uint64_t h = t->group_hash[g];
        uint64_t p = h & t->mask;
        while (t->slots[p])
            p = (p + 1) & t->mask;
        t->slots[p] = old[q];
    }
    free(old);
}

/* ---- the direct map ---------------------------------------------------------------- */

static void direct_off(KeyTable *t) {
    free(t->direct);
    t->direct = NULL;
    t->direct_len = 0;
    t->direct_on = false;
}

/* Widens the map's range to take key x (a signed value), or turns the map off when
 * the range would pass the limit. Returns whether the map is still on. */
static bool direct_grow(KeyTable *t, int64_t x) {
    __int128 lo = (int64_t)t->direct_lo, len = (__int128)t->direct_len;
    __int128 need_lo = x, need_hi = (__int128)x + 1;
    if (len > 0) {
        need_lo = lo < x ? lo : x;
        need_hi = lo + len > need_hi ? lo + len : need_hi;
    }
    uint64_t live = (uint64_t)t->n_groups - t->n_free;
    __int128 limit =
        live * DIRECT_PER_GROUP > t->direct_floor ? live * DIRECT_PER_GROUP : t->direct_floor;
    __int128 need = need_hi - need_lo;
    if (need > limit) {
        direct_off(t);
        return false;
    }
    __int128 new_len = need;
    if (new_len < 2 * len)
        new_len = 2 * len;
    if (new_len < 4096)
        new_len = 4096;
    if (new_len > limit)
        new_len = limit;
    /* grow towards x: below the old range when x is below it */
    __int128 new_lo = (len > 0 && x < lo) ? need_hi - new_len : need_lo;
    if (new_lo < INT64_MIN)
        new_lo = INT64_MIN;
    if (new_lo + new_len > (__int128)INT64_MAX + 1)
        new_lo = (__int128)INT64_MAX + 1 - new_len;
    uint32_t *map = xcalloc((size_t)new_len, sizeof(uint32_t));
    if (len > 0)
        memcpy(map + (size_t)(lo - new_lo), t->direct, (size_t)len * sizeof(uint32_t));
    free(t->direct);
    t->direct = map;
    t->direct_lo = (uint64_t)(int64_t)new_lo;
    t->direct_len = (uint64_t)new_len;
    return true;
}

/* The stored key of group g of the direct map's column, as a signed value. */
static int64_t direct_stored(const KeyCol *kc, uint32_t g) {
    return kc->form == PHYS_I32 ? (int64_t)(int32_t)((const uint32_t *)kc->values)[g]
                                : (int64_t)((const uint64_t *)kc->values)[g];
}

/* Looks the live rows up in the map: gids[i] for the hits, their live-row indexes in
 * miss[] for the others; returns the number of misses. One loop per key width. */
#define DEFINE_DIRECT(NAME, T)                                                                     \
    static uint32_t direct_probe_##NAME(const KeyTable *t, const T *d, const uint64_t *valid,      \
                                        const uint16_t *rows, uint32_t n, uint32_t *gids,          \
                                        uint16_t *miss) {                                          \
        const uint32_t *map = t->direct;                                                           \
        uint64_t lo = t->direct_lo, len = t->direct_len;                                           \
        uint32_t null_g = t->direct_null, n_miss = 0;                                              \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t r = rows[i];                                                                  \
            uint64_t off = (uint64_t)(int64_t)d[r] - lo;                                           \
            uint32_t g = off < len ? map[off] : 0;                                                 \
            g = row_null(valid, r) ? null_g : g;                                                   \
            gids[i] = g - 1;                                                                       \
            miss[n_miss] = (uint16_t)i;                                                            \
            n_miss += g == 0;                                                                      \
        }                                                                                          \
        return n_miss;                                                                             \
    }
DEFINE_DIRECT(i32, int32_t)
DEFINE_DIRECT(i64, int64_t)

/* Puts every live group into a fresh slot array, hashed as the rows are (the groups
 * the direct map made were never in the slots): when the map is given up. */
static void rebuild_slots(KeyTable *t, uint32_t n_more) {
    const KeyCol *kc = &t->cols[0];
    uint64_t live = (uint64_t)t->n_groups - t->n_free + n_more, n_slots = MIN_SLOTS;
    while (live * LOAD_DEN > n_slots * LOAD_NUM)
        n_slots *= 2;
    free(t->slots);
    t->slots = xcalloc(n_slots, sizeof(uint64_t));
    t->mask = n_slots - 1;
    uint8_t *is_free = xcalloc(t->n_groups + 1, 1);
    for (uint32_t i = 0; i < t->n_free; i++)
        is_free[t->free_ids[i]] = 1;
    for (uint32_t g = 0; g < t->n_groups; g++) {
        if (is_free[g])
            continue;
        uint32_t is_null = kc->is_null[g];
        uint64_t x = kc->form == PHYS_I32 ? ((const uint32_t *)kc->values)[g]
                                          : ((const uint64_t *)kc->values)[g];
        uint64_t h = mix_fixed(0, x) ^ (((uint64_t)0 - is_null) & NULL_MARK);
        t->group_hash[g] = h;
        uint64_t p = h & t->mask;
        while (t->slots[p])
            p = (p + 1) & t->mask;
        t->slots[p] = (h & ~(uint64_t)UINT32_MAX) | (g + 1);
    }
    free(is_free);
    t->slots_stale = false;
}

/* A group made through the direct map (not put in the slots). */
static uint32_t direct_new_group(KeyTable *t, uint64_t stored, uint8_t is_null) {
    KeyCol *kc = &t->cols[0];
    uint32_t g = new_id(t);
    if (kc->form == PHYS_I32)
        ((uint32_t *)kc->values)[g] = (uint32_t)stored;
    else
        ((uint64_t *)kc->values)[g] = stored;
    kc->is_null[g] = is_null;
    t->slots_stale = true;
    return g;
}

/*
 * keytab_find_or_add with the direct map on: the map first; the rows it misses, in row
 * order, make their groups straight in the map (no hash, no slot) — or find the one an
 * earlier miss of the batch made. A key out of the map's reach gives the map up: the
 * slots are rebuilt from the groups and the remaining misses take the hash table.
 */
static void find_direct(KeyTable *t, const Vector *key, const uint16_t *rows, uint32_t n,
                        uint32_t *gids) {
    KeyCol *kc = &t->cols[0];
    const uint64_t *valid = col_validity(kc, key);
    bool is_i32 = kc->form == PHYS_I32;
    uint16_t *miss = t->miss;
    uint32_t n_miss = is_i32 ? direct_probe_i32(t, key->data, valid, rows, n, gids, miss)
                             : direct_probe_i64(t, key->data, valid, rows, n, gids, miss);
    uint32_t k = 0;
    for (; k < n_miss && t->direct_on; k++) {
        uint32_t r = rows[miss[k]];
        if (row_null(valid, r)) {
            if (!t->direct_null)
                t->direct_null = direct_new_group(t, 0, 1) + 1;
            gids[miss[k]] = t->direct_null - 1;
            continue;
        }
        int64_t x = is_i32 ? ((const int32_t *)key->data)[r] : ((const int64_t *)key->data)[r];
        uint64_t off = (uint64_t)x - t->direct_lo;
        if (off >= t->direct_len) {
            if (!direct_grow(t, x))
                break; /* given up: this row and the rest go through the slots */
            off = (uint64_t)x - t->direct_lo;
        }
        if (!t->direct[off])
            t->direct[off] = direct_new_group(t, is_i32 ? (uint32_t)x : (uint64_t)x, 0) + 1;
        gids[miss[k]] = t->direct[off] - 1;
    }
    if (k == n_miss)
        return;
    if (t->slots_stale)
        rebuild_slots(t, n_miss - k);
    uint16_t *miss_rows = t->cand;
    uint32_t *miss_gids = t->pos;
    uint32_t n_rest = n_miss - k;
    for (uint32_t i = 0; i < n_rest; i++)
        miss_rows[i] = rows[miss[k + i]];
    memset(t->hashes, 0, n_rest * sizeof t->hashes[0]);
    Scan s = {t, kc, key->data, valid, miss_rows, miss_gids};
    KEY_OPS[kc->form].hash(&s, n_rest, t->hashes);
    KEY_OPS[kc->form].find_one(&s, n_rest, t->hashes);
    for (uint32_t i = 0; i < n_rest; i++)
        gids[miss[k + i]] = miss_gids[i];
}

/* ---- finding groups ---------------------------------------------------------------- */

/*
 * A row whose probe met a colliding tag adds its group a pass later than rows after it
 * that did not, so the batch's new ids may be out of first-seen order. This renumbers
 * them in order (rare: only after a collision) in gids, the slots, the group hashes
 * and the stored keys.
 */
static void renumber_new_groups(KeyTable *t, uint32_t first_new, uint32_t n, uint32_t *gids) {
    uint32_t n_new = t->n_groups - first_new;
    uint32_t *perm = t->pos; /* old id - first_new -> new id; pos is free by now */
    for (uint32_t j = 0; j < n_new; j++)
        perm[j] = UINT32_MAX;
    uint32_t next = first_new;
    bool is_in_order = true;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        if (g >= first_new && perm[g - first_new] == UINT32_MAX) {
            is_in_order &= g == next;
            perm[g - first_new] = next++;
        }
    }
    if (is_in_order)
        return;
    for (uint32_t i = 0; i < n; i++)
        if (gids[i] >= first_new)
            gids[i] = perm[gids[i] - first_new];
    for (uint32_t j = 0; j < n_new; j++) {
        uint64_t *slot = &t->slots[t->new_slot[j]];
        *slot = (*slot & ~(uint64_t)UINT32_MAX) | (perm[j] + 1);
    }
    char *old = xmalloc((size_t)n_new * sizeof(StrRef));
    memcpy(old, &t->group_hash[first_new], n_new * sizeof(uint64_t));
    for (uint32_t j = 0; j < n_new; j++)
        memcpy(&t->group_hash[perm[j]], old + j * sizeof(uint64_t), sizeof(uint64_t));
    for (int col = 0; col < t->n_keys; col++) {
        KeyCol *kc = &t->cols[col];
        char *values = kc->values;
        memcpy(old, values + (size_t)first_new * kc->width, (size_t)n_new * kc->width);
        for (uint32_t j = 0; j < n_new; j++)
            memcpy(values + (size_t)perm[j] * kc->width, old + (size_t)j * kc->width, kc->width);
        memcpy(old, kc->is_null + first_new, n_new);
        for (uint32_t j = 0; j < n_new; j++)
            kc->is_null[perm[j]] = (uint8_t)old[j];
    }
    free(old);
}

uint32_t keytab_find_or_add(KeyTable *t, const Vector *const *keys, const uint16_t *sel, uint32_t n,
                            uint32_t *gids) {
    assert(n <= BATCH_CAPACITY);
    if (n == 0)
        return t->n_groups;
    if (t->n_keys == 0) {
        t->n_groups = 1;
        memset(gids, 0, n * sizeof *gids);
        return 1;
    }
    reserve(t, n);

    const uint16_t *rows = sel ? sel : t->identity;
    if (t->direct_on) {
        find_direct(t, keys[0], rows, n, gids);
        return t->n_groups;
    }
    memset(t->hashes, 0, n * sizeof t->hashes[0]);

    Scan *scans = t->scans;
    for (int col = 0; col < t->n_keys; col++) {
        const KeyCol *kc = &t->cols[col];
        scans[col] = (Scan){t, kc, keys[col]->data, col_validity(kc, keys[col]), rows, gids};
        KEY_OPS[kc->form].hash(&scans[col], n, t->hashes);
    }
    if (t->hash_mask != ~(uint64_t)0)
        for (uint32_t i = 0; i < n; i++)
            t->hashes[i] &= t->hash_mask;

    if (t->n_keys == 1 && KEY_OPS[t->cols[0].form].find_one) {
        KEY_OPS[t->cols[0].form].find_one(&scans[0], n, t->hashes);
        return t->n_groups;
    }
    uint64_t *slots = t->slots;
    uint64_t mask = t->mask;
    for (uint32_t i = 0; i < n; i++) {
        t->todo[i] = (uint16_t)i;
        t->pos[i] = (uint32_t)(t->hashes[i] & mask);
    }
    uint32_t n_todo = n;
    uint32_t first_new = t->n_groups;
    uint32_t n_groups_first_pass = UINT32_MAX; /* groups after the first probe pass */
    bool reuses_ids = t->n_free > 0;           /* then first-seen order is not kept */
    const void *first_keys = t->cols[0].values;
    size_t first_width = t->cols[0].width;
    while (n_todo > 0) {
        /* Probe: each row to an empty slot (a new group) or one with its tag. */
        uint32_t n_cand = 0, n_fresh = 0;
        for (uint32_t k = 0; k < n_todo; k++) {
            if (k + PREFETCH_AHEAD < n_todo)
                __builtin_prefetch(&slots[t->pos[t->todo[k + PREFETCH_AHEAD]]]);
            uint16_t i = t->todo[k];
            uint64_t h = t->hashes[i];
            uint64_t p = t->pos[i];
            for (;;) {
                uint64_t s = slots[p];
                if (s == 0) {
                    uint32_t g = new_id(t);
                    slots[p] = (h & ~(uint64_t)UINT32_MAX) | (g + 1);
                    t->group_hash[g] = h;
                    if (g >= first_new)
                        t->new_slot[g - first_new] = (uint32_t)p;
                    gids[i] = g;
                    t->fresh[n_fresh++] = i;
                    break;
                }
                if (((s ^ h) >> 32) == 0) {
                    gids[i] = (uint32_t)s - 1;
                    __builtin_prefetch((const char *)first_keys + (size_t)gids[i] * first_width);
                    t->pos[i] = (uint32_t)p;
                    t->cand[n_cand++] = i;
                    break;
                }
                p = (p + 1) & mask;
            }
        }
        /* Store the new groups' keys, then compare the candidates column by column. */
        uint32_t n_miss = 0;
        for (int col = 0; col < t->n_keys; col++) {
            const KeyOps *ops = &KEY_OPS[t->cols[col].form];
            if (n_fresh)
                ops->append(&scans[col], t->fresh, n_fresh);
            if (n_cand)
                n_cand = ops->compare(&scans[col], t->cand, n_cand, t->miss, &n_miss);
        }
        for (uint32_t k = 0; k < n_miss; k++) {
            uint16_t i = t->miss[k];
            t->todo[k] = i;
            t->pos[i] = (uint32_t)((t->pos[i] + 1) & mask);
        }
        n_todo = n_miss;
        if (n_groups_first_pass == UINT32_MAX)
            n_groups_first_pass = t->n_groups;
    }
    if (!reuses_ids && t->n_groups > n_groups_first_pass) /* a collision delayed a new group */
        renumber_new_groups(t, first_new, n, gids);
    return t->n_groups;
}

/* ---- removing groups --------------------------------------------------------------- */

/* Copies the strings of the live groups (those in the slots) into a new arena. */
static void compact_strings(KeyTable *t) {
    Arena *old = t->strings;
    t->strings = arena_new(STR_CHUNK);
    t->str_cur = NULL;
    t->str_left = 0;
    t->str_live = 0;
    for (uint64_t q = 0; q <= t->mask; q++) {
        if (!t->slots[q])
            continue;
        uint32_t g = (uint32_t)t->slots[q] - 1;
        for (int col = 0; col < t->n_keys; col++) {
            KeyCol *kc = &t->cols[col];
            if (kc->form != PHYS_STR || kc->is_null[g])
                continue;
            StrRef *v = &((StrRef *)kc->values)[g];
            v->ptr = copy_string(t, v->ptr, v->len);
        }
    }
    arena_free(old);
}

void keytab_remove(KeyTable *t, const uint32_t *ids, uint32_t n) {
    if (n == 0)
        return;
    if (t->n_keys == 0) { /* the one group goes; the next row makes it again */
        t->n_groups = 0;
        return;
    }
    if (t->n_free + (uint64_t)n > t->cap_free) {
        uint32_t cap = t->cap_free ? t->cap_free : 256;
        while (cap < t->n_free + (uint64_t)n)
            cap *= 2;
        t->free_ids = xrealloc(t->free_ids, cap * sizeof(uint32_t));
        t->cap_free = cap;
    }
    uint64_t *slots = t->slots;
    uint64_t mask = t->mask;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t g = ids[k];
        assert(g < t->n_groups);
        if (t->slots_stale)
            goto unmapped; /* the group is in the direct map only */
        uint64_t i = t->group_hash[g] & mask;
        while ((uint32_t)slots[i] != g + 1) {
            assert(slots[i] != 0); /* g must be a live group */
            i = (i + 1) & mask;
        }
        /* Backward-shift deletion: pull later entries of the run into the hole when
         * their home slot is not cyclically within (hole, their slot]. */
        for (uint64_t j = (i + 1) & mask;; j = (j + 1) & mask) {
            if (!slots[j])
                break;
            uint64_t home = t->group_hash[(uint32_t)slots[j] - 1] & mask;
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays)
                continue;
            slots[i] = slots[j];
            i = j;
        }
        slots[i] = 0;
    unmapped:
        if (t->direct_on) {
            const KeyCol *kc = &t->cols[0];
            uint64_t off = (uint64_t)direct_stored(kc, g) - t->direct_lo;
            if (kc->is_null[g])
                t->direct_null = 0;
            else if (off < t->direct_len)
                t->direct[off] = 0;
        }
        for (int col = 0; col < t->n_keys; col++) {
            KeyCol *kc = &t->cols[col];
            if (kc->form == PHYS_STR && !kc->is_null[g])
                t->str_live -= ((StrRef *)kc->values)[g].len;
        }
        t->free_ids[t->n_free++] = g;
    }
    if (t->strings->n_bytes > 2 * t->str_live + ((size_t)1 << 20))
        compact_strings(t);
}

void keytab_reset(KeyTable *t) {
    if (t->slots)
        memset(t->slots, 0, (t->mask + 1) * sizeof(uint64_t));
    if (t->direct) {
        /* few groups in a wide map (a window slice): clear just their entries */
        if ((uint64_t)t->n_groups * 16 < t->direct_len) {
            const KeyCol *kc = &t->cols[0];
            for (uint32_t g = 0; g < t->n_groups; g++) {
                uint64_t off = (uint64_t)direct_stored(kc, g) - t->direct_lo;
                if (!kc->is_null[g] && off < t->direct_len)
                    t->direct[off] = 0;
            }
        } else {
            memset(t->direct, 0, t->direct_len * sizeof(uint32_t));
        }
    }
    t->direct_on = direct_eligible(t); /* a map given up may serve the next keys */
    t->slots_stale = false;
    t->direct_null = 0;
    t->n_groups = 0;
    t->n_free = 0;
    arena_reset(t->strings);
    t->str_cur = NULL;
    t->str_left = 0;
    t->str_live = 0;
}

void keytab_set_direct_floor(KeyTable *t, uint64_t entries) {
    t->direct_floor = entries;
}

uint32_t keytab_count(const KeyTable *t) {
    return t->n_groups;
}

/* ---- reading keys back ------------------------------------------------------------- */

#define DEFINE_GATHER(NAME, U)                                                                     \
    static void gather_##NAME(const KeyCol *kc, const uint32_t *ids, uint32_t n, void *out) {      \
        const U *stored = kc->values;                                                              \
        U *d = out;                                                                                \
        for (uint32_t i = 0; i < n; i++)                                                           \
            d[i] = stored[ids[i]];                                                                 \
    }

DEFINE_GATHER(w1, uint8_t)
DEFINE_GATHER(w4, uint32_t)
DEFINE_GATHER(w8, uint64_t)
DEFINE_GATHER(str, StrRef)

void keytab_gather(const KeyTable *t, const uint32_t *ids, uint32_t n, Vector *const *out) {
    assert(n <= BATCH_CAPACITY);
    for (int col = 0; col < t->n_keys; col++) {
        const KeyCol *kc = &t->cols[col];
        Vector *v = out[col];
        switch (kc->form) {
            case PHYS_U8:
                gather_w1(kc, ids, n, v->data);
                break;
            case PHYS_I32:
            case PHYS_F32:
                gather_w4(kc, ids, n, v->data);
                break;
            case PHYS_I64:
            case PHYS_F64:
                gather_w8(kc, ids, n, v->data);
                break;
            case PHYS_STR:
                gather_str(kc, ids, n, v->data);
                break;
            case PHYS_NONE:
                break;
        }
        /* Validity of rows 0..n-1, 64 rows a word; rows past n keep theirs. */
        uint8_t any_null = 0;
        for (uint32_t i = 0; i < n; i++)
            any_null |= kc->is_null[ids[i]];
        if (!any_null && !v->validity)
            continue;
        if (!v->validity) {
            v->validity = v->valid_buf;
            for (int w = 0; w < BATCH_WORDS; w++)
                v->validity[w] = ~(uint64_t)0;
        }
        for (uint32_t base = 0; base < n; base += 64) {
            uint32_t n_word = n - base < 64 ? n - base : 64;
            uint64_t valid = 0;
            for (uint32_t b = 0; b < n_word; b++)
                valid |= (uint64_t)(kc->is_null[ids[base + b]] ^ 1) << b;
            uint64_t span = n_word == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n_word) - 1;
            uint64_t *word = &v->validity[base >> 6];
            *word = (*word & ~span) | valid;
        }
    }
}

size_t keytab_bytes(const KeyTable *t) {
    size_t bytes = sizeof(KeyTable) + (size_t)t->n_keys * sizeof(KeyCol);
    if (t->slots)
        bytes += (t->mask + 1) * sizeof(uint64_t);
    bytes += t->direct_len * sizeof(uint32_t);
    size_t per_group = sizeof(uint64_t);
    for (int col = 0; col < t->n_keys; col++)
        per_group += t->cols[col].width + 1u;
    bytes += (size_t)t->cap_groups * per_group + (size_t)t->cap_free * sizeof(uint32_t);
    return bytes + t->strings->n_bytes;
}
