/*
 * ddl.c - CREATE TABLE, CREATE VIEW, DROP, SHOW and DESCRIBE.
 *
 * CREATE TABLE checks what can be checked without reading data: column names are
 * unique, types are known, computed columns and the watermark bind against the
 * physical columns, the watermark column is a TIMESTAMP(3) and its expression gives
 * one, primary key columns exist. Connector options are checked when a query reads
 * the table, as Flink does. The catalog keeps the SQL text of computed columns, the
 * watermark and views, cut from the statement by the parser's spans.
 */
#include "planner/bind.h"

#include <stdlib.h>
#include <string.h>

static char *span_text(const PlannerEnv *env, AstSpan span) {
    if (span.start < 0 || span.end < span.start)
        return xstrdup("");
    return strndup(env->sql + span.start, (size_t)(span.end - span.start));
}

static bool is_time_attribute_type(const SqlType *t) {
    return (t->id == TYPE_TIMESTAMP || t->id == TYPE_TIMESTAMP_LTZ) && t->precision <= 3;
}

/* Adds the fields of ROW column c to the scope of physical columns, as "c.field". */
static int add_row_fields(Binder *b, const AstStmt *stmt, const AstColumnDef *c, Scope *phys) {
    const AstList *fields = c->type->fields;
    if (c->type->not_null)
        return diag_set(b->diag, c->type->pos, "not supported yet: NOT NULL on a ROW column");
    bool is_key = c->is_primary_key;
    for (int i = 0; i < ast_list_len(stmt->primary_key); i++)
        is_key |= !strcmp(stmt->primary_key->items[i], c->name);
    if (is_key)
        return diag_set(b->diag, c->pos, "not supported yet: a ROW column in the PRIMARY KEY");
    for (int f = 0; f < ast_list_len(fields); f++) {
        const AstRowField *rf = fields->items[f];
        for (int g = 0; g < f; g++)
            if (!strcmp(((const AstRowField *)fields->items[g])->name, rf->name))
                return diag_set(b->diag, rf->pos, "field '%s' is declared twice in ROW '%s'",
                                rf->name, c->name);
        if (rf->type->fields)
            return diag_set(b->diag, rf->type->pos, "not supported yet: a ROW inside a ROW");
        SqlType ty;
        if (!bind_type(b, rf->type, &ty))
            return -1;
        BindCol *bc = &phys->cols[phys->n_cols];
        bc->name = arena_printf(b->arena, "%s.%s", c->name, rf->name);
        bc->expr = expr_column(b->arena, phys->n_cols, ty);
        bc->row_name_len = (int)strlen(c->name);
        phys->n_cols++;
    }
    return 0;
}

