/*
 * bind_window.c - binding window table functions and legacy group windows, and
 * planning window aggregations.
 *
 * Flink spells a window two ways, and both bind to the same nodes. The window table
 * function in FROM - TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])), HOP(...,
 * slide, size [, offset]), CUMULATE(..., step, size [, offset]) or SESSION(TABLE t
 * [PARTITION BY k], DESCRIPTOR(ts), gap), positional or by name (DATA => ..., TIMECOL
 * => ...) - binds to a WindowTableFunction node over t, whose columns are t's, then
 * window_start, window_end and window_time (bind_window_tvf). The legacy group window,
 * GROUP BY TUMBLE(ts, size), HOP(ts, slide, size) or SESSION(ts, gap), is that node over
 * the SELECT's input, grouped by window_start and window_end (bind_group_window); there
 * the window columns are hidden from the query's names, and only TUMBLE_START and the
 * like (bound in bind_expr.c, through Binder.legacy) reach them.
 *
 * The windows' time is a column of the input, not an expression: the event time of a
 * table with a WATERMARK (so the leaf under the function is the WatermarkAssigner over
 * the scan, and rows arrive with their watermarks), or a PROCTIME() column; in batch
 * runtime mode any TIMESTAMP(3) column will do. Sizes, slides, steps, gaps and offsets
 * are constant INTERVALs, held in ms; a HOP or CUMULATE size is a multiple of its slide
 * or step, at most MAX_WINDOWS_PER_ROW times it.
 *
 * A GROUP BY of both window_start and window_end over the function is planned as a
 * WindowAggregate over the function's input (plan_window_aggregate). The aggregation
 * assigns rows to windows (slices) itself, so the WindowTableFunction node goes away,
 * and the Calc under it is merged, its definitions inlined, into the Calc computing the
 * aggregation's input: the time column, the other keys, the aggregates' arguments and
 * FILTER conditions. Its output is window_start, window_end, window_time, the other
 * keys, then the results, and the SELECT list is rewritten over it as over any
 * aggregation (over_agg in bind_query.c). For example, both
 *
 *   SELECT window_start, item, SUM(price) AS total
 *   FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' MINUTES))
 *   WHERE price > 0 GROUP BY window_start, window_end, item
 *
 *   SELECT TUMBLE_START(ts, INTERVAL '10' MINUTES) AS window_start, item, SUM(price) AS total
 *   FROM bids WHERE price > 0 GROUP BY TUMBLE(ts, INTERVAL '10' MINUTES), item
 *
 * plan to
 *
 *   Calc(select=[window_start, item, $agg0 AS total])
 *   +- WindowAggregate(groupBy=[item], window=[TUMBLE(time_col=[ts], size=[10 min])], ...)
 *      +- Calc(select=[ts, item, price AS $arg0], where=[(price > 0)])
 *         +- WatermarkAssigner(rowtime=[ts], ...)
 *            +- TableSourceScan(table=[[default_catalog, default_database, bids]], ...)
 *
 * Without both window columns in the GROUP BY, the function's rows are aggregated like
 * any other input (a GroupAggregate over the WindowTableFunction; a SESSION function is
 * refused there, by plan_query). Not supported, and refused when planned: a window
 * column in WHERE, in another key or in an aggregate's argument (below the aggregation
 * the windows do not exist yet), a SESSION partition column missing from the GROUP BY,
 * and DISTINCT aggregates over windows other than TUMBLE, whose per-slice states would
 * have to merge.
 */
#include "planner/bind.h"

#include <string.h>

/* ---- window table-valued functions ------------------------------------------------- */

/* A constant INTERVAL DAY TO SECOND argument of a window function, in ms. */
static int window_interval(Binder *b, const char *fname, const char *param, const AstExpr *e,
                           bool positive, int64_t *ms) {
    Scope none = {0, NULL};
    ExprNode *x = bind_expr(b, &none, e);
    if (!x)
        return -1;
    if (x->op != EOP_CONST || x->is_null || x->type.id != TYPE_INTERVAL_DT) {
        bind_error(b, e->pos, "%s: %s must be a constant INTERVAL such as INTERVAL '10' MINUTES",
                   fname, param);
        return -1;
    }
    *ms = x->value.i64;
    if (positive && *ms <= 0) {
        bind_error(b, e->pos, "%s: %s must be positive", fname, param);
        return -1;
    }
    return 0;
}

