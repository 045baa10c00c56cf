/*
 * json_reader.c - JSON lines (one object a line) into column vectors, a batch at a time.
 *
 * Phase 1 finds each line with memchr and parses its object in place: for every key
 * it finds the field (see below), validates the value and records its span - for a
 * string the inside of the quotes, flagged SPAN_ESCAPED when it holds a backslash; for
 * a number its text, flagged SPAN_NUMBER; for true/false their text; for null a
 * SPAN_NULL; for an object or array its raw text. Fields that no key names stay NULL.
 * Values of keys the query does not use are validated and stepped over. Phase 2 is
 * the CSV reader's (field_convert.c), with JSON unescaping.
 *
 * Key lookup: objects in a stream almost always list their keys in the same order, so
 * the reader remembers, for each key position, which field the key at that position
 * named on the previous line, and tries that field first: one length check and one
 * memcmp per key in the common case, a scan of all the names otherwise.
 *
 * Strings: all JSON escapes are decoded, \uXXXX with surrogate pairs to UTF-8; a lone
 * surrogate becomes U+FFFD. Bytes that are not valid UTF-8 and raw control characters
 * inside strings are passed through unchanged (strict JSON forbids the latter; being
 * lenient here loses nothing). Nesting deeper than JSON_MAX_DEPTH is an error.
 *
 * The streaming rule, the batch end and the error policy are those of csv_reader.c.
 */
#include "connectors/reader.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 512

struct JsonReader {
    ReaderCore c;
    size_t *name_lens;
    NameSet fields; /* the field names, for keys not in the remembered order */
    int *key_order; /* field named by the k-th key of the previous line, or -1 */
    int n_key_order;
    int64_t line;     /* the line number of the next line */
    size_t scan_from; /* the search for the next newline resumes here */
};

/* ---- unescaping -------------------------------------------------------------------- */

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static unsigned hex4(const char *s) {
    return (unsigned)(hex_value(s[0]) << 12 | hex_value(s[1]) << 8 | hex_value(s[2]) << 4 |
                      hex_value(s[3]));
}

static size_t put_utf8(char *dst, unsigned cp) {
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | cp >> 6);
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | cp >> 12);
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | cp >> 18);
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the inside of a string that phase 1 validated. The output is never longer
 * than the input: \uXXXX (6 bytes) gives at most 3, a surrogate pair (12) gives 4. */
static size_t json_unescape(const void *ctx, const char *s, size_t len, char *dst) {
    (void)ctx;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != '\\' || i + 1 >= len) {
            dst[n++] = c;
            continue;
        }
        c = s[++i];
        switch (c) {
            case 'b':
                dst[n++] = '\b';
                break;
            case 'f':
                dst[n++] = '\f';
                break;
            case 'n':
                dst[n++] = '\n';
                break;
            case 'r':
                dst[n++] = '\r';
                break;
            case 't':
                dst[n++] = '\t';
                break;
            case 'u': {
                if (i + 4 >= len) { /* cannot happen after phase 1's checks */
                    dst[n++] = 'u';
                    break;
                }
                unsigned cp = hex4(s + i + 1);
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (i + 6 < len && s[i + 1] == '\\' && s[i + 2] == 'u') {
                        unsigned lo = hex4(s + i + 3);
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            i += 6;
                        } else {
                            cp = 0xFFFD;
                        }
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                n += put_utf8(dst + n, cp);
                break;
            }
            default: /* '"', '\\', '/' */
                dst[n++] = c;
        }
    }
    return n;
}

/* ---- phase 1: one line ------------------------------------------------------------- */

typedef struct LineParser {
    const char *p, *end;
    const char *err_at; /* where the problem is */
    const char *err;    /* what it is, for "invalid JSON: ..." */
} LineParser;

static inline void skip_ws(LineParser *lp) {
    while (lp->p < lp->end && (*lp->p == ' ' || *lp->p == '\t' || *lp->p == '\r' || *lp->p == '\n'))
        lp->p++;
}

static bool fail(LineParser *lp, const char *at, const char *what) {
    lp->err_at = at;
    lp->err = what;
    return false;
}

/* A string starting at the opening quote; on success *start and *len are its inside and
 * p is past the closing quote. */
