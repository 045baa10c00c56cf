/*
 * bind.h - the binder's private interface (planner/ only).
 *
 * A Scope is what a query can name at some point: columns, each with the table name or
 * alias that qualifies it and the bound expression that computes it from the columns
 * of the current input relation. Computed columns of a table and the columns of a
 * subquery or view are expressions here, so referring to them inlines the expression:
 * stacked projections merge into one as they are bound.
 */
#ifndef PLANNER_BIND_H
#define PLANNER_BIND_H

#include "planner/planner.h"

typedef struct BindCol {
    const char *qualifier; /* table name or alias, or NULL */
    const char *name;
    ExprNode *expr; /* over the columns of the scope's input relation */
} BindCol;

typedef struct Scope {
    int n_cols;
    BindCol *cols;
} Scope;

/*
 * The aggregate calls of one SELECT, collected while its SELECT list and HAVING are
 * bound. Each call is bound over the input scope and stands in the bound tree as a
 * placeholder column AGG_REF_BASE + i until the query binder rewrites the tree over
 * the aggregation's output.
 */
#define AGG_REF_BASE (1 << 24)

typedef struct AggCollector {
    int n;
    int cap;
    AggCall *calls;
    ExprNode **args;    /* the argument of call i over the input scope, or NULL */
    ExprNode **filters; /* its FILTER (WHERE ...) over the input scope, or NULL */
} AggCollector;

/* A legacy group window of the SELECT being bound (GROUP BY TUMBLE(ts, ...)): its
 * kind and the column of window_start in the relation (window_end and window_time
 * follow), which TUMBLE_START and the like bind to. */
typedef struct LegacyWindow {
    WindowKind kind;
    int start_col;
    SqlType type;
    const AstExpr *call; /* the GROUP BY item: TUMBLE_START(...) must repeat its arguments */
} LegacyWindow;

typedef struct Binder {
    const PlannerEnv *env;
    Arena *arena;
    Diag *diag;
    AggCollector *aggs;         /* non-NULL while binding where aggregate calls may appear */
    const char *view_name;      /* binding a view's stored text: positions are not the
                                   script's, so errors name the view instead */
    int depth;                  /* of views within views, to refuse cycles */
    const LegacyWindow *legacy; /* while binding a SELECT grouped by one, or NULL */
} Binder;

/* A position for a Diag: the AST offset, or -1 inside a view. */
int bind_pos(const Binder *b, int pos);
/* Sets the error (printf-style); returns NULL for convenient `return bind_error(...)`. */
void *bind_error(Binder *b, int pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

ExprNode *bind_expr(Binder *b, const Scope *scope, const AstExpr *e);
/* Converts e to type `to`, adding a CAST when the types differ; a NULL literal is
 * simply retyped. */
ExprNode *bind_coerce(Binder *b, ExprNode *e, SqlType to);
/* The type both a and b convert to implicitly, or false (then no common type). */
bool bind_common_type(const SqlType *a, const SqlType *b, SqlType *out);
/* Converts an AST type name to a SqlType. */
bool bind_type(Binder *b, const AstType *t, SqlType *out);
/* A copy of e with every column reference i replaced by map[i]. */
ExprNode *bind_remap_columns(Arena *arena, const ExprNode *e, const int *map);
/* Calls fn for every column index e refers to. */
void bind_visit_columns(const ExprNode *e, void (*fn)(int column, void *ctx), void *ctx);
/* Structural equality of bound trees (a GROUP BY key and a SELECT expression). */
bool bind_expr_equal(const ExprNode *a, const ExprNode *b);
ExprNode *bind_const_string(Arena *arena, const char *s);
ExprNode *bind_const_bool(Arena *arena, bool v);
bool bind_is_true_const(const ExprNode *e);

#endif /* PLANNER_BIND_H */
