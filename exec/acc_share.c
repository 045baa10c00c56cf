/*
 * acc_share.c - DISTINCT state shared by the aggregates of one operator that take
 * DISTINCT of the same argument.
 *
 * Nexmark's q15 and q16 compute COUNT(DISTINCT bidder) four times per group: once for
 * all bids and once under each of three FILTERs (price levels). With a set per call
 * each bid probes two of them (all bids, and its price level) for bidder and two more
 * for auction: a cache miss each, on sets far bigger than the caches. Here the members
 * share one set of (group, value) slots, each slot holding one reference count per
 * member, so a row probes once per argument whatever the number of calls.
 *
 * For each row: the members whose FILTER holds (and a non-NULL argument) form a mask;
 * the slot of (group, value) is found or, for an add, made; each member in the mask
 * counts the row in its own count, and a count going 0 -> 1 (add) or 1 -> 0
 * (retraction) changes that member's set of values, so the row goes to the member's
 * list of narrowed rows, on which its own update (COUNT, SUM, ...) then runs, as
 * acc_update would after its own DISTINCT step. Retracting a value a member has not
 * counted is ignored for that member. A slot whose counts are all 0 is freed. Counts
 * past DS_COUNT_MAX keep their excess in the member's `seen` map, as DistinctSet does.
 * When no member's input can retract (an append-only input, the common case), a slot
 * keeps one bit per member instead of a count: 16 bytes, not 12 + 4 per member.
 *
 * Example, members {COUNT(DISTINCT b), COUNT(DISTINCT b) FILTER (WHERE p < 10)}, rows
 * (g, b, p) = (1, 7, 5), (1, 7, 50): the first makes slot (1, 7) with counts [1, 1]
 * and counts for both; the second moves it to [2, 1] and counts for neither.
 */
#include "exec/acc_internal.h"

#include <sys/mman.h>

#define SH_EMPTY    UINT32_MAX
#define SH_TOMB     (UINT32_MAX - 1)
#define SHARE_CHUNK 256 /* rows hashed ahead of their probes */
/* Slots are fetched this many rows ahead: enough to overlap the misses, few enough
 * not to stall on them. */
#define PREFETCH_AHEAD 16

typedef struct ShSlot {
    int64_t bits;
    uint32_t gid; /* the group, or SH_EMPTY / SH_TOMB */
    uint32_t counts[];
} ShSlot;

struct AccShare {
    int n_members;
    Accumulator *members[ACC_SHARE_MAX];
    Cls cls;
    bool is_presence; /* counts[0] holds a bit per member, not counts (no retraction) */
    size_t stride;    /* bytes a slot */
    char *slots;
    uint32_t mask; /* slot count - 1 */
    uint32_t n_live, n_used;
    /* While is_narrow, the set is `narrow` instead of `slots` (see "narrow slots"). */
    bool is_narrow;
    uint64_t *narrow;
    bool narrow_is_mapped;
    uint32_t narrow_mask, narrow_live;
};

AI ShSlot *slot_at(const AccShare *s, uint32_t i) {
    return (ShSlot *)(s->slots + (size_t)i * s->stride);
}

bool acc_can_share(const Accumulator *acc) {
    return acc && acc->use_distinct && acc->cls != CLS_STR && acc->cls != CLS_NULL &&
           !acc->no_retract_msg;
}

AccShare *acc_share_new(Accumulator *const *members, int n_members) {
    AccShare *s = xcalloc(1, sizeof *s);
    s->n_members = n_members;
    memcpy(s->members, members, (size_t)n_members * sizeof *members);
    s->cls = members[0]->cls;
    s->is_presence = true;
    for (int m = 0; m < n_members; m++)
        s->is_presence &= !members[m]->call.may_retract;
    s->is_narrow = s->is_presence && (s->cls == CLS_BOOL || s->cls == CLS_I32 || s->cls == CLS_I64);
    size_t n_counts = s->is_presence ? 1 : (size_t)n_members;
    s->stride = (offsetof(ShSlot, counts) + n_counts * sizeof(uint32_t) + 7) & ~(size_t)7;
    return s;
}

static void narrow_free(AccShare *s);

void acc_share_free(AccShare *s) {
    if (!s)
        return;
    free(s->slots);
    narrow_free(s);
    free(s);
}

size_t acc_share_bytes(const AccShare *s) {
    return sizeof *s + (s->slots ? ((size_t)s->mask + 1) * s->stride : 0) +
           (s->narrow ? ((size_t)s->narrow_mask + 1) * sizeof(uint64_t) : 0);
}