static bool parse_string(LineParser *lp, const char **start, size_t *len, bool *escaped) {
    const char *open = lp->p;
    const char *p = lp->p + 1, *end = lp->end;
    *escaped = false;
    for (;;) {
        while (p < end && *p != '"' && *p != '\\')
            p++;
        if (p >= end)
            return fail(lp, open, "a string is not closed");
        if (*p == '"')
            break;
        /* A backslash. */
        *escaped = true;
        if (p + 1 >= end)
            return fail(lp, open, "a string is not closed");
        switch (p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                p += 2;
                break;
            case 'u':
                if (end - p < 6 || hex_value(p[2]) < 0 || hex_value(p[3]) < 0 ||
                    hex_value(p[4]) < 0 || hex_value(p[5]) < 0)
                    return fail(lp, p, "\\u must be followed by four hex digits");
                p += 6;
                break;
            default:
                return fail(lp, p, "invalid escape in a string");
        }
    }
    *start = open + 1;
    *len = (size_t)(p - open - 1);
    lp->p = p + 1;
    return true;
}

static bool parse_number(LineParser *lp) {
    const char *p = lp->p, *end = lp->end, *start = p;
    if (p < end && *p == '-')
        p++;
    if (p >= end || (unsigned)(*p - '0') > 9)
        return fail(lp, start, "invalid number");
    if (*p == '0') {
        p++;
    } else {
        while (p < end && (unsigned)(*p - '0') <= 9)
            p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || (unsigned)(*p - '0') > 9)
            return fail(lp, start, "invalid number");
        while (p < end && (unsigned)(*p - '0') <= 9)
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || (unsigned)(*p - '0') > 9)
            return fail(lp, start, "invalid number");
        while (p < end && (unsigned)(*p - '0') <= 9)
            p++;
    }
    lp->p = p;
    return true;
}

static bool parse_literal(LineParser *lp, const char *word, size_t n) {
    if ((size_t)(lp->end - lp->p) < n || memcmp(lp->p, word, n) != 0)
        return fail(lp, lp->p, "unexpected character");
    lp->p += n;
    return true;
}

