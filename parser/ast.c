/*
 * ast.c - building the syntax tree, and printing it as S-expressions.
 *
 * The builders are what the grammar's actions call (declared in ast.h for the public
 * node constructors, in parse_util.h for the rest). They only allocate from the parse
 * arena and wire fields; the few checks that belong to syntax (a known time unit, one
 * WATERMARK per table, DOUBLE PRECISION) record an error in the parse state, which
 * stops the parse at the current token.
 *
 * Conventions a reader of the tree relies on:
 *  - identifiers keep their case; function names, type names, named-argument names and
 *    time units are upper-cased; time units are singular ("MINUTES" -> "MINUTE");
 *  - pos is the offset of a node's first token and span its [start, end) text; a
 *    parenthesised expression or query has its span widened to the parentheses;
 *  - NOT EXISTS (q) is an EXPR_EXISTS with negated, not an EXPR_UNARY;
 *  - TIMESTAMPADD(unit, n, t) and TIMESTAMPDIFF(unit, a, b) keep the unit in `unit`
 *    and only the other two arguments in `args`;
 *  - a query with its own ORDER BY/LIMIT that gets another ORDER BY/LIMIT from outside
 *    its parentheses is wrapped: SELECT * FROM (inner) with the outer clauses.
 */
#include "parser/parse_util.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* ---- lists and nodes -------------------------------------------------------------------- */

AstList *ast_list_new(Arena *arena) {
    return arena_zalloc(arena, sizeof(AstList));
}

void ast_list_push(Arena *arena, AstList *list, void *item) {
    if (list->n == list->cap) {
        int cap = list->cap ? list->cap * 2 : 4;
        void **items = arena_alloc(arena, sizeof(void *) * (size_t)cap);
        if (list->n)
            memcpy(items, list->items, sizeof(void *) * (size_t)list->n);
        list->items = items;
        list->cap = cap;
    }
    list->items[list->n++] = item;
}

AstExpr *ast_expr_new(Arena *arena, AstExprKind kind, int pos) {
    AstExpr *e = arena_zalloc(arena, sizeof *e);
    e->kind = kind;
    e->pos = pos;
    e->span.start = pos;
    e->span.end = pos;
    return e;
}

AstStmt *ast_stmt_new(Arena *arena, AstStmtKind kind, int pos) {
    AstStmt *s = arena_zalloc(arena, sizeof *s);
    s->kind = kind;
    s->pos = pos;
    s->span.start = pos;
    s->span.end = pos;
    s->watermark_pos = -1;
    return s;
}

AstQuery *ast_query_new(Arena *arena, AstQueryKind kind, int pos) {
    AstQuery *q = arena_zalloc(arena, sizeof *q);
    q->kind = kind;
    q->pos = pos;
    q->span.start = pos;
    q->span.end = pos;
    return q;
}

AstTableRef *ast_tref_new(Arena *arena, AstTableRefKind kind, int pos) {
    AstTableRef *t = arena_zalloc(arena, sizeof *t);
    t->kind = kind;
    t->pos = pos;
    return t;
}

AstList *ast_list1(ParseState *ps, void *item) {
    AstList *l = ast_list_new(ps->arena);
    ast_list_push(ps->arena, l, item);
    return l;
}

AstList *ast_list_add(ParseState *ps, AstList *list, void *item) {
    ast_list_push(ps->arena, list, item);
    return list;
}

AstList *ast_list_prepend(ParseState *ps, void *item, AstList *list) {
    AstList *l = ast_list1(ps, item);
    for (int i = 0; i < ast_list_len(list); i++)
        ast_list_push(ps->arena, l, list->items[i]);
    return l;
}

/* An expression node whose text runs from `start` to the end of the current rule. */
static AstExpr *expr_at(ParseState *ps, AstExprKind kind, int start) {
    AstExpr *e = ast_expr_new(ps->arena, kind, start);
    e->span.end = ps->last_end;
    return e;
}

/* ---- errors ---------------------------------------------------------------------------- */

void ast_error(ParseState *ps, int pos, const char *fmt, ...) {
    if (ps->has_error)
        return;
    ps->has_error = true;
    diag_init(ps->diag);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->diag->msg, sizeof ps->diag->msg, fmt, ap);
    va_end(ap);
    ps->diag->pos = pos;
    ps->diag->is_set = true;
}

void ast_syntax_error(ParseState *ps, int major, Token tok) {
    if (major == 0 || ps->at_end) {
        ast_error(ps, (int)strlen(ps->sql), "unexpected end of input");
        return;
    }
    int len = tok.len > 40 ? 40 : tok.len;
    ast_error(ps, tok.pos, "syntax error near \"%.*s%s\"", len, ps->sql + tok.pos,
              tok.len > len ? "..." : "");
}

/* ---- names, strings, numbers ------------------------------------------------------------- */

/* Copies text[0..len) dropping the outer quotes q and undoubling inner ones. */
static char *unquote(Arena *arena, const char *text, int len, char q) {
    char *out = arena_alloc(arena, (size_t)len);
    int n = 0;
    for (int i = 1; i < len - 1; i++) {
        out[n++] = text[i];
        if (text[i] == q && i + 1 < len - 1 && text[i + 1] == q)
            i++;
    }
    out[n] = '\0';
    return out;
}

PsName ast_ident(ParseState *ps, Token t) {
    const char *text = ps->sql + t.pos;
    PsName n;
    n.pos = t.pos;
    n.s = text[0] == '`' ? unquote(ps->arena, text, t.len, '`')
                         : arena_strndup(ps->arena, text, (size_t)t.len);
    return n;
}

PsName ast_dotted(ParseState *ps, PsName a, PsName b) {
    PsName n;
    n.pos = a.pos;
    n.s = arena_printf(ps->arena, "%s.%s", a.s, b.s);
    return n;
}

