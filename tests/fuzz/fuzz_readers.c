/*
 * fuzz_readers.c - libFuzzer target: arbitrary bytes as CSV and JSON-lines input.
 *
 * The first byte chooses the CSV options and the schema; the rest is the data, read
 * from an in-memory Input:
 *   bits 0-1  delimiter  ',' ';' '\t' '|'
 *   bit 2     quote '\'' instead of '"'    (with bit 3 and not bit 2: quoting disabled)
 *   bit 3     escape '\\'
 *   bit 4     allow comments
 *   bit 5     ignore parse errors (CSV and JSON)
 *   bit 6     header
 *   bit 7     null literal ("NULL", or "\N" when bits 0 and 7 are set)
 * and the input's length picks one of the fixed schemas below (all fields used, some
 * unused and the rest mapped to other columns, one STRING field, two fields).
 *
 * Each input goes through input_detect_format, csv_sniff and json_sniff (then a reader
 * with the sniffed schema, as the implicit stdin table does), and csv_reader_new and
 * json_reader_new with the fixed schema, each read to the end or the first error.
 * Checked: a batch never holds more than BATCH_CAPACITY rows, rows in total never
 * exceed the bytes of input plus one, an error has a message and is repeated by the
 * next call, and every non-NULL string's bytes are readable (each byte is touched, so
 * AddressSanitizer sees a dangling or out-of-bounds StrRef).
 *
 * Built and run by tests/fuzz/run-fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/connectors.h"

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_readers: invariant failed at %s:%d: %s\n", __FILE__,      \
                    __LINE__, #cond);                                                       \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

#define MAX_FIELDS 8

typedef struct Schema {
    int n_fields;
    const char *names[MAX_FIELDS];
    SqlType types[MAX_FIELDS];
    int field_to_col[MAX_FIELDS];
    int n_cols;
    SqlType col_types[MAX_FIELDS];
} Schema;

/* Fills col_types from the fields that map to a column. */
static void schema_finish(Schema *s) {
    for (int i = 0; i < s->n_fields; i++)
        if (s->field_to_col[i] >= 0)
            s->col_types[s->field_to_col[i]] = s->types[i];
}

static void mixed_types(Schema *s) {
    static const char *const names[] = {"i", "b", "d", "dec", "s", "ts", "dt", "ok"};
    s->n_fields = 8;
    for (int i = 0; i < 8; i++)
        s->names[i] = names[i];
    s->types[0] = type_make(TYPE_INT);
    s->types[1] = type_make(TYPE_BIGINT);
    s->types[2] = type_make(TYPE_DOUBLE);
    s->types[3] = type_decimal(10, 2);
    s->types[4] = type_string();
    s->types[5] = type_timestamp(3);
    s->types[6] = type_make(TYPE_DATE);
    s->types[7] = type_make(TYPE_BOOLEAN);
}

static void make_schema(Schema *s, int which) {
    memset(s, 0, sizeof *s);
    switch (which) {
        case 0: /* every field used, in order */
            mixed_types(s);
            for (int i = 0; i < 8; i++)
                s->field_to_col[i] = i;
            s->n_cols = 8;
            break;
        case 1: { /* some unused, the others in another order */
            static const int map[] = {-1, 3, 2, -1, 0, 1, -1, 4};
            mixed_types(s);
            memcpy(s->field_to_col, map, sizeof map);
            s->n_cols = 5;
            break;
        }
        case 2: /* one STRING field */
            s->n_fields = 1;
            s->names[0] = "line";
            s->types[0] = type_string();
            s->field_to_col[0] = 0;
            s->n_cols = 1;
            break;
        default: /* two fields, the string unused */
            s->n_fields = 2;
            s->names[0] = "s";
            s->names[1] = "n";
            s->types[0] = type_string();
            s->types[1] = type_make(TYPE_INT);
            s->field_to_col[0] = -1;
            s->field_to_col[1] = 0;
            s->n_cols = 1;
            break;
    }
    schema_finish(s);
}

/* Reads every byte of every live non-NULL string of the batch, checks the counts. */
static void touch_batch(const Batch *b, int rc) {
    CHECK(rc <= BATCH_CAPACITY);
    CHECK(b->n_rows == (uint32_t)rc);
    CHECK(batch_live_rows(b) <= (uint32_t)rc);
    volatile unsigned sum = 0;
    for (int c = 0; c < b->n_cols; c++) {
        const Vector *v = &b->cols[c];
        if (!type_info(v->type.id)->is_string)
            continue;
        const StrRef *strs = v->data;
        for (uint32_t i = 0; i < batch_live_rows(b); i++) {
            uint32_t row = batch_row(b, i);
            if (vec_is_null(v, row))
                continue;
            for (uint32_t k = 0; k < strs[row].len; k++)
                sum += (unsigned char)strs[row].ptr[k];
        }
    }
    (void)sum;
}

typedef int (*ReadFn)(void *r, Batch *out, Diag *diag);

static int csv_read(void *r, Batch *out, Diag *diag) {
    return csv_read_batch(r, out, diag);
}
static int json_read(void *r, Batch *out, Diag *diag) {
    return json_read_batch(r, out, diag);
}

