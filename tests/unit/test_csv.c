/* test_csv.c - the Input buffer, the CSV reader and CSV schema sniffing. */
#include "connectors/connectors.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/unit.h"

/* ---- helpers ----------------------------------------------------------------------- */

/* One cell as text, for compact assertions: NULL, numbers, strings as they are. */
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

/* A reader over in-memory text where every field is a column of the batch. */
typedef struct Fixture {
    Input *in;
    CsvReader *r;
    Batch *b;
    Diag d;
} Fixture;

static void fixture_open_input(Fixture *fx, Input *in, const CsvOptions *opts, int n,
                               const char *const *names, const SqlType *types, const int *map) {
    int identity[16];
    for (int i = 0; i < n; i++)
        identity[i] = i;
    fx->in = in;
    fx->r = csv_reader_new(fx->in, opts, n, names, types, map ? map : identity);
    fx->b = batch_new(n, types);
    diag_init(&fx->d);
}

static void fixture_open(Fixture *fx, const char *text, size_t len, const CsvOptions *opts, int n,
                         const char *const *names, const SqlType *types, const int *map) {
    fixture_open_input(fx, input_open_memory(text, len, "stdin"), opts, n, names, types, map);
}

static void fixture_close(Fixture *fx) {
    csv_reader_free(fx->r);
    batch_free(fx->b);
    input_free(fx->in);
}

static int read_batch(Fixture *fx) {
    return csv_read_batch(fx->r, fx->b, &fx->d);
}

/* The full diagnostic as one line: "stdin:3:6: message". */
static const char *diag_text(const Diag *d) {
    static char buf[DIAG_MSG_MAX + 300];
    snprintf(buf, sizeof buf, "%s:%d:%d: %s", d->source, d->line, d->col, d->msg);
    return buf;
}

static SqlType T(TypeId id) {
    return type_make(id);
}

/* ---- basic records ------------------------------------------------------------------ */

static void test_csv_reads_typed_columns_after_header(void) {
    const char *text = "id,name,price,ok\n1,apple,1.25,true\n-7,pear,2,FALSE\n";
    CsvOptions opts = csv_options_default();
    opts.header = true;
    SqlType types[] = {T(TYPE_INT), type_string(), T(TYPE_DOUBLE), T(TYPE_BOOLEAN)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 4, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "apple");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "1.25");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "true");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "-7");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 1), "false");
    CU_ASSERT_EQUAL(fx.b->n_rows, 2);
    CU_ASSERT_PTR_NULL(fx.b->cols[0].validity);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
}

static void test_csv_quoted_fields_hold_delimiters_quotes_and_newlines(void) {
    const char *text = "\"a,b\",\"say \"\"hi\"\"\"\n"
                       "\"multi\nline\",plain\"quote\n"
                       "\"\",x\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "a,b");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "say \"hi\"");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "multi\nline");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "plain\"quote");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), ""); /* a quoted empty string */
    CU_ASSERT_FALSE(vec_is_null(&fx.b->cols[0], 2));
    fixture_close(&fx);
}

static void test_csv_crlf_line_ends_are_stripped(void) {
    const char *text = "1,a\r\n2,\"b\"\r\n3,\r\n4,c";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_BIGINT), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 4);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "a");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "b");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 2), "");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 3), "4");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 3), "c"); /* a final line without a newline */
    fixture_close(&fx);
}

static void test_csv_empty_field_is_null_except_for_strings(void) {
    const char *text = ",,,\n\"\",\"\",,x\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), type_string(), T(TYPE_DOUBLE), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 4, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "NULL");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "NULL");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "NULL");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 1), "x");
    fixture_close(&fx);
}

