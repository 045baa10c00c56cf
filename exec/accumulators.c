/*
 * accumulators.c - the state of one aggregate call for every group, and the loops that
 * update it a batch at a time.
 *
 * State is columnar: one array per field, indexed by group id (acc_reserve grows them
 * all, new groups start as zeroes, and zero always means "empty"). acc_new picks, once,
 * an update function specialised for the call's kind and the argument's physical class
 * (BOOLEAN, 32-bit integers, 64-bit integers, FLOAT, DOUBLE, strings); the update loop
 * then runs over the batch with no switch on type and no allocation per row. Before it
 * runs, acc_update narrows the rows to those that count: FILTER TRUE, argument not NULL
 * (except COUNT(*)), and with DISTINCT, a value whose per-group reference count goes
 * 0 -> 1 (an add) or 1 -> 0 (a retraction).
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
 *                       With retraction: a multiset of (group, value) -> count in one hash
 *                       table for all groups, each group's entries on a linked list, and a
 *                       cached extreme per group; retracting the extreme's last copy marks
 *                       the group dirty and acc_result rescans its list (Flink's
 *                       MinWithRetractAggFunction does the same scan of its MapView).
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
 *   APPROX_COUNT_DISTINCT  HyperLogLog, 2^14 registers, over XXH3 of the value (-0.0 and
 *                       NaN normalised), sparse (a small hash of register -> rank) until
 *                       its table would pass 8 KiB, then 16 KiB of byte registers; Ertl's
 *                       improved estimator, which needs no bias tables. Cannot retract.
 *
 * Values as keys. Maps, lists and extremes hold a Key: fixed-width values as an int64
 * whose signed order is the SQL order (integers as themselves, BOOLEAN 0/1, FLOAT and
 * DOUBLE mapped onto the IEEE total order: -0.0 < 0.0, every NaN one value above
 * +Infinity, as Java's Double.compare), strings as (pointer, length) ordered by bytes.
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
 * the value maps (a MIN/MAX group's by its list; DISTINCT entries by one pass over the
 * map, as they have no per-group list) and their strings are released from the pool;
 * a map mostly freed is compacted (live entries moved to the front, group lists and
 * extremes renumbered, arrays shrunk), else its slots are rebuilt when tombstones abound.
 *
 * acc_merge (sliced HOP/CUMULATE windows: a window's state is the merge of its slices')
 * folds groups of one accumulator into another's as if they had then received the
 * other's rows: counts and sums add, Welford's moments combine by Chan et al.'s
 * pairwise formula, MIN/MAX keep the better value, FIRST_VALUE dst's and LAST_VALUE
 * src's, LISTAGG buffers join with the separator between, sketches take the
 * register-wise maximum, and kept strings are copied into dst's pool. Only append-only
 * calls without DISTINCT reference counts merge (acc_can_merge): maps and value lists
 * are not merged.
 *
 * Example, MIN(price) GROUP BY item with retraction, rows +I(a, 3), +I(a, 1), -D(a, 1):
 * the multiset of group a gets 3:1, then 1:1 (extreme 3 then 1); the retraction drops
 * 1's count to 0, removes it and marks a dirty; acc_result rescans a's list -> 3.
 */
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

static Cls cls_of(TypeId id) {
    static const Cls FROM_PHYS[] = {
        [PHYS_U8] = CLS_BOOL, [PHYS_I32] = CLS_I32, [PHYS_I64] = CLS_I64,  [PHYS_F32] = CLS_F32,
        [PHYS_F64] = CLS_F64, [PHYS_STR] = CLS_STR, [PHYS_NONE] = CLS_NULL};
    return FROM_PHYS[phys_of(id)];
}

/* A value held by the state: `bits` for fixed-width classes, (ptr, len) for strings. */
typedef struct Key {
    union {
        int64_t bits;
        const char *ptr;
    };
    uint32_t len;
} Key;