/* Rebuilds the slots with room for twice the live ones and n_more (tombstones go). */
static void share_rehash(AccShare *s, uint32_t n_more) {
    uint64_t n_slots = 16;
    while (n_slots < ((uint64_t)s->n_live + n_more + 1) * 2)
        n_slots *= 2;
    char *old = s->slots;
    uint32_t n_old = old ? s->mask + 1 : 0;
    s->slots = acc_big_alloc((size_t)n_slots * s->stride);
    s->mask = (uint32_t)(n_slots - 1);
    for (uint64_t i = 0; i < n_slots; i++)
        slot_at(s, (uint32_t)i)->gid = SH_EMPTY;
    for (uint32_t o = 0; o < n_old; o++) {
        const ShSlot *from = (const ShSlot *)(old + (size_t)o * s->stride);
        if (from->gid >= SH_TOMB)
            continue;
        uint32_t i = (uint32_t)key_hash((Key){.bits = from->bits}, from->gid, false) & s->mask;
        while (slot_at(s, i)->gid != SH_EMPTY)
            i = (i + 1) & s->mask;
        memcpy(slot_at(s, i), from, s->stride);
    }
    s->n_used = s->n_live;
    free(old);
}

/* The slot of (k, g); with `add`, made (counts 0) when absent; else NULL when absent. */
AI ShSlot *share_find(AccShare *s, Key k, uint32_t g, uint64_t h, bool add) {
    uint32_t tomb = SH_EMPTY;
    uint32_t i = (uint32_t)h & s->mask;
    for (;; i = (i + 1) & s->mask) {
        ShSlot *slot = slot_at(s, i);
        if (slot->gid == SH_EMPTY)
            break;
        if (slot->gid == SH_TOMB) {
            if (tomb == SH_EMPTY)
                tomb = i;
            continue;
        }
        if (slot->gid == g && slot->bits == k.bits)
            return slot;
    }
    if (!add)
        return NULL;
    if (tomb != SH_EMPTY)
        i = tomb;
    else
        s->n_used++;
    ShSlot *slot = slot_at(s, i);
    slot->bits = k.bits;
    slot->gid = g;
    memset(slot->counts, 0, s->stride - offsetof(ShSlot, counts));
    s->n_live++;
    return slot;
}

/* Whether member m's set changes by this row (its count 0 -> 1, or 1 -> 0). */
AI bool share_count(AccShare *s, ShSlot *slot, int m, Key k, uint32_t g, uint64_t h, int8_t sign) {
    uint32_t *c = &slot->counts[m];
    if (sign > 0) {
        if (*c == DS_COUNT_MAX) {
            ds_overflow_add(s->members[m], k, g, h);
            return false;
        }
        return (*c)++ == 0;
    }
    if (*c == 0 || (*c == DS_COUNT_MAX && ds_overflow_take(s->members[m], k, g, h)))
        return false;
    return --*c == 0;
}

AI bool row_counts(const uint8_t *fdata, const uint64_t *fvalid, uint32_t r) {
    return !fdata || (fdata[r] && (!fvalid || ((fvalid[r >> 6] >> (r & 63)) & 1)));
}

/* The row goes to the narrowed rows of each member whose bit is set in `members`. */
AI void keep_for(AccShare *s, uint32_t members, uint16_t r, uint32_t g, int8_t sign,
                 uint32_t *n_kept) {
    for (int m = 0; members; m++, members >>= 1) {
        if (!(members & 1))
            continue;
        Accumulator *acc = s->members[m];
        uint32_t w = n_kept[m]++;
        acc->s_rows[w] = r;
        acc->s_gids[w] = g;
        acc->s_signs[w] = sign;
    }
}

/* For rows[0..n): the members each counts for (a bit each: a non-NULL argument and the
 * member's FILTER TRUE) and, when any, the hash of its (group, value). */
AI void chunk_masks(const AccShare *s, const void *data, const uint64_t *valid,
                    const uint8_t *const *fdata, const uint64_t *const *fvalid,
                    const uint16_t *rows, const uint32_t *gids, uint32_t n, uint32_t *masks,
                    uint64_t *hashes, LoadFn load) {
    for (uint32_t j = 0; j < n; j++) {
        uint32_t r = rows[j], mask = 0;
        if (!valid || ((valid[r >> 6] >> (r & 63)) & 1))
            for (int m = 0; m < s->n_members; m++)
                mask |= (uint32_t)row_counts(fdata[m], fvalid[m], r) << m;
        masks[j] = mask;
        hashes[j] = mask ? key_hash(load(data, r), gids[j], false) : 0;
    }
}

