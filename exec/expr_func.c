/*
 * expr_func.c - kernels for the built-in scalar functions: strings (LIKE, CONCAT,
 * UPPER, LOWER, CHAR_LENGTH, SUBSTRING, TRIM, REPLACE, POSITION, SPLIT_INDEX), numbers
 * (ABS, ROUND, FLOOR, CEIL, POWER, SQRT) and time (TO_TIMESTAMP, DATE_FORMAT, EXTRACT,
 * FLOOR/CEIL TO a unit, CURRENT_TIMESTAMP, LOCALTIMESTAMP). The regular expression
 * functions are in expr_regex.c.
 *
 * As in expr_arith.c, the kernel is chosen once at compile time for the node's
 * operator and argument types, and each kernel is one loop over the selected rows.
 * Work that depends only on constant arguments (a LIKE pattern, a format string, the
 * digits of ROUND) is done at compile time and kept in e->aux / e->iparam.
 *
 * Strings. Values are UTF-8 (pointer, length). A "character" is a code point, as
 * Flink's BinaryStringData counts them (numChars, substringSQL, indexOf); a byte that
 * is not valid UTF-8 counts as one character. A result that is a piece of an input
 * (SUBSTRING, TRIM, SPLIT_INDEX, REPLACE with nothing to replace) points into the
 * input; new bytes go into the batch's arena through a StrOut, which carves them from
 * arena blocks so no row costs an allocation of its own.
 *
 * NULLs: every function here is NULL when any argument is NULL (Flink's CONCAT too),
 * and a few are NULL for other reasons (SUBSTRING with a negative length,
 * TO_TIMESTAMP of unparsable text). Kernels compute the validity first and only look
 * at a row's values when the row is valid, so garbage under a NULL is never parsed.
 *
 * Semantics decisions, with their source in Flink:
 *  - CHAR_LENGTH counts code points: Flink's CHAR_LENGTH is BinaryStringData.numChars(),
 *    which steps over UTF-8 sequences (so an emoji counts 1, unlike String.length()).
 *  - SUBSTRING(s, start [, len]) is BinaryStringDataUtil.substringSQL: start > 0 is
 *    1-based, start < 0 counts from the end (-1 = last character), start = 0 acts as 1;
 *    a start outside the string gives ''; len past the end stops at the end; a
 *    negative len gives NULL.
 *  - TRIM removes, from the chosen ends, every character that occurs in the set.
 *  - REPLACE is Java's String.replace: an empty search string inserts the replacement
 *    before every character and at the end ("abc" -> "-a-b-c-").
 *  - POSITION is SqlFunctionUtils.position: 1-based character index, 0 when absent, 1
 *    for an empty needle.
 *  - LIKE: '%' any sequence, '_' exactly one character, case-sensitive. Without ESCAPE
 *    there is no escape character (the SQL standard; Flink's own fast paths for simple
 *    patterns treat '\' literally too). With ESCAPE, the escape must be one character
 *    and may only precede '%', '_' or itself, otherwise it is an error, as Calcite's
 *    Like.sqlToRegexLike ("Invalid escape sequence").
 *  - UPPER/LOWER map each code point with towupper/towlower (the program runs with an
 *    LC_CTYPE of C.UTF-8); of Java's one-to-many mappings only UPPER's German sharp s
 *    -> "SS" is made (not the ligatures). Bytes that are not valid UTF-8 pass through
 *    unchanged.
 *  - ROUND(x, d) on DOUBLE/FLOAT is Flink's SqlFunctionUtils.sround: the value is taken
 *    as BigDecimal.valueOf(x) - the shortest decimal that reads back as x, the digits
 *    Double.toString prints - and rounded HALF_UP at d digits, so ROUND(2.5) = 3.0,
 *    ROUND(-2.5) = -3.0 and ROUND(1.005, 2) = 1.01 (not 1.0 as rounding the binary
 *    value would give). NaN and infinities are returned as they are (Java would throw).
 *    On DECIMAL it is DecimalDataUtils.sround: HALF_UP, the result at the node's scale.
 *    On integers, d >= 0 changes nothing and d < 0 rounds HALF_UP to tens, hundreds...
 *  - ABS wraps on the minimum value as Java's Math.abs (ABS(INT_MIN) = INT_MIN).
 *  - POWER is Java's Math.pow (which differs from C's pow on NaN and +-1 ** +-inf);
 *    SQRT of a negative number is NaN.
 *  - TO_TIMESTAMP(s) accepts what time_parse_timestamp accepts: Flink's default
 *    'yyyy-MM-dd HH:mm:ss' with an optional fraction, a bare date, one-digit month and
 *    day (DateTimeUtils.DEFAULT_TIMESTAMP_FORMATTER); it is a little more lenient (a 'T'
 *    separator, no seconds). Text that does not parse gives NULL, as Flink's does.
 */
#include "exec/expr_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* ---- shared helpers ---------------------------------------------------------------- */

static inline bool bytes_eq(const void *a, const void *b, size_t n) {
    return n == 0 || memcmp(a, b, n) == 0;
}

/* memcpy that accepts an empty source (which may be a NULL pointer); returns n. */
static inline size_t put_bytes(char *dst, const char *src, size_t n) {
    if (n)
        memcpy(dst, src, n);
    return n;
}

static void free_plain(void *p) {
    free(p);
}

/* Makes row r NULL (after expr_combine_validity has set up the bitmap, or not). */
static inline void set_null(CExpr *e, uint32_t r) {
    vec_set_null(&e->out, r);
}

static int64_t pow10_i64(int n) {
    return n <= 0 ? 1 : n > 18 ? INT64_MAX : decimal_pow10[n];
}

/* 10^n as a 128-bit integer, n in 0..38. */
static __int128 pow10_i128(int n) {
    __int128 p = 1;
    for (int i = 0; i < n; i++)
        p *= 10;
    return p;
}

/* v / 10^shift rounded half away from zero (Java's HALF_UP); shift may be large. */
static __int128 div_pow10_half_up(__int128 v, int shift) {
    if (shift <= 0)
        return v;
    if (shift > 38)
        return 0;
    __int128 p = pow10_i128(shift);
    __int128 q = v / p, rem = v % p;
    if (rem < 0)
        rem = -rem;
    if (rem >= p - rem)
        q += v < 0 ? -1 : 1;
    return q;
}

/* ---- UTF-8 ------------------------------------------------------------------------- */

/* Number of characters in s. */
static uint32_t utf8_count(const char *s, uint32_t n) {
    uint32_t chars = 0;
    for (uint32_t i = 0; i < n; chars++)
        i += char_len_at(s, i, n);
    return chars;
}

/* Byte offset of the character with index `chars` (or n when past the end). */
static uint32_t utf8_offset(const char *s, uint32_t n, uint32_t chars) {
    uint32_t i = 0;
    while (i < n && chars > 0) {
        i += char_len_at(s, i, n);
        chars--;
    }
    return i;
}

/* Decodes one well-formed UTF-8 sequence at s[i]; returns its length, or 0 when the
 * bytes there are not one (the caller then passes a single byte through). */
