/*
 * acc_hll.c - APPROX_COUNT_DISTINCT: one HyperLogLog sketch per group.
 *
 * A value is hashed with XXH3 (FLOAT/DOUBLE as their ordered Key, with -0.0 made 0.0 and
 * every NaN one value, so equal SQL values hash alike); the top HLL_P = 14 bits of the
 * hash choose one of 2^14 registers, and the register keeps the largest rank seen (the
 * position of the first 1 bit in the other 50 bits, plus one). A group's sketch is
 * made at its first value and starts sparse: a small open-addressing set of
 * (register, rank) pairs, doubled as it fills, until its table would pass 8 KiB
 * (2,048 slots); then it becomes dense, 16 KiB of byte registers. The estimate is
 * Ertl's improved estimator, which needs no bias tables: it reads only the histogram
 * of register values. Sketches cannot retract (acc_update reports a -1 sign). Two
 * sketches merge (acc_merge of sliced windows) by the register-wise maximum, which is
 * exactly the sketch of both inputs' values.
 *
 * A group's sketch memory counts in the accumulator's heap_bytes; acc_clear frees it.
 */
#include "exec/acc_internal.h"

#define HLL_P       14
#define HLL_M       (1u << HLL_P)
#define HLL_Q       (64 - HLL_P) /* bits left for the rank: ranks 1..HLL_Q + 1 */
#define HLL_MAX_CAP 2048         /* sparse slots before going dense (8 KiB) */

/* ---- the sketch ------------------------------------------------------------------- */

/*
 * Sparse: an open-addressing set of (register << 8 | rank), 0 empty, sized a power of
 * two; dense: regs[HLL_M] bytes. The register index is random already (top hash bits),
 * so it is its own slot hash.
 */
struct Hll {
    uint32_t n, cap; /* sparse entries and slots */
    uint32_t *sparse;
    uint8_t *regs; /* non-NULL when dense */
};

size_t hll_bytes(const Hll *h) {
    return sizeof(Hll) + (h->regs ? HLL_M : (size_t)h->cap * sizeof(uint32_t));
}

static void hll_sparse_put(uint32_t *slots, uint32_t cap, uint32_t reg, uint32_t rank,
                           uint32_t *n) {
    uint32_t s = reg & (cap - 1);
    for (;; s = (s + 1) & (cap - 1)) {
        uint32_t v = slots[s];
        if (v == 0) {
            slots[s] = reg << 8 | rank;
            (*n)++;
            return;
        }
        if (v >> 8 == reg) {
            if ((v & 0xff) < rank)
                slots[s] = reg << 8 | rank;
            return;
        }
    }
}

/* Raises register `reg` to at least `rank`, going dense when the sparse table is full. */
static void hll_put(Hll *h, uint32_t reg, uint32_t rank, size_t *heap_bytes) {
    if (h->regs) {
        if (h->regs[reg] < rank)
            h->regs[reg] = (uint8_t)rank;
        return;
    }
    if ((h->n + 1) * 4 > h->cap * 3) {
        size_t before = hll_bytes(h);
        if (h->cap >= HLL_MAX_CAP) {
            h->regs = xcalloc(HLL_M, 1);
            for (uint32_t s = 0; s < h->cap; s++)
                if (h->sparse[s])
                    h->regs[h->sparse[s] >> 8] = (uint8_t)(h->sparse[s] & 0xff);
            free(h->sparse);
            h->sparse = NULL;
            h->cap = h->n = 0;
            *heap_bytes += hll_bytes(h) - before;
            h->regs[reg] = MAX(h->regs[reg], (uint8_t)rank);
            return;
        }
        uint32_t cap = h->cap ? h->cap * 2 : 8;
        uint32_t *slots = xcalloc(cap, sizeof(uint32_t));
        uint32_t n = 0;
        for (uint32_t s = 0; s < h->cap; s++)
            if (h->sparse[s])
                hll_sparse_put(slots, cap, h->sparse[s] >> 8, h->sparse[s] & 0xff, &n);
        free(h->sparse);
        h->sparse = slots;
        h->cap = cap;
        *heap_bytes += hll_bytes(h) - before;
    }
    hll_sparse_put(h->sparse, h->cap, reg, rank, &h->n);
}