static void test_csv_null_literal_comments_and_delimiter(void) {
    const char *text = "# a comment\n1;NULL;\"NULL\"\n#another\n\n2;x;NULL\n";
    CsvOptions opts = csv_options_default();
    opts.delimiter = ';';
    opts.allow_comments = true;
    opts.null_literal = "NULL";
    SqlType types[] = {T(TYPE_INT), type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 3, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "NULL");
    CU_ASSERT_TRUE(vec_is_null(&fx.b->cols[1], 0));
    CU_ASSERT_FALSE(vec_is_null(&fx.b->cols[2], 0)); /* quoted: the string "NULL" */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "NULL");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "x");
    CU_ASSERT_TRUE(vec_is_null(&fx.b->cols[2], 1));
    fixture_close(&fx);
}

static void test_csv_escape_character(void) {
    const char *text = "a\\,b,\"q\\\"x\"\n";
    CsvOptions opts = csv_options_default();
    opts.escape = '\\';
    SqlType types[] = {type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "a,b");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "q\"x");
    fixture_close(&fx);
}

static void test_csv_strings_pass_bad_utf8_and_nul_through(void) {
    const char text[] = "\xff\xfe\x00z,\"\xc3\x28\"\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, text, sizeof text - 1, &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    StrRef s0 = ((StrRef *)fx.b->cols[0].data)[0];
    StrRef s1 = ((StrRef *)fx.b->cols[1].data)[0];
    CU_ASSERT_EQUAL(s0.len, 4);
    CU_ASSERT_EQUAL(memcmp(s0.ptr, "\xff\xfe\x00z", 4), 0);
    CU_ASSERT_EQUAL(s1.len, 2);
    CU_ASSERT_EQUAL(memcmp(s1.ptr, "\xc3\x28", 2), 0);
    fixture_close(&fx);
}

static void test_csv_blank_lines_and_single_column(void) {
    /* Several fields: a blank line is skipped. One field: it is an empty value. */
    const char *text = "1,a\n\n\r\n2,b\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    fixture_close(&fx);

    const char *lines = "a\n\nb\n";
    SqlType one[] = {type_string()};
    fixture_open(&fx, lines, strlen(lines), &opts, 1, NULL, one, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "");
    fixture_close(&fx);
}

static void test_csv_empty_input_and_header_only(void) {
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, "", 0, &opts, 1, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
    opts.header = true;
    fixture_open(&fx, "x\n", 2, &opts, 1, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
}

static void test_csv_parses_decimal_timestamp_date_and_blanks_around_numbers(void) {
    const char *text = " 42 ,12.345,2020-04-15 08:05:00.123,2020-04-15,1.5e3\n"
                       "-1,-0.5,2020-04-15T08:05,1970-01-01,\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_BIGINT), type_decimal(10, 2), type_timestamp(3), T(TYPE_DATE),
                       T(TYPE_DOUBLE)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 5, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "42");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "1235"); /* rounded half up to 2 places */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 0), "1586937900123");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 0), "18367");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 4, 0), "1500");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "-50");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 2, 1), "1586937900000");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 3, 1), "0");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 4, 1), "NULL");
    fixture_close(&fx);
}

/* ---- errors ------------------------------------------------------------------------- */

static void test_csv_type_error_names_line_column_and_field(void) {
    const char *text = "name,amount\nbob,1\nanne,abc\ncarl,3\n";
    CsvOptions opts = csv_options_default();
    opts.header = true;
    const char *names[] = {"name", "amount"};
    SqlType types[] = {type_string(), T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, names, types, NULL);
    /* The good row before the bad one comes first, then the error. */
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "bob");
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d),
                           "stdin:3:6: cannot parse \"abc\" as INT for field 'amount'");
    CU_ASSERT_EQUAL(read_batch(&fx), -1); /* and it stays failed */
    fixture_close(&fx);
}

