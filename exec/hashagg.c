/*
 * hashagg.c - continuous GROUP BY: a hash aggregation that emits a changelog.
 *
 * The idea, as in Flink's GroupAggFunction but a batch at a time: the state is one
 * entry per group (its key in the key table, its row count and one accumulator per
 * aggregate call), and the output is the changelog of the result table.
 *
 * For each input batch:
 *   1. The key table gives every live row its group id (one probe per row).
 *   2. The groups the batch touches are listed once each, in order of first touch.
 *   3. Their results before the batch are computed (for the groups that existed).
 *   4. Every accumulator is updated over the whole batch in one call, each row with
 *      its sign: +1 for +I and +U rows, -1 for -U and -D rows (retractions). DISTINCT
 *      calls over one argument first go through their shared state (acc_share.c), one
 *      probe a row for all of them, which hands each its narrowed rows.
 *   5. Their results after the batch are computed, and for each touched group:
 *        new group (count was 0, now > 0)     +I after
 *        changed group                       -U before, +U after
 *        unchanged result                    nothing
 *        emptied group (count is now 0)       -D before
 *      so a group changed by 100 rows of one batch produces one -U/+U pair, not 100.
 *
 * Worked example, COUNT(*) GROUP BY status, batches [200, 200, 404] then [200]:
 *   batch 1 touches 200 (0 -> 2 rows) and 404 (0 -> 1): +I[200, 2], +I[404, 1]
 *   batch 2 touches 200 (2 -> 3):                      -U[200, 2], +U[200, 3]
 *
 * In final mode (SET 'execution.runtime-mode' = 'batch') steps 3 and 5 are skipped and
 * finish emits +I for every group; a global aggregation (no keys) over no rows still
 * emits its one row (COUNT 0, SUM NULL), as a batch query does.
 *
 * State TTL (SET 'table.exec.state.ttl', streaming mode only; Flink's semantics in
 * processing time): last_touch[g] is the time (time_now_utc_ms, read once per batch)
 * of the last batch that touched group g. At the start of a batch, when min(TTL, 1 s)
 * has passed since the last sweep, every group idle for >= TTL is dropped: its
 * accumulators and shared DISTINCT state are emptied (acc_clear, acc_share_clear, all
 * expired groups at once), its key removed (keytab_remove) and its id
 * freed for a later group; nothing is emitted. A group the batch touches that is idle
 * for >= TTL but not swept yet is emptied first, so either way the key starts a new
 * group and emits +I.
 *
 * Invariants: ids below keytab_count are groups or free (last_touch NO_GROUP, counts,
 * accumulators empty); a freed id is reused by the key table for a new group, which
 * then starts empty. counts[g] is the number of rows currently in group g (inserts
 * minus retractions); a group with count 0 has no row in the result table. Output
 * batches never exceed BATCH_CAPACITY rows.
 */
#include "exec/agg.h"

#include <stdlib.h>
#include <string.h>

typedef struct HashAgg {
    Operator base;
    int n_keys;
    int *key_cols;
    int n_aggs;
    AggCall *aggs;
    Accumulator **accs;
    /* DISTINCT calls over one argument share their state: share_of[a] is call a's
     * share, or -1 (see acc_share.c) */
    int *share_of;
    int n_shares;
    AccShare **shares;
    KeyTable *keys;
    bool emit_final_only;
    char *explain_text;
    int64_t ttl_ms;     /* state TTL in processing time; 0 = keep groups forever */
    int64_t last_sweep; /* when idle groups were last dropped */

    /* per group */
    int64_t *counts;
    uint32_t *touch_epoch;
    int64_t *last_touch; /* with a TTL: processing time of the last row; NO_GROUP: free */
    uint32_t cap_groups;
    uint32_t epoch;

    /* per batch scratch */
    uint32_t gids[BATCH_CAPACITY];
    uint16_t identity[BATCH_CAPACITY]; /* 0, 1, 2, ...: the rows of a batch without selection */
    int8_t signs[BATCH_CAPACITY];
    bool signs_all_plus; /* signs[] is all +1 */
    uint32_t touched[BATCH_CAPACITY];
    bool was_alive[BATCH_CAPACITY];
    Batch *before;                     /* results of the touched groups before the batch */
    Batch *after;                      /* ... and after */
    Batch *out;                        /* what is emitted */
    uint8_t emit_from[BATCH_CAPACITY]; /* out's row i is row emit_row[i] of before (0) */
    uint16_t emit_row[BATCH_CAPACITY]; /* or after (1): see gather_out */
    bool differs[BATCH_CAPACITY];      /* touched group i's result changed */
    int n_out_cols;
    SqlType *out_types;
} HashAgg;