/* The windows' time: a TIMESTAMP(3) column of the input that is its event time (the
 * column of the table's WATERMARK), or any TIMESTAMP(3) column in batch mode (0), or
 * a PROCTIME() column (1); -1 on an error. */
static int window_time_column(Binder *b, const char *fname, const AstExpr *c, const Rel *in,
                              int *col) {
    ExprNode *x = bind_expr(b, &in->scope, c);
    if (!x)
        return -1;
    for (*col = 0; *col < in->scope.n_cols && in->scope.cols[*col].expr != x; (*col)++)
        ;
    if (*col == in->scope.n_cols) {
        bind_error(b, c->pos, "%s: the time argument must be a column, not an expression", fname);
        return -1;
    }
    if (x->op == EOP_PROCTIME)
        return 1; /* a processing-time attribute */
    if (x->type.id != TYPE_TIMESTAMP) {
        bind_error(b, c->pos, "%s: the time column '%s' must be TIMESTAMP(3), not %s%s", fname,
                   c->text, type_name_arena(&x->type, b->arena),
                   x->type.id == TYPE_TIMESTAMP_LTZ ? " (not supported yet)" : "");
        return -1;
    }
    if (bind_runtime_is_batch(b))
        return 0;
    const PlanNode *leaf = in->leaf;
    if (leaf->kind != PLAN_WATERMARK || !bind_expr_equal(x, leaf->rowtime_expr)) {
        bind_error(b, c->pos,
                   "%s: column '%s' is not an event time attribute: use the WATERMARK column of "
                   "a table (WATERMARK FOR %s AS ...); windows over UNION ALL views or over "
                   "other windows' results are not supported yet",
                   fname, c->text, c->text);
        return -1;
    }
    return 0;
}

/* HOP and CUMULATE rows of the window function alone, and slices merged per window:
 * at most this many windows per row. */
#define MAX_WINDOWS_PER_ROW 100000

/* The WindowTableFunction node over a Rel: its columns, then window_start, window_end
 * and window_time. */
static PlanNode *window_tvf_node(Binder *b, const Rel *in, const WindowSpec *w, int pos) {
    PlanNode *input = rel_materialize(b, in, !plan_node_reads_table(in->leaf));
    PlanNode *p = plan_node_new(b->arena, PLAN_WINDOW_TVF, input->n_cols + 3);
    static const char *const WINDOW_COLS[3] = {"window_start", "window_end", "window_time"};
    for (int i = 0; i < input->n_cols; i++) {
        p->names[i] = input->names[i];
        p->row_name_len[i] = input->row_name_len[i];
        p->types[i] = input->types[i];
    }
    for (int i = 0; i < 3; i++) { /* TIMESTAMP(3), over PROCTIME() too (UTC, docs/sql.md) */
        p->names[input->n_cols + i] = (char *)WINDOW_COLS[i];
        p->types[input->n_cols + i] = type_timestamp(3);
        p->types[input->n_cols + i].not_null = true;
    }
    p->n_inputs = 1;
    p->inputs = arena_alloc(b->arena, sizeof(PlanNode *));
    p->inputs[0] = input;
    p->window = *w;
    p->ignore_lateness = bind_runtime_is_batch(b);
    p->pos = pos;
    return p;
}

/*
 * TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset]), HOP(..., slide, size [, offset]),
 * CUMULATE(..., step, size [, offset]), positional or by name (DATA => ..., TIMECOL
 * => ..., SIZE => ...). Binds to a WindowTableFunction node over the table, whose
 * columns are the table's and window_start, window_end, window_time. A GROUP BY
 * window_start, window_end above it becomes a window aggregation (bind_select).
 */
