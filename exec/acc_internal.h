/*
 * acc_internal.h - what the accumulator files share (private to exec/).
 *
 * The accumulators of agg.h are split by idea:
 *   accumulators.c   the interface (acc_new .. acc_bytes), the state's layout, the
 *                    string pool's blocks and compaction, and the update loops and
 *                    results of COUNT, SUM, AVG, STDDEV/VAR, MIN/MAX append-only,
 *                    FIRST/LAST_VALUE and LISTAGG (with their value lists);
 *   acc_valuemap.c   the (group, value) -> count map, and its two users: MIN/MAX with
 *                    retraction and DISTINCT's reference counts;
 *   acc_hll.c        APPROX_COUNT_DISTINCT's HyperLogLog sketches;
 *   acc_merge.c      acc_can_merge and acc_merge (sliced windows).
 * This header holds the Accumulator itself, the Key a value is held as, the string
 * pool, and the entry points each file offers the others. Helpers the per-row loops
 * call are static inline here, so every file's loops inline them as one file did.
 *
 * Values as keys. Maps, lists and extremes hold a Key: fixed-width values as an int64
 * whose signed order is the SQL order (integers as themselves, BOOLEAN 0/1, FLOAT and
 * DOUBLE mapped onto the IEEE total order: -0.0 < 0.0, every NaN one value above
 * +Infinity, as Java's Double.compare), strings as (pointer, length) ordered by bytes.
 */
#ifndef EXEC_ACC_INTERNAL_H
#define EXEC_ACC_INTERNAL_H

#include "exec/agg.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef __int128 i128;

#define AI static inline __attribute__((always_inline))

/* ---- physical classes and keys ---------------------------------------------------- */

typedef enum Cls {
    CLS_NULL,
    CLS_BOOL,
    CLS_I32,
    CLS_I64,
    CLS_F32,
    CLS_F64,
    CLS_STR,
    CLS_COUNT_
} Cls;

/* A value held by the state: `bits` for fixed-width classes, (ptr, len) for strings. */
typedef struct Key {
    union {
        int64_t bits;
        const char *ptr;
    };
    uint32_t len;
} Key;

/* The ordered int64 of a double: signed order = Java's Double.compare order. */
static inline int64_t dbl_key(double d) {
    int64_t b;
    if (d != d)
        b = INT64_C(0x7ff8000000000000);
    else
        memcpy(&b, &d, sizeof b);
    return b ^ ((b >> 63) & INT64_MAX);
}
static inline double key_dbl(int64_t k) {
    int64_t b = k ^ ((k >> 63) & INT64_MAX);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}
/* Hash of (group, value) for the maps. */
AI uint64_t key_hash(Key k, uint32_t gid, bool is_str) {
    if (is_str)
        return XXH3_64bits_withSeed(k.ptr, k.len, gid);
    return mix64((uint64_t)k.bits ^ mix64((uint64_t)gid + UINT64_C(0x9e3779b97f4a7c15)));
}

typedef Key (*LoadFn)(const void *data, uint32_t row);

AI Key load_bool(const void *data, uint32_t row) {
    return (Key){.bits = ((const uint8_t *)data)[row]};
}
AI Key load_i32(const void *data, uint32_t row) {
    return (Key){.bits = ((const int32_t *)data)[row]};
}
AI Key load_i64(const void *data, uint32_t row) {
    return (Key){.bits = ((const int64_t *)data)[row]};
}
AI Key load_f32(const void *data, uint32_t row) {
    return (Key){.bits = dbl_key(((const float *)data)[row])};
}
AI Key load_f64(const void *data, uint32_t row) {
    return (Key){.bits = dbl_key(((const double *)data)[row])};
}
AI Key load_str(const void *data, uint32_t row) {
    StrRef s = ((const StrRef *)data)[row];
    return (Key){.ptr = s.ptr, .len = s.len};
}