static uint32_t utf8_decode(const unsigned char *s, uint32_t i, uint32_t n, uint32_t *cp) {
    unsigned char b = s[i];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    uint32_t len, min;
    uint32_t c;
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2, c = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, c = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, c = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n - i)
        return 0;
    for (uint32_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* ---- LIKE -------------------------------------------------------------------------- */

/*
 * A pattern compiles to a sequence of elements: a literal byte, '_' (one character) or
 * '%' (any run; consecutive ones merged). Patterns of the common shapes - no '_' and
 * '%' only at the ends - are matched with memcmp/memmem; others with the classic
 * wildcard walk that remembers the last '%' and retries one character further on a
 * mismatch (linear for most patterns, never exponential).
 */
enum { LK_LIT, LK_ONE, LK_ANY };
enum { SHAPE_GENERAL, SHAPE_EXACT, SHAPE_PREFIX, SHAPE_SUFFIX, SHAPE_CONTAINS, SHAPE_ALL };

typedef struct LikePat {
    uint32_t n;    /* elements */
    uint32_t cap;  /* room in kind/bytes */
    uint8_t *kind; /* LK_* */
    char *bytes;   /* the literal byte of LK_LIT elements */
    int shape;     /* SHAPE_*; the literal of a simple shape is bytes[lit_at..+lit_len) */
    uint32_t lit_at;
    uint32_t lit_len;
    bool has_error; /* the pattern (or the escape) is invalid: error on a non-NULL row */
    char error[160];
    /* the pattern and escape last compiled (dynamic patterns): reused when equal */
    char *last;
    uint32_t last_len, last_cap;
    char last_esc[4];
    uint32_t last_esc_len;
    bool last_has_esc;
    bool has_cache;
} LikePat;

static void like_free(void *p) {
    LikePat *lp = p;
    if (!lp)
        return;
    free(lp->kind);
    free(lp->bytes);
    free(lp->last);
    free(lp);
}

static void like_push(LikePat *lp, uint8_t kind, char byte) {
    if (kind == LK_ANY && lp->n > 0 && lp->kind[lp->n - 1] == LK_ANY)
        return;
    lp->kind[lp->n] = kind;
    lp->bytes[lp->n] = byte;
    lp->n++;
}

static void like_classify(LikePat *lp) {
    uint32_t n = lp->n, first = 0, last = n;
    bool lead_any = n > 0 && lp->kind[0] == LK_ANY;
    bool trail_any = n > 1 && lp->kind[n - 1] == LK_ANY;
    if (lead_any)
        first = 1;
    if (trail_any)
        last = n - 1;
    lp->shape = SHAPE_GENERAL;
    for (uint32_t i = first; i < last; i++)
        if (lp->kind[i] != LK_LIT)
            return;
    lp->lit_at = first;
    lp->lit_len = last > first ? last - first : 0;
    if (n == 1 && lead_any)
        lp->shape = SHAPE_ALL;
    else if (lead_any && trail_any)
        lp->shape = SHAPE_CONTAINS;
    else if (lead_any)
        lp->shape = SHAPE_SUFFIX;
    else if (trail_any)
        lp->shape = SHAPE_PREFIX;
    else
        lp->shape = SHAPE_EXACT;
}

/*
 * Compiles pattern p with escape esc (esc_len 0 = none). Returns false and fills
 * lp->error on an invalid escape.
 */
static bool like_compile(LikePat *lp, const char *p, uint32_t len, const char *esc,
                         uint32_t esc_len) {
    if (len + 1 > lp->cap) {
        lp->cap = len + 1;
        lp->kind = xrealloc(lp->kind, lp->cap);
        lp->bytes = xrealloc(lp->bytes, lp->cap);
    }
    lp->n = 0;
    lp->has_error = false;
    if (esc && (esc_len == 0 || char_len_at(esc, 0, esc_len) != esc_len)) {
        lp->has_error = true;
        snprintf(lp->error, sizeof lp->error, "invalid escape character '%.*s'",
                 (int)MIN(esc_len, 16u), esc);
        return false;
    }
    for (uint32_t i = 0; i < len;) {
        if (esc && len - i >= esc_len && memcmp(p + i, esc, esc_len) == 0) {
            uint32_t next = i + esc_len;
            if (next < len && (p[next] == '%' || p[next] == '_')) {
                like_push(lp, LK_LIT, p[next]);
                i = next + 1;
                continue;
            }
            if (next < len && len - next >= esc_len && memcmp(p + next, esc, esc_len) == 0) {
                for (uint32_t k = 0; k < esc_len; k++)
                    like_push(lp, LK_LIT, esc[k]);
                i = next + esc_len;
                continue;
            }
            lp->has_error = true;
            snprintf(lp->error, sizeof lp->error, "invalid escape sequence in LIKE pattern '%.*s'",
                     (int)MIN(len, 80u), p);
            return false;
        }
        char c = p[i++];
        if (c == '%')
            like_push(lp, LK_ANY, 0);
        else if (c == '_')
            like_push(lp, LK_ONE, 0);
        else
            like_push(lp, LK_LIT, c);
    }
    like_classify(lp);
    return true;
}

static bool like_match_general(const LikePat *lp, const char *s, uint32_t n) {
    const uint8_t *kind = lp->kind;
    const char *bytes = lp->bytes;
    uint32_t m = lp->n, p = 0, i = 0;
    uint32_t star = UINT32_MAX, mark = 0;
    while (i < n) {
        if (p < m && kind[p] == LK_LIT && bytes[p] == s[i]) {
            p++;
            i++;
        } else if (p < m && kind[p] == LK_ONE) {
            i += char_len_at(s, i, n);
            p++;
        } else if (p < m && kind[p] == LK_ANY) {
            star = p++;
            mark = i;
        } else if (star != UINT32_MAX) {
            p = star + 1;
            mark += char_len_at(s, mark, n);
            i = mark;
        } else {
            return false;
        }
    }
    while (p < m && kind[p] == LK_ANY)
        p++;
    return p == m;
}

static bool like_match(const LikePat *lp, const char *s, uint32_t n) {
    const char *lit = lp->bytes + lp->lit_at;
    uint32_t k = lp->lit_len;
    switch (lp->shape) {
        case SHAPE_EXACT:
            return n == k && (k == 0 || memcmp(s, lit, k) == 0);
        case SHAPE_PREFIX:
            return n >= k && bytes_eq(s, lit, k);
        case SHAPE_SUFFIX:
            return n >= k && bytes_eq(s + n - k, lit, k);
        case SHAPE_CONTAINS:
            return k == 0 || (n >= k && memmem(s, n, lit, k) != NULL);
        case SHAPE_ALL:
            return true;
        default:
            return like_match_general(lp, s, n);
    }
}

/* LIKE with a constant pattern (and escape), compiled into e->aux at compile time. */
static int k_like_const(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const LikePat *lp = e->aux;
    const StrRef *s = e->args[0]->out.data;
    uint8_t *out = e->out.data;
    expr_combine_validity(e);
    const Vector *v = &e->out;
    if (lp->has_error) {
        FOR_SEL(r, {
            out[r] = 0;
            if (!vec_is_null(v, r))
                return expr_error(e, ctx, "%s", lp->error);
        });
        return 0;
    }
    FOR_SEL(r, out[r] = like_match(lp, s[r].ptr, s[r].len));
    return 0;
}

/* LIKE with a pattern (or escape) that varies by row: compiled again when it changes. */
static int k_like_dynamic(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    LikePat *lp = e->aux;
    const StrRef *s = e->args[0]->out.data;
    const StrRef *pat = e->args[1]->out.data;
    const StrRef *esc = e->n_args > 2 ? e->args[2]->out.data : NULL;
    uint8_t *out = e->out.data;
    expr_combine_validity(e);
    const Vector *v = &e->out;
    FOR_SEL(r, {
        out[r] = 0;
        if (vec_is_null(v, r))
            continue;
        StrRef p = pat[r];
        const char *ep = esc ? esc[r].ptr : NULL;
        uint32_t el = esc ? esc[r].len : 0;
        bool same = lp->has_cache && lp->last_len == p.len && bytes_eq(lp->last, p.ptr, p.len) &&
                    lp->last_has_esc == (esc != NULL) &&
                    (!esc || (el == lp->last_esc_len && bytes_eq(ep, lp->last_esc, el)));
        if (!same) {
            like_compile(lp, p.ptr, p.len, ep, el);
            if (p.len + 1 > lp->last_cap) {
                lp->last_cap = p.len + 1;
                lp->last = xrealloc(lp->last, lp->last_cap);
            }
            put_bytes(lp->last, p.ptr, p.len);
            lp->last_len = p.len;
            lp->last_has_esc = esc != NULL;
            /* an escape longer than a character is an error anyway: not cached */
            lp->has_cache = el <= sizeof lp->last_esc;
            if (lp->has_cache && el)
                memcpy(lp->last_esc, ep, el);
            lp->last_esc_len = el;
        }
        if (lp->has_error)
            return expr_error(e, ctx, "%s", lp->error);
        out[r] = like_match(lp, s[r].ptr, s[r].len);
    });
    return 0;
}

static Kernel choose_like(CExpr *e) {
    const ExprNode *node = e->node;
    if (node->n_args < 2 || node->n_args > 3)
        return NULL;
    for (int i = 0; i < node->n_args; i++)
        if (phys_of(node->args[i]->type.id) != PHYS_STR && node->args[i]->type.id != TYPE_NULL)
            return NULL;
    LikePat *lp = xcalloc(1, sizeof(LikePat));
    e->aux = lp;
    e->free_aux = like_free;
    bool esc_const = node->n_args < 3 || is_const(e, 2);
    if (is_const(e, 1) && esc_const) {
        if (const_is_null(e, 1) || (node->n_args == 3 && const_is_null(e, 2))) {
            like_compile(lp, "", 0, NULL, 0); /* every row is NULL anyway */
            return k_like_const;
        }
        StrRef p = node->args[1]->value.str;
        if (node->n_args == 3) {
            StrRef es = node->args[2]->value.str;
            like_compile(lp, p.ptr, p.len, es.ptr ? es.ptr : "", es.len);
        } else {
            like_compile(lp, p.ptr, p.len, NULL, 0);
        }
        return k_like_const;
    }
    for (int i = 1; i < node->n_args; i++)
        if (phys_of(node->args[i]->type.id) != PHYS_STR)
            return NULL; /* a NULL-typed pattern is constant, handled above */
    return k_like_dynamic;
}

/* ---- CONCAT, UPPER, LOWER ----------------------------------------------------------- */

static int k_concat(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const Vector *v = &e->out;
    StrRef *out = e->out.data;
    int n_args = e->n_args;
    /* one allocation for the whole batch */
    size_t total = 0;
    FOR_SEL(r, {
        if (vec_is_null(v, r))
            continue;
        for (int a = 0; a < n_args; a++)
            total += ((const StrRef *)e->args[a]->out.data)[r].len;
    });
    static char no_bytes[1];
    char *buf = total ? arena_alloc(ctx->arena, total) : no_bytes;
    FOR_SEL(r, {
        out[r].ptr = "";
        out[r].len = 0;
        if (vec_is_null(v, r))
            continue;
        char *start = buf;
        for (int a = 0; a < n_args; a++) {
            StrRef s = ((const StrRef *)e->args[a]->out.data)[r];
            buf += put_bytes(buf, s.ptr, s.len);
        }
        out[r].ptr = start;
        out[r].len = (uint32_t)(buf - start);
    });
    return 0;
}

/* iparam[0]: 1 = UPPER, 0 = LOWER */
static int k_case_map(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const Vector *v = &e->out;
    const StrRef *a = e->args[0]->out.data;
    StrRef *out = e->out.data;
    bool upper = e->iparam[0] != 0;
    StrOut so = {ctx->arena, NULL, 0};
    FOR_SEL(r, {
        StrRef s = a[r];
        out[r].ptr = "";
        out[r].len = 0;
        if (vec_is_null(v, r) || s.len == 0)
            continue;
        /* a mapped character never takes more than twice its bytes (guarded below) */
        char *dst = so_reserve(&so, (size_t)s.len * 2);
        const unsigned char *src = (const unsigned char *)s.ptr;
        uint32_t o = 0;
        for (uint32_t i = 0; i < s.len;) {
            unsigned char b = src[i];
            if (b < 0x80) { /* ASCII fast path */
                dst[o++] = (char)(upper ? (b >= 'a' && b <= 'z' ? b - 32 : b)
                                        : (b >= 'A' && b <= 'Z' ? b + 32 : b));
                i++;
                continue;
            }
            uint32_t cp;
            uint32_t len = utf8_decode(src, i, s.len, &cp);
            if (len == 0) {
                dst[o++] = (char)b; /* invalid byte: pass it through */
                i++;
                continue;
            }
            if (upper && cp == 0xDF) { /* Java's toUpperCase: sharp s becomes "SS" */
                dst[o++] = 'S';
                dst[o++] = 'S';
                i += len;
                continue;
            }
            uint32_t mapped = (uint32_t)(upper ? towupper((wint_t)cp) : towlower((wint_t)cp));
            char enc[4];
            uint32_t enc_len = utf8_encode(mapped, enc);
            if (mapped > 0x10FFFF || (mapped >= 0xD800 && mapped <= 0xDFFF) || enc_len > 2 * len) {
                memcpy(dst + o, src + i, len);
                o += len;
            } else {
                memcpy(dst + o, enc, enc_len);
                o += enc_len;
            }
            i += len;
        }
        out[r].ptr = dst;
        out[r].len = o;
        so_commit(&so, o);
    });
    return 0;
}

/* ---- CHAR_LENGTH, SUBSTRING, POSITION ------------------------------------------------- */

static int k_char_length(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const StrRef *a = e->args[0]->out.data;
    int32_t *out = e->out.data;
    FOR_SEL(r, out[r] = (int32_t)utf8_count(a[r].ptr, a[r].len));
    expr_combine_validity(e);
    return 0;
}

/* BinaryStringDataUtil.substringSQL: see the top of the file. The result points into
 * the input. */
static inline StrRef substring_sql(StrRef s, int64_t pos, int64_t length) {
    StrRef empty = {"", 0};
    if (s.len == 0)
        return empty;
    uint32_t n_chars = utf8_count(s.ptr, s.len);
    int64_t start;
    if (pos > 0) {
        start = pos - 1;
        if (start >= n_chars)
            return empty;
    } else if (pos < 0) {
        start = (int64_t)n_chars + pos;
        if (start < 0)
            return empty;
    } else {
        start = 0;
    }
    int64_t end = (int64_t)n_chars - start < length ? (int64_t)n_chars : start + length;
    uint32_t from = utf8_offset(s.ptr, s.len, (uint32_t)start);
    uint32_t to = from + utf8_offset(s.ptr + from, s.len - from, (uint32_t)(end - start));
    StrRef res = {s.ptr + from, to - from};
    return res;
}

static int k_substring(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *a = e->args[0]->out.data;
    const int32_t *start = e->args[1]->out.data;
    const int32_t *len = e->n_args > 2 ? e->args[2]->out.data : NULL;
    StrRef *out = e->out.data;
    FOR_SEL(r, {
        out[r].ptr = "";
        out[r].len = 0;
        if (vec_is_null(&e->out, r))
            continue;
        int64_t l = len ? len[r] : INT32_MAX;
        if (l < 0) {
            set_null(e, r); /* Flink: a negative length gives NULL */
            continue;
        }
        out[r] = substring_sql(a[r], start[r], l);
    });
    return 0;
}

/* POSITION(needle IN haystack) */
static int k_position(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *needle = e->args[0]->out.data;
    const StrRef *hay = e->args[1]->out.data;
    int32_t *out = e->out.data;
    FOR_SEL(r, {
        out[r] = 0;
        if (vec_is_null(&e->out, r))
            continue;
        StrRef nd = needle[r], h = hay[r];
        if (nd.len == 0) {
            out[r] = 1;
            continue;
        }
        const char *hit = nd.len <= h.len ? memmem(h.ptr, h.len, nd.ptr, nd.len) : NULL;
        out[r] = hit ? (int32_t)utf8_count(h.ptr, (uint32_t)(hit - h.ptr)) + 1 : 0;
    });
    return 0;
}

/* ---- TRIM, REPLACE ------------------------------------------------------------------ */

/* Is the character c[0..len) one of the characters of set? */
static inline bool in_char_set(const char *c, uint32_t len, StrRef set) {
    if (len == 1)
        return memchr(set.ptr, c[0], set.len) != NULL;
    for (uint32_t i = 0; i < set.len;) {
        uint32_t l = char_len_at(set.ptr, i, set.len);
        if (l == len && memcmp(set.ptr + i, c, len) == 0)
            return true;
        i += l;
    }
    return false;
}

/* iparam[0]: trim the start; iparam[1]: trim the end */
static int k_trim(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *a = e->args[0]->out.data;
    const StrRef *chars = e->args[1]->out.data;
    StrRef *out = e->out.data;
    bool leading = e->iparam[0] != 0, trailing = e->iparam[1] != 0;
    FOR_SEL(r, {
        StrRef s = a[r], set = chars[r];
        if (vec_is_null(&e->out, r) || set.len == 0) {
            out[r] = s;
            continue;
        }
        uint32_t from = 0, to = s.len;
        if (leading) {
            while (from < to) {
                uint32_t l = char_len_at(s.ptr, from, to);
                if (!in_char_set(s.ptr + from, l, set))
                    break;
                from += l;
            }
        }
        if (trailing) {
            while (to > from) {
                uint32_t b = to - 1; /* back to the start of the last character */
                while (b > from && to - b < 4 && ((unsigned char)s.ptr[b] & 0xC0) == 0x80)
                    b--;
                uint32_t l = char_len_at(s.ptr, b, to);
                if (b + l != to) { /* a stray continuation byte: it is its own character */
                    b = to - 1;
                    l = 1;
                }
                if (!in_char_set(s.ptr + b, l, set))
                    break;
                to = b;
            }
        }
        out[r].ptr = s.ptr + from;
        out[r].len = to - from;
    });
    return 0;
}

/* REPLACE(s, search, replacement), as Java's String.replace. */
static int k_replace(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *a = e->args[0]->out.data;
    const StrRef *search = e->args[1]->out.data;
    const StrRef *repl = e->args[2]->out.data;
    StrRef *out = e->out.data;
    StrOut so = {ctx->arena, NULL, 0};
    FOR_SEL(r, {
        StrRef s = a[r], f = search[r], t = repl[r];
        out[r] = s;
        if (vec_is_null(&e->out, r))
            continue;
        if (f.len == 0) { /* the replacement before every character and at the end */
            uint32_t n_chars = utf8_count(s.ptr, s.len);
            size_t size = (size_t)s.len + (size_t)(n_chars + 1) * t.len;
            char *dst = so_reserve(&so, size ? size : 1);
            size_t o = 0;
            for (uint32_t i = 0; i < s.len;) {
                uint32_t l = char_len_at(s.ptr, i, s.len);
                o += put_bytes(dst + o, t.ptr, t.len);
                o += put_bytes(dst + o, s.ptr + i, l);
                i += l;
            }
            o += put_bytes(dst + o, t.ptr, t.len);
            out[r].ptr = dst;
            out[r].len = (uint32_t)o;
            so_commit(&so, o);
            continue;
        }
        const char *hit = f.len <= s.len ? memmem(s.ptr, s.len, f.ptr, f.len) : NULL;
        if (!hit)
            continue; /* nothing to replace: the input itself */
        uint32_t count = 0;
        for (const char *p = hit; p;) {
            count++;
            size_t rest = (size_t)(s.ptr + s.len - (p + f.len));
            p = f.len <= rest ? memmem(p + f.len, rest, f.ptr, f.len) : NULL;
        }
        size_t size = (size_t)s.len - (size_t)count * f.len + (size_t)count * t.len;
        char *dst = so_reserve(&so, size ? size : 1);
        size_t o = 0;
        const char *src = s.ptr, *end = s.ptr + s.len;
        for (const char *p = hit; p;) {
            o += put_bytes(dst + o, src, (size_t)(p - src));
            o += put_bytes(dst + o, t.ptr, t.len);
            src = p + f.len;
            size_t rest = (size_t)(end - src);
            p = f.len <= rest ? memmem(src, rest, f.ptr, f.len) : NULL;
        }
        o += put_bytes(dst + o, src, (size_t)(end - src));
        out[r].ptr = dst;
        out[r].len = (uint32_t)o;
        so_commit(&so, o);
    });
    return 0;
}

/* ---- SPLIT_INDEX ------------------------------------------------------------------- */

/* Bytes of the character at s[i] when it is whitespace to Java's Character.isWhitespace
 * (ASCII \t..\r and 0x1C..0x20; the Unicode space, line and paragraph separators but
 * not the no-break spaces U+00A0, U+2007, U+202F), else 0. */
static uint32_t java_space_at(const char *s, uint32_t i, uint32_t n) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80)
        return (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= ' ') ? 1 : 0;
    uint32_t cp = 0;
    uint32_t len = utf8_decode((const unsigned char *)s, i, n, &cp);
    bool is_space = cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) ||
                    cp == 0x2028 || cp == 0x2029 || cp == 0x205F || cp == 0x3000;
    return len && is_space ? len : 0;
}

