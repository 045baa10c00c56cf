/*
 * csv_reader.c - CSV records into column vectors, a batch at a time.
 *
 * Phase 1, the scanner, walks the Input buffer record by record and, for each field
 * the query uses, records its span (offset from the batch start, length, flags); the
 * fields nobody uses are stepped over. It is a small state machine (record start,
 * field start, unquoted, quoted, after the closing quote, comment, skip to the end of
 * a bad line) whose inner loops run over a 256-entry table of the bytes that matter in
 * that state, and whose state is saved whenever the buffer runs out in the middle of a
 * record: after more bytes arrive it continues where it stopped, so even a record of a
 * hundred megabytes is scanned once. Phase 2 (field_convert.c) then converts the spans
 * column by column.
 *
 * The batch ends at BATCH_CAPACITY rows, at the end of input, or - the streaming rule -
 * when the buffer holds no further complete record and poll(2) says nothing more can
 * be read now. A malformed record ends the batch before it (the error is returned by
 * the next call) unless errors are ignored, in which case it is dropped and counted:
 * at once when the scanner finds it (a wrong number of fields, bad quoting), or after
 * phase 2 when a value does not parse.
 *
 * Invariant: offsets are relative to in->start as it was when the call began, and the
 * reader advances in->start only at the end of a call, past the last whole record it
 * used. A record left half-scanned at the end of a call is scanned again from its
 * start by the next call.
 */
#include "connectors/reader.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef enum ScanState {
    ST_RECORD_START,
    ST_FIELD_START,
    ST_UNQUOTED,
    ST_QUOTED,
    ST_AFTER_QUOTE,
    ST_COMMENT,
    ST_SKIP_LINE,
} ScanState;

typedef enum ScanResult {
    SCAN_ROW,  /* a well-formed data record */
    SCAN_BAD,  /* a malformed record, consumed; r->bad says why */
    SCAN_SKIP, /* a header, comment or blank line, consumed */
    SCAN_MORE, /* the buffer ends inside a record: more bytes needed */
    SCAN_END,  /* end of input */
} ScanResult;

typedef enum BadKind {
    BAD_NONE,
    BAD_FIELD_COUNT,
    BAD_UNCLOSED_QUOTE,
    BAD_AFTER_QUOTE,
} BadKind;

/* Where the scanner is inside the current record; offsets from the batch start. */
typedef struct Scan {
    ScanState state;
    size_t pos;         /* where to continue */
    size_t row_start;   /* the record's first byte */
    size_t field_start; /* the current field's first content byte */
    size_t field_end;   /* ST_AFTER_QUOTE: the closing quote */
    size_t extra_off;   /* the start of field n_fields + 1, if any */
    size_t content_end; /* the end of the record's text (before the newline) */
    int64_t lines;      /* newlines inside the record so far */
    int field;          /* index of the current field */
    uint8_t flags;      /* the current field's span flags */
    BadKind bad;
    size_t bad_off; /* where the problem is */
    int bad_field;
} Scan;

struct CsvReader {
    ReaderCore c; /* fields, spans, rows of the batch, errors */
    CsvOptions opts;
    char *null_literal;
    size_t null_len;
    uint8_t special_unquoted[256];
    uint8_t special_quoted[256];
    Scan scan;
    bool header_pending;
    int64_t line; /* the line of the next record's first byte */
    int64_t rec_line;
};

static size_t csv_unescape(const void *ctx, const char *s, size_t len, char *dst) {
    const CsvReader *r = ctx;
    const char quote = r->opts.quote, esc = r->opts.escape;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (esc && c == esc && i + 1 < len) {
            dst[n++] = s[++i];
        } else if (quote && c == quote && i + 1 < len && s[i + 1] == quote) {
            dst[n++] = quote;
            i++;
        } else {
            dst[n++] = c;
        }
    }
    return n;
}

