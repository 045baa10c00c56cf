/*
 * sink_cells.c - turning a column of a batch into text cells, fast.
 *
 * Every output format first formats each column of a batch on its own: for each live
 * row (in selection order) the value's text is appended to the column's CellBuf and its
 * start recorded in an offsets array. The loop that does it is chosen once per column
 * when the sink is made (cells_init), from the column's type and the output's cell
 * style, so the inner loops carry no switch on the type and allocate nothing: before
 * the loop the buffer is grown to the most the batch can need (a fixed bound per value
 * for numbers and times, a bound from the string lengths for strings).
 *
 * Hot types have their own loops (integers with a digit-pair itoa, DECIMAL, DOUBLE,
 * BOOLEAN, strings, TIMESTAMP and DATE for csv/json); everything else goes through
 * type_format_value one value at a time, which is slower but rare on the hot path.
 *
 * Styles, as Flink writes them:
 *   CELL_CSV   RFC 4180, as DuckDB and sqlite3 write it: FORMAT_TEXT values; a value
 *              holding the delimiter, a quote, CR or LF is quoted with '"', inner quotes
 *              doubled, and nothing else is quoted (Flink's Jackson writer quotes any
 *              byte below '-', spaces included: a shell pipeline is better served by
 *              the minimal rule). An empty string is "" so that it differs from NULL,
 *              which is an empty field. INTERVALs are plain numbers.
 *   CELL_JSON  Jackson's JSON writer (Flink's json format): numbers bare, DOUBLE NaN and
 *              infinities as strings, strings escaped as Jackson escapes them.
 *   CELL_JAVA  Row.toString (the print connector): FORMAT_JAVA, NULL as null.
 *   CELL_SQL   the SQL client's tableau: FORMAT_SQL, NULL as <NULL>.
 */
#include "connectors/sink_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffers ------------------------------------------------------------------------ */

/* Makes room for `extra` more bytes after the first `used` and returns the data. There
 * are always CELL_PAD more bytes, so that copying a cell may read past its end. */
static char *cells_reserve(CellColumn *cc, size_t used, size_t extra) {
    size_t need = used + extra + CELL_PAD;
    if (need > cc->buf.cap) {
        size_t cap = cc->buf.cap ? cc->buf.cap : 4096;
        while (cap < need)
            cap *= 2;
        cc->buf.data = xrealloc(cc->buf.data, cap);
        cc->buf.cap = cap;
    }
    return cc->buf.data;
}

static const char *null_text(CellStyle style, size_t *len) {
    switch (style) {
        case CELL_CSV:
            *len = 0;
            return "";
        case CELL_SQL:
            *len = 6;
            return "<NULL>";
        case CELL_JSON:
        case CELL_JAVA:
            break;
    }
    *len = 4;
    return "null";
}

#define NULL_TEXT_MAX 6

/* Writes the NULL cell at p; returns the end. */
static inline char *put_null(const CellColumn *cc, char *p) {
    size_t len;
    const char *s = null_text(cc->style, &len);
    memcpy(p, s, len);
    return p + len;
}

/* ---- numbers ------------------------------------------------------------------------ */

static const char DIGIT_PAIRS[] = "00010203040506070809"
                                  "10111213141516171819"
                                  "20212223242526272829"
                                  "30313233343536373839"
                                  "40414243444546474849"
                                  "50515253545556575859"
                                  "60616263646566676869"
                                  "70717273747576777879"
                                  "80818283848586878889"
                                  "90919293949596979899";

static inline int count_digits(uint64_t v) {
    int n = 1;
    while (v >= 10000) {
        v /= 10000;
        n += 4;
    }
    return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Writes v's digits straight into place, two at a time from the end (in 32-bit
 * arithmetic when v fits, which is cheaper). */
static inline char *put_uint64(char *p, uint64_t v) {
    char *end = p + count_digits(v), *q = end;
    while (v > UINT32_MAX) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        q -= 2;
        memcpy(q, DIGIT_PAIRS + 2 * r, 2);
    }
    uint32_t v32 = (uint32_t)v;
    while (v32 >= 100) {
        unsigned r = v32 % 100;
        v32 /= 100;
        q -= 2;
        memcpy(q, DIGIT_PAIRS + 2 * r, 2);
    }
    if (v32 >= 10)
        memcpy(q - 2, DIGIT_PAIRS + 2 * v32, 2);
    else
        q[-1] = (char)('0' + v32);
    return end;
}

