/* test_sinks.c - the output sinks: the exact text of each format. */
#include "connectors/connectors.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/unit.h"

/* ---- helpers ------------------------------------------------------------------------ */

typedef struct Capture {
    char *text;
    size_t len;
    FILE *f;
} Capture;

static void capture_open(Capture *c) {
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
}

/* Closes the stream; c->text holds everything written. */
static void capture_close(Capture *c) {
    fclose(c->f);
    c->f = NULL;
}

static Operator *make_sink(OutputFormat format, bool is_updating, Capture *c, int n_cols,
                           const char *const *names, const SqlType *types) {
    SinkOptions opts = sink_options_default(format);
    opts.out = c->f;
    opts.is_updating = is_updating;
    return sink_new(&opts, n_cols, names, types);
}

static void push_ok(Operator *sink, Batch *b) {
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(op_push(sink, 0, b, &d), 0);
}

static void finish_ok(Operator *sink) {
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(op_finish(sink, &d), 0);
}

static void set_i32(Batch *b, int col, uint32_t row, int32_t v) {
    ((int32_t *)b->cols[col].data)[row] = v;
}
static void set_i64(Batch *b, int col, uint32_t row, int64_t v) {
    ((int64_t *)b->cols[col].data)[row] = v;
}
static void set_f64(Batch *b, int col, uint32_t row, double v) {
    ((double *)b->cols[col].data)[row] = v;
}
static void set_bool(Batch *b, int col, uint32_t row, bool v) {
    ((uint8_t *)b->cols[col].data)[row] = v;
}
static void set_str(Batch *b, int col, uint32_t row, const char *s) {
    StrRef *r = &((StrRef *)b->cols[col].data)[row];
    r->len = (uint32_t)strlen(s);
    r->ptr = arena_strndup(b->arena, s, r->len);
}
static void set_str_n(Batch *b, int col, uint32_t row, const char *s, uint32_t len) {
    StrRef *r = &((StrRef *)b->cols[col].data)[row];
    r->len = len;
    r->ptr = arena_strndup(b->arena, s, len);
}

static int64_t ts_ms(int year, int month, int day, int h, int m, int s, int ms) {
    return time_days_from_civil(year, month, day) * MS_PER_DAY + h * MS_PER_HOUR +
           m * MS_PER_MINUTE + s * MS_PER_SECOND + ms;
}

static int32_t date_days(int year, int month, int day) {
    return (int32_t)time_days_from_civil(year, month, day);
}

/* ---- a batch of every common type --------------------------------------------------- */

static const char *const MIX_NAMES[] = {"name", "age", "ts", "amount", "ok", "score", "day"};

static void mix_types(SqlType *types) {
    types[0] = type_string();
    types[1] = type_make(TYPE_INT);
    types[2] = type_timestamp(3);
    types[3] = type_decimal(10, 2);
    types[4] = type_make(TYPE_BOOLEAN);
    types[5] = type_make(TYPE_DOUBLE);
    types[6] = type_make(TYPE_DATE);
}

/* Row 0: ana, 24, 2020-10-10 00:00, 11.00, true, 12.5, 2020-10-10
 * Row 1: bo b, -7, 2020-04-15 08:05:00.5, -0.05, false, 1.0E10, 1999-12-31
 * Row 2: all NULL */
static Batch *mix_batch(void) {
    SqlType types[7];
    mix_types(types);
    Batch *b = batch_new(7, types);
    b->n_rows = 3;
    set_str(b, 0, 0, "ana");
    set_i32(b, 1, 0, 24);
    set_i64(b, 2, 0, ts_ms(2020, 10, 10, 0, 0, 0, 0));
    set_i64(b, 3, 0, 1100);
    set_bool(b, 4, 0, true);
    set_f64(b, 5, 0, 12.5);
    set_i32(b, 6, 0, date_days(2020, 10, 10));
    set_str(b, 0, 1, "bo b");
    set_i32(b, 1, 1, -7);
    set_i64(b, 2, 1, ts_ms(2020, 4, 15, 8, 5, 0, 500));
    set_i64(b, 3, 1, -5);
    set_bool(b, 4, 1, false);
    set_f64(b, 5, 1, 1e10);
    set_i32(b, 6, 1, date_days(1999, 12, 31));
    for (int col = 0; col < 7; col++)
        vec_set_null(&b->cols[col], 2);
    return b;
}