/* The first separator in s at or after byte `from`: its offset and length. An empty
 * separator stands for any whitespace character. */
static inline bool find_separator(StrRef s, uint32_t from, StrRef sep, uint32_t *at,
                                  uint32_t *len) {
    const char *rest = s.ptr + from, *hit;
    size_t left = s.len - from;
    if (sep.len > 0) {
        hit = sep.len <= left ? memmem(rest, left, sep.ptr, sep.len) : NULL;
    } else {
        for (uint32_t i = from; i < s.len; i += char_len_at(s.ptr, i, s.len)) {
            uint32_t l = java_space_at(s.ptr, i, s.len);
            if (l) {
                *at = i;
                *len = l;
                return true;
            }
        }
        return false;
    }
    if (!hit)
        return false;
    *at = (uint32_t)(hit - s.ptr);
    *len = sep.len;
    return true;
}

/* split_piece for a one-byte separator: the separators are found eight bytes at a time
 * with word operations, with no call per piece (URLs have short pieces). */
static bool split_piece_at_byte(StrRef s, char sep, int32_t index, StrRef *out) {
    uint64_t each = 0x0101010101010101ull * (unsigned char)sep;
    uint32_t start = 0, i = 0;
    int32_t k = 0;
    for (; i + 8 <= s.len; i += 8) {
        for (uint64_t hit = bytes_equal_mask(bytes_load_word(s.ptr + i), each); hit;
             hit &= hit - 1) {
            uint32_t at = i + (uint32_t)(__builtin_ctzll(hit) >> 3);
            if (k++ == index) {
                out->ptr = s.ptr + start;
                out->len = at - start;
                return true;
            }
            start = at + 1;
        }
    }
    for (; i < s.len; i++) {
        if (s.ptr[i] != sep)
            continue;
        if (k++ == index) {
            out->ptr = s.ptr + start;
            out->len = i - start;
            return true;
        }
        start = i + 1;
    }
    if (k != index)
        return false;
    out->ptr = s.ptr + start;
    out->len = s.len - start;
    return true;
}

