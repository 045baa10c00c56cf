/*
 * unit.h - shared declarations for the CUnit unit tests. Each tests/unit/test_<module>.c
 * defines one function `void suite_<module>(void)` that adds its suite and tests; the
 * table in test_main.c lists them all.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <CUnit/Basic.h>

/* Adds a suite with the given tests; tests is a NULL-name-terminated CU_TestInfo array. */
void unit_add_suite(const char *name, CU_TestInfo *tests);

void suite_common(void);
void suite_time(void);
void suite_numfmt(void);
void suite_types(void);
void suite_tokenizer(void);
void suite_parser(void);
void suite_csv(void);
void suite_json(void);
void suite_expr(void);
void suite_keytable(void);
void suite_accumulators(void);
void suite_catalog(void);
void suite_planner(void);
void suite_sinks(void);
void suite_windows(void);
void suite_dot(void);
void suite_options(void);
void suite_nexmark(void);
void suite_tee(void);

#endif /* TESTS_UNIT_UNIT_H */
