/*
 * tee.c - the Tee operator: one input, several consumers, each batch pushed to each.
 *
 * A statement set reads each table once (docs/architecture.md, "Statement sets"): the
 * table's one source pushes into a Tee, and the Tee pushes every batch to the plan of
 * every INSERT that scans the table. The source reads the union of the fields the scans
 * use; a consumer expects its own scan's columns, so each output has a column map
 * (output column -> input column) chosen when the plan is built.
 *
 * Nothing is copied row by row. A push may narrow the selection of the batch it gets
 * (writing the batch's own sel_buf), set its watermarks or alias its vectors, so each
 * consumer gets its own Batch shell, reused from batch to batch: its Vector structs are
 * copies of the input's (data and validity shared, no owned buffers), and its
 * selection, row kinds, watermarks and arena point at the input's, which no operator
 * writes through. Per batch and consumer that is one struct copy per column.
 *
 * Invariants: consumers get each batch in the order they were added; the watermark and
 * finish calls reach every consumer in that order too. A consumer's error stops the
 * push there (the query fails, as one job does in Flink).
 */
#include "exec/exec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef struct TeeOutput {
    Operator *next;
    int port;
    int *cols; /* input column of each of the shell's columns */
    Batch shell;
} TeeOutput;

typedef struct TeeOp {
    Operator base;
    int n_outputs;
    TeeOutput *outputs;
    char *explain_text;
} TeeOp;

static int tee_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    TeeOp *tee = (TeeOp *)op;
    for (int i = 0; i < tee->n_outputs; i++) {
        TeeOutput *o = &tee->outputs[i];
        Batch *b = &o->shell;
        for (int col = 0; col < b->n_cols; col++) {
            b->cols[col] = in->cols[o->cols[col]];
            b->cols[col].buf = NULL; /* owned by the input's batch */
            b->cols[col].valid_buf = NULL;
        }
        b->n_rows = in->n_rows;
        b->sel = in->sel;
        b->n_sel = in->n_sel;
        b->row_kinds = in->row_kinds;
        b->watermarks = in->watermarks;
        b->arena = in->arena;
        op->stats.rows_out += batch_live_rows(b);
        if (op_push(o->next, o->port, b, diag) < 0)
            return -1;
    }
    return 0;
}

static int tee_watermark(Operator *op, int port, int64_t ts, Diag *diag) {
    (void)port;
    TeeOp *tee = (TeeOp *)op;
    for (int i = 0; i < tee->n_outputs; i++) {
        Operator *next = tee->outputs[i].next;
        if (next->vt->watermark(next, tee->outputs[i].port, ts, diag) < 0)
            return -1;
    }
    return 0;
}

static int tee_finish(Operator *op, Diag *diag) {
    TeeOp *tee = (TeeOp *)op;
    for (int i = 0; i < tee->n_outputs; i++)
        if (op_finish(tee->outputs[i].next, diag) < 0)
            return -1;
    return 0;
}

static void tee_explain(const Operator *op, StrBuf *out) {
    const TeeOp *tee = (const TeeOp *)op;
    if (tee->explain_text)
        sb_append(out, tee->explain_text);
    else
        sb_printf(out, "Tee(outputs=[%d])", tee->n_outputs);
}

static void tee_destroy(Operator *op) {
    TeeOp *tee = (TeeOp *)op;
    for (int i = 0; i < tee->n_outputs; i++) {
        free(tee->outputs[i].cols);
        free(tee->outputs[i].shell.cols);
    }
    free(tee->outputs);
    free(tee->explain_text);
    free(tee);
}

static const OperatorVtbl TEE_VTBL = {
    .push = tee_push,
    .watermark = tee_watermark,
    .finish = tee_finish,
    .explain = tee_explain,
    .destroy = tee_destroy,
};

Operator *op_tee_new(const char *explain_text) {
    TeeOp *tee = xcalloc(1, sizeof(TeeOp));
    tee->base.vt = &TEE_VTBL;
    tee->explain_text = explain_text ? xstrdup(explain_text) : NULL;
    return &tee->base;
}

void op_tee_add_output(Operator *op, Operator *next, int port, int n_cols, const int *cols) {
    assert(op->vt == &TEE_VTBL);
    TeeOp *tee = (TeeOp *)op;
    tee->outputs = xrealloc(tee->outputs, (size_t)(tee->n_outputs + 1) * sizeof(TeeOutput));
    TeeOutput *o = &tee->outputs[tee->n_outputs++];
    memset(o, 0, sizeof *o);
    o->next = next;
    o->port = port;
    o->cols = xcalloc((size_t)(n_cols ? n_cols : 1), sizeof(int));
    if (n_cols)
        memcpy(o->cols, cols, (size_t)n_cols * sizeof(int));
    o->shell.n_cols = n_cols;
    o->shell.cols = xcalloc((size_t)(n_cols ? n_cols : 1), sizeof(Vector));
}

int op_tee_n_outputs(const Operator *op) {
    return op->vt == &TEE_VTBL ? ((const TeeOp *)op)->n_outputs : 0;
}
