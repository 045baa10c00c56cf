/*
 * parse_util.h - the parse state and the AST builders the grammar's actions call
 * (private to parser/; the builders live in ast.c, the driver in parser.c).
 *
 * Positions: every builder that makes a node gives it `pos`, the offset of its first
 * token, and (for expressions, queries and statements) a span whose end is
 * ps->last_end: the end of the last token before the parser's lookahead. A grammar
 * action runs exactly when its rule's last token has been consumed and the next one is
 * the lookahead, so that is the end of the rule's text.
 */
#ifndef PARSER_PARSE_UTIL_H
#define PARSER_PARSE_UTIL_H

#include "parser/ast.h"
#include "parser/tokenize.h"

/* The state shared by the driver and the grammar's actions (lemon's %extra_context). */
typedef struct ParseState {
    Arena *arena;
    const char *sql;
    Diag *diag;
    bool has_error; /* the first error is kept; the driver stops feeding tokens */
    bool at_end;    /* the driver is feeding the end of the input */
    int last_end;   /* end offset of the token before the lookahead */
    AstList *stmts; /* complete statements, in order */
    AstExpr *expr;  /* the result of parse_expression */
} ParseState;

/* An identifier with the offset of its first token. */
typedef struct PsName {
    const char *s;
    int pos;
} PsName;

/* One element of CREATE TABLE's list, before it is filed into the statement. */
typedef enum PsElemKind { ELEM_COLUMN, ELEM_WATERMARK, ELEM_PRIMARY_KEY } PsElemKind;
typedef struct PsTableElem {
    PsElemKind kind;
    int pos;
    AstColumnDef *column;
    const char *name; /* watermark column */
    AstExpr *expr;    /* watermark expression */
    AstList *keys;    /* primary key columns */
} PsTableElem;

typedef struct PsAlias {
    const char *name;
    AstList *columns;
} PsAlias;

typedef struct PsJoinCond {
    AstExpr *on;
    AstList *using_columns;
} PsJoinCond;

typedef struct PsBound {
    AstBoundKind kind;
    AstExpr *expr;
} PsBound;

typedef struct PsFrame {
    AstFrameUnit unit;
    PsBound start;
    PsBound end;
} PsFrame;

typedef struct PsLimit {
    AstExpr *limit;
    AstExpr *offset;
} PsLimit;

/* ---- small values (no allocation) ---------------------------------------------------- */

static inline PsAlias ast_alias(const char *name, AstList *columns) {
    PsAlias a = {name, columns};
    return a;
}
static inline PsJoinCond ast_no_cond(void) {
    PsJoinCond c = {NULL, NULL};
    return c;
}
static inline PsJoinCond ast_on_cond(AstExpr *on) {
    PsJoinCond c = {on, NULL};
    return c;
}
static inline PsJoinCond ast_using_cond(AstList *columns) {
    PsJoinCond c = {NULL, columns};
    return c;
}
static inline PsBound ast_bound(AstBoundKind kind, AstExpr *expr) {
    PsBound b = {kind, expr};
    return b;
}
static inline PsFrame ast_frame(AstFrameUnit unit, PsBound start, PsBound end) {
    PsFrame f = {unit, start, end};
    return f;
}
/* No frame clause: Flink's default, RANGE UNBOUNDED PRECEDING to CURRENT ROW. */
static inline PsFrame ast_frame_none(void) {
    return ast_frame(FRAME_NONE, ast_bound(BOUND_UNBOUNDED_PRECEDING, NULL),
                     ast_bound(BOUND_CURRENT_ROW, NULL));
}
static inline PsLimit ast_limit(AstExpr *limit, AstExpr *offset) {
    PsLimit l = {limit, offset};
    return l;
}

/* ---- errors ------------------------------------------------------------------------ */

