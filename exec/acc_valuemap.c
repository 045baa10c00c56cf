/*
 * acc_valuemap.c - the (group, value) -> count map of the accumulators, and the two
 * kinds of state built on it: MIN/MAX with retraction, and DISTINCT reference counts.
 *
 * The map is one open-addressing table for all groups (so a group costs nothing until
 * it has a value), keyed by the hash of (group, value): XXH3 seeded with the group for
 * strings, a 64-bit mix of value and group for fixed-width Keys. Slots hold entry
 * indexes + 1 (0 empty, SLOT_TOMB deleted) beside the high half of the hash, so a probe
 * reads an entry only on a likely match; entries are stable while they live and are
 * recycled through a free list. A string value's bytes are in the accumulator's pool,
 * released when its entry goes.
 *
 * MIN, MAX with retraction: a multiset of (group, value) -> count, each group's entries
 * on a doubly linked list from ghead[g], and a cached extreme per group (ext[g]: none,
 * dirty, or an entry). A value whose count becomes 1 by an add is offered as the
 * extreme; a value whose count reaches 0 leaves the map, and if it was the extreme the
 * group is marked dirty, so acc_result rescans its list (Flink's
 * MinWithRetractAggFunction does the same scan of its MapView). Example, MIN(price)
 * GROUP BY item, rows +I(a, 3), +I(a, 1), -D(a, 1): the multiset of group a gets 3:1,
 * then 1:1 (extreme 3 then 1); the retraction drops 1's count to 0, removes it and
 * marks a dirty; acc_result rescans a's list -> 3.
 *
 * DISTINCT: before the kind's own update, acc_update narrows the rows to those that
 * change a group's set of distinct values: an add whose value's reference count goes
 * 0 -> 1, a retraction whose count goes 1 -> 0 (the entry then leaves); retracting an
 * absent value is ignored. String values use this map (on no group list); fixed-width
 * ones a leaner set of self-contained slots (see "DISTINCT" below).
 *
 * Emptying groups (acc_clear): a MIN/MAX group's entries are found by its list; the
 * DISTINCT entries of the cleared groups by one pass over the map. A map mostly freed
 * is then compacted (live entries moved to the front, group lists and extremes
 * renumbered, arrays shrunk), else its slots are rebuilt when tombstones abound.
 */
#include "exec/acc_internal.h"

#include <sys/mman.h>

/* ---- the map ---------------------------------------------------------------------- */

/* With a linked map (MIN/MAX), each group's entries form a doubly linked list (indexes
 * + 1, 0 ends) from ghead[g]. A freed entry has gid FREE_GID. */
struct VmEntry {
    union { /* the value, as in a Key (flattened so that an entry is 40 bytes) */
        int64_t bits;
        const char *ptr;
    };
    uint32_t len;
    uint32_t gid;
    int64_t count;
    uint32_t hash, tag;  /* the low and high halves of the (group, value) hash */
    uint32_t prev, next; /* group list; `next` also links the free list */
};

AI Key vm_key(const VmEntry *e) {
    return (Key){.bits = e->bits, .len = e->len};
}

#define SLOT_TOMB UINT32_MAX /* in a slot's low half */
#define FREE_GID  UINT32_MAX
#define VM_NONE   UINT32_MAX

void vm_free(ValueMap *m) {
    free(m->entries);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

size_t vm_bytes(const ValueMap *m) {
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

void vm_relocate_strings(ValueMap *m, StrPool *to) {
    for (uint32_t e = 0; e < m->n_entries; e++) {
        VmEntry *en = &m->entries[e];
        if (en->gid != FREE_GID)
            en->ptr = pool_copy(to, en->ptr, en->len);
    }
}

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

DEFINE_KEYED(upd_mmr, upd_mmr_body, load_f32, load_f64)

UpdateFn mmr_update_fn(Cls cls) {
    return upd_mmr[cls];
}

void mmr_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = ids[i];
        if (acc->ext[g] == EXT_DIRTY)
            mm_rescan(acc, g);
        if (acc->ext[g] == EXT_NONE)
            vec_set_null(out, i);
        else
            acc_put_key(acc, out, i, vm_key(&acc->multiset.entries[acc->ext[g] - 2]), arena);
    }
}

void mmr_clear_group(Accumulator *acc, uint32_t g) {
    ValueMap *m = &acc->multiset;
    for (uint32_t e = acc->ghead[g]; e;) {
        uint32_t next = m->entries[e - 1].next;
        if (acc->is_str)
            pool_release(&acc->pool, m->entries[e - 1].len);
        vm_remove(m, e - 1);
        e = next;
    }
}