static inline char *put_int64(char *p, int64_t v) {
    if (v < 0) {
        *p++ = '-';
        return put_uint64(p, (uint64_t)0 - (uint64_t)v);
    }
    return put_uint64(p, (uint64_t)v);
}

/* Writes exactly `width` digits of v, zero-padded on the left. */
static inline char *put_fixed(char *p, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

/* A scaled integer as a plain decimal: (1100, 2) -> 11.00, (-5, 2) -> -0.05. */
static inline char *put_decimal(char *p, int64_t v, int scale) {
    if (scale <= 0 || scale > 18)
        return put_int64(p, v);
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        *p++ = '-';
    uint64_t pow = (uint64_t)decimal_pow10[scale];
    p = put_uint64(p, mag / pow);
    *p++ = '.';
    return put_fixed(p, mag % pow, scale);
}

/* The loop shared by the fixed-width formatters: reserves max_len bytes a value, and
 * runs PUT(p, row) for each non-NULL live row. */
#define FIXED_FORMATTER(NAME, MAX_LEN, PUT)                                                        \
    static void NAME(CellColumn *cc, const Vector *v, const Batch *b, uint32_t n_live) {           \
        char *base = cells_reserve(cc, 0, (size_t)n_live * (MAX_LEN));                             \
        char *p = base;                                                                            \
        for (uint32_t i = 0; i < n_live; i++) {                                                    \
            uint32_t row = batch_row(b, i);                                                        \
            cc->buf.off[i] = (size_t)(p - base);                                                   \
            if (vec_is_null(v, row)) {                                                             \
                cc->buf.is_null[i] = true;                                                         \
                p = put_null(cc, p);                                                               \
                continue;                                                                          \
            }                                                                                      \
            cc->buf.is_null[i] = false;                                                            \
            PUT;                                                                                   \
        }                                                                                          \
        cc->buf.off[n_live] = (size_t)(p - base);                                                  \
    }

FIXED_FORMATTER(format_int32, 16, p = put_int64(p, ((const int32_t *)v->data)[row]))
FIXED_FORMATTER(format_int64, 24, p = put_int64(p, ((const int64_t *)v->data)[row]))
FIXED_FORMATTER(format_decimal, 48,
                p = put_decimal(p, ((const int64_t *)v->data)[row], cc->type.scale))
FIXED_FORMATTER(format_bool_lower, 8, {
    if (((const uint8_t *)v->data)[row]) {
        memcpy(p, "true", 4);
        p += 4;
    } else {
        memcpy(p, "false", 5);
        p += 5;
    }
})
FIXED_FORMATTER(format_bool_upper, 8, {
    if (((const uint8_t *)v->data)[row]) {
        memcpy(p, "TRUE", 4);
        p += 4;
    } else {
        memcpy(p, "FALSE", 5);
        p += 5;
    }
})
FIXED_FORMATTER(format_double, 40, p += fmt_double_java(((const double *)v->data)[row], p))
FIXED_FORMATTER(format_float, 40, p += fmt_float_java(((const float *)v->data)[row], p))

/* JSON has no NaN or infinities: Jackson writes them as strings. */
static inline char *put_json_double(char *p, double d, bool is_float) {
    if (isfinite(d))
        return p + (is_float ? fmt_float_java((float)d, p) : fmt_double_java(d, p));
    *p++ = '"';
    p += fmt_double_java(d, p);
    *p++ = '"';
    return p;
}

FIXED_FORMATTER(format_json_double, 40,
                p = put_json_double(p, ((const double *)v->data)[row], false))
FIXED_FORMATTER(format_json_float, 40, p = put_json_double(p, ((const float *)v->data)[row], true))

/* ---- times -------------------------------------------------------------------------- */

/*
 * A timestamp as Flink's csv and json formats write it (ISO_LOCAL_DATE ' '
 * ISO_LOCAL_TIME): "2020-04-15 08:05:00", the fraction only when not zero and without
 * trailing zeros ("08:05:00.5"). Years outside 0..9999 are left to type_format_value
 * (returns NULL). The date part of the last day seen is kept in *cache (rows of one
 * batch mostly share their day), which skips the calendar arithmetic.
 */
typedef struct DateCache {
    int64_t days; /* INT64_MIN: empty */
    char text[11];
} DateCache;

static inline char *put_timestamp_text(char *p, int64_t ms, DateCache *cache) {
    int64_t days = time_floor_div(ms, MS_PER_DAY);
    int64_t ms_of_day = ms - days * MS_PER_DAY;
    if (days != cache->days) {
        int64_t year;
        int month, day;
        time_civil_from_days(days, &year, &month, &day);
        if (year < 0 || year > 9999)
            return NULL;
        char *d = put_fixed(cache->text, (uint64_t)year, 4);
        *d++ = '-';
        d = put_fixed(d, (uint64_t)month, 2);
        *d++ = '-';
        d = put_fixed(d, (uint64_t)day, 2);
        *d = ' ';
        cache->days = days;
    }
    memcpy(p, cache->text, 11);
    p += 11;
    int64_t secs = ms_of_day / 1000;
    p = put_fixed(p, (uint64_t)(secs / 3600), 2);
    *p++ = ':';
    p = put_fixed(p, (uint64_t)(secs / 60 % 60), 2);
    *p++ = ':';
    p = put_fixed(p, (uint64_t)(secs % 60), 2);
    int frac = (int)(ms_of_day % 1000);
    if (frac) {
        *p++ = '.';
        int digits = 3;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        p = put_fixed(p, (uint64_t)frac, digits);
    }
    return p;
}

/* TIMESTAMP (and, with in_utc_z, TIMESTAMP_LTZ as UTC plus 'Z') for csv (bare) and
 * json (quoted). */
static void format_timestamp_text(CellColumn *cc, const Vector *v, const Batch *b,
                                  uint32_t n_live) {
    const int64_t *vals = v->data;
    bool has_z = cc->type.id == TYPE_TIMESTAMP_LTZ;
    bool is_quoted = cc->style == CELL_JSON;
    char *base = cells_reserve(cc, 0, (size_t)n_live * 48);
    char *p = base;
    DateCache cache = {.days = INT64_MIN};
    size_t prev_off = 0, prev_len = 0; /* the last non-NULL cell, for repeated values */
    int64_t prev = 0;
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t row = batch_row(b, i);
        cc->buf.off[i] = (size_t)(p - base);
        cc->buf.is_null[i] = vec_is_null(v, row);
        if (cc->buf.is_null[i]) {
            p = put_null(cc, p);
            continue;
        }
        if (prev_len && vals[row] == prev) { /* window bounds repeat row after row */
            memcpy(p, base + prev_off, prev_len);
            p += prev_len;
            continue;
        }
        char *start = p;
        if (is_quoted)
            *p++ = '"';
        p = put_timestamp_text(p, vals[row], &cache);
        if (!p) {
            /* A year beyond 0..9999: the slow path, as java.time prints it. */
            SqlType t = type_timestamp(3);
            sb_clear(&cc->scratch);
            type_format_value(&t, &vals[row], FORMAT_TEXT, &cc->scratch);
            size_t len = MIN(cc->scratch.len, 40);
            p = start + (is_quoted ? 1 : 0);
            memcpy(p, cc->scratch.data, len);
            p += len;
        }
        if (has_z)
            *p++ = 'Z';
        if (is_quoted)
            *p++ = '"';
        prev = vals[row];
        prev_off = (size_t)(start - base);
        prev_len = (size_t)(p - start);
    }
    cc->buf.off[n_live] = (size_t)(p - base);
}

