/*
 * fuzz_parser.c - libFuzzer target: arbitrary bytes as SQL.
 *
 * The input (a NUL-terminated copy: text after an embedded NUL is not seen) goes to
 * parse_script, parse_expression and parse_is_complete, each with a fresh arena, and
 * the invariants of parser.h are checked: an error has a message and a position within
 * the text, the statements returned before an error are whole (their spans lie in the
 * text and end before the error). Then every statement that parsed is run through the
 * planner against a fresh catalog, as shell/session.c would (CREATE, DROP, SHOW,
 * DESCRIBE, SET, RESET change or read the catalog; queries, INSERTs and EXPLAINs are
 * planned), and a plan that reads no table (VALUES, SELECT without FROM, UNION ALL of
 * those) is built into operators and run into a sink writing to /dev/null, as
 * shell/build.c does. Nothing may crash, hang or leak.
 *
 * Built and run by tests/fuzz/run-fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/connectors.h"
#include "exec/exec.h"
#include "parser/parser.h"
#include "planner/planner.h"
#include "shell/plan_ops.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_parser: invariant failed at %s:%d: %s\n", __FILE__, __LINE__,    \
                    #cond);                                                                        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static FILE *devnull;

static const CatTable *no_implicit_table(void *ctx, const char *name, Diag *diag) {
    (void)ctx, (void)name, (void)diag;
    return NULL;
}

static void check_span(AstSpan span, int len) {
    CHECK(span.start >= 0 && span.start <= len);
    CHECK(span.end >= span.start && span.end <= len);
}

static void check_diag(const Diag *d, int len) {
    CHECK(d->is_set);
    CHECK(d->msg[0] != '\0');
    CHECK(d->pos >= 0 && d->pos <= len);
}

/* ---- running plans that read no table (as shell/build.c) -------------------------- */

typedef struct Run {
    Arena *arena;
    int n_sources;
    Source *sources[64];
    int n_ops;
    Operator *ops[256];
} Run;

static bool reads_no_table(const PlanNode *p) {
    if (p->kind == PLAN_SCAN)
        return false;
    for (int i = 0; i < p->n_inputs; i++)
        if (!reads_no_table(p->inputs[i]))
            return false;
    return true;
}

static int build(Run *r, const PlanNode *p, Operator *down, Diag *diag) {
    switch (p->kind) {
        case PLAN_SCAN:
            return diag_set(diag, -1, "scan");
        case PLAN_VALUES: {
            size_t n = (size_t)p->n_rows * (size_t)p->n_cols;
            Value *values = calloc(n ? n : 1, sizeof(Value));
            bool *is_null = calloc(n ? n : 1, sizeof(bool));
            int rc = 0;
            for (size_t i = 0; i < n && rc == 0; i++) {
                ExprProgram *prog = expr_compile(p->cells[i], 0, NULL, diag);
                if (!prog) {
                    rc = -1;
                    break;
                }
                rc = expr_eval_const(prog, &values[i], &is_null[i], r->arena, diag);
                expr_free(prog);
                if (rc == 0 && !is_null[i] &&
                    type_info(p->types[i % (size_t)p->n_cols].id)->is_string)
                    values[i].str.ptr =
                        arena_strndup(r->arena, values[i].str.ptr, values[i].str.len);
            }
            if (rc == 0 && r->n_sources < 64) {
                Source *src = source_values_new(p->n_cols, p->types, p->n_rows, values, is_null);
                src->downstream = down;
                src->port = 0;
                r->sources[r->n_sources++] = src;
            } else if (rc == 0) {
                rc = diag_set(diag, -1, "too many sources");
            }
            free(values);
            free(is_null);
            return rc;
        }
        case PLAN_UNION:
            for (int i = 0; i < p->n_inputs; i++)
                if (build(r, p->inputs[i], down, diag) < 0)
                    return -1;
            return 0;
        case PLAN_CALC:
        case PLAN_AGGREGATE:
        case PLAN_WATERMARK:
        case PLAN_WINDOW_TVF:
        case PLAN_WINDOW_AGG: {
            if (r->n_ops == 256)
                return diag_set(diag, -1, "too many operators");
            Operator *op = plan_node_operator(p, diag);
            if (!op)
                return -1;
            r->ops[r->n_ops++] = op;
            op->next = down;
            op->next_port = 0;
            return build(r, p->inputs[0], op, diag);
        }
    }
    return diag_set(diag, -1, "unknown plan node");
}

static void run_plan(const PlanNode *plan, OutputFormat format) {
    if (!reads_no_table(plan))
        return;
    Run r;
    memset(&r, 0, sizeof r);
    r.arena = arena_new(16 * 1024);
    Diag diag;
    diag_init(&diag);
    SinkOptions so = sink_options_default(format);
    so.out = devnull;
    Operator *sink = sink_new(&so, plan->n_cols, (const char *const *)plan->names, plan->types);
    r.ops[r.n_ops++] = sink;
    if (build(&r, plan, sink, &diag) == 0) {
        volatile int cancel = 0;
        pipeline_run(r.sources, r.n_sources, r.ops, r.n_ops, &cancel, &diag);
    }
    for (int i = 0; i < r.n_sources; i++)
        r.sources[i]->vt->destroy(r.sources[i]);
    for (int i = 0; i < r.n_ops; i++)
        op_destroy(r.ops[i]);
    arena_free(r.arena);
}