/* ---- helpers ----------------------------------------------------------------------- */

#define NO_GROUP INT64_MIN /* last_touch of an id that is no group (yet, or any more) */

static void grow_groups(HashAgg *h, uint32_t n_groups) {
    if (n_groups <= h->cap_groups)
        return;
    uint32_t cap = h->cap_groups ? h->cap_groups : 1024;
    while (cap < n_groups)
        cap *= 2;
    h->counts = xrealloc(h->counts, cap * sizeof(int64_t));
    h->touch_epoch = xrealloc(h->touch_epoch, cap * sizeof(uint32_t));
    memset(h->counts + h->cap_groups, 0, (cap - h->cap_groups) * sizeof(int64_t));
    memset(h->touch_epoch + h->cap_groups, 0, (cap - h->cap_groups) * sizeof(uint32_t));
    if (h->ttl_ms > 0) {
        h->last_touch = xrealloc(h->last_touch, cap * sizeof(int64_t));
        for (uint32_t g = h->cap_groups; g < cap; g++)
            h->last_touch[g] = NO_GROUP;
    }
    h->cap_groups = cap;
}

/* COUNT(*) without FILTER: the groups' row counts. */
static void count_result(const HashAgg *h, const uint32_t *ids, uint32_t n, Vector *out) {
    int64_t *v = out->data;
    for (uint32_t i = 0; i < n; i++)
        v[i] = h->counts[ids[i]];
    out->validity = NULL;
}

/* Writes keys and results of groups ids[0..n) into rows 0..n-1 of b. */
static void compute_rows(HashAgg *h, const uint32_t *ids, uint32_t n, Batch *b) {
    batch_reset(b);
    Vector *keys[64];
    for (int k = 0; k < h->n_keys; k++)
        keys[k] = &b->cols[k];
    keytab_gather(h->keys, ids, n, keys);
    for (int a = 0; a < h->n_aggs; a++)
        if (h->accs[a])
            acc_result(h->accs[a], ids, n, &b->cols[h->n_keys + a], b->arena);
        else
            count_result(h, ids, n, &b->cols[h->n_keys + a]);
    b->n_rows = n;
}

/* col_differs[i] = the values of row i of a and b differ, for values of type T. */
#define DIFF_VALUES(T)                                                                             \
    do {                                                                                           \
        const T *x = a->data, *y = b->data;                                                        \
        for (uint32_t i = 0; i < n; i++)                                                           \
            col_differs[i] = x[i] != y[i];                                                         \
    } while (0)

/*
 * differs[i]: whether row i of the results before and after the batch differ in an
 * aggregate's value (NULL equals NULL). One pass a column, one loop per physical width.
 */
static void diff_results(const HashAgg *h, uint32_t n, bool *differs) {
    bool col_differs[BATCH_CAPACITY];
    memset(differs, 0, n * sizeof *differs);
    for (int col = h->n_keys; col < h->n_out_cols; col++) {
        const Vector *a = &h->before->cols[col], *b = &h->after->cols[col];
        switch (type_width(a->type.id)) {
            case 1:
                DIFF_VALUES(uint8_t);
                break;
            case 4:
                DIFF_VALUES(uint32_t);
                break;
            case 8:
                DIFF_VALUES(uint64_t);
                break;
            default: {
                const StrRef *x = a->data, *y = b->data;
                for (uint32_t i = 0; i < n; i++)
                    col_differs[i] = x[i].len != y[i].len ||
                                     (x[i].len && memcmp(x[i].ptr, y[i].ptr, x[i].len) != 0);
                break;
            }
        }
        if (a->validity || b->validity) /* a NULL equals a NULL, whatever the data says */
            for (uint32_t i = 0; i < n; i++) {
                bool an = vec_is_null(a, i), bn = vec_is_null(b, i);
                if (an || bn)
                    col_differs[i] = an != bn;
            }
        for (uint32_t i = 0; i < n; i++)
            differs[i] |= col_differs[i];
    }
}