static void test_csv_error_column_counts_characters_and_quoted_lines(void) {
    /* é is one character; the quoted field spans a line; the bad value is on line 3. */
    const char *text = "\"é\nx\",1\n\"ab\",\"cd\",zz\n";
    CsvOptions opts = csv_options_default();
    const char *names[] = {"s", "t", "n"};
    SqlType types[] = {type_string(), type_string(), T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 3, names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d), "stdin:2:5: expected 3 fields but found 2");
    fixture_close(&fx);

    const char *text2 = "\"é\nx\",1,2\n\"ab\",\"cd\",zz\n";
    fixture_open(&fx, text2, strlen(text2), &opts, 3, names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "é\nx");
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d),
                           "stdin:3:11: cannot parse \"zz\" as INT for field 'n'");
    fixture_close(&fx);
}

static void test_csv_wrong_field_counts_are_errors(void) {
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), T(TYPE_INT)};
    Fixture fx;
    const char *many = "1,2\n3,4,5\n";
    fixture_open(&fx, many, strlen(many), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d), "stdin:2:5: expected 2 fields but found 3");
    fixture_close(&fx);
    const char *few = "7\n";
    fixture_open(&fx, few, strlen(few), &opts, 2, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d), "stdin:1:2: expected 2 fields but found 1");
    fixture_close(&fx);
}

static void test_csv_unclosed_quote_is_an_error_at_end_of_input(void) {
    const char *text = "1,\"ok\"\n2,\"never closed\n3,x\n";
    CsvOptions opts = csv_options_default();
    const char *names[] = {"n", "s"};
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d),
                           "stdin:2:3: the quoted value of field 's' is never closed");
    fixture_close(&fx);
}

static void test_csv_text_after_closing_quote_is_an_error(void) {
    const char *text = "\"ab\"c,1\n";
    CsvOptions opts = csv_options_default();
    const char *names[] = {"s", "n"};
    SqlType types[] = {type_string(), T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), -1);
    CU_ASSERT_STRING_EQUAL(diag_text(&fx.d),
                           "stdin:1:5: expected ',' or the end of the line after the closing "
                           "quote of field 's', found \"c\"");
    fixture_close(&fx);
}

static void test_csv_ignore_parse_errors_skips_and_counts(void) {
    const char *text = "1,a\nx,b\n2,c,extra\n3,\"d\"z\n4,e\n5\n6,f\n";
    CsvOptions opts = csv_options_default();
    opts.ignore_parse_errors = true;
    const char *names[] = {"n", "s"};
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 2, names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 3);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "e");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 2), "6");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 2), "f");
    CU_ASSERT_EQUAL(csv_reader_skipped(fx.r), 4);
    CU_ASSERT_PTR_NOT_NULL(csv_reader_first_skip(fx.r));
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    fixture_close(&fx);
}

static void test_csv_ignore_parse_errors_with_every_row_bad(void) {
    const char *text = "x\ny\nz\n";
    CsvOptions opts = csv_options_default();
    opts.ignore_parse_errors = true;
    SqlType types[] = {T(TYPE_INT)};
    Fixture fx;
    fixture_open(&fx, text, strlen(text), &opts, 1, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    CU_ASSERT_EQUAL(csv_reader_skipped(fx.r), 3);
    CU_ASSERT_STRING_EQUAL(diag_text(csv_reader_first_skip(fx.r)),
                           "stdin:1:1: cannot parse \"x\" as INT for field 'field 1'");
    fixture_close(&fx);
}

static void test_csv_unused_fields_are_not_converted(void) {
    const char *text = "abc,1,zzz\ndef,2,\n";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), T(TYPE_INT), T(TYPE_DATE)};
    SqlType out_types[] = {T(TYPE_INT)};
    int map[] = {-1, 0, -1};
    Fixture fx;
    fx.in = input_open_memory(text, strlen(text), "stdin");
    fx.r = csv_reader_new(fx.in, &opts, 3, NULL, types, map);
    fx.b = batch_new(1, out_types);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "1");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "2");
    fixture_close(&fx);
}