int plan_create_table(const PlannerEnv *env, const AstStmt *stmt, Diag *diag) {
    Catalog *cat = env->cat;
    const CatTable *existing = cat_lookup(cat, stmt->name);
    if (existing) {
        if (stmt->if_not_exists && existing->kind == CAT_TABLE)
            return 0;
        return diag_set(diag, stmt->pos, "%s '%s' already exists",
                        existing->kind == CAT_VIEW ? "a view named" : "table", stmt->name);
    }
    Arena *arena = arena_new(16 * 1024);
    Binder b = {env, arena, diag, NULL, NULL, 0, NULL, -1};
    CatTable *t = cat_table_new(CAT_TABLE, stmt->name);
    t->is_temporary = stmt->is_temporary;
    int n = ast_list_len(stmt->columns);
    /* A ROW column becomes one catalog column per field, named "row.field". */
    int n_flat = 0;
    for (int i = 0; i < n; i++) {
        const AstColumnDef *c = stmt->columns->items[i];
        n_flat += c->type && c->type->fields ? ast_list_len(c->type->fields) : 1;
    }
    t->columns = xcalloc((size_t)(n_flat ? n_flat : 1), sizeof(CatColumn));
    /* physical columns first (computed ones are bound against them) */
    Scope phys = {0, arena_zalloc(arena, (size_t)(n_flat + 1) * sizeof(BindCol))};
    for (int i = 0; i < n; i++) {
        const AstColumnDef *c = stmt->columns->items[i];
        for (int j = 0; j < i; j++) {
            const AstColumnDef *o = stmt->columns->items[j];
            if (strcmp(o->name, c->name) == 0) {
                diag_set(diag, c->pos, "column '%s' is declared twice", c->name);
                goto fail;
            }
        }
        if (c->is_metadata) {
            diag_set(diag, c->pos, "not supported yet: METADATA columns");
            goto fail;
        }
        if (c->computed)
            continue;
        if (c->type->fields) {
            if (add_row_fields(&b, stmt, c, &phys) < 0)
                goto fail;
            continue;
        }
        SqlType ty;
        if (!bind_type(&b, c->type, &ty))
            goto fail;
        BindCol *bc = &phys.cols[phys.n_cols];
        bc->name = c->name;
        bc->expr = expr_column(arena, phys.n_cols, ty);
        phys.n_cols++;
    }
    for (int i = 0; i < phys.n_cols; i++) /* a field's "row.field" against the others */
        for (int j = 0; j < i; j++)
            if ((phys.cols[i].row_name_len || phys.cols[j].row_name_len) &&
                !strcmp(phys.cols[i].name, phys.cols[j].name)) {
                diag_set(diag, stmt->pos,
                         "column '%s' is declared twice (as a column and as a ROW field)",
                         phys.cols[i].name);
                goto fail;
            }
    int k_phys = 0;
    for (int i = 0; i < n; i++) {
        const AstColumnDef *c = stmt->columns->items[i];
        if (!c->computed) { /* one column, or a ROW's fields */
            int n_cols = c->type->fields ? ast_list_len(c->type->fields) : 1;
            for (int k = 0; k < n_cols; k++, k_phys++) {
                CatColumn *cc = &t->columns[t->n_columns++];
                cc->name = xstrdup(phys.cols[k_phys].name);
                cc->type = phys.cols[k_phys].expr->type;
                cc->row_name_len = c->type->fields ? (int)strlen(c->name) : 0;
                cc->comment = c->comment && k == 0 ? xstrdup(c->comment) : NULL;
            }
            continue;
        }
        CatColumn *cc = &t->columns[t->n_columns++];
        cc->name = xstrdup(c->name);
        cc->comment = c->comment ? xstrdup(c->comment) : NULL;
        ExprNode *e = bind_expr(&b, &phys, c->computed);
        if (!e)
            goto fail;
        cc->type = e->type;
        cc->computed_sql = span_text(env, c->computed->span);
        cc->computed_pos = c->computed->span.start;
    }
    if (stmt->watermark_column) {
        int wi = cat_column_index(t, stmt->watermark_column);
        if (wi < 0) {
            diag_set(diag, stmt->watermark_pos, "watermark column '%s' is not a column of '%s'",
                     stmt->watermark_column, stmt->name);
            goto fail;
        }
        if (!is_time_attribute_type(&t->columns[wi].type)) {
            diag_set(diag, stmt->watermark_pos,
                     "watermark column '%s' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), not %s",
                     stmt->watermark_column, type_name_arena(&t->columns[wi].type, arena));
            goto fail;
        }
        /* The watermark expression may use every column, computed ones included. */
        Scope all = {0, arena_zalloc(arena, (size_t)(t->n_columns + 1) * sizeof(BindCol))};
        for (int i = 0; i < t->n_columns; i++) {
            all.cols[all.n_cols].name = t->columns[i].name;
            all.cols[all.n_cols].expr = expr_column(arena, i, t->columns[i].type);
            all.n_cols++;
        }
        ExprNode *w = bind_expr(&b, &all, stmt->watermark_expr);
        if (!w)
            goto fail;
        if (!is_time_attribute_type(&w->type)) {
            diag_set(diag, stmt->watermark_expr->pos,
                     "the watermark expression must return TIMESTAMP(3), not %s",
                     type_name_arena(&w->type, arena));
            goto fail;
        }
        t->watermark_column = xstrdup(stmt->watermark_column);
        t->watermark_sql = span_text(env, stmt->watermark_expr->span);
    }
    /* primary key: a table-level list, or inline on columns */
    int n_pk = ast_list_len(stmt->primary_key);
    for (int i = 0; i < n; i++)
        n_pk += ((const AstColumnDef *)stmt->columns->items[i])->is_primary_key;
    if (n_pk > 0) {
        t->primary_key = xcalloc((size_t)n_pk, sizeof(char *));
        for (int i = 0; i < ast_list_len(stmt->primary_key); i++) {
            const char *k = stmt->primary_key->items[i];
            int ci = cat_column_index(t, k);
            if (ci < 0) {
                diag_set(diag, stmt->pos, "primary key column '%s' is not a column of '%s'", k,
                         stmt->name);
                goto fail;
            }
            t->primary_key[t->n_primary_key++] = xstrdup(k);
            t->columns[ci].type.not_null = true;
        }
        for (int i = 0; i < n; i++) {
            const AstColumnDef *c = stmt->columns->items[i];
            if (c->is_primary_key) {
                t->primary_key[t->n_primary_key++] = xstrdup(c->name);
                t->columns[cat_column_index(t, c->name)].type.not_null = true;
            }
        }
    }
    int n_opt = ast_list_len(stmt->options);
    t->options = xcalloc((size_t)(n_opt ? n_opt : 1), sizeof(CatOption));
    for (int i = 0; i < n_opt; i++) {
        const AstOption *o = stmt->options->items[i];
        for (int j = 0; j < i; j++) {
            if (strcmp(((const AstOption *)stmt->options->items[j])->key, o->key) == 0) {
                diag_set(diag, o->pos, "option '%s' is given twice", o->key);
                goto fail;
            }
        }
        t->options[t->n_options].key = xstrdup(o->key);
        t->options[t->n_options].value = xstrdup(o->value);
        t->n_options++;
    }
    t->ddl_sql = span_text(env, stmt->span);
    if (cat_add(cat, t, diag) < 0)
        goto fail;
    arena_free(arena);
    return 0;
fail:
    cat_table_free(t);
    arena_free(arena);
    return -1;
}