/* ---- planning ------------------------------------------------------------------------ */

static void plan_and_run(const PlannerEnv *env, const AstQuery *q, int len, OutputFormat format) {
    Arena *arena = arena_new(64 * 1024);
    PlanNode *plan = NULL;
    Diag diag;
    diag_init(&diag);
    if (plan_query(env, q, arena, &plan, &diag) == 0) {
        CHECK(plan != NULL);
        StrBuf sb;
        sb_init(&sb);
        plan_explain(plan, false, &sb);
        sb_free(&sb);
        (void)plan_query_reads_table(q, "stdin");
        run_plan(plan, format);
    } else {
        CHECK(diag.is_set);
        CHECK(diag.pos >= -1 && diag.pos <= len);
    }
    arena_free(arena);
}

static void plan_statement(const PlannerEnv *env, const AstStmt *stmt, int len, int depth) {
    Diag diag;
    diag_init(&diag);
    int rc = 0;
    OutputFormat format = (OutputFormat)((unsigned)stmt->pos % 4);
    switch (stmt->kind) {
        case STMT_CREATE_TABLE:
            rc = plan_create_table(env, stmt, &diag);
            break;
        case STMT_CREATE_VIEW:
            rc = plan_create_view(env, stmt, &diag);
            break;
        case STMT_DROP_TABLE:
        case STMT_DROP_VIEW:
            rc = plan_drop(env, stmt, &diag);
            break;
        case STMT_QUERY:
        case STMT_INSERT:
            if (stmt->query)
                plan_and_run(env, stmt->query, len, format);
            break;
        case STMT_STATEMENT_SET:
            for (int i = 0; i < ast_list_len(stmt->statements) && depth < 4; i++)
                plan_statement(env, stmt->statements->items[i], len, depth + 1);
            break;
        case STMT_SET:
            if (stmt->key && stmt->value)
                cat_set_option(env->cat, stmt->key, stmt->value);
            break;
        case STMT_RESET:
            cat_reset_option(env->cat, stmt->key);
            break;
        case STMT_SHOW_TABLES:
        case STMT_SHOW_VIEWS:
        case STMT_SHOW_FUNCTIONS:
        case STMT_SHOW_CREATE_TABLE:
        case STMT_DESCRIBE: {
            Arena *arena = arena_new(4096);
            ResultSet rs;
            memset(&rs, 0, sizeof rs);
            rc = stmt->kind == STMT_DESCRIBE ? plan_describe(env, stmt, arena, &rs, &diag)
                                             : plan_show(env, stmt, arena, &rs, &diag);
            if (rc == 0) {
                CHECK(rs.n_rows >= 0 && rs.n_cols > 0);
                volatile size_t sum = 0;
                for (int i = 0; i < rs.n_rows * rs.n_cols; i++)
                    if (rs.cells[i])
                        sum += strlen(rs.cells[i]);
                (void)sum;
            }
            arena_free(arena);
            break;
        }
        case STMT_EXPLAIN:
            if (stmt->inner && depth < 4)
                plan_statement(env, stmt->inner, len, depth + 1);
            break;
    }
    if (rc < 0) {
        CHECK(diag.is_set);
        CHECK(diag.pos >= -1 && diag.pos <= len);
    }
}

/* ---- the target ---------------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    char *sql = malloc(size + 1);
    memcpy(sql, data, size);
    sql[size] = '\0';
    int len = (int)strlen(sql);

    /* the whole text as a script */
    Arena *arena = arena_new(16 * 1024);
    AstList *stmts = NULL;
    Diag diag;
    int rc = parse_script(sql, arena, &stmts, &diag);
    CHECK(rc == 0 || rc == -1);
    CHECK(stmts != NULL);
    if (rc < 0)
        check_diag(&diag, len);
    StrBuf dump;
    sb_init(&dump);
    for (int i = 0; i < ast_list_len(stmts); i++) {
        const AstStmt *s = stmts->items[i];
        CHECK(s != NULL);
        check_span(s->span, len);
        CHECK(s->pos >= 0 && s->pos <= len);
        if (rc < 0)
            CHECK(s->span.end <= diag.pos);
        ast_stmt_dump(s, &dump);
    }
    sb_free(&dump);

    /* what parsed, through the planner against a fresh catalog */
    Catalog *cat = cat_new();
    PlannerEnv env = {cat, sql, no_implicit_table, NULL};
    for (int i = 0; i < ast_list_len(stmts); i++)
        plan_statement(&env, stmts->items[i], len, 0);
    cat_free(cat);
    arena_free(arena);

    /* the whole text as one expression */
    arena = arena_new(4096);
    AstExpr *expr = NULL;
    rc = parse_expression(sql, arena, &expr, &diag);
    CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        CHECK(expr != NULL);
        check_span(expr->span, len);
        sb_init(&dump);
        ast_expr_dump(expr, &dump);
        sb_free(&dump);
    } else {
        CHECK(expr == NULL);
        check_diag(&diag, len);
    }
    arena_free(arena);

    (void)parse_is_complete(sql);
    free(sql);
    return 0;
}