/* ---- changelog ---------------------------------------------------------------------- */

static void test_changelog_prints_flink_print_connector_lines(void) {
    SqlType types[7];
    mix_types(types);
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CHANGELOG, false, &c, 7, MIX_NAMES, types);
    Batch *b = mix_batch();
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "+I[ana, 24, 2020-10-10T00:00, 11.00, true, 12.5, 2020-10-10]\n"
                                   "+I[bo b, -7, 2020-04-15T08:05:00.500, -0.05, false, 1.0E10, "
                                   "1999-12-31]\n"
                                   "+I[null, null, null, null, null, null, null]\n");
    CU_ASSERT_EQUAL(sink_rows_written(sink), 3);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_changelog_honours_selection_and_row_kinds(void) {
    SqlType types[2] = {type_string(), type_make(TYPE_BIGINT)};
    const char *names[] = {"who", "n"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CHANGELOG, true, &c, 2, names, types);
    Batch *b = batch_new(2, types);
    b->n_rows = 4;
    const char *who[] = {"a", "b", "c", "d"};
    for (uint32_t i = 0; i < 4; i++) {
        set_str(b, 0, i, who[i]);
        set_i64(b, 1, i, (int64_t)i * 1000000000000LL);
        b->kinds_buf[i] = (uint8_t)i;
    }
    b->row_kinds = b->kinds_buf;
    b->sel = b->sel_buf;
    b->sel_buf[0] = 1;
    b->sel_buf[1] = 2;
    b->sel_buf[2] = 3;
    b->n_sel = 3;
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "-U[b, 1000000000000]\n"
                                   "+U[c, 2000000000000]\n"
                                   "-D[d, 3000000000000]\n");
    CU_ASSERT_EQUAL(sink_rows_written(sink), 3);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

/* ---- csv ---------------------------------------------------------------------------- */

