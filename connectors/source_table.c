/*
 * source_table.c - the source of a table declared with a connector: it checks the
 * table's options, opens its input and wraps the format's reader.
 *
 * Connectors: 'filesystem' (a 'path', read once to its end) and 'stdin' (sluice's own:
 * the process's standard input). Formats: 'csv' and 'json' with Flink's option names.
 * Options are checked when a query reads the table, as Flink does, and an unknown
 * option is an error that lists the known ones: a misspelt option must not be
 * silently ignored.
 */
#include "connectors/connectors.h"
#include "connectors/reader.h"

#include <stdlib.h>
#include <string.h>

typedef struct TableSource {
    Source base;
    Input *input;
    bool owns_input;
    CsvReader *csv;
    JsonReader *json;
    Batch *batch;
    char *name;
} TableSource;

static int table_next(Source *src, Batch **out, Diag *diag) {
    TableSource *ts = (TableSource *)src;
    ts->input->wake_at = src->wake_at;
    ts->input->timed_out = false;
    int n = ts->csv ? csv_read_batch(ts->csv, ts->batch, diag)
                    : json_read_batch(ts->json, ts->batch, diag);
    ts->base.rows_skipped = ts->csv ? csv_reader_skipped(ts->csv) : json_reader_skipped(ts->json);
    if (n == 0 && ts->input->timed_out) { /* an operator's timer is due: no rows yet */
        ts->batch->n_rows = 0;
        *out = ts->batch;
        return 1;
    }
    if (n <= 0)
        return n;
    *out = ts->batch;
    return 1;
}

static void table_explain(const Source *src, StrBuf *out) {
    const TableSource *ts = (const TableSource *)src;
    sb_printf(out, "TableSourceScan(table=[%s])", ts->name);
}

static void table_destroy(Source *src) {
    TableSource *ts = (TableSource *)src;
    csv_reader_free(ts->csv);
    json_reader_free(ts->json);
    if (ts->owns_input)
        input_free(ts->input);
    batch_free(ts->batch);
    free(ts->name);
    free(ts);
}

static const SourceVtbl TABLE_VTBL = {
    .next = table_next,
    .explain = table_explain,
    .destroy = table_destroy,
};

const Diag *source_table_first_skip(const Source *src) {
    const TableSource *ts = (const TableSource *)src;
    return ts->csv ? csv_reader_first_skip(ts->csv) : json_reader_first_skip(ts->json);
}

/* ---- options ----------------------------------------------------------------------- */

static const char *const COMMON_KEYS[] = {"connector", "format", NULL};
static const char *const FILESYSTEM_KEYS[] = {"path", "source.monitor-interval", NULL};
static const char *const CSV_KEYS[] = {"csv.field-delimiter",
                                       "csv.quote-character",
                                       "csv.disable-quote-character",
                                       "csv.allow-comments",
                                       "csv.ignore-parse-errors",
                                       "csv.null-literal",
                                       "csv.escape-character",
                                       "csv.array-element-delimiter",
                                       "csv.header",
                                       NULL};
static const char *const JSON_KEYS[] = {"json.ignore-parse-errors", "json.fail-on-missing-field",
                                        "json.timestamp-format.standard", "json.map-null-key.mode",
                                        NULL};

static bool in_list(const char *const *keys, const char *key) {
    for (; *keys; keys++)
        if (strcmp(*keys, key) == 0)
            return true;
    return false;
}

static int check_options(const CatTable *t, const char *connector, InputFormat format, Diag *diag) {
    for (int i = 0; i < t->n_options; i++) {
        const char *k = t->options[i].key;
        if (in_list(COMMON_KEYS, k))
            continue;
        if (strcmp(connector, "filesystem") == 0 && in_list(FILESYSTEM_KEYS, k))
            continue;
        if (format == INPUT_FORMAT_CSV && in_list(CSV_KEYS, k))
            continue;
        if (format == INPUT_FORMAT_JSON && in_list(JSON_KEYS, k))
            continue;
        StrBuf sb;
        sb_init(&sb);
        const char *const *lists[4] = {
            COMMON_KEYS, strcmp(connector, "filesystem") == 0 ? FILESYSTEM_KEYS : NULL,
            format == INPUT_FORMAT_CSV ? CSV_KEYS : JSON_KEYS, NULL};
        const char *best = NULL;
        int best_distance = 4;
        for (int l = 0; l < 3; l++)
            for (const char *const *p = lists[l]; p && *p; p++) {
                sb_printf(&sb, "%s'%s'", sb.len ? ", " : "", *p);
                /* 'csv.delimiter' is close to 'csv.field-delimiter' by its last word */
                const char *word = strrchr(k, '.') ? strrchr(k, '.') + 1 : k;
                int d = strlen(word) >= 4 && strstr(*p, word)
                            ? 1
                            : str_edit_distance(k, *p, best_distance);
                if (d < best_distance) {
                    best_distance = d;
                    best = *p;
                }
            }
        if (best)
            diag_set(diag, -1, "table '%s': unsupported option '%s'; did you mean '%s'?", t->name,
                     k, best);
        else
            diag_set(diag, -1,
                     "table '%s': unsupported option '%s' for connector '%s' (supported: %s)",
                     t->name, k, connector, sb_cstr(&sb));
        sb_free(&sb);
        return -1;
    }
    return 0;
}