int plan_create_view(const PlannerEnv *env, const AstStmt *stmt, Diag *diag) {
    const CatTable *existing = cat_lookup(env->cat, stmt->name);
    if (existing) {
        if (stmt->if_not_exists && existing->kind == CAT_VIEW)
            return 0;
        return diag_set(diag, stmt->pos, "%s '%s' already exists",
                        existing->kind == CAT_VIEW ? "view" : "a table named", stmt->name);
    }
    Arena *arena = arena_new(16 * 1024);
    PlanNode *plan;
    if (plan_query(env, stmt->query, arena, &plan, diag) < 0) {
        arena_free(arena);
        return -1;
    }
    int n_names = ast_list_len(stmt->column_names);
    if (n_names > 0 && n_names != plan->n_cols) {
        diag_set(diag, stmt->pos, "view '%s' names %d columns but its query has %d", stmt->name,
                 n_names, plan->n_cols);
        arena_free(arena);
        return -1;
    }
    CatTable *t = cat_table_new(CAT_VIEW, stmt->name);
    t->is_temporary = stmt->is_temporary;
    t->columns = xcalloc((size_t)(plan->n_cols ? plan->n_cols : 1), sizeof(CatColumn));
    for (int i = 0; i < plan->n_cols; i++) {
        CatColumn *c = &t->columns[t->n_columns++];
        c->name = xstrdup(n_names ? (const char *)stmt->column_names->items[i] : plan->names[i]);
        c->type = plan->types[i];
    }
    /* Stored as a query of its own; column names given on the view rename its output. */
    char *q = span_text(env, stmt->query->span);
    if (n_names) {
        StrBuf sb;
        sb_init(&sb);
        sb_append(&sb, "SELECT * FROM (");
        sb_append(&sb, q);
        sb_append(&sb, ") AS v__(");
        for (int i = 0; i < n_names; i++) {
            sb_append(&sb, i ? ", `" : "`");
            for (const char *c = stmt->column_names->items[i]; *c; c++) {
                if (*c == '`') /* quoted as the user wrote it: `` for ` */
                    sb_append_char(&sb, '`');
                sb_append_char(&sb, *c);
            }
            sb_append_char(&sb, '`');
        }
        sb_append(&sb, ")");
        free(q);
        q = xstrdup(sb_cstr(&sb));
        sb_free(&sb);
    }
    t->view_sql = q;
    t->ddl_sql = span_text(env, stmt->span);
    arena_free(arena);
    return cat_add(env->cat, t, diag);
}