CsvOptions csv_options_default(void) {
    CsvOptions o = {',', '"', '\0', false, false, false, NULL};
    return o;
}

CsvReader *csv_reader_new(Input *in, const CsvOptions *opts, int n_fields,
                          const char *const *field_names, const SqlType *field_types,
                          const int *field_to_col) {
    CsvReader *r = xcalloc(1, sizeof(CsvReader));
    r->opts = *opts;
    if (r->opts.escape == r->opts.quote)
        r->opts.escape = '\0'; /* a doubled quote already escapes a quote */
    if (opts->null_literal) {
        r->null_literal = xstrdup(opts->null_literal);
        r->null_len = strlen(opts->null_literal);
        r->opts.null_literal = r->null_literal;
    }
    reader_core_init(&r->c, in, n_fields, field_names, field_types, field_to_col,
                     opts->ignore_parse_errors, csv_unescape, r);
    r->special_unquoted[(uint8_t)r->opts.delimiter] = 1;
    r->special_unquoted['\n'] = 1;
    if (r->opts.escape)
        r->special_unquoted[(uint8_t)r->opts.escape] = 1;
    if (r->opts.quote)
        r->special_quoted[(uint8_t)r->opts.quote] = 1;
    r->special_quoted['\n'] = 1;
    if (r->opts.escape)
        r->special_quoted[(uint8_t)r->opts.escape] = 1;
    r->header_pending = opts->header;
    r->line = 1;
    return r;
}

void csv_reader_free(CsvReader *r) {
    if (!r)
        return;
    reader_core_free(&r->c);
    free(r->null_literal);
    free(r);
}

uint64_t csv_reader_skipped(const CsvReader *r) {
    return r->c.n_skipped;
}

const Diag *csv_reader_first_skip(const CsvReader *r) {
    return r->c.has_first_skip ? &r->c.first_skip : NULL;
}

/* ---- phase 1: the scanner ---------------------------------------------------------- */

/* Records the span of field f of `row` (only when the query uses it). */
static inline void end_field(CsvReader *r, const char *base, uint32_t row, int f, size_t start,
                             size_t end, uint8_t flags) {
    if (f >= r->c.n_fields)
        return;
    int slot = r->c.slot_of_field[f];
    if (slot < 0)
        return;
    if (r->null_literal && !(flags & SPAN_QUOTED) && end - start == r->null_len &&
        memcmp(base + start, r->null_literal, r->null_len) == 0)
        flags |= SPAN_NULL;
    SpanColumn *sc = &r->c.spans[slot];
    sc->off[row] = (uint32_t)start;
    sc->len[row] = (uint32_t)(end - start);
    sc->flags[row] = flags;
}

/*
 * Scans (or goes on scanning) one record of base[0, avail), filling the spans of
 * `row`. `eof`: no byte will follow avail.
 */