/* An object or array at p, validated and stepped over without recursion. */
static bool skip_container(LineParser *lp) {
    char stack[JSON_MAX_DEPTH];
    int depth = 0;
    /* After an opening bracket or a comma a value (or a key) is expected. */
    for (;;) {
        skip_ws(lp);
        if (lp->p >= lp->end)
            return fail(lp, lp->end, "the line ends inside an object or array");
        char c = *lp->p;
        if (c == '{' || c == '[') {
            if (depth == JSON_MAX_DEPTH)
                return fail(lp, lp->p, "nesting is too deep");
            stack[depth++] = c;
            lp->p++;
            skip_ws(lp);
            if (lp->p < lp->end && *lp->p == (c == '{' ? '}' : ']'))
                goto close; /* empty */
            if (c == '{')
                goto key;
            continue;
        }
        /* A scalar value. */
        if (c == '"') {
            const char *s;
            size_t len;
            bool esc;
            if (!parse_string(lp, &s, &len, &esc))
                return false;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (!parse_number(lp))
                return false;
        } else if (c == 't') {
            if (!parse_literal(lp, "true", 4))
                return false;
        } else if (c == 'f') {
            if (!parse_literal(lp, "false", 5))
                return false;
        } else if (c == 'n') {
            if (!parse_literal(lp, "null", 4))
                return false;
        } else {
            return fail(lp, lp->p, "unexpected character");
        }
    after_value:
        skip_ws(lp);
        if (lp->p >= lp->end)
            return fail(lp, lp->end, "the line ends inside an object or array");
        if (*lp->p == ',') {
            lp->p++;
            if (stack[depth - 1] == '{')
                goto key;
            continue;
        }
    close:
        if (*lp->p != (stack[depth - 1] == '{' ? '}' : ']'))
            return fail(lp, lp->p,
                        stack[depth - 1] == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        lp->p++;
        if (--depth == 0)
            return true;
        goto after_value;
    key:
        skip_ws(lp);
        if (lp->p >= lp->end || *lp->p != '"')
            return fail(lp, lp->p, "expected '\"' to start a key");
        {
            const char *s;
            size_t len;
            bool esc;
            if (!parse_string(lp, &s, &len, &esc))
                return false;
        }
        skip_ws(lp);
        if (lp->p >= lp->end || *lp->p != ':')
            return fail(lp, lp->p, "expected ':' after a key");
        lp->p++;
    }
}

/* The field a key names, or -1. */
static int lookup_key(JsonReader *r, int k, const char *key, size_t len, bool escaped) {
    char small[256];
    char *buf = NULL;
    if (escaped) {
        buf = len <= sizeof small ? small : xmalloc(len);
        len = json_unescape(NULL, key, len, buf);
        key = buf;
    }
    len = strnlen(key, len); /* a NUL byte ends a name, as sniff_key reads it */
    int found = -1;
    if (k < r->n_key_order) {
        int f = r->key_order[k];
        if (f >= 0 && r->name_lens[f] == len && memcmp(r->c.names[f], key, len) == 0)
            found = f;
    }
    if (found < 0) {
        found = name_set_find(&r->fields, r->c.names, key, len);
        if (k < JSON_MAX_DEPTH * 8) {
            if (k >= r->n_key_order) {
                r->key_order = xrealloc(r->key_order, (size_t)(k + 1) * sizeof(int));
                for (int i = r->n_key_order; i <= k; i++)
                    r->key_order[i] = -1;
                r->n_key_order = k + 1;
            }
            r->key_order[k] = found;
        }
    }
    if (buf && buf != small)
        free(buf);
    return found;
}

typedef enum LineResult { LINE_ROW, LINE_BLANK, LINE_BAD } LineResult;

/* Parses the line [start, end) of base into the spans of `row`. */
static LineResult parse_line(JsonReader *r, const char *base, const char *start, const char *end,
                             uint32_t row, LineParser *lp) {
    ReaderCore *c = &r->c;
    lp->p = start;
    lp->end = end;
    skip_ws(lp);
    if (lp->p >= end)
        return LINE_BLANK;
    if (*lp->p != '{') {
        fail(lp, lp->p, "expected a JSON object");
        return LINE_BAD;
    }
    for (int slot = 0; slot < c->n_slots; slot++) {
        c->spans[slot].off[row] = (uint32_t)(start - base);
        c->spans[slot].len[row] = 0;
        c->spans[slot].flags[row] = SPAN_NULL;
    }
    lp->p++;
    skip_ws(lp);
    if (lp->p < end && *lp->p == '}') {
        lp->p++;
        goto after_object;
    }
    for (int k = 0;; k++) {
        skip_ws(lp);
        if (lp->p >= end || *lp->p != '"') {
            fail(lp, lp->p, "expected '\"' to start a key");
            return LINE_BAD;
        }
        const char *key;
        size_t key_len;
        bool key_escaped;
        if (!parse_string(lp, &key, &key_len, &key_escaped))
            return LINE_BAD;
        skip_ws(lp);
        if (lp->p >= end || *lp->p != ':') {
            fail(lp, lp->p, "expected ':' after a key");
            return LINE_BAD;
        }
        lp->p++;
        skip_ws(lp);
        if (lp->p >= end) {
            fail(lp, lp->p, "expected a value");
            return LINE_BAD;
        }
        const char *v = lp->p;
        const char *vs = v;
        size_t vlen = 0;
        uint8_t flags = 0;
        char ch = *v;
        if (ch == '"') {
            bool esc;
            if (!parse_string(lp, &vs, &vlen, &esc))
                return LINE_BAD;
            flags = (uint8_t)(SPAN_QUOTED | (esc ? SPAN_ESCAPED : 0));
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (!parse_number(lp))
                return LINE_BAD;
            flags = SPAN_NUMBER;
        } else if (ch == 't' || ch == 'f') {
            if (!parse_literal(lp, ch == 't' ? "true" : "false", ch == 't' ? 4 : 5))
                return LINE_BAD;
        } else if (ch == 'n') {
            if (!parse_literal(lp, "null", 4))
                return LINE_BAD;
            flags = SPAN_NULL;
        } else if (ch == '{' || ch == '[') {
            if (!skip_container(lp))
                return LINE_BAD;
        } else {
            fail(lp, v, "unexpected character");
            return LINE_BAD;
        }
        if (ch != '"')
            vlen = (size_t)(lp->p - v);
        int f = lookup_key(r, k, key, key_len, key_escaped);
        int slot = f >= 0 ? c->slot_of_field[f] : -1;
        if (slot >= 0) {
            SpanColumn *sc = &c->spans[slot];
            sc->off[row] = (uint32_t)(vs - base);
            sc->len[row] = flags & SPAN_NULL ? 0 : (uint32_t)vlen;
            sc->flags[row] = flags;
        }
        skip_ws(lp);
        if (lp->p < end && *lp->p == ',') {
            lp->p++;
            continue;
        }
        if (lp->p < end && *lp->p == '}') {
            lp->p++;
            break;
        }
        fail(lp, lp->p, "expected ',' or '}'");
        return LINE_BAD;
    }
after_object:
    skip_ws(lp);
    if (lp->p < end) {
        fail(lp, lp->p, "text after the end of the object");
        return LINE_BAD;
    }
    return LINE_ROW;
}

/* ---- the reader -------------------------------------------------------------------- */

JsonReader *json_reader_new(Input *in, const JsonOptions *opts, int n_fields,
                            const char *const *field_names, const SqlType *field_types,
                            const int *field_to_col) {
    JsonReader *r = xcalloc(1, sizeof(JsonReader));
    reader_core_init(&r->c, in, n_fields, field_names, field_types, field_to_col,
                     opts->ignore_parse_errors, json_unescape, r);
    r->name_lens = xcalloc((size_t)(n_fields > 0 ? n_fields : 1), sizeof(size_t));
    name_set_init(&r->fields, (size_t)n_fields);
    for (int f = 0; f < n_fields; f++) {
        r->name_lens[f] = strlen(r->c.names[f]);
        name_set_add(&r->fields, r->c.names, f);
    }
    r->line = 1;
    return r;
}

void json_reader_free(JsonReader *r) {
    if (!r)
        return;
    reader_core_free(&r->c);
    name_set_free(&r->fields);
    free(r->name_lens);
    free(r->key_order);
    free(r);
}

uint64_t json_reader_skipped(const JsonReader *r) {
    return r->c.n_skipped;
}

const Diag *json_reader_first_skip(const JsonReader *r) {
    return r->c.has_first_skip ? &r->c.first_skip : NULL;
}

static void line_error(JsonReader *r, const char *line_start, const LineParser *lp, Diag *diag) {
    int line, col;
    reader_locate(line_start, r->line, lp->err_at, &line, &col);
    diag_set_at(diag, r->c.in->name, line, col, "invalid JSON: %s", lp->err);
}

int json_read_batch(JsonReader *r, Batch *out, Diag *diag) {
    Input *in = r->c.in;
    batch_reset(out);
    for (;;) {
        if (r->c.has_error) {
            *diag = r->c.error;
            return -1;
        }
        if (input_skip_bom(in, diag) < 0)
            return -1;
        uint32_t n_rows = 0;
        size_t pos = 0; /* the start of the next line, from the batch start */
        r->scan_from = 0;
        bool stop = false;
        while (!stop && n_rows < r->c.max_rows) {
            const char *base = in->buf + in->start;
            size_t avail = input_pending(in);
            size_t from = pos > r->scan_from ? pos : r->scan_from;
            const char *nl = from < avail ? memchr(base + from, '\n', avail - from) : NULL;
            size_t line_end;
            if (nl) {
                line_end = (size_t)(nl - base);
            } else if (in->is_eof) {
                if (pos >= avail)
                    break;
                line_end = avail;
            } else {
                r->scan_from = avail;
                int64_t got = input_fill(in, n_rows == 0, diag);
                if (got < 0) {
                    if (n_rows == 0)
                        return -1;
                    break;
                }
                if (in->was_cancelled) {
                    in->end = in->start + pos; /* drop the partial line */
                    break;
                }
                if (got == 0 && !in->is_eof)
                    break; /* the streaming rule */
                continue;
            }
            LineParser lp;
            LineResult res = parse_line(r, base, base + pos, base + line_end, n_rows, &lp);
            if (res == LINE_ROW) {
                r->c.row_start[n_rows] = (uint32_t)pos;
                r->c.row_line[n_rows] = r->line;
                n_rows++;
            } else if (res == LINE_BAD) {
                Diag why;
                line_error(r, base + pos, &lp, &why);
                if (r->c.ignore_errors) {
                    reader_core_skip(&r->c, &why);
                } else {
                    r->c.error = why;
                    r->c.has_error = true;
                    stop = true;
                }
            }
            r->line++;
            pos = line_end < avail ? line_end + 1 : avail;
        }
        const char *base = in->buf + in->start;
        uint32_t kept = n_rows ? reader_core_convert(&r->c, base, out, n_rows) : 0;
        in->start += pos;
        if (kept > 0) {
            out->n_rows = kept;
            return (int)kept;
        }
        if (r->c.has_error)
            continue;
        if (in->is_eof && input_pending(in) == 0)
            return 0;
        if (in->timed_out)
            return 0; /* the caller's timer is due: an empty batch (source_table.c) */
        batch_reset(out);
    }
}

/* ---- schema inference -------------------------------------------------------------- */

/* What the values of one key were so far. */
typedef enum SniffKind { KIND_NONE, KIND_BIGINT, KIND_DOUBLE, KIND_BOOLEAN, KIND_STRING } SniffKind;

static SniffKind merge_kind(SniffKind a, SniffKind b) {
    if (a == KIND_NONE || a == b)
        return b;
    if (b == KIND_NONE)
        return a;
    if ((a == KIND_BIGINT && b == KIND_DOUBLE) || (a == KIND_DOUBLE && b == KIND_BIGINT))
        return KIND_DOUBLE;
    return KIND_STRING;
}

static bool has_complete_line(const char *p, size_t n, const void *ctx) {
    (void)ctx;
    const char *end = p + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return false;
        for (const char *q = p; q < nl; q++)
            if (*q != ' ' && *q != '\t' && *q != '\r')
                return true;
        p = nl + 1;
    }
    return false;
}

