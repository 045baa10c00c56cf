/*
 * planner.h - from syntax trees to physical plans.
 *
 * The binder resolves names against the catalog and types every expression
 * (planner/bind_expr.c), the query binder builds a relational plan
 * (planner/bind_query.c), rewrites merge stacked projections and filters and push the
 * columns a query uses into its scan, and the result is a tree of PlanNodes that the
 * shell turns into running operators. DDL statements are checked and applied to the
 * catalog here too (planner/ddl.c).
 */
#ifndef PLANNER_PLANNER_H
#define PLANNER_PLANNER_H

#include "catalog/catalog.h"
#include "parser/parser.h"

typedef enum PlanKind {
    PLAN_SCAN,       /* a table's connector: reads fields, outputs the used ones */
    PLAN_VALUES,     /* constant rows */
    PLAN_CALC,       /* filter + projection over one input */
    PLAN_UNION,      /* UNION ALL of inputs with the same column types */
    PLAN_AGGREGATE,  /* GROUP BY: keys then aggregate results */
    PLAN_WATERMARK,  /* the event-time watermark per row; columns pass through */
    PLAN_WINDOW_TVF, /* TUMBLE/HOP/CUMULATE alone: input columns + window columns */
    PLAN_WINDOW_AGG, /* GROUP BY window_start, window_end, keys: window columns, keys,
                        aggregate results; each window once, when it closes */
} PlanKind;

typedef struct PlanNode PlanNode;
struct PlanNode {
    PlanKind kind;
    int pos; /* SQL offset of what the node came from (a scan: the table's name), or -1 */
    /* output schema */
    int n_cols;
    char **names;
    SqlType *types;
    int *row_name_len; /* per column: a ROW column's field (see CatColumn), else 0 */

    int n_inputs;
    PlanNode **inputs;

    /* PLAN_SCAN: the table, and for each of its physical fields the output column it
     * fills, or -1 when the query does not use it. */
    const CatTable *table;
    int n_fields;
    char **field_names;
    SqlType *field_types;
    int *field_to_col;

    /* PLAN_VALUES: n_rows rows of n_cols constant expressions, row-major. */
    int n_rows;
    ExprNode **cells;

    /* PLAN_CALC */
    ExprNode *filter; /* or NULL */
    ExprNode **exprs; /* n_cols of them, over the input's columns */

    /* PLAN_AGGREGATE: key columns of the input, the calls, and the runtime mode */
    int n_keys;
    int *key_cols;
    int n_aggs;
    AggCall *aggs;
    bool emit_final_only; /* execution.runtime-mode = batch: only final results */
    int64_t state_ttl_ms; /* table.exec.state.ttl: drop groups idle this long; 0 never */

    /* PLAN_WATERMARK: the event time and the watermark, over the input's columns, and
     * the event time column's name (for messages). */
    ExprNode *rowtime_expr;
    ExprNode *watermark_expr;
    const char *rowtime_name;
    int64_t idle_timeout_ms; /* table.exec.source.idle-timeout: 0 = never idle */

    /* PLAN_WINDOW_TVF, PLAN_WINDOW_AGG (which also uses n_keys, key_cols, n_aggs, aggs);
     * ignore_lateness in batch runtime mode. */
    WindowSpec window;
    bool ignore_lateness;
    int n_partition; /* PLAN_WINDOW_TVF, SESSION: PARTITION BY columns of the input */
    int *partition_cols;

    /* The changelog this node produces: false = insert-only (+I), true = updates too
     * (-U, +U, -D). */
    bool is_updating;

    /* EXPLAIN line, e.g. "Calc(select=[a, (b * 2) AS c], where=[(b > 1)])" */
    char *explain;
};

/* Hooks the shell gives the planner. */
typedef struct PlannerEnv {
    Catalog *cat;
    const char *sql; /* the text that AST positions refer to */
    /* Resolves a table name the catalog does not have (the implicit `stdin`), adding
     * it to the catalog; returns NULL (diag unset) when the name is simply unknown,
     * or NULL with diag set on an error. May be NULL. */
    const CatTable *(*implicit_table)(void *ctx, const char *name, Diag *diag);
    void *implicit_ctx;
} PlannerEnv;

/* Plans a query (STMT_QUERY, or the query of an INSERT). Nodes live in arena. */
int plan_query(const PlannerEnv *env, const AstQuery *query, Arena *arena, PlanNode **out,
               Diag *diag);
/* Writes the plan tree, one node a line, indented as Flink's EXPLAIN does; with
 * changelog_mode, each line ends with the row kinds the node produces, as Flink's
 * EXPLAIN CHANGELOG_MODE shows them (changelogMode=[I] or [I,UB,UA,D]). */
void plan_explain(const PlanNode *plan, bool changelog_mode, StrBuf *out);
/*
 * Plans an INSERT INTO: the target must be a table with as many columns as the query
 * gives, and its connector must take the rows the query produces — an append-only
 * sink ('filesystem', 'kafka') refuses a query that updates (an unbounded GROUP BY),
 * with a message naming the operator that produces the updates, as Flink does.
 */
int plan_insert(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, PlanNode **out,
                Diag *diag);

/* Names the tables a query reads (for sniffing the implicit stdin table first). */
bool plan_query_reads_table(const AstQuery *query, const char *name);

/* ---- DDL and catalog statements (planner/ddl.c) ----------------------------------- */

int plan_create_table(const PlannerEnv *env, const AstStmt *stmt, Diag *diag);
int plan_create_view(const PlannerEnv *env, const AstStmt *stmt, Diag *diag);
int plan_drop(const PlannerEnv *env, const AstStmt *stmt, Diag *diag);

/* A small table of strings, for SHOW, DESCRIBE and SET results. */
typedef struct ResultSet {
    int n_cols;
    const char **names;
    int n_rows;
    int cap_rows;
    const char **cells; /* row-major, NULL for SQL NULL */
} ResultSet;

int plan_show(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, ResultSet *out, Diag *diag);
int plan_describe(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, ResultSet *out,
                  Diag *diag);

#endif /* PLANNER_PLANNER_H */
