/*
 * bind_query.c - binding queries into plans.
 *
 * A query is bound bottom-up into a Rel: a leaf plan node (a scan, constant rows or a
 * union), the columns visible to the enclosing query as expressions over the leaf's
 * columns, and a filter over the leaf's columns. Binding a SELECT over a Rel replaces
 * its columns with the SELECT list's expressions (in which each column reference has
 * been replaced by the expression it names) and ANDs the WHERE clause into the filter.
 * So `SELECT a FROM (SELECT x + 1 AS a FROM t WHERE x > 0) WHERE a < 10` binds to one
 * Calc over the scan of t: select [x + 1], where [x > 0 AND x + 1 < 10]. Views are
 * stored as text and bound the same way, so they cost nothing at run time.
 *
 * A Rel becomes a plan node (rel_materialize) only where a plan needs one: at the top
 * of the query, and under a UNION ALL. Finally the columns each scan must produce are
 * pushed into it: a scan reads every field but converts only the used ones.
 *
 * Window table functions, legacy group windows and window aggregations are bound and
 * planned in bind_window.c, over the Rel helpers this file shares through bind.h.
 */
#include "planner/bind.h"

#include <stdlib.h>
#include <string.h>

static int bind_query_rel(Binder *b, const AstQuery *q, Rel *out);

/* ---- Rels -------------------------------------------------------------------------- */

PlanNode *plan_node_new(Arena *arena, PlanKind kind, int n_cols) {
    PlanNode *p = arena_zalloc(arena, sizeof(PlanNode));
    p->kind = kind;
    p->pos = -1;
    p->n_cols = n_cols;
    p->names = arena_zalloc(arena, (size_t)(n_cols + 1) * sizeof(char *));
    p->types = arena_zalloc(arena, (size_t)(n_cols + 1) * sizeof(SqlType));
    p->row_name_len = arena_zalloc(arena, (size_t)(n_cols + 1) * sizeof(int));
    return p;
}

/* A scope whose columns are the plan node's output columns, in order. */
static void identity_scope(Binder *b, const PlanNode *p, const char *qualifier, Scope *s) {
    s->n_cols = p->n_cols;
    s->cols = arena_zalloc(b->arena, (size_t)(p->n_cols + 1) * sizeof(BindCol));
    for (int i = 0; i < p->n_cols; i++) {
        s->cols[i].qualifier = qualifier;
        s->cols[i].name = p->names[i];
        s->cols[i].row_name_len = p->row_name_len[i];
        s->cols[i].expr = expr_column(b->arena, i, p->types[i]);
    }
}

int scope_requalify(Binder *b, Scope *s, const char *qualifier, const AstList *aliases, int pos) {
    for (int i = 0; aliases && i < s->n_cols; i++)
        if (s->cols[i].row_name_len) {
            bind_error(b, pos,
                       "not supported yet: column aliases on a relation with ROW column '%.*s'",
                       s->cols[i].row_name_len, s->cols[i].name);
            return -1;
        }
    BindCol *cols = arena_alloc(b->arena, (size_t)(s->n_cols + 1) * sizeof(BindCol));
    for (int i = 0; i < s->n_cols; i++) {
        cols[i] = s->cols[i];
        cols[i].qualifier = qualifier;
        if (aliases && i < aliases->n)
            cols[i].name = aliases->items[i];
    }
    s->cols = cols;
    return 0;
}

/* The plan node computing a Rel's columns: its leaf when the Rel is exactly the leaf's
 * columns and `keep_leaf` allows it, else a Calc over the leaf. */
PlanNode *rel_materialize(Binder *b, const Rel *rel, bool keep_leaf) {
    const PlanNode *leaf = rel->leaf;
    bool identity = keep_leaf && rel->filter == NULL && rel->scope.n_cols == leaf->n_cols;
    for (int i = 0; identity && i < rel->scope.n_cols; i++) {
        const ExprNode *e = rel->scope.cols[i].expr;
        identity = e->op == EOP_COLUMN && e->column == i &&
                   strcmp(rel->scope.cols[i].name, leaf->names[i]) == 0;
    }
    if (identity)
        return rel->leaf;
    PlanNode *calc = plan_node_new(b->arena, PLAN_CALC, rel->scope.n_cols);
    calc->is_updating = leaf->is_updating;
    calc->n_inputs = 1;
    calc->inputs = arena_alloc(b->arena, sizeof(PlanNode *));
    calc->inputs[0] = rel->leaf;
    calc->filter = rel->filter;
    calc->exprs = arena_alloc(b->arena, (size_t)(rel->scope.n_cols + 1) * sizeof(ExprNode *));
    for (int i = 0; i < rel->scope.n_cols; i++) {
        calc->names[i] = (char *)rel->scope.cols[i].name;
        calc->row_name_len[i] = rel->scope.cols[i].row_name_len;
        calc->exprs[i] = rel->scope.cols[i].expr;
        calc->types[i] = rel->scope.cols[i].expr->type;
    }
    return calc;
}

void rel_from_node(Binder *b, PlanNode *p, const char *qualifier, Rel *out) {
    out->leaf = p;
    out->filter = NULL;
    identity_scope(b, p, qualifier, &out->scope);
}

/* ---- FROM -------------------------------------------------------------------------- */

/* A scan, or the watermark assigner over one: the leaves that read a table. */
bool plan_node_reads_table(const PlanNode *p) {
    return p->kind == PLAN_SCAN || p->kind == PLAN_WATERMARK;
}

/*
 * Puts the table's watermark assigner over its scan (out->leaf): the event time
 * column and the WATERMARK expression, bound over the table's columns as the query
 * sees them (computed ones inlined). Its columns are the scan's, so the scope stays.
 */