int plan_drop(const PlannerEnv *env, const AstStmt *stmt, Diag *diag) {
    bool want_view = stmt->kind == STMT_DROP_VIEW;
    const CatTable *t = cat_lookup(env->cat, stmt->name);
    if (!t) {
        if (stmt->if_exists)
            return 0;
        return diag_set(diag, stmt->pos, "%s '%s' not found", want_view ? "view" : "table",
                        stmt->name);
    }
    if ((t->kind == CAT_VIEW) != want_view)
        return diag_set(diag, stmt->pos, "'%s' is a %s; use DROP %s", stmt->name,
                        t->kind == CAT_VIEW ? "view" : "table",
                        t->kind == CAT_VIEW ? "VIEW" : "TABLE");
    return cat_drop(env->cat, stmt->name);
}

/* ---- result sets ------------------------------------------------------------------- */

static void rs_init(ResultSet *rs, Arena *arena, int n_cols, const char *const *names) {
    rs->n_cols = n_cols;
    rs->names = arena_alloc(arena, (size_t)n_cols * sizeof(char *));
    for (int i = 0; i < n_cols; i++)
        rs->names[i] = names[i];
    rs->n_rows = 0;
    rs->cap_rows = 0;
    rs->cells = NULL;
}

static void rs_add_row(ResultSet *rs, Arena *arena, const char *const *cells) {
    if (rs->n_rows == rs->cap_rows) {
        int cap = rs->cap_rows ? rs->cap_rows * 2 : 16;
        const char **bigger = arena_alloc(arena, (size_t)cap * (size_t)rs->n_cols * sizeof(char *));
        if (rs->n_rows)
            memcpy(bigger, rs->cells, (size_t)rs->n_rows * (size_t)rs->n_cols * sizeof(char *));
        rs->cells = bigger;
        rs->cap_rows = cap;
    }
    for (int i = 0; i < rs->n_cols; i++)
        rs->cells[rs->n_rows * rs->n_cols + i] = cells[i] ? arena_strdup(arena, cells[i]) : NULL;
    rs->n_rows++;
}

int plan_show(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, ResultSet *out,
              Diag *diag) {
    switch (stmt->kind) {
        case STMT_SHOW_TABLES:
        case STMT_SHOW_VIEWS: {
            bool views = stmt->kind == STMT_SHOW_VIEWS;
            const char *name = views ? "view name" : "table name";
            rs_init(out, arena, 1, &name);
            /* Flink lists tables and views under SHOW TABLES, views alone under SHOW VIEWS,
             * sorted by name. */
            int n = cat_count(env->cat);
            const char **names = arena_alloc(arena, (size_t)(n + 1) * sizeof(char *));
            int k = 0;
            for (int i = 0; i < n; i++) {
                const CatTable *t = cat_at(env->cat, i);
                if (!views || t->kind == CAT_VIEW)
                    names[k++] = t->name;
            }
            for (int i = 1; i < k; i++)
                for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                    const char *tmp = names[j];
                    names[j] = names[j - 1];
                    names[j - 1] = tmp;
                }
            for (int i = 0; i < k; i++)
                rs_add_row(out, arena, &names[i]);
            return 0;
        }
        case STMT_SHOW_FUNCTIONS: {
            const char *name = "function name";
            rs_init(out, arena, 1, &name);
            for (int i = 0; i < cat_function_count(); i++) {
                const FuncInfo *f = cat_function_at(i);
                if (f->is_supported)
                    rs_add_row(out, arena, &f->name);
            }
            return 0;
        }
        case STMT_SHOW_CREATE_TABLE: {
            const CatTable *t = cat_lookup(env->cat, stmt->name);
            if (!t)
                return diag_set(diag, stmt->pos, "table '%s' not found", stmt->name);
            const char *name = "result";
            rs_init(out, arena, 1, &name);
            const char *ddl = t->ddl_sql;
            rs_add_row(out, arena, &ddl);
            return 0;
        }
        default:
            return diag_set(diag, stmt->pos, "not a SHOW statement");
    }
}