/* DATE for csv (bare: no unsafe character) and json (quoted). */
static void format_date_text(CellColumn *cc, const Vector *v, const Batch *b, uint32_t n_live) {
    const int32_t *vals = v->data;
    bool is_quoted = cc->style == CELL_JSON;
    char *base = cells_reserve(cc, 0, (size_t)n_live * 72);
    char *p = base;
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t row = batch_row(b, i);
        cc->buf.off[i] = (size_t)(p - base);
        cc->buf.is_null[i] = vec_is_null(v, row);
        if (cc->buf.is_null[i]) {
            p = put_null(cc, p);
            continue;
        }
        if (is_quoted)
            *p++ = '"';
        p += time_format_date(vals[row], p);
        if (is_quoted)
            *p++ = '"';
    }
    cc->buf.off[n_live] = (size_t)(p - base);
}

/* ---- strings ------------------------------------------------------------------------ */

/* RFC 4180: quote a value holding the delimiter, a quote, CR or LF; and the empty
 * string, so that it differs from NULL (see the top). */
static inline bool csv_needs_quotes(const char *s, size_t len) {
    if (len == 0)
        return true;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++)
        if (u[i] == ',' || u[i] == '"' || u[i] == '\n' || u[i] == '\r')
            return true;
    return false;
}

