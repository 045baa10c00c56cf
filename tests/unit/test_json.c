/* test_json.c - the JSON-lines reader and JSON schema sniffing. */
#include "connectors/connectors.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/unit.h"

/* ---- helpers ----------------------------------------------------------------------- */

static const char *cell(const Batch *b, int col, uint32_t row) {
    static char buf[4][256];
    static int turn;
    char *out = buf[turn++ & 3];
    const Vector *v = &b->cols[col];
    if (vec_is_null(v, row))
        return "NULL";
    switch (v->type.id) {
        case TYPE_BOOLEAN:
            snprintf(out, 256, "%s", ((const uint8_t *)v->data)[row] ? "true" : "false");
            break;
        case TYPE_INT:
        case TYPE_DATE:
            snprintf(out, 256, "%d", ((const int32_t *)v->data)[row]);
            break;
        case TYPE_BIGINT:
        case TYPE_DECIMAL:
        case TYPE_TIMESTAMP:
            snprintf(out, 256, "%lld", (long long)((const int64_t *)v->data)[row]);
            break;
        case TYPE_DOUBLE:
            snprintf(out, 256, "%g", ((const double *)v->data)[row]);
            break;
        case TYPE_VARCHAR: {
            StrRef s = ((const StrRef *)v->data)[row];
            snprintf(out, 256, "%.*s", (int)s.len, s.ptr);
            break;
        }
        default:
            snprintf(out, 256, "?");
    }
    return out;
}

typedef struct Fixture {
    Input *in;
    JsonReader *r;
    Batch *b;
    Diag d;
} Fixture;

static void fixture_open_input(Fixture *fx, Input *in, bool ignore, int n, const char *const *names,
                               const SqlType *types, const int *map) {
    int identity[16];
    for (int i = 0; i < n; i++)
        identity[i] = i;
    JsonOptions opts = {ignore};
    fx->in = in;
    fx->r = json_reader_new(in, &opts, n, names, types, map ? map : identity);
    fx->b = batch_new(n, types);
    diag_init(&fx->d);
}

static void fixture_open(Fixture *fx, const char *text, bool ignore, int n,
                         const char *const *names, const SqlType *types) {
    fixture_open_input(fx, input_open_memory(text, strlen(text), "stdin"), ignore, n, names, types,
                       NULL);
}

static void fixture_close(Fixture *fx) {
    json_reader_free(fx->r);
    batch_free(fx->b);
    input_free(fx->in);
}

static int read_batch(Fixture *fx) {
    return json_read_batch(fx->r, fx->b, &fx->d);
}

static const char *diag_text(const Diag *d) {
    static char buf[DIAG_MSG_MAX + 300];
    snprintf(buf, sizeof buf, "%s:%d:%d: %s", d->source, d->line, d->col, d->msg);
    return buf;
}

static SqlType T(TypeId id) {
    return type_make(id);
}

/* ---- reading ------------------------------------------------------------------------ */

static void test_json_fields_matched_by_name_in_any_order(void) {
    const char *text = "{\"id\": 1, \"name\": \"ana\", \"score\": 2.5, \"ok\": true}\n"
                       "{\"ok\":false,\"score\":-1e2,\"name\":\"bo\",\"id\":2}\n"
                       "{\"name\": \"cy\", \"extra\": {\"a\": [1, 2, {\"b\": null}]}, \"id\": 3}\n";
    const char *names[] = {"id", "name", "score", "ok"};
    SqlType types[] = {T(TYPE_BIGINT), type_string(), T(TYPE_DOUBLE), T(TYPE_BOOLEAN)};
    Fixture fx;
    fixture_open(&fx, text, false, 4, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "ana");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "2.5");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "true");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "2");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "bo");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 1), "-100");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 1), "false");
    /* Missing keys are NULL; unknown keys, however nested, are stepped over. */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), "3");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 2), "NULL");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 2), "NULL");
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
}

