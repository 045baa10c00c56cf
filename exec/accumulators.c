/*
 * accumulators.c - the state of one aggregate call for every group, and the loops that
 * update it a batch at a time. (acc_internal.h lists the files that share the work:
 * acc_valuemap.c, acc_hll.c and acc_merge.c.)
 *
 * State is columnar: one array per field, indexed by group id (acc_reserve grows them
 * all, new groups start as zeroes, and zero always means "empty"). acc_new picks, once,
 * an update function specialised for the call's kind and the argument's physical class
 * (BOOLEAN, 32-bit integers, 64-bit integers, FLOAT, DOUBLE, strings); the update loop
 * then runs over the batch with no switch on type and no allocation per row. Before it
 * runs, acc_update narrows the rows to those that count: FILTER TRUE, argument not NULL
 * (except COUNT(*)), and with DISTINCT, a value whose per-group reference count goes
 * 0 -> 1 (an add) or 1 -> 0 (a retraction) (acc_valuemap.c).
 *
 * Per kind (Flink's semantics; sign +1 adds a row, -1 retracts one):
 *   COUNT(*), COUNT(x)  cnt[g] += sign. BIGINT, never NULL.
 *   SUM                 cnt[g] (non-NULL values, so retraction to empty gives NULL) and
 *                       a sum: integers in uint64 (wrapping; the result is cut to the
 *                       result type's width, so it wraps as Java's int/long do), DECIMAL
 *                       in int128 at the argument's scale (NULL when the result does not
 *                       fit DECIMAL(18)), FLOAT/DOUBLE in double.
 *   AVG                 the same state; integers give sum / count truncated (AVG(1, 2) is
 *                       1), DECIMAL sum / count rounded half-up to the result's scale.
 *   STDDEV_*, VAR_*     Welford's count, mean and M2 in double, with its exact inverse for
 *                       retraction (as Flink's WELFORD_M2); VAR_POP = M2 / n, VAR_SAMP =
 *                       M2 / (n - 1) (NULL for n <= 1), STDDEV = sqrt; then cast to the
 *                       result type (integers truncate, DECIMAL rounds half-up).
 *   MIN, MAX            append-only: the extreme per group (has[g], key[g] or str[g]).
 *                       With retraction: a multiset of (group, value) -> count and a
 *                       cached extreme per group, rescanned when its last copy is
 *                       retracted (acc_valuemap.c).
 *   FIRST_VALUE,        first/last non-NULL value by arrival. Append-only: just that
 *   LAST_VALUE          value. With retraction: the group's values in arrival order (a
 *                       list with tombstones); a retraction kills the earliest live equal
 *                       value, as Flink's *WithRetractAggFunction removes the first order
 *                       of the value; unmatched retractions are ignored. Finding that
 *                       value is a scan from the front, O(group size) as Flink's
 *                       ListView.remove; appends and results are O(1).
 *   LISTAGG             append-only: one growing byte buffer per group holding the joined
 *                       text. With retraction: the arrival-ordered list (as FIRST_VALUE),
 *                       removing the first equal value, joined when the result is asked.
 *   APPROX_COUNT_DISTINCT  a HyperLogLog sketch per group (acc_hll.c). Cannot retract.
 *
 * Values are held as Keys (acc_internal.h): fixed-width values as an ordered int64,
 * strings as (pointer, length).
 *
 * Strings the state keeps are copied into the accumulator's string pool, a bump
 * allocator whose bytes are released (counted, not freed) when a value leaves the
 * state. When the pool holds more than twice its live bytes (and 1 MiB more), the end
 * of acc_update copies every live string into a new pool and frees the old one, so
 * memory stays within about twice what the state needs. Results are always copied into
 * the caller's arena, so they outlive any later update.
 *
 * acc_clear (state TTL) empties groups so their ids can be reused: every per-group array
 * goes back to zero, lists, buffers and sketches are freed, the groups' entries leave
 * the value maps and their strings are released from the pool (acc_valuemap.c says how
 * its maps shrink afterwards).
 *
 * acc_merge (acc_merge.c) folds groups of one accumulator into another's, for sliced
 * HOP/CUMULATE windows; only append-only calls without DISTINCT reference counts merge.
 *
 * Example, SUM(price) GROUP BY item with retraction, rows +I(a, 3), +I(a, 1), -D(a, 1):
 * cnt[a] goes 1, 2, 1 and the sum 3, 4, 3, so the result is 3; after a further -D(a, 3)
 * cnt[a] is 0 and SUM is NULL, while COUNT(price) would say 0.
 */
#include "exec/acc_internal.h"

/* ---- string pool ------------------------------------------------------------------ */

/* A block of the string pool (StrPool.blocks lists them, newest first). */
struct PoolBlock {
    PoolBlock *next;
    size_t size;
    char data[];
};

#define POOL_BLOCK (64 * 1024)

const char *pool_copy_bytes(StrPool *p, const char *s, uint32_t len) {
    p->live += len;
    if (len > p->left) {
        size_t size = len > POOL_BLOCK / 4 ? len : POOL_BLOCK;
        PoolBlock *b = xmalloc(sizeof(PoolBlock) + size);
        b->size = size;
        b->next = p->blocks;
        p->blocks = b;
        p->bytes += sizeof(PoolBlock) + size;
        if (size == len) { /* a big string gets a block of its own */
            memcpy(b->data, s, len);
            return b->data;
        }
        p->cur = b->data;
        p->left = size;
    }
    char *d = p->cur;
    memcpy(d, s, len);
    p->cur += len;
    p->left -= len;
    return d;
}

