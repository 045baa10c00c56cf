/*
 * test_planner.c - binding and planning: the plan shapes and types a query gets, the
 * merging of subqueries and views into one Calc, projection push-down, and errors.
 */
#include "planner/planner.h"
#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>

typedef struct Fixture {
    Catalog *cat;
    Arena *arena;
    PlannerEnv env;
    Diag diag;
    StrBuf explain;
} Fixture;

static void setup(Fixture *f) {
    f->cat = cat_new();
    f->arena = arena_new(64 * 1024);
    memset(&f->env, 0, sizeof f->env);
    f->env.cat = f->cat;
    diag_init(&f->diag);
    sb_init(&f->explain);
}

static void teardown(Fixture *f) {
    cat_free(f->cat);
    arena_free(f->arena);
    sb_free(&f->explain);
}

/* Runs the DDL statements of sql, then plans its last statement (a query). */
static PlanNode *plan(Fixture *f, const char *sql) {
    AstList *stmts;
    f->env.sql = sql;
    if (parse_script(sql, f->arena, &stmts, &f->diag) < 0)
        return NULL;
    PlanNode *p = NULL;
    for (int i = 0; i < stmts->n; i++) {
        const AstStmt *s = stmts->items[i];
        if (s->kind == STMT_CREATE_TABLE && plan_create_table(&f->env, s, &f->diag) < 0)
            return NULL;
        if (s->kind == STMT_CREATE_VIEW && plan_create_view(&f->env, s, &f->diag) < 0)
            return NULL;
        if (s->kind == STMT_QUERY && plan_query(&f->env, s->query, f->arena, &p, &f->diag) < 0)
            return NULL;
    }
    if (p) {
        sb_clear(&f->explain);
        plan_explain(p, false, &f->explain);
    }
    return p;
}

static const char *type_of(const PlanNode *p, int col) {
    static char buf[64];
    StrBuf sb;
    sb_init(&sb);
    SqlType t = p->types[col];
    t.not_null = false;
    type_to_string(&t, &sb);
    snprintf(buf, sizeof buf, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return buf;
}

#define T_DDL                                                                                      \
    "CREATE TABLE t (a INT, b BIGINT, c DECIMAL(10, 2), d DOUBLE, s STRING, ts TIMESTAMP(3),"      \
    " s2 AS UPPER(s)) WITH ('connector' = 'filesystem', 'path' = 'x', 'format' = 'csv');"

static void test_arithmetic_result_types_follow_flink(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "SELECT a + a, a + b, a * c, c + c, c * c, c / a, a / a, "
                                 "d + a, 1.5 + a, a || s FROM t;");
    CU_ASSERT_PTR_NULL(p); /* INT || STRING is a type error */
    CU_ASSERT_TRUE(strstr(f.diag.msg, "cannot apply '||'") != NULL);
    diag_init(&f.diag);
    p = plan(&f, "SELECT a + a, a + b, a * c, c + c, c * c, c / a, a / a, d + a, 1.5 + a "
                 "FROM t;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(type_of(p, 0), "INT");
    CU_ASSERT_STRING_EQUAL(type_of(p, 1), "BIGINT");
    CU_ASSERT_STRING_EQUAL(type_of(p, 2), "DECIMAL(18, 2)"); /* (20, 2) capped at 18 */
    CU_ASSERT_STRING_EQUAL(type_of(p, 3), "DECIMAL(11, 2)");
    CU_ASSERT_STRING_EQUAL(type_of(p, 4), "DECIMAL(18, 4)");  /* (20, 4) capped */
    CU_ASSERT_STRING_EQUAL(type_of(p, 5), "DECIMAL(18, 10)"); /* (21, 13) trimmed to 18 digits */
    CU_ASSERT_STRING_EQUAL(type_of(p, 6), "INT");
    CU_ASSERT_STRING_EQUAL(type_of(p, 7), "DOUBLE");
    CU_ASSERT_STRING_EQUAL(type_of(p, 8), "DECIMAL(12, 1)");
    teardown(&f);
}

static void test_subqueries_views_and_computed_columns_merge_into_one_calc(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "CREATE VIEW v AS SELECT a, s2 FROM t WHERE a > 1;"
                                 "SELECT x FROM (SELECT a * 2 AS x, s2 FROM v) WHERE s2 = 'Z';");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&f.explain),
                           "Calc(select=[(a * 2) AS x], where=[((a > 1) AND (UPPER(s) = 'Z'))])\n"
                           "+- TableSourceScan(table=[[default_catalog, default_database, t]], "
                           "fields=[a, s], connector=[filesystem], format=[csv])\n");
    /* push-down: the scan converts fields a and s only */
    const PlanNode *scan = p->inputs[0];
    CU_ASSERT_EQUAL(scan->n_fields, 6);
    int expect[6] = {0, -1, -1, -1, 1, -1};
    for (int i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(scan->field_to_col[i], expect[i]);
    teardown(&f);
}

static void test_select_star_names_and_expr_names(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "SELECT *, a + 1, s AS name FROM t;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->n_cols, 9);
    CU_ASSERT_STRING_EQUAL(p->names[6], "s2");
    CU_ASSERT_STRING_EQUAL(p->names[7], "EXPR$1");
    CU_ASSERT_STRING_EQUAL(p->names[8], "name");
    teardown(&f);
}

