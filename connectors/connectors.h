/*
 * connectors.h - where rows come from and where they go: the readers that parse bytes
 * (CSV, JSON lines) straight into the column vectors of a Batch, schema inference for
 * the implicit `stdin` table, and the sinks.
 */
#ifndef CONNECTORS_CONNECTORS_H
#define CONNECTORS_CONNECTORS_H

#include "exec/exec.h"

/* ---- readers ----------------------------------------------------------------------- */

/*
 * Input: a buffered byte input over a file descriptor (stdin, a file, a pipe).
 *
 * Streaming rule: a reader's read call returns as soon as it holds at least one
 * complete record and nothing more can be read without waiting; it blocks only while
 * it has no complete record. So `tail -f x.csv | sluice ...` sees each row at once,
 * and a file or a fast pipe still fills whole batches. A last line without a newline
 * is a record at end of input; "\r\n" line ends are accepted everywhere. A UTF-8 byte
 * order mark at the very start of the input is skipped.
 *
 * An Input is used by one reader (or first by a sniffer, then by a reader: sniffing
 * only peeks, it consumes nothing).
 */
typedef struct Input Input;

/* Reads from fd, which stays the caller's (input_free does not close it). `name` names
 * the input in messages: "stdin", or a path. */
Input *input_open_fd(int fd, const char *name);
/* Opens a file for reading; the Input owns and closes it. On failure: NULL and
 * "cannot open 'x.csv': No such file or directory". */
Input *input_open_path(const char *path, Diag *diag);
/* An input over a copy of `len` bytes already in memory (tests, inline data). */
Input *input_open_memory(const char *data, size_t len, const char *name);
void input_free(Input *in); /* accepts NULL */
const char *input_name(const Input *in);
/*
 * Ctrl-C: when a blocking read is interrupted by a signal (a handler installed without
 * SA_RESTART) and *cancel is then non-zero, the input ends there, as at end of file,
 * so the query finishes cleanly with what it has. Without a flag, reads are retried.
 */
void input_set_cancel(Input *in, volatile int *cancel);
/* True when the input ended because of the cancel flag rather than end of file. */
bool input_was_cancelled(const Input *in);

typedef enum InputFormat { INPUT_FORMAT_CSV, INPUT_FORMAT_JSON } InputFormat;

/* Guesses the format from the first non-blank byte: '{' is JSON lines, anything else
 * (and an empty input) CSV. Blocks until that byte is there; consumes nothing. */
InputFormat input_detect_format(Input *in);

/*
 * CSV options. Flink's csv format options map to them one to one:
 *   'csv.field-delimiter'       delimiter      (default ',')
 *   'csv.quote-character'       quote          (default '"'); 'csv.disable-quote-character'
 *                                              = true sets it to '\0'
 *   'csv.escape-character'      escape         (default '\0': none)
 *   'csv.allow-comments'        allow_comments (lines starting with '#' are skipped)
 *   'csv.ignore-parse-errors'   ignore_parse_errors
 *   'csv.null-literal'          null_literal   (NULL: none)
 * and `header` skips the first record (sluice's stdin table, and the file connector's
 * header option).
 *
 * Fields: a field that starts with the quote character is quoted: it may contain
 * delimiters and newlines, and a doubled quote stands for one quote; after the closing
 * quote comes the delimiter or the end of the line. A quote inside an unquoted field
 * is an ordinary character. With an escape character, it makes the next character
 * ordinary, in quoted and unquoted fields.
 *
 * Empty and NULL: an empty field (quoted or not) is NULL for every type but strings;
 * for CHAR/VARCHAR it is the empty string, as Flink's csv format reads it. An unquoted
 * field equal to null_literal is NULL for every type. Numbers, booleans and times may
 * have blanks around them; strings are taken byte for byte (bytes that are not valid
 * UTF-8 pass through unchanged, NUL bytes too).
 *
 * Blank lines: with more than one field a blank line is skipped; with exactly one
 * field it is a record with one empty field.
 *
 * Errors: a field that does not parse as its column's type, a wrong number of fields,
 * text after a closing quote, or a quote never closed (at end of input) make the
 * record malformed. Without ignore_parse_errors the read fails with
 * "<input>:<line>:<column>: <what was expected>", e.g.
 *   stdin:3:6: cannot parse "abc" as INT for field 'amount'
 * (line and column are 1-based; the column counts characters up to where the field
 * starts). With ignore_parse_errors the record is skipped and counted (Flink would
 * instead pad a short record with NULLs; sluice skips it, and says how many).
 */