/* out[i] = src[from[i]][row[i]] for values of type T (one loop per physical width). */
#define GATHER_VALUES(T)                                                                           \
    do {                                                                                           \
        T *dst = d->data;                                                                          \
        const T *src0 = s[0]->data, *src1 = s[1]->data;                                            \
        for (uint32_t i = 0; i < n; i++)                                                           \
            dst[i] = from[i] ? src1[rows[i]] : src0[rows[i]];                                      \
    } while (0)

/*
 * Fills the output batch with the rows listed by append_row, a column at a time: each
 * is row emit_row[i] of the results before (emit_from[i] 0) or after (1) the batch.
 * String values still point into those results' arenas, valid until the next push.
 */
static void gather_out(HashAgg *h) {
    Batch *o = h->out;
    uint32_t n = o->n_rows;
    const uint8_t *from = h->emit_from;
    const uint16_t *rows = h->emit_row;
    for (int col = 0; col < o->n_cols; col++) {
        Vector *d = &o->cols[col];
        const Vector *s[2] = {&h->before->cols[col], &h->after->cols[col]};
        switch (type_width(d->type.id)) {
            case 1:
                GATHER_VALUES(uint8_t);
                break;
            case 4:
                GATHER_VALUES(uint32_t);
                break;
            case 8:
                GATHER_VALUES(uint64_t);
                break;
            default:
                GATHER_VALUES(StrRef);
                break;
        }
        if (s[0]->validity || s[1]->validity)
            for (uint32_t i = 0; i < n; i++)
                if (vec_is_null(s[from[i]], rows[i]))
                    vec_set_null(d, i);
    }
}

static int flush_out(HashAgg *h, Diag *diag) {
    Batch *o = h->out;
    if (o->n_rows == 0)
        return 0;
    gather_out(h);
    o->row_kinds = o->kinds_buf;
    int rc = op_emit(&h->base, o, diag);
    batch_reset(o);
    return rc;
}

/* Lists row `row` of the results before (from 0) or after (1) the batch for output. */
static int append_row(HashAgg *h, RowKind kind, int from, uint32_t row, Diag *diag) {
    Batch *o = h->out;
    if (o->n_rows == BATCH_CAPACITY && flush_out(h, diag) < 0)
        return -1;
    h->emit_from[o->n_rows] = (uint8_t)from;
    h->emit_row[o->n_rows] = (uint16_t)row;
    o->kinds_buf[o->n_rows] = (uint8_t)kind;
    o->n_rows++;
    return 0;
}

/* ---- state TTL --------------------------------------------------------------------- */

/* Empties groups ids[0..n) (their accumulators and counts) without emitting anything. */
static void clear_groups(HashAgg *h, const uint32_t *ids, uint32_t n) {
    for (int a = 0; a < h->n_aggs; a++)
        if (h->accs[a])
            acc_clear(h->accs[a], ids, n);
    for (int sh = 0; sh < h->n_shares; sh++)
        acc_share_clear(h->shares[sh], ids, n);
    uint64_t alive = h->base.stats.state_entries;
    for (uint32_t i = 0; i < n; i++) {
        alive -= h->counts[ids[i]] > 0;
        h->counts[ids[i]] = 0;
    }
    h->base.stats.state_entries = alive;
}

/* Drops every group idle for at least the TTL: state freed, key removed, id free. All
 * at once: clearing DISTINCT state passes over its whole table. */