/* Is a computed column's text `PROCTIME()` (any case and spacing)? */
static bool is_proctime_sql(const char *sql) {
    char word[16];
    size_t n = 0;
    for (const char *p = sql; *p && n < sizeof word - 1; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            word[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    word[n] = '\0';
    return strcmp(word, "PROCTIME()") == 0;
}

int plan_describe(const PlannerEnv *env, const AstStmt *stmt, Arena *arena, ResultSet *out,
                  Diag *diag) {
    const CatTable *t = cat_lookup(env->cat, stmt->name);
    if (!t) {
        const char *s = cat_suggest(env->cat, stmt->name);
        if (s)
            return diag_set(diag, stmt->pos, "table '%s' not found; did you mean '%s'?", stmt->name,
                            s);
        return diag_set(diag, stmt->pos, "table '%s' not found", stmt->name);
    }
    static const char *const NAMES[] = {"name", "type", "null", "key", "extras", "watermark"};
    rs_init(out, arena, 6, NAMES);
    for (int i = 0; i < t->n_columns; i++) {
        const CatColumn *c = &t->columns[i];
        StrBuf type;
        sb_init(&type);
        if (c->row_name_len) { /* the ROW column whose fields start here, as Flink shows it */
            size_t len = (size_t)c->row_name_len;
            sb_append(&type, "ROW<");
            int first = i;
            for (; i < t->n_columns && t->columns[i].row_name_len == c->row_name_len &&
                   !strncmp(t->columns[i].name, c->name, len + 1);
                 i++) {
                sb_printf(&type, "%s`%s` ", i > first ? ", " : "", t->columns[i].name + len + 1);
                type_to_string(&t->columns[i].type, &type);
            }
            i--; /* the loop's i++ moves past the last field */
            sb_append(&type, ">");
            const char *cells[6] = {
                arena_strndup(arena, c->name, len), sb_cstr(&type), "TRUE", "", "", ""};
            rs_add_row(out, arena, cells);
            sb_free(&type);
            continue;
        }
        SqlType ty = c->type;
        ty.not_null = false;
        type_to_string(&ty, &type);
        bool is_rowtime = t->watermark_column && strcmp(t->watermark_column, c->name) == 0;
        if (is_rowtime)
            sb_append(&type, " *ROWTIME*");
        else if (c->computed_sql && is_proctime_sql(c->computed_sql))
            sb_append(&type, " *PROCTIME*");
        const char *key = NULL;
        for (int k = 0; k < t->n_primary_key; k++)
            if (strcmp(t->primary_key[k], c->name) == 0) {
                StrBuf kb;
                sb_init(&kb);
                sb_append(&kb, "PRI(");
                for (int j = 0; j < t->n_primary_key; j++)
                    sb_printf(&kb, "%s%s", j ? ", " : "", t->primary_key[j]);
                sb_append(&kb, ")");
                key = arena_strdup(arena, sb_cstr(&kb));
                sb_free(&kb);
            }
        const char *extras = c->computed_sql ? arena_printf(arena, "AS %s", c->computed_sql) : "";
        const char *wm = is_rowtime ? t->watermark_sql : "";
        const char *cells[6] = {c->name,        sb_cstr(&type), c->type.not_null ? "FALSE" : "TRUE",
                                key ? key : "", extras,         wm};
        rs_add_row(out, arena, cells);
        sb_free(&type);
    }
    return 0;
}