const char *ast_upper(ParseState *ps, const char *s) {
    char *out = arena_strdup(ps->arena, s);
    for (char *p = out; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return out;
}

PsName ast_kwname(ParseState *ps, Token t) {
    PsName n;
    n.pos = t.pos;
    n.s = ast_token_upper(ps, t);
    return n;
}

const char *ast_string(ParseState *ps, Token t) {
    return unquote(ps->arena, ps->sql + t.pos, t.len, '\'');
}

const char *ast_token_text(ParseState *ps, Token t) {
    return arena_strndup(ps->arena, ps->sql + t.pos, (size_t)t.len);
}

const char *ast_token_upper(ParseState *ps, Token t) {
    return ast_upper(ps, ast_token_text(ps, t));
}

int ast_int(ParseState *ps, Token t) {
    long v = 0;
    for (int i = 0; i < t.len; i++) {
        v = v * 10 + (ps->sql[t.pos + i] - '0');
        if (v > INT_MAX) {
            ast_error(ps, t.pos, "number too large: %.*s", t.len, ps->sql + t.pos);
            return 0;
        }
    }
    return (int)v;
}

/* Time units as SQL names them: singular, plural and the EXTRACT-only ones. */
static const char *const TIME_UNITS[] = {
    "MILLENNIUM", "CENTURY", "DECADE", "YEAR",   "QUARTER",     "MONTH",       "WEEK",
    "DAY",        "HOUR",    "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND",
    "DOW",        "DOY",     "EPOCH",  "ISODOW", "ISOYEAR",
};

/* The singular, upper-case name of a time unit, or NULL when name is not one. */
static const char *unit_normalize(const char *name) {
    size_t len = strlen(name);
    for (size_t i = 0; i < ARRAY_LEN(TIME_UNITS); i++) {
        const char *u = TIME_UNITS[i];
        size_t ulen = strlen(u);
        if (str_ieq(name, u) || (len == ulen + 1 && str_ieq_n(name, u, ulen) &&
                                 (name[ulen] == 'S' || name[ulen] == 's')))
            return u;
    }
    if (str_ieq(name, "CENTURIES"))
        return "CENTURY";
    if (str_ieq(name, "MILLENNIA"))
        return "MILLENNIUM";
    return NULL;
}

const char *ast_unit(ParseState *ps, Token t) {
    const char *name = ast_ident(ps, t).s;
    const char *unit = unit_normalize(name);
    if (!unit) {
        ast_error(ps, t.pos, "unknown time unit \"%s\"", name);
        return ast_upper(ps, name);
    }
    return unit;
}

/* ---- types ------------------------------------------------------------------------------ */

AstType *ast_type(ParseState *ps, Token name, int n_params, int p0, int p1) {
    AstType *t = arena_zalloc(ps->arena, sizeof *t);
    t->pos = name.pos;
    t->name = ast_upper(ps, ast_ident(ps, name).s);
    t->n_params = n_params;
    t->params[0] = p0;
    t->params[1] = p1;
    return t;
}

AstType *ast_type_not_null(AstType *t) {
    t->not_null = true;
    return t;
}

AstType *ast_type_double_precision(ParseState *ps, Token name) {
    AstType *t = ast_type(ps, name, 0, 0, 0);
    if (strcmp(t->name, "DOUBLE") != 0)
        ast_error(ps, name.pos, "syntax error near \"PRECISION\": only DOUBLE PRECISION is a type");
    return t;
}

AstType *ast_type_time(ParseState *ps, Token name, int precision, bool with_local_tz) {
    AstType *t = ast_type(ps, name, precision >= 0 ? 1 : 0, precision >= 0 ? precision : 0, 0);
    if (with_local_tz) {
        if (strcmp(t->name, "TIMESTAMP") != 0)
            ast_error(ps, name.pos, "TIME WITH LOCAL TIME ZONE is not a type; use TIMESTAMP");
        t->name = "TIMESTAMP_LTZ";
    }
    return t;
}

AstType *ast_type_interval(ParseState *ps, Token name, const char *unit, const char *to_unit) {
    AstType *t = ast_type(ps, name, 0, 0, 0);
    t->unit = unit;
    t->to_unit = to_unit;
    return t;
}

AstType *ast_type_row(ParseState *ps, Token name, AstList *fields) {
    AstType *t = ast_type(ps, name, 0, 0, 0);
    t->fields = fields;
    return t;
}

AstRowField *ast_row_field(ParseState *ps, PsName name, AstType *type) {
    AstRowField *f = arena_zalloc(ps->arena, sizeof *f);
    f->pos = name.pos;
    f->name = name.s;
    f->type = type;
    return f;
}

/* ---- expressions -------------------------------------------------------------------------- */

AstExpr *ast_literal(ParseState *ps, Token t, AstLiteralKind kind) {
    AstExpr *e = expr_at(ps, EXPR_LITERAL, t.pos);
    e->lit_kind = kind;
    if (kind == LIT_STRING)
        e->text = ast_string(ps, t);
    else if (kind != LIT_NULL)
        e->text = ast_token_text(ps, t);
    if (kind == LIT_BOOL)
        e->bool_value = str_ieq(e->text, "TRUE");
    return e;
}

AstExpr *ast_typed_literal(ParseState *ps, int pos, AstLiteralKind kind, Token str) {
    AstExpr *e = expr_at(ps, EXPR_LITERAL, pos);
    e->lit_kind = kind;
    e->text = ast_string(ps, str);
    return e;
}

AstExpr *ast_interval(ParseState *ps, int pos, bool negative, Token str, const char *unit,
                      const char *to_unit) {
    AstExpr *e = expr_at(ps, EXPR_LITERAL, pos);
    e->lit_kind = LIT_INTERVAL;
    e->text = ps->sql[str.pos] == '\'' ? ast_string(ps, str) : ast_token_text(ps, str);
    e->is_negative = negative;
    e->unit = unit;
    e->to_unit = to_unit;
    return e;
}

AstExpr *ast_column(ParseState *ps, int pos, const char *qualifier, const char *name) {
    AstExpr *e = expr_at(ps, EXPR_COLUMN, pos);
    e->qualifier = qualifier;
    e->text = name;
    return e;
}

AstExpr *ast_star(ParseState *ps, int pos, const char *qualifier) {
    AstExpr *e = expr_at(ps, EXPR_STAR, pos);
    e->qualifier = qualifier;
    return e;
}

AstExpr *ast_paren(ParseState *ps, int pos, AstExpr *e) {
    e->span.start = pos;
    e->span.end = ps->last_end;
    return e;
}

AstExpr *ast_unary(ParseState *ps, int pos, AstOp op, AstExpr *operand) {
    AstExpr *e = expr_at(ps, EXPR_UNARY, pos);
    e->op = op;
    e->left = operand;
    return e;
}

AstExpr *ast_not(ParseState *ps, int pos, AstExpr *operand) {
    if (operand->kind == EXPR_EXISTS && !operand->negated && operand->span.start == operand->pos) {
        operand->negated = true;
        operand->pos = pos;
        operand->span.start = pos;
        operand->span.end = ps->last_end;
        return operand;
    }
    return ast_unary(ps, pos, OP_NOT, operand);
}

AstExpr *ast_binary(ParseState *ps, AstExpr *l, AstOp op, AstExpr *r) {
    AstExpr *e = expr_at(ps, EXPR_BINARY, l->span.start);
    e->op = op;
    e->left = l;
    e->right = r;
    return e;
}

AstExpr *ast_is(ParseState *ps, AstExpr *operand, bool negated, AstIsWhat what) {
    AstExpr *e = expr_at(ps, EXPR_IS, operand->span.start);
    e->left = operand;
    e->negated = negated;
    e->is_what = what;
    return e;
}

AstExpr *ast_between(ParseState *ps, AstExpr *operand, bool negated, bool symmetric, AstExpr *low,
                     AstExpr *high) {
    AstExpr *e = expr_at(ps, EXPR_BETWEEN, operand->span.start);
    e->left = operand;
    e->negated = negated;
    e->is_symmetric = symmetric;
    e->args = ast_list_add(ps, ast_list1(ps, low), high);
    return e;
}

AstExpr *ast_in_list(ParseState *ps, AstExpr *operand, bool negated, AstList *list) {
    AstExpr *e = expr_at(ps, EXPR_IN_LIST, operand->span.start);
    e->left = operand;
    e->negated = negated;
    e->args = list;
    return e;
}

AstExpr *ast_in_query(ParseState *ps, AstExpr *operand, bool negated, AstQuery *q) {
    AstExpr *e = expr_at(ps, EXPR_IN_QUERY, operand->span.start);
    e->left = operand;
    e->negated = negated;
    e->query = q;
    return e;
}

AstExpr *ast_like(ParseState *ps, AstExpr *operand, bool negated, bool similar, AstExpr *pattern,
                  AstExpr *escape) {
    AstExpr *e = expr_at(ps, EXPR_LIKE, operand->span.start);
    e->left = operand;
    e->negated = negated;
    e->is_similar = similar;
    e->right = pattern;
    e->escape = escape;
    return e;
}

AstExpr *ast_exists(ParseState *ps, int pos, AstQuery *q) {
    AstExpr *e = expr_at(ps, EXPR_EXISTS, pos);
    e->query = q;
    return e;
}

AstExpr *ast_subquery(ParseState *ps, int pos, AstQuery *q) {
    AstExpr *e = expr_at(ps, EXPR_SUBQUERY, pos);
    e->query = q;
    return e;
}

AstExpr *ast_row(ParseState *ps, int pos, AstList *items) {
    AstExpr *e = expr_at(ps, EXPR_ROW, pos);
    e->args = items;
    return e;
}

AstExpr *ast_case(ParseState *ps, int pos, AstExpr *operand, AstList *whens, AstExpr *else_expr) {
    AstExpr *e = expr_at(ps, EXPR_CASE, pos);
    e->left = operand;
    e->args = whens;
    e->right = else_expr;
    return e;
}

AstExpr *ast_cast(ParseState *ps, int pos, AstExpr *operand, AstType *type, bool is_try) {
    AstExpr *e = expr_at(ps, EXPR_CAST, pos);
    e->left = operand;
    e->type = type;
    e->is_try = is_try;
    return e;
}

AstExpr *ast_func(ParseState *ps, int pos, const char *name, AstList *args, bool is_distinct) {
    AstExpr *e = expr_at(ps, EXPR_FUNC, pos);
    e->name = name;
    e->args = args;
    e->is_distinct = is_distinct;
    /* TIMESTAMPADD(unit, n, t) and TIMESTAMPDIFF(unit, a, b): the unit leaves the args. */
    if ((strcmp(name, "TIMESTAMPADD") == 0 || strcmp(name, "TIMESTAMPDIFF") == 0) &&
        ast_list_len(args) >= 1) {
        const AstExpr *first = args->items[0];
        const char *unit =
            first->kind == EXPR_COLUMN && !first->qualifier ? unit_normalize(first->text) : NULL;
        if (unit) {
            e->unit = unit;
            e->args = ast_list_new(ps->arena);
            for (int i = 1; i < args->n; i++)
                ast_list_push(ps->arena, e->args, args->items[i]);
        }
    }
    return e;
}

AstExpr *ast_func_star(ParseState *ps, int pos, const char *name) {
    AstExpr *e = ast_func(ps, pos, name, ast_list_new(ps->arena), false);
    e->is_star = true;
    return e;
}

AstExpr *ast_func2(ParseState *ps, Token name, AstExpr *a, AstExpr *b, AstExpr *c) {
    AstList *args = ast_list_add(ps, ast_list1(ps, a), b);
    if (c)
        ast_list_push(ps->arena, args, c);
    return ast_func(ps, name.pos, ast_token_upper(ps, name), args, false);
}

AstExpr *ast_func_unit(ParseState *ps, Token name, const char *unit, AstExpr *arg) {
    AstExpr *e = ast_func(ps, name.pos, ast_token_upper(ps, name), ast_list1(ps, arg), false);
    e->unit = unit;
    return e;
}

AstExpr *ast_func_to_unit(ParseState *ps, PsName name, AstExpr *arg, const char *unit) {
    const char *upper = ast_upper(ps, name.s);
    if (strcmp(upper, "FLOOR") != 0 && strcmp(upper, "CEIL") != 0 && strcmp(upper, "CEILING") != 0)
        ast_error(ps, name.pos, "only FLOOR and CEIL take the form %s(x TO unit)", upper);
    if (strcmp(upper, "CEILING") == 0)
        upper = "CEIL";
    AstExpr *e = ast_func(ps, name.pos, upper, ast_list1(ps, arg), false);
    e->unit = unit;
    return e;
}

AstExpr *ast_func_finish(ParseState *ps, AstExpr *f, AstExpr *filter, AstWindowSpec *over) {
    f->filter = filter;
    f->over = over;
    f->span.end = ps->last_end;
    return f;
}

AstExpr *ast_trim(ParseState *ps, int pos, AstTrimSpec spec, AstExpr *chars, AstExpr *s) {
    AstList *args = ast_list1(ps, s);
    if (chars)
        ast_list_push(ps->arena, args, chars);
    AstExpr *e = ast_func(ps, pos, "TRIM", args, false);
    e->trim_spec = spec;
    return e;
}

AstExpr *ast_descriptor(ParseState *ps, int pos, AstList *names) {
    AstExpr *e = expr_at(ps, EXPR_DESCRIPTOR, pos);
    e->args = ast_list_new(ps->arena);
    for (int i = 0; i < names->n; i++)
        ast_list_push(ps->arena, e->args, ast_column(ps, pos, NULL, names->items[i]));
    return e;
}

AstExpr *ast_table_arg(ParseState *ps, int pos, const char *name, AstList *partition_keys) {
    AstExpr *e = expr_at(ps, EXPR_TABLE_ARG, pos);
    e->text = name;
    if (partition_keys) {
        e->args = ast_list_new(ps->arena);
        for (int i = 0; i < partition_keys->n; i++)
            ast_list_push(ps->arena, e->args, ast_column(ps, pos, NULL, partition_keys->items[i]));
    }
    return e;
}

AstExpr *ast_named_arg(ParseState *ps, PsName name, AstExpr *value) {
    AstExpr *e = expr_at(ps, EXPR_NAMED_ARG, name.pos);
    e->text = ast_upper(ps, name.s);
    e->left = value;
    return e;
}

/* ---- windows and ordering ------------------------------------------------------------------ */

AstWindowSpec *ast_window(ParseState *ps, const char *ref, AstList *partition, AstList *order,
                          PsFrame frame) {
    AstWindowSpec *w = arena_zalloc(ps->arena, sizeof *w);
    w->pos = -1;
    w->ref_name = ref;
    w->partition_by = partition;
    w->order_by = order;
    w->frame_unit = frame.unit;
    w->start_kind = frame.start.kind;
    w->start_expr = frame.start.expr;
    w->end_kind = frame.end.kind;
    w->end_expr = frame.end.expr;
    return w;
}

AstWindowSpec *ast_window_at(AstWindowSpec *w, int pos) {
    w->pos = pos;
    return w;
}

AstWindowSpec *ast_window_name(AstWindowSpec *w, PsName name) {
    w->name = name.s;
    w->pos = name.pos;
    return w;
}

AstWindowSpec *ast_window_ref(ParseState *ps, PsName name) {
    AstWindowSpec *w = ast_window(ps, name.s, NULL, NULL, ast_frame_none());
    w->pos = name.pos;
    return w;
}

AstOrderItem *ast_order_item(ParseState *ps, AstExpr *e, bool is_desc, int nulls) {
    AstOrderItem *o = arena_zalloc(ps->arena, sizeof *o);
    o->pos = e->span.start;
    o->expr = e;
    o->is_desc = is_desc;
    o->nulls = nulls;
    return o;
}

/* ---- queries and table references ---------------------------------------------------------- */

static AstQuery *query_at(ParseState *ps, AstQueryKind kind, int start) {
    AstQuery *q = ast_query_new(ps->arena, kind, start);
    q->span.end = ps->last_end;
    return q;
}

AstQuery *ast_select(ParseState *ps, int pos, bool is_distinct, AstList *items, AstTableRef *from,
                     AstExpr *where, AstList *group_by, AstExpr *having, AstList *windows) {
    AstQuery *q = query_at(ps, QUERY_SELECT, pos);
    q->is_distinct = is_distinct;
    q->select_list = items;
    q->from = from;
    q->where = where;
    q->group_by = group_by;
    q->having = having;
    q->windows = windows;
    return q;
}

AstSelectItem *ast_select_item(ParseState *ps, AstExpr *e, const char *alias) {
    AstSelectItem *item = arena_zalloc(ps->arena, sizeof *item);
    item->pos = e->span.start;
    item->expr = e;
    item->alias = alias;
    return item;
}

AstQuery *ast_values(ParseState *ps, int pos, AstList *rows) {
    AstQuery *q = query_at(ps, QUERY_VALUES, pos);
    q->rows = rows;
    return q;
}

AstQuery *ast_setop(ParseState *ps, AstQuery *l, AstSetOp op, AstQuery *r) {
    AstQuery *q = query_at(ps, QUERY_SET_OP, l->span.start);
    q->set_op = op;
    q->left = l;
    q->right = r;
    return q;
}

AstQuery *ast_query_paren(ParseState *ps, int pos, AstQuery *q) {
    q->span.start = pos;
    q->span.end = ps->last_end;
    return q;
}

AstQuery *ast_query_finish(ParseState *ps, AstQuery *q, AstList *order_by, PsLimit limit) {
    bool has_outer = order_by || limit.limit || limit.offset;
    if (has_outer && (q->order_by || q->limit || q->offset)) {
        /* (q ORDER BY a LIMIT 3) ORDER BY b: the outer clauses apply to q's result. */
        AstTableRef *from = ast_tref_new(ps->arena, TREF_SUBQUERY, q->span.start);
        from->query = q;
        AstExpr *star = ast_star(ps, q->span.start, NULL);
        star->span.end = star->span.start;
        AstList *items = ast_list1(ps, ast_select_item(ps, star, NULL));
        q = ast_select(ps, q->span.start, false, items, from, NULL, NULL, NULL, NULL);
    }
    if (order_by)
        q->order_by = order_by;
    if (limit.limit)
        q->limit = limit.limit;
    if (limit.offset)
        q->offset = limit.offset;
    q->span.end = ps->last_end;
    return q;
}

static void tref_alias(AstTableRef *t, PsAlias alias) {
    t->alias = alias.name;
    t->column_aliases = alias.columns;
}

AstTableRef *ast_tref_named(ParseState *ps, PsName name, AstExpr *system_time, PsAlias alias) {
    AstTableRef *t = ast_tref_new(ps->arena, TREF_NAMED, name.pos);
    t->name = name.s;
    t->system_time = system_time;
    tref_alias(t, alias);
    return t;
}

AstTableRef *ast_tref_query(ParseState *ps, int pos, AstQuery *q, PsAlias alias) {
    AstTableRef *t =
        ast_tref_new(ps->arena, q->kind == QUERY_VALUES ? TREF_VALUES : TREF_SUBQUERY, pos);
    t->query = q;
    tref_alias(t, alias);
    return t;
}

AstTableRef *ast_tref_function(ParseState *ps, int pos, AstExpr *func, bool is_lateral,
                               PsAlias alias) {
    AstTableRef *t = ast_tref_new(ps->arena, TREF_FUNCTION, pos);
    t->func = func;
    t->is_lateral = is_lateral;
    tref_alias(t, alias);
    return t;
}

AstTableRef *ast_tref_unnest(ParseState *ps, Token kw, AstList *args, PsAlias alias) {
    AstExpr *f = ast_func(ps, kw.pos, "UNNEST", args, false);
    return ast_tref_function(ps, kw.pos, f, true, alias);
}

AstTableRef *ast_tref_join(ParseState *ps, AstTableRef *l, int join_type, AstTableRef *r,
                           PsJoinCond cond) {
    AstTableRef *t = ast_tref_new(ps->arena, TREF_JOIN, l->pos);
    t->join_type = (AstJoinType)join_type;
    t->left = l;
    t->right = r;
    t->on = cond.on;
    t->using_columns = cond.using_columns;
    return t;
}

/* ---- statements ------------------------------------------------------------------------------ */

static AstStmt *stmt_at(ParseState *ps, AstStmtKind kind, int start) {
    AstStmt *s = ast_stmt_new(ps->arena, kind, start);
    s->span.end = ps->last_end;
    return s;
}

PsTableElem ast_elem_column(AstColumnDef *column) {
    PsTableElem e = {ELEM_COLUMN, column->pos, column, NULL, NULL, NULL};
    return e;
}

PsTableElem ast_elem_watermark(int pos, const char *column, AstExpr *expr) {
    PsTableElem e = {ELEM_WATERMARK, pos, NULL, column, expr, NULL};
    return e;
}

PsTableElem ast_elem_primary_key(int pos, AstList *keys) {
    PsTableElem e = {ELEM_PRIMARY_KEY, pos, NULL, NULL, NULL, keys};
    return e;
}

AstStmt *ast_table_elems_add(ParseState *ps, AstStmt *s, PsTableElem e) {
    if (!s) {
        s = ast_stmt_new(ps->arena, STMT_CREATE_TABLE, e.pos);
        s->columns = ast_list_new(ps->arena);
    }
    switch (e.kind) {
        case ELEM_COLUMN:
            ast_list_push(ps->arena, s->columns, e.column);
            if (e.column->is_primary_key) {
                if (s->primary_key)
                    ast_error(ps, e.pos, "a table can have only one PRIMARY KEY");
                s->primary_key = ast_list1(ps, (void *)e.column->name);
            }
            break;
        case ELEM_WATERMARK:
            if (s->watermark_column)
                ast_error(ps, e.pos, "a table can have only one WATERMARK");
            s->watermark_column = e.name;
            s->watermark_expr = e.expr;
            s->watermark_pos = e.pos;
            break;
        case ELEM_PRIMARY_KEY:
            if (s->primary_key)
                ast_error(ps, e.pos, "a table can have only one PRIMARY KEY");
            s->primary_key = e.keys;
            break;
    }
    return s;
}

static AstColumnDef *coldef_new(ParseState *ps, PsName name, const char *comment) {
    AstColumnDef *c = arena_zalloc(ps->arena, sizeof *c);
    c->pos = name.pos;
    c->name = name.s;
    c->comment = comment;
    return c;
}

AstColumnDef *ast_coldef_physical(ParseState *ps, PsName name, AstType *type, bool is_pk,
                                  const char *comment) {
    AstColumnDef *c = coldef_new(ps, name, comment);
    c->type = type;
    c->is_primary_key = is_pk;
    return c;
}

AstColumnDef *ast_coldef_metadata(ParseState *ps, PsName name, AstType *type, const char *key,
                                  bool is_virtual, const char *comment) {
    AstColumnDef *c = coldef_new(ps, name, comment);
    c->type = type;
    c->is_metadata = true;
    c->metadata_key = key;
    c->is_virtual = is_virtual;
    return c;
}

AstColumnDef *ast_coldef_computed(ParseState *ps, PsName name, AstExpr *e, const char *comment) {
    AstColumnDef *c = coldef_new(ps, name, comment);
    c->computed = e;
    return c;
}

AstOption *ast_option(ParseState *ps, Token key, Token value) {
    AstOption *o = arena_zalloc(ps->arena, sizeof *o);
    o->pos = key.pos;
    o->key = ast_string(ps, key);
    o->value = ast_string(ps, value);
    return o;
}

AstStmt *ast_stmt_query(ParseState *ps, AstQuery *q) {
    AstStmt *s = stmt_at(ps, STMT_QUERY, q->span.start);
    s->query = q;
    return s;
}

AstStmt *ast_stmt_insert(ParseState *ps, int pos, bool overwrite, const char *name,
                         AstList *columns, AstQuery *q) {
    AstStmt *s = stmt_at(ps, STMT_INSERT, pos);
    s->is_overwrite = overwrite;
    s->name = name;
    s->column_names = columns;
    s->query = q;
    return s;
}

AstStmt *ast_stmt_set(ParseState *ps, int pos, AstList *inserts) {
    AstStmt *s = stmt_at(ps, STMT_STATEMENT_SET, pos);
    s->statements = inserts;
    return s;
}

AstStmt *ast_stmt_create_table(ParseState *ps, int pos, AstStmt *s, bool temporary,
                               bool if_not_exists, const char *name, const char *comment,
                               AstList *options) {
    s->pos = pos;
    s->span.start = pos;
    s->span.end = ps->last_end;
    s->is_temporary = temporary;
    s->if_not_exists = if_not_exists;
    s->name = name;
    s->comment = comment;
    s->options = options ? options : ast_list_new(ps->arena);
    return s;
}

AstStmt *ast_stmt_create_view(ParseState *ps, int pos, bool temporary, bool if_not_exists,
                              const char *name, AstList *columns, AstQuery *q) {
    AstStmt *s = stmt_at(ps, STMT_CREATE_VIEW, pos);
    s->is_temporary = temporary;
    s->if_not_exists = if_not_exists;
    s->name = name;
    s->column_names = columns;
    s->query = q;
    return s;
}

AstStmt *ast_stmt_drop(ParseState *ps, int pos, AstStmtKind kind, bool temporary, bool if_exists,
                       const char *name) {
    AstStmt *s = stmt_at(ps, kind, pos);
    s->is_temporary = temporary;
    s->if_exists = if_exists;
    s->name = name;
    return s;
}

AstStmt *ast_stmt_key_value(ParseState *ps, int pos, AstStmtKind kind, const char *key,
                            const char *value) {
    AstStmt *s = stmt_at(ps, kind, pos);
    s->key = key;
    s->value = value;
    return s;
}

AstStmt *ast_stmt_named(ParseState *ps, int pos, AstStmtKind kind, const char *name) {
    AstStmt *s = stmt_at(ps, kind, pos);
    s->name = name;
    return s;
}

AstStmt *ast_stmt_explain(ParseState *ps, int pos, int flags, AstStmt *inner) {
    AstStmt *s = stmt_at(ps, STMT_EXPLAIN, pos);
    s->explain_flags = flags;
    s->inner = inner;
    return s;
}

void ast_add_stmt(ParseState *ps, AstStmt *s) {
    ast_list_push(ps->arena, ps->stmts, s);
}

void ast_set_result_expr(ParseState *ps, AstExpr *e) {
    ps->expr = e;
}

/* ---- dumping ------------------------------------------------------------------------------------
 */

/*
 * The dump format: one S-expression per node, atoms separated by one space.
 *   literals   (LITERAL INTEGER 1) (LITERAL STRING 'it''s') (LITERAL NULL)
 *              (LITERAL BOOL TRUE) (LITERAL TIMESTAMP '2020-01-01 00:00:00')
 *              (LITERAL INTERVAL '10' MINUTE) (LITERAL INTERVAL -'1 10' DAY TO HOUR)
 *   names      (COLUMN a) (COLUMN t.a) (STAR) (STAR t)
 *   operators  (UNARY - x) (UNARY NOT x) (BINARY + l r), with AND OR || = <> < <= > >=
 *              IS_DISTINCT IS_NOT_DISTINCT as the operator
 *   predicates (IS [NOT] NULL|TRUE|FALSE|UNKNOWN x) ([NOT] BETWEEN [SYMMETRIC] x lo hi)
 *              ([NOT] IN x a b ...) ([NOT] IN x (SELECT ...)) ([NOT] EXISTS (SELECT ...))
 *              ([NOT] LIKE x p [ESCAPE e]) ([NOT] SIMILAR x p [ESCAPE e])
 *   others     (SUBQUERY q) (ROW a b) (CASE [x] (WHEN c r) ... [(ELSE e)])
 *              (CAST x TYPE) (TRY_CAST x TYPE) (DESCRIPTOR a b) (TABLE t [(PARTITION k)])
 *              (NAMED NAME value)
 *   calls      (FUNC NAME [DISTINCT] [*] [UNIT u] [TRIM_LEADING] args... [(FILTER c)]
 *              [(OVER spec)]); a call written without parentheses prints as (FUNC NAME
 *              NOARGS)
 *   types      INT, VARCHAR(10), DECIMAL(10,2), TIMESTAMP_LTZ(3), INT NOT NULL,
 *              INTERVAL DAY TO HOUR
 *   queries    (SELECT [DISTINCT] items... [(FROM tref)] [(WHERE e)] [(GROUP e...)]
 *              [(HAVING e)] [(WINDOW spec...)] [(ORDER item...)] [(LIMIT e)] [(OFFSET e)])
 *              where an aliased item is (AS expr alias); (UNION ALL l r) (EXCEPT l r)...;
 *              (VALUES (a b) (c d))
 *   trefs      (REF name [(SYSTEM_TIME e)] [AS alias [(cols)]]), (SUBQUERY q AS ...),
 *              (VALUES-REF q AS ...), (TVF f AS ...), (LATERAL f AS ...),
 *              (JOIN INNER|LEFT|RIGHT|FULL|CROSS l r [(ON e)] [(USING a b)])
 *   windows    (SPEC [name] [REF w] [(PARTITION e...)] [(ORDER ...)] [ROWS|RANGE start end])
 *              bounds as UNBOUNDED_PRECEDING, CURRENT_ROW, (PRECEDING e), (FOLLOWING e)...
 *   order      (e [DESC] [NULLS_FIRST|NULLS_LAST])
 *   statements (CREATE_TABLE ...), (CREATE_VIEW ...), (DROP_TABLE ...), (QUERY q),
 *              (INSERT ...), (STATEMENT_SET s...), (SET 'k' 'v'), (RESET), (SHOW_TABLES),
 *              (DESCRIBE t), (EXPLAIN [flags] s) - see ast_stmt_dump.
 * Strings print in single quotes with '' escaped; identifiers print as they are.
 */

const char *ast_op_name(AstOp op) {
    switch (op) {
        case OP_NONE:
            return "?";
        case OP_NEG:
            return "-";
        case OP_PLUS:
            return "+";
        case OP_NOT:
            return "NOT";
        case OP_ADD:
            return "+";
        case OP_SUB:
            return "-";
        case OP_MUL:
            return "*";
        case OP_DIV:
            return "/";
        case OP_MOD:
            return "%";
        case OP_EQ:
            return "=";
        case OP_NE:
            return "<>";
        case OP_LT:
            return "<";
        case OP_LE:
            return "<=";
        case OP_GT:
            return ">";
        case OP_GE:
            return ">=";
        case OP_IS_DISTINCT:
            return "IS_DISTINCT";
        case OP_IS_NOT_DISTINCT:
            return "IS_NOT_DISTINCT";
        case OP_AND:
            return "AND";
        case OP_OR:
            return "OR";
        case OP_CONCAT:
            return "||";
    }
    return "?";
}

static void dump_quoted(StrBuf *out, const char *s) {
    sb_append_char(out, '\'');
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\'')
            sb_append_char(out, '\'');
        sb_append_char(out, *p);
    }
    sb_append_char(out, '\'');
}