static int add_watermark(Binder *b, const CatTable *t, Rel *out) {
    PlanNode *scan = out->leaf;
    Binder inner = *b;
    inner.view_name = t->name;
    inner.view_use_pos = scan->pos;
    inner.aggs = NULL;
    ExprNode *rowtime = NULL;
    for (int i = 0; i < out->scope.n_cols; i++)
        if (strcmp(out->scope.cols[i].name, t->watermark_column) == 0)
            rowtime = out->scope.cols[i].expr;
    AstExpr *ast;
    Diag d;
    diag_init(&d);
    if (!rowtime || parse_expression(t->watermark_sql, b->arena, &ast, &d) < 0) {
        bind_error(b, -1, "the WATERMARK of table '%s' cannot be read: %s", t->name,
                   d.is_set ? d.msg : "no such column");
        return -1;
    }
    ExprNode *wm = bind_expr(&inner, &out->scope, ast);
    if (!wm)
        return -1;
    int64_t idle = 0;
    const char *idle_opt = cat_get_option(b->env->cat, "table.exec.source.idle-timeout");
    if (idle_opt && time_parse_duration_ms(idle_opt, &idle) < 0) {
        bind_error(b, -1, "invalid duration '%s' for 'table.exec.source.idle-timeout'", idle_opt);
        return -1;
    }
    PlanNode *p = plan_node_new(b->arena, PLAN_WATERMARK, scan->n_cols);
    for (int i = 0; i < scan->n_cols; i++) {
        p->names[i] = scan->names[i];
        p->types[i] = scan->types[i];
        p->row_name_len[i] = scan->row_name_len[i];
    }
    p->n_inputs = 1;
    p->inputs = arena_alloc(b->arena, sizeof(PlanNode *));
    p->inputs[0] = scan;
    p->rowtime_expr = rowtime;
    p->watermark_expr = wm;
    p->rowtime_name = t->watermark_column;
    p->idle_timeout_ms = idle;
    p->pos = scan->pos;
    out->leaf = p;
    return 0;
}

static int bind_table_scan(Binder *b, const CatTable *t, const char *qualifier, int pos, Rel *out) {
    int n_phys = 0;
    for (int i = 0; i < t->n_columns; i++)
        n_phys += t->columns[i].computed_sql == NULL;
    PlanNode *scan = plan_node_new(b->arena, PLAN_SCAN, n_phys);
    scan->table = t;
    scan->pos = bind_pos(b, pos);
    scan->n_fields = n_phys;
    scan->field_names = arena_alloc(b->arena, (size_t)(n_phys + 1) * sizeof(char *));
    scan->field_types = arena_alloc(b->arena, (size_t)(n_phys + 1) * sizeof(SqlType));
    scan->field_to_col = arena_alloc(b->arena, (size_t)(n_phys + 1) * sizeof(int));
    int k = 0;
    for (int i = 0; i < t->n_columns; i++) {
        if (t->columns[i].computed_sql)
            continue;
        scan->names[k] = scan->field_names[k] = t->columns[i].name;
        scan->row_name_len[k] = t->columns[i].row_name_len;
        scan->types[k] = scan->field_types[k] = t->columns[i].type;
        scan->field_to_col[k] = k;
        k++;
    }
    /* Physical columns first, to bind computed columns against; then all in order. */
    Scope phys;
    identity_scope(b, scan, qualifier, &phys);
    out->leaf = scan;
    out->filter = NULL;
    out->scope.n_cols = t->n_columns;
    out->scope.cols = arena_zalloc(b->arena, (size_t)(t->n_columns + 1) * sizeof(BindCol));
    k = 0;
    for (int i = 0; i < t->n_columns; i++) {
        BindCol *c = &out->scope.cols[i];
        c->qualifier = qualifier;
        c->name = t->columns[i].name;
        c->row_name_len = t->columns[i].row_name_len;
        if (!t->columns[i].computed_sql) {
            c->expr = phys.cols[k++].expr;
            continue;
        }
        AstExpr *ast;
        Diag d;
        diag_init(&d);
        if (parse_expression(t->columns[i].computed_sql, b->arena, &ast, &d) < 0) {
            bind_error(b, -1, "computed column '%s' of table '%s': %s", c->name, t->name, d.msg);
            return -1;
        }
        Binder inner = *b;
        inner.view_name = t->name;
        inner.view_use_pos = scan->pos;
        inner.aggs = NULL;
        if (!(c->expr = bind_expr(&inner, &phys, ast)))
            return -1;
    }
    return t->watermark_column ? add_watermark(b, t, out) : 0;
}

int bind_named(Binder *b, const AstTableRef *tref, Rel *out) {
    const CatTable *t = cat_lookup(b->env->cat, tref->name);
    if (!t && b->env->implicit_table) {
        t = b->env->implicit_table(b->env->implicit_ctx, tref->name, b->diag);
        if (!t && b->diag->is_set) {
            if (b->diag->pos < 0 && !b->view_name)
                b->diag->pos = tref->pos;
            return -1;
        }
    }
    if (!t) {
        const char *s = cat_suggest(b->env->cat, tref->name);
        if (s)
            bind_error(b, tref->pos, "table '%s' not found; did you mean '%s'?", tref->name, s);
        else
            bind_error(b, tref->pos, "table '%s' not found", tref->name);
        return -1;
    }
    if (tref->system_time) {
        bind_error(b, tref->pos, "not supported yet: FOR SYSTEM_TIME AS OF (temporal joins)");
        return -1;
    }
    const char *qualifier = tref->alias ? tref->alias : t->name;
    if (t->kind == CAT_TABLE) {
        if (bind_table_scan(b, t, qualifier, tref->pos, out) < 0)
            return -1;
        if (tref->column_aliases)
            return scope_requalify(b, &out->scope, qualifier, tref->column_aliases, tref->pos);
        return 0;
    }
    /* A view: parse its text and bind it in place. */
    if (b->depth > 32) {
        bind_error(b, tref->pos, "view '%s' refers to itself", t->name);
        return -1;
    }
    AstList *stmts;
    Diag d;
    diag_init(&d);
    if (parse_script(t->view_sql, b->arena, &stmts, &d) < 0 || ast_list_len(stmts) != 1) {
        bind_error(b, tref->pos, "view '%s' cannot be parsed: %s", t->name, d.msg);
        return -1;
    }
    const AstStmt *vs = stmts->items[0];
    Binder inner = *b;
    inner.view_name = t->name;
    inner.view_use_pos = bind_pos(b, tref->pos);
    inner.depth = b->depth + 1;
    inner.aggs = NULL;
    if (bind_query_rel(&inner, vs->query, out) < 0) {
        if (!b->view_name)
            b->diag->pos = tref->pos; /* point at the use of the view */
        return -1;
    }
    return scope_requalify(b, &out->scope, qualifier, tref->column_aliases, tref->pos);
}