typedef struct CsvOptions {
    char delimiter;
    char quote;  /* '\0': quoting disabled */
    char escape; /* '\0': no escape character */
    bool allow_comments;
    bool ignore_parse_errors;
    bool header;
    const char *null_literal; /* NULL: none; copied by csv_reader_new */
} CsvOptions;

/* The defaults: ',', '"', no escape, no comments, fail on errors, no header. */
CsvOptions csv_options_default(void);

typedef struct CsvReader CsvReader;

/*
 * A reader of the records of `in` (not owned; it must outlive the reader) with
 * n_fields fields each. field_names[i] names field i in messages (the array may be
 * NULL: "field 3"); field_types[i] is its type; field_to_col[i] is the column of the
 * output batch that field i fills, or -1 when the query does not use it: such a field
 * is only skipped over, never converted or checked. The arrays are copied.
 */
CsvReader *csv_reader_new(Input *in, const CsvOptions *opts, int n_fields,
                          const char *const *field_names, const SqlType *field_types,
                          const int *field_to_col);
void csv_reader_free(CsvReader *r); /* accepts NULL; does not free the Input */

/*
 * Fills `out` with the next rows: resets it (batch_reset), then writes up to
 * BATCH_CAPACITY rows into the vectors named by field_to_col (which must have the
 * fields' types); other columns are left as batch_reset leaves them. Returns the number
 * of rows (> 0), 0 at end of input, -1 on an error (diag). When a malformed record
 * follows good ones, the good rows are returned first and the error on the next call;
 * after an error every call returns -1 again.
 *
 * String lifetime: a string value points into the Input's buffer (or, when it had
 * escaped quotes, into out->arena). Either way it stays valid until the next read call
 * on this reader, and no longer: the reader moves its buffer only at the start of a
 * call. Copy what must outlive the batch.
 */
int csv_read_batch(CsvReader *r, Batch *out, Diag *diag);
/* Records skipped as malformed under ignore_parse_errors so far. */
uint64_t csv_reader_skipped(const CsvReader *r);
/* The error of the first skipped record (for a warning), or NULL when none. */
const Diag *csv_reader_first_skip(const CsvReader *r);

/*
 * JSON lines: one object a line, fields matched to keys by name (case-sensitive). A
 * missing key or null is NULL. Strings take every JSON escape, \uXXXX with surrogate
 * pairs to UTF-8 (a lone surrogate becomes U+FFFD); bytes that are not valid UTF-8
 * pass through unchanged. Numbers go into numeric columns (into an integer column a
 * number with a fraction is truncated, as Flink's json format does); a string in a
 * numeric, boolean or time column is parsed with type_parse_value ("12" reads as INT,
 * as Flink accepts). A number, true or false read into a STRING column is its text; an
 * object or array is its raw JSON text. Blank lines are skipped. A line that is not
 * one JSON object, or a value that does not fit its column, is malformed: an error
 * "<input>:<line>:<column>: ..." or, with ignore_parse_errors, skipped and counted.
 */
typedef struct JsonOptions {
    bool ignore_parse_errors; /* 'json.ignore-parse-errors' */
} JsonOptions;

typedef struct JsonReader JsonReader;

/* As csv_reader_new; field_names are required (they are the keys). */
JsonReader *json_reader_new(Input *in, const JsonOptions *opts, int n_fields,
                            const char *const *field_names, const SqlType *field_types,
                            const int *field_to_col);
void json_reader_free(JsonReader *r);
/* As csv_read_batch, with the same string lifetime rule. */
int json_read_batch(JsonReader *r, Batch *out, Diag *diag);
uint64_t json_reader_skipped(const JsonReader *r);
const Diag *json_reader_first_skip(const JsonReader *r);