static ScanResult scan_record(CsvReader *r, const char *base, size_t avail, bool eof,
                              uint32_t row) {
    Scan *sc = &r->scan;
    const uint8_t *unquoted = r->special_unquoted, *quoted = r->special_quoted;
    const char delim = r->opts.delimiter, quote = r->opts.quote;
    size_t p = sc->pos, fs = sc->field_start, fe = sc->field_end;
    int f = sc->field;
    uint8_t fl = sc->flags;
    int64_t lines_after; /* 1 when the record ended with a newline */
    char c;

    switch (sc->state) {
        case ST_RECORD_START:
            goto record_start;
        case ST_FIELD_START:
            goto field_start;
        case ST_UNQUOTED:
            goto unquoted;
        case ST_QUOTED:
            goto quoted;
        case ST_AFTER_QUOTE:
            goto after_quote;
        case ST_COMMENT:
            goto comment;
        case ST_SKIP_LINE:
            goto skip_line;
    }

record_start:
    if (p >= avail) {
        if (eof)
            return SCAN_END;
        sc->state = ST_RECORD_START;
        goto need_more;
    }
    sc->row_start = p;
    sc->lines = 0;
    sc->bad = BAD_NONE;
    f = 0;
    c = base[p];
    if (c == '#' && r->opts.allow_comments)
        goto comment;
    if (r->c.n_fields > 1 && (c == '\n' || c == '\r')) {
        /* A blank line. */
        if (c == '\n') {
            sc->pos = p + 1;
            r->line++;
            return SCAN_SKIP;
        }
        if (p + 1 >= avail && !eof) {
            sc->state = ST_RECORD_START;
            goto need_more;
        }
        if (p + 1 >= avail || base[p + 1] == '\n') {
            sc->pos = p + 2 <= avail ? p + 2 : avail;
            r->line++;
            return SCAN_SKIP;
        }
    }

field_start:
    if (f == r->c.n_fields)
        sc->extra_off = p;
    if (p >= avail) {
        if (!eof) {
            sc->state = ST_FIELD_START;
            goto need_more;
        }
        end_field(r, base, row, f, p, p, 0);
        f++;
        sc->content_end = p;
        lines_after = 0;
        goto record_end;
    }
    if (base[p] == quote && quote) {
        fl = SPAN_QUOTED;
        fs = ++p;
        goto quoted;
    }
    fl = 0;
    fs = p;

unquoted:
    for (;;) {
        while (p < avail && !unquoted[(uint8_t)base[p]])
            p++;
        if (p >= avail) {
            if (!eof) {
                sc->state = ST_UNQUOTED;
                goto need_more;
            }
            fe = p;
            if (fe > fs && base[fe - 1] == '\r')
                fe--;
            end_field(r, base, row, f, fs, fe, fl);
            f++;
            sc->content_end = fe;
            lines_after = 0;
            goto record_end;
        }
        c = base[p];
        if (c == delim) {
            end_field(r, base, row, f, fs, p, fl);
            f++;
            p++;
            goto field_start;
        }
        if (c == '\n') {
            fe = p;
            if (fe > fs && base[fe - 1] == '\r')
                fe--;
            end_field(r, base, row, f, fs, fe, fl);
            f++;
            sc->content_end = fe;
            p++;
            lines_after = 1;
            goto record_end;
        }
        /* The escape character: the next byte is ordinary. */
        if (p + 1 >= avail) {
            if (!eof) {
                sc->state = ST_UNQUOTED;
                goto need_more;
            }
            p++; /* a lone escape at the very end stays as it is */
            continue;
        }
        if (base[p + 1] == '\n')
            sc->lines++;
        fl |= SPAN_ESCAPED;
        p += 2;
    }

quoted:
    for (;;) {
        while (p < avail && !quoted[(uint8_t)base[p]])
            p++;
        if (p >= avail) {
            if (!eof) {
                sc->state = ST_QUOTED;
                goto need_more;
            }
            sc->bad = BAD_UNCLOSED_QUOTE;
            sc->bad_off = fs - 1;
            sc->bad_field = f;
            p = avail;
            lines_after = 0;
            goto record_end;
        }
        c = base[p];
        if (c == '\n') {
            sc->lines++;
            p++;
            continue;
        }
        if (c == quote) {
            if (p + 1 >= avail && !eof) {
                sc->state = ST_QUOTED;
                goto need_more;
            }
            if (p + 1 < avail && base[p + 1] == quote) {
                fl |= SPAN_ESCAPED;
                p += 2;
                continue;
            }
            fe = p++;
            goto after_quote;
        }
        /* The escape character. */
        if (p + 1 >= avail) {
            if (!eof) {
                sc->state = ST_QUOTED;
                goto need_more;
            }
            p++;
            continue; /* then the quote is unclosed */
        }
        if (base[p + 1] == '\n')
            sc->lines++;
        fl |= SPAN_ESCAPED;
        p += 2;
    }

after_quote:
    if (p >= avail) {
        if (!eof) {
            sc->state = ST_AFTER_QUOTE;
            goto need_more;
        }
        end_field(r, base, row, f, fs, fe, fl);
        f++;
        sc->content_end = p;
        lines_after = 0;
        goto record_end;
    }
    c = base[p];
    if (c == delim) {
        end_field(r, base, row, f, fs, fe, fl);
        f++;
        p++;
        goto field_start;
    }
    if (c == '\n' || c == '\r') {
        if (c == '\r') {
            if (p + 1 >= avail && !eof) {
                sc->state = ST_AFTER_QUOTE;
                goto need_more;
            }
            if (p + 1 < avail && base[p + 1] != '\n')
                goto after_quote_bad;
        }
        end_field(r, base, row, f, fs, fe, fl);
        f++;
        sc->content_end = p;
        p += c == '\r' ? 2 : 1;
        if (p > avail)
            p = avail;
        lines_after = 1;
        goto record_end;
    }
after_quote_bad:
    sc->bad = BAD_AFTER_QUOTE;
    sc->bad_off = p;
    sc->bad_field = f;
    goto skip_line;

skip_line : {
    /* A malformed record: its fields no longer matter, find its end. */
    const char *nl = p < avail ? memchr(base + p, '\n', avail - p) : NULL;
    if (!nl) {
        if (!eof) {
            p = avail;
            sc->state = ST_SKIP_LINE;
            goto need_more;
        }
        p = avail;
        lines_after = 0;
    } else {
        p = (size_t)(nl - base) + 1;
        lines_after = 1;
    }
    goto record_end;
}

comment : {
    const char *nl = p < avail ? memchr(base + p, '\n', avail - p) : NULL;
    if (!nl) {
        if (!eof) {
            p = avail;
            sc->state = ST_COMMENT;
            goto need_more;
        }
        p = avail;
    } else {
        p = (size_t)(nl - base) + 1;
        r->line++;
    }
    sc->state = ST_RECORD_START;
    sc->pos = p;
    return SCAN_SKIP;
}

record_end:
    sc->state = ST_RECORD_START;
    sc->pos = p;
    sc->field = f;
    r->rec_line = r->line;
    r->line += sc->lines + lines_after;
    if (r->header_pending) {
        r->header_pending = false;
        return SCAN_SKIP;
    }
    if (sc->bad != BAD_NONE)
        return SCAN_BAD;
    if (f != r->c.n_fields) {
        sc->bad = BAD_FIELD_COUNT;
        return SCAN_BAD;
    }
    return SCAN_ROW;

need_more:
    sc->pos = p;
    sc->field = f;
    sc->field_start = fs;
    sc->field_end = fe;
    sc->flags = fl;
    return SCAN_MORE;
}