#define DEAD_LEN UINT32_MAX /* a retracted item of a value list */

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
/* For hashing: -0.0 is 0.0 (dbl_key already made every NaN one value). */
AI Key load_f32_hash(const void *data, uint32_t row) {
    float f = ((const float *)data)[row];
    return (Key){.bits = dbl_key(f == 0.0f ? 0.0 : (double)f)};
}
AI Key load_f64_hash(const void *data, uint32_t row) {
    double d = ((const double *)data)[row];
    return (Key){.bits = dbl_key(d == 0.0 ? 0.0 : d)};
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

/* ---- string pool ------------------------------------------------------------------ */

/*
 * A bump allocator for the string bytes the state keeps. `live` counts the bytes of
 * strings still referenced; `bytes` what the blocks hold. No alignment, no header per
 * string: a 5-byte name costs 5 bytes.
 */
typedef struct PoolBlock {
    struct PoolBlock *next;
    size_t size;
    char data[];
} PoolBlock;

typedef struct StrPool {
    PoolBlock *blocks;
    char *cur;
    size_t left;
    size_t bytes;
    size_t live;
} StrPool;

#define POOL_BLOCK (64 * 1024)

static const char *pool_copy(StrPool *p, const char *s, uint32_t len) {
    if (len == 0)
        return "";
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

static inline void pool_release(StrPool *p, uint32_t len) {
    p->live -= len;
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

/* ---- value map: (group, value) -> count ------------------------------------------- */

/*
 * One open-addressing table for all groups (so a group costs nothing until it has a
 * value). Slots hold entry indexes + 1 (0 empty, SLOT_TOMB deleted) beside the high half
 * of the hash, so a probe reads an entry only on a likely match; entries are stable
 * while they live and are recycled through a free list. With `linked`, each group's
 * entries form a doubly linked list (indexes + 1, 0 ends) from head[g], for MIN/MAX
 * rescans. A freed entry has gid FREE_GID.
 */
typedef struct VmEntry {
    union { /* the value, as in a Key (flattened so that an entry is 40 bytes) */
        int64_t bits;
        const char *ptr;
    };
    uint32_t len;
    uint32_t gid;
    int64_t count;
    uint32_t hash, tag;  /* the low and high halves of the (group, value) hash */
    uint32_t prev, next; /* group list; `next` also links the free list */
} VmEntry;

AI Key vm_key(const VmEntry *e) {
    return (Key){.bits = e->bits, .len = e->len};
}

typedef struct ValueMap {
    VmEntry *entries;
    uint32_t n_entries, cap_entries, free_head; /* free_head: index + 1 */
    uint64_t *slots; /* hash tag << 32 | (entry index + 1), 0 empty, SLOT_TOMB deleted */
    uint32_t mask;   /* slot count - 1, or 0 before the first insert */
    uint32_t n_live, n_used;
} ValueMap;

#define SLOT_TOMB UINT32_MAX /* in a slot's low half */
#define FREE_GID  UINT32_MAX
#define VM_NONE   UINT32_MAX

static void vm_free(ValueMap *m) {
    free(m->entries);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static size_t vm_bytes(const ValueMap *m) {
    return (size_t)m->cap_entries * sizeof(VmEntry) +
           (m->slots ? ((size_t)m->mask + 1) * sizeof(uint64_t) : 0);
}

static void vm_rehash(ValueMap *m) {
    uint32_t n_slots = 16;
    while (n_slots < (m->n_live + 1) * 2)
        n_slots *= 2;
    free(m->slots);
    m->slots = xcalloc(n_slots, sizeof(uint64_t));
    m->mask = n_slots - 1;
    m->n_used = m->n_live;
    for (uint32_t e = 0; e < m->n_entries; e++) {
        if (m->entries[e].gid == FREE_GID)
            continue;
        uint32_t s = m->entries[e].hash & m->mask;
        while (m->slots[s])
            s = (s + 1) & m->mask;
        m->slots[s] = (uint64_t)m->entries[e].tag << 32 | (e + 1);
    }
}

AI uint32_t vm_find(const ValueMap *m, Key k, uint32_t gid, uint64_t h, bool is_str) {
    if (!m->slots)
        return VM_NONE;
    uint32_t tag = (uint32_t)(h >> 32);
    for (uint32_t s = (uint32_t)h & m->mask;; s = (s + 1) & m->mask) {
        uint64_t v = m->slots[s];
        uint32_t idx = (uint32_t)v;
        if (idx == 0)
            return VM_NONE;
        if (idx == SLOT_TOMB || (uint32_t)(v >> 32) != tag)
            continue;
        const VmEntry *e = &m->entries[idx - 1];
        if (e->hash == (uint32_t)h && e->gid == gid && key_eq(vm_key(e), k, is_str))
            return idx - 1;
    }
}

/* Adds an entry with count 0 (the caller owns copying string bytes into k). */
static uint32_t vm_insert(ValueMap *m, Key k, uint32_t gid, uint64_t h) {
    if (!m->slots || (uint64_t)(m->n_used + 1) * 10 > (uint64_t)(m->mask + 1) * 7)
        vm_rehash(m);
    uint32_t e;
    if (m->free_head) {
        e = m->free_head - 1;
        m->free_head = m->entries[e].next;
    } else {
        if (m->n_entries == m->cap_entries) {
            m->cap_entries = m->cap_entries ? m->cap_entries * 2 : 16;
            m->entries = xrealloc(m->entries, (size_t)m->cap_entries * sizeof(VmEntry));
        }
        e = m->n_entries++;
    }
    m->entries[e] = (VmEntry){
        .bits = k.bits, .len = k.len, .hash = (uint32_t)h, .tag = (uint32_t)(h >> 32), .gid = gid};
    uint32_t s = (uint32_t)h & m->mask;
    while ((uint32_t)m->slots[s] && (uint32_t)m->slots[s] != SLOT_TOMB)
        s = (s + 1) & m->mask;
    if (m->slots[s] == 0)
        m->n_used++;
    m->slots[s] = (uint64_t)(h >> 32) << 32 | (e + 1);
    m->n_live++;
    return e;
}

static void vm_remove(ValueMap *m, uint32_t e) {
    uint32_t s = m->entries[e].hash & m->mask;
    while ((uint32_t)m->slots[s] != e + 1)
        s = (s + 1) & m->mask;
    m->slots[s] = SLOT_TOMB;
    m->entries[e].gid = FREE_GID;
    m->entries[e].next = m->free_head;
    m->free_head = e + 1;
    m->n_live--;
}

static void vm_link(ValueMap *m, uint32_t *head, uint32_t e) {
    VmEntry *en = &m->entries[e];
    en->prev = 0;
    en->next = *head;
    if (*head)
        m->entries[*head - 1].prev = e + 1;
    *head = e + 1;
}

static void vm_unlink(ValueMap *m, uint32_t *head, uint32_t e) {
    VmEntry *en = &m->entries[e];
    if (en->prev)
        m->entries[en->prev - 1].next = en->next;
    else
        *head = en->next;
    if (en->next)
        m->entries[en->next - 1].prev = en->prev;
}

/* ---- value lists: a group's values in arrival order ------------------------------- */

/*
 * items[head..n) hold the values in arrival order; a retracted one becomes a tombstone
 * (len DEAD_LEN) and n_dead counts them. Tombstones at either end are trimmed at once,
 * and the list is squeezed when more than half of it is dead, so the first and last live
 * values are items[head] and items[n - 1].
 */
typedef struct VList {
    Key *items;
    uint32_t n, cap, head, n_dead;
} VList;

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

/* ---- HyperLogLog ------------------------------------------------------------------ */

#define HLL_P       14
#define HLL_M       (1u << HLL_P)
#define HLL_Q       (64 - HLL_P) /* bits left for the rank: ranks 1..HLL_Q + 1 */
#define HLL_MAX_CAP 2048         /* sparse slots before going dense (8 KiB) */

/*
 * Sparse: an open-addressing set of (register << 8 | rank), 0 empty, sized a power of
 * two; dense: regs[HLL_M] bytes. The register index is random already (top hash bits),
 * so it is its own slot hash.
 */
typedef struct Hll {
    uint32_t n, cap; /* sparse entries and slots */
    uint32_t *sparse;
    uint8_t *regs; /* non-NULL when dense */
} Hll;

static size_t hll_bytes(const Hll *h) {
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

static void hll_free(Hll *h) {
    if (h) {
        free(h->sparse);
        free(h->regs);
        free(h);
    }
}

/* ---- the accumulator -------------------------------------------------------------- */

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
    ValueMap seen;     /* DISTINCT reference counts */
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

static void add_array(Accumulator *acc, void *ptr_to_array, size_t width) {
    assert(acc->n_arrays < MAX_ARRAYS);
    acc->arrays[acc->n_arrays].ptr = ptr_to_array;
    acc->arrays[acc->n_arrays].width = width;
    acc->n_arrays++;
}

/* Copies a string into the pool (fixed-width keys pass through). */
AI Key keep_key(Accumulator *acc, Key k, bool is_str) {
    if (is_str)
        k.ptr = pool_copy(&acc->pool, k.ptr, k.len);
    return k;
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

/* ---- update: MIN, MAX with retraction --------------------------------------------- */

/* Offers entry e (now with a positive count) as group g's extreme. */
AI void mm_offer(Accumulator *acc, uint32_t g, uint32_t e, bool is_str) {
    uint32_t x = acc->ext[g];
    if (x == EXT_DIRTY)
        return;
    if (x == EXT_NONE ||
        key_cmp(vm_key(&acc->multiset.entries[e]), vm_key(&acc->multiset.entries[x - 2]), is_str) *
                acc->want >
            0)
        acc->ext[g] = e + 2;
}

AI int upd_mmr_body(Accumulator *acc, const void *data, const uint16_t *rows, const uint32_t *gids,
                    const int8_t *signs, uint32_t n, LoadFn load, bool is_str) {
    ValueMap *m = &acc->multiset;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        Key k = load(data, rows[i]);
        uint64_t h = key_hash(k, g, is_str);
        uint32_t e = vm_find(m, k, g, h, is_str);
        if (e == VM_NONE) {
            e = vm_insert(m, keep_key(acc, k, is_str), g, h);
            vm_link(m, &acc->ghead[g], e);
        }
        int64_t c = (m->entries[e].count += signs[i]);
        if (c == 1 && signs[i] > 0) {
            mm_offer(acc, g, e, is_str);
        } else if (c == 0) {
            if (acc->ext[g] == e + 2)
                acc->ext[g] = EXT_DIRTY;
            if (is_str)
                pool_release(&acc->pool, m->entries[e].len);
            vm_unlink(m, &acc->ghead[g], e);
            vm_remove(m, e);
        }
    }
    return 0;
}

/* The extreme of group g after a retraction took the old one away: a scan of its list. */
static void mm_rescan(Accumulator *acc, uint32_t g) {
    ValueMap *m = &acc->multiset;
    uint32_t best = VM_NONE;
    for (uint32_t e = acc->ghead[g]; e; e = m->entries[e - 1].next) {
        const VmEntry *en = &m->entries[e - 1];
        if (en->count <= 0)
            continue;
        if (best == VM_NONE ||
            key_cmp(vm_key(en), vm_key(&m->entries[best]), acc->is_str) * acc->want > 0)
            best = e - 1;
    }
    acc->ext[g] = best == VM_NONE ? EXT_NONE : best + 2;
}

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

DEFINE_KEYED(upd_mmr, upd_mmr_body, load_f32, load_f64)

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

/* ---- update: APPROX_COUNT_DISTINCT ------------------------------------------------ */

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

/* ---- DISTINCT: reference counts per (group, value) -------------------------------- */

/*
 * Narrows the rows to those that change the set of distinct values: an add whose value
 * was absent, a retraction of its last copy. Retracting an absent value is ignored.
 * Writes into the scratch arrays (in place when the input is already there).
 */
AI uint32_t distinct_body(Accumulator *acc, const void *data, const uint16_t *rows,
                          const uint32_t *gids, const int8_t *signs, uint32_t n, LoadFn load,
                          bool is_str) {
    ValueMap *m = &acc->seen;
    uint32_t w = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        uint16_t row = rows[i];
        int8_t sign = signs[i];
        Key k = load(data, row);
        uint64_t h = key_hash(k, g, is_str);
        uint32_t e = vm_find(m, k, g, h, is_str);
        bool keep;
        if (sign > 0) {
            if (e == VM_NONE)
                e = vm_insert(m, keep_key(acc, k, is_str), g, h);
            keep = ++m->entries[e].count == 1;
        } else {
            keep = e != VM_NONE && --m->entries[e].count == 0;
            if (keep) {
                if (is_str)
                    pool_release(&acc->pool, m->entries[e].len);
                vm_remove(m, e);
            }
        }
        if (keep) {
            acc->s_rows[w] = row;
            acc->s_gids[w] = g;
            acc->s_signs[w] = sign;
            w++;
        }
    }
    return w;
}

#define DEFINE_DISTINCT(SUFFIX, LOAD, IS_STR)                                                      \
    static uint32_t distinct_##SUFFIX(Accumulator *acc, const void *data, const uint16_t *rows,    \
                                      const uint32_t *gids, const int8_t *signs, uint32_t n) {     \
        return distinct_body(acc, data, rows, gids, signs, n, LOAD, IS_STR);                       \
    }
DEFINE_DISTINCT(bool, load_bool, false)
DEFINE_DISTINCT(i32, load_i32, false)
DEFINE_DISTINCT(i64, load_i64, false)
DEFINE_DISTINCT(f32, load_f32, false)
DEFINE_DISTINCT(f64, load_f64, false)
DEFINE_DISTINCT(str, load_str, true)
static const DistinctFn DISTINCT[CLS_COUNT_] = {
    [CLS_BOOL] = distinct_bool, [CLS_I32] = distinct_i32, [CLS_I64] = distinct_i64,
    [CLS_F32] = distinct_f32,   [CLS_F64] = distinct_f64, [CLS_STR] = distinct_str};

/* ---- writing results -------------------------------------------------------------- */

/* An integer into a vector of the result type (cut to its width, as Java's casts). */
static void put_int(Vector *out, uint32_t row, int64_t v) {
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
            put_int(out, row, dbl_to_int(d));
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
            put_int(out, row, java_double_to_long(d));
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
            put_int(out, row, (int64_t)(num / den / (i128)decimal_pow10[scale]));
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

/* A key back into its vector. */
static void put_key(const Accumulator *acc, Vector *out, uint32_t row, Key k, Arena *arena) {
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
    for (uint32_t i = 0; i < n; i++)
        put_int(out, i, acc->cnt[ids[i]]);
}

static void res_sum_int(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->cnt[g] == 0)
            vec_set_null(out, i);
        else
            put_int(out, i, (int64_t)acc->isum[g]);
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
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        int64_t c = acc->cnt[g], s = (int64_t)acc->isum[g];
        if (c <= 0)
            vec_set_null(out, i);
        else if (exact)
            put_int(out, i, s / c); /* C truncates toward zero, as Java */
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
            put_key(acc, out, i, (Key){.bits = acc->key[g]}, arena);
        }
    }
}

static void res_mmr(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->ext[g] == EXT_DIRTY)
            mm_rescan(acc, g);
        if (acc->ext[g] == EXT_NONE)
            vec_set_null(out, i);
        else
            put_key(acc, out, i, vm_key(&acc->multiset.entries[acc->ext[g] - 2]), arena);
    }
}