/*
 * Schema inference for the implicit `stdin` table. Each peeks at the start of the
 * input without consuming it (the reader then reads from the very start), blocking
 * only until the first records are there (or end of input), then looking at whatever
 * else can be read at once, up to 64 KiB or 1000 records.
 *
 * csv_sniff: the first record is the header (sniffing assumes one, so the reader must
 * then be made with header = true); the column names come from it (an empty name
 * becomes f<N>, a repeated one gets a suffix _2, _3, ...). A column's type is the
 * first of these that all its non-empty values fit: BIGINT, DOUBLE, BOOLEAN
 * (true/false), DATE (YYYY-MM-DD), TIMESTAMP(3) (YYYY-MM-DD HH:MM:SS[.fff]); otherwise
 * and when all are empty, STRING.
 *
 * json_sniff: the keys in first-seen order; types from the values: integers BIGINT,
 * other numbers DOUBLE (a column with both: DOUBLE), booleans BOOLEAN, strings,
 * objects and arrays STRING, values of different kinds STRING, only nulls STRING.
 *
 * On success *names (n strings) and *types (n types) are malloc'ed for the caller:
 * free them with sniff_result_free. Fails on an empty input ("... is empty: cannot
 * infer its columns"), or on a malformed first record.
 */
int csv_sniff(Input *in, const CsvOptions *opts, int *n_fields, char ***names, SqlType **types,
              Diag *diag);
int json_sniff(Input *in, int *n_fields, char ***names, SqlType **types, Diag *diag);
void sniff_result_free(int n_fields, char **names, SqlType *types);

/* ---- table sources (connectors/source_table.c) ------------------------------------ */

/*
 * The source of a catalog table: checks its connector and format options (Flink's
 * names; an unknown option is an error naming the supported ones), opens its input
 * ('filesystem': the 'path'; 'stdin': stdin_input, shared and not owned) and reads
 * n_fields fields of field_types, filling the output columns named by field_to_col
 * (-1: a field the query does not use) of a batch with n_cols columns of col_types.
 */
Source *source_table_new(const CatTable *t, int n_fields, const char *const *field_names,
                         const SqlType *field_types, const int *field_to_col, int n_cols,
                         const SqlType *col_types, Input *stdin_input, Diag *diag);
/* The 'datagen' connector (connectors/datagen.c): rows made up as the table's options
 * say, batch_rows at a time (0: BATCH_CAPACITY). */
Source *source_datagen_new(const CatTable *t, int n_fields, const char *const *field_names,
                           const SqlType *field_types, const int *field_to_col, int n_cols,
                           const SqlType *col_types, uint32_t batch_rows, Diag *diag);
/* The 'nexmark' connector (connectors/nexmark.c): the Nexmark benchmark's person, auction
 * and bid events, with the parameters of source_datagen_new. The fields are matched by
 * name ("event_type", "person.id", ..., "bid.extra"); another name or type is an error. */
Source *source_nexmark_new(const CatTable *t, int n_fields, const char *const *field_names,
                           const SqlType *field_types, const int *field_to_col, int n_cols,
                           const SqlType *col_types, uint32_t batch_rows, Diag *diag);
/* The first malformed row a source skipped under *.ignore-parse-errors, or NULL. */
const Diag *source_table_first_skip(const Source *src);
/* Makes the source read at most n rows (1..BATCH_CAPACITY) per batch ('sluice.batch-size'). */
void source_table_set_batch_rows(Source *src, uint32_t n);
/* The CSV options of a table ('csv.*'). */
int source_csv_options(const CatTable *t, CsvOptions *opts, Diag *diag);

/* ---- sinks ------------------------------------------------------------------------- */