int bind_window_tvf(Binder *b, const AstTableRef *tref, Rel *out) {
    const AstExpr *f = tref->func;
    const char *fname = f->name;
    static const char *const PARAMS[4][5] = {
        {"DATA", "TIMECOL", "SIZE", "OFFSET", NULL},
        {"DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"},
        {"DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"},
        {"DATA", "TIMECOL", "GAP", NULL, NULL},
    };
    WindowSpec w = {0};
    if (strcmp(fname, "TUMBLE") == 0)
        w.kind = WIN_TUMBLE;
    else if (strcmp(fname, "HOP") == 0)
        w.kind = WIN_HOP;
    else if (strcmp(fname, "CUMULATE") == 0)
        w.kind = WIN_CUMULATE;
    else
        w.kind = WIN_SESSION;
    const char *const *params = PARAMS[w.kind];
    int n_params = w.kind == WIN_SESSION ? 3 : w.kind == WIN_TUMBLE ? 4 : 5;
    int n_required = w.kind == WIN_SESSION ? 3 : n_params - 1;
    const AstExpr *argv[5] = {NULL};
    for (int i = 0; i < ast_list_len(f->args); i++) {
        const AstExpr *a = f->args->items[i];
        int slot = i;
        if (a->kind == EXPR_NAMED_ARG) {
            for (slot = 0; slot < n_params && !str_ieq(params[slot], a->text); slot++)
                ;
            if (slot == n_params) {
                bind_error(b, a->pos, "%s has no parameter %s", fname, a->text);
                return -1;
            }
            a = a->left;
        }
        if (slot >= n_params) {
            bind_error(b, a->pos, "%s takes at most %d arguments", fname, n_params);
            return -1;
        }
        if (argv[slot]) {
            bind_error(b, a->pos, "%s: %s is given twice", fname, params[slot]);
            return -1;
        }
        argv[slot] = a;
    }
    for (int i = 0; i < n_required; i++)
        if (!argv[i]) {
            bind_error(b, tref->pos, "%s needs its %s argument", fname, params[i]);
            return -1;
        }
    const AstExpr *data = argv[0];
    if (data->kind != EXPR_TABLE_ARG) {
        bind_error(b, data->pos, "%s: the first argument must be TABLE name", fname);
        return -1;
    }
    if (data->args && w.kind != WIN_SESSION) {
        bind_error(b, data->pos, "%s: PARTITION BY is only for SESSION windows", fname);
        return -1;
    }
    AstTableRef named = {.kind = TREF_NAMED, .pos = data->pos, .name = data->text};
    Rel in;
    if (bind_named(b, &named, &in) < 0)
        return -1;
    if (in.leaf->is_updating) {
        bind_error(b, data->pos, "%s: the input must be append-only, not an updating result",
                   fname);
        return -1;
    }
    const AstExpr *desc = argv[1];
    if (desc->kind != EXPR_DESCRIPTOR || ast_list_len(desc->args) != 1) {
        bind_error(b, desc->pos, "%s: the time column must be given as DESCRIPTOR(column)", fname);
        return -1;
    }
    int is_proctime = window_time_column(b, fname, desc->args->items[0], &in, &w.time_col);
    if (is_proctime < 0)
        return -1;
    w.is_proctime = is_proctime;
    int size_arg = w.kind == WIN_TUMBLE || w.kind == WIN_SESSION ? 2 : 3;
    if (window_interval(b, fname, w.kind == WIN_SESSION ? "the gap" : "the size", argv[size_arg],
                        true, &w.size) < 0)
        return -1;
    w.slide = w.size;
    if (w.kind == WIN_HOP || w.kind == WIN_CUMULATE) {
        const char *what = w.kind == WIN_HOP ? "the slide" : "the step";
        if (window_interval(b, fname, what, argv[2], true, &w.slide) < 0)
            return -1;
        if (w.size % w.slide != 0) {
            bind_error(b, argv[size_arg]->pos, "%s: the size must be a multiple of %s", fname,
                       what + 4);
            return -1;
        }
        if (w.size / w.slide > MAX_WINDOWS_PER_ROW) {
            bind_error(b, argv[size_arg]->pos,
                       "not supported yet: %s with more than %d windows per row (size / %s)", fname,
                       MAX_WINDOWS_PER_ROW, what + 4);
            return -1;
        }
    }
    const AstExpr *offset = w.kind == WIN_SESSION ? NULL : argv[n_params - 1];
    if (offset && window_interval(b, fname, "the offset", offset, false, &w.offset) < 0)
        return -1;
    /* SESSION ... PARTITION BY: the columns, as indexes of the input */
    int n_partition = ast_list_len(data->args);
    int *partition_cols = arena_alloc(b->arena, (size_t)(n_partition + 1) * sizeof(int));
    for (int i = 0; i < n_partition; i++) {
        ExprNode *x = bind_expr(b, &in.scope, data->args->items[i]);
        if (!x)
            return -1;
        int col = 0;
        while (col < in.scope.n_cols && in.scope.cols[col].expr != x)
            col++;
        if (col == in.scope.n_cols) {
            bind_error(b, data->pos, "%s: PARTITION BY takes columns", fname);
            return -1;
        }
        partition_cols[i] = col;
    }
    PlanNode *p = window_tvf_node(b, &in, &w, bind_pos(b, tref->pos));
    p->n_partition = n_partition;
    p->partition_cols = partition_cols;
    const char *qualifier = tref->alias ? tref->alias : data->text;
    rel_from_node(b, p, qualifier, out);
    if (tref->column_aliases)
        return scope_requalify(b, &out->scope, qualifier, tref->column_aliases, tref->pos);
    return 0;
}