static void sweep(HashAgg *h, int64_t now) {
    uint32_t n_ids = keytab_count(h->keys);
    uint32_t *ids = xmalloc(((size_t)n_ids + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (uint32_t g = 0; g < n_ids; g++)
        if (h->last_touch[g] != NO_GROUP && now - h->last_touch[g] >= h->ttl_ms)
            ids[n++] = g;
    if (n > 0) {
        clear_groups(h, ids, n);
        keytab_remove(h->keys, ids, n);
        for (uint32_t i = 0; i < n; i++)
            h->last_touch[ids[i]] = NO_GROUP;
    }
    free(ids);
    h->last_sweep = now;
}

/*
 * Before the batch: marks the groups its rows touch as used now. A group idle for the
 * TTL that the periodic sweep has not dropped yet is emptied here, so it starts anew
 * (+I) exactly as if it had been dropped, whenever the sweep last ran.
 */
static void touch_groups(HashAgg *h, uint32_t n, int64_t now) {
    uint32_t *expired = h->touched; /* free until the touched groups are listed */
    uint32_t n_expired = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = h->gids[i];
        int64_t t = h->last_touch[g];
        if (t == now)
            continue;
        if (t != NO_GROUP && now - t >= h->ttl_ms)
            expired[n_expired++] = g;
        h->last_touch[g] = now;
    }
    clear_groups(h, expired, n_expired);
}

/* ---- shared DISTINCT state --------------------------------------------------------- */

/* Groups the DISTINCT calls over one argument column (and type) into shares of 2 to
 * ACC_SHARE_MAX members, so that each row probes their common state once. */
static void share_distinct_state(HashAgg *h) {
    h->share_of = xmalloc(((size_t)h->n_aggs + 1) * sizeof(int));
    for (int a = 0; a < h->n_aggs; a++)
        h->share_of[a] = -1;
    for (int a = 0; a < h->n_aggs; a++) {
        if (h->share_of[a] >= 0 || !acc_can_share(h->accs[a]))
            continue;
        Accumulator *members[ACC_SHARE_MAX];
        int calls[ACC_SHARE_MAX], n = 0;
        for (int b = a; b < h->n_aggs && n < ACC_SHARE_MAX; b++)
            if (h->share_of[b] < 0 && acc_can_share(h->accs[b]) &&
                h->aggs[b].arg == h->aggs[a].arg &&
                type_equal(&h->aggs[b].arg_type, &h->aggs[a].arg_type)) {
                members[n] = h->accs[b];
                calls[n++] = b;
            }
        if (n < 2)
            continue;
        int sh = h->n_shares++;
        h->shares = xrealloc(h->shares, (size_t)h->n_shares * sizeof *h->shares);
        h->shares[sh] = acc_share_new(members, n);
        for (int m = 0; m < n; m++)
            h->share_of[calls[m]] = sh;
    }
}

/* ---- push -------------------------------------------------------------------------- */

static int hashagg_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    HashAgg *h = (HashAgg *)op;
    uint32_t n = batch_live_rows(in);
    if (n == 0)
        return 0;
    int64_t now = 0;
    if (h->ttl_ms > 0) {
        now = time_now_utc_ms();
        int64_t every = h->ttl_ms < 1000 ? h->ttl_ms : 1000;
        if (now - h->last_sweep >= every)
            sweep(h, now);
    }
    const Vector *keys[64];
    for (int k = 0; k < h->n_keys; k++)
        keys[k] = &in->cols[h->key_cols[k]];
    uint32_t n_groups = keytab_find_or_add(h->keys, keys, in->sel, n, h->gids);
    grow_groups(h, n_groups);
    for (int a = 0; a < h->n_aggs; a++)
        if (h->accs[a])
            acc_reserve(h->accs[a], n_groups);
    if (h->ttl_ms > 0)
        touch_groups(h, n, now);
    /* the batch row and sign of each live row; an insert-only batch (no row kinds)
     * keeps the all +1 signs of the last one */
    const uint16_t *rows = in->sel ? in->sel : h->identity;
    bool inserts_only = !in->row_kinds;
    if (inserts_only && !h->signs_all_plus) {
        memset(h->signs, 1, sizeof h->signs);
        h->signs_all_plus = true;
    } else if (!inserts_only) {
        for (uint32_t i = 0; i < n; i++) {
            uint8_t kind = in->row_kinds[rows[i]];
            h->signs[i] = (kind == ROWKIND_UPDATE_BEFORE || kind == ROWKIND_DELETE) ? -1 : 1;
        }
        h->signs_all_plus = false;
    }
    /* the touched groups, each once */
    uint32_t n_touched = 0;
    if (!h->emit_final_only) {
        if (++h->epoch == 0) { /* wrapped: clear the marks */
            memset(h->touch_epoch, 0, h->cap_groups * sizeof(uint32_t));
            h->epoch = 1;
        }
        for (uint32_t i = 0; i < n; i++) {
            uint32_t g = h->gids[i];
            if (h->touch_epoch[g] != h->epoch) {
                h->touch_epoch[g] = h->epoch;
                h->was_alive[n_touched] = h->counts[g] > 0;
                h->touched[n_touched++] = g;
            }
        }
        /* string results are copies in before's arena: they survive the update below */
        compute_rows(h, h->touched, n_touched, h->before);
    }
    /* counts, and the number of groups with rows, kept as they change */
    int64_t alive = (int64_t)h->base.stats.state_entries;
    if (inserts_only) {
        for (uint32_t i = 0; i < n; i++)
            alive += h->counts[h->gids[i]]++ == 0;
    } else {
        for (uint32_t i = 0; i < n; i++) {
            int64_t *c = &h->counts[h->gids[i]];
            int64_t before = *c;
            *c += h->signs[i];
            alive += (before <= 0 && *c > 0) - (before > 0 && *c <= 0);
        }
    }
    h->base.stats.state_entries = (uint64_t)alive;
    for (int sh = 0; sh < h->n_shares; sh++)
        if (acc_share_update(h->shares[sh], in->cols, rows, h->gids, h->signs, n, diag) < 0)
            return -1;
    for (int a = 0; a < h->n_aggs; a++) {
        const AggCall *c = &h->aggs[a];
        const Vector *arg = c->arg >= 0 ? &in->cols[c->arg] : NULL;
        const Vector *filter = c->filter >= 0 ? &in->cols[c->filter] : NULL;
        if (h->accs[a] && h->share_of[a] < 0 &&
            acc_update(h->accs[a], arg, filter, rows, h->gids, h->signs, n, diag) < 0)
            return -1;
    }
    if (h->emit_final_only)
        return 0;
    compute_rows(h, h->touched, n_touched, h->after);
    bool *differs = h->differs;
    diff_results(h, n_touched, differs);
    for (uint32_t i = 0; i < n_touched; i++) {
        bool now_alive = h->counts[h->touched[i]] > 0;
        int rc = 0;
        if (!h->was_alive[i] && now_alive) {
            rc = append_row(h, ROWKIND_INSERT, 1, i, diag);
        } else if (h->was_alive[i] && now_alive) {
            if (differs[i]) {
                rc = append_row(h, ROWKIND_UPDATE_BEFORE, 0, i, diag);
                if (rc == 0)
                    rc = append_row(h, ROWKIND_UPDATE_AFTER, 1, i, diag);
            }
        } else if (h->was_alive[i]) {
            rc = append_row(h, ROWKIND_DELETE, 0, i, diag);
        }
        if (rc < 0)
            return -1;
    }
    return flush_out(h, diag);
}