static int bind_from(Binder *b, const AstTableRef *tref, Rel *out) {
    switch (tref->kind) {
        case TREF_NAMED:
            return bind_named(b, tref, out);
        case TREF_SUBQUERY:
        case TREF_VALUES:
            if (bind_query_rel(b, tref->query, out) < 0)
                return -1;
            return scope_requalify(b, &out->scope, tref->alias, tref->column_aliases, tref->pos);
        case TREF_JOIN:
            bind_error(b, tref->pos, "not supported yet: joins");
            return -1;
        case TREF_FUNCTION: {
            const char *fname = tref->func && tref->func->name ? tref->func->name : "?";
            const FuncInfo *fi = cat_lookup_function(fname);
            if (fi && fi->kind == FUNC_WINDOW_TVF)
                return bind_window_tvf(b, tref, out);
            else
                bind_error(b, tref->pos, "not supported yet: table function %s", fname);
            return -1;
        }
    }
    bind_error(b, tref->pos, "not supported yet: this FROM item");
    return -1;
}

/* ---- SELECT ------------------------------------------------------------------------ */

ExprNode *bind_and_filter(Binder *b, ExprNode *acc, ExprNode *cond) {
    if (!acc)
        return cond;
    ExprNode *n = expr_node_new(b->arena, EOP_AND, type_make(TYPE_BOOLEAN), 2);
    n->args[0] = acc;
    n->args[1] = cond;
    n->pos = cond->pos;
    return n;
}

/* Does the AST contain an aggregate call (outside subqueries)? */
static bool has_aggregate(const AstExpr *e) {
    if (!e)
        return false;
    if (e->kind == EXPR_FUNC && !e->over) {
        const FuncInfo *fi = cat_lookup_function(e->name);
        if (fi && fi->kind == FUNC_AGGREGATE)
            return true;
    }
    if (has_aggregate(e->left) || has_aggregate(e->right) || has_aggregate(e->filter))
        return true;
    for (int i = 0; i < ast_list_len(e->args); i++)
        if (has_aggregate(e->args->items[i]))
            return true;
    return false;
}

/* ---- aggregation ------------------------------------------------------------------ */

bool bind_runtime_is_batch(const Binder *b) {
    const char *mode = cat_get_option(b->env->cat, "execution.runtime-mode");
    return mode && str_ieq(mode, "batch");
}

/* 'table.exec.state.ttl' in ms (0 when unset: keep state forever); -1 on a bad value,
 * reported at pos. */
static int state_ttl_ms(Binder *b, int pos, int64_t *ttl) {
    const char *v = cat_get_option(b->env->cat, "table.exec.state.ttl");
    *ttl = 0;
    if (v && time_parse_duration_ms(v, ttl) < 0) {
        bind_error(b, pos, "invalid duration '%s' for 'table.exec.state.ttl'", v);
        return -1;
    }
    return 0;
}

/* Rewrites a tree bound over the aggregation's input into one over its output: a
 * subtree equal to a GROUP BY key becomes that key's column, an aggregate placeholder
 * its result column; any other column of the input is an error. */
static ExprNode *over_agg(Binder *b, const ExprNode *e, ExprNode *const *keys, int n_keys,
                          const PlanNode *in_leaf, int pos) {
    for (int k = 0; k < n_keys; k++)
        if (bind_expr_equal(e, keys[k]))
            return expr_column(b->arena, k, keys[k]->type);
    if (e->op == EOP_COLUMN) {
        if (e->column >= AGG_REF_BASE)
            return expr_column(b->arena, n_keys + (e->column - AGG_REF_BASE), e->type);
        return bind_error(b, pos,
                          "column '%s' is neither in GROUP BY nor inside an aggregate function",
                          in_leaf->names[e->column]);
    }
    ExprNode *c = arena_alloc(b->arena, sizeof(ExprNode));
    *c = *e;
    if (e->n_args > 0) {
        c->args = arena_alloc(b->arena, (size_t)e->n_args * sizeof(ExprNode *));
        for (int i = 0; i < e->n_args; i++)
            if (!(c->args[i] = over_agg(b, e->args[i], keys, n_keys, in_leaf, pos)))
                return NULL;
    }
    return c;
}

int scope_add_once(Binder *b, Scope *scope, const char *prefix, int i, ExprNode *e) {
    for (int c = 0; c < scope->n_cols; c++)
        if (bind_expr_equal(scope->cols[c].expr, e))
            return c;
    BindCol *c = &scope->cols[scope->n_cols];
    c->name = arena_printf(b->arena, "%s%d", prefix, i);
    c->expr = e;
    return scope->n_cols++;
}

static bool node_is_updating(const PlanNode *p) {
    return p->is_updating;
}

/*
 * Plans `in` grouped by keys with the collected aggregate calls: a Calc computing the
 * keys, the arguments and the FILTER conditions, then the aggregation over it. On
 * return *agg_rel is a Rel over the aggregation's output whose columns are the keys
 * then the calls' results (the caller replaces the scope with the SELECT list).
 */