/*
 * GROUP BY TUMBLE(ts, size), HOP(ts, slide, size) or SESSION(ts, gap) — Flink's legacy
 * group windows — is the window table function over the SELECT's input grouped by
 * window_start, window_end. Finds such a GROUP BY item; when there is one, *in
 * becomes the table function's rows (the input's columns, their qualifiers kept, then
 * the window columns), *item its index in the GROUP BY list, and *legacy what
 * TUMBLE_START and the like bind to. Returns -1 on an error, else 0.
 */
int bind_group_window(Binder *b, const AstQuery *q, Rel *in, int *item, LegacyWindow *legacy) {
    *item = -1;
    for (int k = 0; k < ast_list_len(q->group_by); k++) {
        const AstExpr *g = q->group_by->items[k];
        if (g->kind != EXPR_FUNC || g->over)
            continue;
        const FuncInfo *fi = cat_lookup_function(g->name);
        if (!fi || fi->kind != FUNC_WINDOW_TVF)
            continue;
        if (*item >= 0) {
            bind_error(b, g->pos, "only one group window may be in GROUP BY");
            return -1;
        }
        *item = k;
    }
    if (*item < 0)
        return 0;
    const AstExpr *g = q->group_by->items[*item];
    const char *fname = g->name;
    WindowSpec w = {0};
    int n_args = ast_list_len(g->args), want;
    const char *params;
    if (strcmp(fname, "TUMBLE") == 0) {
        w.kind = WIN_TUMBLE, want = 2, params = "time column, size";
    } else if (strcmp(fname, "HOP") == 0) {
        w.kind = WIN_HOP, want = 3, params = "time column, slide, size";
    } else if (strcmp(fname, "SESSION") == 0) {
        w.kind = WIN_SESSION, want = 2, params = "time column, gap";
    } else {
        bind_error(b, g->pos, "%s is not a group window; use TUMBLE, HOP or SESSION", fname);
        return -1;
    }
    if (n_args != want) {
        bind_error(b, g->pos, "GROUP BY %s takes (%s)", fname, params);
        return -1;
    }
    const AstExpr *const *args = (const AstExpr *const *)g->args->items;
    int is_proctime = window_time_column(b, fname, args[0], in, &w.time_col);
    if (is_proctime < 0 || window_interval(b, fname, w.kind == WIN_HOP ? "the slide" : "the size",
                                           args[1], true, &w.size) < 0)
        return -1;
    w.is_proctime = is_proctime;
    w.slide = w.size;
    if (w.kind == WIN_HOP) {
        w.slide = w.size;
        if (window_interval(b, fname, "the size", args[2], true, &w.size) < 0)
            return -1;
        if (w.size % w.slide != 0) {
            bind_error(b, args[2]->pos, "%s: the size must be a multiple of the slide", fname);
            return -1;
        }
        if (w.size / w.slide > MAX_WINDOWS_PER_ROW) {
            bind_error(b, args[2]->pos,
                       "not supported yet: HOP with more than %d windows per row (size / slide)",
                       MAX_WINDOWS_PER_ROW);
            return -1;
        }
    }
    Scope old = in->scope;
    PlanNode *p = window_tvf_node(b, in, &w, bind_pos(b, g->pos));
    rel_from_node(b, p, NULL, in);
    for (int i = 0; i < old.n_cols; i++)
        in->scope.cols[i].qualifier = old.cols[i].qualifier;
    /* The window columns are not names the query may use (Flink knows none here): only
     * TUMBLE_START and the like reach them. */
    static const char *const HIDDEN[3] = {"$window_start", "$window_end", "$window_time"};
    for (int i = 0; i < 3; i++)
        in->scope.cols[old.n_cols + i].name = HIDDEN[i];
    legacy->kind = w.kind;
    legacy->call = g;
    legacy->start_col = old.n_cols;
    legacy->type = p->types[old.n_cols];
    return 0;
}