static void dump_type(const AstType *t, StrBuf *out) {
    if (!t) {
        sb_append(out, "?");
        return;
    }
    sb_append(out, t->name);
    if (t->n_params == 1)
        sb_printf(out, "(%d)", t->params[0]);
    else if (t->n_params == 2)
        sb_printf(out, "(%d,%d)", t->params[0], t->params[1]);
    if (t->unit)
        sb_printf(out, " %s", t->unit);
    if (t->to_unit)
        sb_printf(out, " TO %s", t->to_unit);
    if (t->not_null)
        sb_append(out, " NOT NULL");
}

static void dump_exprs(const AstList *l, StrBuf *out) {
    for (int i = 0; i < ast_list_len(l); i++) {
        sb_append_char(out, ' ');
        ast_expr_dump(l->items[i], out);
    }
}

static void dump_names(const AstList *l, StrBuf *out) {
    for (int i = 0; i < ast_list_len(l); i++) {
        if (i)
            sb_append_char(out, ' ');
        sb_append(out, (const char *)l->items[i]);
    }
}

static void dump_order(const AstList *l, StrBuf *out) {
    sb_append(out, "(ORDER");
    for (int i = 0; i < ast_list_len(l); i++) {
        const AstOrderItem *o = l->items[i];
        sb_append(out, " (");
        ast_expr_dump(o->expr, out);
        if (o->is_desc)
            sb_append(out, " DESC");
        if (o->nulls)
            sb_append(out, o->nulls == 1 ? " NULLS_FIRST" : " NULLS_LAST");
        sb_append_char(out, ')');
    }
    sb_append_char(out, ')');
}