/* The index-th piece of s cut at every separator (a piece of s itself), or false when
 * there is none. */
static bool split_piece(StrRef s, StrRef sep, int32_t index, StrRef *out) {
    if (index < 0 || s.len == 0)
        return false; /* Commons' split of "" has no pieces at all */
    if (sep.len == 1)
        return split_piece_at_byte(s, sep.ptr[0], index, out);
    uint32_t start = 0;
    for (int32_t k = 0;; k++) {
        uint32_t at = s.len, len = 0;
        bool found = find_separator(s, start, sep, &at, &len);
        if (k == index) {
            out->ptr = s.ptr + start;
            out->len = at - start;
            return true;
        }
        if (!found)
            return false;
        start = at + len;
    }
}

/*
 * SPLIT_INDEX(s, separator, index), Flink's SqlFunctionUtils.splitIndex: the index-th
 * piece (from 0) of s split by Commons' splitByWholeSeparatorPreserveAllTokens - empty
 * pieces are kept ("a,,b" has three), "" has none, an empty separator splits at each
 * whitespace character - or NULL when index is negative or past the last piece. The
 * piece points into s. iparam[0] = 1: the separator is an INT character code, which
 * must be 1..255 (else NULL), as Flink's splitIndex(String, int, int).
 */
static int k_split_index(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *a = e->args[0]->out.data;
    const StrRef *seps = e->iparam[0] ? NULL : e->args[1]->out.data;
    const int32_t *codes = e->iparam[0] ? e->args[1]->out.data : NULL;
    const int32_t *index = e->args[2]->out.data;
    StrRef *out = e->out.data;
    FOR_SEL(r, {
        out[r].ptr = "";
        out[r].len = 0;
        if (vec_is_null(&e->out, r))
            continue;
        char code[4];
        StrRef sep;
        if (codes) {
            if (codes[r] < 1 || codes[r] > 255) {
                set_null(e, r);
                continue;
            }
            sep.ptr = code;
            sep.len = utf8_encode((uint32_t)codes[r], code);
        } else {
            sep = seps[r];
        }
        if (!split_piece(a[r], sep, index[r], &out[r])) {
            out[r].ptr = "";
            out[r].len = 0;
            set_null(e, r);
        }
    });
    return 0;
}