static void pool_free(StrPool *p) {
    PoolBlock *b = p->blocks;
    while (b) {
        PoolBlock *next = b->next;
        free(b);
        b = next;
    }
    memset(p, 0, sizeof *p);
}

/* ---- value lists: a group's values in arrival order ------------------------------- */

/*
 * items[head..n) hold the values in arrival order; a retracted one becomes a tombstone
 * (len DEAD_LEN) and n_dead counts them. Tombstones at either end are trimmed at once,
 * and the list is squeezed when more than half of it is dead, so the first and last live
 * values are items[head] and items[n - 1].
 */
#define DEAD_LEN UINT32_MAX /* a retracted item of a value list */

struct VList {
    Key *items;
    uint32_t n, cap, head, n_dead;
};

static void vlist_push(VList *l, Key k, size_t *heap_bytes) {
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        l->items = xrealloc(l->items, (size_t)cap * sizeof(Key));
        *heap_bytes += (size_t)(cap - l->cap) * sizeof(Key);
        l->cap = cap;
    }
    l->items[l->n++] = k;
}

static void vlist_squeeze(VList *l) {
    uint32_t w = 0;
    for (uint32_t r = l->head; r < l->n; r++)
        if (l->items[r].len != DEAD_LEN)
            l->items[w++] = l->items[r];
    l->n = w;
    l->head = 0;
    l->n_dead = 0;
}

/* Kills item i (live). */
static void vlist_kill(VList *l, uint32_t i) {
    l->items[i].len = DEAD_LEN;
    l->n_dead++;
    while (l->head < l->n && l->items[l->head].len == DEAD_LEN) {
        l->head++;
        l->n_dead--;
    }
    while (l->n > l->head && l->items[l->n - 1].len == DEAD_LEN) {
        l->n--;
        l->n_dead--;
    }
    if (l->head == l->n)
        l->head = l->n = 0;
    else if (l->n_dead + l->head > 8 && (l->n_dead + l->head) * 2 > l->n)
        vlist_squeeze(l);
}

/* ---- update: COUNT, SUM, AVG ------------------------------------------------------ */

static int upd_count(Accumulator *acc, const void *data, const uint16_t *rows, const uint32_t *gids,
                     const int8_t *signs, uint32_t n) {
    (void)data;
    (void)rows;
    int64_t *cnt = acc->cnt;
    for (uint32_t i = 0; i < n; i++)
        cnt[gids[i]] += signs[i];
    return 0;
}

#define DEFINE_SUM_INT(NAME, T)                                                                    \
    static int NAME(Accumulator *acc, const void *data, const uint16_t *rows,                      \
                    const uint32_t *gids, const int8_t *signs, uint32_t n) {                       \
        const T *v = data;                                                                         \
        int64_t *cnt = acc->cnt;                                                                   \
        uint64_t *sum = acc->isum;                                                                 \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t g = gids[i];                                                                  \
            cnt[g] += signs[i];                                                                    \
            sum[g] += (uint64_t)(int64_t)v[rows[i]] * (uint64_t)(int64_t)signs[i];                 \
        }                                                                                          \
        return 0;                                                                                  \
    }
DEFINE_SUM_INT(upd_sum_i32, int32_t)
DEFINE_SUM_INT(upd_sum_i64, int64_t)

#define DEFINE_SUM_FLT(NAME, T)                                                                    \
    static int NAME(Accumulator *acc, const void *data, const uint16_t *rows,                      \
                    const uint32_t *gids, const int8_t *signs, uint32_t n) {                       \
        const T *v = data;                                                                         \
        int64_t *cnt = acc->cnt;                                                                   \
        double *sum = acc->dsum;                                                                   \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t g = gids[i];                                                                  \
            cnt[g] += signs[i];                                                                    \
            sum[g] += (double)v[rows[i]] * signs[i];                                               \
        }                                                                                          \
        return 0;                                                                                  \
    }
DEFINE_SUM_FLT(upd_sum_f32, float)
DEFINE_SUM_FLT(upd_sum_f64, double)

static int upd_sum_dec(Accumulator *acc, const void *data, const uint16_t *rows,
                       const uint32_t *gids, const int8_t *signs, uint32_t n) {
    const int64_t *v = data;
    int64_t *cnt = acc->cnt;
    i128 *sum = acc->dec;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        cnt[g] += signs[i];
        sum[g] += (i128)v[rows[i]] * signs[i];
    }
    return 0;
}

/* ---- update: STDDEV, VAR (Welford) ------------------------------------------------ */

/* One value in or out of a group's (n, mean, M2), as Flink's WELFORD_M2: a count that
 * is not positive (unmatched retractions) keeps counting but holds no moments. */
AI void welford(int64_t *cnt, double *mean, double *m2, double x, int sign) {
    if (sign > 0) {
        int64_t n = ++*cnt;
        if (n <= 0)
            return;
        double delta = x - *mean;
        *mean += delta / (double)n;
        *m2 += delta * (x - *mean);
    } else {
        int64_t n = --*cnt;
        if (n <= 0) {
            if (n == 0)
                *mean = *m2 = 0.0;
            return;
        }
        double delta2 = x - *mean;
        *mean -= delta2 / (double)n;
        *m2 -= (x - *mean) * delta2;
        if (n == 1)
            *m2 = 0.0; /* exact for one value, whatever rounding left */
    }
}