static void dump_bound(AstBoundKind kind, const AstExpr *e, StrBuf *out) {
    switch (kind) {
        case BOUND_UNBOUNDED_PRECEDING:
            sb_append(out, "UNBOUNDED_PRECEDING");
            return;
        case BOUND_UNBOUNDED_FOLLOWING:
            sb_append(out, "UNBOUNDED_FOLLOWING");
            return;
        case BOUND_CURRENT_ROW:
            sb_append(out, "CURRENT_ROW");
            return;
        case BOUND_PRECEDING:
            sb_append(out, "(PRECEDING ");
            break;
        case BOUND_FOLLOWING:
            sb_append(out, "(FOLLOWING ");
            break;
    }
    ast_expr_dump(e, out);
    sb_append_char(out, ')');
}

static void dump_window(const AstWindowSpec *w, StrBuf *out) {
    sb_append(out, "(SPEC");
    if (w->name)
        sb_printf(out, " %s", w->name);
    if (w->ref_name)
        sb_printf(out, " REF %s", w->ref_name);
    if (w->partition_by) {
        sb_append(out, " (PARTITION");
        dump_exprs(w->partition_by, out);
        sb_append_char(out, ')');
    }
    if (w->order_by) {
        sb_append_char(out, ' ');
        dump_order(w->order_by, out);
    }
    if (w->frame_unit != FRAME_NONE) {
        sb_append(out, w->frame_unit == FRAME_ROWS ? " ROWS " : " RANGE ");
        dump_bound(w->start_kind, w->start_expr, out);
        sb_append_char(out, ' ');
        dump_bound(w->end_kind, w->end_expr, out);
    }
    sb_append_char(out, ')');
}

