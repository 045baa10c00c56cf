/* test_catalog.c - tables, views, session settings and the function registry. */
#include "catalog/catalog.h"
#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>

static CatTable *table(const char *name) {
    CatTable *t = cat_table_new(CAT_TABLE, name);
    t->columns = xcalloc(2, sizeof(CatColumn));
    t->columns[0].name = xstrdup("id");
    t->columns[0].type = type_make(TYPE_BIGINT);
    t->columns[1].name = xstrdup("name");
    t->columns[1].type = type_string();
    t->n_columns = 2;
    t->options = xcalloc(1, sizeof(CatOption));
    t->options[0].key = xstrdup("connector");
    t->options[0].value = xstrdup("filesystem");
    t->n_options = 1;
    return t;
}

static void test_catalog_adds_finds_and_drops(void) {
    Catalog *cat = cat_new();
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(cat_add(cat, table("orders"), &d), 0);
    CU_ASSERT_EQUAL(cat_add(cat, table("bids"), &d), 0);
    CU_ASSERT_EQUAL(cat_count(cat), 2);
    CU_ASSERT_PTR_NOT_NULL(cat_lookup(cat, "orders"));
    CU_ASSERT_PTR_NULL(cat_lookup(cat, "Orders")); /* names are case-sensitive */
    CatTable *dup = table("orders");
    CU_ASSERT_EQUAL(cat_add(cat, dup, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "table 'orders' already exists");
    cat_table_free(dup);
    CU_ASSERT_EQUAL(cat_drop(cat, "orders"), 0);
    CU_ASSERT_EQUAL(cat_drop(cat, "orders"), -1);
    CU_ASSERT_EQUAL(cat_count(cat), 1);
    CU_ASSERT_STRING_EQUAL(cat_at(cat, 0)->name, "bids");
    cat_free(cat);
}

static void test_catalog_suggests_close_names(void) {
    Catalog *cat = cat_new();
    Diag d;
    diag_init(&d);
    cat_add(cat, table("orders"), &d);
    CU_ASSERT_STRING_EQUAL(cat_suggest(cat, "ordrs"), "orders");
    CU_ASSERT_PTR_NULL(cat_suggest(cat, "something_else"));
    cat_free(cat);
}

static void test_table_options_and_columns(void) {
    CatTable *t = table("t");
    CU_ASSERT_STRING_EQUAL(cat_table_option(t, "connector"), "filesystem");
    CU_ASSERT_PTR_NULL(cat_table_option(t, "path"));
    CU_ASSERT_EQUAL(cat_column_index(t, "name"), 1);
    CU_ASSERT_EQUAL(cat_column_index(t, "nope"), -1);
    cat_table_free(t);
    cat_table_free(NULL);
}

static void test_session_settings_set_replace_and_reset(void) {
    Catalog *cat = cat_new();
    cat_set_option(cat, "execution.runtime-mode", "streaming");
    cat_set_option(cat, "table.exec.state.ttl", "1 h");
    cat_set_option(cat, "execution.runtime-mode", "batch");
    CU_ASSERT_EQUAL(cat_option_count(cat), 2);
    CU_ASSERT_STRING_EQUAL(cat_get_option(cat, "execution.runtime-mode"), "batch");
    CU_ASSERT_EQUAL(cat_reset_option(cat, "execution.runtime-mode"), 1);
    CU_ASSERT_PTR_NULL(cat_get_option(cat, "execution.runtime-mode"));
    CU_ASSERT_EQUAL(cat_reset_option(cat, NULL), 1);
    CU_ASSERT_EQUAL(cat_option_count(cat), 0);
    cat_free(cat);
}

static void test_function_registry_knows_names_any_case(void) {
    const FuncInfo *f = cat_lookup_function("upper");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->name, "UPPER");
    CU_ASSERT_EQUAL(f->kind, FUNC_SCALAR);
    CU_ASSERT_TRUE(f->is_supported);
    const FuncInfo *count = cat_lookup_function("COUNT");
    CU_ASSERT_PTR_NOT_NULL_FATAL(count);
    CU_ASSERT_EQUAL(count->kind, FUNC_AGGREGATE);
    CU_ASSERT_EQUAL(cat_lookup_function("TUMBLE")->kind, FUNC_WINDOW_TVF);
    CU_ASSERT_PTR_NULL(cat_lookup_function("NO_SUCH_FUNCTION"));
    CU_ASSERT_STRING_EQUAL(cat_suggest_function("UPPR"), "UPPER");
    /* every name is listed once */
    for (int i = 0; i < cat_function_count(); i++)
        for (int j = i + 1; j < cat_function_count(); j++)
            CU_ASSERT_STRING_NOT_EQUAL(cat_function_at(i)->name, cat_function_at(j)->name);
}

static void test_expr_nodes_print_for_explain(void) {
    Arena *a = arena_new(4096);
    ExprNode *add = expr_node_new(a, EOP_ADD, type_make(TYPE_BIGINT), 2);
    add->args[0] = expr_column(a, 0, type_make(TYPE_BIGINT));
    ExprNode *two = expr_node_new(a, EOP_CONST, type_make(TYPE_BIGINT), 0);
    two->value.i64 = 2;
    add->args[1] = two;
    ExprNode *up = expr_node_new(a, EOP_UPPER, type_string(), 1);
    up->args[0] = expr_column(a, 1, type_string());
    const char *names[] = {"amount", "name"};
    StrBuf sb;
    sb_init(&sb);
    expr_to_string(add, names, &sb);
    sb_append(&sb, " | ");
    expr_to_string(up, NULL, &sb);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "(amount + 2) | UPPER($1)");
    sb_free(&sb);
    arena_free(a);
}

void suite_catalog(void) {
    static CU_TestInfo tests[] = {
        {"catalog_adds_finds_and_drops", test_catalog_adds_finds_and_drops},
        {"catalog_suggests_close_names", test_catalog_suggests_close_names},
        {"table_options_and_columns", test_table_options_and_columns},
        {"session_settings_set_replace_and_reset", test_session_settings_set_replace_and_reset},
        {"function_registry_knows_names_any_case", test_function_registry_knows_names_any_case},
        {"expr_nodes_print_for_explain", test_expr_nodes_print_for_explain},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("catalog", tests);
}