#define DEFINE_WELFORD(NAME, T, CONV)                                                              \
    static int NAME(Accumulator *acc, const void *data, const uint16_t *rows,                      \
                    const uint32_t *gids, const int8_t *signs, uint32_t n) {                       \
        const T *v = data;                                                                         \
        double div = acc->scale_div;                                                               \
        (void)div;                                                                                 \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t g = gids[i];                                                                  \
            welford(&acc->cnt[g], &acc->dsum[g], &acc->m2[g], CONV(v[rows[i]]), signs[i]);         \
        }                                                                                          \
        return 0;                                                                                  \
    }
#define CONV_PLAIN(x) ((double)(x))
#define CONV_DEC(x)   ((double)(x) / div)
DEFINE_WELFORD(upd_var_i32, int32_t, CONV_PLAIN)
DEFINE_WELFORD(upd_var_i64, int64_t, CONV_PLAIN)
DEFINE_WELFORD(upd_var_f32, float, CONV_PLAIN)
DEFINE_WELFORD(upd_var_f64, double, CONV_PLAIN)
DEFINE_WELFORD(upd_var_dec, int64_t, CONV_DEC)

/* ---- update: MIN, MAX, FIRST_VALUE, LAST_VALUE without retraction ----------------- */

/* mode: -1 MIN, +1 MAX, 2 FIRST_VALUE, 3 LAST_VALUE. */
AI int upd_pick_body(Accumulator *acc, const void *data, const uint16_t *rows, const uint32_t *gids,
                     uint32_t n, LoadFn load, bool is_str, int mode) {
    uint8_t *has = acc->has;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        Key k = load(data, rows[i]);
        bool take;
        if (mode == 2)
            take = !has[g];
        else if (mode == 3)
            take = true;
        else if (!has[g])
            take = true;
        else if (is_str)
            take = str_cmp(k.ptr, k.len, acc->str[g].ptr, acc->str[g].len) * mode > 0;
        else
            take = (mode > 0) ? k.bits > acc->key[g] : k.bits < acc->key[g];
        if (!take)
            continue;
        if (is_str) {
            if (has[g])
                pool_release(&acc->pool, acc->str[g].len);
            acc->str[g].ptr = pool_copy(&acc->pool, k.ptr, k.len);
            acc->str[g].len = k.len;
        } else {
            acc->key[g] = k.bits;
        }
        has[g] = 1;
    }
    return 0;
}

#define DEFINE_PICK(NAME, LOAD, IS_STR, MODE)                                                      \
    static int NAME(Accumulator *acc, const void *data, const uint16_t *rows,                      \
                    const uint32_t *gids, const int8_t *signs, uint32_t n) {                       \
        (void)signs;                                                                               \
        return upd_pick_body(acc, data, rows, gids, n, LOAD, IS_STR, MODE);                        \
    }
