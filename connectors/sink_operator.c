/*
 * sink_operator.c - the sink as an Operator: the API of connectors.h, the push and
 * finish that every format shares, and writing to the output.
 *
 * A push formats every column of the batch into its cells (sink_cells.c), lets the
 * format append the lines to out_buf, then writes out_buf with one fwrite and flushes,
 * so a row reaches a pipe or a terminal as soon as its batch is done. The header goes
 * out with the first push (or at finish when no batch came), the format's footer at
 * finish.
 *
 * Write errors: EPIPE means the reader went away (`sluice ... | head`). The sink then
 * marks itself closed, drops what stdio still holds for the stream (so that a flush at
 * exit does not try again) and fails the push with "output closed", which the shell
 * takes as a quiet end. Any other error fails with its strerror, now and on every later
 * call.
 */
#include "connectors/sink_private.h"

#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

/* ---- names -------------------------------------------------------------------------- */

static const char *const FORMAT_NAMES[] = {
    [OUTPUT_TABLEAU] = "tableau", [OUTPUT_CHANGELOG] = "changelog", [OUTPUT_CSV] = "csv",
    [OUTPUT_JSON] = "json",       [OUTPUT_TABLE] = "table",
};

bool output_format_from_name(const char *name, OutputFormat *out) {
    for (size_t i = 0; i < ARRAY_LEN(FORMAT_NAMES); i++) {
        if (name && str_ieq(name, FORMAT_NAMES[i])) {
            *out = (OutputFormat)i;
            return true;
        }
    }
    return false;
}

const char *output_format_name(OutputFormat format) {
    return (unsigned)format < ARRAY_LEN(FORMAT_NAMES) ? FORMAT_NAMES[format] : "?";
}

SinkOptions sink_options_default(OutputFormat format) {
    SinkOptions opts = {.format = format, .out = stdout, .print_header = true};
    return opts;
}

/* ---- writing ------------------------------------------------------------------------ */

static int write_failed(Sink *s, int err, Diag *diag) {
    clearerr(s->opts.out);
    __fpurge(s->opts.out);
    if (err == EPIPE) {
        s->is_closed = true;
        return diag_set(diag, -1, "output closed");
    }
    s->has_failed = true;
    s->save_errno = err ? err : EIO;
    return diag_set(diag, -1, "cannot write output: %s", strerror(s->save_errno));
}

/* Writes out_buf in one go and flushes. */
static int sink_write(Sink *s, Diag *diag) {
    size_t len = s->out_buf.len;
    if (len && s->opts.before_write)
        s->opts.before_write(s->opts.before_write_ctx);
    errno = 0;
    if (len && fwrite(s->out_buf.data, 1, len, s->opts.out) != len)
        return write_failed(s, errno, diag);
    if (fflush(s->opts.out) != 0)
        return write_failed(s, errno, diag);
    return 0;
}

/* Fails when an earlier write already did; 0 otherwise. */
static int check_open(const Sink *s, Diag *diag) {
    if (s->is_closed)
        return diag_set(diag, -1, "output closed");
    if (s->has_failed)
        return diag_set(diag, -1, "cannot write output: %s", strerror(s->save_errno));
    return 0;
}

static void begin_output(Sink *s) {
    sb_clear(&s->out_buf);
    if (!s->has_header) {
        s->has_header = true;
        if (s->fmt->header)
            s->fmt->header(s);
    }
}

/* ---- the operator ------------------------------------------------------------------- */

static int sink_push(Operator *op, int port, Batch *batch, Diag *diag) {
    (void)port;
    Sink *s = (Sink *)op;
    if (s->opts.discard) {
        s->n_written += batch_live_rows(batch);
        return 0;
    }
    if (check_open(s, diag) < 0)
        return -1;
    begin_output(s);
    uint32_t n_live = batch_live_rows(batch);
    if (n_live > 0) {
        for (int col = 0; col < s->n_cols; col++)
            cells_format(&s->cells[col], batch, col);
        s->fmt->rows(s, batch, n_live);
    }
    if (sink_write(s, diag) < 0)
        return -1;
    s->n_written += n_live;
    return 0;
}