/* Writes s as a CSV field at p (room: 2 * len + 2); returns the end. */
static inline char *put_csv(char *p, const char *s, size_t len) {
    if (!csv_needs_quotes(s, len)) {
        memcpy(p, s, len);
        return p + len;
    }
    *p++ = '"';
    const char *end = s + len;
    while (s < end) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        size_t n = q ? (size_t)(q - s) + 1 : (size_t)(end - s);
        memcpy(p, s, n);
        p += n;
        s += n;
        if (q)
            *p++ = '"';
    }
    *p++ = '"';
    return p;
}

/* Length of the valid UTF-8 sequence at s (at most `avail` bytes), or 0 if invalid. */
static inline size_t utf8_valid_len(const unsigned char *s, size_t avail) {
    unsigned c = s[0];
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0)
        return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
            return 0; /* overlong, or a UTF-16 surrogate */
        return 3;
    }
    if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
        return 0;
    if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0; /* overlong, or past U+10FFFF */
    return 4;
}

/* Writes s as a JSON string literal at p (room: 6 * len + 2); returns the end. As
 * Jackson: '"' and '\\' escaped, \b \t \n \f \r short, other control characters
 * \u00XX; DEL and '/' as they are. Invalid UTF-8 bytes become \uFFFD. */
static inline char *put_json_string(char *p, const char *s, size_t len) {
    static const char HEX[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    *p++ = '"';
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *p++ = (char)c;
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_valid_len(u + i, len - i);
            if (n) {
                memcpy(p, u + i, n);
                p += n;
                i += n;
            } else {
                memcpy(p, "\\uFFFD", 6);
                p += 6;
                i++;
            }
            continue;
        }
        *p++ = '\\';
        switch (c) {
            case '"':
            case '\\':
                *p++ = (char)c;
                break;
            case '\b':
                *p++ = 'b';
                break;
            case '\t':
                *p++ = 't';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\f':
                *p++ = 'f';
                break;
            case '\r':
                *p++ = 'r';
                break;
            default:
                memcpy(p, "u00", 3);
                p[3] = HEX[c >> 4];
                p[4] = HEX[c & 15];
                p += 5;
                break;
        }
        i++;
    }
    *p++ = '"';
    return p;
}

static void format_string(CellColumn *cc, const Vector *v, const Batch *b, uint32_t n_live) {
    const StrRef *vals = v->data;
    /* Room for the worst case of this style. */
    size_t factor = cc->style == CELL_JSON ? 6 : cc->style == CELL_CSV ? 2 : 1;
    size_t need = (size_t)n_live * (NULL_TEXT_MAX + 2);
    for (uint32_t i = 0; i < n_live; i++)
        need += vals[batch_row(b, i)].len * factor;
    char *base = cells_reserve(cc, 0, need);
    char *p = base;
    CellStyle style = cc->style;
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t row = batch_row(b, i);
        cc->buf.off[i] = (size_t)(p - base);
        cc->buf.is_null[i] = vec_is_null(v, row);
        if (cc->buf.is_null[i]) {
            p = put_null(cc, p);
            continue;
        }
        StrRef s = vals[row];
        if (style == CELL_CSV) {
            p = put_csv(p, s.ptr, s.len);
        } else if (style == CELL_JSON) {
            p = put_json_string(p, s.ptr, s.len);
        } else {
            memcpy(p, s.ptr, s.len);
            p += s.len;
        }
    }
    cc->buf.off[n_live] = (size_t)(p - base);
}

/* ---- everything else ---------------------------------------------------------------- */

