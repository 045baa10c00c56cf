/*
 * plan_ops.c - from a plan node of one input to the operator that runs it.
 */
#include "shell/plan_ops.h"

Operator *plan_node_operator(const PlanNode *p, Diag *diag) {
    const PlanNode *in = p->n_inputs == 1 ? p->inputs[0] : NULL;
    if (!in)
        return diag_set(diag, -1, "internal error: not a one-input plan node"), NULL;
    switch (p->kind) {
        case PLAN_CALC:
            return op_calc_new(in->n_cols, in->types, p->filter, p->n_cols,
                               (const ExprNode *const *)p->exprs, p->explain, diag);
        case PLAN_AGGREGATE:
            return op_hashagg_new(in->n_cols, in->types, p->n_keys, p->key_cols, p->n_aggs, p->aggs,
                                  p->emit_final_only, p->state_ttl_ms, p->explain, diag);
        case PLAN_WATERMARK:
            return op_watermark_new(in->n_cols, in->types, p->rowtime_expr, p->watermark_expr,
                                    p->rowtime_name, p->idle_timeout_ms, p->explain, diag);
        case PLAN_WINDOW_TVF:
            if (p->window.kind == WIN_SESSION)
                return op_session_tvf_new(in->n_cols, in->types, &p->window, p->n_partition,
                                          p->partition_cols, p->ignore_lateness, p->explain, diag);
            return op_window_tvf_new(in->n_cols, in->types, &p->window, p->explain, diag);
        case PLAN_WINDOW_AGG:
            if (p->window.kind == WIN_SESSION)
                return op_sessionagg_new(in->n_cols, in->types, &p->window, p->n_keys, p->key_cols,
                                         p->n_aggs, p->aggs, p->ignore_lateness, p->explain, diag);
            return op_windowagg_new(in->n_cols, in->types, &p->window, p->n_keys, p->key_cols,
                                    p->n_aggs, p->aggs, p->ignore_lateness, p->explain, diag);
        case PLAN_SCAN:
        case PLAN_VALUES:
        case PLAN_UNION:
            break;
    }
    return diag_set(diag, -1, "internal error: not a one-input plan node"), NULL;
}
