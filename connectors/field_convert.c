/*
 * field_convert.c - phase 2 of the readers: spans of text to column vectors.
 *
 * One function per physical type, chosen once per column when a reader is made. Each
 * is a loop over the rows of the batch with no switch on the type inside; a fast path
 * takes the common spelling of a value (plain digits, "2020-04-15 08:05:00.123") and
 * anything else falls back to type_parse_value, which knows every accepted form and
 * says whether the text is valid. NULLs are collected into a local bitmap and copied
 * into the vector once at the end, so a column without NULLs keeps validity == NULL.
 *
 * The rules every function keeps: a span flagged SPAN_NULL is NULL; an empty span is
 * NULL for every type but strings (Flink's csv format reads an empty field so); an
 * escaped span is unescaped (into the batch arena) before it is parsed; a failing row
 * either ends the conversion (returning its index) or, with ignore_errors, is marked
 * in row_bad and the loop goes on.
 */
#include "connectors/reader.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- fast paths -------------------------------------------------------------------- */

/*
 * 1 to 8 ASCII digits at p to their value, 8 bytes at a time (the Input buffer has
 * INPUT_SLACK readable bytes after its end, so the load never leaves it). The digits
 * are shifted to the top of the word, the bytes below filled with '0', all 8 bytes
 * checked to be digits, then pairs, quads and octets combined by multiplication.
 */