static int bool_option(const CatTable *t, const char *key, bool *out, Diag *diag) {
    const char *v = cat_table_option(t, key);
    if (!v)
        return 0;
    if (str_ieq(v, "true"))
        *out = true;
    else if (str_ieq(v, "false"))
        *out = false;
    else
        return diag_set(diag, -1, "table '%s': option '%s' must be 'true' or 'false', not '%s'",
                        t->name, key, v);
    return 0;
}

/* A one-character option; "\t" written as backslash-t is a tab. */
static int char_option(const CatTable *t, const char *key, char *out, Diag *diag) {
    const char *v = cat_table_option(t, key);
    if (!v)
        return 0;
    if (strcmp(v, "\\t") == 0)
        *out = '\t';
    else if (strlen(v) == 1)
        *out = v[0];
    else
        return diag_set(diag, -1, "table '%s': option '%s' must be a single character, not '%s'",
                        t->name, key, v);
    return 0;
}

int source_csv_options(const CatTable *t, CsvOptions *opts, Diag *diag) {
    *opts = csv_options_default();
    bool disable_quote = false;
    if (char_option(t, "csv.field-delimiter", &opts->delimiter, diag) < 0 ||
        char_option(t, "csv.quote-character", &opts->quote, diag) < 0 ||
        char_option(t, "csv.escape-character", &opts->escape, diag) < 0 ||
        bool_option(t, "csv.allow-comments", &opts->allow_comments, diag) < 0 ||
        bool_option(t, "csv.ignore-parse-errors", &opts->ignore_parse_errors, diag) < 0 ||
        bool_option(t, "csv.header", &opts->header, diag) < 0 ||
        bool_option(t, "csv.disable-quote-character", &disable_quote, diag) < 0)
        return -1;
    if (disable_quote)
        opts->quote = '\0';
    opts->null_literal = cat_table_option(t, "csv.null-literal");
    return 0;
}

/* ---- making the source ------------------------------------------------------------- */

Source *source_table_new(const CatTable *t, int n_fields, const char *const *field_names,
                         const SqlType *field_types, const int *field_to_col, int n_cols,
                         const SqlType *col_types, Input *stdin_input, Diag *diag) {
    const char *connector = cat_table_option(t, "connector");
    const char *format_name = cat_table_option(t, "format");
    if (!connector) {
        diag_set(diag, -1, "table '%s' has no 'connector' option", t->name);
        return NULL;
    }
    bool is_file = strcmp(connector, "filesystem") == 0;
    bool is_stdin = strcmp(connector, "stdin") == 0;
    if (!is_file && !is_stdin) {
        diag_set(diag, -1,
                 "not supported yet: connector '%s' (table '%s'); supported: 'filesystem', "
                 "'stdin', 'datagen', 'nexmark'",
                 connector, t->name);
        return NULL;
    }
    InputFormat format = INPUT_FORMAT_CSV;
    if (format_name && strcmp(format_name, "json") == 0) {
        format = INPUT_FORMAT_JSON;
    } else if (format_name && strcmp(format_name, "csv") != 0) {
        diag_set(diag, -1, "not supported yet: format '%s' (table '%s'); supported: 'csv', 'json'",
                 format_name, t->name);
        return NULL;
    } else if (!format_name && is_file) {
        diag_set(diag, -1, "table '%s' needs a 'format' option ('csv' or 'json')", t->name);
        return NULL;
    }
    if (check_options(t, connector, format, diag) < 0)
        return NULL;
    for (int i = 0; i < t->n_columns; i++) {
        if (t->columns[i].row_name_len) {
            diag_set(diag, -1,
                     "not supported yet: ROW columns in a '%s' table ('%s'; the 'datagen' and "
                     "'nexmark' connectors fill them)",
                     connector, t->name);
            return NULL;
        }
    }
    TableSource *ts = xcalloc(1, sizeof(TableSource));
    ts->base.vt = &TABLE_VTBL;
    ts->name = xstrdup(t->name);
    ts->base.name = ts->name;
    if (is_file) {
        const char *path = cat_table_option(t, "path");
        if (!path) {
            diag_set(diag, -1, "table '%s' (connector 'filesystem') needs a 'path' option",
                     t->name);
            goto fail;
        }
        if (!(ts->input = input_open_path(path, diag)))
            goto fail;
        ts->owns_input = true;
    } else {
        ts->input = stdin_input;
    }
    ts->batch = batch_new(n_cols, col_types);
    if (format == INPUT_FORMAT_CSV) {
        CsvOptions opts;
        if (source_csv_options(t, &opts, diag) < 0)
            goto fail;
        ts->csv =
            csv_reader_new(ts->input, &opts, n_fields, field_names, field_types, field_to_col);
    } else {
        JsonOptions opts = {false};
        bool ignore = false;
        if (bool_option(t, "json.ignore-parse-errors", &ignore, diag) < 0)
            goto fail;
        opts.ignore_parse_errors = ignore;
        ts->json =
            json_reader_new(ts->input, &opts, n_fields, field_names, field_types, field_to_col);
    }
    return &ts->base;
fail:
    table_destroy(&ts->base);
    return NULL;
}

void source_table_set_batch_rows(Source *src, uint32_t n) {
    TableSource *ts = (TableSource *)src;
    ReaderCore *c = ts->csv ? csv_reader_core(ts->csv) : json_reader_core(ts->json);
    c->max_rows = n < 1 ? 1 : n > BATCH_CAPACITY ? BATCH_CAPACITY : n;
}