static inline int str_cmp(const char *a, uint32_t na, const char *b, uint32_t nb) {
    uint32_t n = na < nb ? na : nb;
    int c = n ? memcmp(a, b, n) : 0;
    return c ? c : (na > nb) - (na < nb);
}
AI int key_cmp(Key a, Key b, bool is_str) {
    if (is_str)
        return str_cmp(a.ptr, a.len, b.ptr, b.len);
    return (a.bits > b.bits) - (a.bits < b.bits);
}
AI bool key_eq(Key a, Key b, bool is_str) {
    if (is_str)
        return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
    return a.bits == b.bits;
}

/* ---- string pool ------------------------------------------------------------------ */

/*
 * A bump allocator for the string bytes the state keeps. `live` counts the bytes of
 * strings still referenced; `bytes` what the blocks hold. No alignment, no header per
 * string: a 5-byte name costs 5 bytes. (accumulators.c fills, frees and compacts pools.)
 */
typedef struct PoolBlock PoolBlock; /* accumulators.c */

typedef struct StrPool {
    PoolBlock *blocks;
    char *cur;
    size_t left;
    size_t bytes;
    size_t live;
} StrPool;

/* Copies a string into the pool, returning where it now is. The empty string is
 * answered inline; pool_copy_bytes (accumulators.c) copies the others, out of line. */
const char *pool_copy_bytes(StrPool *p, const char *s, uint32_t len);
static inline const char *pool_copy(StrPool *p, const char *s, uint32_t len) {
    if (len == 0)
        return "";
    return pool_copy_bytes(p, s, len);
}

static inline void pool_release(StrPool *p, uint32_t len) {
    p->live -= len;
}

/* ---- the accumulator -------------------------------------------------------------- */

/*
 * The (group, value) -> count map of acc_valuemap.c: one open-addressing table for all
 * groups, its entries (VmEntry, private to that file) stable while they live.
 */
typedef struct VmEntry VmEntry;
typedef struct ValueMap {
    VmEntry *entries;
    uint32_t n_entries, cap_entries, free_head; /* free_head: index + 1 */
    uint64_t *slots; /* hash tag << 32 | (entry index + 1), 0 empty, SLOT_TOMB deleted */
    uint32_t mask;   /* slot count - 1, or 0 before the first insert */
    uint32_t n_live, n_used;
} ValueMap;

/*
 * DISTINCT over a fixed-width class (acc_valuemap.c): an open-addressing set of
 * (group, value) with a reference count, each slot self-contained so that a probe
 * touches one cache line. A count at DS_COUNT_MAX has the rest in the `seen` map.
 */
#define DS_COUNT_MAX UINT32_MAX
typedef struct DsSlot {
    int64_t bits;
    uint32_t gid; /* the group, or DS_EMPTY / DS_TOMB */
    uint32_t count;
} DsSlot;
typedef struct DistinctSet {
    DsSlot *slots;
    uint32_t mask; /* slot count - 1, or 0 before the first insert */
    uint32_t n_live, n_used;
} DistinctSet;

typedef struct VList VList; /* a group's values in arrival order (accumulators.c) */
typedef struct Hll Hll;     /* a HyperLogLog sketch (acc_hll.c) */

/* LISTAGG without retraction: the joined text of a group so far. */
typedef struct ByteBuf {
    char *data;
    uint32_t len, cap;
} ByteBuf;

typedef int (*UpdateFn)(Accumulator *acc, const void *data, const uint16_t *rows,
                        const uint32_t *gids, const int8_t *signs, uint32_t n);
typedef uint32_t (*DistinctFn)(Accumulator *acc, const void *data, const uint16_t *rows,
                               const uint32_t *gids, const int8_t *signs, uint32_t n);
typedef void (*ResultFn)(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                         Arena *arena);

#define MAX_ARRAYS 8

struct Accumulator {
    AggCall call;
    Cls cls;
    bool is_str;
    int want;         /* MIN -1, MAX +1 */
    int arg_scale;    /* DECIMAL argument scale */
    double scale_div; /* 10^arg_scale as a double */
    char *sep;        /* LISTAGG separator (owned) */
    uint32_t sep_len;
    const char *no_retract_msg; /* non-NULL: a -1 sign is an error with this message */
    bool use_distinct;

    UpdateFn update;
    DistinctFn distinct;
    ResultFn result;

