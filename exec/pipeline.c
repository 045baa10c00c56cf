/*
 * pipeline.c - driving a query: pull batches from the sources, push them downstream.
 *
 * One thread runs everything. Each source is read to its end in turn (a query with
 * one source is the common case; several sources are read one after the other until
 * joins need interleaving). When every source has ended, the downstream operators are
 * finished, which flushes what they hold. A cancel flag, set from a signal handler,
 * stops reading at the next batch boundary and still finishes cleanly, so what was
 * computed so far is written out.
 *
 * Timers: an operator that acts on processing time (windows over PROCTIME(), an idle
 * source's watermark) sets its timer_at. Before each read the pipeline tells the
 * source the earliest timer, so a read that would block gives up then and returns an
 * empty batch; after each read, every operator whose timer is due gets a tick. So a
 * quiet input does not keep a due window from firing.
 */
#include "exec/exec.h"

/* The earliest timer of the operators, or 0 when none has one. */
static int64_t earliest_timer(Operator *const *ops, int n_ops) {
    int64_t at = 0;
    for (int i = 0; i < n_ops; i++)
        if (ops[i]->timer_at > 0 && (at == 0 || ops[i]->timer_at < at))
            at = ops[i]->timer_at;
    return at;
}

static int tick_due(Operator *const *ops, int n_ops, Diag *diag) {
    int64_t now = time_now_utc_ms();
    for (int i = 0; i < n_ops; i++)
        if (ops[i]->vt->tick && ops[i]->timer_at > 0 && ops[i]->timer_at <= now &&
            ops[i]->vt->tick(ops[i], now, diag) < 0)
            return -1;
    return 0;
}

int pipeline_run(Source **sources, int n_sources, Operator *const *ops, int n_ops,
                 volatile int *cancel, Diag *diag) {
    for (int i = 0; i < n_sources; i++) {
        Source *src = sources[i];
        for (;;) {
            if (cancel && *cancel)
                break;
            Batch *batch = NULL;
            src->wake_at = earliest_timer(ops, n_ops);
            int rc = src->vt->next(src, &batch, diag);
            if (rc < 0)
                return -1;
            if (rc == 0)
                break;
            src->stats.rows_out += batch->n_rows;
            src->stats.batches_in++;
            if (batch_live_rows(batch) > 0 && op_push(src->downstream, src->port, batch, diag) < 0)
                return -1;
            if (src->wake_at > 0 && tick_due(ops, n_ops, diag) < 0)
                return -1;
        }
    }
    /* Every source finishes its downstream once; where sources meet (a UNION ALL), the
     * Union operator finishes its own downstream after the last of them. */
    for (int i = 0; i < n_sources; i++)
        if (op_finish(sources[i]->downstream, diag) < 0)
            return -1;
    return 0;
}