#define DEFINE_PICK_ALL(MODE, SUFFIX)                                                              \
    DEFINE_PICK(upd_##SUFFIX##_bool, load_bool, false, MODE)                                       \
    DEFINE_PICK(upd_##SUFFIX##_i32, load_i32, false, MODE)                                         \
    DEFINE_PICK(upd_##SUFFIX##_i64, load_i64, false, MODE)                                         \
    DEFINE_PICK(upd_##SUFFIX##_f32, load_f32, false, MODE)                                         \
    DEFINE_PICK(upd_##SUFFIX##_f64, load_f64, false, MODE)                                         \
    DEFINE_PICK(upd_##SUFFIX##_str, load_str, true, MODE)                                          \
    static const UpdateFn UPD_##SUFFIX[CLS_COUNT_] = {                                             \
        [CLS_BOOL] = upd_##SUFFIX##_bool, [CLS_I32] = upd_##SUFFIX##_i32,                          \
        [CLS_I64] = upd_##SUFFIX##_i64,   [CLS_F32] = upd_##SUFFIX##_f32,                          \
        [CLS_F64] = upd_##SUFFIX##_f64,   [CLS_STR] = upd_##SUFFIX##_str};
DEFINE_PICK_ALL(-1, min)
DEFINE_PICK_ALL(1, max)
DEFINE_PICK_ALL(2, first)
DEFINE_PICK_ALL(3, last)

/* ---- update: FIRST_VALUE, LAST_VALUE, LISTAGG with retraction --------------------- */

AI int upd_list_body(Accumulator *acc, const void *data, const uint16_t *rows, const uint32_t *gids,
                     const int8_t *signs, uint32_t n, LoadFn load, bool is_str) {
    for (uint32_t i = 0; i < n; i++) {
        VList *l = &acc->lists[gids[i]];
        Key k = load(data, rows[i]);
        if (signs[i] > 0) {
            vlist_push(l, keep_key(acc, k, is_str), &acc->heap_bytes);
            continue;
        }
        for (uint32_t j = l->head; j < l->n; j++) {
            if (l->items[j].len != DEAD_LEN && key_eq(l->items[j], k, is_str)) {
                if (is_str)
                    pool_release(&acc->pool, l->items[j].len);
                vlist_kill(l, j);
                break;
            }
        }
    }
    return 0;
}

DEFINE_KEYED(upd_list, upd_list_body, load_f32, load_f64)

/* ---- update: LISTAGG without retraction ------------------------------------------- */

static int upd_listagg(Accumulator *acc, const void *data, const uint16_t *rows,
                       const uint32_t *gids, const int8_t *signs, uint32_t n) {
    (void)signs;
    const StrRef *v = data;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        StrRef s = v[rows[i]];
        buf_append(acc, &acc->bufs[g], acc->cnt[g] != 0, s.ptr, s.len);
        acc->cnt[g]++;
    }
    return 0;
}

/* ---- writing results -------------------------------------------------------------- */

void acc_put_int(Vector *out, uint32_t row, int64_t v) {
    switch (out->type.id) {
        case TYPE_TINYINT:
            ((int32_t *)out->data)[row] = (int8_t)v;
            break;
        case TYPE_SMALLINT:
            ((int32_t *)out->data)[row] = (int16_t)v;
            break;
        case TYPE_INT:
        case TYPE_DATE:
        case TYPE_TIME:
            ((int32_t *)out->data)[row] = (int32_t)v;
            break;
        case TYPE_FLOAT:
            ((float *)out->data)[row] = (float)v;
            break;
        case TYPE_DOUBLE:
            ((double *)out->data)[row] = (double)v;
            break;
        case TYPE_DECIMAL: {
            int64_t d;
            if (decimal_rescale(v, 0, out->type.scale, out->type.precision, &d))
                ((int64_t *)out->data)[row] = d;
            else
                vec_set_null(out, row);
            break;
        }
        case TYPE_BOOLEAN:
            ((uint8_t *)out->data)[row] = v != 0;
            break;
        default:
            ((int64_t *)out->data)[row] = v;
            break;
    }
}

/* Java's (int) of a double, then narrowed for TINYINT/SMALLINT as Java's (byte)(int). */
static int32_t dbl_to_int(double d) {
    if (d != d)
        return 0;
    if (d >= 2147483647.0)
        return INT32_MAX;
    if (d <= -2147483648.0)
        return INT32_MIN;
    return (int32_t)d;
}

static const double POW10_DBL[19] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                     1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

/* Flink's CAST of a DOUBLE to DECIMAL(p, s): Java's shortest digits of d (as
 * BigDecimal.valueOf), rounded half-up to s places; false when it does not fit. */
static bool dbl_to_decimal(double d, int scale, int precision, int64_t *out) {
    if (!isfinite(d))
        return false;
    char digits[32];
    int point;
    bool neg;
    int n = fmt_double_java_digits(d, digits, &point, &neg);
    int keep = point + scale; /* digits left of the point once scaled */
    int64_t v = 0;
    for (int i = 0; i < keep; i++) {
        if (v >= decimal_pow10[DECIMAL_MAX_PRECISION - 1])
            return false;
        v = v * 10 + (i < n ? digits[i] - '0' : 0);
    }
    if (keep >= 0 && keep < n && digits[keep] >= '5')
        v++;
    if (!decimal_fits(v, precision))
        return false;
    *out = neg ? -v : v;
    return true;
}

static void put_double(Vector *out, uint32_t row, double d) {
    switch (out->type.id) {
        case TYPE_DOUBLE:
            ((double *)out->data)[row] = d;
            break;
        case TYPE_FLOAT:
            ((float *)out->data)[row] = (float)d;
            break;
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
            acc_put_int(out, row, dbl_to_int(d));
            break;
        case TYPE_DECIMAL: {
            int64_t v;
            if (dbl_to_decimal(d, out->type.scale, out->type.precision, &v))
                ((int64_t *)out->data)[row] = v;
            else
                vec_set_null(out, row);
            break;
        }
        default:
            acc_put_int(out, row, java_double_to_long(d));
            break;
    }
}

/* num / den rounded half-up (away from zero); den > 0. */
static i128 div_half_up(i128 num, i128 den) {
    i128 q = num / den, r = num % den;
    i128 ar = r < 0 ? -r : r;
    if (ar >= den - ar)
        q += num < 0 ? -1 : 1;
    return q;
}

/* num * 10^k, false on overflow. */
static bool mul_pow10(i128 num, int k, i128 *out) {
    for (; k > 0; k -= 18) {
        int step = k > 18 ? 18 : k;
        if (__builtin_mul_overflow(num, (i128)decimal_pow10[step], &num))
            return false;
    }
    *out = num;
    return true;
}

/* A DECIMAL value num / den (num at `scale`) into the result: rounded half-up to the
 * result's scale, NULL when it does not fit its precision. */
static void put_dec_ratio(Vector *out, uint32_t row, i128 num, int scale, int64_t den) {
    if (out->type.id != TYPE_DECIMAL) {
        double d = (double)num / POW10_DBL[scale] / (double)den;
        if (type_info(out->type.id)->is_integer) /* integers truncate (Flink's cast) */
            acc_put_int(out, row, (int64_t)(num / den / (i128)decimal_pow10[scale]));
        else
            put_double(out, row, d);
        return;
    }
    int rs = out->type.scale;
    i128 q;
    if (rs >= scale) {
        if (!mul_pow10(num, rs - scale, &num)) {
            vec_set_null(out, row);
            return;
        }
        q = div_half_up(num, den);
    } else {
        i128 d;
        if (!mul_pow10(den, scale - rs, &d)) {
            q = 0;
        } else {
            q = div_half_up(num, d);
        }
    }
    int64_t bound = decimal_pow10[MIN(out->type.precision, DECIMAL_MAX_PRECISION)];
    if (q >= bound || q <= -bound)
        vec_set_null(out, row);
    else
        ((int64_t *)out->data)[row] = (int64_t)q;
}

static void put_str(Vector *out, uint32_t row, const char *s, uint32_t len, Arena *arena) {
    StrRef *d = &((StrRef *)out->data)[row];
    if (len == 0) {
        d->ptr = "";
    } else {
        char *p = arena_alloc(arena, len);
        memcpy(p, s, len);
        d->ptr = p;
    }
    d->len = len;
}

void acc_put_key(const Accumulator *acc, Vector *out, uint32_t row, Key k, Arena *arena) {
    switch (acc->cls) {
        case CLS_BOOL:
            ((uint8_t *)out->data)[row] = (uint8_t)k.bits;
            break;
        case CLS_I32:
            ((int32_t *)out->data)[row] = (int32_t)k.bits;
            break;
        case CLS_I64:
            ((int64_t *)out->data)[row] = k.bits;
            break;
        case CLS_F32:
            ((float *)out->data)[row] = (float)key_dbl(k.bits);
            break;
        case CLS_F64:
            ((double *)out->data)[row] = key_dbl(k.bits);
            break;
        case CLS_STR:
            put_str(out, row, k.ptr, k.len, arena);
            break;
        default:
            vec_set_null(out, row);
            break;
    }
}

/* ---- results per kind ------------------------------------------------------------- */

static void res_count(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                      Arena *arena) {
    (void)arena;
    if (out->type.id == TYPE_BIGINT) { /* COUNT's type: stored as is, no switch per row */
        int64_t *o = out->data;
        for (uint32_t i = 0; i < n; i++)
            o[i] = acc->cnt[ids[i]];
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        acc_put_int(out, i, acc->cnt[ids[i]]);
}

static void res_sum_int(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    if (out->type.id == TYPE_BIGINT) { /* SUM of BIGINT: stored as is */
        int64_t *o = out->data;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t g = ids[i];
            o[i] = (int64_t)acc->isum[g];
            if (acc->cnt[g] == 0)
                vec_set_null(out, i);
        }
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] == 0)
            vec_set_null(out, i);
        else
            acc_put_int(out, i, (int64_t)acc->isum[g]);
    }
}

static void res_sum_flt(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] == 0)
            vec_set_null(out, i);
        else
            put_double(out, i, acc->dsum[g]);
    }
}

