/*
 * connectors.h - where rows come from and where they go: the readers that parse bytes
 * (CSV, JSON lines) straight into the column vectors of a Batch, schema inference for
 * the implicit `stdin` table, and the sinks.
 */
#ifndef CONNECTORS_CONNECTORS_H
#define CONNECTORS_CONNECTORS_H

#include "exec/exec.h"

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
 *  - csv:       Flink's csv format (Jackson's CSV writer): a header line of the names
 *               (when print_header), fields FORMAT_TEXT separated by ',', lines ending
 *               "\n". A field holding any byte below '-' (control characters, space,
 *               !"#$%&'()*+, -- Jackson's "minimum safe character" rule) is quoted with
 *               '"' and inner quotes doubled; NULL is an empty field and an empty string
 *               is "". INTERVALs are plain numbers (ms or months), as Flink writes them.
 *               With is_updating an `op` column comes first.
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
    OUTPUT_JSON
} OutputFormat;

/* "tableau", "changelog", "csv", "json" (any case). False for other names. */
bool output_format_from_name(const char *name, OutputFormat *out);
const char *output_format_name(OutputFormat format);

typedef struct SinkOptions {
    OutputFormat format;
    FILE *out;         /* not owned: never closed by the sink */
    bool is_updating;  /* the result has -U/+U/-D rows: tableau, csv and json show op */
    bool print_header; /* csv header line, tableau header box */
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