/* Reads to the end or the first error. */
static void read_all(void *r, ReadFn read, Batch *b, size_t size) {
    Diag diag;
    diag_init(&diag);
    uint64_t total = 0;
    for (;;) {
        int rc = read(r, b, &diag);
        if (rc < 0) {
            CHECK(diag.is_set && diag.msg[0] != '\0');
            Diag again;
            diag_init(&again);
            CHECK(read(r, b, &again) == -1);
            break;
        }
        if (rc == 0)
            break;
        touch_batch(b, rc);
        total += (uint64_t)rc;
        CHECK(total <= size + 1);
    }
}

static void read_csv(const uint8_t *data, size_t size, const CsvOptions *opts, int n_fields,
                     const char *const *names, const SqlType *types, const int *map, int n_cols,
                     const SqlType *col_types) {
    Input *in = input_open_memory((const char *)data, size, "fuzz");
    CsvReader *r = csv_reader_new(in, opts, n_fields, names, types, map);
    Batch *b = batch_new(n_cols, col_types);
    read_all(r, csv_read, b, size);
    const Diag *first = csv_reader_first_skip(r);
    if (csv_reader_skipped(r) > 0)
        CHECK(first && first->is_set);
    batch_free(b);
    csv_reader_free(r);
    input_free(in);
}

static void read_json(const uint8_t *data, size_t size, const JsonOptions *opts, int n_fields,
                      const char *const *names, const SqlType *types, const int *map, int n_cols,
                      const SqlType *col_types) {
    Input *in = input_open_memory((const char *)data, size, "fuzz");
    JsonReader *r = json_reader_new(in, opts, n_fields, names, types, map);
    Batch *b = batch_new(n_cols, col_types);
    read_all(r, json_read, b, size);
    const Diag *first = json_reader_first_skip(r);
    if (json_reader_skipped(r) > 0)
        CHECK(first && first->is_set);
    batch_free(b);
    json_reader_free(r);
    input_free(in);
}

/* csv_sniff always finds a column (the header has one); json_sniff none for "{}". */
static void check_sniffed(int n, char **names, const SqlType *types, int min_n) {
    CHECK(n >= min_n);
    volatile size_t sum = 0;
    for (int i = 0; i < n; i++) {
        CHECK(names[i] != NULL);
        sum += strlen(names[i]);
        CHECK(types[i].id > TYPE_NULL && types[i].id < TYPE_COUNT_);
    }
    (void)sum;
}

/* Sniffs as the implicit stdin table does, then reads with what was inferred. */
static void sniff_and_read(const uint8_t *data, size_t size, const CsvOptions *csv,
                           const JsonOptions *json) {
    int n = 0;
    char **names = NULL;
    SqlType *types = NULL;
    Diag diag;
    diag_init(&diag);
    Input *in = input_open_memory((const char *)data, size, "fuzz");
    (void)input_detect_format(in);
    CsvOptions opts = *csv;
    opts.header = true;
    if (csv_sniff(in, &opts, &n, &names, &types, &diag) == 0) {
        check_sniffed(n, names, types, 1);
        int *map = malloc((size_t)n * sizeof(int));
        for (int i = 0; i < n; i++)
            map[i] = i;
        /* the sniffer consumed nothing: read from the same input */
        CsvReader *r = csv_reader_new(in, &opts, n, (const char *const *)names, types, map);
        Batch *b = batch_new(n, types);
        read_all(r, csv_read, b, size);
        batch_free(b);
        csv_reader_free(r);
        free(map);
        sniff_result_free(n, names, types);
    } else {
        CHECK(diag.is_set);
    }
    input_free(in);

    diag_init(&diag);
    in = input_open_memory((const char *)data, size, "fuzz");
    if (json_sniff(in, &n, &names, &types, &diag) == 0) {
        check_sniffed(n, names, types, 0);
        int *map = malloc((size_t)(n + 1) * sizeof(int));
        for (int i = 0; i < n; i++)
            map[i] = n - 1 - i;
        SqlType *col_types = malloc((size_t)(n + 1) * sizeof(SqlType));
        for (int i = 0; i < n; i++)
            col_types[map[i]] = types[i];
        JsonReader *r = json_reader_new(in, json, n, (const char *const *)names, types, map);
        Batch *b = batch_new(n, col_types);
        read_all(r, json_read, b, size);
        batch_free(b);
        json_reader_free(r);
        free(col_types);
        free(map);
        sniff_result_free(n, names, types);
    } else {
        CHECK(diag.is_set);
    }
    input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    uint8_t o = data[0];
    data++, size--;

    static const char delimiters[] = {',', ';', '\t', '|'};
    CsvOptions csv = csv_options_default();
    csv.delimiter = delimiters[o & 3];
    if (o & 4)
        csv.quote = '\'';
    else if (o & 8)
        csv.quote = '\0';
    csv.escape = (o & 8) ? '\\' : '\0';
    csv.allow_comments = (o & 16) != 0;
    csv.ignore_parse_errors = (o & 32) != 0;
    csv.header = (o & 64) != 0;
    csv.null_literal = (o & 128) ? ((o & 1) ? "\\N" : "NULL") : NULL;
    JsonOptions json = {(o & 32) != 0};

    Schema s;
    make_schema(&s, (int)(size % 4));
    read_csv(data, size, &csv, s.n_fields, s.names, s.types, s.field_to_col, s.n_cols,
             s.col_types);
    read_json(data, size, &json, s.n_fields, s.names, s.types, s.field_to_col, s.n_cols,
              s.col_types);
    sniff_and_read(data, size, &csv, &json);
    return 0;
}
