/*
 * test_main.c - runs every unit-test suite with CUnit's basic runner and prints its
 * summary. Exit status is non-zero when any test fails.
 */
#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct SuiteEntry {
    const char *module;
    void (*add)(void);
} SuiteEntry;

/* One line per module; keep in the order of the dependency layers. */
static const SuiteEntry SUITES[] = {
    {"common", suite_common},   {"time", suite_time},         {"numfmt", suite_numfmt},
    {"types", suite_types},     {"catalog", suite_catalog},   {"tokenizer", suite_tokenizer},
    {"parser", suite_parser},   {"csv", suite_csv},           {"json", suite_json},
    {"sinks", suite_sinks},     {"expr", suite_expr},         {"accumulators", suite_accumulators},
    {"planner", suite_planner}, {"keytable", suite_keytable}, {"windows", suite_windows},
    {"dot", suite_dot},
    {"options", suite_options},
    {"nexmark", suite_nexmark},
    {"tee", suite_tee},
    /* SUITES: add new modules above this line */
};

void unit_add_suite(const char *name, CU_TestInfo *tests) {
    CU_pSuite suite = CU_add_suite(name, NULL, NULL);
    if (!suite) {
        fprintf(stderr, "cannot add suite %s: %s\n", name, CU_get_error_msg());
        exit(2);
    }
    for (CU_TestInfo *t = tests; t->pName; t++)
        CU_add_test(suite, t->pName, t->pTestFunc);
}

int main(int argc, char **argv) {
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (size_t i = 0; i < sizeof SUITES / sizeof SUITES[0]; i++)
        if (argc < 2 || strcmp(argv[1], SUITES[i].module) == 0)
            SUITES[i].add();
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