static void test_union_all_unifies_types(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "SELECT a FROM t UNION ALL SELECT b FROM t;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->kind, PLAN_UNION);
    CU_ASSERT_STRING_EQUAL(type_of(p, 0), "BIGINT");
    CU_ASSERT_TRUE(strstr(sb_cstr(&f.explain), "CAST(a AS BIGINT)") != NULL);
    teardown(&f);
}

static void test_constant_casts_fold(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "SELECT c FROM t WHERE c > 3 AND ts >= '2020-01-01 00:00:00';");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_TRUE(strstr(sb_cstr(&f.explain),
                          "where=[((c > 3.00) AND (ts >= 2020-01-01 00:00:00.000))]") != NULL);
    teardown(&f);
}

static void test_errors_name_the_problem_and_position(void) {
    Fixture f;
    setup(&f);
    CU_ASSERT_PTR_NULL(plan(&f, T_DDL "SELECT tss FROM t;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "column 'tss' not found; did you mean 'ts'?");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT s FROM tt;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "table 'tt' not found; did you mean 't'?");
    CU_ASSERT_EQUAL(f.diag.pos, 14);
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT a FROM t WHERE a;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "WHERE needs a BOOLEAN condition, got INT");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT a, b FROM t GROUP BY a;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg,
                           "column 'b' is neither in GROUP BY nor inside an aggregate function");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT a FROM t WHERE COUNT(*) > 1;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "aggregate functions are not allowed in WHERE");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT SUM(COUNT(*)) FROM t;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "aggregate function COUNT is not allowed here");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT SUM(s) FROM t;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "SUM expects a number, got STRING");
    diag_init(&f.diag);
    CU_ASSERT_PTR_NULL(plan(&f, "SELECT UPPR(s) FROM t;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "unknown function UPPR; did you mean UPPER?");
    teardown(&f);
}

/* The message reads the plan before its arena is freed (found by fuzzing: a
 * use-after-free under AddressSanitizer). */
static void test_view_column_count_mismatch(void) {
    Fixture f;
    setup(&f);
    CU_ASSERT_PTR_NULL(plan(&f, T_DDL "CREATE VIEW v (x, y) AS SELECT a FROM t;"));
    CU_ASSERT_STRING_EQUAL(f.diag.msg, "view 'v' names 2 columns but its query has 1");
    teardown(&f);
}

/* A column name with a back-quote is quoted back when the view's SQL is stored. */
static void test_view_column_name_with_backquote(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, "CREATE VIEW v (`a``b`, c) AS SELECT 1, 2; SELECT `a``b` FROM v;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->names[0], "a`b");
    teardown(&f);
}

static void test_group_by_plans_a_calc_an_aggregate_and_a_calc(void) {
    Fixture f;
    setup(&f);
    PlanNode *p = plan(&f, T_DDL "SELECT UPPER(s) AS u, COUNT(*) AS n, SUM(c) + 1 AS total, "
                                 "AVG(a), MIN(d) FROM t WHERE a > 0 GROUP BY UPPER(s) "
                                 "HAVING COUNT(*) > 1;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&f.explain),
                           "Calc(select=[$key0 AS u, $agg0 AS n, ($agg1 + 1.00) AS total, $agg2 "
                           "AS EXPR$3, $agg3 AS EXPR$4], where=[($agg0 > 1)])\n"
                           "+- GroupAggregate(groupBy=[$key0], select=[$key0, COUNT(*) AS $agg0, "
                           "SUM($arg1) AS $agg1, AVG($arg2) AS $agg2, MIN($arg3) AS $agg3])\n"
                           "   +- Calc(select=[UPPER(s) AS $key0, c AS $arg1, a AS $arg2, d AS "
                           "$arg3], where=[(a > 0)])\n"
                           "      +- TableSourceScan(table=[[default_catalog, default_database, "
                           "t]], fields=[a, c, d, s], connector=[filesystem], format=[csv])\n");
    CU_ASSERT_TRUE(p->is_updating);
    CU_ASSERT_STRING_EQUAL(type_of(p, 1), "BIGINT");
    CU_ASSERT_STRING_EQUAL(type_of(p, 2), "DECIMAL(18, 2)");
    CU_ASSERT_STRING_EQUAL(type_of(p, 3), "INT"); /* an integer average is an integer */
    teardown(&f);
}

static void test_batch_mode_aggregation_is_insert_only(void) {
    Fixture f;
    setup(&f);
    cat_set_option(f.cat, "execution.runtime-mode", "batch");
    PlanNode *p = plan(&f, T_DDL "SELECT a, COUNT(*) FROM t GROUP BY a;");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_FALSE(p->is_updating);
    teardown(&f);
}

void suite_planner(void) {
    static CU_TestInfo tests[] = {
        {"arithmetic_result_types_follow_flink", test_arithmetic_result_types_follow_flink},
        {"subqueries_views_and_computed_columns_merge_into_one_calc",
         test_subqueries_views_and_computed_columns_merge_into_one_calc},
        {"select_star_names_and_expr_names", test_select_star_names_and_expr_names},
        {"union_all_unifies_types", test_union_all_unifies_types},
        {"constant_casts_fold", test_constant_casts_fold},
        {"group_by_plans_a_calc_an_aggregate_and_a_calc",
         test_group_by_plans_a_calc_an_aggregate_and_a_calc},
        {"batch_mode_aggregation_is_insert_only", test_batch_mode_aggregation_is_insert_only},
        {"errors_name_the_problem_and_position", test_errors_name_the_problem_and_position},
        {"view_column_count_mismatch", test_view_column_count_mismatch},
        {"view_column_name_with_backquote", test_view_column_name_with_backquote},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("planner", tests);
}
