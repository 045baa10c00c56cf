/*
 * bind.h - the binder's private interface (planner/ only).
 *
 * A Scope is what a query can name at some point: columns, each with the table name or
 * alias that qualifies it and the bound expression that computes it from the columns
 * of the current input relation. Computed columns of a table and the columns of a
 * subquery or view are expressions here, so referring to them inlines the expression:
 * stacked projections merge into one as they are bound.
 *
 * Three files implement it: bind_expr.c binds expressions over a Scope, bind_query.c
 * binds queries into Rels and plans, and bind_window.c binds window table functions
 * and group windows and plans window aggregations, over bind_query.c's Rel helpers.
 */
#ifndef PLANNER_BIND_H
#define PLANNER_BIND_H

#include "planner/planner.h"

typedef struct BindCol {
    const char *qualifier; /* table name or alias, or NULL */
    const char *name;
    ExprNode *expr;   /* over the columns of the scope's input relation */
    int row_name_len; /* "person.id", a field of ROW column person (6): see CatColumn */
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

/* Adds column `e` (named prefix<i>) to the scope, or gives the index of a column that
 * computes an equal expression already: an argument or FILTER several aggregate calls
 * share is computed once, and the calls can share state over it. */
typedef struct Binder Binder;
int scope_add_once(Binder *b, Scope *scope, const char *prefix, int i, ExprNode *e);

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
    int view_use_pos;           /* with view_name: where the query uses the view (or the table of a
                                   computed column), the position its runtime errors point at */
} Binder;

/* A position for a Diag or an ExprNode: the AST offset, or inside a view the place
 * where the query uses it. */
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
/* Calls fn for every column index e refers to. */
void bind_visit_columns(const ExprNode *e, void (*fn)(int column, void *ctx), void *ctx);
/* Structural equality of bound trees (a GROUP BY key and a SELECT expression). */
bool bind_expr_equal(const ExprNode *a, const ExprNode *b);
ExprNode *bind_const_string(Arena *arena, const char *s);
ExprNode *bind_const_bool(Arena *arena, bool v);
bool bind_is_true_const(const ExprNode *e);

/* ---- Rels (bind_query.c) ----------------------------------------------------------- */

/*
 * A query as it is bound: a leaf plan node (a scan, constant rows, a union, ...), the
 * columns visible to the enclosing query as expressions over the leaf's columns, and
 * a filter over the leaf's columns. It becomes a plan node only where a plan needs one
 * (rel_materialize).
 */
typedef struct Rel {
    PlanNode *leaf;
    Scope scope;
    ExprNode *filter; /* over the leaf's columns, or NULL */
} Rel;

/* A plan node of n_cols columns, their names and types zeroed, from the arena. */
PlanNode *plan_node_new(Arena *arena, PlanKind kind, int n_cols);
/* A scan, or the watermark assigner over one: the leaves that read a table. */
bool plan_node_reads_table(const PlanNode *p);
/* The plan node computing a Rel's columns: its leaf when the Rel is exactly the leaf's
 * columns and `keep_leaf` allows it, else a Calc over the leaf. */
PlanNode *rel_materialize(Binder *b, const Rel *rel, bool keep_leaf);
/* The Rel of p's columns as they are (qualified by `qualifier`, which may be NULL). */
void rel_from_node(Binder *b, PlanNode *p, const char *qualifier, Rel *out);
/* Gives s a copy of its columns, each qualified by `qualifier`, the first ones renamed
 * to `aliases` (a list of names, or NULL; not over ROW fields yet: an error at pos). */
int scope_requalify(Binder *b, Scope *s, const char *qualifier, const AstList *aliases, int pos);
/* Binds a table or view named in FROM, with its alias and column aliases. */
int bind_named(Binder *b, const AstTableRef *tref, Rel *out);
/* acc AND cond; just cond when acc is NULL. */
ExprNode *bind_and_filter(Binder *b, ExprNode *acc, ExprNode *cond);
/* Is 'execution.runtime-mode' 'batch'? */
bool bind_runtime_is_batch(const Binder *b);

/* ---- windows (bind_window.c) ------------------------------------------------------- */

/* A window table function in FROM: TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ...)) and HOP,
 * CUMULATE, SESSION; *out is the WindowTableFunction node over t. */
int bind_window_tvf(Binder *b, const AstTableRef *tref, Rel *out);
/* A legacy group window in the GROUP BY of q (GROUP BY TUMBLE(ts, ...)): *item is its
 * index, or -1 when there is none; otherwise *in becomes the window table function's
 * rows and *legacy what TUMBLE_START and the like bind to. 0 or -1 on an error. */
int bind_group_window(Binder *b, const AstQuery *q, Rel *in, int *item, LegacyWindow *legacy);
/* GROUP BY window_start, window_end[, keys] over a WindowTableFunction (in->leaf) as a
 * WindowAggregate: 0 with *agg_rel over its output and *keys_out, *n_keys_out the keys
 * the SELECT list is matched against; 1, changing nothing, when the GROUP BY lacks a
 * window column (a plain aggregation then); -1 on an error. */
int plan_window_aggregate(Binder *b, const Rel *in, int n_keys, ExprNode **keys,
                          const char *const *key_names, AggCollector *aggs, int pos, Rel *agg_rel,
                          ExprNode ***keys_out, int *n_keys_out);

#endif /* PLANNER_BIND_H */