static void test_csv_writes_header_and_text_values(void) {
    SqlType types[7];
    mix_types(types);
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CSV, false, &c, 7, MIX_NAMES, types);
    Batch *b = mix_batch();
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    /* Only the delimiter, quotes and line breaks make a field quoted (RFC 4180). */
    CU_ASSERT_STRING_EQUAL(c.text, "name,age,ts,amount,ok,score,day\n"
                                   "ana,24,2020-10-10 00:00:00,11.00,true,12.5,2020-10-10\n"
                                   "bo b,-7,2020-04-15 08:05:00.5,-0.05,false,1.0E10,"
                                   "1999-12-31\n"
                                   ",,,,,,\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_csv_quotes_only_fields_that_need_it(void) {
    SqlType types[1] = {type_string()};
    const char *names[] = {"the text"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CSV, false, &c, 1, names, types);
    Batch *b = batch_new(1, types);
    const char *values[] = {"a,b",   "say \"hi\"", "line\nbreak", "cr\r",       "",
                            "plain", "x-y_z.1/é",  "#hash",       "semi;colon:"};
    uint32_t n = (uint32_t)ARRAY_LEN(values);
    for (uint32_t i = 0; i < n; i++)
        set_str(b, 0, i, values[i]);
    b->n_rows = n + 1;
    vec_set_null(&b->cols[0], n);
    push_ok(sink, b);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "the text\n"
                                   "\"a,b\"\n"
                                   "\"say \"\"hi\"\"\"\n"
                                   "\"line\nbreak\"\n"
                                   "\"cr\r\"\n"
                                   "\"\"\n"
                                   "plain\n"
                                   "x-y_z.1/é\n"
                                   "#hash\n"
                                   "semi;colon:\n"
                                   "\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_csv_updating_result_has_op_column(void) {
    SqlType types[2] = {type_string(), type_make(TYPE_BIGINT)};
    const char *names[] = {"who", "n"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CSV, true, &c, 2, names, types);
    Batch *b = batch_new(2, types);
    b->n_rows = 2;
    set_str(b, 0, 0, "ana");
    set_i64(b, 1, 0, 1);
    set_str(b, 0, 1, "ana");
    set_i64(b, 1, 1, 2);
    b->row_kinds = b->kinds_buf;
    b->kinds_buf[0] = ROWKIND_UPDATE_BEFORE;
    b->kinds_buf[1] = ROWKIND_UPDATE_AFTER;
    push_ok(sink, b);
    /* A second batch: no second header; NULL row_kinds means +I. */
    batch_reset(b);
    b->n_rows = 1;
    set_str(b, 0, 0, "bo");
    set_i64(b, 1, 0, INT64_MIN);
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "op,who,n\n"
                                   "-U,ana,1\n"
                                   "+U,ana,2\n"
                                   "+I,bo,-9223372036854775808\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_csv_without_header_and_empty_batches(void) {
    SqlType types[1] = {type_make(TYPE_INT)};
    const char *names[] = {"x"};
    Capture c;
    capture_open(&c);
    SinkOptions opts = sink_options_default(OUTPUT_CSV);
    opts.out = c.f;
    opts.print_header = false;
    Operator *sink = sink_new(&opts, 1, names, types);
    Batch *b = batch_new(1, types);
    b->n_rows = 2;
    set_i32(b, 0, 0, 5);
    set_i32(b, 0, 1, INT32_MIN);
    b->sel = b->sel_buf;
    b->n_sel = 0; /* nothing live */
    push_ok(sink, b);
    b->sel = NULL;
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "5\n-2147483648\n");
    CU_ASSERT_EQUAL(sink_rows_written(sink), 2);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_csv_full_batch_of_long_quoted_strings(void) {
    SqlType types[2] = {type_make(TYPE_BIGINT), type_string()};
    const char *names[] = {"id", "s"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CSV, false, &c, 2, names, types);
    Batch *b = batch_new(2, types);
    char text[301];
    memset(text, '"', 300);
    text[300] = '\0';
    for (uint32_t i = 0; i < BATCH_CAPACITY; i++) {
        set_i64(b, 0, i, (int64_t)i);
        set_str(b, 1, i, text);
    }
    b->n_rows = BATCH_CAPACITY;
    push_ok(sink, b);
    capture_close(&c);
    /* Each line: the id, ',', 600 quotes inside 2 quotes, '\n'. */
    size_t expected = strlen("id,s\n");
    for (uint32_t i = 0; i < BATCH_CAPACITY; i++)
        expected += (size_t)snprintf(NULL, 0, "%u", i) + 1 + 600 + 2 + 1;
    CU_ASSERT_EQUAL(c.len, expected);
    CU_ASSERT_EQUAL(sink_rows_written(sink), BATCH_CAPACITY);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_csv_other_types(void) {
    SqlType types[5] = {type_make(TYPE_TIMESTAMP_LTZ), type_make(TYPE_INTERVAL_DT),
                        type_make(TYPE_TIME), type_make(TYPE_FLOAT), type_decimal(18, 0)};
    types[0].precision = 3;
    const char *names[] = {"ltz", "iv", "t", "f", "d"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_CSV, false, &c, 5, names, types);
    Batch *b = batch_new(5, types);
    b->n_rows = 1;
    set_i64(b, 0, 0, ts_ms(2021, 1, 2, 3, 4, 5, 120));
    set_i64(b, 1, 0, 5000);
    set_i32(b, 2, 0, (int32_t)(8 * MS_PER_HOUR + 5 * MS_PER_MINUTE));
    ((float *)b->cols[3].data)[0] = 0.1f;
    set_i64(b, 4, 0, -123456789012345678LL);
    push_ok(sink, b);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "ltz,iv,t,f,d\n"
                                   "2021-01-02 03:04:05.12Z,5000,08:05:00,0.1,"
                                   "-123456789012345678\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

/* ---- json --------------------------------------------------------------------------- */

static void test_json_writes_one_object_a_line(void) {
    SqlType types[7];
    mix_types(types);
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_JSON, false, &c, 7, MIX_NAMES, types);
    Batch *b = mix_batch();
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(
        c.text,
        "{\"name\":\"ana\",\"age\":24,\"ts\":\"2020-10-10 00:00:00\",\"amount\":11.00,"
        "\"ok\":true,\"score\":12.5,\"day\":\"2020-10-10\"}\n"
        "{\"name\":\"bo b\",\"age\":-7,\"ts\":\"2020-04-15 08:05:00.5\",\"amount\":-0.05,"
        "\"ok\":false,\"score\":1.0E10,\"day\":\"1999-12-31\"}\n"
        "{\"name\":null,\"age\":null,\"ts\":null,\"amount\":null,\"ok\":null,\"score\":null,"
        "\"day\":null}\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_json_escapes_strings_and_special_doubles(void) {
    SqlType types[2] = {type_string(), type_make(TYPE_DOUBLE)};
    const char *names[] = {"s\"q", "d"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_JSON, true, &c, 2, names, types);
    Batch *b = batch_new(2, types);
    b->n_rows = 4;
    set_str(b, 0, 0, "a\"b\\c/d\n\t\r\b\f\x01\x1f\x7f");
    set_f64(b, 1, 0, 0.0 / 0.0);
    set_str(b, 0, 1, "h\xc3\xa9llo \xe4\xb8\xad \xf0\x9f\x98\x80");
    set_f64(b, 1, 1, 1.0 / 0.0);
    set_str_n(b, 0, 2, "bad\xff\xc3(\xed\xa0\x80!\0z", 12);
    set_f64(b, 1, 2, -1.0 / 0.0);
    set_str(b, 0, 3, "");
    set_f64(b, 1, 3, -0.0);
    b->row_kinds = b->kinds_buf;
    b->kinds_buf[0] = ROWKIND_INSERT;
    b->kinds_buf[1] = ROWKIND_UPDATE_BEFORE;
    b->kinds_buf[2] = ROWKIND_UPDATE_AFTER;
    b->kinds_buf[3] = ROWKIND_DELETE;
    push_ok(sink, b);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(
        c.text, "{\"op\":\"+I\",\"s\\\"q\":\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001F\x7f\","
                "\"d\":\"NaN\"}\n"
                "{\"op\":\"-U\",\"s\\\"q\":\"h\xc3\xa9llo \xe4\xb8\xad \xf0\x9f\x98\x80\","
                "\"d\":\"Infinity\"}\n"
                "{\"op\":\"+U\",\"s\\\"q\":\"bad\\uFFFD\\uFFFD(\\uFFFD\\uFFFD\\uFFFD!\\u0000z\","
                "\"d\":\"-Infinity\"}\n"
                "{\"op\":\"-D\",\"s\\\"q\":\"\",\"d\":-0.0}\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_json_numbers_intervals_and_ltz(void) {
    SqlType types[4] = {type_make(TYPE_BIGINT), type_make(TYPE_INTERVAL_YM),
                        type_make(TYPE_TIMESTAMP_LTZ), type_decimal(5, 3)};
    types[2].precision = 3;
    const char *names[] = {"n", "months", "at", "x"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_JSON, false, &c, 4, names, types);
    Batch *b = batch_new(4, types);
    b->n_rows = 1;
    set_i64(b, 0, 0, INT64_MAX);
    set_i64(b, 1, 0, 14);
    set_i64(b, 2, 0, ts_ms(1970, 1, 1, 0, 0, 1, 0));
    set_i64(b, 3, 0, 7);
    push_ok(sink, b);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "{\"n\":9223372036854775807,\"months\":14,"
                                   "\"at\":\"1970-01-01 00:00:01Z\",\"x\":0.007}\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

/* ---- tableau ------------------------------------------------------------------------ */

static void test_tableau_streams_rows_with_type_widths(void) {
    SqlType types[7];
    mix_types(types);
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_TABLEAU, false, &c, 7, MIX_NAMES, types);
    Batch *b = mix_batch();
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    /* Widths: STRING 30, INT 11, TIMESTAMP(3) 23, DECIMAL(10,2) 12, BOOLEAN 6 (<NULL>),
     * DOUBLE 30, DATE 10. */
    const char *border =
        "+--------------------------------+-------------+-------------------------"
        "+--------------+--------+--------------------------------+------------+\n";
    char expected[2048];
    snprintf(expected, sizeof expected,
             "%s"
             "|                           name |         age |                      ts "
             "|       amount |     ok |                          score |        day |\n"
             "%s"
             "|                            ana |          24 | 2020-10-10 00:00:00.000 "
             "|        11.00 |   TRUE |                           12.5 | 2020-10-10 |\n"
             "|                           bo b |          -7 | 2020-04-15 08:05:00.500 "
             "|        -0.05 |  FALSE |                         1.0E10 | 1999-12-31 |\n"
             "|                         <NULL> |      <NULL> |                  <NULL> "
             "|       <NULL> | <NULL> |                         <NULL> |     <NULL> |\n"
             "%s"
             "Received a total of 3 rows\n",
             border, border, border);
    CU_ASSERT_STRING_EQUAL(c.text, expected);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_tableau_op_column_truncation_and_one_row(void) {
    SqlType types[2] = {type_string(), type_make(TYPE_TINYINT)};
    const char *names[] = {"w", "a_long_column_name"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_TABLEAU, true, &c, 2, names, types);
    Batch *b = batch_new(2, types);
    b->n_rows = 1;
    set_str(b, 0, 0, "abcdefghijklmnopqrstuvwxyz0123456789");
    set_i32(b, 1, 0, -128);
    b->row_kinds = b->kinds_buf;
    b->kinds_buf[0] = ROWKIND_UPDATE_AFTER;
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "+----+--------------------------------+--------------------+\n"
                                   "| op |                              w | a_long_column_name |\n"
                                   "+----+--------------------------------+--------------------+\n"
                                   "| +U | abcdefghijklmnopqrstuvwxyz0... |               -128 |\n"
                                   "+----+--------------------------------+--------------------+\n"
                                   "Received a total of 1 row\n");
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_tableau_counts_wide_characters_twice(void) {
    SqlType types[1] = {type_string()};
    const char *names[] = {"s"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_TABLEAU, false, &c, 1, names, types);
    Batch *b = batch_new(1, types);
    b->n_rows = 3;
    set_str(b, 0, 0, "\xe4\xb8\xad\xe6\x96\x87"); /* 中文: 4 columns */
    /* 15 wide characters (30 columns) and one narrow: cut to 27 columns, which keeps 13
     * wide characters (26) and pads one space on the left. */
    char wide[64] = "";
    for (int i = 0; i < 15; i++)
        strcat(wide, "\xe4\xb8\xad");
    strcat(wide, "x");
    set_str(b, 0, 1, wide);
    set_str(b, 0, 2, "\xc3\xa9t\xc3\xa9"); /* été: 3 columns */
    push_ok(sink, b);
    finish_ok(sink);
    capture_close(&c);
    char expected[1024];
    char kept[64] = "";
    for (int i = 0; i < 13; i++)
        strcat(kept, "\xe4\xb8\xad");
    snprintf(expected, sizeof expected,
             "+--------------------------------+\n"
             "|                              s |\n"
             "+--------------------------------+\n"
             "|                           \xe4\xb8\xad\xe6\x96\x87 |\n"
             "|  %s... |\n"
             "|                            \xc3\xa9t\xc3\xa9 |\n"
             "+--------------------------------+\n"
             "Received a total of 3 rows\n",
             kept);
    CU_ASSERT_STRING_EQUAL(c.text, expected);
    op_destroy(sink);
    batch_free(b);
    free(c.text);
}

static void test_tableau_empty_result_keeps_header(void) {
    SqlType types[2] = {type_make(TYPE_BIGINT), type_timestamp(0)};
    const char *names[] = {"n", "t"};
    Capture c;
    capture_open(&c);
    Operator *sink = make_sink(OUTPUT_TABLEAU, false, &c, 2, names, types);
    finish_ok(sink);
    capture_close(&c);
    CU_ASSERT_STRING_EQUAL(c.text, "+----------------------+---------------------+\n"
                                   "|                    n |                   t |\n"
                                   "+----------------------+---------------------+\n"
                                   "Received a total of 0 row\n");
    op_destroy(sink);
    free(c.text);
}

/* ---- the operator ------------------------------------------------------------------- */

static void test_format_names_and_explain(void) {
    OutputFormat f;
    CU_ASSERT_TRUE(output_format_from_name("csv", &f) && f == OUTPUT_CSV);
    CU_ASSERT_TRUE(output_format_from_name("JSON", &f) && f == OUTPUT_JSON);
    CU_ASSERT_TRUE(output_format_from_name("tableau", &f) && f == OUTPUT_TABLEAU);
    CU_ASSERT_TRUE(output_format_from_name("changelog", &f) && f == OUTPUT_CHANGELOG);
    CU_ASSERT_FALSE(output_format_from_name("xml", &f));
    CU_ASSERT_FALSE(output_format_from_name(NULL, &f));
    CU_ASSERT_STRING_EQUAL(output_format_name(OUTPUT_JSON), "json");

    SqlType types[1] = {type_make(TYPE_INT)};
    SinkOptions opts = sink_options_default(OUTPUT_CSV);
    Operator *sink = sink_new(&opts, 1, NULL, types);
    StrBuf sb;
    sb_init(&sb);
    sink->vt->explain(sink, &sb);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&sb), "Sink(format=[csv])");
    CU_ASSERT_PTR_NULL(sink->next);
    sb_free(&sb);
    op_destroy(sink);
}

static void test_closed_pipe_ends_quietly(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    close(fds[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *f = fdopen(fds[1], "w");
    SqlType types[1] = {type_make(TYPE_INT)};
    const char *names[] = {"x"};
    SinkOptions opts = sink_options_default(OUTPUT_CSV);
    opts.out = f;
    Operator *sink = sink_new(&opts, 1, names, types);
    Batch *b = batch_new(1, types);
    b->n_rows = 1;
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(op_push(sink, 0, b, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "output closed");
    CU_ASSERT_TRUE(sink_output_closed(sink));
    diag_init(&d);
    CU_ASSERT_EQUAL(op_push(sink, 0, b, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "output closed");
    CU_ASSERT_EQUAL(op_finish(sink, &d), 0);
    op_destroy(sink);
    batch_free(b);
    fclose(f);
    signal(SIGPIPE, old);
}

static void test_other_write_errors_name_the_cause(void) {
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return; /* no /dev/full here */
    SqlType types[1] = {type_make(TYPE_INT)};
    const char *names[] = {"x"};
    SinkOptions opts = sink_options_default(OUTPUT_JSON);
    opts.out = f;
    Operator *sink = sink_new(&opts, 1, names, types);
    Batch *b = batch_new(1, types);
    b->n_rows = 1;
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(op_push(sink, 0, b, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "cannot write output: No space left on device");
    CU_ASSERT_FALSE(sink_output_closed(sink));
    diag_init(&d);
    CU_ASSERT_EQUAL(op_finish(sink, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "cannot write output: No space left on device");
    op_destroy(sink);
    batch_free(b);
    fclose(f);
}

void suite_sinks(void) {
    static CU_TestInfo tests[] = {
        {"changelog prints Flink print connector lines",
         test_changelog_prints_flink_print_connector_lines},
        {"changelog honours selection and row kinds",
         test_changelog_honours_selection_and_row_kinds},
        {"csv writes header and text values", test_csv_writes_header_and_text_values},
        {"csv quotes only fields that need it (RFC 4180)",
         test_csv_quotes_only_fields_that_need_it},
        {"csv updating result has op column", test_csv_updating_result_has_op_column},
        {"csv without header and empty batches", test_csv_without_header_and_empty_batches},
        {"csv full batch of long quoted strings", test_csv_full_batch_of_long_quoted_strings},
        {"csv other types", test_csv_other_types},
        {"json writes one object a line", test_json_writes_one_object_a_line},
        {"json escapes strings and special doubles", test_json_escapes_strings_and_special_doubles},
        {"json numbers, intervals and ltz", test_json_numbers_intervals_and_ltz},
        {"tableau streams rows with type widths", test_tableau_streams_rows_with_type_widths},
        {"tableau op column, truncation and one row",
         test_tableau_op_column_truncation_and_one_row},
        {"tableau counts wide characters twice", test_tableau_counts_wide_characters_twice},
        {"tableau empty result keeps header", test_tableau_empty_result_keeps_header},
        {"format names and explain", test_format_names_and_explain},
        {"closed pipe ends quietly", test_closed_pipe_ends_quietly},
        {"other write errors name the cause", test_other_write_errors_name_the_cause},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("sinks", tests);
}