static void res_first_r(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                        Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        const VList *l = &acc->lists[ids[i]];
        if (l->head == l->n)
            vec_set_null(out, i);
        else
            put_key(acc, out, i, l->items[l->head], arena);
    }
}

static void res_last_r(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out,
                       Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        const VList *l = &acc->lists[ids[i]];
        if (l->head == l->n)
            vec_set_null(out, i);
        else
            put_key(acc, out, i, l->items[l->n - 1], arena);
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

static void res_hll(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    (void)arena;
    for (uint32_t i = 0; i < n; i++) {
        const Hll *h = acc->hlls[ids[i]];
        put_int(out, i, h ? hll_estimate(h) : 0);
    }
}

/* ---- compaction of the string pool ------------------------------------------------ */

static void relocate(StrPool *to, const char **ptr, uint32_t len) {
    *ptr = pool_copy(to, *ptr, len);
}

/* Copies every live string into a new pool and frees the old one. */
static void pool_compact(Accumulator *acc) {
    if (!acc->is_str)
        return;
    StrPool fresh = {0};
    if (acc->str) {
        for (uint32_t g = 0; g < acc->n_groups; g++)
            if (acc->has[g])
                relocate(&fresh, &acc->str[g].ptr, acc->str[g].len);
    }
    ValueMap *maps[2] = {&acc->multiset, &acc->seen};
    for (int k = 0; k < 2; k++) {
        for (uint32_t e = 0; e < maps[k]->n_entries; e++) {
            VmEntry *en = &maps[k]->entries[e];
            if (en->gid != FREE_GID)
                relocate(&fresh, &en->ptr, en->len);
        }
    }
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

static Cls call_cls(const AggCall *call) {
    return call->kind == AGG_COUNT_STAR ? CLS_NULL : cls_of(call->arg_type.id);
}

/* Whether DISTINCT needs reference counts: MIN, MAX and APPROX_COUNT_DISTINCT ignore it,
 * and COUNT(*) and the NULL literal have no values to count. */
static bool uses_distinct(const AggCall *call) {
    AggKind kind = call->kind;
    return call->is_distinct && kind != AGG_MIN && kind != AGG_MAX &&
           kind != AGG_APPROX_COUNT_DISTINCT && call_cls(call) != CLS_NULL;
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
    acc->use_distinct = uses_distinct(call);
    if (acc->use_distinct)
        acc->distinct = DISTINCT[cls];
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
                acc->update = upd_mmr[cls];
                acc->result = res_mmr;
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
            acc->update = upd_hll[cls];
            acc->result = res_hll;
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

static void scratch_reserve(Accumulator *acc, uint32_t n) {
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
        scratch_reserve(acc, n);
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
        pool_compact(acc);
    return rc;
}

void acc_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    if (out->validity)
        for (uint32_t i = 0; i < n; i++)
            vec_set_valid(out, i);
    acc->result(acc, ids, n, out, arena);
}

/* Frees the entries of `m` whose group is marked in `mark`, releasing their strings. */
static void vm_drop_groups(Accumulator *acc, ValueMap *m, const uint8_t *mark) {
    for (uint32_t e = 0; e < m->n_entries; e++) {
        VmEntry *en = &m->entries[e];
        if (en->gid == FREE_GID || !mark[en->gid])
            continue;
        if (acc->is_str)
            pool_release(&acc->pool, en->len);
        vm_remove(m, e);
    }
}

/*
 * After groups left map `m`: when at most a quarter of its entries live, moves them to
 * the front (entry indexes change: group lists and MIN/MAX extremes are renumbered when
 * `linked`) and shrinks the entry array; then rebuilds the slots when tombstones fill
 * a quarter of them (vm_rehash sizes them for the live entries).
 */
static void vm_shrink(Accumulator *acc, ValueMap *m, bool linked) {
    if (m->cap_entries > 64 && (uint64_t)m->n_live * 4 <= m->n_entries) {
        uint32_t *to = xmalloc(((size_t)m->n_entries + 1) * sizeof(uint32_t)); /* idx+1 */
        uint32_t w = 0;
        to[0] = 0;
        for (uint32_t e = 0; e < m->n_entries; e++) {
            if (m->entries[e].gid == FREE_GID) {
                to[e + 1] = 0;
                continue;
            }
            to[e + 1] = w + 1;
            m->entries[w++] = m->entries[e];
        }
        if (linked) {
            for (uint32_t e = 0; e < w; e++) {
                m->entries[e].prev = to[m->entries[e].prev];
                m->entries[e].next = to[m->entries[e].next];
            }
            for (uint32_t g = 0; g < acc->n_groups; g++) {
                acc->ghead[g] = to[acc->ghead[g]];
                if (acc->ext[g] >= 2)
                    acc->ext[g] = to[acc->ext[g] - 1] + 1;
            }
        }
        free(to);
        m->n_entries = w;
        m->free_head = 0;
        m->cap_entries = w > 16 ? w : 16;
        m->entries = xrealloc(m->entries, (size_t)m->cap_entries * sizeof(VmEntry));
        vm_rehash(m);
    } else if (m->slots && (uint64_t)(m->n_used - m->n_live) * 4 > (uint64_t)m->mask + 1) {
        vm_rehash(m);
    }
}

void acc_clear(Accumulator *acc, const uint32_t *ids, uint32_t n) {
    if (n == 0)
        return;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        assert(g < acc->n_groups);
        if (acc->str && acc->has[g])
            pool_release(&acc->pool, acc->str[g].len);
        if (acc->ghead) { /* MIN/MAX with retraction: the group's multiset entries */
            ValueMap *m = &acc->multiset;
            for (uint32_t e = acc->ghead[g]; e;) {
                uint32_t next = m->entries[e - 1].next;
                if (acc->is_str)
                    pool_release(&acc->pool, m->entries[e - 1].len);
                vm_remove(m, e - 1);
                e = next;
            }
        }
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
    if (acc->use_distinct && acc->seen.n_live) {
        /* the DISTINCT map has no per-group lists: one pass over it for all the ids */
        uint8_t *mark = xcalloc(acc->n_groups, 1);
        for (uint32_t i = 0; i < n; i++)
            mark[ids[i]] = 1;
        vm_drop_groups(acc, &acc->seen, mark);
        free(mark);
        vm_shrink(acc, &acc->seen, false);
    }
    if (acc->pool.bytes > 2 * acc->pool.live + (1u << 20))
        pool_compact(acc);
}

/* ---- merging states (sliced windows) ---------------------------------------------- */

bool acc_can_merge(const AggCall *call) {
    return !call->may_retract && !uses_distinct(call);
}

/* A MIN/MAX/FIRST_VALUE/LAST_VALUE group's value as a Key. */
static Key pick_key(const Accumulator *acc, uint32_t g) {
    if (acc->is_str)
        return (Key){.ptr = acc->str[g].ptr, .len = acc->str[g].len};
    return (Key){.bits = acc->key[g]};
}

/* MIN/MAX take src's value when it is strictly better (as an update would), FIRST_VALUE
 * only when dst has none, LAST_VALUE always; strings are copied into dst's pool. */
static void merge_pick(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
                       const uint32_t *src_ids, uint32_t n) {
    AggKind kind = dst->call.kind;
    bool is_str = dst->is_str;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t d = dst_ids[i], s = src_ids[i];
        if (!src->has[s])
            continue;
        Key k = pick_key(src, s);
        bool take =
            !dst->has[d] || kind == AGG_LAST_VALUE ||
            (kind != AGG_FIRST_VALUE && key_cmp(k, pick_key(dst, d), is_str) * dst->want > 0);
        if (!take)
            continue;
        if (is_str) {
            if (dst->has[d])
                pool_release(&dst->pool, dst->str[d].len);
            dst->str[d] = (StrRef){pool_copy(&dst->pool, k.ptr, k.len), k.len};
        } else {
            dst->key[d] = k.bits;
        }
        dst->has[d] = 1;
    }
}

/* Chan, Golub and LeVeque's pairwise update of (n, mean, M2). */
static void merge_welford(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
                          const uint32_t *src_ids, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t d = dst_ids[i], s = src_ids[i];
        int64_t na = dst->cnt[d], nb = src->cnt[s];
        if (nb == 0)
            continue;
        if (na == 0) {
            dst->cnt[d] = nb;
            dst->dsum[d] = src->dsum[s];
            dst->m2[d] = src->m2[s];
            continue;
        }
        double n_ab = (double)(na + nb), delta = src->dsum[s] - dst->dsum[d];
        dst->dsum[d] += delta * (double)nb / n_ab;
        dst->m2[d] += src->m2[s] + delta * delta * (double)na * (double)nb / n_ab;
        dst->cnt[d] = na + nb;
    }
}

