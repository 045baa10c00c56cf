/*
 * test_parser.c - the grammar (parser/parse.y), the AST builders and dumps
 * (parser/ast.c) and the driver (parser/parser.c). Most tests compare the S-expression
 * dump of a statement with the expected tree; the format is described in ast.c.
 */
#include "parser/parser.h"

#include <stdio.h>
#include <string.h>

#include "tests/unit/unit.h"

/* ---- helpers ------------------------------------------------------------------------ */

static Arena *g_arena;
static StrBuf g_out;
static Diag g_diag;
static AstList *g_stmts;
static int g_rc;

/* Parses sql; returns the dump of its statements, one per line. */
/* Each test starts with a fresh arena and ends by freeing it. */
static void setup(void) {
    if (!g_arena) {
        g_arena = arena_new(1 << 16);
        sb_init(&g_out);
    }
}

static void teardown(void) {
    arena_free(g_arena);
    g_arena = NULL;
    sb_free(&g_out);
}

static const char *dump_script(const char *sql) {
    setup();
    sb_clear(&g_out);
    g_rc = parse_script(sql, g_arena, &g_stmts, &g_diag);
    for (int i = 0; i < ast_list_len(g_stmts); i++) {
        if (i)
            sb_append_char(&g_out, '\n');
        ast_stmt_dump(g_stmts->items[i], &g_out);
    }
    if (g_rc)
        sb_printf(&g_out, "%sERROR %d: %s", g_out.len ? "\n" : "", g_diag.pos, g_diag.msg);
    return sb_cstr(&g_out);
}

static const char *dump_expr(const char *sql) {
    setup();
    sb_clear(&g_out);
    AstExpr *e;
    if (parse_expression(sql, g_arena, &e, &g_diag) < 0)
        sb_printf(&g_out, "ERROR %d: %s", g_diag.pos, g_diag.msg);
    else
        ast_expr_dump(e, &g_out);
    return sb_cstr(&g_out);
}

typedef struct Case {
    const char *sql;
    const char *want;
} Case;

static void check_cases(const Case *cases, size_t n, bool as_expr) {
    for (size_t i = 0; i < n; i++) {
        const char *got = as_expr ? dump_expr(cases[i].sql) : dump_script(cases[i].sql);
        if (strcmp(got, cases[i].want) != 0)
            fprintf(stderr, "\n  sql:  %s\n  want: %s\n  got:  %s\n", cases[i].sql, cases[i].want,
                    got);
        CU_ASSERT_STRING_EQUAL(got, cases[i].want);
    }
}

/* The text of a span in sql. */
static const char *span_text(const char *sql, AstSpan span) {
    static char buf[512];
    snprintf(buf, sizeof buf, "%.*s", span.end - span.start, sql + span.start);
    return buf;
}

static AstStmt *first_stmt(const char *sql) {
    dump_script(sql);
    CU_ASSERT_EQUAL_FATAL(g_rc, 0);
    CU_ASSERT_FATAL(ast_list_len(g_stmts) >= 1);
    return g_stmts->items[0];
}

