/*
 * test_options.c - the command line (shell/options.c): each option, its argument, and
 * the bad command lines with their messages.
 */
#include "shell/shell.h"

#include <string.h>

#include "tests/unit/unit.h"

/* Parses the NULL-terminated arguments after "sluice". */
static int parse(Options *o, bool terminal, const char *a0, const char *a1, const char *a2,
                 const char *a3) {
    const char *argv[6] = {"sluice", a0, a1, a2, a3, NULL};
    int argc = 1;
    while (argc < 5 && argv[argc])
        argc++;
    return options_parse(argc, argv, terminal, o);
}

static void test_each_option_and_its_argument(void) {
    Options o;
    CU_ASSERT_EQUAL(parse(&o, false, "-c", "SELECT 1", "-o", "changelog"), OPTIONS_RUN);
    CU_ASSERT_STRING_EQUAL(o.command, "SELECT 1");
    CU_ASSERT_TRUE(o.output_is_set);
    CU_ASSERT_EQUAL(o.output, OUTPUT_CHANGELOG);
    CU_ASSERT_TRUE(o.bail);
    CU_ASSERT_EQUAL(parse(&o, false, "--file", "a.sql", "--continue-on-error", NULL), OPTIONS_RUN);
    CU_ASSERT_STRING_EQUAL(o.file, "a.sql");
    CU_ASSERT_FALSE(o.bail);
    CU_ASSERT_EQUAL(parse(&o, false, "b.sql", "--format", "JSON", NULL), OPTIONS_RUN);
    CU_ASSERT_STRING_EQUAL(o.file, "b.sql");
    CU_ASSERT_TRUE(o.stdin_format_forced);
    CU_ASSERT_EQUAL(o.stdin_format, INPUT_FORMAT_JSON);
    CU_ASSERT_EQUAL(parse(&o, true, "-i", "init.sql", "-o", "table"), OPTIONS_RUN);
    CU_ASSERT_STRING_EQUAL(o.init, "init.sql");
    CU_ASSERT_EQUAL(o.output, OUTPUT_TABLE);
    /* -i with a script: the init file runs first, then the script */
    CU_ASSERT_EQUAL(parse(&o, false, "-i", "ddl.sql", "-f", "q0.sql"), OPTIONS_RUN);
    CU_ASSERT_STRING_EQUAL(o.init, "ddl.sql");
    CU_ASSERT_STRING_EQUAL(o.file, "q0.sql");
    CU_ASSERT_EQUAL(parse(&o, false, NULL, NULL, NULL, NULL), OPTIONS_RUN);
    CU_ASSERT_PTR_NULL(o.command);
    CU_ASSERT_PTR_NULL(o.file);
    CU_ASSERT_FALSE(o.output_is_set);
}

static void test_help_and_version_win(void) {
    Options o;
    CU_ASSERT_EQUAL(parse(&o, false, "-c", "x", "--help", NULL), OPTIONS_HELP);
    CU_ASSERT_EQUAL(parse(&o, false, "-h", NULL, NULL, NULL), OPTIONS_HELP);
    CU_ASSERT_EQUAL(parse(&o, false, "-V", NULL, NULL, NULL), OPTIONS_VERSION);
    CU_ASSERT_EQUAL(parse(&o, false, "--version", NULL, NULL, NULL), OPTIONS_VERSION);
}

static void expect_bad(const char *a0, const char *a1, const char *a2, bool terminal,
                       const char *message) {
    Options o;
    CU_ASSERT_EQUAL(parse(&o, terminal, a0, a1, a2, NULL), OPTIONS_BAD);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.error, message));
    if (!strstr(o.error, message))
        fprintf(stderr, "\n  got '%s', want '%s'", o.error, message);
}

static void test_bad_command_lines(void) {
    expect_bad("-c", NULL, NULL, false, "option '-c' needs an argument");
    expect_bad("-f", NULL, NULL, false, "option '-f' needs an argument");
    expect_bad("--init", NULL, NULL, false, "option '--init' needs an argument");
    expect_bad("-o", NULL, NULL, false, "option -o needs one of");
    expect_bad("-o", "xml", NULL, false, "option -o needs one of");
    expect_bad("-o", "table", NULL, false, "needs a terminal");
    expect_bad("--format", "xml", NULL, false, "--format needs csv or json");
    expect_bad("-x", NULL, NULL, false, "unknown option '-x'");
    expect_bad("a.sql", "b.sql", NULL, false, "unexpected argument 'b.sql'");
    expect_bad("-c", "SELECT 1", "a.sql", false, "unexpected argument 'a.sql'");
    expect_bad("a.sql", "-c", "SELECT 1", false, "either -c or a file");
}

static CU_TestInfo TESTS[] = {
    {"each option and its argument", test_each_option_and_its_argument},
    {"help and version win", test_help_and_version_win},
    {"bad command lines", test_bad_command_lines},
    CU_TEST_INFO_NULL,
};

void suite_options(void) {
    unit_add_suite("options", TESTS);
}