static void res_sum_dec(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] == 0)
            vec_set_null(out, i);
        else
            put_dec_ratio(out, i, acc->dec[g], acc->arg_scale, 1);
    }
}

static void res_avg_int(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    bool exact = type_info(out->type.id)->is_integer;
    if (out->type.id == TYPE_BIGINT) { /* AVG of BIGINT: stored as is */
        int64_t *o = out->data;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t g = ids[i];
            int64_t c = acc->cnt[g];
            o[i] = c > 0 ? (int64_t)acc->isum[g] / c : 0; /* truncated toward zero, as Java */
            if (c <= 0)
                vec_set_null(out, i);
        }
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        int64_t c = acc->cnt[g], s = (int64_t)acc->isum[g];
        if (c <= 0)
            vec_set_null(out, i);
        else if (exact)
            acc_put_int(out, i, s / c); /* C truncates toward zero, as Java */
        else if (out->type.id == TYPE_DECIMAL)
            put_dec_ratio(out, i, s, 0, c);
        else
            put_double(out, i, (double)s / (double)c);
    }
}

static void res_avg_flt(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] <= 0)
            vec_set_null(out, i);
        else
            put_double(out, i, acc->dsum[g] / (double)acc->cnt[g]);
    }
}

static void res_avg_dec(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] <= 0)
            vec_set_null(out, i);
        else
            put_dec_ratio(out, i, acc->dec[g], acc->arg_scale, acc->cnt[g]);
    }
}

static void res_var(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    (void)arena;
    AggKind kind = acc->call.kind;
    bool samp = kind == AGG_VAR_SAMP || kind == AGG_STDDEV_SAMP;
    bool root = kind == AGG_STDDEV_POP || kind == AGG_STDDEV_SAMP;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        int64_t c = acc->cnt[g];
        double m2 = acc->m2[g];
        if (c <= 0 || (samp && c == 1) || m2 < 0) {
            vec_set_null(out, i);
            continue;
        }
        double v = m2 / (double)(samp ? c - 1 : c);
        put_double(out, i, root ? sqrt(v) : v);
    }
}

static void res_pick(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (!acc->has[g]) {
            vec_set_null(out, i);
        } else if (acc->is_str) {
            put_str(out, i, acc->str[g].ptr, acc->str[g].len, arena);
        } else {
            acc_put_key(acc, out, i, (Key){.bits = acc->key[g]}, arena);
        }
    }
}

static void res_first_r(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        const VList *l = &acc->lists[ids[i]];
        if (l->head == l->n)
            vec_set_null(out, i);
        else
            acc_put_key(acc, out, i, l->items[l->head], arena);
    }
}

static void res_last_r(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                       Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        const VList *l = &acc->lists[ids[i]];
        if (l->head == l->n)
            vec_set_null(out, i);
        else
            acc_put_key(acc, out, i, l->items[l->n - 1], arena);
    }
}