/* ---- phase 1, fast path: plain records, 64 bytes at a time ------------------------ */

/*
 * Most records have no quotes and no escapes. For them the scanner works on bit masks:
 * for each 64-byte block, one bit per byte for the separators (delimiter or newline),
 * for the newlines, and for the "odd" bytes (quote, escape) that need the state
 * machine. Field ends are the set bits of the separator mask, taken lowest first. A
 * record that holds an odd byte, has the wrong number of fields, is blank or a comment,
 * or reaches past the last whole block of the buffer ends the fast path at its start;
 * scan_record then takes that one record.
 */
static inline void block_masks(const CsvReader *r, const char *p, uint64_t *sep, uint64_t *nl,
                               uint64_t *odd) {
    /* An unused quote or escape compares with '\n', which can never be inside a field. */
    char quote = r->opts.quote ? r->opts.quote : '\n';
    char esc = r->opts.escape ? r->opts.escape : '\n';
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8(r->opts.delimiter), vn = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8(quote), ve = _mm_set1_epi8(esc);
    uint64_t s = 0, n = 0, o = 0;
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        uint64_t mn = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vn));
        uint64_t md = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd));
        uint64_t mo =
            (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, ve)));
        n |= mn << (16 * k);
        s |= (mn | md) << (16 * k);
        o |= mo << (16 * k);
    }
    *sep = s;
    *nl = n;
    *odd = o;
