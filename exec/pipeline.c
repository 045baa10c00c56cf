/*
 * pipeline.c - driving a query: pull batches from the sources, push them downstream.
 *
 * One thread runs everything. Each source is read to its end in turn (a query with
 * one source is the common case; several sources are read one after the other until
 * joins need interleaving). When every source has ended, the downstream operators are
 * finished, which flushes what they hold. A cancel flag, set from a signal handler,
 * stops reading at the next batch boundary and still finishes cleanly, so what was
 * computed so far is written out.
 */
#include "exec/exec.h"

int pipeline_run(Source **sources, int n_sources, volatile int *cancel, Diag *diag) {
    for (int i = 0; i < n_sources; i++) {
        Source *src = sources[i];
        for (;;) {
            if (cancel && *cancel)
                break;
            Batch *batch = NULL;
            int rc = src->vt->next(src, &batch, diag);
            if (rc < 0)
                return -1;
            if (rc == 0)
                break;
            src->stats.rows_out += batch->n_rows;
            src->stats.batches_in++;
            if (batch_live_rows(batch) == 0)
                continue;
            if (op_push(src->downstream, src->port, batch, diag) < 0)
                return -1;
        }
    }
    /* Every downstream chain ends in the sink; finish each distinct head once. */
    for (int i = 0; i < n_sources; i++) {
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen |= sources[j]->downstream == sources[i]->downstream;
        if (!seen && op_finish(sources[i]->downstream, diag) < 0)
            return -1;
    }
    return 0;
}