/* Counts and sums: dst's array += src's (integer sums wrap, as they do in updates). */
#define MERGE_ADD(FIELD)                                                                           \
    if (dst->FIELD)                                                                                \
        for (uint32_t i = 0; i < n; i++)                                                           \
            dst->FIELD[dst_ids[i]] += src->FIELD[src_ids[i]];

void acc_merge(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
               const uint32_t *src_ids, uint32_t n) {
    assert(acc_can_merge(&dst->call) && dst->call.kind == src->call.kind && dst->cls == src->cls);
    if (dst->bufs) { /* LISTAGG, before the counts that tell whether a separator goes */
        for (uint32_t i = 0; i < n; i++) {
            uint32_t d = dst_ids[i], s = src_ids[i];
            if (src->cnt[s])
                buf_append(dst, &dst->bufs[d], dst->cnt[d] != 0, src->bufs[s].data,
                           src->bufs[s].len);
        }
    }
    if (dst->m2) {
        merge_welford(dst, dst_ids, src, src_ids, n);
    } else {
        MERGE_ADD(cnt)
        MERGE_ADD(isum)
        MERGE_ADD(dsum)
        MERGE_ADD(dec)
    }
    if (dst->has)
        merge_pick(dst, dst_ids, src, src_ids, n);
    if (dst->hlls) {
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
    if (dst->pool.bytes > 2 * dst->pool.live + (1u << 20))
        pool_compact(dst);
}

size_t acc_bytes(const Accumulator *acc) {
    size_t b = sizeof(Accumulator) + acc->heap_bytes + acc->pool.bytes + vm_bytes(&acc->multiset) +
               vm_bytes(&acc->seen) + (size_t)acc->s_cap * 7;
    for (int a = 0; a < acc->n_arrays; a++)
        b += (size_t)acc->cap * acc->arrays[a].width;
    return b;
}