static void hll_add(Hll *h, uint64_t hash, size_t *heap_bytes) {
    uint64_t w = hash << HLL_P; /* the low HLL_Q bits, at the top */
    uint32_t rank = w ? (uint32_t)__builtin_clzll(w) + 1 : HLL_Q + 1;
    hll_put(h, (uint32_t)(hash >> HLL_Q), MIN(rank, HLL_Q + 1), heap_bytes);
}

/* Register-wise maximum: `dst` afterwards is the sketch of both sketches' values. */
static void hll_merge(Hll *dst, const Hll *src, size_t *heap_bytes) {
    if (src->regs) {
        for (uint32_t r = 0; r < HLL_M; r++)
            if (src->regs[r])
                hll_put(dst, r, src->regs[r], heap_bytes);
    } else {
        for (uint32_t s = 0; s < src->cap; s++)
            if (src->sparse[s])
                hll_put(dst, src->sparse[s] >> 8, src->sparse[s] & 0xff, heap_bytes);
    }
}

/* Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017). */
static double hll_sigma(double x) {
    if (x == 1.0)
        return INFINITY;
    double y = 1.0, z = x, z_old;
    do {
        x *= x;
        z_old = z;
        z += x * y;
        y += y;
    } while (z != z_old);
    return z;
}

static double hll_tau(double x) {
    if (x == 0.0 || x == 1.0)
        return 0.0;
    double y = 1.0, z = 1.0 - x, z_old;
    do {
        x = sqrt(x);
        z_old = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != z_old);
    return z / 3.0;
}

static int64_t hll_estimate(const Hll *h) {
    uint32_t c[HLL_Q + 2] = {0};
    if (h->regs) {
        for (uint32_t r = 0; r < HLL_M; r++)
            c[h->regs[r]]++;
    } else {
        if (h->n == 0)
            return 0;
        c[0] = HLL_M - h->n;
        for (uint32_t s = 0; s < h->cap; s++)
            if (h->sparse[s])
                c[h->sparse[s] & 0xff]++;
    }
    double m = HLL_M;
    double z = m * hll_tau(1.0 - c[HLL_Q + 1] / m);
    for (int k = HLL_Q; k >= 1; k--)
        z = 0.5 * (z + c[k]);
    z += m * hll_sigma(c[0] / m);
    return (int64_t)llround(m * m / (2.0 * M_LN2) / z);
}

void hll_free(Hll *h) {
    if (h) {
        free(h->sparse);
        free(h->regs);
        free(h);
    }
}

/* ---- the accumulator's update, result and merge ----------------------------------- */

/* For hashing: -0.0 is 0.0 (dbl_key already made every NaN one value). */
AI Key load_f32_hash(const void *data, uint32_t row) {
    float f = ((const float *)data)[row];
    return (Key){.bits = dbl_key(f == 0.0f ? 0.0 : (double)f)};
}
AI Key load_f64_hash(const void *data, uint32_t row) {
    double d = ((const double *)data)[row];
    return (Key){.bits = dbl_key(d == 0.0 ? 0.0 : d)};
}

AI int upd_hll_body(Accumulator *acc, const void *data, const uint16_t *rows, const uint32_t *gids,
                    const int8_t *signs, uint32_t n, LoadFn load, bool is_str) {
    (void)signs;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        Key k = load(data, rows[i]);
        uint64_t h = is_str ? XXH3_64bits(k.ptr, k.len) : XXH3_64bits(&k.bits, sizeof k.bits);
        if (!acc->hlls[g]) {
            acc->hlls[g] = xcalloc(1, sizeof(Hll));
            acc->heap_bytes += sizeof(Hll);
        }
        hll_add(acc->hlls[g], h, &acc->heap_bytes);
    }
    return 0;
}

/* Hashing makes -0.0 and 0.0 one value. */
DEFINE_KEYED(upd_hll, upd_hll_body, load_f32_hash, load_f64_hash)

UpdateFn hll_update_fn(Cls cls) {
    return upd_hll[cls];
}

void hll_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        const Hll *h = acc->hlls[ids[i]];
        acc_put_int(out, i, h ? hll_estimate(h) : 0);
    }
}

void hll_merge_groups(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
                      const uint32_t *src_ids, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        const Hll *h = src->hlls[src_ids[i]];
        Hll **to = &dst->hlls[dst_ids[i]];
        if (!h)
            continue;
        if (!*to) {
            *to = xcalloc(1, sizeof(Hll));
            dst->heap_bytes += sizeof(Hll);
        }
        hll_merge(*to, h, &dst->heap_bytes);
    }
}
