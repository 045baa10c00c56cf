/*
 * reader.h - private to connectors/: the Input buffer's insides and the column
 * conversion shared by the CSV and JSON readers.
 *
 * Both readers work in two phases per batch. Phase 1 (the format's own scanner) finds
 * the records of the batch in the Input buffer and records, for each field the query
 * uses, a span: (offset, length, flags) relative to the batch's first byte. Phase 2
 * (field_convert.c) converts the spans column by column, with one tight loop per
 * column type. Offsets rather than pointers are recorded because reading more input
 * may move the buffer during phase 1; it never moves during phase 2.
 */
#ifndef CONNECTORS_READER_H
#define CONNECTORS_READER_H

#include "connectors/connectors.h"

/* ---- the input buffer -------------------------------------------------------------- */

#define INPUT_BUF_SIZE    ((size_t)1 << 20) /* the initial buffer */
#define INPUT_MIN_READ    ((size_t)1 << 16) /* compact or grow below this much free room */
#define INPUT_MAX_PENDING ((size_t)1 << 30) /* the longest record (and batch) in bytes */
#define INPUT_SLACK       64                /* readable bytes after cap, for word-at-a-time loads */

struct Input {
    int fd; /* -1 for a memory input */
    bool owns_fd;
    bool is_eof;        /* read(2) returned 0: nothing more will come */
    bool bom_checked;   /* the byte order mark test was made */
    bool was_cancelled; /* is_eof came from *cancel, not from the input */
    volatile int *cancel;
    char *name;
    char *buf; /* cap + INPUT_SLACK bytes */
    size_t cap;
    size_t start;    /* the first byte not consumed */
    size_t end;      /* the end of the bytes read */
    int64_t wake_at; /* a blocking read gives up at this UTC epoch ms (0: never) */
    bool timed_out;  /* ... and it did: the reader returns what it has, maybe nothing */
};

/*
 * Reads more bytes after in->end. First makes room: moves [start, end) to the front
 * of the buffer, or grows the buffer, when less than INPUT_MIN_READ bytes are free, so
 * pointers into the buffer are invalid afterwards while offsets from in->start are
 * not. With may_block it waits for data; without, it reads only what is already
 * there. Returns the number of bytes added (> 0), 0 when none were (at end of input,
 * then in->is_eof is set, or nothing available without waiting), -1 on a read error
 * or when more than INPUT_MAX_PENDING bytes are pending (diag).
 */
int64_t input_fill(Input *in, bool may_block, Diag *diag);
/* Skips a UTF-8 byte order mark at the start of the input (once; may block until
 * three bytes or a non-BOM byte are there). */
int input_skip_bom(Input *in, Diag *diag);
/* Bytes buffered and not consumed. */
static inline size_t input_pending(const Input *in) {
    return in->end - in->start;
}

/* ---- sniffing (sniff.c) ------------------------------------------------------------ */

#define SNIFF_MAX_BYTES   ((size_t)64 << 10)
#define SNIFF_MAX_RECORDS 1000

/* Whether the n bytes at p are enough to infer a schema from. */
typedef bool (*SniffEnoughFn)(const char *p, size_t n, const void *ctx);
/* Reads, consuming nothing, until has_enough or end of input (blocking), then what can
 * be read at once while less than SNIFF_MAX_BYTES are buffered. */
int input_peek(Input *in, SniffEnoughFn has_enough, const void *ctx, Diag *diag);

/* A set of names (indexes into an array of C strings), for lookups by name. */
typedef struct NameSet {
    int *slots; /* index into the names, or -1 */
    size_t mask;
    int n;
} NameSet;

void name_set_init(NameSet *set, size_t expected);
void name_set_free(NameSet *set);
/* The index of the name equal to key[0, len), or -1. */
int name_set_find(const NameSet *set, char *const *names, const char *key, size_t len);
/* Adds names[index] (unless an equal name is there). */
void name_set_add(NameSet *set, char *const *names, int index);

/* ---- spans and column conversion (field_convert.c) ---------------------------------- */

/* Flags of a span. */
enum {
    SPAN_NULL = 1,    /* NULL whatever the type (JSON null or missing, the null literal) */
    SPAN_ESCAPED = 2, /* the text needs unescaping (doubled quotes, backslashes) */
    SPAN_QUOTED = 4,  /* a quoted CSV field or a JSON string: the span is the inside */
    SPAN_NUMBER = 8,  /* a JSON number */
};