typedef struct SniffKeys {
    char **names;
    SniffKind *kinds;
    int n, cap;
    NameSet set;
} SniffKeys;

static void sniff_key(SniffKeys *keys, const char *key, size_t len, bool escaped, SniffKind kind) {
    char small[256];
    char *buf = NULL;
    if (escaped) {
        buf = len <= sizeof small ? small : xmalloc(len);
        len = json_unescape(NULL, key, len, buf);
        key = buf;
    }
    len = strnlen(key, len); /* a NUL byte (\u0000) ends a column name */
    int at = name_set_find(&keys->set, keys->names, key, len);
    if (at >= 0) {
        keys->kinds[at] = merge_kind(keys->kinds[at], kind);
    } else {
        if (keys->n == keys->cap) {
            keys->cap = keys->cap ? keys->cap * 2 : 16;
            keys->names = xrealloc(keys->names, (size_t)keys->cap * sizeof(char *));
            keys->kinds = xrealloc(keys->kinds, (size_t)keys->cap * sizeof(SniffKind));
        }
        char *name = xmalloc(len + 1);
        memcpy(name, key, len);
        name[len] = '\0';
        keys->names[keys->n] = name;
        keys->kinds[keys->n] = kind;
        name_set_add(&keys->set, keys->names, keys->n++);
    }
    if (buf && buf != small)
        free(buf);
}