static void test_csv_more_rows_than_a_batch(void) {
    StrBuf sb;
    sb_init(&sb);
    int n = BATCH_CAPACITY * 2 + 500;
    for (int i = 0; i < n; i++)
        sb_printf(&sb, "%d,\"s%d\",x\n", i, i);
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_BIGINT), type_string(), type_string()};
    int map[] = {0, 1, -1};
    Fixture fx;
    fixture_open(&fx, sb.data, sb.len, &opts, 3, NULL, types, map);
    int total = 0, batches = 0, got;
    bool in_order = true;
    while ((got = read_batch(&fx)) > 0) {
        CU_ASSERT_TRUE(got <= BATCH_CAPACITY);
        for (int row = 0; row < got; row++) {
            char want[32];
            snprintf(want, sizeof want, "s%d", total + row);
            if (((int64_t *)fx.b->cols[0].data)[row] != total + row ||
                strcmp(cell(fx.b, 1, (uint32_t)row), want) != 0)
                in_order = false;
        }
        total += got;
        batches++;
    }
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_EQUAL(total, n);
    CU_ASSERT_EQUAL(batches, 3);
    CU_ASSERT_TRUE(in_order);
    fixture_close(&fx);
    sb_free(&sb);
}

/* ---- pipes: the streaming rule, records across reads, huge lines -------------------- */

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

/* Forks a child that writes `text` in pieces of `chunk` bytes, pausing `pause_us`
 * between them, then closes the pipe. Returns the read end. */
static int spawn_writer(const char *text, size_t len, size_t chunk, int pause_us, pid_t *pid) {
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    *pid = fork();
    if (*pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < len; i += chunk) {
            write_all(fds[1], text + i, MIN(chunk, len - i));
            if (pause_us)
                usleep((useconds_t)pause_us);
        }
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    return fds[0];
}

static void test_csv_streaming_returns_rows_without_waiting_for_a_full_batch(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open_input(&fx, input_open_fd(fds[0], "stdin"), &opts, 2, NULL, types, NULL);
    alarm(10); /* a hang would be the failure */
    write_all(fds[1], "1,a\n", 4);
    CU_ASSERT_EQUAL(read_batch(&fx), 1); /* the writer is still open: no EOF */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "a");
    write_all(fds[1], "2,b\n3,c\n4,", 10); /* two records and a partial one */
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "c");
    /* The rest of the partial record arrives later, from another process. */
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        write_all(fds[1], "d\n", 2);
        _exit(0);
    }
    CU_ASSERT_EQUAL(read_batch(&fx), 1); /* blocks until the record is complete */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "4");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 0), "d");
    waitpid(pid, NULL, 0);
    close(fds[1]);
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    alarm(0);
    fixture_close(&fx);
    close(fds[0]);
}

static volatile int g_cancel;

static void on_alarm(int sig) {
    (void)sig;
    g_cancel = 1;
}

static void test_csv_cancel_flag_ends_a_blocked_read(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), type_string()};
    Fixture fx;
    fixture_open_input(&fx, input_open_fd(fds[0], "stdin"), &opts, 2, NULL, types, NULL);
    g_cancel = 0;
    input_set_cancel(fx.in, &g_cancel);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: the read is interrupted */
    sigaction(SIGALRM, &sa, &old);
    write_all(fds[1], "1,a\n2,", 6);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    ualarm(100000, 0);
    /* Blocks on the partial record until the signal; then the input ends cleanly, the
     * partial record dropped rather than reported as malformed. */
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    CU_ASSERT_TRUE(input_was_cancelled(fx.in));
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    sigaction(SIGALRM, &old, NULL);
    fixture_close(&fx);
    close(fds[0]);
    close(fds[1]);
}