static void res_listagg(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] == 0)
            vec_set_null(out, i);
        else
            put_str(out, i, acc->bufs[g].data, acc->bufs[g].len, arena);
    }
}

static void res_listagg_r(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                          Arena *arena) {
    StrRef *d = out->data;
    for (uint32_t i = 0; i < n; i++) {
        const VList *l = &acc->lists[ids[i]];
        if (l->head == l->n) {
            vec_set_null(out, i);
            continue;
        }
        size_t len = 0;
        uint32_t n_live = 0;
        for (uint32_t j = l->head; j < l->n; j++) {
            if (l->items[j].len != DEAD_LEN) {
                len += l->items[j].len;
                n_live++;
            }
        }
        len += (size_t)(n_live - 1) * acc->sep_len;
        char *p = arena_alloc(arena, len ? len : 1), *w = p;
        bool first = true;
        for (uint32_t j = l->head; j < l->n; j++) {
            if (l->items[j].len == DEAD_LEN)
                continue;
            if (!first) {
                memcpy(w, acc->sep, acc->sep_len);
                w += acc->sep_len;
            }
            first = false;
            memcpy(w, l->items[j].ptr, l->items[j].len);
            w += l->items[j].len;
        }
        d[i].ptr = p;
        d[i].len = (uint32_t)len;
    }
}

/* ---- compaction of the string pool ------------------------------------------------ */

static void relocate(StrPool *to, const char **ptr, uint32_t len) {
    *ptr = pool_copy(to, *ptr, len);
}

void acc_pool_compact(Accumulator *acc) {
    if (!acc->is_str)
        return;
    StrPool fresh = {0};
    if (acc->str) {
        for (uint32_t g = 0; g < acc->n_groups; g++)
            if (acc->has[g])
                relocate(&fresh, &acc->str[g].ptr, acc->str[g].len);
    }
    vm_relocate_strings(&acc->multiset, &fresh);
    vm_relocate_strings(&acc->seen, &fresh);
    if (acc->lists) {
        for (uint32_t g = 0; g < acc->n_groups; g++) {
            VList *l = &acc->lists[g];
            for (uint32_t j = l->head; j < l->n; j++)
                if (l->items[j].len != DEAD_LEN)
                    relocate(&fresh, &l->items[j].ptr, l->items[j].len);
        }
    }
    pool_free(&acc->pool);
    acc->pool = fresh;
}

/* ---- the interface ---------------------------------------------------------------- */

static Cls cls_of(TypeId id) {
    static const Cls FROM_PHYS[] = {
        [PHYS_U8] = CLS_BOOL, [PHYS_I32] = CLS_I32, [PHYS_I64] = CLS_I64,  [PHYS_F32] = CLS_F32,
        [PHYS_F64] = CLS_F64, [PHYS_STR] = CLS_STR, [PHYS_NONE] = CLS_NULL};
    return FROM_PHYS[phys_of(id)];
}

static Cls call_cls(const AggCall *call) {
    return call->kind == AGG_COUNT_STAR ? CLS_NULL : cls_of(call->arg_type.id);
}

bool acc_uses_distinct(const AggCall *call) {
    AggKind kind = call->kind;
    return call->is_distinct && kind != AGG_MIN && kind != AGG_MAX &&
           kind != AGG_APPROX_COUNT_DISTINCT && call_cls(call) != CLS_NULL;
}

static void add_array(Accumulator *acc, void *ptr_to_array, size_t width) {
    assert(acc->n_arrays < MAX_ARRAYS);
    acc->arrays[acc->n_arrays].ptr = ptr_to_array;
    acc->arrays[acc->n_arrays].width = width;
    acc->n_arrays++;
}