static int sink_watermark(Operator *op, int port, int64_t ts, Diag *diag) {
    (void)op, (void)port, (void)ts, (void)diag;
    return 0;
}

static int sink_finish(Operator *op, Diag *diag) {
    Sink *s = (Sink *)op;
    if (s->is_closed || s->opts.discard)
        return 0;
    if (check_open(s, diag) < 0)
        return -1;
    begin_output(s);
    if (s->fmt->footer)
        s->fmt->footer(s);
    return sink_write(s, diag);
}

static int sink_tick(Operator *op, int64_t now, Diag *diag) {
    (void)now;
    Sink *s = (Sink *)op;
    op->timer_at = 0;
    if (s->is_closed || !s->fmt->tick)
        return 0;
    s->fmt->tick(s);
    return sink_write(s, diag);
}

static void sink_explain(const Operator *op, StrBuf *out) {
    const Sink *s = (const Sink *)op;
    sb_printf(out, "Sink(format=[%s])", s->fmt->name);
}

static void sink_destroy(Operator *op) {
    Sink *s = (Sink *)op;
    if (!s)
        return;
    if (s->fmt->release)
        s->fmt->release(s);
    for (int col = 0; col < s->n_cols; col++) {
        free(s->names[col]);
        cells_release(&s->cells[col]);
        if (s->col_prefix)
            free(s->col_prefix[col]);
    }
    free(s->col_prefix);
    free(s->col_prefix_len);
    free(s->widths);
    free(s->names);
    free(s->types);
    free(s->cells);
    sb_free(&s->out_buf);
    free(s);
}

static const OperatorVtbl SINK_VTBL = {
    .push = sink_push,
    .watermark = sink_watermark,
    .finish = sink_finish,
    .explain = sink_explain,
    .destroy = sink_destroy,
    .tick = sink_tick,
};

Operator *sink_new(const SinkOptions *opts, int n_cols, const char *const *names,
                   const SqlType *types) {
    static const SinkFormat *const FORMATS[] = {
        [OUTPUT_TABLEAU] = &SINK_FORMAT_TABLEAU, [OUTPUT_CHANGELOG] = &SINK_FORMAT_CHANGELOG,
        [OUTPUT_CSV] = &SINK_FORMAT_CSV,         [OUTPUT_JSON] = &SINK_FORMAT_JSON,
        [OUTPUT_TABLE] = &SINK_FORMAT_TABLE,
    };
    Sink *s = xcalloc(1, sizeof *s);
    s->op.vt = &SINK_VTBL;
    s->op.next = NULL;
    s->opts = *opts;
    if (!s->opts.out)
        s->opts.out = stdout;
    s->fmt =
        (unsigned)opts->format < ARRAY_LEN(FORMATS) ? FORMATS[opts->format] : &SINK_FORMAT_TABLEAU;
    s->n_cols = n_cols;
    size_t n_alloc = (size_t)(n_cols > 0 ? n_cols : 1);
    s->names = xcalloc(n_alloc, sizeof(char *));
    s->types = xcalloc(n_alloc, sizeof(SqlType));
    s->cells = xcalloc(n_alloc, sizeof(CellColumn));
    for (int col = 0; col < n_cols; col++) {
        if (names && names[col]) {
            s->names[col] = xstrdup(names[col]);
        } else {
            /* Flink's name for an unnamed expression. */
            char buf[32];
            snprintf(buf, sizeof buf, "EXPR$%d", col);
            s->names[col] = xstrdup(buf);
        }
        s->types[col] = types[col];
        cells_init(&s->cells[col], types[col], s->fmt->style);
    }
    if (s->fmt->init)
        s->fmt->init(s);
    return &s->op;
}

uint64_t sink_rows_written(const Operator *sink) {
    return ((const Sink *)sink)->n_written;
}

bool sink_output_closed(const Operator *sink) {
    return ((const Sink *)sink)->is_closed;
}