static void test_csv_records_split_across_reads(void) {
    /* Every byte arrives in its own write: each state of the scanner is interrupted. */
    const char *text = "1,\"a,\"\"b\"\"\nc\",z\r\n2,,\"\"\n3,x,\"y\"";
    CsvOptions opts = csv_options_default();
    SqlType types[] = {T(TYPE_INT), type_string(), type_string()};
    pid_t pid = -1;
    int fd = spawn_writer(text, strlen(text), 1, 200, &pid);
    Fixture fx;
    fixture_open_input(&fx, input_open_fd(fd, "pipe"), &opts, 3, NULL, types, NULL);
    char got[3][3][32];
    int n = 0, r;
    while ((r = read_batch(&fx)) > 0)
        for (int row = 0; row < r && n < 3; row++, n++)
            for (int col = 0; col < 3; col++)
                snprintf(got[n][col], 32, "%s", cell(fx.b, col, (uint32_t)row));
    CU_ASSERT_EQUAL(r, 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(got[0][1], "a,\"b\"\nc");
    CU_ASSERT_STRING_EQUAL(got[1][1], "");
    CU_ASSERT_STRING_EQUAL(got[1][2], "");
    CU_ASSERT_STRING_EQUAL(got[2][2], "y");
    waitpid(pid, NULL, 0);
    fixture_close(&fx);
    close(fd);
}

static void test_csv_huge_line_through_a_pipe(void) {
    size_t big = 5u << 20; /* five times the initial buffer */
    char *text = xmalloc(big + 16);
    text[0] = '"';
    memset(text + 1, 'x', big);
    memcpy(text + 1 + big, "\",7\n8,\"\"\n", 9);
    pid_t pid = -1;
    int fd = spawn_writer(text, big + 10, 4096, 0, &pid);
    CsvOptions opts = csv_options_default();
    SqlType types[] = {type_string(), T(TYPE_INT)};
    Fixture fx;
    fixture_open_input(&fx, input_open_fd(fd, "pipe"), &opts, 2, NULL, types, NULL);
    int total = 0, r;
    size_t first_len = 0;
    while ((r = read_batch(&fx)) > 0) {
        if (total == 0)
            first_len = ((StrRef *)fx.b->cols[0].data)[0].len;
        total += r;
    }
    CU_ASSERT_EQUAL(r, 0);
    CU_ASSERT_EQUAL(total, 2);
    CU_ASSERT_EQUAL(first_len, big);
    waitpid(pid, NULL, 0);
    fixture_close(&fx);
    close(fd);
    free(text);
}

/* ---- random records: the fast path, the state machine and resumption agree ---------- */

typedef struct RandomCsv {
    StrBuf text;
    StrBuf expected; /* the good records' fields, each followed by '\x01' */
    int n_good, n_bad;
} RandomCsv;

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void random_field(RandomCsv *rc, bool is_bad_record) {
    static const char PLAIN[] = "ab1 .xyz";
    static const char ODD[] = ",\"\n";
    char field[200];
    int len = rng() % 8 == 0 ? (int)(rng() % 150) : (int)(rng() % 8);
    bool has_odd = false;
    for (int i = 0; i < len; i++) {
        if (rng() % 20 == 0) {
            field[i] = ODD[rng() % 3];
            has_odd = true;
        } else {
            field[i] = PLAIN[rng() % 8];
        }
    }
    if (has_odd || rng() % 10 == 0) {
        sb_append_char(&rc->text, '"');
        for (int i = 0; i < len; i++) {
            if (field[i] == '"')
                sb_append_char(&rc->text, '"');
            sb_append_char(&rc->text, field[i]);
        }
        sb_append_char(&rc->text, '"');
    } else {
        sb_append_n(&rc->text, field, (size_t)len);
    }
    if (!is_bad_record) {
        sb_append_n(&rc->expected, field, (size_t)len);
        sb_append_char(&rc->expected, '\x01');
    }
}

static void random_csv(RandomCsv *rc, int n_records) {
    memset(rc, 0, sizeof *rc);
    for (int i = 0; i < n_records; i++) {
        bool bad = rng() % 20 == 0;
        int n = bad ? (rng() % 2 ? 2 : 4) : 3;
        for (int f = 0; f < n; f++) {
            if (f)
                sb_append_char(&rc->text, ',');
            random_field(rc, bad);
        }
        sb_append(&rc->text, rng() % 4 == 0 ? "\r\n" : "\n");
        if (bad)
            rc->n_bad++;
        else
            rc->n_good++;
    }
}

static void check_random_read(Fixture *fx, const RandomCsv *rc) {
    StrBuf got;
    sb_init(&got);
    int r, n_rows = 0;
    while ((r = read_batch(fx)) > 0) {
        n_rows += r;
        for (int row = 0; row < r; row++)
            for (int col = 0; col < 3; col++) {
                StrRef s = ((StrRef *)fx->b->cols[col].data)[row];
                sb_append_n(&got, s.ptr, s.len);
                sb_append_char(&got, '\x01');
            }
    }
    CU_ASSERT_EQUAL(r, 0);
    CU_ASSERT_EQUAL(n_rows, rc->n_good);
    CU_ASSERT_EQUAL(csv_reader_skipped(fx->r), (uint64_t)rc->n_bad);
    CU_ASSERT_EQUAL(got.len, rc->expected.len);
    CU_ASSERT_TRUE(got.len == rc->expected.len &&
                   memcmp(got.data, rc->expected.data, got.len) == 0);
    sb_free(&got);
}

static void test_csv_random_records_read_back_exactly(void) {
    RandomCsv rc;
    random_csv(&rc, 5000);
    CsvOptions opts = csv_options_default();
    opts.ignore_parse_errors = true;
    SqlType types[] = {type_string(), type_string(), type_string()};
    Fixture fx;
    fixture_open(&fx, rc.text.data, rc.text.len, &opts, 3, NULL, types, NULL);
    check_random_read(&fx, &rc);
    fixture_close(&fx);

    /* The same bytes through a pipe in uneven pieces. */
    pid_t pid = -1;
    int fd = spawn_writer(rc.text.data, rc.text.len, 777, 0, &pid);
    fixture_open_input(&fx, input_open_fd(fd, "pipe"), &opts, 3, NULL, types, NULL);
    check_random_read(&fx, &rc);
    fixture_close(&fx);
    waitpid(pid, NULL, 0);
    close(fd);
    sb_free(&rc.text);
    sb_free(&rc.expected);
}

static void test_csv_open_missing_file_says_why(void) {
    Diag d;
    diag_init(&d);
    Input *in = input_open_path("/nonexistent/x.csv", &d);
    CU_ASSERT_PTR_NULL(in);
    CU_ASSERT_STRING_EQUAL(d.msg, "cannot open '/nonexistent/x.csv': No such file or directory");
}

static void test_csv_reads_a_file_with_bom(void) {
    char path[] = "/tmp/sluice_test_csv_XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    write_all(fd, "\xEF\xBB\xBFid\n5\n", 8);
    close(fd);
    Diag d;
    Input *in = input_open_path(path, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CsvOptions opts = csv_options_default();
    opts.header = true;
    SqlType types[] = {T(TYPE_INT)};
    Fixture fx;
    fixture_open_input(&fx, in, &opts, 1, NULL, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "5");
    fixture_close(&fx);
    unlink(path);
}

/* ---- sniffing ----------------------------------------------------------------------- */

static void test_csv_sniff_names_and_types_then_read_from_the_start(void) {
    const char *text = "id,price,ok,day,ts,name,,name,mixed\n"
                       "1,1.5,true,2020-01-01,2020-01-01 10:00:00.123,x,,1,1\n"
                       "-2, 2 ,FALSE,2020-01-02,2020-01-02 00:00:00,\"y,z\",,2,a\n";
    Input *in = input_open_memory(text, strlen(text), "stdin");
    CU_ASSERT_EQUAL(input_detect_format(in), INPUT_FORMAT_CSV);
    CsvOptions opts = csv_options_default();
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(csv_sniff(in, &opts, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL_FATAL(n, 9);
    const char *want_names[] = {"id", "price", "ok", "day", "ts", "name", "f7", "name_2", "mixed"};
    TypeId want_types[] = {TYPE_BIGINT,  TYPE_DOUBLE,  TYPE_BOOLEAN, TYPE_DATE,   TYPE_TIMESTAMP,
                           TYPE_VARCHAR, TYPE_VARCHAR, TYPE_BIGINT,  TYPE_VARCHAR};
    for (int i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(names[i], want_names[i]);
        CU_ASSERT_EQUAL(types[i].id, want_types[i]);
    }
    CU_ASSERT_EQUAL(types[4].precision, 3);
    opts.header = true;
    Fixture fx;
    fixture_open_input(&fx, in, &opts, n, (const char *const *)names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 2);
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 1), "-2");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 1, 1), "2");
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 5, 1), "y,z");
    fixture_close(&fx);
    sniff_result_free(n, names, types);
}