Accumulator *acc_new(const AggCall *call) {
    Accumulator *acc = xcalloc(1, sizeof(Accumulator));
    acc->call = *call;
    AggKind kind = call->kind;
    Cls cls = call_cls(call);
    bool is_dec = call->arg_type.id == TYPE_DECIMAL;
    bool retract = call->may_retract;
    acc->cls = cls;
    acc->is_str = cls == CLS_STR;
    acc->arg_scale = is_dec ? call->arg_type.scale : 0;
    acc->scale_div = POW10_DBL[acc->arg_scale];
    acc->want = kind == AGG_MAX ? 1 : -1;
    acc->use_distinct = acc_uses_distinct(call);
    if (acc->use_distinct)
        acc->distinct = distinct_fn(cls);
    const char *sep = call->separator.ptr ? call->separator.ptr : ",";
    acc->sep_len = call->separator.ptr ? call->separator.len : 1;
    acc->sep = xmalloc(acc->sep_len + 1);
    memcpy(acc->sep, sep, acc->sep_len);
    acc->sep[acc->sep_len] = '\0';

    /* A NULL-literal argument (CLS_NULL) fits every kind: no row ever counts. */
    bool any = cls == CLS_NULL;
    bool ok = true;
    bool is_num = any || cls == CLS_I32 || cls == CLS_I64 || cls == CLS_F32 || cls == CLS_F64;
    switch (kind) {
        case AGG_COUNT_STAR:
        case AGG_COUNT:
            add_array(acc, &acc->cnt, sizeof(int64_t));
            acc->update = upd_count;
            acc->result = res_count;
            break;
        case AGG_SUM:
        case AGG_AVG:
            add_array(acc, &acc->cnt, sizeof(int64_t));
            ok = is_num;
            if (is_dec) {
                add_array(acc, &acc->dec, sizeof(i128));
                acc->update = upd_sum_dec;
                acc->result = kind == AGG_SUM ? res_sum_dec : res_avg_dec;
            } else if (cls == CLS_F32 || cls == CLS_F64) {
                add_array(acc, &acc->dsum, sizeof(double));
                acc->update = cls == CLS_F32 ? upd_sum_f32 : upd_sum_f64;
                acc->result = kind == AGG_SUM ? res_sum_flt : res_avg_flt;
            } else {
                add_array(acc, &acc->isum, sizeof(uint64_t));
                acc->update = cls == CLS_I32 ? upd_sum_i32 : upd_sum_i64;
                acc->result = kind == AGG_SUM ? res_sum_int : res_avg_int;
            }
            break;
        case AGG_STDDEV_POP:
        case AGG_STDDEV_SAMP:
        case AGG_VAR_POP:
        case AGG_VAR_SAMP:
            ok = is_num;
            add_array(acc, &acc->cnt, sizeof(int64_t));
            add_array(acc, &acc->dsum, sizeof(double));
            add_array(acc, &acc->m2, sizeof(double));
            acc->update = is_dec           ? upd_var_dec
                          : cls == CLS_I32 ? upd_var_i32
                          : cls == CLS_I64 ? upd_var_i64
                          : cls == CLS_F32 ? upd_var_f32
                                           : upd_var_f64;
            acc->result = res_var;
            break;
        case AGG_MIN:
        case AGG_MAX:
        case AGG_FIRST_VALUE:
        case AGG_LAST_VALUE:
            ok = true;
            if (retract && (kind == AGG_MIN || kind == AGG_MAX)) {
                add_array(acc, &acc->ext, sizeof(uint32_t));
                add_array(acc, &acc->ghead, sizeof(uint32_t));
                acc->update = mmr_update_fn(cls);
                acc->result = mmr_result;
            } else if (retract) {
                add_array(acc, &acc->lists, sizeof(VList));
                acc->update = upd_list[cls];
                acc->result = kind == AGG_FIRST_VALUE ? res_first_r : res_last_r;
            } else {
                add_array(acc, &acc->has, sizeof(uint8_t));
                add_array(acc, acc->is_str ? (void *)&acc->str : (void *)&acc->key,
                          acc->is_str ? sizeof(StrRef) : sizeof(int64_t));
                const UpdateFn *tab = kind == AGG_MIN           ? UPD_min
                                      : kind == AGG_MAX         ? UPD_max
                                      : kind == AGG_FIRST_VALUE ? UPD_first
                                                                : UPD_last;
                acc->update = tab[cls];
                acc->result = res_pick;
                acc->no_retract_msg = "cannot retract without retraction state";
            }
            break;
        case AGG_LISTAGG:
            ok = acc->is_str || any;
            if (retract) {
                add_array(acc, &acc->lists, sizeof(VList));
                acc->update = upd_list_str;
                acc->result = res_listagg_r;
            } else {
                add_array(acc, &acc->cnt, sizeof(int64_t));
                add_array(acc, &acc->bufs, sizeof(ByteBuf));
                acc->update = upd_listagg;
                acc->result = res_listagg;
                acc->no_retract_msg = "cannot retract without retraction state";
            }
            break;
        case AGG_APPROX_COUNT_DISTINCT:
            ok = true;
            add_array(acc, &acc->hlls, sizeof(Hll *));
            acc->update = hll_update_fn(cls);
            acc->result = hll_result;
            acc->no_retract_msg = "cannot retract";
            break;
        default:
            ok = false;
            break;
    }
    if (!ok) {
        acc_free(acc);
        return NULL;
    }
    return acc;
}

int acc_refuse(const AggCall *call, const char *where, Diag *diag) {
    StrBuf t;
    sb_init(&t);
    type_to_string(&call->arg_type, &t);
    diag_set(diag, -1, "not supported yet: %s%s of %s%s", agg_kind_name(call->kind),
             call->is_distinct ? " DISTINCT" : "", sb_cstr(&t), where);
    sb_free(&t);
    return -1;
}

void acc_free(Accumulator *acc) {
    if (!acc)
        return;
    if (acc->lists)
        for (uint32_t g = 0; g < acc->n_groups; g++)
            free(acc->lists[g].items);
    if (acc->bufs)
        for (uint32_t g = 0; g < acc->n_groups; g++)
            free(acc->bufs[g].data);
    if (acc->hlls)
        for (uint32_t g = 0; g < acc->n_groups; g++)
            hll_free(acc->hlls[g]);
    for (int a = 0; a < acc->n_arrays; a++)
        free(*acc->arrays[a].ptr);
    vm_free(&acc->multiset);
    vm_free(&acc->seen);
    ds_free(&acc->dset);
    pool_free(&acc->pool);
    free(acc->s_rows);
    free(acc->s_gids);
    free(acc->s_signs);
    free(acc->sep);
    free(acc);
}