static int plan_aggregate(Binder *b, Rel *in, int n_keys, ExprNode **keys,
                          const char *const *key_names, AggCollector *aggs, int pos, Rel *agg_rel) {
    int n_aggs = aggs->n;
    int64_t ttl;
    if (state_ttl_ms(b, pos, &ttl) < 0)
        return -1;
    int n_below = n_keys + 2 * n_aggs;
    Rel below = *in;
    below.scope.cols = arena_zalloc(b->arena, (size_t)(n_below + 1) * sizeof(BindCol));
    below.scope.n_cols = 0;
    AggCall *calls = arena_alloc(b->arena, (size_t)(n_aggs + 1) * sizeof(AggCall));
    for (int k = 0; k < n_keys; k++) {
        BindCol *c = &below.scope.cols[below.scope.n_cols++];
        c->name = key_names[k];
        c->expr = keys[k];
    }
    for (int a = 0; a < n_aggs; a++) {
        calls[a] = aggs->calls[a];
        if (aggs->args[a])
            calls[a].arg = scope_add_once(b, &below.scope, "$arg", a, aggs->args[a]);
        if (aggs->filters[a])
            calls[a].filter = scope_add_once(b, &below.scope, "$filter", a, aggs->filters[a]);
    }
    PlanNode *input = rel_materialize(b, &below, !plan_node_reads_table(in->leaf));
    input->is_updating = in->leaf->is_updating;
    PlanNode *agg = plan_node_new(b->arena, PLAN_AGGREGATE, n_keys + n_aggs);
    agg->n_inputs = 1;
    agg->inputs = arena_alloc(b->arena, sizeof(PlanNode *));
    agg->inputs[0] = input;
    agg->n_keys = n_keys;
    agg->key_cols = arena_alloc(b->arena, (size_t)(n_keys + 1) * sizeof(int));
    agg->n_aggs = n_aggs;
    agg->aggs = calls;
    agg->emit_final_only = bind_runtime_is_batch(b);
    agg->state_ttl_ms = agg->emit_final_only ? 0 : ttl; /* Flink ignores it in batch mode */
    agg->is_updating = !agg->emit_final_only;
    for (int k = 0; k < n_keys; k++) {
        agg->key_cols[k] = k;
        agg->names[k] = (char *)key_names[k];
        agg->types[k] = keys[k]->type;
    }
    for (int a = 0; a < n_aggs; a++) {
        calls[a].may_retract = node_is_updating(input);
        agg->names[n_keys + a] = arena_printf(b->arena, "$agg%d", a);
        agg->types[n_keys + a] = calls[a].result_type;
    }
    rel_from_node(b, agg, NULL, agg_rel);
    return 0;
}

/* ---- SELECT ------------------------------------------------------------------------ */

static int bind_select(Binder *b, const AstQuery *q, Rel *out) {
    Rel in;
    if (q->from) {
        if (bind_from(b, q->from, &in) < 0)
            return -1;
    } else {
        PlanNode *one = plan_node_new(b->arena, PLAN_VALUES, 0);
        one->n_rows = 1;
        rel_from_node(b, one, NULL, &in);
    }
    if (q->windows) {
        bind_error(b, ((const AstWindowSpec *)q->windows->items[0])->pos,
                   "not supported yet: WINDOW clause");
        return -1;
    }
    if (q->where) {
        if (has_aggregate(q->where)) {
            bind_error(b, q->where->pos, "aggregate functions are not allowed in WHERE");
            return -1;
        }
        ExprNode *cond = bind_expr(b, &in.scope, q->where);
        if (!cond)
            return -1;
        if (cond->type.id != TYPE_BOOLEAN) {
            bind_error(b, q->where->pos, "WHERE needs a BOOLEAN condition, got %s",
                       type_name_arena(&cond->type, b->arena));
            return -1;
        }
        in.filter = bind_and_filter(b, in.filter, cond);
    }
    /* GROUP BY TUMBLE(ts, ...): the window table function under the aggregation */
    int legacy_item;
    LegacyWindow legacy;
    if (bind_group_window(b, q, &in, &legacy_item, &legacy) < 0)
        return -1;
    const LegacyWindow *saved_legacy = b->legacy;
    if (legacy_item >= 0)
        b->legacy = &legacy;
    /* The SELECT list, over the input; aggregate calls are collected as they bind. */
    AggCollector aggs;
    memset(&aggs, 0, sizeof aggs);
    AggCollector *saved_aggs = b->aggs;
    b->aggs = &aggs;
    int cap = in.scope.n_cols + ast_list_len(q->select_list) + 1;
    BindCol *cols = arena_zalloc(b->arena, (size_t)cap * sizeof(BindCol));
    int *item_pos = arena_zalloc(b->arena, (size_t)cap * sizeof(int));
    int n = 0;
    for (int i = 0; i < ast_list_len(q->select_list); i++) {
        const AstSelectItem *item = q->select_list->items[i];
        const AstExpr *e = item->expr;
        if (e->kind == EXPR_STAR) {
            bool any = false;
            for (int c = 0; c < in.scope.n_cols; c++) {
                const BindCol *bc = &in.scope.cols[c];
                if (e->qualifier && (!bc->qualifier || strcmp(bc->qualifier, e->qualifier)))
                    continue;
                if (n == cap) {
                    cap *= 2;
                    BindCol *bigger = arena_zalloc(b->arena, (size_t)cap * sizeof(BindCol));
                    int *bigger_pos = arena_zalloc(b->arena, (size_t)cap * sizeof(int));
                    memcpy(bigger, cols, (size_t)n * sizeof(BindCol));
                    memcpy(bigger_pos, item_pos, (size_t)n * sizeof(int));
                    cols = bigger;
                    item_pos = bigger_pos;
                }
                if (bc->row_name_len) {
                    b->aggs = saved_aggs;
                    b->legacy = saved_legacy;
                    bind_error(b, e->pos,
                               "not supported yet: ROW column '%.*s' in SELECT * (select its "
                               "fields by name, as %s)",
                               bc->row_name_len, bc->name, bc->name);
                    return -1;
                }
                cols[n].name = bc->name;
                cols[n].expr = bc->expr;
                item_pos[n] = bind_pos(b, e->pos);
                n++;
                any = true;
            }
            if (!any && e->qualifier) {
                b->aggs = saved_aggs;
                b->legacy = saved_legacy;
                bind_error(b, e->pos, "table or alias '%s' not found", e->qualifier);
                return -1;
            }
            continue;
        }
        ExprNode *x = bind_expr(b, &in.scope, e);
        if (!x) {
            b->aggs = saved_aggs;
            b->legacy = saved_legacy;
            return -1;
        }
        if (n == cap) {
            cap *= 2;
            BindCol *bigger = arena_zalloc(b->arena, (size_t)cap * sizeof(BindCol));
            int *bigger_pos = arena_zalloc(b->arena, (size_t)cap * sizeof(int));
            memcpy(bigger, cols, (size_t)n * sizeof(BindCol));
            memcpy(bigger_pos, item_pos, (size_t)n * sizeof(int));
            cols = bigger;
            item_pos = bigger_pos;
        }
        if (item->alias)
            cols[n].name = item->alias;
        else if (e->kind == EXPR_COLUMN && e->is_field_path)
            cols[n].name = strrchr(e->text, '.') + 1; /* t.r.f is named f, as r.f is */
        else if (e->kind == EXPR_COLUMN)
            cols[n].name = e->text;
        else
            cols[n].name = arena_printf(b->arena, "EXPR$%d", i);
        cols[n].expr = x;
        item_pos[n] = bind_pos(b, e->pos);
        n++;
    }
    ExprNode *having = NULL;
    if (q->having) {
        having = bind_expr(b, &in.scope, q->having);
        if (having && having->type.id != TYPE_BOOLEAN)
            having = bind_error(b, q->having->pos, "HAVING needs a BOOLEAN condition, got %s",
                                type_name_arena(&having->type, b->arena));
        if (!having) {
            b->aggs = saved_aggs;
            b->legacy = saved_legacy;
            return -1;
        }
    }
    b->aggs = saved_aggs;
    b->legacy = saved_legacy;

    bool is_aggregate = q->group_by || q->having || aggs.n > 0;
    if (!is_aggregate && !q->is_distinct) {
        out->leaf = in.leaf;
        out->filter = in.filter;
        out->scope.n_cols = n;
        out->scope.cols = cols;
        return 0;
    }
    if (q->is_distinct && is_aggregate) {
        bind_error(b, q->pos, "not supported yet: SELECT DISTINCT with GROUP BY or aggregates");
        return -1;
    }
    /* The keys: the GROUP BY list, or for SELECT DISTINCT the SELECT list; a group
     * window is window_start and window_end. */
    int n_keys = q->is_distinct ? n : ast_list_len(q->group_by);
    ExprNode **keys = arena_alloc(b->arena, (size_t)(n_keys + 2) * sizeof(ExprNode *));
    const char **key_names = arena_alloc(b->arena, (size_t)(n_keys + 2) * sizeof(char *));
    for (int k = 0; k < n_keys; k++) {
        if (q->is_distinct) {
            keys[k] = cols[k].expr;
            key_names[k] = cols[k].name;
            continue;
        }
        if (k == legacy_item) {
            keys[k] = expr_column(b->arena, legacy.start_col, legacy.type);
            key_names[k] = "window_start";
            keys[n_keys] = expr_column(b->arena, legacy.start_col + 1, legacy.type);
            key_names[n_keys] = "window_end";
            continue;
        }
        const AstExpr *g = q->group_by->items[k];
        if (!(keys[k] = bind_expr(b, &in.scope, g)))
            return -1;
        key_names[k] = g->kind == EXPR_COLUMN ? g->text : arena_printf(b->arena, "$key%d", k);
    }
    if (legacy_item >= 0)
        n_keys++; /* window_end */
    Rel agg;
    int wrc = 1;
    if (in.leaf->kind == PLAN_WINDOW_TVF && !q->is_distinct)
        wrc = plan_window_aggregate(b, &in, n_keys, keys, key_names, &aggs, bind_pos(b, q->pos),
                                    &agg, &keys, &n_keys);
    if (wrc < 0)
        return -1;
    if (wrc == 1 &&
        plan_aggregate(b, &in, n_keys, keys, key_names, &aggs, bind_pos(b, q->pos), &agg) < 0)
        return -1;
    /* The SELECT list and HAVING over the aggregation's output. */
    for (int i = 0; i < n; i++)
        if (!(cols[i].expr = over_agg(b, cols[i].expr, keys, n_keys, in.leaf, item_pos[i])))
            return -1;
    if (having &&
        !(having = over_agg(b, having, keys, n_keys, in.leaf, bind_pos(b, q->having->pos))))
        return -1;
    out->leaf = agg.leaf;
    out->filter = having;
    out->scope.n_cols = n;
    out->scope.cols = cols;
    return 0;
}

