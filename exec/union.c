/*
 * union.c - the Union operator: where the branches of a UNION ALL meet.
 *
 * Each branch pushes its batches through, unchanged. The point of the operator is the
 * end of input: every branch finishes it once, and only when the last one has does it
 * finish its downstream, which therefore sees one end of input, as the query has one
 * (a GROUP BY in batch mode emits its groups at finish: finishing it per branch would
 * print them once per branch). Watermarks pass through as they come; windows over a
 * UNION ALL of watermarked inputs are refused by the planner until watermarks are
 * merged across inputs.
 */
#include "exec/exec.h"

#include <stdlib.h>

typedef struct UnionOp {
    Operator base;
    int n_inputs;
    int n_finished;
    char *explain_text; /* the plan's, or NULL */
} UnionOp;

static int union_push(Operator *op, int port, Batch *batch, Diag *diag) {
    (void)port;
    return op_emit(op, batch, diag);
}

static int union_finish(Operator *op, Diag *diag) {
    UnionOp *u = (UnionOp *)op;
    if (++u->n_finished < u->n_inputs)
        return 0;
    return op_forward_finish(op, diag);
}

static void union_explain(const Operator *op, StrBuf *out) {
    const UnionOp *u = (const UnionOp *)op;
    if (u->explain_text)
        sb_append(out, u->explain_text);
    else
        sb_printf(out, "Union(all=[true], inputs=[%d])", u->n_inputs);
}

static void union_destroy(Operator *op) {
    free(((UnionOp *)op)->explain_text);
    free(op);
}

static const OperatorVtbl UNION_VTBL = {
    .push = union_push,
    .watermark = op_forward_watermark,
    .finish = union_finish,
    .explain = union_explain,
    .destroy = union_destroy,
};

Operator *op_union_new(int n_inputs, const char *explain_text) {
    UnionOp *u = xcalloc(1, sizeof *u);
    u->base.vt = &UNION_VTBL;
    u->n_inputs = n_inputs;
    u->explain_text = explain_text ? xstrdup(explain_text) : NULL;
    return &u->base;
}