#else
    uint64_t s = 0, n = 0, o = 0;
    for (int k = 0; k < 64; k++) {
        char c = p[k];
        uint64_t bit = (uint64_t)1 << k;
        if (c == '\n')
            n |= bit;
        if (c == '\n' || c == r->opts.delimiter)
            s |= bit;
        if (c == quote || c == esc)
            o |= bit;
    }
    *sep = s;
    *nl = n;
    *odd = o;
#endif
}

/* Scans plain records from *pos on into rows n_rows...; returns the new row count and
 * leaves *pos at the first record it did not take. */
static uint32_t fast_scan(CsvReader *r, const char *base, size_t avail, uint32_t n_rows,
                          size_t *pos_io) {
    size_t pos = *pos_io, blk = pos;
    const int last_field = r->c.n_fields - 1;
    const bool comments = r->opts.allow_comments;
    uint64_t sep, nl, odd;
    if (blk + 64 > avail || last_field < 0)
        return n_rows;
    block_masks(r, base + blk, &sep, &nl, &odd);
    while (n_rows < r->c.max_rows) {
        size_t rec = pos;
        char c0 = base[rec];
        if (c0 == '\n' || c0 == '\r' || (c0 == '#' && comments))
            break;
        int f = 0;
        size_t fs = rec;
        for (;;) {
            if (sep == 0) {
                if (odd)
                    goto bail;
                blk += 64;
                if (blk + 64 > avail)
                    goto bail;
                block_masks(r, base + blk, &sep, &nl, &odd);
                continue;
            }
            int i = __builtin_ctzll(sep);
            uint64_t bit = (uint64_t)1 << i;
            if (odd & (bit - 1))
                goto bail;
            size_t c = blk + (size_t)i;
            sep &= sep - 1;
            if (nl & bit) {
                if (f != last_field)
                    goto bail;
                size_t fe = c > fs && base[c - 1] == '\r' ? c - 1 : c;
                end_field(r, base, n_rows, f, fs, fe, 0);
                odd &= ~(bit | (bit - 1));
                pos = c + 1;
                break;
            }
            if (f == last_field)
                goto bail;
            end_field(r, base, n_rows, f, fs, c, 0);
            f++;
            fs = c + 1;
        }
        r->c.row_start[n_rows] = (uint32_t)rec;
        r->c.row_line[n_rows] = r->line++;
        n_rows++;
        if (pos - blk >= 64) {
            blk = pos;
            if (blk + 64 > avail)
                break;
            block_masks(r, base + blk, &sep, &nl, &odd);
        }
        continue;
    bail:
        pos = rec;
        break;
    }
    *pos_io = pos;
    return n_rows;
}

/* The message for the malformed record the scanner just finished. */
static void scan_error(CsvReader *r, const char *base, Diag *diag) {
    const Scan *sc = &r->scan;
    const char *rec = base + sc->row_start;
    int line, col;
    switch (sc->bad) {
        case BAD_FIELD_COUNT: {
            size_t at = sc->field > r->c.n_fields ? sc->extra_off : sc->content_end;
            reader_locate(rec, r->rec_line, base + at, &line, &col);
            diag_set_at(diag, r->c.in->name, line, col, "expected %d field%s but found %d",
                        r->c.n_fields, r->c.n_fields == 1 ? "" : "s", sc->field);
            break;
        }
        case BAD_UNCLOSED_QUOTE:
            reader_locate(rec, r->rec_line, base + sc->bad_off, &line, &col);
            diag_set_at(diag, r->c.in->name, line, col,
                        "the quoted value of field '%s' is never closed",
                        sc->bad_field < r->c.n_fields ? r->c.names[sc->bad_field] : "(extra)");
            break;
        case BAD_AFTER_QUOTE:
        case BAD_NONE: {
            reader_locate(rec, r->rec_line, base + sc->bad_off, &line, &col);
            StrBuf sb;
            sb_init(&sb);
            reader_quote_text(&sb, base + sc->bad_off, 1);
            diag_set_at(diag, r->c.in->name, line, col,
                        "expected '%c' or the end of the line after the closing quote of "
                        "field '%s', found %s",
                        r->opts.delimiter,
                        sc->bad_field < r->c.n_fields ? r->c.names[sc->bad_field] : "(extra)",
                        sb_cstr(&sb));
            sb_free(&sb);
            break;
        }
    }
}