/* ---- VALUES and UNION ALL ---------------------------------------------------------- */

static int bind_values(Binder *b, const AstQuery *q, Rel *out) {
    int n_rows = ast_list_len(q->rows);
    const AstList *first = q->rows->items[0];
    int n_cols = ast_list_len(first);
    PlanNode *p = plan_node_new(b->arena, PLAN_VALUES, n_cols);
    p->n_rows = n_rows;
    p->cells = arena_alloc(b->arena, (size_t)(n_rows * n_cols + 1) * sizeof(ExprNode *));
    Scope empty = {0, NULL};
    for (int r = 0; r < n_rows; r++) {
        const AstList *row = q->rows->items[r];
        if (ast_list_len(row) != n_cols) {
            const AstExpr *e0 = row->n ? row->items[0] : NULL;
            bind_error(b, e0 ? e0->pos : q->pos,
                       "VALUES rows have different numbers of columns (%d and %d)", n_cols,
                       ast_list_len(row));
            return -1;
        }
        for (int c = 0; c < n_cols; c++) {
            ExprNode *x = bind_expr(b, &empty, row->items[c]);
            if (!x)
                return -1;
            p->cells[r * n_cols + c] = x;
        }
    }
    for (int c = 0; c < n_cols; c++) {
        SqlType t = p->cells[c]->type;
        for (int r = 1; r < n_rows; r++) {
            SqlType u;
            const ExprNode *x = p->cells[r * n_cols + c];
            if (!bind_common_type(&t, &x->type, &u)) {
                bind_error(b, x->pos, "VALUES column %d has incompatible types %s and %s", c + 1,
                           type_name_arena(&t, b->arena), type_name_arena(&x->type, b->arena));
                return -1;
            }
            t = u;
        }
        if (t.id == TYPE_CHAR && n_rows > 1)
            t = type_varchar(t.precision);
        if (t.id == TYPE_NULL)
            t = type_make(TYPE_NULL);
        for (int r = 0; r < n_rows; r++) {
            ExprNode **cell = &p->cells[r * n_cols + c];
            if (!type_equal(&(*cell)->type, &t))
                *cell = bind_coerce(b, *cell, t);
        }
        p->types[c] = t;
        p->names[c] = arena_printf(b->arena, "EXPR$%d", c);
    }
    rel_from_node(b, p, NULL, out);
    return 0;
}