static const char *const LIT_NAMES[] = {
    [LIT_NULL] = "NULL",           [LIT_BOOL] = "BOOL",
    [LIT_INTEGER] = "INTEGER",     [LIT_DECIMAL] = "DECIMAL",
    [LIT_FLOAT] = "FLOAT",         [LIT_STRING] = "STRING",
    [LIT_TIMESTAMP] = "TIMESTAMP", [LIT_TIMESTAMP_LTZ] = "TIMESTAMP_LTZ",
    [LIT_DATE] = "DATE",           [LIT_TIME] = "TIME",
    [LIT_INTERVAL] = "INTERVAL",
};

static void dump_literal(const AstExpr *e, StrBuf *out) {
    sb_printf(out, "(LITERAL %s", LIT_NAMES[e->lit_kind]);
    switch (e->lit_kind) {
        case LIT_NULL:
            break;
        case LIT_BOOL:
            sb_append(out, e->bool_value ? " TRUE" : " FALSE");
            break;
        case LIT_INTEGER:
        case LIT_DECIMAL:
        case LIT_FLOAT:
            sb_printf(out, " %s", e->text);
            break;
        case LIT_INTERVAL:
            sb_append(out, e->is_negative ? " -" : " ");
            dump_quoted(out, e->text);
            sb_printf(out, " %s", e->unit ? e->unit : "?");
            if (e->to_unit)
                sb_printf(out, " TO %s", e->to_unit);
            break;
        default:
            sb_append_char(out, ' ');
            dump_quoted(out, e->text);
            break;
    }
    sb_append_char(out, ')');
}