/* The keys of the object on one line; false when the line is not one. */
static bool sniff_line(LineParser *lp, SniffKeys *keys) {
    skip_ws(lp);
    if (lp->p >= lp->end || *lp->p != '{')
        return fail(lp, lp->p, "expected a JSON object");
    lp->p++;
    skip_ws(lp);
    if (lp->p < lp->end && *lp->p == '}') {
        lp->p++;
        skip_ws(lp);
        return lp->p >= lp->end || fail(lp, lp->p, "text after the end of the object");
    }
    for (;;) {
        skip_ws(lp);
        if (lp->p >= lp->end || *lp->p != '"')
            return fail(lp, lp->p, "expected '\"' to start a key");
        const char *key, *s;
        size_t key_len, len;
        bool key_esc, esc;
        if (!parse_string(lp, &key, &key_len, &key_esc))
            return false;
        skip_ws(lp);
        if (lp->p >= lp->end || *lp->p != ':')
            return fail(lp, lp->p, "expected ':' after a key");
        lp->p++;
        skip_ws(lp);
        if (lp->p >= lp->end)
            return fail(lp, lp->p, "expected a value");
        const char *v = lp->p;
        SniffKind kind;
        char ch = *v;
        if (ch == '"') {
            if (!parse_string(lp, &s, &len, &esc))
                return false;
            kind = KIND_STRING;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (!parse_number(lp))
                return false;
            int64_t i64;
            SqlType bigint = type_make(TYPE_BIGINT);
            kind =
                type_parse_value(&bigint, v, (size_t)(lp->p - v), &i64) ? KIND_BIGINT : KIND_DOUBLE;
        } else if (ch == 't' || ch == 'f') {
            if (!parse_literal(lp, ch == 't' ? "true" : "false", ch == 't' ? 4 : 5))
                return false;
            kind = KIND_BOOLEAN;
        } else if (ch == 'n') {
            if (!parse_literal(lp, "null", 4))
                return false;
            kind = KIND_NONE;
        } else if (ch == '{' || ch == '[') {
            if (!skip_container(lp))
                return false;
            kind = KIND_STRING;
        } else {
            return fail(lp, v, "unexpected character");
        }
        sniff_key(keys, key, key_len, key_esc, kind);
        skip_ws(lp);
        if (lp->p < lp->end && *lp->p == ',') {
            lp->p++;
            continue;
        }
        if (lp->p < lp->end && *lp->p == '}') {
            lp->p++;
            skip_ws(lp);
            return lp->p >= lp->end || fail(lp, lp->p, "text after the end of the object");
        }
        return fail(lp, lp->p, "expected ',' or '}'");
    }
}