    uint32_t n_groups, cap;
    /* per-group arrays; which exist depends on the kind */
    int64_t *cnt;    /* COUNT; non-NULL values of SUM, AVG, STDDEV, VAR, LISTAGG */
    uint64_t *isum;  /* SUM/AVG of integers (wrapping) */
    double *dsum;    /* SUM/AVG of FLOAT/DOUBLE; Welford mean */
    double *m2;      /* Welford M2 */
    i128 *dec;       /* SUM/AVG of DECIMAL */
    int64_t *key;    /* MIN/MAX/FIRST/LAST append-only: the value */
    StrRef *str;     /* ... a string value (in the pool) */
    uint8_t *has;    /* ... whether there is one */
    uint32_t *ext;   /* MIN/MAX with retraction: EXT_NONE, EXT_DIRTY or entry + 2 */
    uint32_t *ghead; /* ... the group's entry list */
    VList *lists;    /* FIRST/LAST/LISTAGG with retraction */
    ByteBuf *bufs;   /* LISTAGG append-only */
    Hll **hlls;      /* APPROX_COUNT_DISTINCT */
    struct {
        void **ptr;
        size_t width;
    } arrays[MAX_ARRAYS];
    int n_arrays;

    ValueMap multiset; /* MIN/MAX with retraction */
    ValueMap seen;     /* DISTINCT reference counts (strings; counts past DS_COUNT_MAX) */
    DistinctSet dset;  /* DISTINCT reference counts of fixed-width values */
    StrPool pool;
    size_t heap_bytes; /* lists, buffers, sketches */

    /* narrowed rows of the current update */
    uint16_t *s_rows;
    uint32_t *s_gids;
    int8_t *s_signs;
    uint32_t s_cap;
};

#define EXT_NONE  0u
#define EXT_DIRTY 1u

/* Copies a string into the pool (fixed-width keys pass through). */
AI Key keep_key(Accumulator *acc, Key k, bool is_str) {
    if (is_str)
        k.ptr = pool_copy(&acc->pool, k.ptr, k.len);
    return k;
}

/* Appends text s to a group's buffer, after the separator when the group has values. */
static inline void buf_append(Accumulator *acc, ByteBuf *b, bool has_values, const char *s,
                              uint32_t len) {
    uint32_t sep = has_values ? acc->sep_len : 0;
    size_t need = (size_t)b->len + sep + len;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 16;
        while (cap < need)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        acc->heap_bytes += cap - b->cap;
        b->cap = (uint32_t)cap;
    }
    if (need > b->len) { /* empty strings joined without separators copy nothing */
        memcpy(b->data + b->len, acc->sep, sep);
        if (len)
            memcpy(b->data + b->len + sep, s, len);
    }
    b->len = (uint32_t)need;
}

/*
 * Defines PREFIX_bool .. PREFIX_str, update functions that run BODY (an AI function
 * taking a LoadFn and is_str) specialised for each class, and the table PREFIX of them
 * by class. LOAD_F32 and LOAD_F64 choose how floating-point values load.
 */