/* ---- ABS, FLOOR, CEIL, POWER, SQRT ----------------------------------------------------- */

DEFINE_UNARY_KERNEL(k_abs_i32, int32_t, int32_t,
                    NARROW(a[r] < 0 ? (int32_t)(0u - (uint32_t)a[r]) : a[r]))
DEFINE_UNARY_KERNEL(k_abs_i64, int64_t, int64_t, a[r] < 0 ? (int64_t)(0u - (uint64_t)a[r]) : a[r])
DEFINE_UNARY_KERNEL(k_abs_f32, float, float, fabsf(a[r]))
DEFINE_UNARY_KERNEL(k_abs_f64, double, double, fabs(a[r]))
DEFINE_UNARY_KERNEL(k_floor_f32, float, float, floorf(a[r]))
DEFINE_UNARY_KERNEL(k_floor_f64, double, double, floor(a[r]))
DEFINE_UNARY_KERNEL(k_ceil_f32, float, float, ceilf(a[r]))
DEFINE_UNARY_KERNEL(k_ceil_f64, double, double, ceil(a[r]))
DEFINE_UNARY_KERNEL(k_sqrt_f64, double, double, sqrt(a[r]))

/* A value that needs no work (integers under FLOOR, CEIL, ROUND with digits >= 0). */
static int k_alias(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    e->out.data = e->args[0]->out.data;
    e->out.validity = e->args[0]->out.validity;
    return 0;
}

/* FLOOR / CEIL of DECIMAL(p, s): iparam[0] = 10^s, iparam[1] = 10^(result scale),
 * iparam[2] = 1 for CEIL. The result fits: it has no more integer digits than p - s + 1. */
static int k_floor_ceil_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    int64_t unit = e->iparam[0], rescale = e->iparam[1];
    bool is_ceil = e->iparam[2] != 0;
    FOR_SEL(r, {
        int64_t q = a[r] / unit, rem = a[r] % unit;
        if (rem != 0 && (is_ceil ? rem > 0 : rem < 0))
            q += is_ceil ? 1 : -1;
        out[r] = q * rescale;
    });
    expr_combine_validity(e);
    return 0;
}

/* Java's Math.pow where it differs from C's: NaN exponents, and |base| = 1 with an
 * infinite exponent, give NaN. */
static inline double java_pow(double x, double y) {
    if (isnan(y) || (fabs(x) == 1.0 && isinf(y)))
        return NAN;
    return pow(x, y);
}

static int k_power(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const double *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    double *out = e->out.data;
    FOR_SEL(r, out[r] = java_pow(a[r], b[r]));
    expr_combine_validity(e);
    return 0;
}

/* ---- ROUND ------------------------------------------------------------------------- */

/*
 * ROUND of a double the way BigDecimal.valueOf(x).movePointRight(d).setScale(0,
 * HALF_UP).movePointLeft(d).doubleValue() does it, exactly: take Java's digits of x
 * (fmt_double_java), round that decimal string, and read the result back with strtod.
 */