/*
 * Sinks are the last operators of a pipeline (next == NULL): they write each batch to
 * a FILE* as it arrives, in one fwrite, and flush it, so `tail -f x | sluice ...` shows
 * rows at once. Every sink writes the live rows of a batch (its selection) in order,
 * with their row kinds (NULL row_kinds: all +I).
 *
 *  - changelog: Flink's print connector, Row.toString:  +I[ana, 2020-10-10T00:00, null]
 *               (values as Java prints them: FORMAT_JAVA; NULL is null). Every row shows
 *               its kind, updating or not; print_header is ignored.
 *  - tableau:   Flink SQL client's streaming tableau: a header box (with an `op` column
 *               first when is_updating), one line per row as it arrives, values right-
 *               aligned in widths inferred from the types (Flink's columnWidthsByType,
 *               max column width 30), too-long values cut to "...". FORMAT_SQL values,
 *               NULL as <NULL>. At finish: the bottom border (if any rows) and
 *               "Received a total of N rows" ("row" when N <= 1, as Flink says).
 *  - csv:       RFC 4180 as DuckDB and sqlite3 write it: a header line of the names
 *               (when print_header), fields FORMAT_TEXT (Flink's csv format's text)
 *               separated by ',', lines ending "\n". A field holding the delimiter, a
 *               quote, CR or LF is quoted with '"' and inner quotes doubled; nothing else
 *               is (Flink's Jackson writer also quotes spaces and other bytes below '-',
 *               which only gets in a pipeline's way); NULL is an empty field and an
 *               empty string is "". INTERVALs are plain numbers (ms or months), as Flink
 *               writes them; TIMESTAMP_LTZ is UTC with a trailing 'Z', as in json. With
 *               is_updating an `op` column comes first.
 *  - json:      Flink's json format: one object a line, {"who":"ANA","twice":24} in
 *               column order; numbers and DECIMALs as JSON numbers, DOUBLE NaN and
 *               Infinity as the strings "NaN", "Infinity", "-Infinity" (Jackson's
 *               WRITE_NAN_AS_STRINGS); dates and times as strings (FORMAT_TEXT);
 *               TIMESTAMP_LTZ as UTC with a trailing 'Z'; INTERVALs as numbers; NULL as
 *               null. Strings escape '"', '\\', \b \f \n \r \t and other control
 *               characters as \u00XX (as Jackson does); invalid UTF-8 becomes \uFFFD.
 *               With is_updating an "op":"+I" field comes first.
 *
 * Errors: when the reader of a pipe goes away (EPIPE; SIGPIPE is ignored by the shell)
 * push returns -1 with "output closed" and sink_output_closed() is true: the shell ends
 * quietly with status 0; later pushes fail the same way and finish does nothing. Other
 * write errors: "cannot write output: <strerror>".
 */
typedef enum OutputFormat {
    OUTPUT_TABLEAU,
    OUTPUT_CHANGELOG,
    OUTPUT_CSV,
    OUTPUT_JSON,
    OUTPUT_TABLE /* the live view on a terminal: the current result, redrawn in place */
} OutputFormat;

/* "tableau", "changelog", "csv", "json" (any case). False for other names. */
bool output_format_from_name(const char *name, OutputFormat *out);
const char *output_format_name(OutputFormat format);

typedef struct SinkOptions {
    OutputFormat format;
    FILE *out;               /* not owned: never closed by the sink */
    bool is_updating;        /* the result has -U/+U/-D rows: tableau, csv and json show op */
    bool print_header;       /* csv header line, tableau header box */
    const char *line_prefix; /* changelog: before each row, e.g. "sink1> " (print-identifier) */
    bool discard;            /* count the rows, write nothing (the blackhole connector) */
    /* Called before each write of rows (NULL: none): the shell erases its status line. */
    void (*before_write)(void *ctx);
    void *before_write_ctx;
} SinkOptions;

/* is_updating false, print_header true, out stdout. */
SinkOptions sink_options_default(OutputFormat format);

/* A sink for rows of n_cols columns named `names` with `types` (both copied). */
Operator *sink_new(const SinkOptions *opts, int n_cols, const char *const *names,
                   const SqlType *types);
/* Rows written so far. */
uint64_t sink_rows_written(const Operator *sink);
/* True once a write failed because the reader went away (EPIPE). */
bool sink_output_closed(const Operator *sink);

#endif /* CONNECTORS_CONNECTORS_H */