static void test_select_clauses(void) {
    setup();
    static const Case cases[] = {
        {"SELECT a, b AS x, c y FROM t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 2",
         "(QUERY (SELECT (COLUMN a) (AS (COLUMN b) x) (AS (COLUMN c) y) (FROM (REF t)) (WHERE "
         "(BINARY > (COLUMN a) (LITERAL INTEGER 1))) (GROUP (COLUMN a) (COLUMN b)) (HAVING "
         "(BINARY > (FUNC COUNT *) (LITERAL INTEGER 2)))))"},
        {"SELECT DISTINCT a FROM t", "(QUERY (SELECT DISTINCT (COLUMN a) (FROM (REF t))))"},
        {"SELECT ALL a FROM t", "(QUERY (SELECT (COLUMN a) (FROM (REF t))))"},
        {"SELECT *, t.* FROM t", "(QUERY (SELECT (STAR) (STAR t) (FROM (REF t))))"},
        {"SELECT 1", "(QUERY (SELECT (LITERAL INTEGER 1)))"},
        {"SELECT a FROM cat.db.t", "(QUERY (SELECT (COLUMN a) (FROM (REF cat.db.t))))"},
        {"SELECT a FROM t ORDER BY a DESC NULLS LAST, b ASC NULLS FIRST, c LIMIT 10 OFFSET 5",
         "(QUERY (SELECT (COLUMN a) (FROM (REF t)) (ORDER ((COLUMN a) DESC NULLS_LAST) "
         "((COLUMN b) NULLS_FIRST) ((COLUMN c))) (LIMIT (LITERAL INTEGER 10)) (OFFSET (LITERAL "
         "INTEGER 5))))"},
        {"SELECT a FROM t WINDOW w AS (PARTITION BY a ORDER BY ts), w2 AS (w)",
         "(QUERY (SELECT (COLUMN a) (FROM (REF t)) (WINDOW (SPEC w (PARTITION (COLUMN a)) "
         "(ORDER ((COLUMN ts)))) (SPEC w2 REF w))))"},
        {"select A from T where B",
         "(QUERY (SELECT (COLUMN A) (FROM (REF T)) (WHERE (COLUMN B))))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_from_subqueries_joins_and_table_functions(void) {
    setup();
    static const Case cases[] = {
        {"SELECT * FROM (SELECT a FROM t) AS s",
         "(QUERY (SELECT (STAR) (FROM (SUBQUERY (SELECT (COLUMN a) (FROM (REF t))) AS s))))"},
        {"SELECT * FROM (SELECT a FROM t) s",
         "(QUERY (SELECT (STAR) (FROM (SUBQUERY (SELECT (COLUMN a) (FROM (REF t))) AS s))))"},
        {"SELECT * FROM a JOIN b ON a.x = b.x",
         "(QUERY (SELECT (STAR) (FROM (JOIN INNER (REF a) (REF b) (ON (BINARY = (COLUMN a.x) "
         "(COLUMN b.x)))))))"},
        {"SELECT * FROM a INNER JOIN b ON TRUE LEFT JOIN c ON TRUE LEFT OUTER JOIN d ON TRUE",
         "(QUERY (SELECT (STAR) (FROM (JOIN LEFT (JOIN LEFT (JOIN INNER (REF a) (REF b) (ON "
         "(LITERAL BOOL TRUE))) (REF c) (ON (LITERAL BOOL TRUE))) (REF d) (ON (LITERAL BOOL "
         "TRUE))))))"},
        {"SELECT * FROM a RIGHT JOIN b ON TRUE FULL OUTER JOIN c USING (k, j)",
         "(QUERY (SELECT (STAR) (FROM (JOIN FULL (JOIN RIGHT (REF a) (REF b) (ON (LITERAL BOOL "
         "TRUE))) (REF c) (USING k j)))))"},
        {"SELECT * FROM a, b x CROSS JOIN c",
         "(QUERY (SELECT (STAR) (FROM (JOIN CROSS (REF a) (JOIN CROSS (REF b AS x) (REF c))))))"},
        {"SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.proc_time AS r2 ON o.k = r2.k",
         "(QUERY (SELECT (STAR) (FROM (JOIN INNER (REF o) (REF r (SYSTEM_TIME (COLUMN "
         "o.proc_time)) AS r2) (ON (BINARY = (COLUMN o.k) (COLUMN r2.k)))))))"},
        {"SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))",
         "(QUERY (SELECT (STAR) (FROM (TVF (FUNC TUMBLE (TABLE Bid) (DESCRIPTOR bidtime) "
         "(LITERAL INTERVAL '10' MINUTE))))))"},
        {"SELECT * FROM TABLE(HOP(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), "
         "SLIDE => INTERVAL '5' MINUTES, SIZE => INTERVAL '10' MINUTES, OFFSET => INTERVAL '1' "
         "MINUTE)) AS w",
         "(QUERY (SELECT (STAR) (FROM (TVF (FUNC HOP (NAMED DATA (TABLE Bid)) (NAMED TIMECOL "
         "(DESCRIPTOR bidtime)) (NAMED SLIDE (LITERAL INTERVAL '5' MINUTE)) (NAMED SIZE (LITERAL "
         "INTERVAL '10' MINUTE)) (NAMED OFFSET (LITERAL INTERVAL '1' MINUTE))) AS w))))"},
        {"SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(ts), INTERVAL '5' "
         "MINUTES))",
         "(QUERY (SELECT (STAR) (FROM (TVF (FUNC SESSION (TABLE Bid (PARTITION item)) "
         "(DESCRIPTOR ts) (LITERAL INTERVAL '5' MINUTE))))))"},
        {"SELECT * FROM t, LATERAL TABLE(split(s)) AS T(a, b)",
         "(QUERY (SELECT (STAR) (FROM (JOIN CROSS (REF t) (LATERAL (FUNC SPLIT (COLUMN s)) AS T "
         "(a b))))))"},
        {"SELECT * FROM t LEFT JOIN LATERAL TABLE(f(x)) ON TRUE",
         "(QUERY (SELECT (STAR) (FROM (JOIN LEFT (REF t) (LATERAL (FUNC F (COLUMN x))) (ON "
         "(LITERAL BOOL TRUE))))))"},
        {"SELECT * FROM t CROSS JOIN UNNEST(tags) AS u(tag)",
         "(QUERY (SELECT (STAR) (FROM (JOIN CROSS (REF t) (LATERAL (FUNC UNNEST (COLUMN tags)) AS "
         "u (tag))))))"},
        {"SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(a, b)",
         "(QUERY (SELECT (STAR) (FROM (VALUES-REF (VALUES ((LITERAL INTEGER 1) (LITERAL STRING "
         "'a')) ((LITERAL INTEGER 2) (LITERAL STRING 'b'))) AS t (a b)))))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_set_operations_and_values(void) {
    setup();
    static const Case cases[] = {
        {"SELECT a FROM t UNION ALL SELECT b FROM u",
         "(QUERY (UNION ALL (SELECT (COLUMN a) (FROM (REF t))) (SELECT (COLUMN b) (FROM (REF "
         "u)))))"},
        /* INTERSECT binds tighter than UNION and EXCEPT, which are left-associative */
        {"SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4",
         "(QUERY (EXCEPT (UNION (SELECT (LITERAL INTEGER 1)) (INTERSECT (SELECT (LITERAL INTEGER "
         "2)) (SELECT (LITERAL INTEGER 3)))) (SELECT (LITERAL INTEGER 4))))"},
        {"SELECT 1 INTERSECT ALL SELECT 2 EXCEPT ALL SELECT 3 UNION DISTINCT SELECT 4",
         "(QUERY (UNION (EXCEPT ALL (INTERSECT ALL (SELECT (LITERAL INTEGER 1)) (SELECT (LITERAL "
         "INTEGER 2))) (SELECT (LITERAL INTEGER 3))) (SELECT (LITERAL INTEGER 4))))"},
        {"(SELECT a FROM t) UNION (SELECT b FROM u) ORDER BY a LIMIT 1",
         "(QUERY (UNION (SELECT (COLUMN a) (FROM (REF t))) (SELECT (COLUMN b) (FROM (REF u))) "
         "(ORDER ((COLUMN a))) (LIMIT (LITERAL INTEGER 1))))"},
        {"(SELECT a FROM t ORDER BY a LIMIT 3) ORDER BY a DESC",
         "(QUERY (SELECT (STAR) (FROM (SUBQUERY (SELECT (COLUMN a) (FROM (REF t)) (ORDER "
         "((COLUMN a))) (LIMIT (LITERAL INTEGER 3))))) (ORDER ((COLUMN a) DESC))))"},
        {"VALUES (1, 'a'), (2, NULL)",
         "(QUERY (VALUES ((LITERAL INTEGER 1) (LITERAL STRING 'a')) ((LITERAL INTEGER 2) "
         "(LITERAL NULL))))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_create_table_every_column_form(void) {
    setup();
    static const Case cases[] = {
        {"CREATE TABLE Orders (\n"
         "  id BIGINT NOT NULL COMMENT 'the id',\n"
         "  price DECIMAL(10, 2),\n"
         "  ts TIMESTAMP(3),\n"
         "  ts2 AS ts + INTERVAL '1' SECOND COMMENT 'computed',\n"
         "  topic STRING METADATA FROM 'topic' VIRTUAL,\n"
         "  part INT METADATA,\n"
         "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n"
         "  PRIMARY KEY (id, price) NOT ENFORCED\n"
         ") COMMENT 'orders' WITH ('connector' = 'datagen', 'rows-per-second' = '5')",
         "(CREATE_TABLE Orders (id BIGINT NOT NULL COMMENT 'the id') (price DECIMAL(10,2)) (ts "
         "TIMESTAMP(3)) (ts2 AS (BINARY + (COLUMN ts) (LITERAL INTERVAL '1' SECOND)) COMMENT "
         "'computed') (topic STRING METADATA FROM 'topic' VIRTUAL) (part INT METADATA) "
         "(WATERMARK ts (BINARY - (COLUMN ts) (LITERAL INTERVAL '5' SECOND))) (PRIMARY_KEY id "
         "price) (COMMENT 'orders') (WITH ('connector' 'datagen') ('rows-per-second' '5')))"},
        {"CREATE TEMPORARY TABLE IF NOT EXISTS t (a INT PRIMARY KEY NOT ENFORCED) WITH ()",
         "(CREATE_TABLE TEMPORARY IF_NOT_EXISTS t (a INT PRIMARY_KEY) (PRIMARY_KEY a) (WITH))"},
        {"CREATE TABLE t (a INT, CONSTRAINT pk PRIMARY KEY (a) NOT ENFORCED)",
         "(CREATE_TABLE t (a INT) (PRIMARY_KEY a) (WITH))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_types(void) {
    setup();
    static const Case cases[] = {
        {"CAST(a AS BOOLEAN)", "(CAST (COLUMN a) BOOLEAN)"},
        {"CAST(a AS tinyint)", "(CAST (COLUMN a) TINYINT)"},
        {"CAST(a AS INTEGER NOT NULL)", "(CAST (COLUMN a) INTEGER NOT NULL)"},
        {"CAST(a AS DOUBLE PRECISION)", "(CAST (COLUMN a) DOUBLE)"},
        {"CAST(a AS NUMERIC(5))", "(CAST (COLUMN a) NUMERIC(5))"},
        {"CAST(a AS DEC(5, 2))", "(CAST (COLUMN a) DEC(5,2))"},
        {"CAST(a AS CHAR(3))", "(CAST (COLUMN a) CHAR(3))"},
        {"CAST(a AS VARCHAR(10))", "(CAST (COLUMN a) VARCHAR(10))"},
        {"CAST(a AS STRING)", "(CAST (COLUMN a) STRING)"},
        {"CAST(a AS BYTES)", "(CAST (COLUMN a) BYTES)"},
        {"CAST(a AS DATE)", "(CAST (COLUMN a) DATE)"},
        {"CAST(a AS TIME(0))", "(CAST (COLUMN a) TIME(0))"},
        {"CAST(a AS TIMESTAMP)", "(CAST (COLUMN a) TIMESTAMP)"},
        {"CAST(a AS TIMESTAMP(3) WITH LOCAL TIME ZONE)", "(CAST (COLUMN a) TIMESTAMP_LTZ(3))"},
        {"CAST(a AS TIMESTAMP WITH LOCAL TIME ZONE)", "(CAST (COLUMN a) TIMESTAMP_LTZ)"},
        {"CAST(a AS TIMESTAMP(3) WITHOUT TIME ZONE)", "(CAST (COLUMN a) TIMESTAMP(3))"},
        {"CAST(a AS TIMESTAMP_LTZ(3))", "(CAST (COLUMN a) TIMESTAMP_LTZ(3))"},
        {"CAST(a AS INTERVAL DAY TO SECOND)", "(CAST (COLUMN a) INTERVAL DAY TO SECOND)"},
        {"CAST(a AS ARRAY<INT>)", "(CAST (COLUMN a) ARRAY)"},
        {"CAST(a AS MAP<STRING, ARRAY<INT>> NOT NULL)", "(CAST (COLUMN a) MAP NOT NULL)"},
        {"CAST(a AS ROW<x INT, y STRING>)", "(CAST (COLUMN a) ROW)"},
        {"CAST(a AS FLOAT PRECISION)",
         "ERROR 10: syntax error near \"PRECISION\": only DOUBLE PRECISION is a type"},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    teardown();
}

static void test_views_drops_inserts(void) {
    setup();
    static const Case cases[] = {
        {"CREATE VIEW v AS SELECT a FROM t", "(CREATE_VIEW v (SELECT (COLUMN a) (FROM (REF t))))"},
        {"CREATE TEMPORARY VIEW IF NOT EXISTS v (x, y) AS SELECT a, b FROM t",
         "(CREATE_VIEW TEMPORARY IF_NOT_EXISTS v (x y) (SELECT (COLUMN a) (COLUMN b) (FROM (REF "
         "t))))"},
        {"DROP TABLE t; DROP TEMPORARY TABLE IF EXISTS t; DROP VIEW v; DROP TEMPORARY VIEW IF "
         "EXISTS v",
         "(DROP_TABLE t)\n(DROP_TABLE TEMPORARY IF_EXISTS t)\n(DROP_VIEW v)\n(DROP_VIEW "
         "TEMPORARY IF_EXISTS v)"},
        {"INSERT INTO s SELECT * FROM t", "(INSERT s (SELECT (STAR) (FROM (REF t))))"},
        {"INSERT INTO s (a, b) SELECT x, y FROM t",
         "(INSERT s (a b) (SELECT (COLUMN x) (COLUMN y) (FROM (REF t))))"},
        {"INSERT OVERWRITE s VALUES (1)", "(INSERT_OVERWRITE s (VALUES ((LITERAL INTEGER 1))))"},
        {"INSERT INTO s (SELECT 1)", "(INSERT s (SELECT (LITERAL INTEGER 1)))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_statement_sets(void) {
    setup();
    static const Case cases[] = {
        {"EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT 1;\n INSERT INTO b SELECT CASE "
         "WHEN x THEN 1 END FROM t;\nEND;",
         "(STATEMENT_SET (INSERT a (SELECT (LITERAL INTEGER 1))) (INSERT b (SELECT (CASE (WHEN "
         "(COLUMN x) (LITERAL INTEGER 1))) (FROM (REF t)))))"},
        {"BEGIN STATEMENT SET; INSERT INTO a VALUES (1); INSERT INTO b VALUES (2); END;",
         "(STATEMENT_SET (INSERT a (VALUES ((LITERAL INTEGER 1)))) (INSERT b (VALUES ((LITERAL "
         "INTEGER 2)))))"},
        /* the last ';' inside the set is optional */
        {"EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1 END",
         "(STATEMENT_SET (INSERT a (SELECT (LITERAL INTEGER 1))))"},
        {"EXECUTE INSERT INTO a SELECT 1", "(INSERT a (SELECT (LITERAL INTEGER 1)))"},
        {"EXECUTE STATEMENT SET BEGIN SELECT 1; END", "ERROR 28: syntax error near \"SELECT\""},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_set_reset_show_describe_explain(void) {
    setup();
    static const Case cases[] = {
        {"SET 'execution.runtime-mode' = 'batch'", "(SET 'execution.runtime-mode' 'batch')"},
        {"SET 'parallelism.default' = 2", "(SET 'parallelism.default' '2')"},
        {"SET", "(SET)"},
        {"RESET 'a.b'; RESET", "(RESET 'a.b')\n(RESET)"},
        {"SHOW TABLES; show views; SHOW FUNCTIONS; SHOW CREATE TABLE t",
         "(SHOW_TABLES)\n(SHOW_VIEWS)\n(SHOW_FUNCTIONS)\n(SHOW_CREATE_TABLE t)"},
        {"DESCRIBE t; DESC db.t", "(DESCRIBE t)\n(DESCRIBE db.t)"},
        {"EXPLAIN SELECT 1", "(EXPLAIN (QUERY (SELECT (LITERAL INTEGER 1))))"},
        {"EXPLAIN PLAN FOR INSERT INTO s SELECT 1",
         "(EXPLAIN (INSERT s (SELECT (LITERAL INTEGER 1))))"},
        {"EXPLAIN CHANGELOG_MODE, ESTIMATED_COST SELECT 1",
         "(EXPLAIN CHANGELOG_MODE ESTIMATED_COST (QUERY (SELECT (LITERAL INTEGER 1))))"},
        {"EXPLAIN JSON_EXECUTION_PLAN SELECT 1",
         "(EXPLAIN JSON_EXECUTION_PLAN (QUERY (SELECT (LITERAL INTEGER 1))))"},
        {"EXPLAIN ANALYZE SELECT 1", "(EXPLAIN ANALYZE (QUERY (SELECT (LITERAL INTEGER 1))))"},
        {"EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; END",
         "(EXPLAIN (STATEMENT_SET (INSERT a (SELECT (LITERAL INTEGER 1)))))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_operator_precedence(void) {
    setup();
    static const Case cases[] = {
        {"1 + 2 * 3", "(BINARY + (LITERAL INTEGER 1) (BINARY * (LITERAL INTEGER 2) (LITERAL "
                      "INTEGER 3)))"},
        {"1 - 2 - 3", "(BINARY - (BINARY - (LITERAL INTEGER 1) (LITERAL INTEGER 2)) (LITERAL "
                      "INTEGER 3))"},
        {"(1 + 2) * 3", "(BINARY * (BINARY + (LITERAL INTEGER 1) (LITERAL INTEGER 2)) (LITERAL "
                        "INTEGER 3))"},
        {"-a * b % c", "(BINARY % (BINARY * (UNARY - (COLUMN a)) (COLUMN b)) (COLUMN c))"},
        {"a || b + c", "(BINARY + (BINARY || (COLUMN a) (COLUMN b)) (COLUMN c))"},
        {"a OR b AND c", "(BINARY OR (COLUMN a) (BINARY AND (COLUMN b) (COLUMN c)))"},
        {"NOT a = b AND c", "(BINARY AND (UNARY NOT (BINARY = (COLUMN a) (COLUMN b))) (COLUMN c))"},
        {"a + 1 < b * 2", "(BINARY < (BINARY + (COLUMN a) (LITERAL INTEGER 1)) (BINARY * "
                          "(COLUMN b) (LITERAL INTEGER 2)))"},
        {"a = 1 IS TRUE", "(IS TRUE (BINARY = (COLUMN a) (LITERAL INTEGER 1)))"},
        {"a AND b IS NULL", "(BINARY AND (COLUMN a) (IS NULL (COLUMN b)))"},
        {"NOT a IS NOT NULL", "(UNARY NOT (IS NOT NULL (COLUMN a)))"},
        {"x BETWEEN 1 AND 2 AND y",
         "(BINARY AND (BETWEEN (COLUMN x) (LITERAL INTEGER 1) (LITERAL INTEGER 2)) (COLUMN y))"},
        {"a <> b OR a != c", "(BINARY OR (BINARY <> (COLUMN a) (COLUMN b)) (BINARY <> (COLUMN "
                             "a) (COLUMN c)))"},
        {"a <= b AND a >= c", "(BINARY AND (BINARY <= (COLUMN a) (COLUMN b)) (BINARY >= "
                              "(COLUMN a) (COLUMN c)))"},
        {"a = b = c", "ERROR 6: syntax error near \"=\""},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    teardown();
}

static void test_predicates(void) {
    setup();
    static const Case cases[] = {
        {"a IS NULL", "(IS NULL (COLUMN a))"},
        {"a IS NOT TRUE", "(IS NOT TRUE (COLUMN a))"},
        {"a IS FALSE", "(IS FALSE (COLUMN a))"},
        {"a IS NOT UNKNOWN", "(IS NOT UNKNOWN (COLUMN a))"},
        {"a IS DISTINCT FROM b", "(BINARY IS_DISTINCT (COLUMN a) (COLUMN b))"},
        {"a IS NOT DISTINCT FROM b + 1",
         "(BINARY IS_NOT_DISTINCT (COLUMN a) (BINARY + (COLUMN b) (LITERAL INTEGER 1)))"},
        {"a NOT BETWEEN SYMMETRIC 5 AND 1",
         "(NOT BETWEEN SYMMETRIC (COLUMN a) (LITERAL INTEGER 5) (LITERAL INTEGER 1))"},
        {"a BETWEEN ASYMMETRIC 1 AND 5",
         "(BETWEEN (COLUMN a) (LITERAL INTEGER 1) (LITERAL INTEGER 5))"},
        {"a IN (1, 2, 3)",
         "(IN (COLUMN a) (LITERAL INTEGER 1) (LITERAL INTEGER 2) (LITERAL INTEGER 3))"},
        {"a NOT IN ('x')", "(NOT IN (COLUMN a) (LITERAL STRING 'x'))"},
        {"a IN (SELECT b FROM t)", "(IN (COLUMN a) (SELECT (COLUMN b) (FROM (REF t))))"},
        {"a NOT IN (SELECT b FROM t)", "(NOT IN (COLUMN a) (SELECT (COLUMN b) (FROM (REF t))))"},
        {"a IN ((SELECT 1))", "(IN (COLUMN a) (SELECT (LITERAL INTEGER 1)))"},
        {"EXISTS (SELECT 1)", "(EXISTS (SELECT (LITERAL INTEGER 1)))"},
        {"NOT EXISTS (SELECT 1)", "(NOT EXISTS (SELECT (LITERAL INTEGER 1)))"},
        {"(SELECT MAX(x) FROM t) + 1",
         "(BINARY + (SUBQUERY (SELECT (FUNC MAX (COLUMN x)) (FROM (REF t)))) (LITERAL INTEGER "
         "1))"},
        {"((SELECT 1))", "(SUBQUERY (SELECT (LITERAL INTEGER 1)))"},
        {"a LIKE 'x%'", "(LIKE (COLUMN a) (LITERAL STRING 'x%'))"},
        {"a NOT LIKE 'x!%' ESCAPE '!'",
         "(NOT LIKE (COLUMN a) (LITERAL STRING 'x!%') ESCAPE (LITERAL STRING '!'))"},
        {"a SIMILAR TO '[ab]+'", "(SIMILAR (COLUMN a) (LITERAL STRING '[ab]+'))"},
        {"a NOT SIMILAR TO 'x'", "(NOT SIMILAR (COLUMN a) (LITERAL STRING 'x'))"},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    teardown();
}

static void test_special_forms_and_calls(void) {
    setup();
    static const Case cases[] = {
        {"CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END",
         "(CASE (COLUMN a) (WHEN (LITERAL INTEGER 1) (LITERAL STRING 'x')) (WHEN (LITERAL "
         "INTEGER 2) (LITERAL STRING 'y')) (ELSE (LITERAL STRING 'z')))"},
        {"CASE WHEN a > 1 THEN 1 END",
         "(CASE (WHEN (BINARY > (COLUMN a) (LITERAL INTEGER 1)) (LITERAL INTEGER 1)))"},
        {"TRY_CAST(a AS INT)", "(TRY_CAST (COLUMN a) INT)"},
        {"count(*)", "(FUNC COUNT *)"},
        {"Count(DISTINCT user_id)", "(FUNC COUNT DISTINCT (COLUMN user_id))"},
        {"SUM(amount) FILTER (WHERE amount > 0)",
         "(FUNC SUM (COLUMN amount) (FILTER (BINARY > (COLUMN amount) (LITERAL INTEGER 0))))"},
        {"now()", "(FUNC NOW)"},
        {"EXTRACT(YEAR FROM ts)", "(FUNC EXTRACT UNIT YEAR (COLUMN ts))"},
        {"FLOOR(ts TO HOUR)", "(FUNC FLOOR UNIT HOUR (COLUMN ts))"},
        {"CEIL(ts TO minutes)", "(FUNC CEIL UNIT MINUTE (COLUMN ts))"},
        {"FLOOR(x)", "(FUNC FLOOR (COLUMN x))"},
        {"FLOOR(x + INTERVAL '1' DAY TO HOUR)",
         "(FUNC FLOOR (BINARY + (COLUMN x) (LITERAL INTERVAL '1' DAY TO HOUR)))"},
        {"ROUND(x TO HOUR)", "ERROR 0: only FLOOR and CEIL take the form ROUND(x TO unit)"},
        {"POSITION('b' IN s)", "(FUNC POSITION (LITERAL STRING 'b') (COLUMN s))"},
        {"SUBSTRING(s FROM 2 FOR 3)",
         "(FUNC SUBSTRING (COLUMN s) (LITERAL INTEGER 2) (LITERAL INTEGER 3))"},
        {"SUBSTRING(s FROM 2)", "(FUNC SUBSTRING (COLUMN s) (LITERAL INTEGER 2))"},
        {"SUBSTRING(s, 2, 3)",
         "(FUNC SUBSTRING (COLUMN s) (LITERAL INTEGER 2) (LITERAL INTEGER 3))"},
        {"TRIM(BOTH 'x' FROM s)", "(FUNC TRIM TRIM_BOTH (COLUMN s) (LITERAL STRING 'x'))"},
        {"TRIM(LEADING FROM s)", "(FUNC TRIM TRIM_LEADING (COLUMN s))"},
        {"TRIM(TRAILING ' ' FROM s)", "(FUNC TRIM TRIM_TRAILING (COLUMN s) (LITERAL STRING ' '))"},
        {"TRIM('x' FROM s)", "(FUNC TRIM TRIM_BOTH (COLUMN s) (LITERAL STRING 'x'))"},
        {"TRIM(s)", "(FUNC TRIM TRIM_BOTH (COLUMN s))"},
        {"CURRENT_TIMESTAMP", "(FUNC CURRENT_TIMESTAMP NOARGS)"},
        {"current_date", "(FUNC CURRENT_DATE NOARGS)"},
        {"CURRENT_TIME", "(FUNC CURRENT_TIME NOARGS)"},
        {"LOCALTIMESTAMP", "(FUNC LOCALTIMESTAMP NOARGS)"},
        {"LOCALTIME", "(FUNC LOCALTIME NOARGS)"},
        {"LEFT(s, 2) || RIGHT(s, 1)",
         "(BINARY || (FUNC LEFT (COLUMN s) (LITERAL INTEGER 2)) (FUNC RIGHT (COLUMN s) (LITERAL "
         "INTEGER 1)))"},
        {"IF(a > 1, 'x', 'y')",
         "(FUNC IF (BINARY > (COLUMN a) (LITERAL INTEGER 1)) (LITERAL STRING 'x') (LITERAL "
         "STRING 'y'))"},
        {"ROW(1, 'a')", "(ROW (LITERAL INTEGER 1) (LITERAL STRING 'a'))"},
        {"(1, 'a')", "(ROW (LITERAL INTEGER 1) (LITERAL STRING 'a'))"},
        {"TIMESTAMPDIFF(DAY, a, b)", "(FUNC TIMESTAMPDIFF UNIT DAY (COLUMN a) (COLUMN b))"},
        {"timestampadd(hours, 1, ts)",
         "(FUNC TIMESTAMPADD UNIT HOUR (LITERAL INTEGER 1) (COLUMN ts))"},
        {"DATE_FORMAT(ts, 'yyyy-MM-dd')",
         "(FUNC DATE_FORMAT (COLUMN ts) (LITERAL STRING 'yyyy-MM-dd'))"},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    teardown();
}

static void test_over_windows(void) {
    setup();
    static const Case cases[] = {
        {"ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts DESC)",
         "(FUNC ROW_NUMBER (OVER (SPEC (PARTITION (COLUMN a)) (ORDER ((COLUMN ts) DESC)))))"},
        {"SUM(x) OVER (PARTITION BY a ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC (PARTITION (COLUMN a)) (ORDER ((COLUMN ts))) ROWS "
         "(PRECEDING (LITERAL INTEGER 2)) CURRENT_ROW)))"},
        {"SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC (ORDER ((COLUMN ts))) RANGE (PRECEDING (LITERAL "
         "INTERVAL '1' HOUR)) CURRENT_ROW)))"},
        {"SUM(x) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC (ORDER ((COLUMN ts))) ROWS UNBOUNDED_PRECEDING "
         "CURRENT_ROW)))"},
        {"SUM(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC ROWS UNBOUNDED_PRECEDING UNBOUNDED_FOLLOWING)))"},
        {"SUM(x) OVER (ROWS BETWEEN CURRENT ROW AND 3 FOLLOWING)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC ROWS CURRENT_ROW (FOLLOWING (LITERAL INTEGER 3)))))"},
        {"SUM(x) OVER w", "(FUNC SUM (COLUMN x) (OVER (SPEC REF w)))"},
        {"SUM(x) OVER (w ORDER BY ts)",
         "(FUNC SUM (COLUMN x) (OVER (SPEC REF w (ORDER ((COLUMN ts))))))"},
        {"COUNT(*) FILTER (WHERE a) OVER ()", "(FUNC COUNT * (FILTER (COLUMN a)) (OVER (SPEC)))"},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    teardown();
}

static void test_literals(void) {
    setup();
    static const Case cases[] = {
        {"NULL", "(LITERAL NULL)"},
        {"TRUE", "(LITERAL BOOL TRUE)"},
        {"false", "(LITERAL BOOL FALSE)"},
        {"42", "(LITERAL INTEGER 42)"},
        {"-42", "(UNARY - (LITERAL INTEGER 42))"},
        {"+1.5", "(UNARY + (LITERAL DECIMAL 1.5))"},
        {".5", "(LITERAL DECIMAL .5)"},
        {"1e3", "(LITERAL FLOAT 1e3)"},
        {"1.5E-3", "(LITERAL FLOAT 1.5E-3)"},
        {"'it''s'", "(LITERAL STRING 'it''s')"},
        {"''", "(LITERAL STRING '')"},
        {"TIMESTAMP '2020-04-15 08:05:00'", "(LITERAL TIMESTAMP '2020-04-15 08:05:00')"},
        {"TIMESTAMP WITH LOCAL TIME ZONE '2020-04-15 08:05:00'",
         "(LITERAL TIMESTAMP_LTZ '2020-04-15 08:05:00')"},
        {"DATE '2020-04-15'", "(LITERAL DATE '2020-04-15')"},
        {"TIME '08:05:00'", "(LITERAL TIME '08:05:00')"},
        {"INTERVAL '5' SECOND", "(LITERAL INTERVAL '5' SECOND)"},
        {"INTERVAL '10' MINUTES", "(LITERAL INTERVAL '10' MINUTE)"},
        {"INTERVAL '1 10' DAY TO HOUR", "(LITERAL INTERVAL '1 10' DAY TO HOUR)"},
        {"INTERVAL '2' YEAR", "(LITERAL INTERVAL '2' YEAR)"},
        {"INTERVAL '1-2' YEAR TO MONTH", "(LITERAL INTERVAL '1-2' YEAR TO MONTH)"},
        {"INTERVAL -'5' SECONDS", "(LITERAL INTERVAL -'5' SECOND)"},
        {"INTERVAL '-5' SECOND", "(LITERAL INTERVAL '-5' SECOND)"},
        {"INTERVAL 5 day", "(LITERAL INTERVAL '5' DAY)"},
        {"- INTERVAL '1' HOUR", "(UNARY - (LITERAL INTERVAL '1' HOUR))"},
        {"INTERVAL '5' FORTNIGHT", "ERROR 13: unknown time unit \"FORTNIGHT\""},
    };
    check_cases(cases, ARRAY_LEN(cases), true);
    AstExpr *e;
    CU_ASSERT_EQUAL(parse_expression("INTERVAL -'5' SECOND", g_arena, &e, &g_diag), 0);
    CU_ASSERT(e->is_negative);
    CU_ASSERT_STRING_EQUAL(e->text, "5");
    CU_ASSERT_EQUAL(parse_expression("TRUE", g_arena, &e, &g_diag), 0);
    CU_ASSERT(e->bool_value);
    teardown();
}

static void test_keywords_usable_as_column_names(void) {
    setup();
    static const Case cases[] = {
        {"SELECT ts, name, amount, user_id, status, channel, price, item, value, key, comment "
         "FROM t",
         "(QUERY (SELECT (COLUMN ts) (COLUMN name) (COLUMN amount) (COLUMN user_id) (COLUMN "
         "status) (COLUMN channel) (COLUMN price) (COLUMN item) (COLUMN value) (COLUMN key) "
         "(COLUMN comment) (FROM (REF t))))"},
        {"SELECT year, month, day, hour, minute, second, date, time, timestamp FROM t",
         "(QUERY (SELECT (COLUMN year) (COLUMN month) (COLUMN day) (COLUMN hour) (COLUMN "
         "minute) (COLUMN second) (COLUMN date) (COLUMN time) (COLUMN timestamp) (FROM (REF "
         "t))))"},
        {"SELECT t.date, t.key, data, position, first, last, offset FROM t",
         "(QUERY (SELECT (COLUMN t.date) (COLUMN t.key) (COLUMN data) (COLUMN position) (COLUMN "
         "first) (COLUMN last) (COLUMN offset) (FROM (REF t))))"},
        {"SELECT a AS value, b key FROM t AS date ORDER BY value DESC",
         "(QUERY (SELECT (AS (COLUMN a) value) (AS (COLUMN b) key) (FROM (REF t AS date)) "
         "(ORDER ((COLUMN value) DESC))))"},
        {"CREATE TABLE t (date DATE, time TIME, timestamp TIMESTAMP(3), key STRING, value INT, "
         "comment STRING COMMENT 'c', metadata INT, year INT)",
         "(CREATE_TABLE t (date DATE) (time TIME) (timestamp TIMESTAMP(3)) (key STRING) (value "
         "INT) (comment STRING COMMENT 'c') (metadata INT) (year INT) (WITH))"},
        {"SELECT `select`, `My Col`, `a``b` FROM `Weird Table`",
         "(QUERY (SELECT (COLUMN select) (COLUMN My Col) (COLUMN a`b) (FROM (REF Weird "
         "Table))))"},
        {"SELECT value FROM t WHERE key = 'k' GROUP BY value HAVING SUM(amount) > 0",
         "(QUERY (SELECT (COLUMN value) (FROM (REF t)) (WHERE (BINARY = (COLUMN key) (LITERAL "
         "STRING 'k'))) (GROUP (COLUMN value)) (HAVING (BINARY > (FUNC SUM (COLUMN amount)) "
         "(LITERAL INTEGER 0)))))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_keywords_are_case_insensitive(void) {
    setup();
    static const Case cases[] = {
        {"select DISTINCT a from T where A is not null order by A desc limit 1",
         "(QUERY (SELECT DISTINCT (COLUMN a) (FROM (REF T)) (WHERE (IS NOT NULL (COLUMN A))) "
         "(ORDER ((COLUMN A) DESC)) (LIMIT (LITERAL INTEGER 1))))"},
        {"CrEaTe TaBlE t (A int) WiTh ('k' = 'v')", "(CREATE_TABLE t (A INT) (WITH ('k' 'v')))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_scripts_comments_and_empty_statements(void) {
    setup();
    static const Case cases[] = {
        {"", ""},
        {";;", ""},
        {"-- only a comment\n/* and another */", ""},
        {"SELECT 1;;SELECT 2;", "(QUERY (SELECT (LITERAL INTEGER 1)))\n(QUERY (SELECT (LITERAL "
                                "INTEGER 2)))"},
        {"SELECT 1 -- the last ';' is optional", "(QUERY (SELECT (LITERAL INTEGER 1)))"},
        {"SELECT /* inline */ 1; -- done", "(QUERY (SELECT (LITERAL INTEGER 1)))"},
        {"SELECT ';' AS semi", "(QUERY (SELECT (AS (LITERAL STRING ';') semi)))"},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_syntax_errors_name_the_token_and_its_position(void) {
    setup();
    const char *sql = "SELECT 1;\nSELECT *\n  FROMM t;\nSELECT 3";
    dump_script(sql);
    CU_ASSERT_EQUAL(g_rc, -1);
    CU_ASSERT_STRING_EQUAL(g_diag.msg, "syntax error near \"FROMM\"");
    int line, col;
    diag_line_col(sql, g_diag.pos, &line, &col);
    CU_ASSERT_EQUAL(line, 3);
    CU_ASSERT_EQUAL(col, 3);
    /* the statements before the failing one are returned */
    CU_ASSERT_EQUAL(ast_list_len(g_stmts), 1);

    static const Case cases[] = {
        {"SELECT 1; SELECT", "(QUERY (SELECT (LITERAL INTEGER 1)))\nERROR 16: unexpected end "
                             "of input"},
        {"SELECT a FROM t WHERE", "ERROR 21: unexpected end of input"},
        {"SELECT (1 + 2", "ERROR 13: unexpected end of input"},
        {"EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;",
         "ERROR 51: unexpected end of input"},
        {"SELECT 1; SELECT 'abc", "(QUERY (SELECT (LITERAL INTEGER 1)))\nERROR 17: "
                                  "unterminated string literal"},
        {"SELECT 1; SELECT 2; SELECT a b c",
         "(QUERY (SELECT (LITERAL INTEGER 1)))\n(QUERY (SELECT (LITERAL INTEGER 2)))\nERROR 31: "
         "syntax error near \"c\""},
        {"SELECT 1 /* open", "ERROR 9: unterminated comment"},
        /* a lexical error right after a ';' keeps the statement before it */
        {"SELECT 1; 'abc", "(QUERY (SELECT (LITERAL INTEGER 1)))\nERROR 10: unterminated string "
                           "literal"},
        {"SELECT 1;#", "(QUERY (SELECT (LITERAL INTEGER 1)))\nERROR 9: unexpected character '#'"},
        {"BEGIN STATEMENT SET; INSERT INTO a SELECT 1; #", "ERROR 45: unexpected character '#'"},
        {"SELECT a ? b", "ERROR 9: unexpected character '?'"},
        {"CREATE TABLE t (a INT, WATERMARK FOR a AS a, WATERMARK FOR a AS a)",
         "ERROR 45: a table can have only one WATERMARK"},
        {"CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)",
         "ERROR 48: a table can have only one PRIMARY KEY"},
        {"SELECT 'a very long string literal that goes on and on and on' x y",
         "ERROR 65: syntax error near \"y\""},
        {"SELECT 1 'a very long string literal that goes on and on and on'",
         "ERROR 9: syntax error near \"'a very long string literal that goes on...\""},
    };
    check_cases(cases, ARRAY_LEN(cases), false);
    teardown();
}

static void test_positions_and_spans(void) {
    setup();
    const char *sql = "  CREATE VIEW v AS SELECT a + 1 AS x FROM t  ;";
    AstStmt *s = first_stmt(sql);
    CU_ASSERT_EQUAL(s->pos, 2);
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->span), "CREATE VIEW v AS SELECT a + 1 AS x FROM t");
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->query->span), "SELECT a + 1 AS x FROM t");
    AstSelectItem *item = s->query->select_list->items[0];
    CU_ASSERT_STRING_EQUAL(span_text(sql, item->expr->span), "a + 1");
    CU_ASSERT_EQUAL(item->expr->pos, 26);
    CU_ASSERT_EQUAL(item->expr->right->pos, 30);

    sql = "CREATE TABLE t (ts TIMESTAMP(3), t2 AS (ts + INTERVAL '1' SECOND) , "
          "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('a' = 'b')";
    s = first_stmt(sql);
    AstColumnDef *c = s->columns->items[1];
    CU_ASSERT_STRING_EQUAL(span_text(sql, c->computed->span), "(ts + INTERVAL '1' SECOND)");
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->watermark_expr->span), "ts - INTERVAL '5' SECOND");
    CU_ASSERT_EQUAL(s->watermark_pos, 68);
    CU_ASSERT_EQUAL(((AstColumnDef *)s->columns->items[0])->pos, 16);
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->span), sql);

    sql = "SELECT f(x) OVER (ORDER BY y), CAST(z AS INT), (a), -b FROM t";
    s = first_stmt(sql);
    const char *want[] = {"f(x) OVER (ORDER BY y)", "CAST(z AS INT)", "(a)", "-b"};
    for (int i = 0; i < 4; i++) {
        item = s->query->select_list->items[i];
        CU_ASSERT_STRING_EQUAL(span_text(sql, item->expr->span), want[i]);
    }

    sql = "(SELECT 1) UNION ALL (SELECT 2) ORDER BY 1;SELECT 3";
    s = first_stmt(sql);
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->span), "(SELECT 1) UNION ALL (SELECT 2) ORDER BY 1");
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->query->right->span), "(SELECT 2)");
    s = g_stmts->items[1];
    CU_ASSERT_EQUAL(s->pos, 43);

    sql = "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END";
    s = first_stmt(sql);
    CU_ASSERT_STRING_EQUAL(span_text(sql, s->span), sql);
    AstStmt *ins = s->statements->items[1];
    CU_ASSERT_STRING_EQUAL(span_text(sql, ins->span), "INSERT INTO b SELECT 2");

    sql = "SELECT * FROM Orders AS o JOIN Rates r ON o.k = r.k";
    s = first_stmt(sql);
    CU_ASSERT_EQUAL(s->query->from->right->pos, 31);
    teardown();
}

static void test_parse_expression_alone(void) {
    setup();
    const char *sql = "ts - INTERVAL '5' SECOND";
    AstExpr *e;
    CU_ASSERT_EQUAL(parse_expression(sql, g_arena, &e, &g_diag), 0);
    CU_ASSERT_EQUAL(e->kind, EXPR_BINARY);
    CU_ASSERT_EQUAL(e->span.start, 0);
    CU_ASSERT_EQUAL(e->span.end, (int)strlen(sql));
    CU_ASSERT_EQUAL(e->right->pos, 5);
    CU_ASSERT_EQUAL(parse_expression("a +", g_arena, &e, &g_diag), -1);
    CU_ASSERT_STRING_EQUAL(g_diag.msg, "unexpected end of input");
    CU_ASSERT_EQUAL(parse_expression("a; b", g_arena, &e, &g_diag), -1);
    CU_ASSERT_EQUAL(g_diag.pos, 1);
    CU_ASSERT_EQUAL(parse_expression("", g_arena, &e, &g_diag), -1);
    CU_ASSERT_EQUAL(parse_expression("SELECT 1", g_arena, &e, &g_diag), -1);
    teardown();
}

static void test_is_complete(void) {
    setup();
    CU_ASSERT_FALSE(parse_is_complete(""));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 1"));
    CU_ASSERT_TRUE(parse_is_complete("SELECT 1;"));
    CU_ASSERT_TRUE(parse_is_complete("SELECT 1;  -- trailing comment\n  "));
    CU_ASSERT_TRUE(parse_is_complete("SELECT 1; /* c */"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 1; SELECT 2"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT ';"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 'a;' "));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 1 -- ;"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 1 /* ; */"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT 1 /* ;"));
    CU_ASSERT_FALSE(parse_is_complete("SELECT `a;"));
    CU_ASSERT_TRUE(parse_is_complete("SELECT 'it''s';"));
    CU_ASSERT_FALSE(parse_is_complete("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"));
    CU_ASSERT_FALSE(parse_is_complete("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE "
                                      "WHEN x THEN 1 END FROM t;"));
    CU_ASSERT_TRUE(parse_is_complete("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE "
                                     "WHEN x THEN 1 END FROM t; END;"));
    CU_ASSERT_FALSE(parse_is_complete("BEGIN STATEMENT SET;"));
    CU_ASSERT_FALSE(parse_is_complete("BEGIN STATEMENT SET; INSERT INTO a SELECT 1;"));
    CU_ASSERT_TRUE(parse_is_complete("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END;"));
    CU_ASSERT_FALSE(parse_is_complete("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END"));
    CU_ASSERT_TRUE(parse_is_complete("SELECT begin, `end` FROM t;"));
    CU_ASSERT_TRUE(parse_is_complete("BEGIN;")); /* not a set: the parser will say so */
    CU_ASSERT_TRUE(parse_is_complete("begin statement;"));
    CU_ASSERT_TRUE(parse_is_complete("SELECT CASE WHEN a THEN 1 END FROM t;"));
    /* a stray character does not hide the end: the parser reports it */
    CU_ASSERT_TRUE(parse_is_complete("SELECT # FROM t;"));
    teardown();
}

static void test_deep_nesting_is_an_error_not_a_crash(void) {
    setup();
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT ");
    for (int i = 0; i < 5000; i++)
        sb_append_char(&sb, '(');
    sb_append(&sb, "1");
    for (int i = 0; i < 5000; i++)
        sb_append_char(&sb, ')');
    dump_script(sb_cstr(&sb));
    CU_ASSERT_EQUAL(g_rc, -1);
    CU_ASSERT_STRING_EQUAL(g_diag.msg, "statement is too deeply nested");
    /* it points into the text (found by fuzzing: it had no position) */
    CU_ASSERT_TRUE(g_diag.pos > 7 && g_diag.pos <= (int)sb.len);
    sb_free(&sb);
    /* a long flat list is fine */
    sb_init(&sb);
    sb_append(&sb, "SELECT 1");
    for (int i = 0; i < 5000; i++)
        sb_append(&sb, " + 1");
    dump_script(sb_cstr(&sb));
    CU_ASSERT_EQUAL(g_rc, 0);
    sb_free(&sb);
    teardown();
}

static void test_dump_handles_every_node(void) {
    setup();
    /* A whole Nexmark-style query, to check the dump never crashes on a big tree. */
    const char *sql =
        "INSERT INTO out SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra "
        "FROM bid B JOIN (SELECT MAX(B1.price) AS maxprice, TUMBLE_ROWTIME(B1.dateTime, "
        "INTERVAL '10' SECOND) AS dateTime FROM bid B1 GROUP BY TUMBLE(B1.dateTime, INTERVAL '10' "
        "SECOND)) B1 ON B.price = B1.maxprice WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL "
        "'10' SECOND AND B1.dateTime";
    dump_script(sql);
    CU_ASSERT_EQUAL(g_rc, 0);
    CU_ASSERT(g_out.len > 200);
    StrBuf sb;
    sb_init(&sb);
    ast_expr_dump(NULL, &sb);
    ast_query_dump(NULL, &sb);
    ast_stmt_dump(NULL, &sb);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "()()()");
    sb_free(&sb);
    teardown();
}

void suite_parser(void) {
    static CU_TestInfo tests[] = {
        {"select_clauses", test_select_clauses},
        {"from_subqueries_joins_and_table_functions",
         test_from_subqueries_joins_and_table_functions},
        {"set_operations_and_values", test_set_operations_and_values},
        {"create_table_every_column_form", test_create_table_every_column_form},
        {"types", test_types},
        {"views_drops_inserts", test_views_drops_inserts},
        {"statement_sets", test_statement_sets},
        {"set_reset_show_describe_explain", test_set_reset_show_describe_explain},
        {"operator_precedence", test_operator_precedence},
        {"predicates", test_predicates},
        {"special_forms_and_calls", test_special_forms_and_calls},
        {"over_windows", test_over_windows},
        {"literals", test_literals},
        {"keywords_usable_as_column_names", test_keywords_usable_as_column_names},
        {"keywords_are_case_insensitive", test_keywords_are_case_insensitive},
        {"scripts_comments_and_empty_statements", test_scripts_comments_and_empty_statements},
        {"syntax_errors_name_the_token_and_its_position",
         test_syntax_errors_name_the_token_and_its_position},
        {"positions_and_spans", test_positions_and_spans},
        {"parse_expression_alone", test_parse_expression_alone},
        {"is_complete", test_is_complete},
        {"deep_nesting_is_an_error_not_a_crash", test_deep_nesting_is_an_error_not_a_crash},
        {"dump_handles_every_node", test_dump_handles_every_node},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("parser", tests);
}
