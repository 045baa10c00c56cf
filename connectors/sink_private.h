/*
 * sink_private.h - what the sink files share, and nothing outside connectors/ uses.
 *
 * A sink works a batch in two steps. First every column is turned into text, column by
 * column, by a formatter chosen once per column when the sink is made (a tight loop
 * specialised for the type and the output style): the cells of the batch's live rows
 * land one after another in the column's CellBuf, with an offsets array. Then the
 * format's row writer walks the live rows and assembles lines from the cells with
 * memcpy into one output buffer, which is written with one fwrite and flushed.
 */
#ifndef CONNECTORS_SINK_PRIVATE_H
#define CONNECTORS_SINK_PRIVATE_H

#include "connectors/connectors.h"

/* ---- cells (sink_cells.c) ----------------------------------------------------------- */

/* How a value becomes the text of a cell. */
typedef enum CellStyle {
    CELL_CSV,  /* FORMAT_TEXT, quoted when needed; NULL is empty */
    CELL_JSON, /* a JSON value: numbers bare, strings quoted and escaped; NULL is null */
    CELL_JAVA, /* FORMAT_JAVA, raw; NULL is null */
    CELL_SQL,  /* FORMAT_SQL, raw; NULL is <NULL> */
} CellStyle;

/* Bytes readable past the end of the last cell, and writable past the end of what a
 * row writer reserved: a short cell is copied with one fixed 16-byte move. */
#define CELL_PAD 32

/* The cells of one column for the live rows of one batch: cell i (the i-th live row)
 * is data[off[i] .. off[i + 1]). is_null[i] tells a NULL cell from an empty one. */
typedef struct CellBuf {
    char *data;
    size_t cap;
    size_t off[BATCH_CAPACITY + 1];
    bool is_null[BATCH_CAPACITY];
} CellBuf;

typedef struct CellColumn CellColumn;
typedef void (*CellFormatFn)(CellColumn *cc, const Vector *v, const Batch *b, uint32_t n_live);

struct CellColumn {
    SqlType type;
    CellStyle style;
    CellFormatFn format; /* chosen once by cells_init */
    CellBuf buf;
    StrBuf scratch; /* for the generic formatter */
};

void cells_init(CellColumn *cc, SqlType type, CellStyle style);
void cells_release(CellColumn *cc);
/* Formats the live rows of column `col` of b into cc->buf. */
static inline void cells_format(CellColumn *cc, const Batch *b, int col) {
    cc->format(cc, &b->cols[col], b, batch_live_rows(b));
}
static inline const char *cell_ptr(const CellColumn *cc, uint32_t i) {
    return cc->buf.data + cc->buf.off[i];
}
static inline size_t cell_len(const CellColumn *cc, uint32_t i) {
    return cc->buf.off[i + 1] - cc->buf.off[i];
}

/* Appends s as one CSV field: quoted (inner quotes doubled) when it holds a byte below
 * '-' or is empty. Used for header names too. */
void cells_append_csv(StrBuf *sb, const char *s, size_t len);
/* Appends s as a JSON string literal, quotes included. */
void cells_append_json_string(StrBuf *sb, const char *s, size_t len);

/* ---- the sink operator (sink_operator.c) -------------------------------------------- */

typedef struct Sink Sink;

/* What a format adds to the common sink. Each appends to s->out_buf. */
typedef struct SinkFormat {
    const char *name;
    CellStyle style;
    void (*init)(Sink *s);                                  /* may be NULL */
    void (*header)(Sink *s);                                /* before the first rows; may be NULL */
    void (*rows)(Sink *s, const Batch *b, uint32_t n_live); /* cells already formatted */
    void (*footer)(Sink *s);                                /* at finish; may be NULL */
    void (*release)(Sink *s);                               /* may be NULL */
    void (*tick)(Sink *s); /* op.timer_at has come (the live view's redraw); may be NULL */
} SinkFormat;

struct Sink {
    Operator op;
    const SinkFormat *fmt;
    SinkOptions opts;
    int n_cols;
    char **names;
    SqlType *types;
    CellColumn *cells;
    StrBuf out_buf;     /* what one push (or finish) writes */
    uint64_t n_written; /* rows */
    bool has_header;    /* the header has been appended */
    bool is_closed;     /* EPIPE seen */
    bool has_failed;    /* another write error seen */
    int save_errno;     /* the error of has_failed */
    /* json: what comes before each column's value: {"a": or ,"a": */
    char **col_prefix;
    size_t *col_prefix_len;
    /* tableau: the display width of each printed column (op first when updating) */
    int *widths;
    int n_widths;
    /* table (the live view): the current result's rows, each its printed line */
    char **live;
    size_t n_live, cap_live;
    int64_t last_drawn; /* ms; redraws are at most every 100 ms until the end */
    bool is_dirty;      /* rows changed since the last draw */
    bool in_alt_screen; /* the view is up on the terminal's alternate screen */
};

extern const SinkFormat SINK_FORMAT_CSV;
extern const SinkFormat SINK_FORMAT_JSON;
extern const SinkFormat SINK_FORMAT_CHANGELOG;
extern const SinkFormat SINK_FORMAT_TABLEAU;
extern const SinkFormat SINK_FORMAT_TABLE;

/* The row kind of live row i as "+I", "-U", "+U" or "-D". */
static inline const char *sink_row_kind(const Batch *b, uint32_t i) {
    return b->row_kinds ? rowkind_short((RowKind)b->row_kinds[batch_row(b, i)]) : "+I";
}

#endif /* CONNECTORS_SINK_PRIVATE_H */