/* ---- phase 2 and the batch --------------------------------------------------------- */

int csv_read_batch(CsvReader *r, Batch *out, Diag *diag) {
    Input *in = r->c.in;
    batch_reset(out);
    for (;;) {
        if (r->c.has_error) {
            *diag = r->c.error;
            return -1;
        }
        if (input_skip_bom(in, diag) < 0)
            return -1;
        /* A record half-scanned by the last call starts again at the new batch start. */
        memset(&r->scan, 0, sizeof r->scan);
        uint32_t n_rows = 0;
        size_t consumed = 0;
        bool stop = false;
        while (!stop && n_rows < r->c.max_rows) {
            const char *base = in->buf + in->start;
            if (r->scan.state == ST_RECORD_START && !r->header_pending) {
                size_t pos = r->scan.pos;
                uint32_t before = n_rows;
                n_rows = fast_scan(r, base, input_pending(in), n_rows, &pos);
                if (n_rows != before) {
                    r->scan.pos = consumed = pos;
                    if (n_rows == r->c.max_rows)
                        break;
                }
            }
            ScanResult res = scan_record(r, base, input_pending(in), in->is_eof, n_rows);
            switch (res) {
                case SCAN_ROW:
                    r->c.row_start[n_rows] = (uint32_t)r->scan.row_start;
                    r->c.row_line[n_rows] = r->rec_line;
                    n_rows++;
                    consumed = r->scan.pos;
                    break;
                case SCAN_SKIP:
                    consumed = r->scan.pos;
                    break;
                case SCAN_BAD:
                    consumed = r->scan.pos;
                    if (r->opts.ignore_parse_errors) {
                        Diag why;
                        scan_error(r, base, &why);
                        reader_core_skip(&r->c, &why);
                    } else {
                        scan_error(r, base, &r->c.error);
                        r->c.has_error = true;
                        stop = true;
                    }
                    break;
                case SCAN_END:
                    stop = true;
                    break;
                case SCAN_MORE: {
                    int64_t got = input_fill(in, n_rows == 0, diag);
                    if (got < 0) {
                        if (n_rows == 0)
                            return -1;
                        stop = true; /* return what we have; the next call fails again */
                    } else if (in->was_cancelled) {
                        in->end = in->start + consumed; /* drop the partial record */
                        stop = true;
                    } else if (got == 0 && !in->is_eof) {
                        stop = true; /* nothing more right now: the streaming rule */
                    }
                    break;
                }
            }
        }
        const char *base = in->buf + in->start;
        uint32_t kept = n_rows ? reader_core_convert(&r->c, base, out, n_rows) : 0;
        in->start += consumed;
        if (kept > 0) {
            out->n_rows = kept;
            return (int)kept;
        }
        if (r->c.has_error)
            continue; /* report it */
        if (in->is_eof && input_pending(in) == 0)
            return 0;
        if (n_rows == 0 && in->is_eof && consumed == 0)
            return 0;
        if (in->timed_out)
            return 0; /* the caller's timer is due: an empty batch (source_table.c) */
        /* Every row of this batch was skipped: read on. */
        batch_reset(out);
    }
}

ReaderCore *csv_reader_core(CsvReader *r) {
    return &r->c;
}