/* Records the first error only; later ones are dropped. */
void ast_error(ParseState *ps, int pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* lemon's %syntax_error: `syntax error near "tok"`, or `unexpected end of input`. */
void ast_syntax_error(ParseState *ps, int major, Token tok);

/* ---- names, strings, numbers ---------------------------------------------------------- */

PsName ast_ident(ParseState *ps, Token t);             /* back-quotes removed, `` unescaped */
PsName ast_dotted(ParseState *ps, PsName a, PsName b); /* "a.b" */
PsName ast_kwname(ParseState *ps, Token t);            /* a keyword's text, upper-cased */
const char *ast_string(ParseState *ps, Token t);       /* quotes removed, '' unescaped */
const char *ast_token_text(ParseState *ps, Token t);
const char *ast_token_upper(ParseState *ps, Token t);
const char *ast_upper(ParseState *ps, const char *s);
const char *ast_unit(ParseState *ps, Token t); /* a time unit, checked, singular, upper */
int ast_int(ParseState *ps, Token t);
AstList *ast_list1(ParseState *ps, void *item);
AstList *ast_list_add(ParseState *ps, AstList *list, void *item);
AstList *ast_list_prepend(ParseState *ps, void *item, AstList *list);

/* ---- types ----------------------------------------------------------------------------- */

AstType *ast_type(ParseState *ps, Token name, int n_params, int p0, int p1);
AstType *ast_type_not_null(AstType *t);
AstType *ast_type_double_precision(ParseState *ps, Token name);
AstType *ast_type_time(ParseState *ps, Token name, int precision, bool with_local_tz);
AstType *ast_type_interval(ParseState *ps, Token name, const char *unit, const char *to_unit);
AstType *ast_type_row(ParseState *ps, Token name, AstList *fields);
AstRowField *ast_row_field(ParseState *ps, PsName name, AstType *type);

/* ---- expressions ------------------------------------------------------------------------ */

AstExpr *ast_literal(ParseState *ps, Token t, AstLiteralKind kind);
AstExpr *ast_typed_literal(ParseState *ps, int pos, AstLiteralKind kind, Token str);
AstExpr *ast_interval(ParseState *ps, int pos, bool negative, Token str, const char *unit,
                      const char *to_unit);
AstExpr *ast_column(ParseState *ps, int pos, const char *qualifier, const char *name);
AstExpr *ast_star(ParseState *ps, int pos, const char *qualifier);
AstExpr *ast_paren(ParseState *ps, int pos, AstExpr *e);
AstExpr *ast_unary(ParseState *ps, int pos, AstOp op, AstExpr *e);
AstExpr *ast_not(ParseState *ps, int pos, AstExpr *e);
AstExpr *ast_binary(ParseState *ps, AstExpr *l, AstOp op, AstExpr *r);
AstExpr *ast_is(ParseState *ps, AstExpr *e, bool negated, AstIsWhat what);
AstExpr *ast_between(ParseState *ps, AstExpr *e, bool negated, bool symmetric, AstExpr *low,
                     AstExpr *high);
AstExpr *ast_in_list(ParseState *ps, AstExpr *e, bool negated, AstList *list);
AstExpr *ast_in_query(ParseState *ps, AstExpr *e, bool negated, AstQuery *q);
AstExpr *ast_like(ParseState *ps, AstExpr *e, bool negated, bool similar, AstExpr *pattern,
                  AstExpr *escape);
AstExpr *ast_exists(ParseState *ps, int pos, AstQuery *q);
AstExpr *ast_subquery(ParseState *ps, int pos, AstQuery *q);
AstExpr *ast_row(ParseState *ps, int pos, AstList *items);
AstExpr *ast_case(ParseState *ps, int pos, AstExpr *operand, AstList *whens, AstExpr *else_expr);
AstExpr *ast_cast(ParseState *ps, int pos, AstExpr *e, AstType *type, bool is_try);
AstExpr *ast_func(ParseState *ps, int pos, const char *name, AstList *args, bool is_distinct);
AstExpr *ast_func_star(ParseState *ps, int pos, const char *name);
AstExpr *ast_func2(ParseState *ps, Token name, AstExpr *a, AstExpr *b, AstExpr *c);
AstExpr *ast_func_unit(ParseState *ps, Token name, const char *unit, AstExpr *e);
AstExpr *ast_func_to_unit(ParseState *ps, PsName name, AstExpr *e, const char *unit);
AstExpr *ast_func_finish(ParseState *ps, AstExpr *f, AstExpr *filter, AstWindowSpec *over);
AstExpr *ast_trim(ParseState *ps, int pos, AstTrimSpec spec, AstExpr *chars, AstExpr *s);
AstExpr *ast_descriptor(ParseState *ps, int pos, AstList *names);
AstExpr *ast_table_arg(ParseState *ps, int pos, const char *name, AstList *partition_keys);
AstExpr *ast_named_arg(ParseState *ps, PsName name, AstExpr *value);

/* ---- windows and ordering ----------------------------------------------------------------- */

AstWindowSpec *ast_window(ParseState *ps, const char *ref, AstList *partition, AstList *order,
                          PsFrame frame);
AstWindowSpec *ast_window_at(AstWindowSpec *w, int pos);
AstWindowSpec *ast_window_name(AstWindowSpec *w, PsName name);
AstWindowSpec *ast_window_ref(ParseState *ps, PsName name);
AstOrderItem *ast_order_item(ParseState *ps, AstExpr *e, bool is_desc, int nulls);

/* ---- queries and table references ---------------------------------------------------------- */

AstQuery *ast_select(ParseState *ps, int pos, bool is_distinct, AstList *items, AstTableRef *from,
                     AstExpr *where, AstList *group_by, AstExpr *having, AstList *windows);
AstSelectItem *ast_select_item(ParseState *ps, AstExpr *e, const char *alias);
AstQuery *ast_values(ParseState *ps, int pos, AstList *rows);
AstQuery *ast_setop(ParseState *ps, AstQuery *l, AstSetOp op, AstQuery *r);
AstQuery *ast_query_paren(ParseState *ps, int pos, AstQuery *q);
AstQuery *ast_query_finish(ParseState *ps, AstQuery *q, AstList *order_by, PsLimit limit);
AstTableRef *ast_tref_named(ParseState *ps, PsName name, AstExpr *system_time, PsAlias alias);
AstTableRef *ast_tref_query(ParseState *ps, int pos, AstQuery *q, PsAlias alias);
AstTableRef *ast_tref_function(ParseState *ps, int pos, AstExpr *func, bool is_lateral,
                               PsAlias alias);
AstTableRef *ast_tref_unnest(ParseState *ps, Token kw, AstList *args, PsAlias alias);
AstTableRef *ast_tref_join(ParseState *ps, AstTableRef *l, int join_type, AstTableRef *r,
                           PsJoinCond cond);

/* ---- statements ------------------------------------------------------------------------------ */

PsTableElem ast_elem_column(AstColumnDef *column);
PsTableElem ast_elem_watermark(int pos, const char *column, AstExpr *e);
PsTableElem ast_elem_primary_key(int pos, AstList *keys);
/* Files an element into a CREATE TABLE statement in the making (created when NULL). */
AstStmt *ast_table_elems_add(ParseState *ps, AstStmt *s, PsTableElem e);
AstColumnDef *ast_coldef_physical(ParseState *ps, PsName name, AstType *type, bool is_pk,
                                  const char *comment);
AstColumnDef *ast_coldef_metadata(ParseState *ps, PsName name, AstType *type, const char *key,
                                  bool is_virtual, const char *comment);
AstColumnDef *ast_coldef_computed(ParseState *ps, PsName name, AstExpr *e, const char *comment);
AstOption *ast_option(ParseState *ps, Token key, Token value);

AstStmt *ast_stmt_query(ParseState *ps, AstQuery *q);
AstStmt *ast_stmt_insert(ParseState *ps, int pos, bool overwrite, const char *name,
                         AstList *columns, AstQuery *q);
AstStmt *ast_stmt_set(ParseState *ps, int pos, AstList *inserts);
AstStmt *ast_stmt_create_table(ParseState *ps, int pos, AstStmt *s, bool temporary,
                               bool if_not_exists, const char *name, const char *comment,
                               AstList *options);
AstStmt *ast_stmt_create_view(ParseState *ps, int pos, bool temporary, bool if_not_exists,
                              const char *name, AstList *columns, AstQuery *q);
AstStmt *ast_stmt_drop(ParseState *ps, int pos, AstStmtKind kind, bool temporary, bool if_exists,
                       const char *name);
AstStmt *ast_stmt_key_value(ParseState *ps, int pos, AstStmtKind kind, const char *key,
                            const char *value);
AstStmt *ast_stmt_named(ParseState *ps, int pos, AstStmtKind kind, const char *name);
AstStmt *ast_stmt_explain(ParseState *ps, int pos, int flags, AstStmt *inner);

/* Results: a complete top-level statement; the expression of parse_expression. */
void ast_add_stmt(ParseState *ps, AstStmt *s);
void ast_set_result_expr(ParseState *ps, AstExpr *e);

/* ---- the lemon parser (build/parser/parse.c) --------------------------------------------------
 */

void *sluiceParserAlloc(void *(*malloc_fn)(size_t), ParseState *ps);
void sluiceParser(void *parser, int major, Token minor);
void sluiceParserFree(void *parser, void (*free_fn)(void *));

#endif /* PARSER_PARSE_UTIL_H */
