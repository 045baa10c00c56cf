/*
 * catalog.c - the tables, views and session settings of one sluice session.
 *
 * A session holds few tables, so they are kept in an array in creation order and
 * found by a linear scan; SHOW TABLES lists them in that order. Names are compared
 * case-sensitively, as Flink's identifiers are. The catalog owns every string of its
 * entries (xstrdup'ed) and frees them on DROP or at the end.
 */
#include "catalog/catalog.h"

#include <stdlib.h>
#include <string.h>

struct Catalog {
    int n_tables;
    int cap_tables;
    CatTable **tables;
    int n_options;
    int cap_options;
    CatOption *options;
};

Catalog *cat_new(void) {
    return xcalloc(1, sizeof(Catalog));
}

void cat_free(Catalog *cat) {
    if (!cat)
        return;
    for (int i = 0; i < cat->n_tables; i++)
        cat_table_free(cat->tables[i]);
    free(cat->tables);
    for (int i = 0; i < cat->n_options; i++) {
        free(cat->options[i].key);
        free(cat->options[i].value);
    }
    free(cat->options);
    free(cat);
}

CatTable *cat_table_new(CatKind kind, const char *name) {
    CatTable *t = xcalloc(1, sizeof(CatTable));
    t->kind = kind;
    t->name = xstrdup(name);
    return t;
}

void cat_table_free(CatTable *t) {
    if (!t)
        return;
    for (int i = 0; i < t->n_columns; i++) {
        free(t->columns[i].name);
        free(t->columns[i].computed_sql);
        free(t->columns[i].comment);
    }
    free(t->columns);
    free(t->watermark_column);
    free(t->watermark_sql);
    for (int i = 0; i < t->n_primary_key; i++)
        free(t->primary_key[i]);
    free(t->primary_key);
    for (int i = 0; i < t->n_options; i++) {
        free(t->options[i].key);
        free(t->options[i].value);
    }
    free(t->options);
    free(t->view_sql);
    free(t->ddl_sql);
    free(t->name);
    free(t);
}

static int find_index(const Catalog *cat, const char *name) {
    for (int i = 0; i < cat->n_tables; i++)
        if (strcmp(cat->tables[i]->name, name) == 0)
            return i;
    return -1;
}

int cat_add(Catalog *cat, CatTable *t, Diag *diag) {
    if (find_index(cat, t->name) >= 0)
        return diag_set(diag, -1, "%s '%s' already exists", t->kind == CAT_VIEW ? "view" : "table",
                        t->name);
    if (cat->n_tables == cat->cap_tables) {
        cat->cap_tables = cat->cap_tables ? cat->cap_tables * 2 : 8;
        cat->tables = xrealloc(cat->tables, (size_t)cat->cap_tables * sizeof(CatTable *));
    }
    cat->tables[cat->n_tables++] = t;
    return 0;
}

CatTable *cat_lookup(const Catalog *cat, const char *name) {
    int i = find_index(cat, name);
    return i >= 0 ? cat->tables[i] : NULL;
}

const char *cat_suggest(const Catalog *cat, const char *name) {
    const char *best = NULL;
    int best_distance = 3;
    for (int i = 0; i < cat->n_tables; i++) {
        int d = str_edit_distance(name, cat->tables[i]->name, best_distance);
        if (d < best_distance) {
            best_distance = d;
            best = cat->tables[i]->name;
        }
    }
    return best;
}

int cat_drop(Catalog *cat, const char *name) {
    int i = find_index(cat, name);
    if (i < 0)
        return -1;
    cat_table_free(cat->tables[i]);
    memmove(&cat->tables[i], &cat->tables[i + 1],
            (size_t)(cat->n_tables - i - 1) * sizeof(CatTable *));
    cat->n_tables--;
    return 0;
}

int cat_count(const Catalog *cat) {
    return cat->n_tables;
}

const CatTable *cat_at(const Catalog *cat, int i) {
    return cat->tables[i];
}

const char *cat_table_option(const CatTable *t, const char *key) {
    for (int i = 0; i < t->n_options; i++)
        if (strcmp(t->options[i].key, key) == 0)
            return t->options[i].value;
    return NULL;
}

int cat_column_index(const CatTable *t, const char *name) {
    for (int i = 0; i < t->n_columns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- session settings -------------------------------------------------------------- */

void cat_set_option(Catalog *cat, const char *key, const char *value) {
    for (int i = 0; i < cat->n_options; i++) {
        if (strcmp(cat->options[i].key, key) == 0) {
            free(cat->options[i].value);
            cat->options[i].value = xstrdup(value);
            return;
        }
    }
    if (cat->n_options == cat->cap_options) {
        cat->cap_options = cat->cap_options ? cat->cap_options * 2 : 8;
        cat->options = xrealloc(cat->options, (size_t)cat->cap_options * sizeof(CatOption));
    }
    cat->options[cat->n_options].key = xstrdup(key);
    cat->options[cat->n_options].value = xstrdup(value);
    cat->n_options++;
}

int cat_reset_option(Catalog *cat, const char *key) {
    int kept = 0, removed = 0;
    for (int i = 0; i < cat->n_options; i++) {
        if (!key || strcmp(cat->options[i].key, key) == 0) {
            free(cat->options[i].key);
            free(cat->options[i].value);
            removed++;
        } else {
            cat->options[kept++] = cat->options[i];
        }
    }
    cat->n_options = kept;
    return removed;
}

const char *cat_get_option(const Catalog *cat, const char *key) {
    for (int i = 0; i < cat->n_options; i++)
        if (strcmp(cat->options[i].key, key) == 0)
            return cat->options[i].value;
    return NULL;
}

int cat_option_count(const Catalog *cat) {
    return cat->n_options;
}

const CatOption *cat_option_at(const Catalog *cat, int i) {
    return &cat->options[i];
}
