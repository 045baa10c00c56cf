/*
 * acc_merge.c - merging accumulator states: acc_can_merge and acc_merge.
 *
 * Sliced HOP and CUMULATE windows keep one state per slice, and a window's state is the
 * merge of its slices'. acc_merge folds groups of one accumulator into another's as if
 * they had then received the other's rows: counts and sums add (integer sums wrap, as
 * in updates), Welford's moments combine by Chan et al.'s pairwise formula, MIN/MAX
 * keep the better value, FIRST_VALUE dst's and LAST_VALUE src's, LISTAGG buffers join
 * with the separator between, sketches take the register-wise maximum (acc_hll.c), and
 * kept strings are copied into dst's pool (compacted afterwards when mostly dead, as
 * after an update). Only append-only calls without DISTINCT reference counts merge
 * (acc_can_merge): value maps and value lists are not merged.
 *
 * Example, MAX(price) over two slices: a group with has = 1, key = 7 in dst and has =
 * 1, key = 9 in src ends with key 9; FIRST_VALUE would keep 7, LAST_VALUE take 9.
 */
#include "exec/acc_internal.h"

bool acc_can_merge(const AggCall *call) {
    return agg_call_mergeable(call); /* the planner checks the same rule */
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
    if (dst->hlls)
        hll_merge_groups(dst, dst_ids, src, src_ids, n);
    if (dst->pool.bytes > 2 * dst->pool.live + (1u << 20))
        acc_pool_compact(dst);
}