static double round_double_exact(double x, int digits) {
    char d[32];
    int int_digits; /* digits before the decimal point */
    bool neg;
    int nd = fmt_double_java_digits(x, d, &int_digits, &neg);
    long keep = (long)int_digits + digits; /* significant digits kept */
    if (keep >= nd)
        return x;
    int64_t kept = 0;
    if (keep < 0) {
        kept = 0;
    } else {
        for (long i = 0; i < keep; i++)
            kept = kept * 10 + (d[i] - '0');
        if (d[keep] >= '5')
            kept++;
    }
    if (kept == 0)
        return 0.0; /* BigDecimal has no negative zero */
    char buf[64];
    snprintf(buf, sizeof buf, "%s%llde%d", neg ? "-" : "", (long long)kept, -digits);
    return strtod(buf, NULL);
}

static const double EXACT_POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/*
 * The fast path: scale by an exact power of ten and round; when the scaled value is
 * far enough from a tie (farther than the error of the scaling plus the distance
 * between x and its shortest decimal) the answer is the same as the exact one, and
 * dividing an exact integer by an exact power of ten rounds correctly.
 */
static double round_double(double x, int digits) {
    if (!isfinite(x))
        return x;
    if (digits > 22 || digits < -22)
        return round_double_exact(x, digits);
    double p = EXACT_POW10[digits < 0 ? -digits : digits];
    double scaled = digits >= 0 ? x * p : x / p;
    double ax = fabs(scaled);
    if (!(ax < 4503599627370496.0)) /* 2^52 */
        return round_double_exact(x, digits);
    double fl = floor(ax), frac = ax - fl;
    double tol = ax * 1e-15 + 1e-300;
    if (fabs(frac - 0.5) <= tol)
        return round_double_exact(x, digits);
    double q = frac > 0.5 ? fl + 1 : fl;
    if (q == 0)
        return 0.0;
    if (x < 0)
        q = -q;
    return digits >= 0 ? q / p : q * p;
}

/* iparam[0] = digits */
static int k_round_f64(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const double *a = e->args[0]->out.data;
    double *out = e->out.data;
    int digits = (int)e->iparam[0];
    FOR_SEL(r, out[r] = round_double(a[r], digits));
    expr_combine_validity(e);
    return 0;
}

/* FLOAT goes through double, as BigDecimal.valueOf(float) widens it. */
static int k_round_f32(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const float *a = e->args[0]->out.data;
    float *out = e->out.data;
    int digits = (int)e->iparam[0];
    FOR_SEL(r, out[r] = (float)round_double(a[r], digits));
    expr_combine_validity(e);
    return 0;
}

/* Integers with digits < 0: iparam[0] = -digits, iparam[1] = bit width. Rounds half
 * up to a multiple of 10^-digits and wraps to the type as Java's intValue() does. */
static int k_round_int(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    int shift = (int)e->iparam[0], bits = (int)e->iparam[1];
    __int128 unit = shift <= 38 ? pow10_i128(shift) : 0;
    if (bits == 64) {
        const int64_t *a = e->args[0]->out.data;
        int64_t *out = e->out.data;
        FOR_SEL(r, out[r] = (int64_t)(uint64_t)(div_pow10_half_up(a[r], shift) * unit));
    } else {
        const int32_t *a = e->args[0]->out.data;
        int32_t *out = e->out.data;
        FOR_SEL(r, {
            uint32_t w = (uint32_t)(uint64_t)(div_pow10_half_up(a[r], shift) * unit);
            out[r] = bits == 8 ? (int8_t)w : bits == 16 ? (int16_t)w : (int32_t)w;
        });
    }
    expr_combine_validity(e);
    return 0;
}

/*
 * DECIMAL(p, s) rounded at `digits`, the result at scale s2 and precision p2:
 * iparam[0] = s - digits (digits to drop, > 0), iparam[1] = digits, iparam[2] = s2,
 * iparam[3] = p2. A result that does not fit p2 is NULL, as DecimalData gives.
 */
static int k_round_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    int drop = (int)e->iparam[0], digits = (int)e->iparam[1], s2 = (int)e->iparam[2];
    int p2 = (int)e->iparam[3];
    __int128 limit = pow10_i128(p2 > 38 ? 38 : p2);
    int up = s2 - digits; /* scale the rounded value (at scale `digits`) to s2 */
    expr_combine_validity(e);
    FOR_SEL(r, {
        __int128 q = div_pow10_half_up(a[r], drop);
        if (up > 0)
            q = up > 36 ? (q ? limit : 0) : q * pow10_i128(up);
        else if (up < 0)
            q = div_pow10_half_up(q, -up);
        if (q >= limit || q <= -limit || q > INT64_MAX || q < INT64_MIN) {
            out[r] = 0;
            set_null(e, r);
        } else {
            out[r] = (int64_t)q;
        }
    });
    return 0;
}

/* DECIMAL(p, s) rounded where nothing is dropped (digits >= s): rescaled up to s2.
 * iparam[0] = 10^(s2 - s), iparam[3] = p2. */
static int k_round_dec_up(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    __int128 factor = e->iparam[0];
    __int128 limit = pow10_i128((int)e->iparam[3]);
    expr_combine_validity(e);
    FOR_SEL(r, {
        __int128 q = a[r] * factor;
        if (q >= limit || q <= -limit) {
            out[r] = 0;
            set_null(e, r);
        } else {
            out[r] = (int64_t)q;
        }
    });
    return 0;
}

static int int_bits(TypeId t) {
    return t == TYPE_TINYINT ? 8 : t == TYPE_SMALLINT ? 16 : t == TYPE_BIGINT ? 64 : 32;
}

static Kernel choose_round(CExpr *e) {
    const ExprNode *node = e->node;
    const SqlType *in = &node->args[0]->type;
    int digits = 0;
    if (node->n_args == 2) {
        const ExprNode *d = node->args[1];
        if (d->op != EOP_CONST || phys_of(d->type.id) != PHYS_I32) {
            if (d->type.id != TYPE_NULL)
                return NULL; /* the binder makes the digits a constant */
        } else if (!d->is_null) {
            digits = d->value.i32;
        }
    } else if (node->n_args != 1) {
        return NULL;
    }
    if (node->type.id != in->id)
        return NULL;
    switch (in->id) {
        case TYPE_DOUBLE:
            e->iparam[0] = digits;
            return k_round_f64;
        case TYPE_FLOAT:
            e->iparam[0] = digits;
            return k_round_f32;
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
        case TYPE_BIGINT:
            if (digits >= 0)
                return k_alias;
            e->iparam[0] = -(int64_t)digits;
            e->iparam[1] = int_bits(in->id);
            return k_round_int;
        case TYPE_DECIMAL: {
            int s = in->scale, s2 = node->type.scale, p2 = node->type.precision;
            if (s2 < 0 || s2 > 18 || p2 < 1 || p2 > 18)
                return NULL;
            if (digits >= s) {
                if (s2 < s)
                    return NULL;
                e->iparam[0] = pow10_i64(s2 - s);
                e->iparam[3] = p2;
                return k_round_dec_up;
            }
            e->iparam[0] = s - digits;
            e->iparam[1] = digits;
            e->iparam[2] = s2;
            e->iparam[3] = p2;
            return k_round_dec;
        }
        default:
            return NULL;
    }
}