/* ---- DISTINCT: reference counts per (group, value) -------------------------------- */

/*
 * Two forms. Strings use the map above (the bytes live in the pool). Fixed-width values
 * use a DistinctSet: slots of (value, group, count) probed linearly, one cache line a
 * probe; rows are hashed a chunk ahead and their slots prefetched, since on many
 * groups the set is far bigger than the caches. A count that would pass DS_COUNT_MAX
 * stays there and the excess is kept in the `seen` map (exact, and rare: four billion
 * copies of one value in one group).
 */

/* Rows are hashed a chunk at a time, and each row's slot is fetched DISTINCT_AHEAD rows
 * before its probe: enough to overlap the misses, few enough not to stall on them. */
#define DISTINCT_CHUNK 256
#define DISTINCT_AHEAD 16
#define DS_EMPTY       UINT32_MAX
#define DS_TOMB        (UINT32_MAX - 1)

void ds_free(DistinctSet *d) {
    free(d->slots);
    memset(d, 0, sizeof *d);
}

size_t ds_bytes(const DistinctSet *d) {
    return d->slots ? ((size_t)d->mask + 1) * sizeof(DsSlot) : 0;
}

/* Memory for a table probed at random: past a few MiB, aligned to and advised as huge
 * pages, so that a probe does not also miss the TLB (freed with free()). */