#define DEFINE_KEYED(PREFIX, BODY, LOAD_F32, LOAD_F64)                                             \
    static int PREFIX##_bool(Accumulator *acc, const void *data, const uint16_t *rows,             \
                             const uint32_t *gids, const int8_t *signs, uint32_t n) {              \
        return BODY(acc, data, rows, gids, signs, n, load_bool, false);                            \
    }                                                                                              \
    static int PREFIX##_i32(Accumulator *acc, const void *data, const uint16_t *rows,              \
                            const uint32_t *gids, const int8_t *signs, uint32_t n) {               \
        return BODY(acc, data, rows, gids, signs, n, load_i32, false);                             \
    }                                                                                              \
    static int PREFIX##_i64(Accumulator *acc, const void *data, const uint16_t *rows,              \
                            const uint32_t *gids, const int8_t *signs, uint32_t n) {               \
        return BODY(acc, data, rows, gids, signs, n, load_i64, false);                             \
    }                                                                                              \
    static int PREFIX##_f32(Accumulator *acc, const void *data, const uint16_t *rows,              \
                            const uint32_t *gids, const int8_t *signs, uint32_t n) {               \
        return BODY(acc, data, rows, gids, signs, n, LOAD_F32, false);                             \
    }                                                                                              \
    static int PREFIX##_f64(Accumulator *acc, const void *data, const uint16_t *rows,              \
                            const uint32_t *gids, const int8_t *signs, uint32_t n) {               \
        return BODY(acc, data, rows, gids, signs, n, LOAD_F64, false);                             \
    }                                                                                              \
    static int PREFIX##_str(Accumulator *acc, const void *data, const uint16_t *rows,              \
                            const uint32_t *gids, const int8_t *signs, uint32_t n) {               \
        return BODY(acc, data, rows, gids, signs, n, load_str, true);                              \
    }                                                                                              \
    static const UpdateFn PREFIX[CLS_COUNT_] = {                                                   \
        [CLS_BOOL] = PREFIX##_bool, [CLS_I32] = PREFIX##_i32, [CLS_I64] = PREFIX##_i64,            \
        [CLS_F32] = PREFIX##_f32,   [CLS_F64] = PREFIX##_f64, [CLS_STR] = PREFIX##_str};

/* ---- accumulators.c --------------------------------------------------------------- */

/* Whether DISTINCT needs reference counts (MIN, MAX and APPROX_COUNT_DISTINCT ignore it,
 * and COUNT(*) and the NULL literal have no values to count). */
bool acc_uses_distinct(const AggCall *call);
/* Copies every live string of acc's state into a new pool and frees the old one. */
void acc_pool_compact(Accumulator *acc);
/* An integer into row `row` of a vector of the result type (cut to its width, as
 * Java's casts). */
void acc_put_int(Vector *out, uint32_t row, int64_t v);
/* A key back into row `row` of a vector of the argument's type (strings copied into
 * arena). */
void acc_put_key(const Accumulator *acc, Vector *out, uint32_t row, Key k, Arena *arena);

/* ---- acc_valuemap.c --------------------------------------------------------------- */

void vm_free(ValueMap *m);
size_t vm_bytes(const ValueMap *m);
/* Copies the strings of m's live entries into pool `to` and points the entries there. */
void vm_relocate_strings(ValueMap *m, StrPool *to);
/* After groups left map m: compacts its entries or rebuilds its slots when worthwhile
 * (`linked`: m is acc's MIN/MAX multiset, whose group lists and extremes follow). */
void vm_shrink(Accumulator *acc, ValueMap *m, bool linked);

/* MIN/MAX with retraction: the update for a class, the result, and emptying group g's
 * entries (their strings released; vm_shrink afterwards). */
UpdateFn mmr_update_fn(Cls cls);
void mmr_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena);
void mmr_clear_group(Accumulator *acc, uint32_t g);

/* DISTINCT: the narrowing of rows for a class, and emptying groups ids[0..n) (each once)
 * of their reference counts. */
DistinctFn distinct_fn(Cls cls);
/* A count past DS_COUNT_MAX: one more copy of (k, g), or one fewer (false: none left). */
void ds_overflow_add(Accumulator *acc, Key k, uint32_t g, uint64_t h);
bool ds_overflow_take(Accumulator *acc, Key k, uint32_t g, uint64_t h);
/* Memory for a big table probed at random (huge pages past a few MiB); free() frees it. */
void *acc_big_alloc(size_t bytes);
/* Makes room for n narrowed rows in acc's scratch arrays. */
void acc_scratch_reserve(Accumulator *acc, uint32_t n);
void ds_free(DistinctSet *d);
size_t ds_bytes(const DistinctSet *d);
void distinct_clear(Accumulator *acc, const uint32_t *ids, uint32_t n);

/* ---- acc_hll.c -------------------------------------------------------------------- */

/* APPROX_COUNT_DISTINCT: the update for a class, the result, and merging groups (as
 * acc_merge, whose arguments these are). */
UpdateFn hll_update_fn(Cls cls);
void hll_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena);
void hll_merge_groups(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
                      const uint32_t *src_ids, uint32_t n);
size_t hll_bytes(const Hll *h); /* memory held by a sketch */
void hll_free(Hll *h);          /* accepts NULL */

#endif /* EXEC_ACC_INTERNAL_H */