static int hashagg_finish(Operator *op, Diag *diag) {
    HashAgg *h = (HashAgg *)op;
    if (h->emit_final_only) {
        uint32_t n_groups = keytab_count(h->keys);
        if (n_groups == 0 && h->n_keys == 0) {
            /* a global aggregation over no rows: one row of empty results (group 0
             * exists with no rows: COUNT(*) 0, SUM NULL) */
            const Vector *none[1] = {NULL};
            uint32_t gid;
            n_groups = keytab_find_or_add(h->keys, none, NULL, 1, &gid);
            grow_groups(h, n_groups);
            for (int a = 0; a < h->n_aggs; a++)
                if (h->accs[a])
                    acc_reserve(h->accs[a], n_groups);
            h->touched[0] = 0;
            compute_rows(h, h->touched, 1, h->after);
            if (append_row(h, ROWKIND_INSERT, 1, 0, diag) < 0 || flush_out(h, diag) < 0)
                return -1;
            return op_forward_finish(op, diag);
        }
        for (uint32_t g0 = 0; g0 < n_groups; g0 += BATCH_CAPACITY) {
            uint32_t n = 0;
            for (uint32_t g = g0; g < n_groups && g < g0 + BATCH_CAPACITY; g++)
                if (h->counts[g] > 0)
                    h->touched[n++] = g;
            compute_rows(h, h->touched, n, h->after);
            for (uint32_t i = 0; i < n; i++)
                if (append_row(h, ROWKIND_INSERT, 1, i, diag) < 0)
                    return -1;
            if (flush_out(h, diag) < 0)
                return -1;
        }
    }
    return op_forward_finish(op, diag);
}