static void dump_func(const AstExpr *e, StrBuf *out) {
    static const char *const TRIM_NAMES[] = {"TRIM_BOTH", "TRIM_LEADING", "TRIM_TRAILING"};
    sb_printf(out, "(FUNC %s", e->name);
    if (e->is_distinct)
        sb_append(out, " DISTINCT");
    if (e->is_star)
        sb_append(out, " *");
    if (e->unit)
        sb_printf(out, " UNIT %s", e->unit);
    if (strcmp(e->name, "TRIM") == 0 && e->args)
        sb_printf(out, " %s", TRIM_NAMES[e->trim_spec]);
    if (!e->args)
        sb_append(out, " NOARGS");
    dump_exprs(e->args, out);
    if (e->filter) {
        sb_append(out, " (FILTER ");
        ast_expr_dump(e->filter, out);
        sb_append_char(out, ')');
    }
    if (e->over) {
        sb_append(out, " (OVER ");
        dump_window(e->over, out);
        sb_append_char(out, ')');
    }
    sb_append_char(out, ')');
}

void ast_expr_dump(const AstExpr *e, StrBuf *out) {
    static const char *const IS_NAMES[] = {"NULL", "TRUE", "FALSE", "UNKNOWN"};
    if (!e) {
        sb_append(out, "()");
        return;
    }
    const char *neg = e->negated ? "NOT " : "";
    switch (e->kind) {
        case EXPR_LITERAL:
            dump_literal(e, out);
            return;
        case EXPR_COLUMN:
            if (e->qualifier)
                sb_printf(out, "(COLUMN %s.%s)", e->qualifier, e->text);
            else
                sb_printf(out, "(COLUMN %s)", e->text);
            return;
        case EXPR_STAR:
            if (e->qualifier)
                sb_printf(out, "(STAR %s)", e->qualifier);
            else
                sb_append(out, "(STAR)");
            return;
        case EXPR_UNARY:
            sb_printf(out, "(UNARY %s ", ast_op_name(e->op));
            ast_expr_dump(e->left, out);
            break;
        case EXPR_BINARY:
            sb_printf(out, "(BINARY %s ", ast_op_name(e->op));
            ast_expr_dump(e->left, out);
            sb_append_char(out, ' ');
            ast_expr_dump(e->right, out);
            break;
        case EXPR_IS:
            sb_printf(out, "(IS %s%s ", neg, IS_NAMES[e->is_what]);
            ast_expr_dump(e->left, out);
            break;
        case EXPR_BETWEEN:
            sb_printf(out, "(%sBETWEEN %s", neg, e->is_symmetric ? "SYMMETRIC " : "");
            ast_expr_dump(e->left, out);
            dump_exprs(e->args, out);
            break;
        case EXPR_IN_LIST:
            sb_printf(out, "(%sIN ", neg);
            ast_expr_dump(e->left, out);
            dump_exprs(e->args, out);
            break;
        case EXPR_IN_QUERY:
            sb_printf(out, "(%sIN ", neg);
            ast_expr_dump(e->left, out);
            sb_append_char(out, ' ');
            ast_query_dump(e->query, out);
            break;
        case EXPR_EXISTS:
            sb_printf(out, "(%sEXISTS ", neg);
            ast_query_dump(e->query, out);
            break;
        case EXPR_SUBQUERY:
            sb_append(out, "(SUBQUERY ");
            ast_query_dump(e->query, out);
            break;
        case EXPR_LIKE:
            sb_printf(out, "(%s%s ", neg, e->is_similar ? "SIMILAR" : "LIKE");
            ast_expr_dump(e->left, out);
            sb_append_char(out, ' ');
            ast_expr_dump(e->right, out);
            if (e->escape) {
                sb_append(out, " ESCAPE ");
                ast_expr_dump(e->escape, out);
            }
            break;
        case EXPR_CASE:
            sb_append(out, "(CASE");
            if (e->left) {
                sb_append_char(out, ' ');
                ast_expr_dump(e->left, out);
            }
            for (int i = 0; i + 1 < ast_list_len(e->args); i += 2) {
                sb_append(out, " (WHEN ");
                ast_expr_dump(e->args->items[i], out);
                sb_append_char(out, ' ');
                ast_expr_dump(e->args->items[i + 1], out);
                sb_append_char(out, ')');
            }
            if (e->right) {
                sb_append(out, " (ELSE ");
                ast_expr_dump(e->right, out);
                sb_append_char(out, ')');
            }
            break;
        case EXPR_CAST:
            sb_append(out, e->is_try ? "(TRY_CAST " : "(CAST ");
            ast_expr_dump(e->left, out);
            sb_append_char(out, ' ');
            dump_type(e->type, out);
            break;
        case EXPR_FUNC:
            dump_func(e, out);
            return;
        case EXPR_DESCRIPTOR:
            sb_append(out, "(DESCRIPTOR");
            for (int i = 0; i < ast_list_len(e->args); i++)
                sb_printf(out, " %s", ((AstExpr *)e->args->items[i])->text);
            break;
        case EXPR_TABLE_ARG:
            sb_printf(out, "(TABLE %s", e->text);
            if (e->args) {
                sb_append(out, " (PARTITION");
                for (int i = 0; i < ast_list_len(e->args); i++)
                    sb_printf(out, " %s", ((AstExpr *)e->args->items[i])->text);
                sb_append_char(out, ')');
            }
            break;
        case EXPR_NAMED_ARG:
            sb_printf(out, "(NAMED %s ", e->text);
            ast_expr_dump(e->left, out);
            break;
        case EXPR_ROW:
            sb_append(out, "(ROW");
            dump_exprs(e->args, out);
            break;
    }
    sb_append_char(out, ')');
}