static void test_json_null_and_empty_object(void) {
    const char *text = "{\"a\": null, \"b\": null}\n{}\n  \n\r\n{\"a\":\"\",\"b\":\"\"}";
    const char *names[] = {"a", "b"};
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open(&fx, text, false, 2, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "NULL");
    CU_ASSERT_TRUE(vec_is_null(&fx.b->cols[1], 0));
    CU_ASSERT_TRUE(vec_is_null(&fx.b->cols[1], 1));
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), "NULL"); /* "" into INT */
    CU_ASSERT_FALSE(vec_is_null(&fx.b->cols[1], 2));
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 2), "");
    fixture_close(&fx);
}

static void test_json_string_escapes_and_surrogates(void) {
    const char *text = "{\"s\": \"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\\u20ac\"}\n"
                       "{\"s\": \"\\ud83d\\ude00|\\ud800|\\udc00x|\\u0000\"}\n"
                       "{\"s\": \"raw \xc3\xa9 and bad \xff\"}\n";
    const char *names[] = {"s"};
    SqlType types[] = {type_string()};
    Fixture fx;
    fixture_open(&fx, text, false, 1, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "q\"b\\s/n\nt\tu\xc3\xa9\xe2\x82\xac");
    StrRef s = ((StrRef *)fx.b->cols[0].data)[1];
    const char want[] = "\xf0\x9f\x98\x80|\xef\xbf\xbd|\xef\xbf\xbdx|";
    CU_ASSERT_EQUAL(s.len, sizeof want); /* ... and the NUL byte */
    CU_ASSERT_EQUAL(memcmp(s.ptr, want, sizeof want), 0);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), "raw \xc3\xa9 and bad \xff");
    fixture_close(&fx);
}

static void test_json_nested_values_into_string_are_raw_text(void) {
    const char *text = "{\"o\": {\"a\": [1, \"x\"]}, \"n\": 12.50, \"t\": true, \"arr\": []}\n";
    const char *names[] = {"o", "n", "t", "arr"};
    SqlType types[] = {type_string(), type_string(), type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, text, false, 4, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "{\"a\": [1, \"x\"]}");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "12.50");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "true");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "[]");
    fixture_close(&fx);
}

static void test_json_strings_into_numbers_and_times(void) {
    const char *text = "{\"i\": \"12\", \"d\": \"1.25\", \"ts\": \"2020-04-15 08:05:00.123\", "
                       "\"dec\": 12.345, \"big\": 9007199254740993, \"trunc\": 7.9}\n";
    const char *names[] = {"i", "d", "ts", "dec", "big", "trunc"};
    SqlType types[] = {T(TYPE_INT),         T(TYPE_DOUBLE), type_timestamp(3),
                       type_decimal(10, 2), T(TYPE_BIGINT), T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, false, 6, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "12");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "1.25");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "1586937900123");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "1235");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 4, 0), "9007199254740993"); /* exact, not via double */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 5, 0), "7");                /* truncated, as Flink does */
    fixture_close(&fx);
}

static void test_json_type_error_names_line_column_and_field(void) {
    const char *text = "{\"id\": 1, \"amount\": 5}\n{\"id\": 2, \"amount\": \"abc\"}\n";
    const char *names[] = {"id", "amount"};
    SqlType types[] = {T(TYPE_INT), T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, false, 2, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d),
                           "stdin:2:21: cannot parse \"abc\" as INT for field 'amount'");
    fixture_close(&fx);
}