static int bind_set_op(Binder *b, const AstQuery *q, Rel *out) {
    if (q->set_op != SETOP_UNION_ALL) {
        static const char *const NAMES[] = {"UNION ALL",     "UNION",  "INTERSECT",
                                            "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"};
        bind_error(b, q->pos, "not supported yet: %s", NAMES[q->set_op]);
        return -1;
    }
    Rel l, r;
    if (bind_query_rel(b, q->left, &l) < 0 || bind_query_rel(b, q->right, &r) < 0)
        return -1;
    if (l.scope.n_cols != r.scope.n_cols) {
        bind_error(b, q->right->pos,
                   "UNION ALL inputs have different numbers of columns (%d and %d)", l.scope.n_cols,
                   r.scope.n_cols);
        return -1;
    }
    int n = l.scope.n_cols;
    PlanNode *u = plan_node_new(b->arena, PLAN_UNION, n);
    for (int c = 0; c < n; c++) {
        SqlType t;
        const SqlType *lt = &l.scope.cols[c].expr->type, *rt = &r.scope.cols[c].expr->type;
        if (!bind_common_type(lt, rt, &t)) {
            bind_error(b, q->right->pos, "UNION ALL column %d has incompatible types %s and %s",
                       c + 1, type_name_arena(lt, b->arena), type_name_arena(rt, b->arena));
            return -1;
        }
        if (type_info(t.id)->is_string)
            t = type_varchar(t.precision); /* both sides read the same way */
        t.not_null = false;
        u->names[c] = (char *)l.scope.cols[c].name;
        u->row_name_len[c] = l.scope.cols[c].row_name_len;
        u->types[c] = t;
        for (int side = 0; side < 2; side++) {
            BindCol *bc = side == 0 ? &l.scope.cols[c] : &r.scope.cols[c];
            if (!type_equal(&bc->expr->type, &t) &&
                !(type_info(t.id)->is_string && type_info(bc->expr->type.id)->is_string))
                bc->expr = bind_coerce(b, bc->expr, t);
        }
    }
    u->n_inputs = 2;
    u->inputs = arena_alloc(b->arena, 2 * sizeof(PlanNode *));
    u->inputs[0] = rel_materialize(b, &l, true);
    u->inputs[1] = rel_materialize(b, &r, true);
    u->is_updating = u->inputs[0]->is_updating || u->inputs[1]->is_updating;
    rel_from_node(b, u, NULL, out);
    return 0;
}

static int bind_query_rel(Binder *b, const AstQuery *q, Rel *out) {
    if (q->order_by) {
        const AstOrderItem *o = q->order_by->items[0];
        bind_error(b, o->pos, "not supported yet: ORDER BY");
        return -1;
    }
    if (q->limit || q->offset) {
        bind_error(b, q->limit ? q->limit->pos : q->offset->pos, "not supported yet: LIMIT");
        return -1;
    }
    switch (q->kind) {
        case QUERY_SELECT:
            return bind_select(b, q, out);
        case QUERY_VALUES:
            return bind_values(b, q, out);
        case QUERY_SET_OP:
            return bind_set_op(b, q, out);
    }
    return -1;
}

/* ---- projection push-down ---------------------------------------------------------- */

static void mark_used(int column, void *ctx) {
    ((bool *)ctx)[column] = true;
}

/* A scan reads every field but converts only the ones its Calc uses. */
static void push_down_projection(Binder *b, PlanNode *p) {
    for (int i = 0; i < p->n_inputs; i++)
        push_down_projection(b, p->inputs[i]);
    if (p->kind != PLAN_CALC)
        return;
    PlanNode *wm = NULL, *scan = p->inputs[0];
    if (scan->kind == PLAN_WATERMARK) {
        wm = scan;
        scan = wm->inputs[0];
    }
    if (scan->kind != PLAN_SCAN)
        return;
    bool *used = arena_zalloc(b->arena, (size_t)(scan->n_fields + 1));
    if (p->filter)
        bind_visit_columns(p->filter, mark_used, used);
    if (wm) {
        bind_visit_columns(wm->rowtime_expr, mark_used, used);
        bind_visit_columns(wm->watermark_expr, mark_used, used);
    }
    for (int i = 0; i < p->n_cols; i++)
        bind_visit_columns(p->exprs[i], mark_used, used);
    int *map = arena_alloc(b->arena, (size_t)(scan->n_fields + 1) * sizeof(int));
    int n_out = 0;
    for (int f = 0; f < scan->n_fields; f++) {
        map[f] = used[f] ? n_out : -1;
        scan->field_to_col[f] = map[f];
        if (used[f]) {
            scan->names[n_out] = scan->field_names[f];
            scan->types[n_out] = scan->field_types[f];
            n_out++;
        }
    }
    scan->n_cols = n_out;
    if (p->filter)
        p->filter = expr_remap_columns(b->arena, p->filter, map);
    for (int i = 0; i < p->n_cols; i++)
        p->exprs[i] = expr_remap_columns(b->arena, p->exprs[i], map);
    if (wm) {
        wm->rowtime_expr = expr_remap_columns(b->arena, wm->rowtime_expr, map);
        wm->watermark_expr = expr_remap_columns(b->arena, wm->watermark_expr, map);
        wm->n_cols = n_out;
        for (int i = 0; i < n_out; i++) {
            wm->names[i] = scan->names[i];
            wm->types[i] = scan->types[i];
        }
    }
}

/* ---- EXPLAIN text ------------------------------------------------------------------ */