AI void share_body(AccShare *s, const void *data, const uint64_t *valid,
                   const uint8_t *const *fdata, const uint64_t *const *fvalid, const uint16_t *rows,
                   const uint32_t *gids, const int8_t *signs, uint32_t n, uint32_t *n_kept,
                   LoadFn load) {
    uint64_t hashes[SHARE_CHUNK];
    uint32_t masks[SHARE_CHUNK], end = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i % SHARE_CHUNK == 0) { /* the members each row counts for, and its hash */
            end = n - i < SHARE_CHUNK ? n - i : SHARE_CHUNK;
            if (!s->slots || (uint64_t)(s->n_used + end) * 10 > (uint64_t)s->mask * 7)
                share_rehash(s, end);
            chunk_masks(s, data, valid, fdata, fvalid, rows + i, gids + i, end, masks, hashes,
                        load);
            for (uint32_t j = 0; j < PREFETCH_AHEAD && j < end; j++)
                __builtin_prefetch(slot_at(s, (uint32_t)hashes[j] & s->mask));
        }
        uint32_t ahead = i % SHARE_CHUNK + PREFETCH_AHEAD; /* a few rows ahead, not all */
        if (ahead < end)
            __builtin_prefetch(slot_at(s, (uint32_t)hashes[ahead] & s->mask));
        uint32_t mask = masks[i % SHARE_CHUNK];
        if (!mask)
            continue;
        uint16_t r = rows[i];
        uint32_t g = gids[i];
        int8_t sign = signs[i];
        Key k = load(data, r);
        uint64_t h = hashes[i % SHARE_CHUNK];
        ShSlot *slot = share_find(s, k, g, h, sign > 0 || s->is_presence);
        if (s->is_presence) { /* append-only: the members that had not seen the value */
            uint32_t fresh = mask & ~slot->counts[0];
            slot->counts[0] |= mask;
            keep_for(s, fresh, r, g, sign, n_kept);
            continue;
        }
        if (!slot)
            continue; /* retracting a value no member has */
        bool any_left = false;
        for (int m = 0; m < s->n_members; m++) {
            if ((mask >> m) & 1 && share_count(s, slot, m, k, g, h, sign)) {
                Accumulator *acc = s->members[m];
                uint32_t w = n_kept[m]++;
                acc->s_rows[w] = r;
                acc->s_gids[w] = g;
                acc->s_signs[w] = sign;
            }
            any_left |= slot->counts[m] != 0;
        }
        if (!any_left) {
            slot->gid = SH_TOMB;
            s->n_live--;
        }
    }
}

/* ---- narrow slots ------------------------------------------------------------------ */

/*
 * Append-only and values that fit 32 bits with group ids below 2^24 (the common case:
 * ids, counts, codes): a slot is one uint64, value << 32 | group << 8 | member bits,
 * and 0 is empty (a used slot has a member bit). Half the memory of a wide slot, so
 * half the pages to fault in and zero, and half the bytes to move when the set grows.
 * The first row that does not fit turns the set wide for good.
 */
#define NARROW_GID_LIMIT (UINT32_C(1) << 24)

/* Zeroed memory for a narrow table: fresh pages from mmap are zero already, so a big
 * table is not written twice (huge pages when the kernel allows). *is_mapped tells
 * narrow_release how to free it. */