void *acc_big_alloc(size_t bytes) {
    enum { HUGE = 2u << 20 };
    if (bytes < 2 * HUGE)
        return xmalloc(bytes);
    void *p = NULL;
    if (posix_memalign(&p, HUGE, bytes) != 0)
        return xmalloc(bytes);
    madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

/* Rebuilds the slots with room for twice the live entries (tombstones dropped). */
static void ds_rehash(DistinctSet *d, uint32_t n_more) {
    uint64_t n_slots = 16;
    while (n_slots < ((uint64_t)d->n_live + n_more + 1) * 2)
        n_slots *= 2;
    DsSlot *old = d->slots;
    uint32_t n_old = old ? d->mask + 1 : 0;
    d->slots = acc_big_alloc((size_t)n_slots * sizeof(DsSlot));
    for (uint64_t s = 0; s < n_slots; s++)
        d->slots[s].gid = DS_EMPTY;
    d->mask = (uint32_t)(n_slots - 1);
    for (uint32_t o = 0; o < n_old; o++) {
        if (old[o].gid >= DS_TOMB)
            continue;
        uint32_t s = (uint32_t)key_hash((Key){.bits = old[o].bits}, old[o].gid, false) & d->mask;
        while (d->slots[s].gid != DS_EMPTY)
            s = (s + 1) & d->mask;
        d->slots[s] = old[o];
    }
    d->n_used = d->n_live;
    free(old);
}

/* One more copy of a value whose slot count is at DS_COUNT_MAX. */
void ds_overflow_add(Accumulator *acc, Key k, uint32_t g, uint64_t h) {
    uint32_t e = vm_find(&acc->seen, k, g, h, false);
    if (e == VM_NONE)
        e = vm_insert(&acc->seen, k, g, h);
    acc->seen.entries[e].count++;
}

/* One copy fewer of such a value: false when the excess is used up. */
bool ds_overflow_take(Accumulator *acc, Key k, uint32_t g, uint64_t h) {
    uint32_t e = vm_find(&acc->seen, k, g, h, false);
    if (e == VM_NONE)
        return false;
    if (--acc->seen.entries[e].count == 0)
        vm_remove(&acc->seen, e);
    return true;
}

/* Whether the row changes group g's set: an add of an absent value, or a retraction
 * of the last copy. Retracting an absent value is ignored. */
AI bool ds_apply(Accumulator *acc, Key k, uint32_t g, uint64_t h, int8_t sign) {
    DistinctSet *d = &acc->dset;
    uint32_t tomb = DS_EMPTY;
    uint32_t s = (uint32_t)h & d->mask;
    for (;; s = (s + 1) & d->mask) {
        DsSlot *slot = &d->slots[s];
        if (slot->gid == DS_EMPTY)
            break;
        if (slot->gid == DS_TOMB) {
            if (tomb == DS_EMPTY)
                tomb = s;
            continue;
        }
        if (slot->gid != g || slot->bits != k.bits)
            continue;
        if (sign > 0) {
            if (slot->count == DS_COUNT_MAX)
                ds_overflow_add(acc, k, g, h);
            else
                slot->count++;
            return false;
        }
        if (slot->count == DS_COUNT_MAX && ds_overflow_take(acc, k, g, h))
            return false;
        if (--slot->count > 0)
            return false;
        slot->gid = DS_TOMB;
        d->n_live--;
        return true;
    }
    if (sign < 0)
        return false;
    if (tomb != DS_EMPTY)
        s = tomb;
    else
        d->n_used++;
    d->slots[s] = (DsSlot){.bits = k.bits, .gid = g, .count = 1};
    d->n_live++;
    return true;
}

/*
 * Narrows the rows to those that change the set of distinct values: an add whose value
 * was absent, a retraction of its last copy. Retracting an absent value is ignored.
 * Writes into the scratch arrays (in place when the input is already there).
 */
AI void prefetch_slot(const Accumulator *acc, uint64_t h, bool is_str) {
    if (!is_str)
        __builtin_prefetch(&acc->dset.slots[(uint32_t)h & acc->dset.mask]);
    else if (acc->seen.slots)
        __builtin_prefetch(&acc->seen.slots[(uint32_t)h & acc->seen.mask]);
}

AI uint32_t distinct_body(Accumulator *acc, const void *data, const uint16_t *rows,
                          const uint32_t *gids, const int8_t *signs, uint32_t n, LoadFn load,
                          bool is_str) {
    ValueMap *m = &acc->seen;
    DistinctSet *d = &acc->dset;
    uint32_t w = 0, end = 0;
    uint64_t hashes[DISTINCT_CHUNK];
    for (uint32_t i = 0; i < n; i++) {
        if (i % DISTINCT_CHUNK == 0) { /* hash the next rows, fetch their slots a bit early */
            end = n - i < DISTINCT_CHUNK ? n - i : DISTINCT_CHUNK;
            if (!is_str && (!d->slots || (uint64_t)(d->n_used + end) * 10 > (uint64_t)d->mask * 7))
                ds_rehash(d, end);
            for (uint32_t j = 0; j < end; j++)
                hashes[j] = key_hash(load(data, rows[i + j]), gids[i + j], is_str);
            for (uint32_t j = 0; j < DISTINCT_AHEAD && j < end; j++)
                prefetch_slot(acc, hashes[j], is_str);
        }
        if (i % DISTINCT_CHUNK + DISTINCT_AHEAD < end) /* a few rows ahead, not all */
            prefetch_slot(acc, hashes[i % DISTINCT_CHUNK + DISTINCT_AHEAD], is_str);
        uint32_t g = gids[i];
        uint16_t row = rows[i];
        int8_t sign = signs[i];
        Key k = load(data, row);
        uint64_t h = hashes[i % DISTINCT_CHUNK];
        bool keep;
        if (!is_str) {
            keep = ds_apply(acc, k, g, h, sign);
        } else {
            uint32_t e = vm_find(m, k, g, h, is_str);
            if (sign > 0) {
                if (e == VM_NONE)
                    e = vm_insert(m, keep_key(acc, k, is_str), g, h);
                keep = ++m->entries[e].count == 1;
            } else {
                keep = e != VM_NONE && --m->entries[e].count == 0;
                if (keep) {
                    pool_release(&acc->pool, m->entries[e].len);
                    vm_remove(m, e);
                }
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

DistinctFn distinct_fn(Cls cls) {
    return DISTINCT[cls];
}

/* ---- emptying groups -------------------------------------------------------------- */

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
void vm_shrink(Accumulator *acc, ValueMap *m, bool linked) {
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

void distinct_clear(Accumulator *acc, const uint32_t *ids, uint32_t n) {
    /* the DISTINCT map has no per-group lists: one pass over it for all the ids */
    uint8_t *mark = xcalloc(acc->n_groups, 1);
    for (uint32_t i = 0; i < n; i++)
        mark[ids[i]] = 1;
    vm_drop_groups(acc, &acc->seen, mark);
    vm_shrink(acc, &acc->seen, false);
    DistinctSet *d = &acc->dset;
    for (uint32_t s = 0; d->slots && s <= d->mask; s++) {
        if (d->slots[s].gid < DS_TOMB && mark[d->slots[s].gid]) {
            d->slots[s].gid = DS_TOMB;
            d->n_live--;
        }
    }
    if (d->slots && d->n_used > 2 * d->n_live + 16)
        ds_rehash(d, 0);
    free(mark);
}