/* Phase 1's output for one used field: one span per row of the batch. */
typedef struct SpanColumn {
    uint32_t off[BATCH_CAPACITY];
    uint32_t len[BATCH_CAPACITY];
    uint8_t flags[BATCH_CAPACITY];
} SpanColumn;

/* Writes the unescaped text of an escaped span into dst (room for len bytes) and
 * returns its length, which is at most len. */
typedef size_t (*UnescapeFn)(const void *ctx, const char *s, size_t len, char *dst);

typedef struct ConvertCtx {
    const char *base; /* the batch's first byte in the Input buffer */
    Arena *arena;     /* the output batch's, for unescaped strings */
    UnescapeFn unescape;
    const void *unescape_ctx;
    bool ignore_errors;
    uint8_t *row_bad; /* ignore_errors: set to 1 for each row that fails */
} ConvertCtx;

/*
 * Converts rows [0, n_rows) of one span column into v (whose type says how).
 * An empty span is NULL for every type but strings. Returns n_rows when every row
 * converted or when ignore_errors is set (failing rows are marked in row_bad);
 * otherwise the index of the first row that failed (rows before it are converted).
 */
typedef uint32_t (*ConvertFn)(const ConvertCtx *ctx, const SpanColumn *spans, Vector *v,
                              uint32_t n_rows);
ConvertFn field_converter(const SqlType *t);

/* Drops the rows marked in row_bad from the columns listed in cols (n_cols entries),
 * keeping the others in order; returns the new row count. */
uint32_t batch_drop_bad_rows(Batch *b, const int *cols, int n_cols, const uint8_t *row_bad,
                             uint32_t n_rows);

/* ---- what both readers keep (field_convert.c) --------------------------------------- */

/*
 * The fields of a reader and the state of the batch being built: which fields the
 * query uses (a "slot" each, in field order), their spans, where each row starts and
 * on which line, and the error policy with its counts.
 */
typedef struct ReaderCore {
    Input *in;
    int n_fields;
    char **names;
    SqlType *types;
    int *slot_of_field; /* -1: the field is not used */
    int n_slots;
    int *field_of_slot;
    int *col_of_slot;
    ConvertFn *convert; /* per slot */
    SpanColumn *spans;  /* per slot */
    bool ignore_errors;
    uint32_t max_rows; /* rows per batch: BATCH_CAPACITY unless set lower */
    UnescapeFn unescape;
    const void *unescape_ctx;
    /* per row of the batch being built: offset of its first byte, its line */
    uint32_t row_start[BATCH_CAPACITY];
    int64_t row_line[BATCH_CAPACITY];
    uint8_t row_bad[BATCH_CAPACITY];
    /* a malformed record: reported on the next call, and on every call after */
    bool has_error;
    Diag error;
    uint64_t n_skipped;
    bool has_first_skip;
    Diag first_skip;
} ReaderCore;

/* The core of each reader, for settings shared by both (max_rows). */
ReaderCore *csv_reader_core(CsvReader *r);
ReaderCore *json_reader_core(JsonReader *r);

void reader_core_init(ReaderCore *c, Input *in, int n_fields, const char *const *field_names,
                      const SqlType *field_types, const int *field_to_col, bool ignore_errors,
                      UnescapeFn unescape, const void *unescape_ctx);
void reader_core_free(ReaderCore *c);
/*
 * Phase 2 for rows [0, n_rows) whose text starts at base: converts every used field
 * into its column of out and returns the rows kept. A value that does not parse ends
 * the batch before its row and sets c->error (or, ignoring errors, drops the row and
 * counts it).
 */
uint32_t reader_core_convert(ReaderCore *c, const char *base, Batch *out, uint32_t n_rows);
/* Counts a malformed record found by a scanner, keeping `why` if it is the first. */
void reader_core_skip(ReaderCore *c, const Diag *why);

/* ---- messages ---------------------------------------------------------------------- */

/* The 1-based line and column (in characters) of byte `target` of a record that starts
 * at `rec` on line `line0`. */
void reader_locate(const char *rec, int64_t line0, const char *target, int *line, int *col);
/* Appends s as a double-quoted excerpt for a message: at most 60 bytes, control bytes
 * and quotes escaped. */
void reader_quote_text(StrBuf *sb, const char *s, size_t len);
/* The message for a value that does not parse: cannot parse "abc" as INT for field
 * 'amount'. The text is unescaped first when the span says so. */
void reader_value_error(Diag *diag, const char *source, int line, int col, const ConvertCtx *ctx,
                        const char *text, size_t len, uint8_t flags, const SqlType *type,
                        const char *field_name);

#endif /* CONNECTORS_READER_H */
