/* test_common.c - the arena, the string builder and diagnostics. */
#include "common/common.h"

#include <stdlib.h>
#include "tests/unit/unit.h"

#include <string.h>

static void test_arena_alloc_is_aligned_and_survives_growth(void) {
    Arena *a = arena_new(256);
    char *first = arena_strdup(a, "hello");
    for (int i = 0; i < 1000; i++) {
        void *p = arena_alloc(a, (size_t)(i % 97) + 1);
        CU_ASSERT_EQUAL((uintptr_t)p % 16, 0);
    }
    void *big = arena_alloc(a, 100000);
    memset(big, 1, 100000);
    CU_ASSERT_STRING_EQUAL(first, "hello");
    arena_free(a);
}

static void test_arena_reset_keeps_one_block_big_enough(void) {
    Arena *a = arena_new(256);
    for (int i = 0; i < 100; i++)
        arena_alloc(a, 100);
    arena_reset(a);
    CU_ASSERT_EQUAL(a->n_bytes, 0);
    CU_ASSERT_PTR_EQUAL(a->head, a->first);
    /* After a reset the first block holds what the last round used. */
    ArenaBlock *before = a->head;
    for (int i = 0; i < 100; i++)
        arena_alloc(a, 100);
    CU_ASSERT_PTR_EQUAL(a->head, before);
    arena_free(a);
}

static void test_strbuf_appends_and_formats(void) {
    StrBuf sb;
    sb_init(&sb);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "");
    sb_append(&sb, "ab");
    sb_append_char(&sb, 'c');
    sb_printf(&sb, "-%d-%s", 42, "x");
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "abc-42-x");
    CU_ASSERT_EQUAL(sb.len, 8);
    sb_clear(&sb);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "");
    sb_free(&sb);
}

static void test_diag_line_col_counts_lines_and_characters(void) {
    int line, col;
    diag_line_col("SELECT\n  x FROM t", 9, &line, &col);
    CU_ASSERT_EQUAL(line, 2);
    CU_ASSERT_EQUAL(col, 3);
    diag_line_col("'é' x", 5, &line, &col); /* é is two bytes, one column */
    CU_ASSERT_EQUAL(line, 1);
    CU_ASSERT_EQUAL(col, 5);
}

static void test_diag_print_draws_caret(void) {
    Diag d;
    diag_set(&d, 7, "unknown column \"x\"");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(&d, "SELECT x FROM t", NULL, f);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "Error: line 1, column 8: unknown column \"x\"\n"
                                "  SELECT x FROM t\n"
                                "         ^\n");
    free(buf);
}

static void test_edit_distance(void) {
    CU_ASSERT_EQUAL(str_edit_distance("amount", "amount", 5), 0);
    CU_ASSERT_EQUAL(str_edit_distance("amont", "amount", 5), 1);
    CU_ASSERT_EQUAL(str_edit_distance("AMOUNT", "amount", 5), 0);
    CU_ASSERT_EQUAL(str_edit_distance("abc", "xyz", 2), 2);
}

void suite_common(void) {
    static CU_TestInfo tests[] = {
        {"arena_alloc_is_aligned_and_survives_growth",
         test_arena_alloc_is_aligned_and_survives_growth},
        {"arena_reset_keeps_one_block_big_enough", test_arena_reset_keeps_one_block_big_enough},
        {"strbuf_appends_and_formats", test_strbuf_appends_and_formats},
        {"diag_line_col_counts_lines_and_characters",
         test_diag_line_col_counts_lines_and_characters},
        {"diag_print_draws_caret", test_diag_print_draws_caret},
        {"edit_distance", test_edit_distance},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("common", tests);
}