static void test_json_malformed_lines_are_errors_with_position(void) {
    static const struct {
        const char *text;
        const char *want;
    } CASES[] = {
        {"[1, 2]\n", "stdin:1:1: invalid JSON: expected a JSON object"},
        {"{\"a\" 1}\n", "stdin:1:6: invalid JSON: expected ':' after a key"},
        {"{\"a\": 1,}\n", "stdin:1:9: invalid JSON: expected '\"' to start a key"},
        {"{\"a\": 1} x\n", "stdin:1:10: invalid JSON: text after the end of the object"},
        {"{\"a\": \"open}\n", "stdin:1:7: invalid JSON: a string is not closed"},
        {"{\"a\": \"\\x\"}\n", "stdin:1:8: invalid JSON: invalid escape in a string"},
        {"{\"a\": \"\\u12G4\"}\n",
         "stdin:1:8: invalid JSON: \\u must be followed by four hex digits"},
        {"{\"a\": 01}\n", "stdin:1:8: invalid JSON: expected ',' or '}'"},
        {"{\"a\": -}\n", "stdin:1:7: invalid JSON: invalid number"},
        {"{\"a\": tru}\n", "stdin:1:7: invalid JSON: unexpected character"},
        {"{\"a\": {\"b\": [1, 2}}\n", "stdin:1:18: invalid JSON: expected ',' or ']'"},
        {"{\"a\": [1, 2\n", "stdin:1:12: invalid JSON: the line ends inside an object or array"},
        {"{\"a\": 1", "stdin:1:8: invalid JSON: expected ',' or '}'"},
    };
    const char *names[] = {"a"};
    SqlType types[] = {type_string()};
    for (size_t i = 0; i < ARRAY_LEN(CASES); i++) {
        Fixture fx;
        fixture_open(&fx, CASES[i].text, false, 1, names, types);
        CU_ASSERT_EQUAL(read_batch(&fx), -1);
        CU_ASSERT_STRING_EQUAL(diag_text(&fx.d), CASES[i].want);
        fixture_close(&fx);
    }
}

static void test_json_deep_nesting_is_an_error_not_a_crash(void) {
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "{\"a\": ");
    for (int i = 0; i < 100000; i++)
        sb_append_char(&sb, '[');
    sb_append(&sb, "\n{\"a\": [[[1]]]}\n");
    const char *names[] = {"a"};
    SqlType types[] = {type_string()};
    Fixture fx;
    fixture_open(&fx, sb.data, true, 1, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "[[[1]]]");
    CU_ASSERT_EQUAL(json_reader_skipped(fx.r), 1);
    CU_ASSERT_STRING_EQUAL(diag_text(json_reader_first_skip(fx.r)),
                           "stdin:1:519: invalid JSON: nesting is too deep");
    fixture_close(&fx);
    sb_free(&sb);
}

static void test_json_ignore_parse_errors_skips_and_counts(void) {
    const char *text = "{\"n\": 1}\nnot json\n{\"n\": \"x\"}\n{\"n\": 2}\n{\"n\": {}}\n{\"n\": 3}";
    const char *names[] = {"n"};
    SqlType types[] = {T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, true, 1, names, types);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "2");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), "3");
    CU_ASSERT_EQUAL(json_reader_skipped(fx.r), 3);
    CU_ASSERT_STRING_EQUAL(diag_text(json_reader_first_skip(fx.r)),
                           "stdin:2:1: invalid JSON: expected a JSON object");
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
}

static void test_json_unused_keys_are_not_converted(void) {
    const char *text = "{\"a\": \"not a number\", \"b\": 5}\n";
    const char *names[] = {"a", "b"};
    SqlType types[] = {T(TYPE_INT), T(TYPE_INT)};
    SqlType out_types[] = {T(TYPE_INT)};
    int map[] = {-1, 0};
    Fixture fx;
    JsonOptions opts = {false};
    fx.in = input_open_memory(text, strlen(text), "stdin");
    fx.r = json_reader_new(fx.in, &opts, 2, names, types, map);
    fx.b = batch_new(1, out_types);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "5");
    fixture_close(&fx);
}

static void test_json_more_rows_than_a_batch_with_changing_key_order(void) {
    StrBuf sb;
    sb_init(&sb);
    int n = BATCH_CAPACITY * 2 + 17;
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0)
            sb_printf(&sb, "{\"k\": %d, \"v\": \"s%d\"}\n", i, i);
        else
            sb_printf(&sb, "{\"v\": \"s%d\", \"x\": 0, \"k\": %d}\r\n", i, i);
    }
    const char *names[] = {"k", "v"};
    SqlType types[] = {T(TYPE_BIGINT), type_string()};
    Fixture fx;
    fixture_open(&fx, sb.data, false, 2, names, types);
    int total = 0, got;
    bool in_order = true;
    while ((got = read_batch(&fx)) > 0) {
        for (int row = 0; row < got; row++) {
            char want[32];
            snprintf(want, sizeof want, "s%d", total + row);
            if (((int64_t *)fx.b->cols[0].data)[row] != total + row ||
                strcmp(cell(fx.b, 1, (uint32_t)row), want) != 0)
                in_order = false;
        }
        total += got;
    }
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_EQUAL(total, n);
    CU_ASSERT_TRUE(in_order);
    fixture_close(&fx);
    sb_free(&sb);
}