static uint64_t *narrow_alloc(size_t n_slots, bool *is_mapped) {
    size_t bytes = n_slots * sizeof(uint64_t);
    enum { HUGE = 2u << 20 };
    *is_mapped = false;
    if (bytes < 2 * HUGE)
        return xcalloc(n_slots, sizeof(uint64_t));
    char *p = mmap(NULL, bytes + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return xcalloc(n_slots, sizeof(uint64_t));     /* which reports running out of memory */
    size_t lead = (HUGE - (uintptr_t)p % HUGE) % HUGE; /* align to a huge page */
    if (lead)
        munmap(p, lead);
    munmap(p + lead + bytes, HUGE - lead);
    madvise(p + lead, bytes, MADV_HUGEPAGE);
    *is_mapped = true;
    return (uint64_t *)(p + lead);
}

static void narrow_free(AccShare *s) {
    if (s->narrow && s->narrow_is_mapped)
        munmap(s->narrow, ((size_t)s->narrow_mask + 1) * sizeof(uint64_t));
    else
        free(s->narrow);
    s->narrow = NULL;
}

AI uint64_t narrow_hash(uint64_t slot) {
    return key_hash((Key){.bits = (int64_t)(slot >> 32)}, (uint32_t)(slot >> 8) & 0xFFFFFF, false);
}

/* Rebuilds the narrow table with room for twice the live slots and n_more. */
static void narrow_rehash(AccShare *s, uint32_t n_more) {
    uint64_t n_slots = 16;
    while (n_slots < ((uint64_t)s->narrow_live + n_more + 1) * 2)
        n_slots *= 2;
    bool is_mapped;
    uint64_t *t = narrow_alloc((size_t)n_slots, &is_mapped);
    uint32_t mask = (uint32_t)(n_slots - 1);
    for (uint32_t o = 0; s->narrow && o <= s->narrow_mask; o++) {
        uint64_t v = s->narrow[o];
        if (!v)
            continue;
        uint32_t i = (uint32_t)narrow_hash(v) & mask;
        while (t[i])
            i = (i + 1) & mask;
        t[i] = v;
    }
    narrow_free(s);
    s->narrow = t;
    s->narrow_is_mapped = is_mapped;
    s->narrow_mask = mask;
}

/* The set becomes wide: every narrow slot moves into a wide one, with its bits. */
static void narrow_widen(AccShare *s) {
    s->is_narrow = false;
    share_rehash(s, s->narrow_live);
    for (uint32_t o = 0; s->narrow && o <= s->narrow_mask; o++) {
        uint64_t v = s->narrow[o];
        if (!v)
            continue;
        Key k = {.bits = (int64_t)(v >> 32)};
        uint32_t g = (uint32_t)(v >> 8) & 0xFFFFFF;
        ShSlot *slot = share_find(s, k, g, key_hash(k, g, false), true);
        slot->counts[0] = (uint32_t)(v & 0xFF);
    }
    narrow_free(s);
    s->narrow_live = 0;
}

/*
 * The narrow form of share_body (append-only). Returns the number of rows done: n, or
 * the index of the first row whose value or group does not fit a narrow slot.
 */
AI uint32_t narrow_body(AccShare *s, const void *data, const uint64_t *valid,
                        const uint8_t *const *fdata, const uint64_t *const *fvalid,
                        const uint16_t *rows, const uint32_t *gids, const int8_t *signs, uint32_t n,
                        uint32_t *n_kept, LoadFn load) {
    uint64_t hashes[SHARE_CHUNK];
    uint32_t masks[SHARE_CHUNK], end = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i % SHARE_CHUNK == 0) {
            end = n - i < SHARE_CHUNK ? n - i : SHARE_CHUNK;
            if (!s->narrow || (uint64_t)(s->narrow_live + end) * 10 > (uint64_t)s->narrow_mask * 7)
                narrow_rehash(s, end);
            chunk_masks(s, data, valid, fdata, fvalid, rows + i, gids + i, end, masks, hashes,
                        load);
            for (uint32_t j = 0; j < PREFETCH_AHEAD && j < end; j++)
                __builtin_prefetch(&s->narrow[(uint32_t)hashes[j] & s->narrow_mask]);
        }
        uint32_t ahead = i % SHARE_CHUNK + PREFETCH_AHEAD;
        if (ahead < end)
            __builtin_prefetch(&s->narrow[(uint32_t)hashes[ahead] & s->narrow_mask]);
        uint32_t mask = masks[i % SHARE_CHUNK];
        if (!mask)
            continue;
        uint16_t r = rows[i];
        uint32_t g = gids[i];
        Key k = load(data, r);
        if ((uint64_t)k.bits >> 32 || g >= NARROW_GID_LIMIT)
            return i;
        uint64_t key = (uint64_t)k.bits << 32 | (uint64_t)g << 8;
        uint32_t fresh;
        for (uint32_t j = (uint32_t)hashes[i % SHARE_CHUNK] & s->narrow_mask;;
             j = (j + 1) & s->narrow_mask) {
            uint64_t v = s->narrow[j];
            if (!v) {
                s->narrow[j] = key | mask;
                s->narrow_live++;
                fresh = mask;
                break;
            }
            if ((v & ~(uint64_t)0xFF) == key) {
                fresh = mask & ~(uint32_t)v;
                s->narrow[j] = v | mask;
                break;
            }
        }
        keep_for(s, fresh, r, g, signs[i], n_kept);
    }
    return n;
}

#define DEFINE_NARROW(SUFFIX, LOAD)                                                                \
    static uint32_t narrow_##SUFFIX(AccShare *s, const void *data, const uint64_t *valid,          \
                                    const uint8_t *const *fdata, const uint64_t *const *fvalid,    \
                                    const uint16_t *rows, const uint32_t *gids,                    \
                                    const int8_t *signs, uint32_t n, uint32_t *n_kept) {           \
        return narrow_body(s, data, valid, fdata, fvalid, rows, gids, signs, n, n_kept, LOAD);     \
    }
