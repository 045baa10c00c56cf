/*
 * calc.c - the Calc operator: a filter and a projection over each batch.
 *
 * Flink fuses WHERE and SELECT-list expressions of a stateless query into one Calc;
 * so does sluice. A push evaluates the filter, which narrows the batch's selection in
 * place (no rows are copied), then evaluates each projected expression over the rows
 * still selected. The output batch is a shell whose vectors alias the expressions'
 * result vectors (a projected plain column aliases the input's vector), sharing the
 * input's selection, row kinds and arena. Nothing is allocated per batch.
 *
 * A runtime error (division by zero, a failed CAST) fails the query, but the rows of
 * the batch before the failing one are still emitted first, as a row-at-a-time
 * engine would have: the batch is evaluated again one row at a time to find where
 * the error is (errors are rare, so this slow path costs nothing in normal runs).
 */
#include "exec/exec.h"

#include <stdlib.h>
#include <string.h>

typedef struct CalcOp {
    Operator base;
    ExprProgram *filter;
    int n_exprs; /* -1: pass the input columns through */
    ExprProgram **exprs;
    Batch out; /* a shell: vectors alias expression results */
    uint16_t saved_rows[BATCH_CAPACITY];
    char *explain_text;
} CalcOp;

/* Filters and projects the live rows of `in` into calc->out. */
static int calc_eval(CalcOp *calc, Batch *in, Diag *diag) {
    if (calc->filter && expr_filter(calc->filter, in, diag) < 0)
        return -1;
    if (calc->n_exprs < 0 || batch_live_rows(in) == 0)
        return 0;
    Batch *out = &calc->out;
    for (int col = 0; col < calc->n_exprs; col++) {
        Vector *v;
        if (expr_eval(calc->exprs[col], in, &v, diag) < 0)
            return -1;
        out->cols[col].type = v->type;
        out->cols[col].data = v->data;
        out->cols[col].validity = v->validity;
    }
    out->n_rows = in->n_rows;
    out->sel = in->sel;
    out->n_sel = in->n_sel;
    out->row_kinds = in->row_kinds;
    out->watermarks = in->watermarks;
    out->arena = in->arena;
    return 0;
}

static int calc_emit(CalcOp *calc, Batch *in, Diag *diag) {
    if (batch_live_rows(in) == 0)
        return 0;
    return op_emit(&calc->base, calc->n_exprs < 0 ? in : &calc->out, diag);
}

/* After an error: emit the rows before the first failing row, then report the error. */
static int calc_salvage(CalcOp *calc, Batch *in, const uint16_t *rows, uint32_t n_rows,
                        Diag *diag) {
    uint16_t *good = xmalloc((n_rows ? n_rows : 1) * sizeof(uint16_t));
    uint32_t n_good = 0;
    Diag row_diag;
    diag_init(&row_diag);
    for (uint32_t i = 0; i < n_rows; i++) {
        uint16_t one = rows[i];
        in->sel = &one;
        in->n_sel = 1;
        if (calc_eval(calc, in, &row_diag) < 0)
            break;
        if (batch_live_rows(in) == 1)
            good[n_good++] = rows[i];
    }
    int rc = 0;
    if (n_good > 0) {
        memcpy(in->sel_buf, good, n_good * sizeof(uint16_t));
        in->sel = in->sel_buf;
        in->n_sel = n_good;
        Diag ignored;
        diag_init(&ignored);
        if (calc_eval(calc, in, &ignored) == 0)
            rc = calc_emit(calc, in, diag);
    }
    free(good);
    if (rc == 0 && row_diag.is_set)
        *diag = row_diag; /* the error of the first failing row */
    return -1;
}

static int calc_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    CalcOp *calc = (CalcOp *)op;
    uint32_t n_live = batch_live_rows(in);
    uint16_t *saved = NULL;
    if (calc->filter || calc->n_exprs > 0) {
        /* Remember the live rows in case an error needs them (cheap: one copy). */
        saved = calc->saved_rows;
        for (uint32_t i = 0; i < n_live; i++)
            saved[i] = (uint16_t)batch_row(in, i);
    }
    if (calc_eval(calc, in, diag) < 0) {
        if (!saved)
            return -1;
        return calc_salvage(calc, in, saved, n_live, diag);
    }
    return calc_emit(calc, in, diag);
}

static void calc_explain(const Operator *op, StrBuf *out) {
    const CalcOp *calc = (const CalcOp *)op;
    sb_append(out, calc->explain_text ? calc->explain_text : "Calc");
}

static void calc_destroy(Operator *op) {
    CalcOp *calc = (CalcOp *)op;
    expr_free(calc->filter);
    for (int i = 0; i < calc->n_exprs; i++)
        expr_free(calc->exprs[i]);
    free(calc->exprs);
    free(calc->out.cols);
    free(calc->explain_text);
    free(calc);
}

static const OperatorVtbl CALC_VTBL = {
    .push = calc_push,
    .watermark = op_forward_watermark,
    .finish = op_forward_finish,
    .explain = calc_explain,
    .destroy = calc_destroy,
};

Operator *op_calc_new(int n_inputs, const SqlType *input_types, const ExprNode *filter, int n_exprs,
                      const ExprNode *const *exprs, const char *explain_text, Diag *diag) {
    CalcOp *calc = xcalloc(1, sizeof(CalcOp));
    calc->base.vt = &CALC_VTBL;
    calc->n_exprs = n_exprs;
    calc->explain_text = explain_text ? xstrdup(explain_text) : NULL;
    if (filter) {
        calc->filter = expr_compile(filter, n_inputs, input_types, diag);
        if (!calc->filter)
            goto fail;
    }
    if (n_exprs >= 0) {
        calc->exprs = xcalloc((size_t)(n_exprs ? n_exprs : 1), sizeof(ExprProgram *));
        calc->out.cols = xcalloc((size_t)(n_exprs ? n_exprs : 1), sizeof(Vector));
        calc->out.n_cols = n_exprs;
        for (int col = 0; col < n_exprs; col++) {
            calc->exprs[col] = expr_compile(exprs[col], n_inputs, input_types, diag);
            if (!calc->exprs[col])
                goto fail;
            calc->out.cols[col].type = exprs[col]->type;
        }
    }
    return &calc->base;
fail:
    calc_destroy(&calc->base);
    return NULL;
}

/* ---- defaults shared by operators ------------------------------------------------- */

int op_forward_watermark(Operator *op, int port, int64_t ts, Diag *diag) {
    (void)port;
    if (!op->next)
        return 0;
    return op->next->vt->watermark(op->next, op->next_port, ts, diag);
}

int op_forward_finish(Operator *op, Diag *diag) {
    if (!op->next)
        return 0;
    return op_finish(op->next, diag);
}