static void write_all(int fd, const char *s, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

static void test_json_streaming_returns_rows_without_waiting(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    const char *names[] = {"n"};
    SqlType types[] = {T(TYPE_INT)};
    Fixture fx;
    fixture_open_input(&fx, input_open_fd(fds[0], "stdin"), false, 1, names, types, NULL);
    alarm(10);
    write_all(fds[1], "{\"n\": 1}\n{\"n\"", 13);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        write_all(fds[1], ": 2}\n", 5);
        _exit(0);
    }
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "2");
    waitpid(pid, NULL, 0);
    close(fds[1]);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    alarm(0);
    fixture_close(&fx);
    close(fds[0]);
}

/* ---- sniffing ----------------------------------------------------------------------- */

static void test_json_sniff_keys_in_first_seen_order_with_types(void) {
    const char *text = "{\"a\": 1, \"b\": \"x\", \"c\": null, \"d\": true}\n"
                       "{\"a\": 2.5, \"e\": {\"z\": 1}, \"c\": 7, \"f\\u00e9\": [1]}\n"
                       "{\"b\": 3, \"c\": 8, \"a\": 1}\n";
    Input *in = input_open_memory(text, strlen(text), "stdin");
    CU_ASSERT_EQUAL(input_detect_format(in), INPUT_FORMAT_JSON);
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(json_sniff(in, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL_FATAL(n, 6);
    const char *want_names[] = {"a", "b", "c", "d", "e", "f\xc3\xa9"};
    TypeId want_types[] = {TYPE_DOUBLE,  TYPE_VARCHAR, TYPE_BIGINT,
                           TYPE_BOOLEAN, TYPE_VARCHAR, TYPE_VARCHAR};
    for (int i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(names[i], want_names[i]);
        CU_ASSERT_EQUAL(types[i].id, want_types[i]);
    }
    /* Nothing was consumed: a reader sees every line. */
    JsonOptions opts = {false};
    int map[] = {0, 1, 2, 3, 4, 5};
    JsonReader *r = json_reader_new(in, &opts, n, (const char *const *)names, types, map);
    Batch *b = batch_new(n, types);
    CU_ASSERT_EQUAL(json_read_batch(r, b, &d), 3);
    CU_ASSERT_STRING_EQUAL(cell(b, 1, 2), "3");
    CU_ASSERT_STRING_EQUAL(cell(b, 4, 1), "{\"z\": 1}");
    json_reader_free(r);
    batch_free(b);
    sniff_result_free(n, names, types);
    input_free(in);
}

/* A NUL byte, raw or \u0000, ends a key: the sniffer names the column by the part
 * before it, and the reader matches the same way (found by fuzzing: the key lookup
 * read past the end of a shorter name). */
static void test_json_key_with_nul_byte(void) {
    static const char text[] = "{\"a\": 0, \"b0\\u0000x\": 1}\n{\"b0\0\b\": 2, \"a\": 3}\n";
    Input *in = input_open_memory(text, sizeof text - 1, "stdin");
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(json_sniff(in, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(names[1], "b0");
    Fixture fx;
    fixture_open_input(&fx, in, false, n, (const char *const *)names, types, NULL);
    CU_ASSERT_EQUAL_FATAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "2");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "3");
    fixture_close(&fx);
    sniff_result_free(n, names, types);
}

static void test_json_sniff_errors(void) {
    int n;
    char **names;
    SqlType *types;
    Diag d;
    Input *in = input_open_memory("\n  \n", 4, "stdin");
    CU_ASSERT_EQUAL(json_sniff(in, &n, &names, &types, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "stdin is empty: cannot infer its columns");
    input_free(in);
    in = input_open_memory("\n{\"a\" 1}\n", 10, "stdin");
    CU_ASSERT_EQUAL(json_sniff(in, &n, &names, &types, &d), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&d), "stdin:2:6: invalid JSON: expected ':' after a key");
    input_free(in);
}

static void test_json_sniff_waits_only_for_the_first_line(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    alarm(10);
    write_all(fds[1], "{\"a\": 1}\n{\"a\": ", 15); /* the writer stays open */
    Input *in = input_open_fd(fds[0], "stdin");
    CU_ASSERT_EQUAL(input_detect_format(in), INPUT_FORMAT_JSON);
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(json_sniff(in, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(types[0].id, TYPE_BIGINT);
    alarm(0);
    sniff_result_free(n, names, types);
    input_free(in);
    close(fds[0]);
    close(fds[1]);
}

static void test_json_many_keys_sniffed_and_read(void) {
    /* 50000 keys on a line, in a different order on the second line. */
    StrBuf sb;
    sb_init(&sb);
    int n_keys = 50000;
    for (int i = 0; i < n_keys; i++)
        sb_printf(&sb, "%s\"k%d\": %d", i ? ", " : "{", i, i);
    sb_append(&sb, "}\n");
    for (int i = n_keys - 1; i >= 0; i--)
        sb_printf(&sb, "%s\"k%d\": %d", i < n_keys - 1 ? ", " : "{", i, -i);
    sb_append(&sb, "}\n");
    Input *in = input_open_memory(sb.data, sb.len, "stdin");
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(json_sniff(in, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL_FATAL(n, n_keys);
    CU_ASSERT_STRING_EQUAL(names[n_keys - 1], "k49999");
    int *map = xmalloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        map[i] = i == 12345 ? 0 : -1;
    SqlType one[] = {types[12345]};
    JsonOptions opts = {false};
    JsonReader *r = json_reader_new(in, &opts, n, (const char *const *)names, types, map);
    Batch *b = batch_new(1, one);
    CU_ASSERT_EQUAL(json_read_batch(r, b, &d), 2);
    CU_ASSERT_STRING_EQUAL(cell(b, 0, 0), "12345");
    CU_ASSERT_STRING_EQUAL(cell(b, 0, 1), "-12345");
    json_reader_free(r);
    batch_free(b);
    free(map);
    sniff_result_free(n, names, types);
    input_free(in);
    sb_free(&sb);
}

void suite_json(void) {
    static CU_TestInfo tests[] = {
        {"json_fields_matched_by_name_in_any_order", test_json_fields_matched_by_name_in_any_order},
        {"json_null_and_empty_object", test_json_null_and_empty_object},
        {"json_string_escapes_and_surrogates", test_json_string_escapes_and_surrogates},
        {"json_nested_values_into_string_are_raw_text",
         test_json_nested_values_into_string_are_raw_text},
        {"json_strings_into_numbers_and_times", test_json_strings_into_numbers_and_times},
        {"json_type_error_names_line_column_and_field",
         test_json_type_error_names_line_column_and_field},
        {"json_malformed_lines_are_errors_with_position",
         test_json_malformed_lines_are_errors_with_position},
        {"json_deep_nesting_is_an_error_not_a_crash",
         test_json_deep_nesting_is_an_error_not_a_crash},
        {"json_ignore_parse_errors_skips_and_counts",
         test_json_ignore_parse_errors_skips_and_counts},
        {"json_unused_keys_are_not_converted", test_json_unused_keys_are_not_converted},
        {"json_more_rows_than_a_batch_with_changing_key_order",
         test_json_more_rows_than_a_batch_with_changing_key_order},
        {"json_streaming_returns_rows_without_waiting",
         test_json_streaming_returns_rows_without_waiting},
        {"json_sniff_keys_in_first_seen_order_with_types",
         test_json_sniff_keys_in_first_seen_order_with_types},
        {"json_sniff_errors", test_json_sniff_errors},
        {"json_key_with_nul_byte", test_json_key_with_nul_byte},
        {"json_sniff_waits_only_for_the_first_line", test_json_sniff_waits_only_for_the_first_line},
        {"json_many_keys_sniffed_and_read", test_json_many_keys_sniffed_and_read},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("json", tests);
}