/* ---- window aggregation ------------------------------------------------------------- */

/* A copy of e with each column reference i replaced by defs[i]. */
static ExprNode *inline_columns(Binder *b, const ExprNode *e, ExprNode *const *defs) {
    if (e->op == EOP_COLUMN && e->column < AGG_REF_BASE)
        return defs[e->column];
    ExprNode *c = arena_alloc(b->arena, sizeof(ExprNode));
    *c = *e;
    if (e->n_args > 0) {
        c->args = arena_alloc(b->arena, (size_t)e->n_args * sizeof(ExprNode *));
        for (int i = 0; i < e->n_args; i++)
            c->args[i] = inline_columns(b, e->args[i], defs);
    }
    return c;
}

static void note_max_column(int column, void *ctx) {
    int *max = ctx;
    if (column < AGG_REF_BASE && column > *max)
        *max = column;
}

/* Does e use a column at or past `first` (a window column of the TVF)? */
static bool uses_columns_from(const ExprNode *e, int first) {
    int max = -1;
    if (e)
        bind_visit_columns(e, note_max_column, &max);
    return max >= first;
}

/*
 * GROUP BY window_start, window_end[, keys] over a window TVF: a WindowAggregate over
 * the TVF's input (the TVF node itself goes away; a Calc under it is merged into the
 * one computing the aggregation's input). On success *agg_rel is over its output —
 * window_start, window_end, window_time, the other keys, the results — and keys_out
 * (3 + n other keys) are what over_agg matches the SELECT list against. Returns 1,
 * changing nothing, when the GROUP BY lacks window_start or window_end: that is a
 * plain aggregation over the TVF's rows.
 */