/* ---- time -------------------------------------------------------------------------- */

/* A NUL-terminated copy of a constant format string, kept in e->aux. */
static const char *const_format(CExpr *e, int arg) {
    StrRef f = e->node->args[arg]->value.str;
    char *copy = xmalloc((size_t)f.len + 1);
    put_bytes(copy, f.ptr, f.len);
    copy[f.len] = '\0';
    e->aux = copy;
    e->free_aux = free_plain;
    return copy;
}

/* The format for row r: the constant one, or the row's text copied NUL-terminated into
 * buf (or the arena when it is long). */
static const char *row_format(CExpr *e, EvalCtx *ctx, StrRef f, char *buf, size_t cap) {
    if (e->aux)
        return e->aux;
    char *dst = f.len < cap ? buf : arena_alloc(ctx->arena, (size_t)f.len + 1);
    put_bytes(dst, f.ptr, f.len);
    dst[f.len] = '\0';
    return dst;
}

/* TO_TIMESTAMP(s [, fmt]); aux = the constant format, if any. */
static int k_to_timestamp(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    const StrRef *a = e->args[0]->out.data;
    const StrRef *fmt = e->n_args > 1 ? e->args[1]->out.data : NULL;
    int64_t *out = e->out.data;
    char buf[256];
    FOR_SEL(r, {
        out[r] = 0;
        if (vec_is_null(&e->out, r))
            continue;
        bool ok;
        if (fmt) {
            const char *f = row_format(e, ctx, fmt[r], buf, sizeof buf);
            ok = time_parse_with_format(a[r].ptr, a[r].len, f, &out[r]);
        } else {
            ok = time_parse_timestamp(a[r].ptr, a[r].len, &out[r]);
        }
        if (!ok) {
            out[r] = 0;
            set_null(e, r);
        }
    });
    return 0;
}

/*
 * The span of time a constant DATE_FORMAT pattern cannot tell apart, in ms: a day for
 * dates only ('yyyy-MM-dd'), a minute for 'HH:mm', 1 ms when it shows fractions or a
 * letter not known here. Rows in one span get the same text, so DATE_FORMAT formats
 * once per span, not once per row, as long as consecutive rows share it (time mostly
 * moves forward). Quoted text ('...') is literal.
 */