void acc_reserve(Accumulator *acc, uint32_t n_groups) {
    if (n_groups > acc->cap) {
        uint32_t cap = acc->cap ? acc->cap : 64;
        while (cap < n_groups)
            cap = cap > UINT32_MAX / 2 ? n_groups : cap * 2;
        for (int a = 0; a < acc->n_arrays; a++) {
            size_t w = acc->arrays[a].width;
            char *p = xrealloc(*acc->arrays[a].ptr, (size_t)cap * w);
            memset(p + (size_t)acc->cap * w, 0, (size_t)(cap - acc->cap) * w);
            *acc->arrays[a].ptr = p;
        }
        acc->cap = cap;
    }
    if (n_groups > acc->n_groups)
        acc->n_groups = n_groups;
}

void acc_scratch_reserve(Accumulator *acc, uint32_t n) {
    if (n <= acc->s_cap)
        return;
    acc->s_rows = xrealloc(acc->s_rows, n * sizeof(uint16_t));
    acc->s_gids = xrealloc(acc->s_gids, n * sizeof(uint32_t));
    acc->s_signs = xrealloc(acc->s_signs, n * sizeof(int8_t));
    acc->s_cap = n;
}

int acc_update(Accumulator *acc, const Vector *arg, const Vector *filter, const uint16_t *rows,
               const uint32_t *gids, const int8_t *signs, uint32_t n, Diag *diag) {
    if (n == 0)
        return 0;
    if (acc->no_retract_msg) {
        for (uint32_t i = 0; i < n; i++)
            if (signs[i] < 0)
                return diag_set(diag, -1, "%s %s", agg_kind_name(acc->call.kind),
                                acc->no_retract_msg);
    }
    bool counts_nulls = acc->call.kind == AGG_COUNT_STAR;
    if (!counts_nulls && acc->cls == CLS_NULL)
        return 0; /* the argument is the NULL literal: no row counts */
    const void *data = counts_nulls ? NULL : arg->data;
    const uint64_t *valid = counts_nulls ? NULL : arg->validity;
    const uint64_t *fvalid = filter ? filter->validity : NULL;
    const uint8_t *fdata = filter ? filter->data : NULL;

    /* Narrow to the rows that count: FILTER TRUE, argument not NULL. */
    if (filter || valid || acc->use_distinct) {
        acc_scratch_reserve(acc, n);
        uint32_t w = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t r = rows[i];
            if (valid && !((valid[r >> 6] >> (r & 63)) & 1))
                continue;
            if (filter && (!fdata[r] || (fvalid && !((fvalid[r >> 6] >> (r & 63)) & 1))))
                continue;
            acc->s_rows[w] = (uint16_t)r;
            acc->s_gids[w] = gids[i];
            acc->s_signs[w] = signs[i];
            w++;
        }
        rows = acc->s_rows;
        gids = acc->s_gids;
        signs = acc->s_signs;
        n = w;
        if (acc->use_distinct)
            n = acc->distinct(acc, data, rows, gids, signs, n);
    }
#ifndef NDEBUG
    for (uint32_t i = 0; i < n; i++)
        assert(gids[i] < acc->n_groups);
#endif
    int rc = acc->update(acc, data, rows, gids, signs, n);
    if (acc->pool.bytes > 2 * acc->pool.live + (1u << 20))
        acc_pool_compact(acc);
    return rc;
}

void acc_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    if (out->validity)
        for (uint32_t i = 0; i < n; i++)
            vec_set_valid(out, i);
    acc->result(acc, ids, n, out, arena);
}

/* Frees the entries of `m` whose group is marked in `mark`, releasing their strings. */
void acc_clear(Accumulator *acc, const uint32_t *ids, uint32_t n) {
    if (n == 0)
        return;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        assert(g < acc->n_groups);
        if (acc->str && acc->has[g])
            pool_release(&acc->pool, acc->str[g].len);
        if (acc->ghead) /* MIN/MAX with retraction: the group's multiset entries */
            mmr_clear_group(acc, g);
        if (acc->lists) {
            VList *l = &acc->lists[g];
            if (acc->is_str)
                for (uint32_t j = l->head; j < l->n; j++)
                    if (l->items[j].len != DEAD_LEN)
                        pool_release(&acc->pool, l->items[j].len);
            free(l->items);
            acc->heap_bytes -= (size_t)l->cap * sizeof(Key);
        }
        if (acc->bufs) {
            free(acc->bufs[g].data);
            acc->heap_bytes -= acc->bufs[g].cap;
        }
        if (acc->hlls && acc->hlls[g]) {
            acc->heap_bytes -= hll_bytes(acc->hlls[g]);
            hll_free(acc->hlls[g]);
        }
        /* every per-group array back to zero, which is "empty" */
        for (int a = 0; a < acc->n_arrays; a++) {
            size_t w = acc->arrays[a].width;
            memset((char *)*acc->arrays[a].ptr + (size_t)g * w, 0, w);
        }
    }
    if (acc->ghead)
        vm_shrink(acc, &acc->multiset, true);
    if (acc->use_distinct && (acc->seen.n_live || acc->dset.n_live))
        distinct_clear(acc, ids, n);
    if (acc->pool.bytes > 2 * acc->pool.live + (1u << 20))
        acc_pool_compact(acc);
}

size_t acc_bytes(const Accumulator *acc) {
    size_t b = sizeof(Accumulator) + acc->heap_bytes + acc->pool.bytes + vm_bytes(&acc->multiset) +
               vm_bytes(&acc->seen) + ds_bytes(&acc->dset) + (size_t)acc->s_cap * 7;
    for (int a = 0; a < acc->n_arrays; a++)
        b += (size_t)acc->cap * acc->arrays[a].width;
    return b;
}