static void dump_alias(const AstTableRef *t, StrBuf *out) {
    if (t->alias)
        sb_printf(out, " AS %s", t->alias);
    if (t->column_aliases) {
        sb_append(out, " (");
        dump_names(t->column_aliases, out);
        sb_append_char(out, ')');
    }
}

static void dump_tref(const AstTableRef *t, StrBuf *out) {
    static const char *const JOIN_NAMES[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS"};
    switch (t->kind) {
        case TREF_NAMED:
            sb_printf(out, "(REF %s", t->name);
            if (t->system_time) {
                sb_append(out, " (SYSTEM_TIME ");
                ast_expr_dump(t->system_time, out);
                sb_append_char(out, ')');
            }
            break;
        case TREF_SUBQUERY:
        case TREF_VALUES:
            sb_append(out, t->kind == TREF_VALUES ? "(VALUES-REF " : "(SUBQUERY ");
            ast_query_dump(t->query, out);
            break;
        case TREF_FUNCTION:
            sb_append(out, t->is_lateral ? "(LATERAL " : "(TVF ");
            ast_expr_dump(t->func, out);
            break;
        case TREF_JOIN:
            sb_printf(out, "(JOIN %s ", JOIN_NAMES[t->join_type]);
            dump_tref(t->left, out);
            sb_append_char(out, ' ');
            dump_tref(t->right, out);
            if (t->on) {
                sb_append(out, " (ON ");
                ast_expr_dump(t->on, out);
                sb_append_char(out, ')');
            }
            if (t->using_columns) {
                sb_append(out, " (USING ");
                dump_names(t->using_columns, out);
                sb_append_char(out, ')');
            }
            sb_append_char(out, ')');
            return;
    }
    dump_alias(t, out);
    sb_append_char(out, ')');
}

void ast_query_dump(const AstQuery *q, StrBuf *out) {
    static const char *const SETOP_NAMES[] = {"UNION ALL",     "UNION",  "INTERSECT",
                                              "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"};
    if (!q) {
        sb_append(out, "()");
        return;
    }
    switch (q->kind) {
        case QUERY_SELECT:
            sb_append(out, q->is_distinct ? "(SELECT DISTINCT" : "(SELECT");
            for (int i = 0; i < ast_list_len(q->select_list); i++) {
                const AstSelectItem *item = q->select_list->items[i];
                sb_append_char(out, ' ');
                if (item->alias)
                    sb_append(out, "(AS ");
                ast_expr_dump(item->expr, out);
                if (item->alias)
                    sb_printf(out, " %s)", item->alias);
            }
            if (q->from) {
                sb_append(out, " (FROM ");
                dump_tref(q->from, out);
                sb_append_char(out, ')');
            }
            if (q->where) {
                sb_append(out, " (WHERE ");
                ast_expr_dump(q->where, out);
                sb_append_char(out, ')');
            }
            if (q->group_by) {
                sb_append(out, " (GROUP");
                dump_exprs(q->group_by, out);
                sb_append_char(out, ')');
            }
            if (q->having) {
                sb_append(out, " (HAVING ");
                ast_expr_dump(q->having, out);
                sb_append_char(out, ')');
            }
            if (q->windows) {
                sb_append(out, " (WINDOW");
                for (int i = 0; i < ast_list_len(q->windows); i++) {
                    sb_append_char(out, ' ');
                    dump_window(q->windows->items[i], out);
                }
                sb_append_char(out, ')');
            }
            break;
        case QUERY_SET_OP:
            sb_printf(out, "(%s ", SETOP_NAMES[q->set_op]);
            ast_query_dump(q->left, out);
            sb_append_char(out, ' ');
            ast_query_dump(q->right, out);
            break;
        case QUERY_VALUES:
            sb_append(out, "(VALUES");
            for (int i = 0; i < ast_list_len(q->rows); i++) {
                sb_append(out, " (");
                const AstList *row = q->rows->items[i];
                for (int j = 0; j < ast_list_len(row); j++) {
                    if (j)
                        sb_append_char(out, ' ');
                    ast_expr_dump(row->items[j], out);
                }
                sb_append_char(out, ')');
            }
            break;
    }
    if (q->order_by) {
        sb_append_char(out, ' ');
        dump_order(q->order_by, out);
    }
    if (q->limit) {
        sb_append(out, " (LIMIT ");
        ast_expr_dump(q->limit, out);
        sb_append_char(out, ')');
    }
    if (q->offset) {
        sb_append(out, " (OFFSET ");
        ast_expr_dump(q->offset, out);
        sb_append_char(out, ')');
    }
    sb_append_char(out, ')');
}

static void dump_column_def(const AstColumnDef *c, StrBuf *out) {
    sb_printf(out, "(%s", c->name);
    if (c->computed) {
        sb_append(out, " AS ");
        ast_expr_dump(c->computed, out);
    } else {
        sb_append_char(out, ' ');
        dump_type(c->type, out);
    }
    if (c->is_metadata) {
        sb_append(out, " METADATA");
        if (c->metadata_key) {
            sb_append(out, " FROM ");
            dump_quoted(out, c->metadata_key);
        }
        if (c->is_virtual)
            sb_append(out, " VIRTUAL");
    }
    if (c->is_primary_key)
        sb_append(out, " PRIMARY_KEY");
    if (c->comment) {
        sb_append(out, " COMMENT ");
        dump_quoted(out, c->comment);
    }
    sb_append_char(out, ')');
}

static void dump_flags(const AstStmt *s, StrBuf *out) {
    if (s->is_temporary)
        sb_append(out, " TEMPORARY");
    if (s->if_not_exists)
        sb_append(out, " IF_NOT_EXISTS");
    if (s->if_exists)
        sb_append(out, " IF_EXISTS");
}

/*
 * Statements:
 *   (CREATE_TABLE [TEMPORARY] [IF_NOT_EXISTS] name (col type ...)... [(WATERMARK col e)]
 *                 [(PRIMARY_KEY a b)] [(COMMENT 'c')] (WITH ('k' 'v')...))
 *   (CREATE_VIEW [flags] name [(cols)] q)   (DROP_TABLE [flags] name)   (QUERY q)
 *   (INSERT|INSERT_OVERWRITE name [(cols)] q)   (STATEMENT_SET s...)
 *   (SET ['k' 'v'])  (RESET ['k'])  (SHOW_TABLES)  (SHOW_CREATE_TABLE t)  (DESCRIBE t)
 *   (EXPLAIN [CHANGELOG_MODE] [ESTIMATED_COST] [JSON_EXECUTION_PLAN] [ANALYZE] s)
 */
void ast_stmt_dump(const AstStmt *s, StrBuf *out) {
    if (!s) {
        sb_append(out, "()");
        return;
    }
    switch (s->kind) {
        case STMT_CREATE_TABLE:
            sb_append(out, "(CREATE_TABLE");
            dump_flags(s, out);
            sb_printf(out, " %s", s->name);
            for (int i = 0; i < ast_list_len(s->columns); i++) {
                sb_append_char(out, ' ');
                dump_column_def(s->columns->items[i], out);
            }
            if (s->watermark_column) {
                sb_printf(out, " (WATERMARK %s ", s->watermark_column);
                ast_expr_dump(s->watermark_expr, out);
                sb_append_char(out, ')');
            }
            if (s->primary_key) {
                sb_append(out, " (PRIMARY_KEY ");
                dump_names(s->primary_key, out);
                sb_append_char(out, ')');
            }
            if (s->comment) {
                sb_append(out, " (COMMENT ");
                dump_quoted(out, s->comment);
                sb_append_char(out, ')');
            }
            sb_append(out, " (WITH");
            for (int i = 0; i < ast_list_len(s->options); i++) {
                const AstOption *o = s->options->items[i];
                sb_append(out, " (");
                dump_quoted(out, o->key);
                sb_append_char(out, ' ');
                dump_quoted(out, o->value);
                sb_append_char(out, ')');
            }
            sb_append_char(out, ')');
            break;
        case STMT_CREATE_VIEW:
            sb_append(out, "(CREATE_VIEW");
            dump_flags(s, out);
            sb_printf(out, " %s ", s->name);
            if (s->column_names) {
                sb_append_char(out, '(');
                dump_names(s->column_names, out);
                sb_append(out, ") ");
            }
            ast_query_dump(s->query, out);
            break;
        case STMT_DROP_TABLE:
        case STMT_DROP_VIEW:
            sb_append(out, s->kind == STMT_DROP_TABLE ? "(DROP_TABLE" : "(DROP_VIEW");
            dump_flags(s, out);
            sb_printf(out, " %s", s->name);
            break;
        case STMT_QUERY:
            sb_append(out, "(QUERY ");
            ast_query_dump(s->query, out);
            break;
        case STMT_INSERT:
            sb_printf(out, "(%s %s ", s->is_overwrite ? "INSERT_OVERWRITE" : "INSERT", s->name);
            if (s->column_names) {
                sb_append_char(out, '(');
                dump_names(s->column_names, out);
                sb_append(out, ") ");
            }
            ast_query_dump(s->query, out);
            break;
        case STMT_STATEMENT_SET:
            sb_append(out, "(STATEMENT_SET");
            for (int i = 0; i < ast_list_len(s->statements); i++) {
                sb_append_char(out, ' ');
                ast_stmt_dump(s->statements->items[i], out);
            }
            break;
        case STMT_SET:
        case STMT_RESET:
            sb_append(out, s->kind == STMT_SET ? "(SET" : "(RESET");
            if (s->key) {
                sb_append_char(out, ' ');
                dump_quoted(out, s->key);
            }
            if (s->value) {
                sb_append_char(out, ' ');
                dump_quoted(out, s->value);
            }
            break;
        case STMT_SHOW_TABLES:
            sb_append(out, "(SHOW_TABLES");
            break;
        case STMT_SHOW_VIEWS:
            sb_append(out, "(SHOW_VIEWS");
            break;
        case STMT_SHOW_FUNCTIONS:
            sb_append(out, "(SHOW_FUNCTIONS");
            break;
        case STMT_SHOW_CREATE_TABLE:
            sb_printf(out, "(SHOW_CREATE_TABLE %s", s->name);
            break;
        case STMT_DESCRIBE:
            sb_printf(out, "(DESCRIBE %s", s->name);
            break;
        case STMT_EXPLAIN:
            sb_append(out, "(EXPLAIN ");
            if (s->explain_flags & EXPLAIN_CHANGELOG_MODE)
                sb_append(out, "CHANGELOG_MODE ");
            if (s->explain_flags & EXPLAIN_ESTIMATED_COST)
                sb_append(out, "ESTIMATED_COST ");
            if (s->explain_flags & EXPLAIN_JSON_EXECUTION_PLAN)
                sb_append(out, "JSON_EXECUTION_PLAN ");
            if (s->explain_flags & EXPLAIN_ANALYZE)
                sb_append(out, "ANALYZE ");
            ast_stmt_dump(s->inner, out);
            break;
    }
    sb_append_char(out, ')');
}