DEFINE_NARROW(bool, load_bool)
DEFINE_NARROW(i32, load_i32)
DEFINE_NARROW(i64, load_i64)

#define DEFINE_SHARE(SUFFIX, LOAD)                                                                 \
    static void share_##SUFFIX(AccShare *s, const void *data, const uint64_t *valid,               \
                               const uint8_t *const *fdata, const uint64_t *const *fvalid,         \
                               const uint16_t *rows, const uint32_t *gids, const int8_t *signs,    \
                               uint32_t n, uint32_t *n_kept) {                                     \
        share_body(s, data, valid, fdata, fvalid, rows, gids, signs, n, n_kept, LOAD);             \
    }
DEFINE_SHARE(bool, load_bool)
DEFINE_SHARE(i32, load_i32)
DEFINE_SHARE(i64, load_i64)
DEFINE_SHARE(f32, load_f32)
DEFINE_SHARE(f64, load_f64)

int acc_share_update(AccShare *s, const Vector *cols, const uint16_t *rows, const uint32_t *gids,
                     const int8_t *signs, uint32_t n, Diag *diag) {
    if (n == 0)
        return 0;
    const Vector *arg = &cols[s->members[0]->call.arg];
    const uint8_t *fdata[ACC_SHARE_MAX];
    const uint64_t *fvalid[ACC_SHARE_MAX];
    uint32_t n_kept[ACC_SHARE_MAX] = {0};
    if (s->is_presence)
        for (uint32_t i = 0; i < n; i++)
            if (signs[i] < 0)
                return diag_set(diag, -1,
                                "internal error: a retraction reached DISTINCT state "
                                "planned for an append-only input");
    for (int m = 0; m < s->n_members; m++) {
        int filter = s->members[m]->call.filter;
        fdata[m] = filter >= 0 ? cols[filter].data : NULL;
        fvalid[m] = filter >= 0 ? cols[filter].validity : NULL;
        acc_scratch_reserve(s->members[m], n);
    }
    if (s->is_narrow) {
        uint32_t done;
        if (s->cls == CLS_BOOL)
            done = narrow_bool(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n,
                               n_kept);
        else if (s->cls == CLS_I32)
            done = narrow_i32(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n,
                              n_kept);
        else
            done = narrow_i64(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n,
                              n_kept);
        if (done < n) /* a value or group too wide: the rest goes to the wide set */
            narrow_widen(s);
        rows += done, gids += done, signs += done, n -= done;
    }
    if (n > 0) {
        switch (s->cls) {
            case CLS_BOOL:
                share_bool(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n,
                           n_kept);
                break;
            case CLS_I32:
                share_i32(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n, n_kept);
                break;
            case CLS_I64:
                share_i64(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n, n_kept);
                break;
            case CLS_F32:
                share_f32(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n, n_kept);
                break;
            default:
                share_f64(s, arg->data, arg->validity, fdata, fvalid, rows, gids, signs, n, n_kept);
                break;
        }
    }
    for (int m = 0; m < s->n_members; m++) {
        Accumulator *acc = s->members[m];
        if (n_kept[m] &&
            acc->update(acc, arg->data, acc->s_rows, acc->s_gids, acc->s_signs, n_kept[m]) < 0)
            return -1;
    }
    return 0;
}

void acc_share_clear(AccShare *s, const uint32_t *ids, uint32_t n) {
    if (n == 0 || (!s->slots && !s->narrow))
        return;
    uint32_t n_groups = 0;
    for (uint32_t i = 0; i < n; i++)
        n_groups = ids[i] + 1 > n_groups ? ids[i] + 1 : n_groups;
    uint8_t *mark = xcalloc(n_groups, 1);
    for (uint32_t i = 0; i < n; i++)
        mark[ids[i]] = 1;
    if (s->narrow) { /* drop the groups' slots, then rebuild (no tombstones here) */
        for (uint32_t i = 0; i <= s->narrow_mask; i++) {
            uint32_t g = (uint32_t)(s->narrow[i] >> 8) & 0xFFFFFF;
            if (s->narrow[i] && g < n_groups && mark[g]) {
                s->narrow[i] = 0;
                s->narrow_live--;
            }
        }
        narrow_rehash(s, 0);
    }
    for (uint32_t i = 0; s->slots && i <= s->mask; i++) {
        ShSlot *slot = slot_at(s, i);
        if (slot->gid < n_groups && mark[slot->gid]) {
            slot->gid = SH_TOMB;
            s->n_live--;
        }
    }
    free(mark);
    if (s->slots && s->n_used > 2 * s->n_live + 16)
        share_rehash(s, 0);
}