/* A window parameter as Flink's plans print it: "10 min", "5 s", "1500 ms". */
static void describe_ms(StrBuf *sb, int64_t ms) {
    static const struct {
        int64_t ms;
        const char *unit;
    } UNITS[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
    for (size_t i = 0; i < ARRAY_LEN(UNITS); i++)
        if (ms != 0 && ms % UNITS[i].ms == 0) {
            sb_printf(sb, "%lld %s", (long long)(ms / UNITS[i].ms), UNITS[i].unit);
            return;
        }
    sb_printf(sb, "%lld ms", (long long)ms);
}

/* "TUMBLE(time_col=[ts], size=[10 min])" and the like. */
static void describe_window(StrBuf *sb, const WindowSpec *w, const char *time_name) {
    sb_printf(sb, "%s(time_col=[%s], ", window_kind_name(w->kind), time_name);
    if (w->kind == WIN_SESSION) {
        sb_append(sb, "gap=[");
        describe_ms(sb, w->size);
        sb_append(sb, "])");
        return;
    }
    if (w->kind != WIN_TUMBLE) {
        sb_append(sb, w->kind == WIN_HOP ? "slide=[" : "step=[");
        describe_ms(sb, w->slide);
        sb_append(sb, "], ");
    }
    sb_append(sb, w->kind == WIN_CUMULATE ? "max_size=[" : "size=[");
    describe_ms(sb, w->size);
    sb_append(sb, "]");
    if (w->offset) {
        sb_append(sb, ", offset=[");
        describe_ms(sb, w->offset);
        sb_append(sb, "]");
    }
    sb_append(sb, ")");
}

static void describe_node(Binder *b, PlanNode *p) {
    for (int i = 0; i < p->n_inputs; i++)
        describe_node(b, p->inputs[i]);
    StrBuf sb;
    sb_init(&sb);
    switch (p->kind) {
        case PLAN_SCAN: {
            const char *connector = cat_table_option(p->table, "connector");
            const char *format = cat_table_option(p->table, "format");
            sb_printf(&sb,
                      "TableSourceScan(table=[[default_catalog, default_database, %s]], fields=[",
                      p->table->name);
            for (int i = 0; i < p->n_cols; i++)
                sb_printf(&sb, "%s%s", i ? ", " : "", p->names[i]);
            sb_printf(&sb, "], connector=[%s], format=[%s])", connector ? connector : "?",
                      format ? format : "csv");
            break;
        }
        case PLAN_VALUES:
            sb_printf(&sb, "Values(rows=[%d], fields=[", p->n_rows);
            for (int i = 0; i < p->n_cols; i++)
                sb_printf(&sb, "%s%s", i ? ", " : "", p->names[i]);
            sb_append(&sb, "])");
            break;
        case PLAN_UNION:
            sb_append(&sb, "Union(all=[true], union=[");
            for (int i = 0; i < p->n_cols; i++)
                sb_printf(&sb, "%s%s", i ? ", " : "", p->names[i]);
            sb_append(&sb, "])");
            break;
        case PLAN_CALC: {
            const char *const *in_names = (const char *const *)p->inputs[0]->names;
            sb_append(&sb, "Calc(select=[");
            for (int i = 0; i < p->n_cols; i++) {
                if (i)
                    sb_append(&sb, ", ");
                expr_to_string(p->exprs[i], in_names, &sb);
                const ExprNode *e = p->exprs[i];
                if (e->op != EOP_COLUMN || strcmp(in_names[e->column], p->names[i]) != 0)
                    sb_printf(&sb, " AS %s", p->names[i]);
            }
            sb_append(&sb, "]");
            if (p->filter) {
                sb_append(&sb, ", where=[");
                expr_to_string(p->filter, in_names, &sb);
                sb_append(&sb, "]");
            }
            sb_append(&sb, ")");
            break;
        }
        case PLAN_WATERMARK: {
            const char *const *in_names = (const char *const *)p->inputs[0]->names;
            sb_printf(&sb, "WatermarkAssigner(rowtime=[%s], watermark=[", p->rowtime_name);
            expr_to_string(p->watermark_expr, in_names, &sb);
            sb_append(&sb, "]");
            if (p->idle_timeout_ms > 0) {
                sb_append(&sb, ", idleTimeout=[");
                describe_ms(&sb, p->idle_timeout_ms);
                sb_append(&sb, "]");
            }
            sb_append(&sb, ")");
            break;
        }
        case PLAN_WINDOW_TVF:
            sb_append(&sb, "WindowTableFunction(window=[");
            describe_window(&sb, &p->window, p->inputs[0]->names[p->window.time_col]);
            sb_append(&sb, "])");
            break;
        case PLAN_WINDOW_AGG: {
            const char *const *in_names = (const char *const *)p->inputs[0]->names;
            sb_append(&sb, "WindowAggregate(");
            if (p->n_keys) {
                sb_append(&sb, "groupBy=[");
                for (int k = 0; k < p->n_keys; k++)
                    sb_printf(&sb, "%s%s", k ? ", " : "", in_names[p->key_cols[k]]);
                sb_append(&sb, "], ");
            }
            sb_append(&sb, "window=[");
            describe_window(&sb, &p->window, in_names[p->window.time_col]);
            sb_append(&sb, "], select=[");
            for (int k = 0; k < p->n_keys; k++)
                sb_printf(&sb, "%s, ", p->names[3 + k]);
            for (int a = 0; a < p->n_aggs; a++) {
                const AggCall *c = &p->aggs[a];
                sb_printf(&sb, "%s(%s%s)", agg_kind_name(c->kind),
                          c->is_distinct ? "DISTINCT " : "", c->arg >= 0 ? in_names[c->arg] : "*");
                if (c->filter >= 0)
                    sb_printf(&sb, " FILTER %s", in_names[c->filter]);
                sb_printf(&sb, " AS %s, ", p->names[3 + p->n_keys + a]);
            }
            sb_append(&sb, "window_start, window_end, window_time])");
            break;
        }
        case PLAN_AGGREGATE: {
            const char *const *in_names = (const char *const *)p->inputs[0]->names;
            sb_append(&sb, "GroupAggregate(");
            if (p->n_keys) {
                sb_append(&sb, "groupBy=[");
                for (int k = 0; k < p->n_keys; k++)
                    sb_printf(&sb, "%s%s", k ? ", " : "", in_names[p->key_cols[k]]);
                sb_append(&sb, "], ");
            }
            sb_append(&sb, "select=[");
            for (int k = 0; k < p->n_keys; k++)
                sb_printf(&sb, "%s%s", k ? ", " : "", p->names[k]);
            for (int a = 0; a < p->n_aggs; a++) {
                const AggCall *c = &p->aggs[a];
                sb_printf(&sb, "%s%s(%s%s)", p->n_keys + a ? ", " : "", agg_kind_name(c->kind),
                          c->is_distinct ? "DISTINCT " : "", c->arg >= 0 ? in_names[c->arg] : "*");
                if (c->filter >= 0)
                    sb_printf(&sb, " FILTER %s", in_names[c->filter]);
                sb_printf(&sb, " AS %s", p->names[p->n_keys + a]);
            }
            sb_append(&sb, "]");
            if (p->emit_final_only)
                sb_append(&sb, ", mode=[batch]");
            sb_append(&sb, ")");
            break;
        }
    }
    p->explain = arena_strdup(b->arena, sb_cstr(&sb));
    sb_free(&sb);
}

static void explain_rec(const PlanNode *p, int depth, bool changelog_mode, StrBuf *out) {
    for (int i = 0; i < depth; i++)
        sb_append(out, i == depth - 1 ? "+- " : "   ");
    sb_append(out, p->explain ? p->explain : "?");
    if (changelog_mode)
        sb_append(out, p->is_updating ? ", changelogMode=[I,UB,UA,D]" : ", changelogMode=[I]");
    sb_append_char(out, '\n');
    for (int i = 0; i < p->n_inputs; i++)
        explain_rec(p->inputs[i], depth + 1, changelog_mode, out);
}

void plan_explain(const PlanNode *plan, bool changelog_mode, StrBuf *out) {
    explain_rec(plan, 0, changelog_mode, out);
}

/* ---- entry points ------------------------------------------------------------------ */

int plan_query(const PlannerEnv *env, const AstQuery *query, Arena *arena, PlanNode **out,
               Diag *diag) {
    Binder b = {env, arena, diag, NULL, NULL, 0, NULL, -1};
    Rel rel;
    if (bind_query_rel(&b, query, &rel) < 0)
        return -1;
    /* A scan always gets a Calc above it, so that it reads only what is used. */
    PlanNode *root = rel_materialize(&b, &rel, !plan_node_reads_table(rel.leaf));
    push_down_projection(&b, root);
    describe_node(&b, root);
    *out = root;
    return 0;
}

static bool tref_reads(const AstTableRef *t, const char *name);

static bool query_reads(const AstQuery *q, const char *name) {
    if (!q)
        return false;
    if (q->kind == QUERY_SET_OP)
        return query_reads(q->left, name) || query_reads(q->right, name);
    return q->from && tref_reads(q->from, name);
}

static bool tref_reads(const AstTableRef *t, const char *name) {
    switch (t->kind) {
        case TREF_NAMED:
            return strcmp(t->name, name) == 0;
        case TREF_SUBQUERY:
        case TREF_VALUES:
            return query_reads(t->query, name);
        case TREF_JOIN:
            return tref_reads(t->left, name) || tref_reads(t->right, name);
        case TREF_FUNCTION:
            for (int i = 0; t->func && i < ast_list_len(t->func->args); i++) {
                const AstExpr *a = t->func->args->items[i];
                if (a->kind == EXPR_NAMED_ARG)
                    a = a->left;
                if (a && a->kind == EXPR_TABLE_ARG && strcmp(a->text, name) == 0)
                    return true;
            }
            return false;
    }
    return false;
}

bool plan_query_reads_table(const AstQuery *query, const char *name) {
    return query_reads(query, name);
}

/* ---- INSERT INTO ------------------------------------------------------------------- */

/* The first node, from the sources up, that produces updates from insert-only input. */
static const PlanNode *update_producer(const PlanNode *p) {
    for (int i = 0; i < p->n_inputs; i++)
        if (p->inputs[i]->is_updating)
            return update_producer(p->inputs[i]);
    return p;
}

/* Connectors whose sinks take -U/+U/-D rows; the others only append. */
static bool connector_takes_updates(const char *connector) {
    static const char *const UPSERT[] = {"print", "blackhole", "upsert-kafka", "jdbc"};
    for (size_t i = 0; i < ARRAY_LEN(UPSERT); i++)
        if (connector && strcmp(connector, UPSERT[i]) == 0)
            return true;
    return false;
}

int plan_insert(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, PlanNode **out,
                Diag *diag) {
    const CatTable *t = cat_lookup(env->cat, stmt->name);
    if (!t) {
        const char *sug = cat_suggest(env->cat, stmt->name);
        if (sug)
            return diag_set(diag, stmt->pos, "table '%s' not found; did you mean '%s'?", stmt->name,
                            sug);
        return diag_set(diag, stmt->pos, "table '%s' not found", stmt->name);
    }
    if (t->kind == CAT_VIEW)
        return diag_set(diag, stmt->pos, "'%s' is a view; INSERT INTO needs a table", t->name);
    for (int i = 0; i < t->n_columns; i++)
        if (t->columns[i].row_name_len)
            return diag_set(diag, stmt->pos,
                            "not supported yet: INSERT INTO a table with ROW "
                            "columns ('%s')",
                            t->name);
    PlanNode *plan;
    if (plan_query(env, stmt->query, arena, &plan, diag) < 0)
        return -1;
    int n_target = ast_list_len(stmt->column_names);
    if (n_target == 0)
        for (int i = 0; i < t->n_columns; i++)
            n_target += t->columns[i].computed_sql == NULL;
    if (plan->n_cols != n_target)
        return diag_set(diag, stmt->pos,
                        "INSERT INTO '%s' writes %d column%s but the query gives %d", t->name,
                        n_target, n_target == 1 ? "" : "s", plan->n_cols);
    if (ast_list_len(stmt->column_names) > 0)
        return diag_set(diag, stmt->pos, "not supported yet: INSERT INTO with a column list");
    /* the query's columns must already have the table's types (no implicit casts yet) */
    for (int i = 0, k = 0; i < t->n_columns; i++) {
        const CatColumn *c = &t->columns[i];
        if (c->computed_sql)
            continue;
        plan->names[k] = c->name; /* the rows are the table's: json keys are its names */
        const SqlType *q = &plan->types[k++];
        bool both_strings = type_info(q->id)->is_string && type_info(c->type.id)->is_string;
        if (!both_strings &&
            (q->id != c->type.id || (q->id == TYPE_DECIMAL && q->scale != c->type.scale)))
            return diag_set(
                diag, stmt->pos,
                "not supported yet: INSERT INTO '%s' column '%s' (%s) from the query's %s "
                "(CAST it in the query)",
                t->name, c->name, type_name_arena(&c->type, arena), type_name_arena(q, arena));
    }
    const char *connector = cat_table_option(t, "connector");
    if (plan->is_updating && !connector_takes_updates(connector)) {
        const PlanNode *producer = update_producer(plan);
        return diag_set(diag, stmt->pos,
                        "table '%s' (connector '%s') only appends rows, but this query updates "
                        "its results: %s emits -U/+U/-D rows as its groups change. Write to a "
                        "table whose connector takes updates (e.g. 'print'), or aggregate over "
                        "windows, whose results are final",
                        t->name, connector ? connector : "?",
                        producer->explain ? producer->explain : "an aggregation");
    }
    *out = plan;
    return 0;
}
