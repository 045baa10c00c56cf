/*
 * sink_formats.c - the line formats: csv, json lines and changelog (Flink's print
 * connector). Each assembles the lines of a batch from cells that are already
 * formatted (sink_cells.c): it sizes out_buf once for the whole batch, then copies the
 * cells row by row with memcpy, so a batch costs one allocation at most (none once the
 * buffer has grown) and one fwrite.
 *
 *   csv        ana,24              with is_updating:  +I,ana,24
 *   json       {"who":"ana","n":24}                   {"op":"+I","who":"ana","n":24}
 *   changelog  +I[ana, 24]
 */
#include "connectors/sink_private.h"

#include <stdlib.h>
#include <string.h>

/* Bytes all the cells of a batch take. */
static size_t cells_total(const Sink *s, uint32_t n_live) {
    size_t total = 0;
    for (int col = 0; col < s->n_cols; col++)
        total += s->cells[col].buf.off[n_live];
    return total;
}

/* Copies cell i to p. A short cell moves as one fixed 16-byte block: the cell buffer
 * has CELL_PAD readable bytes past its end and out_buf is reserved with CELL_PAD spare. */
static inline char *put_cell(char *p, const CellColumn *cc, uint32_t i) {
    size_t len = cell_len(cc, i);
    if (len <= 16)
        memcpy(p, cell_ptr(cc, i), 16);
    else
        memcpy(p, cell_ptr(cc, i), len);
    return p + len;
}

static inline void finish_buf(StrBuf *sb, const char *end) {
    sb->len = (size_t)(end - sb->data);
    sb->data[sb->len] = '\0';
}

/* ---- csv ---------------------------------------------------------------------------- */

static void csv_header(Sink *s) {
    if (!s->opts.print_header)
        return;
    if (s->opts.is_updating)
        sb_append(&s->out_buf, s->n_cols > 0 ? "op," : "op");
    for (int col = 0; col < s->n_cols; col++) {
        if (col > 0)
            sb_append_char(&s->out_buf, ',');
        cells_append_csv(&s->out_buf, s->names[col], strlen(s->names[col]));
    }
    sb_append_char(&s->out_buf, '\n');
}

static void csv_rows(Sink *s, const Batch *b, uint32_t n_live) {
    /* Per row: a ',' per column, "+I," and '\n'. */
    sb_reserve(&s->out_buf,
               cells_total(s, n_live) + (size_t)n_live * ((size_t)s->n_cols + 4) + CELL_PAD);
    char *p = s->out_buf.data + s->out_buf.len;
    bool is_updating = s->opts.is_updating;
    int n_cols = s->n_cols;
    const CellColumn *cells = s->cells;
    for (uint32_t i = 0; i < n_live; i++) {
        if (is_updating) {
            memcpy(p, sink_row_kind(b, i), 2);
            p += 2;
            if (n_cols > 0)
                *p++ = ',';
        }
        if (n_cols > 0)
            p = put_cell(p, &cells[0], i);
        for (int col = 1; col < n_cols; col++) {
            *p++ = ',';
            p = put_cell(p, &cells[col], i);
        }
        *p++ = '\n';
    }
    finish_buf(&s->out_buf, p);
}

const SinkFormat SINK_FORMAT_CSV = {"csv", CELL_CSV, NULL, csv_header, csv_rows, NULL, NULL, NULL};

/* ---- json --------------------------------------------------------------------------- */

/* Makes each column's key prefix once: "name": after '{' or after "op":"+I", or
 * ,"name": after another field. */
static void json_init(Sink *s) {
    size_t n_alloc = (size_t)(s->n_cols > 0 ? s->n_cols : 1);
    s->col_prefix = xcalloc(n_alloc, sizeof(char *));
    s->col_prefix_len = xcalloc(n_alloc, sizeof(size_t));
    StrBuf sb;
    sb_init(&sb);
    for (int col = 0; col < s->n_cols; col++) {
        sb_clear(&sb);
        if (col > 0 || s->opts.is_updating)
            sb_append_char(&sb, ',');
        cells_append_json_string(&sb, s->names[col], strlen(s->names[col]));
        sb_append_char(&sb, ':');
        s->col_prefix[col] = xstrdup(sb_cstr(&sb));
        s->col_prefix_len[col] = sb.len;
    }
    sb_free(&sb);
}

static void json_rows(Sink *s, const Batch *b, uint32_t n_live) {
    size_t per_row = 16; /* {"op":"+I"}\n */
    for (int col = 0; col < s->n_cols; col++)
        per_row += s->col_prefix_len[col];
    sb_reserve(&s->out_buf, cells_total(s, n_live) + (size_t)n_live * per_row + CELL_PAD);
    char *p = s->out_buf.data + s->out_buf.len;
    for (uint32_t i = 0; i < n_live; i++) {
        *p++ = '{';
        if (s->opts.is_updating) {
            memcpy(p, "\"op\":\"", 6);
            memcpy(p + 6, sink_row_kind(b, i), 2);
            p[8] = '"';
            p += 9;
        }
        for (int col = 0; col < s->n_cols; col++) {
            memcpy(p, s->col_prefix[col], s->col_prefix_len[col]);
            p += s->col_prefix_len[col];
            p = put_cell(p, &s->cells[col], i);
        }
        *p++ = '}';
        *p++ = '\n';
    }
    finish_buf(&s->out_buf, p);
}

const SinkFormat SINK_FORMAT_JSON = {"json",    CELL_JSON, json_init, NULL,
                                     json_rows, NULL,      NULL,      NULL};

/* ---- changelog ---------------------------------------------------------------------- */

/* Row.toString as Flink's print connector writes it: "+I[a, 1, null]". */
static void changelog_rows(Sink *s, const Batch *b, uint32_t n_live) {
    const char *prefix = s->opts.line_prefix ? s->opts.line_prefix : "";
    size_t prefix_len = strlen(prefix);
    sb_reserve(&s->out_buf, cells_total(s, n_live) +
                                (size_t)n_live * (2 * (size_t)s->n_cols + 5 + prefix_len) +
                                CELL_PAD);
    char *p = s->out_buf.data + s->out_buf.len;
    for (uint32_t i = 0; i < n_live; i++) {
        memcpy(p, prefix, prefix_len);
        p += prefix_len;
        memcpy(p, sink_row_kind(b, i), 2);
        p += 2;
        *p++ = '[';
        for (int col = 0; col < s->n_cols; col++) {
            if (col > 0) {
                *p++ = ',';
                *p++ = ' ';
            }
            p = put_cell(p, &s->cells[col], i);
        }
        *p++ = ']';
        *p++ = '\n';
    }
    finish_buf(&s->out_buf, p);
}

const SinkFormat SINK_FORMAT_CHANGELOG = {"changelog",    CELL_JAVA, NULL, NULL,
                                          changelog_rows, NULL,      NULL, NULL};