int plan_window_aggregate(Binder *b, const Rel *in, int n_keys, ExprNode **keys,
                          const char *const *key_names, AggCollector *aggs, int pos, Rel *agg_rel,
                          ExprNode ***keys_out, int *n_keys_out) {
    const PlanNode *tvf = in->leaf;
    int n_in = tvf->n_cols - 3;
    bool has_start = false, has_end = false;
    int n_other = 0;
    ExprNode **other = arena_alloc(b->arena, (size_t)(n_keys + 1) * sizeof(ExprNode *));
    const char **other_names = arena_alloc(b->arena, (size_t)(n_keys + 1) * sizeof(char *));
    for (int k = 0; k < n_keys; k++) {
        const ExprNode *e = keys[k];
        if (e->op == EOP_COLUMN && e->column >= n_in && e->column < n_in + 3) {
            has_start |= e->column == n_in;
            has_end |= e->column == n_in + 1;
            continue;
        }
        other_names[n_other] = key_names[k];
        other[n_other++] = keys[k];
    }
    if (!has_start || !has_end)
        return 1;
    for (int i = 0; i < tvf->n_partition; i++) {
        bool grouped = false;
        for (int k = 0; k < n_other; k++)
            grouped |= other[k]->op == EOP_COLUMN && other[k]->column == tvf->partition_cols[i];
        if (!grouped) {
            bind_error(b, pos,
                       "not supported yet: SESSION partitioned by '%s' without '%s' in GROUP BY",
                       tvf->names[tvf->partition_cols[i]], tvf->names[tvf->partition_cols[i]]);
            return -1;
        }
    }
    bool uses_window = uses_columns_from(in->filter, n_in);
    for (int k = 0; k < n_other; k++)
        uses_window |= uses_columns_from(other[k], n_in);
    for (int a = 0; a < aggs->n; a++)
        uses_window |=
            uses_columns_from(aggs->args[a], n_in) || uses_columns_from(aggs->filters[a], n_in);
    if (uses_window) {
        bind_error(b, pos,
                   "not supported yet: window_start, window_end or window_time in WHERE, in "
                   "another GROUP BY key or in an aggregate's argument of a window aggregation");
        return -1;
    }
    for (int a = 0; tvf->window.kind != WIN_TUMBLE && a < aggs->n; a++) {
        AggCall c = aggs->calls[a];
        c.may_retract = false;
        if (!agg_call_mergeable(&c)) {
            bind_error(b, pos, "not supported yet: %s(DISTINCT ...) over %s windows",
                       agg_kind_name(c.kind), window_kind_name(tvf->window.kind));
            return -1;
        }
    }
    /* The aggregation's input: over the TVF's input, or what a Calc there reads. */
    const PlanNode *src = tvf->inputs[0];
    Rel below;
    below.leaf = (PlanNode *)src;
    below.filter = in->filter;
    ExprNode *const *defs = NULL;
    if (src->kind == PLAN_CALC) {
        defs = src->exprs;
        below.leaf = src->inputs[0];
        below.filter = src->filter;
        if (in->filter)
            below.filter = bind_and_filter(b, below.filter, inline_columns(b, in->filter, defs));
    }
    int n_aggs = aggs->n;
    below.scope.cols =
        arena_zalloc(b->arena, (size_t)(1 + n_other + 2 * n_aggs + 1) * sizeof(BindCol));
    below.scope.n_cols = 0;
    ExprNode *time = expr_column(b->arena, tvf->window.time_col, src->types[tvf->window.time_col]);
    BindCol *tc = &below.scope.cols[below.scope.n_cols++];
    tc->name = src->names[tvf->window.time_col];
    tc->expr = defs ? inline_columns(b, time, defs) : time;
    for (int k = 0; k < n_other; k++) {
        BindCol *c = &below.scope.cols[below.scope.n_cols++];
        c->name = other_names[k];
        c->expr = defs ? inline_columns(b, other[k], defs) : other[k];
    }
    AggCall *calls = arena_alloc(b->arena, (size_t)(n_aggs + 1) * sizeof(AggCall));
    for (int a = 0; a < n_aggs; a++) {
        calls[a] = aggs->calls[a];
        calls[a].may_retract = false;
        if (aggs->args[a])
            calls[a].arg =
                scope_add_once(b, &below.scope, "$arg", a,
                               defs ? inline_columns(b, aggs->args[a], defs) : aggs->args[a]);
        if (aggs->filters[a])
            calls[a].filter =
                scope_add_once(b, &below.scope, "$filter", a,
                               defs ? inline_columns(b, aggs->filters[a], defs) : aggs->filters[a]);
    }
    PlanNode *input = rel_materialize(b, &below, !plan_node_reads_table(below.leaf));
    PlanNode *agg = plan_node_new(b->arena, PLAN_WINDOW_AGG, 3 + n_other + n_aggs);
    agg->n_inputs = 1;
    agg->inputs = arena_alloc(b->arena, sizeof(PlanNode *));
    agg->inputs[0] = input;
    agg->window = tvf->window;
    agg->window.time_col = 0;
    agg->ignore_lateness = bind_runtime_is_batch(b);
    agg->n_keys = n_other;
    agg->key_cols = arena_alloc(b->arena, (size_t)(n_other + 1) * sizeof(int));
    agg->n_aggs = n_aggs;
    agg->aggs = calls;
    agg->pos = tvf->pos;
    *n_keys_out = 3 + n_other;
    *keys_out = arena_alloc(b->arena, (size_t)(3 + n_other) * sizeof(ExprNode *));
    for (int i = 0; i < 3; i++) {
        agg->names[i] = tvf->names[n_in + i];
        agg->types[i] = tvf->types[n_in + i];
        (*keys_out)[i] = expr_column(b->arena, n_in + i, tvf->types[n_in + i]);
    }
    for (int k = 0; k < n_other; k++) {
        agg->key_cols[k] = 1 + k;
        agg->names[3 + k] = (char *)other_names[k];
        agg->types[3 + k] = other[k]->type;
        (*keys_out)[3 + k] = other[k];
    }
    for (int a = 0; a < n_aggs; a++) {
        agg->names[3 + n_other + a] = arena_printf(b->arena, "$agg%d", a);
        agg->types[3 + n_other + a] = calls[a].result_type;
    }
    rel_from_node(b, agg, NULL, agg_rel);
    return 0;
}
