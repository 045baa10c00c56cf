/*
 * test_dot.c - the shell's dot-commands (shell/dot.c): each command's effect on the
 * session, its output, and that misuse (a bad or missing argument, an unknown
 * command, an unclosed quote) is an error that changes nothing.
 */
#include "shell/shell.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/unit.h"

static Session g_s;
static char *g_text;
static size_t g_len;

static void open_session(void) {
    session_init(&g_s);
    g_s.output = OUTPUT_CSV;
    g_text = NULL;
    g_len = 0;
    g_s.out = open_memstream(&g_text, &g_len);
}

/* Closes the session; g_text holds what it wrote (free it). */
static void close_session(void) {
    fclose(g_s.out);
    g_s.out = stdout;
    session_free(&g_s);
}

static void test_switches_set_and_misuse_changes_nothing(void) {
    open_session();
    CU_ASSERT_TRUE(g_s.headers && g_s.bail && !g_s.timer && !g_s.echo && !g_s.stats);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".timer on"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".echo ON"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, "  .headers off  "), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".bail 0"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".stats 1;"), DOT_OK);
    CU_ASSERT_TRUE(g_s.timer && g_s.echo && !g_s.headers && !g_s.bail && g_s.stats);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".timer maybe"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".timer"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".timer on off"), DOT_ERROR);
    CU_ASSERT_TRUE(g_s.timer);
    close_session();
    free(g_text);
}

static void test_mode_picks_the_output_format(void) {
    open_session();
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode changelog"), DOT_OK);
    CU_ASSERT_EQUAL(g_s.output, OUTPUT_CHANGELOG);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode JSON"), DOT_OK);
    CU_ASSERT_EQUAL(g_s.output, OUTPUT_JSON);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode table"), DOT_ERROR); /* the live view: no terminal */
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode xml"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode"), DOT_ERROR);
    CU_ASSERT_EQUAL(g_s.output, OUTPUT_JSON);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".mode tableau"), DOT_OK);
    CU_ASSERT_EQUAL(g_s.output, OUTPUT_TABLEAU);
    close_session();
    free(g_text);
}

static void test_help_lists_every_command(void) {
    open_session();
    CU_ASSERT_EQUAL(dot_run(&g_s, ".help"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".help me"), DOT_ERROR);
    close_session();
    const char *names[] = {".bail", ".echo", ".exit",   ".headers", ".help",   ".mode", ".output",
                           ".quit", ".read", ".schema", ".stats",   ".tables", ".timer"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(g_text, names[i]));
    free(g_text);
}

static void test_quit_exit_and_unknown_commands(void) {
    open_session();
    CU_ASSERT_EQUAL(dot_run(&g_s, ".quit"), DOT_QUIT);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".exit"), DOT_QUIT);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".exit now"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".nope"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, "."), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".read 'unclosed"), DOT_ERROR);
    close_session();
    free(g_text);
}

static void test_schema_and_tables_show_the_catalog(void) {
    open_session();
    CU_ASSERT_EQUAL(session_run_script(&g_s,
                                       "CREATE TABLE b (x INT) WITH ('connector' = 'stdin', "
                                       "'format' = 'csv'); CREATE VIEW a AS SELECT 1 AS one;",
                                       NULL),
                    0);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".schema"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".schema b"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".schema nope"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".tables"), DOT_OK);
    close_session();
    CU_ASSERT_STRING_EQUAL(g_text, "CREATE VIEW a AS SELECT 1 AS one;\n"
                                   "CREATE TABLE b (x INT) WITH ('connector' = 'stdin', "
                                   "'format' = 'csv');\n"
                                   "CREATE TABLE b (x INT) WITH ('connector' = 'stdin', "
                                   "'format' = 'csv');\n"
                                   "table name\na\nb\n");
    free(g_text);
}

static void test_read_runs_a_file_and_headers_off_drops_the_header(void) {
    char path[] = "/tmp/sluice-dot-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_TRUE(fd >= 0);
    const char *sql = "SELECT 1 AS x; SELECT 'a' AS y;";
    CU_ASSERT_EQUAL(write(fd, sql, strlen(sql)), (ssize_t)strlen(sql));
    close(fd);
    open_session();
    char cmd[64];
    snprintf(cmd, sizeof cmd, ".read %s", path);
    CU_ASSERT_EQUAL(dot_run(&g_s, cmd), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".headers off"), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, cmd), DOT_OK);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".read /nonexistent/file.sql"), DOT_ERROR);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".read"), DOT_ERROR);
    close_session();
    CU_ASSERT_STRING_EQUAL(g_text, "x\n1\ny\na\n1\na\n");
    free(g_text);
    unlink(path);
}

static void test_bail_off_goes_on_after_an_error(void) {
    open_session();
    CU_ASSERT_EQUAL(session_run_script(&g_s, "SELECT 1 AS x; SELECT nope; SELECT 2 AS x;", NULL),
                    1);
    CU_ASSERT_EQUAL(dot_run(&g_s, ".bail off"), DOT_OK);
    CU_ASSERT_EQUAL(session_run_script(&g_s, "SELECT 1 AS x; SELECT nope; SELECT 2 AS x;", NULL),
                    1);
    close_session();
    CU_ASSERT_STRING_EQUAL(g_text, "x\n1\nx\n1\nx\n2\n");
    free(g_text);
}

static CU_TestInfo TESTS[] = {
    {"switches set, misuse changes nothing", test_switches_set_and_misuse_changes_nothing},
    {"mode picks the output format", test_mode_picks_the_output_format},
    {"help lists every command", test_help_lists_every_command},
    {"quit, exit and unknown commands", test_quit_exit_and_unknown_commands},
    {"schema and tables show the catalog", test_schema_and_tables_show_the_catalog},
    {"read runs a file; headers off drops the header",
     test_read_runs_a_file_and_headers_off_drops_the_header},
    {"bail off goes on after an error", test_bail_off_goes_on_after_an_error},
    CU_TEST_INFO_NULL,
};

void suite_dot(void) {
    unit_add_suite("dot", TESTS);
}