static void test_csv_sniff_empty_input_and_header_only(void) {
    CsvOptions opts = csv_options_default();
    int n;
    char **names;
    SqlType *types;
    Diag d;
    Input *in = input_open_memory("", 0, "stdin");
    CU_ASSERT_EQUAL(csv_sniff(in, &opts, &n, &names, &types, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "stdin is empty: cannot infer its columns");
    input_free(in);
    in = input_open_memory("a,b", 3, "stdin");
    CU_ASSERT_EQUAL_FATAL(csv_sniff(in, &opts, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_STRING_EQUAL(names[1], "b");
    CU_ASSERT_EQUAL(types[1].id, TYPE_VARCHAR); /* no values: STRING */
    sniff_result_free(n, names, types);
    input_free(in);
}

/* A NUL byte ends a header name; a repeat then still gets its suffix (found by
 * fuzzing: "d" and "d\0x" compared equal forever). */
static void test_csv_sniff_name_with_nul_byte(void) {
    static const char text[] = "d,d\0x,\0\nd,1,2\n";
    Input *in = input_open_memory(text, sizeof text - 1, "stdin");
    CsvOptions opts = csv_options_default();
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(csv_sniff(in, &opts, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(names[0], "d");
    CU_ASSERT_STRING_EQUAL(names[1], "d_2");
    CU_ASSERT_STRING_EQUAL(names[2], "f3");
    sniff_result_free(n, names, types);
    input_free(in);
}

static void test_csv_sniff_waits_only_for_header_and_first_record(void) {
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    alarm(10);
    write_all(fds[1], "a,b\n1,x\n2,", 10); /* the writer stays open */
    Input *in = input_open_fd(fds[0], "stdin");
    CsvOptions opts = csv_options_default();
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(csv_sniff(in, &opts, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(types[0].id, TYPE_BIGINT);
    opts.header = true;
    Fixture fx;
    fixture_open_input(&fx, in, &opts, n, (const char *const *)names, types, NULL);
    CU_ASSERT_EQUAL(read_batch(&fx), 1);
    close(fds[1]);
    CU_ASSERT_EQUAL(read_batch(&fx), 1); /* "2," at end of input: b is "" */
    CU_ASSERT_STRING_EQUAL(cell(fx.b, 0, 0), "2");
    CU_ASSERT_EQUAL(read_batch(&fx), 0);
    alarm(0);
    fixture_close(&fx);
    sniff_result_free(n, names, types);
    close(fds[0]);
}

static void test_csv_sniff_huge_header_through_a_pipe(void) {
    /* 100000 columns in 4 KiB writes: sniffing must not rescan the line per write. */
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < 100000; i++)
        sb_printf(&sb, "%scolumn_%d", i ? "," : "", i);
    sb_append(&sb, "\n");
    for (int i = 0; i < 100000; i++)
        sb_append(&sb, i ? ",1" : "1");
    sb_append(&sb, "\n");
    pid_t pid = -1;
    int fd = spawn_writer(sb.data, sb.len, 4096, 0, &pid);
    Input *in = input_open_fd(fd, "pipe");
    CsvOptions opts = csv_options_default();
    int n;
    char **names;
    SqlType *types;
    Diag d;
    CU_ASSERT_EQUAL_FATAL(csv_sniff(in, &opts, &n, &names, &types, &d), 0);
    CU_ASSERT_EQUAL(n, 100000);
    CU_ASSERT_STRING_EQUAL(names[99999], "column_99999");
    CU_ASSERT_EQUAL(types[99999].id, TYPE_BIGINT);
    sniff_result_free(n, names, types);
    input_free(in);
    waitpid(pid, NULL, 0);
    close(fd);
    sb_free(&sb);
}

void suite_csv(void) {
    static CU_TestInfo tests[] = {
        {"csv_reads_typed_columns_after_header", test_csv_reads_typed_columns_after_header},
        {"csv_quoted_fields_hold_delimiters_quotes_and_newlines",
         test_csv_quoted_fields_hold_delimiters_quotes_and_newlines},
        {"csv_crlf_line_ends_are_stripped", test_csv_crlf_line_ends_are_stripped},
        {"csv_empty_field_is_null_except_for_strings",
         test_csv_empty_field_is_null_except_for_strings},
        {"csv_null_literal_comments_and_delimiter", test_csv_null_literal_comments_and_delimiter},
        {"csv_escape_character", test_csv_escape_character},
        {"csv_strings_pass_bad_utf8_and_nul_through",
         test_csv_strings_pass_bad_utf8_and_nul_through},
        {"csv_blank_lines_and_single_column", test_csv_blank_lines_and_single_column},
        {"csv_empty_input_and_header_only", test_csv_empty_input_and_header_only},
        {"csv_parses_decimal_timestamp_date_and_blanks_around_numbers",
         test_csv_parses_decimal_timestamp_date_and_blanks_around_numbers},
        {"csv_type_error_names_line_column_and_field",
         test_csv_type_error_names_line_column_and_field},
        {"csv_error_column_counts_characters_and_quoted_lines",
         test_csv_error_column_counts_characters_and_quoted_lines},
        {"csv_wrong_field_counts_are_errors", test_csv_wrong_field_counts_are_errors},
        {"csv_unclosed_quote_is_an_error_at_end_of_input",
         test_csv_unclosed_quote_is_an_error_at_end_of_input},
        {"csv_text_after_closing_quote_is_an_error", test_csv_text_after_closing_quote_is_an_error},
        {"csv_ignore_parse_errors_skips_and_counts", test_csv_ignore_parse_errors_skips_and_counts},
        {"csv_ignore_parse_errors_with_every_row_bad",
         test_csv_ignore_parse_errors_with_every_row_bad},
        {"csv_unused_fields_are_not_converted", test_csv_unused_fields_are_not_converted},
        {"csv_more_rows_than_a_batch", test_csv_more_rows_than_a_batch},
        {"csv_streaming_returns_rows_without_waiting_for_a_full_batch",
         test_csv_streaming_returns_rows_without_waiting_for_a_full_batch},
        {"csv_cancel_flag_ends_a_blocked_read", test_csv_cancel_flag_ends_a_blocked_read},
        {"csv_records_split_across_reads", test_csv_records_split_across_reads},
        {"csv_huge_line_through_a_pipe", test_csv_huge_line_through_a_pipe},
        {"csv_random_records_read_back_exactly", test_csv_random_records_read_back_exactly},
        {"csv_open_missing_file_says_why", test_csv_open_missing_file_says_why},
        {"csv_reads_a_file_with_bom", test_csv_reads_a_file_with_bom},
        {"csv_sniff_names_and_types_then_read_from_the_start",
         test_csv_sniff_names_and_types_then_read_from_the_start},
        {"csv_sniff_empty_input_and_header_only", test_csv_sniff_empty_input_and_header_only},
        {"csv_sniff_waits_only_for_header_and_first_record",
         test_csv_sniff_waits_only_for_header_and_first_record},
        {"csv_sniff_name_with_nul_byte", test_csv_sniff_name_with_nul_byte},
        {"csv_sniff_huge_header_through_a_pipe", test_csv_sniff_huge_header_through_a_pipe},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("csv", tests);
}