static inline bool swar_digits(const char *p, uint32_t n, uint64_t *out) {
    uint64_t v;
    memcpy(&v, p, 8);
    v <<= 8 * (8 - n);
    if (n < 8)
        v |= 0x3030303030303030ULL >> (8 * n);
    if ((v & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
        ((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
        return false;
    v -= 0x3030303030303030ULL;
    v = v * 10 + (v >> 8);
    v = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
         (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
        32;
    *out = v;
    return true;
}

/* [+-]digits, at most 16 digits (so no overflow is possible). */
static inline bool fast_int64(const char *s, uint32_t len, int64_t *out) {
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
        len--;
    }
    uint64_t v, lo;
    if (len == 0 || len > 16)
        return false;
    if (len <= 8) {
        if (!swar_digits(p, len, &v))
            return false;
    } else {
        if (!swar_digits(p, len - 8, &v) || !swar_digits(p + len - 8, 8, &lo))
            return false;
        v = v * 100000000 + lo;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

static const double FAST_POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* [+-]digits[.digits] with at most 15 digits: exact by one division (Clinger). */
static inline bool fast_double(const char *s, uint32_t len, double *out) {
    const char *p = s, *end = s + len;
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    uint64_t mant = 0;
    int n_digits = 0, n_frac = 0;
    bool seen_point = false;
    for (; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d <= 9) {
            mant = mant * 10 + d;
            n_digits++;
            n_frac += seen_point;
        } else if (*p == '.' && !seen_point) {
            seen_point = true;
        } else {
            return false;
        }
    }
    if (n_digits == 0 || n_digits > 15)
        return false;
    double v = (double)mant / FAST_POW10[n_frac];
    *out = neg ? -v : v;
    return true;
}

/* [+-]digits[.digits] with no more fraction digits than the scale and at most 18
 * digits once scaled. */
static inline bool fast_decimal(const char *s, uint32_t len, int precision, int scale,
                                int64_t *out) {
    const char *p = s, *end = s + len;
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    uint64_t mant = 0;
    int n_digits = 0, n_frac = 0;
    bool seen_point = false;
    for (; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d <= 9) {
            mant = mant * 10 + d;
            n_digits++;
            n_frac += seen_point;
        } else if (*p == '.' && !seen_point) {
            seen_point = true;
        } else {
            return false;
        }
    }
    if (n_digits == 0 || n_frac > scale || n_digits - n_frac + scale > 18)
        return false;
    int64_t v = (int64_t)mant * decimal_pow10[scale - n_frac];
    if (neg)
        v = -v;
    if (!decimal_fits(v, precision))
        return false;
    *out = v;
    return true;
}

static inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static inline bool valid_day(unsigned y, unsigned m, unsigned d) {
    static const uint8_t DAYS[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    unsigned max = DAYS[m];
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        max = 29;
    return d <= max;
}

static inline unsigned dig2(const char *s) {
    return (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
}

static inline bool all_digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if ((unsigned)(s[i] - '0') > 9)
            return false;
    return true;
}

/* "YYYY-MM-DD" */
static inline bool fast_date(const char *s, uint32_t len, int32_t *out) {
    if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
        !all_digits(s + 8, 2))
        return false;
    unsigned y = dig2(s) * 100 + dig2(s + 2), m = dig2(s + 5), d = dig2(s + 8);
    if (!valid_day(y, m, d))
        return false;
    *out = (int32_t)days_from_civil(y, m, d);
    return true;
}

/* "YYYY-MM-DD HH:MM:SS" or with 'T', and an optional fraction of 1 to 3 digits. */
static inline bool fast_timestamp(const char *s, uint32_t len, int64_t *out) {
    if (len < 19 || len > 23 || len == 20)
        return false;
    int32_t days;
    if (!fast_date(s, 10, &days) || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
        s[16] != ':' || !all_digits(s + 11, 2) || !all_digits(s + 14, 2) || !all_digits(s + 17, 2))
        return false;
    unsigned hh = dig2(s + 11), mi = dig2(s + 14), ss = dig2(s + 17);
    if (hh > 23 || mi > 59 || ss > 59)
        return false;
    unsigned ms = 0;
    if (len > 19) {
        if (s[19] != '.' || !all_digits(s + 20, (int)len - 20))
            return false;
        static const unsigned SCALE[4] = {0, 100, 10, 1};
        unsigned frac = 0;
        for (uint32_t i = 20; i < len; i++)
            frac = frac * 10 + (unsigned)(s[i] - '0');
        ms = frac * SCALE[len - 20];
    }
    *out = (int64_t)days * MS_PER_DAY + (int64_t)hh * MS_PER_HOUR + (int64_t)mi * MS_PER_MINUTE +
           (int64_t)ss * MS_PER_SECOND + ms;
    return true;
}

static inline bool fast_bool(const char *s, uint32_t len, uint8_t *out) {
    if (len == 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' && (s[2] | 0x20) == 'u' &&
        (s[3] | 0x20) == 'e') {
        *out = 1;
        return true;
    }
    if (len == 5 && (s[0] | 0x20) == 'f' && (s[1] | 0x20) == 'a' && (s[2] | 0x20) == 'l' &&
        (s[3] | 0x20) == 's' && (s[4] | 0x20) == 'e') {
        *out = 0;
        return true;
    }
    return false;
}

/* ---- the slow path ----------------------------------------------------------------- */

/* The text of a span, unescaped into the arena when needed. */
static inline const char *span_text(const ConvertCtx *ctx, const char *s, uint32_t *len,
                                    uint8_t flags) {
    if (!(flags & SPAN_ESCAPED))
        return s;
    char *dst = arena_alloc(ctx->arena, *len ? *len : 1);
    *len = (uint32_t)ctx->unescape(ctx->unescape_ctx, s, *len, dst);
    return dst;
}

/*
 * type_parse_value on the (unescaped) text. A JSON number read into an integer column
 * may have a fraction or an exponent: Flink truncates it toward zero when it is in
 * range, and so does this.
 */
static bool slow_parse(const ConvertCtx *ctx, const SqlType *t, const char *s, uint32_t len,
                       uint8_t flags, void *out) {
    s = span_text(ctx, s, &len, flags);
    if (type_parse_value(t, s, len, out))
        return true;
    const TypeInfo *info = type_info(t->id);
    if ((flags & SPAN_NUMBER) && info->is_integer) {
        double d;
        SqlType dt = type_make(TYPE_DOUBLE);
        if (!type_parse_value(&dt, s, len, &d) || isnan(d))
            return false;
        d = trunc(d);
        if (t->id == TYPE_BIGINT) {
            if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
                return false;
            int64_t v = (int64_t)d;
            memcpy(out, &v, sizeof v);
            return true;
        }
        int64_t lo = t->id == TYPE_TINYINT ? -128 : t->id == TYPE_SMALLINT ? -32768 : INT32_MIN;
        int64_t hi = t->id == TYPE_TINYINT ? 127 : t->id == TYPE_SMALLINT ? 32767 : INT32_MAX;
        if (d < (double)lo || d > (double)hi)
            return false;
        int32_t v = (int32_t)d;
        memcpy(out, &v, sizeof v);
        return true;
    }
    return false;
}

/* ---- the loops --------------------------------------------------------------------- */

typedef struct NullBits {
    uint64_t words[BATCH_WORDS];
    bool any;
} NullBits;

static inline void null_set(NullBits *nb, uint32_t row) {
    nb->words[row >> 6] |= (uint64_t)1 << (row & 63);
    nb->any = true;
}

static inline void null_apply(const NullBits *nb, Vector *v) {
    if (!nb->any) {
        v->validity = NULL;
        return;
    }
    v->validity = v->valid_buf;
    for (int w = 0; w < BATCH_WORDS; w++)
        v->validity[w] = ~nb->words[w];
}

/* A failing row: stop here, or mark it and go on. */
#define ROW_FAILED(row)                                                                            \
    do {                                                                                           \
        if (!ctx->ignore_errors) {                                                                 \
            n_rows = (row);                                                                        \
            goto done;                                                                             \
        }                                                                                          \
        ctx->row_bad[row] = 1;                                                                     \
    } while (0)

/*
 * The loop shared by the fixed-width types: CTYPE is the physical type, FAST(s, len,
 * &out) the fast path (true when it took the value).
 */
#define DEFINE_CONVERTER(NAME, CTYPE, FAST)                                                        \
    static uint32_t NAME(const ConvertCtx *ctx, const SpanColumn *spans, Vector *v,                \
                         uint32_t n_rows) {                                                        \
        CTYPE *data = v->data;                                                                     \
        const SqlType *t = &v->type;                                                               \
        NullBits nb = {{0}, false};                                                                \
        (void)t;                                                                                   \
        for (uint32_t row = 0; row < n_rows; row++) {                                              \
            uint32_t len = spans->len[row];                                                        \
            uint8_t flags = spans->flags[row];                                                     \
            const char *s = ctx->base + spans->off[row];                                           \
            data[row] = 0;                                                                         \
            if (len == 0 || (flags & SPAN_NULL)) {                                                 \
                null_set(&nb, row);                                                                \
                continue;                                                                          \
            }                                                                                      \
            if (!(flags & SPAN_ESCAPED) && FAST)                                                   \
                continue;                                                                          \
            if (!slow_parse(ctx, t, s, len, flags, &data[row]))                                    \
                ROW_FAILED(row);                                                                   \
        }                                                                                          \
    done:                                                                                          \
        null_apply(&nb, v);                                                                        \
        return n_rows;                                                                             \
    }

static inline bool fast_int32(const char *s, uint32_t len, int32_t *out) {
    int64_t v;
    if (len > 11 || !fast_int64(s, len, &v) || v < INT32_MIN || v > INT32_MAX)
        return false;
    *out = (int32_t)v;
    return true;
}

DEFINE_CONVERTER(convert_int32, int32_t, fast_int32(s, len, &data[row]))
DEFINE_CONVERTER(convert_int64, int64_t, fast_int64(s, len, &data[row]))
DEFINE_CONVERTER(convert_double, double, fast_double(s, len, &data[row]))
DEFINE_CONVERTER(convert_decimal, int64_t, fast_decimal(s, len, t->precision, t->scale, &data[row]))
DEFINE_CONVERTER(convert_timestamp, int64_t, fast_timestamp(s, len, &data[row]))
DEFINE_CONVERTER(convert_date, int32_t, fast_date(s, len, &data[row]))
DEFINE_CONVERTER(convert_bool, uint8_t, fast_bool(s, len, &data[row]))
/* No fast path: TINYINT, SMALLINT, FLOAT, TIME, INTERVAL, TIMESTAMP_LTZ, low-precision
 * TIMESTAMP. The physical width is 4 or 8 bytes. */
DEFINE_CONVERTER(convert_slow32, int32_t, false)
DEFINE_CONVERTER(convert_slow64, int64_t, false)

static uint32_t convert_string(const ConvertCtx *ctx, const SpanColumn *spans, Vector *v,
                               uint32_t n_rows) {
    StrRef *data = v->data;
    NullBits nb = {{0}, false};
    for (uint32_t row = 0; row < n_rows; row++) {
        uint32_t len = spans->len[row];
        uint8_t flags = spans->flags[row];
        const char *s = ctx->base + spans->off[row];
        if (flags & (SPAN_NULL | SPAN_ESCAPED)) {
            if (flags & SPAN_NULL) {
                data[row].ptr = "";
                data[row].len = 0;
                null_set(&nb, row);
                continue;
            }
            s = span_text(ctx, s, &len, flags);
        }
        data[row].ptr = s;
        data[row].len = len;
    }
    null_apply(&nb, v);
    return n_rows;
}

static uint32_t convert_null(const ConvertCtx *ctx, const SpanColumn *spans, Vector *v,
                             uint32_t n_rows) {
    (void)ctx;
    (void)spans;
    NullBits nb = {{0}, false};
    for (uint32_t row = 0; row < n_rows; row++)
        null_set(&nb, row);
    null_apply(&nb, v);
    return n_rows;
}

ConvertFn field_converter(const SqlType *t) {
    switch (t->id) {
        case TYPE_BOOLEAN:
            return convert_bool;
        case TYPE_INT:
            return convert_int32;
        case TYPE_BIGINT:
            return convert_int64;
        case TYPE_DOUBLE:
            return convert_double;
        case TYPE_DECIMAL:
            return convert_decimal;
        case TYPE_TIMESTAMP:
            return t->precision >= 3 ? convert_timestamp : convert_slow64;
        case TYPE_DATE:
            return convert_date;
        case TYPE_CHAR:
        case TYPE_VARCHAR:
            return convert_string;
        case TYPE_NULL:
            return convert_null;
        default:
            return type_width(t->id) == 8 ? convert_slow64 : convert_slow32;
    }
}

/* ---- dropping failed rows ---------------------------------------------------------- */

uint32_t batch_drop_bad_rows(Batch *b, const int *cols, int n_cols, const uint8_t *row_bad,
                             uint32_t n_rows) {
    uint32_t kept = 0;
    for (int i = 0; i < n_cols; i++) {
        Vector *v = &b->cols[cols[i]];
        size_t width = type_width(v->type.id);
        char *data = v->data;
        kept = 0;
        for (uint32_t row = 0; row < n_rows; row++) {
            if (row_bad[row])
                continue;
            if (kept != row) {
                memcpy(data + kept * width, data + row * width, width);
                if (v->validity) {
                    if (vec_is_null(v, row))
                        vec_set_null(v, kept);
                    else
                        vec_set_valid(v, kept);
                }
            }
            kept++;
        }
    }
    if (n_cols == 0)
        for (uint32_t row = 0; row < n_rows; row++)
            kept += !row_bad[row];
    return kept;
}

/* ---- the reader core ---------------------------------------------------------------- */

void reader_core_init(ReaderCore *c, Input *in, int n_fields, const char *const *field_names,
                      const SqlType *field_types, const int *field_to_col, bool ignore_errors,
                      UnescapeFn unescape, const void *unescape_ctx) {
    c->max_rows = BATCH_CAPACITY;
    size_t n = (size_t)(n_fields > 0 ? n_fields : 1);
    c->in = in;
    c->n_fields = n_fields;
    c->names = xcalloc(n, sizeof(char *));
    c->types = xcalloc(n, sizeof(SqlType));
    c->slot_of_field = xcalloc(n, sizeof(int));
    c->field_of_slot = xcalloc(n, sizeof(int));
    c->col_of_slot = xcalloc(n, sizeof(int));
    c->convert = xcalloc(n, sizeof(ConvertFn));
    c->n_slots = 0;
    for (int f = 0; f < n_fields; f++) {
        char generated[32];
        snprintf(generated, sizeof generated, "field %d", f + 1);
        c->names[f] = xstrdup(field_names && field_names[f] ? field_names[f] : generated);
        c->types[f] = field_types[f];
        c->slot_of_field[f] = -1;
        if (field_to_col && field_to_col[f] >= 0) {
            int slot = c->n_slots++;
            c->slot_of_field[f] = slot;
            c->field_of_slot[slot] = f;
            c->col_of_slot[slot] = field_to_col[f];
            c->convert[slot] = field_converter(&field_types[f]);
        }
    }
    c->spans = xmalloc(sizeof(SpanColumn) * (size_t)(c->n_slots ? c->n_slots : 1));
    c->ignore_errors = ignore_errors;
    c->unescape = unescape;
    c->unescape_ctx = unescape_ctx;
    c->has_error = false;
    c->n_skipped = 0;
    c->has_first_skip = false;
    diag_init(&c->error);
    diag_init(&c->first_skip);
}

void reader_core_free(ReaderCore *c) {
    for (int f = 0; f < c->n_fields; f++)
        free(c->names[f]);
    free(c->names);
    free(c->types);
    free(c->slot_of_field);
    free(c->field_of_slot);
    free(c->col_of_slot);
    free(c->convert);
    free(c->spans);
}

void reader_core_skip(ReaderCore *c, const Diag *why) {
    c->n_skipped++;
    if (!c->has_first_skip) {
        c->first_skip = *why;
        c->has_first_skip = true;
    }
}

/* The message for row `row`, field of `slot`, whose value did not parse. */
static void value_error(const ReaderCore *c, const ConvertCtx *ctx, uint32_t row, int slot,
                        Diag *diag) {
    const SpanColumn *spans = &c->spans[slot];
    int f = c->field_of_slot[slot];
    const char *text = ctx->base + spans->off[row];
    const char *at = (spans->flags[row] & SPAN_QUOTED) ? text - 1 : text;
    int line, col;
    reader_locate(ctx->base + c->row_start[row], c->row_line[row], at, &line, &col);
    reader_value_error(diag, c->in->name, line, col, ctx, text, spans->len[row], spans->flags[row],
                       &c->types[f], c->names[f]);
}

uint32_t reader_core_convert(ReaderCore *c, const char *base, Batch *out, uint32_t n_rows) {
    ConvertCtx ctx = {base, out->arena, c->unescape, c->unescape_ctx, c->ignore_errors, c->row_bad};
    if (ctx.ignore_errors)
        memset(c->row_bad, 0, n_rows);
    int bad_slot = -1;
    for (int slot = 0; slot < c->n_slots; slot++) {
        Vector *v = &out->cols[c->col_of_slot[slot]];
        uint32_t done = c->convert[slot](&ctx, &c->spans[slot], v, n_rows);
        if (done < n_rows) {
            /* The first bad value so far: later columns stop there too. */
            n_rows = done;
            bad_slot = slot;
        }
    }
    if (bad_slot >= 0) {
        /* It precedes any error the scanner found after the batch. */
        value_error(c, &ctx, n_rows, bad_slot, &c->error);
        c->has_error = true;
        return n_rows;
    }
    if (!ctx.ignore_errors)
        return n_rows;
    uint32_t first_bad = n_rows;
    for (uint32_t row = 0; row < n_rows; row++)
        if (c->row_bad[row]) {
            first_bad = row;
            break;
        }
    if (first_bad == n_rows)
        return n_rows;
    if (!c->has_first_skip) {
        /* Which field failed? Convert the row's fields again, strictly, one by one. */
        SpanColumn *one = xmalloc(sizeof(SpanColumn));
        for (int slot = 0; slot < c->n_slots; slot++) {
            ConvertCtx strict = ctx;
            strict.ignore_errors = false;
            Vector tmp;
            vec_init(&tmp, c->types[c->field_of_slot[slot]]);
            one->off[0] = c->spans[slot].off[first_bad];
            one->len[0] = c->spans[slot].len[first_bad];
            one->flags[0] = c->spans[slot].flags[first_bad];
            uint32_t ok = c->convert[slot](&strict, one, &tmp, 1);
            vec_release(&tmp);
            if (ok == 0) {
                value_error(c, &ctx, first_bad, slot, &c->first_skip);
                c->has_first_skip = true;
                break;
            }
        }
        free(one);
    }
    uint32_t kept = batch_drop_bad_rows(out, c->col_of_slot, c->n_slots, c->row_bad, n_rows);
    c->n_skipped += n_rows - kept;
    return kept;
}

/* ---- messages ---------------------------------------------------------------------- */

void reader_locate(const char *rec, int64_t line0, const char *target, int *line, int *col) {
    int64_t l = line0;
    int c = 1;
    for (const char *p = rec; p < target; p++) {
        if (*p == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l > INT32_MAX ? INT32_MAX : (int)l;
    *col = c;
}

void reader_quote_text(StrBuf *sb, const char *s, size_t len) {
    sb_append_char(sb, '"');
    size_t n = len > 60 ? 57 : len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            sb_printf(sb, "\\%c", c);
        else if (c < 0x20 || c == 0x7F)
            sb_printf(sb, "\\x%02X", c);
        else
            sb_append_char(sb, (char)c);
    }
    if (n < len)
        sb_append(sb, "...");
    sb_append_char(sb, '"');
}

void reader_value_error(Diag *diag, const char *source, int line, int col, const ConvertCtx *ctx,
                        const char *text, size_t len, uint8_t flags, const SqlType *type,
                        const char *field_name) {
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "cannot parse ");
    uint32_t n = (uint32_t)len;
    const char *s = span_text(ctx, text, &n, flags);
    reader_quote_text(&sb, s, n);
    sb_append(&sb, " as ");
    type_to_string(type, &sb);
    sb_printf(&sb, " for field '%s'", field_name);
    diag_set_at(diag, source, line, col, "%s", sb_cstr(&sb));
    sb_free(&sb);
}