static void hashagg_explain(const Operator *op, StrBuf *out) {
    const HashAgg *h = (const HashAgg *)op;
    sb_append(out, h->explain_text ? h->explain_text : "GroupAggregate");
}

static void hashagg_destroy(Operator *op) {
    HashAgg *h = (HashAgg *)op;
    keytab_free(h->keys);
    for (int a = 0; a < h->n_aggs; a++)
        acc_free(h->accs[a]);
    for (int sh = 0; sh < h->n_shares; sh++)
        acc_share_free(h->shares[sh]);
    free(h->shares);
    free(h->share_of);
    free(h->accs);
    free(h->aggs);
    free(h->key_cols);
    free(h->counts);
    free(h->touch_epoch);
    free(h->last_touch);
    batch_free(h->before);
    batch_free(h->after);
    batch_free(h->out);
    free(h->out_types);
    free(h->explain_text);
    free(h);
}

static const OperatorVtbl HASHAGG_VTBL = {
    .push = hashagg_push,
    .watermark = op_forward_watermark,
    .finish = hashagg_finish,
    .explain = hashagg_explain,
    .destroy = hashagg_destroy,
};

Operator *op_hashagg_new(int n_inputs, const SqlType *input_types, int n_keys, const int *key_cols,
                         int n_aggs, const AggCall *aggs, bool emit_final_only,
                         int64_t state_ttl_ms, const char *explain_text, Diag *diag) {
    if (n_keys > 64)
        return diag_set(diag, -1, "not supported yet: more than 64 GROUP BY keys"), NULL;
    HashAgg *h = xcalloc(1, sizeof(HashAgg));
    h->base.vt = &HASHAGG_VTBL;
    for (uint32_t i = 0; i < BATCH_CAPACITY; i++)
        h->identity[i] = (uint16_t)i;
    h->n_keys = n_keys;
    h->n_aggs = n_aggs;
    h->emit_final_only = emit_final_only;
    h->ttl_ms = emit_final_only || state_ttl_ms < 0 ? 0 : state_ttl_ms; /* batch: no TTL */
    h->last_sweep = h->ttl_ms > 0 ? time_now_utc_ms() : 0;
    h->explain_text = explain_text ? xstrdup(explain_text) : NULL;
    h->key_cols = xcalloc((size_t)(n_keys + 1), sizeof(int));
    h->aggs = xcalloc((size_t)(n_aggs + 1), sizeof(AggCall));
    h->accs = xcalloc((size_t)(n_aggs + 1), sizeof(Accumulator *));
    h->n_out_cols = n_keys + n_aggs;
    h->out_types = xcalloc((size_t)(h->n_out_cols + 1), sizeof(SqlType));
    SqlType *key_types = xcalloc((size_t)(n_keys + 1), sizeof(SqlType));
    for (int k = 0; k < n_keys; k++) {
        if (key_cols[k] < 0 || key_cols[k] >= n_inputs) {
            free(key_types);
            hashagg_destroy(&h->base);
            return diag_set(diag, -1, "internal error: GROUP BY column out of range"), NULL;
        }
        h->key_cols[k] = key_cols[k];
        key_types[k] = h->out_types[k] = input_types[key_cols[k]];
    }
    h->keys = keytab_new(n_keys, key_types);
    free(key_types);
    for (int a = 0; a < n_aggs; a++) {
        h->aggs[a] = aggs[a];
        /* COUNT(*) is the group's row count, which the operator keeps anyway */
        bool is_row_count = aggs[a].kind == AGG_COUNT_STAR && aggs[a].filter < 0;
        h->accs[a] = is_row_count ? NULL : acc_new(&h->aggs[a]);
        h->out_types[n_keys + a] = aggs[a].result_type;
        if (!is_row_count && !h->accs[a]) {
            acc_refuse(&aggs[a], "", diag);
            hashagg_destroy(&h->base);
            return NULL;
        }
    }
    share_distinct_state(h);
    h->before = batch_new(h->n_out_cols, h->out_types);
    h->after = batch_new(h->n_out_cols, h->out_types);
    h->out = batch_new(h->n_out_cols, h->out_types);
    return &h->base;
}