int json_sniff(Input *in, int *n_fields, char ***names, SqlType **types, Diag *diag) {
    *n_fields = 0;
    *names = NULL;
    *types = NULL;
    if (input_peek(in, has_complete_line, NULL, diag) < 0)
        return -1;
    SniffKeys keys = {NULL, NULL, 0, 0, {NULL, 0, 0}};
    name_set_init(&keys.set, 16);
    const char *p = in->buf + in->start, *end = p + input_pending(in);
    const char *limit = p + SNIFF_MAX_BYTES;
    int n_lines = 0;
    for (int64_t line = 1; p < end && p < limit && n_lines < SNIFF_MAX_RECORDS; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && !in->is_eof)
            break; /* an incomplete line */
        const char *line_end = nl ? nl : end;
        LineParser lp = {p, line_end, NULL, NULL};
        skip_ws(&lp);
        if (lp.p < line_end) {
            if (!sniff_line(&lp, &keys)) {
                if (n_lines == 0) {
                    int l, col;
                    reader_locate(p, line, lp.err_at, &l, &col);
                    diag_set_at(diag, in->name, l, col, "invalid JSON: %s", lp.err);
                    goto fail;
                }
                break; /* the reader will report it */
            }
            n_lines++;
        }
        p = nl ? nl + 1 : end;
    }
    if (n_lines == 0) {
        diag_set(diag, -1, "%s is empty: cannot infer its columns", in->name);
        goto fail;
    }
    *types = xmalloc((size_t)(keys.n ? keys.n : 1) * sizeof(SqlType));
    for (int i = 0; i < keys.n; i++) {
        switch (keys.kinds[i]) {
            case KIND_BIGINT:
                (*types)[i] = type_make(TYPE_BIGINT);
                break;
            case KIND_DOUBLE:
                (*types)[i] = type_make(TYPE_DOUBLE);
                break;
            case KIND_BOOLEAN:
                (*types)[i] = type_make(TYPE_BOOLEAN);
                break;
            default:
                (*types)[i] = type_string();
        }
    }
    *names = keys.names;
    *n_fields = keys.n;
    free(keys.kinds);
    name_set_free(&keys.set);
    return 0;
fail:
    name_set_free(&keys.set);
    for (int i = 0; i < keys.n; i++)
        free(keys.names[i]);
    free(keys.names);
    free(keys.kinds);
    return -1;
}

ReaderCore *json_reader_core(JsonReader *r) {
    return &r->c;
}