static int64_t date_format_span(const char *f) {
    int64_t span = MS_PER_DAY;
    for (; *f; f++) {
        if (*f == '\'') {
            while (f[1] && f[1] != '\'')
                f++;
            if (f[1])
                f++;
            continue;
        }
        if (!((*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z')))
            continue;
        int64_t s;
        if (strchr("yYuMLdDEeFGwWQq", *f))
            s = MS_PER_DAY;
        else if (strchr("HhkKa", *f))
            s = 3600000;
        else if (*f == 'm')
            s = 60000;
        else if (*f == 's')
            s = 1000;
        else
            s = 1;
        span = s < span ? s : span;
    }
    return span;
}

/* DATE_FORMAT(ts, fmt): iparam[0] = physical class of ts (PHYS_I64 timestamp, PHYS_I32
 * date, PHYS_STR text parsed as a timestamp first); aux = the constant format and
 * iparam[1] its span (date_format_span), or 0 when the format varies by row. */
#define DEFINE_DATE_FORMAT(NAME, T, TO_MS)                                                         \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        expr_combine_validity(e);                                                                  \
        const T *a = e->args[0]->out.data;                                                         \
        const StrRef *fmt = e->args[1]->out.data;                                                  \
        StrRef *out = e->out.data;                                                                 \
        StrOut so = {ctx->arena, NULL, 0};                                                         \
        char fbuf[256];                                                                            \
        int64_t span = e->aux ? e->iparam[1] : 0, last_slot = INT64_MIN;                           \
        StrRef last = {"", 0};                                                                     \
        FOR_SEL(r, {                                                                               \
            out[r].ptr = "";                                                                       \
            out[r].len = 0;                                                                        \
            if (vec_is_null(&e->out, r))                                                           \
                continue;                                                                          \
            int64_t ms;                                                                            \
            if (!(TO_MS)) {                                                                        \
                set_null(e, r);                                                                    \
                continue;                                                                          \
            }                                                                                      \
            int64_t slot = span ? time_floor_div(ms, span) : INT64_MIN;                            \
            if (span && slot == last_slot) { /* the previous row's text */                         \
                out[r] = last;                                                                     \
                continue;                                                                          \
            }                                                                                      \
            const char *f = row_format(e, ctx, fmt[r], fbuf, sizeof fbuf);                         \
            size_t cap = 64 + strlen(f) * 8;                                                       \
            char *dst = so_reserve(&so, cap);                                                      \
            size_t len = time_format_pattern(ms, f, dst, cap);                                     \
            out[r].ptr = dst;                                                                      \
            out[r].len = (uint32_t)len;                                                            \
            so_commit(&so, len);                                                                   \
            last_slot = slot;                                                                      \
            last = out[r];                                                                         \
        });                                                                                        \
        return 0;                                                                                  \
    }

DEFINE_DATE_FORMAT(k_date_format_ts, int64_t, (ms = a[r], true))
DEFINE_DATE_FORMAT(k_date_format_date, int32_t, (ms = (int64_t)a[r] * MS_PER_DAY, true))
DEFINE_DATE_FORMAT(k_date_format_str, StrRef, time_parse_timestamp(a[r].ptr, a[r].len, &ms))

/* EXTRACT(unit FROM ts) */
static int k_extract_ts(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    TimeUnit unit = e->node->unit;
    FOR_SEL(r, out[r] = time_extract(a[r], unit));
    expr_combine_validity(e);
    return 0;
}

static int k_extract_date(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int32_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    TimeUnit unit = e->node->unit;
    FOR_SEL(r, out[r] = time_extract((int64_t)a[r] * MS_PER_DAY, unit));
    expr_combine_validity(e);
    return 0;
}

/* FLOOR / CEIL (ts TO unit): iparam[0] = 1 for CEIL */
static int k_floor_ceil_ts(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data;
    int64_t *out = e->out.data;
    TimeUnit unit = e->node->unit;
    if (e->iparam[0])
        FOR_SEL(r, out[r] = time_ceil_to(a[r], unit));
    else
        FOR_SEL(r, out[r] = time_floor_to(a[r], unit));
    expr_combine_validity(e);
    return 0;
}

static int k_floor_ceil_date(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int32_t *a = e->args[0]->out.data;
    int32_t *out = e->out.data;
    TimeUnit unit = e->node->unit;
    if (e->iparam[0])
        FOR_SEL(r, out[r] = (int32_t)time_floor_div(time_ceil_to((int64_t)a[r] * MS_PER_DAY, unit),
                                                    MS_PER_DAY));
    else
        FOR_SEL(r, out[r] = (int32_t)time_floor_div(time_floor_to((int64_t)a[r] * MS_PER_DAY, unit),
                                                    MS_PER_DAY));
    expr_combine_validity(e);
    return 0;
}

/* CURRENT_TIMESTAMP (iparam[0] = 0) and LOCALTIMESTAMP (1): one value per batch. */
static int k_now(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    int64_t *out = e->out.data;
    int64_t now = e->iparam[0] ? ctx->now_local_ms : ctx->now_utc_ms;
    FOR_SEL(r, out[r] = now);
    e->out.validity = NULL;
    return 0;
}

/* ---- choosing ---------------------------------------------------------------------- */

static bool all_args_str(const ExprNode *node, int from) {
    for (int i = from; i < node->n_args; i++)
        if (phys_of(node->args[i]->type.id) != PHYS_STR)
            return false;
    return true;
}

static bool is_ts(TypeId t) {
    return t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMP_LTZ;
}

Kernel expr_kernel_func(CExpr *e) {
    const ExprNode *node = e->node;
    TypeId t = node->type.id;
    TypeId a0 = node->n_args > 0 ? node->args[0]->type.id : TYPE_NULL;
    switch (node->op) {
        case EOP_LIKE:
            return t == TYPE_BOOLEAN ? choose_like(e) : NULL;
        case EOP_CONCAT:
            return node->n_args >= 1 && phys_of(t) == PHYS_STR && all_args_str(node, 0) ? k_concat
                                                                                        : NULL;
        case EOP_UPPER:
        case EOP_LOWER:
            if (node->n_args != 1 || phys_of(t) != PHYS_STR || phys_of(a0) != PHYS_STR)
                return NULL;
            e->iparam[0] = node->op == EOP_UPPER;
            return k_case_map;
        case EOP_CHAR_LENGTH:
            return node->n_args == 1 && phys_of(a0) == PHYS_STR && phys_of(t) == PHYS_I32
                       ? k_char_length
                       : NULL;
        case EOP_SUBSTRING:
            if (node->n_args < 2 || node->n_args > 3 || phys_of(a0) != PHYS_STR ||
                phys_of(t) != PHYS_STR)
                return NULL;
            for (int i = 1; i < node->n_args; i++)
                if (phys_of(node->args[i]->type.id) != PHYS_I32)
                    return NULL;
            return k_substring;
        case EOP_TRIM:
            if (node->n_args != 2 || !all_args_str(node, 0) || phys_of(t) != PHYS_STR)
                return NULL;
            e->iparam[0] = node->trim_spec == 0 || node->trim_spec == 1;
            e->iparam[1] = node->trim_spec == 0 || node->trim_spec == 2;
            return k_trim;
        case EOP_REPLACE:
            return node->n_args == 3 && all_args_str(node, 0) && phys_of(t) == PHYS_STR ? k_replace
                                                                                        : NULL;
        case EOP_POSITION:
            return node->n_args == 2 && all_args_str(node, 0) && phys_of(t) == PHYS_I32 ? k_position
                                                                                        : NULL;
        case EOP_SPLIT_INDEX: {
            if (node->n_args != 3 || phys_of(a0) != PHYS_STR || phys_of(t) != PHYS_STR ||
                phys_of(node->args[2]->type.id) != PHYS_I32)
                return NULL;
            Phys sep = phys_of(node->args[1]->type.id);
            if (sep != PHYS_STR && sep != PHYS_I32)
                return NULL;
            e->iparam[0] = sep == PHYS_I32;
            return k_split_index;
        }
        case EOP_REGEXP_EXTRACT:
        case EOP_REGEXP_REPLACE:
            return expr_kernel_regex(e);
        case EOP_ABS:
            if (node->n_args != 1 || t != a0)
                return NULL;
            switch (t) {
                case TYPE_TINYINT:
                case TYPE_SMALLINT:
                case TYPE_INT:
                    e->iparam[0] = int_bits(t);
                    return k_abs_i32;
                case TYPE_BIGINT:
                case TYPE_DECIMAL:
                    return k_abs_i64;
                case TYPE_FLOAT:
                    return k_abs_f32;
                case TYPE_DOUBLE:
                    return k_abs_f64;
                default:
                    return NULL;
            }
        case EOP_ROUND:
            return choose_round(e);
        case EOP_FLOOR:
        case EOP_CEIL: {
            bool is_ceil = node->op == EOP_CEIL;
            if (node->n_args != 1)
                return NULL;
            if (a0 == TYPE_DECIMAL && t == TYPE_DECIMAL) {
                int s = node->args[0]->type.scale, s2 = node->type.scale;
                if (s < 0 || s > 18 || s2 < 0 || s2 > 18)
                    return NULL;
                e->iparam[0] = pow10_i64(s);
                e->iparam[1] = pow10_i64(s2);
                e->iparam[2] = is_ceil;
                return k_floor_ceil_dec;
            }
            if (t != a0)
                return NULL;
            if (t == TYPE_DOUBLE)
                return is_ceil ? k_ceil_f64 : k_floor_f64;
            if (t == TYPE_FLOAT)
                return is_ceil ? k_ceil_f32 : k_floor_f32;
            return type_info(t)->is_integer ? k_alias : NULL;
        }
        case EOP_POWER:
            return node->n_args == 2 && t == TYPE_DOUBLE && a0 == TYPE_DOUBLE &&
                           node->args[1]->type.id == TYPE_DOUBLE
                       ? k_power
                       : NULL;
        case EOP_SQRT:
            return node->n_args == 1 && t == TYPE_DOUBLE && a0 == TYPE_DOUBLE ? k_sqrt_f64 : NULL;
        case EOP_TO_TIMESTAMP:
            if (node->n_args < 1 || node->n_args > 2 || !all_args_str(node, 0) ||
                phys_of(t) != PHYS_I64)
                return NULL;
            if (node->n_args == 2 && is_const(e, 1) && !const_is_null(e, 1))
                const_format(e, 1);
            return k_to_timestamp;
        case EOP_DATE_FORMAT:
            if (node->n_args != 2 || phys_of(t) != PHYS_STR ||
                phys_of(node->args[1]->type.id) != PHYS_STR)
                return NULL;
            if (is_const(e, 1) && !const_is_null(e, 1))
                e->iparam[1] = date_format_span(const_format(e, 1));
            if (is_ts(a0))
                return k_date_format_ts;
            if (a0 == TYPE_DATE)
                return k_date_format_date;
            if (phys_of(a0) == PHYS_STR)
                return k_date_format_str;
            return NULL;
        case EOP_EXTRACT:
            if (node->n_args != 1 || phys_of(t) != PHYS_I64)
                return NULL;
            if (is_ts(a0))
                return k_extract_ts;
            return a0 == TYPE_DATE ? k_extract_date : NULL;
        case EOP_FLOOR_TIME:
        case EOP_CEIL_TIME:
            if (node->n_args != 1)
                return NULL;
            e->iparam[0] = node->op == EOP_CEIL_TIME;
            if (is_ts(a0) && is_ts(t))
                return k_floor_ceil_ts;
            return a0 == TYPE_DATE && t == TYPE_DATE ? k_floor_ceil_date : NULL;
        case EOP_CURRENT_TIMESTAMP:
        case EOP_PROCTIME:
        case EOP_LOCALTIMESTAMP:
            if (node->n_args != 0 || phys_of(t) != PHYS_I64)
                return NULL;
            e->iparam[0] = node->op == EOP_LOCALTIMESTAMP;
            return k_now;
        default:
            return NULL; /* EOP_IN and EOP_NULLIF are rewritten by the binder */
    }
}