static bool is_json_bare(TypeId id) {
    const TypeInfo *ti = type_info(id);
    return ti->is_numeric || id == TYPE_BOOLEAN;
}

/* One value at a time through type_format_value, then encoded for the style. */
static void format_generic(CellColumn *cc, const Vector *v, const Batch *b, uint32_t n_live) {
    static const FormatStyle FORMAT_OF[] = {
        [CELL_CSV] = FORMAT_TEXT,
        [CELL_JSON] = FORMAT_TEXT,
        [CELL_JAVA] = FORMAT_JAVA,
        [CELL_SQL] = FORMAT_SQL,
    };
    FormatStyle fstyle = FORMAT_OF[cc->style];
    size_t width = type_width(v->type.id);
    bool is_bare = cc->style == CELL_JSON && is_json_bare(cc->type.id);
    size_t used = 0;
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t row = batch_row(b, i);
        cc->buf.off[i] = used;
        cc->buf.is_null[i] = cc->type.id == TYPE_NULL || vec_is_null(v, row);
        if (cc->buf.is_null[i]) {
            char *base = cells_reserve(cc, used, NULL_TEXT_MAX);
            used = (size_t)(put_null(cc, base + used) - base);
            continue;
        }
        sb_clear(&cc->scratch);
        type_format_value(&cc->type, (const char *)v->data + width * row, fstyle, &cc->scratch);
        const char *s = cc->scratch.data ? cc->scratch.data : "";
        size_t len = cc->scratch.len;
        char *base = cells_reserve(cc, used, 6 * len + 2);
        char *p = base + used;
        if (cc->style == CELL_CSV) {
            p = put_csv(p, s, len);
        } else if (cc->style == CELL_JSON && !is_bare) {
            p = put_json_string(p, s, len);
        } else {
            memcpy(p, s, len);
            p += len;
        }
        used = (size_t)(p - base);
    }
    cc->buf.off[n_live] = used;
}

/* ---- choosing the formatter --------------------------------------------------------- */

void cells_init(CellColumn *cc, SqlType type, CellStyle style) {
    memset(cc, 0, sizeof *cc);
    cc->type = type;
    cc->style = style;
    bool is_text = style == CELL_CSV || style == CELL_JSON;
    switch (type.id) {
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
            cc->format = format_int32;
            break;
        case TYPE_BIGINT:
            cc->format = format_int64;
            break;
        case TYPE_INTERVAL_DT:
        case TYPE_INTERVAL_YM:
            /* Flink's csv and json formats write intervals as numbers (ms, months). */
            cc->format = is_text ? format_int64 : format_generic;
            break;
        case TYPE_DECIMAL:
            cc->format = format_decimal;
            break;
        case TYPE_BOOLEAN:
            cc->format = style == CELL_SQL ? format_bool_upper : format_bool_lower;
            break;
        case TYPE_DOUBLE:
            cc->format = style == CELL_JSON ? format_json_double : format_double;
            break;
        case TYPE_FLOAT:
            cc->format = style == CELL_JSON ? format_json_float : format_float;
            break;
        case TYPE_CHAR:
        case TYPE_VARCHAR:
            cc->format = format_string;
            break;
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ:
            cc->format = is_text ? format_timestamp_text : format_generic;
            break;
        case TYPE_DATE:
            cc->format = is_text ? format_date_text : format_generic;
            break;
        default:
            cc->format = format_generic;
            break;
    }
}

void cells_release(CellColumn *cc) {
    if (!cc)
        return;
    free(cc->buf.data);
    sb_free(&cc->scratch);
    cc->buf.data = NULL;
    cc->buf.cap = 0;
}

void cells_append_csv(StrBuf *sb, const char *s, size_t len) {
    sb_reserve(sb, 2 * len + 2);
    char *end = put_csv(sb->data + sb->len, s, len);
    sb->len = (size_t)(end - sb->data);
    sb->data[sb->len] = '\0';
}

void cells_append_json_string(StrBuf *sb, const char *s, size_t len) {
    sb_reserve(sb, 6 * len + 2);
    char *end = put_json_string(sb->data + sb->len, s, len);
    sb->len = (size_t)(end - sb->data);
    sb->data[sb->len] = '\0';
}
