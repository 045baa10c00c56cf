/*
 * regex.c - Java regular expressions run by glibc's POSIX regex engine, with a
 * one-pass matcher of our own for the simple patterns that most queries use.
 *
 * Flink's REGEXP_EXTRACT and REGEXP_REPLACE take java.util.regex patterns. A pattern
 * goes through four steps when it is compiled:
 *
 *  1. parse and 2. translate (regex_syntax.c): the Java syntax becomes a tree, which
 *     is written out as a POSIX extended regular expression with Java's meanings.
 *  3. compile: glibc's regcomp, twice when the process runs in a multibyte locale:
 *     once in that locale (UTF-8: '.' and brackets match characters) and once in the C
 *     locale, for texts that are pure ASCII. On ASCII text both give the same answer,
 *     and the byte engine is two to five times faster, because glibc's multibyte engine
 *     converts the text to wide characters first.
 *  4. one-pass analysis: a pattern that is a sequence of literals, '^' and '$', sets
 *     with greedy quantifiers, groups around such sequences and alternatives of single
 *     characters or '^' (the Nexmark pattern '(&|^)channel_id=([^&]*)' is one), where
 *     every step that can take a variable number of characters accepts none of the
 *     bytes that can start what follows it, has at most one way to match from a given
 *     start: each step takes the longest run it can. Take a run that stops early: the
 *     next byte is one the step accepts, so what follows cannot start there, and only
 *     an empty rest could match - which then also matches after the longest run. So
 *     that match is the longest (POSIX's choice) and the one Java's greedy backtracking
 *     finds first; fast_match_at runs it in one loop with no allocation, some twenty
 *     times faster than regexec. Sets holding non-ASCII characters qualify only when
 *     they hold all of them (a negated class, '.') and take an unbounded run of at
 *     least 0 or 1: a byte run then covers whole characters, as its ends are ASCII
 *     bytes or the text's ends. '^' must come before and '$' after every step that
 *     takes characters (see fast_build).
 *
 * Prefilter: when every match must contain a literal (the longest run of plain
 * characters on the pattern's main path, such as 'channel_id='), it is looked for
 * first (memchr for its rarest byte) and a text without it has no match. When the
 * part before the literal is at most K bytes long, the search starts K bytes before
 * the literal's first occurrence: any match contains some occurrence, which is at or
 * after the first.
 *
 * Semantics that differ from Java (docs/sql.md lists them for users):
 *  - POSIX takes the leftmost-longest match and, within it, longest groups from the
 *    left; Java the leftmost match that its backtracking order finds first. They
 *    differ only for alternatives whose order matters: 'a|ab' on "ab" is "ab" here,
 *    "a" in Java. One-pass patterns have one match, the same in both.
 *  - '$' and '\Z' match only at the very end (Java also before a final line
 *    terminator). '.' matches any character but '\n' and '\r' (Java also excludes
 *    U+0085, U+2028 and U+2029). '\b' counts Unicode letters and digits as word
 *    characters, as Java does. glibc lets a '^' in the middle of a pattern match after
 *    a '\n' the pattern consumed (and a '$' before one), which Java does not.
 *  - A NUL character cannot be part of a pattern (regcomp takes C strings).
 *  - Text that is not valid UTF-8 matches as glibc decides.
 */
#include "exec/regex_internal.h"

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the required literal ---------------------------------------------------------- */

/* Most bytes a match of n can take, or -1 for no bound. */
static int64_t max_bytes(const RxNode *n) {
    switch (n->kind) {
        case RX_CHAR: {
            char b[4];
            return utf8_encode(n->cp, b);
        }
        case RX_SET: {
            uint32_t top = n->n_ranges ? n->ranges[n->n_ranges - 1].hi : 0;
            char b[4];
            return utf8_encode(top, b);
        }
        case RX_BACKREF:
            return -1;
        case RX_GROUP:
            return max_bytes(n->kids[0]);
        case RX_CAT:
        case RX_ALT: {
            int64_t total = 0;
            for (int i = 0; i < n->n_kids; i++) {
                int64_t k = max_bytes(n->kids[i]);
                if (k < 0)
                    return -1;
                total = n->kind == RX_CAT ? total + k : MAX(total, k);
            }
            return total > INT32_MAX ? -1 : total;
        }
        case RX_REPEAT: {
            int64_t k = max_bytes(n->kids[0]);
            if (k == 0)
                return 0;
            if (k < 0 || n->max < 0)
                return -1;
            return k * n->max > INT32_MAX ? -1 : k * n->max;
        }
        default:
            return 0; /* empty and anchors */
    }
}

/* The items every match passes through in order: a concatenation and the groups in it
 * are opened up; anything else (an alternation, a repetition, a set) is one item. */
static void main_path(const RxNode *n, NodeList *out) {
    if (n->kind == RX_CAT) {
        for (int i = 0; i < n->n_kids; i++)
            main_path(n->kids[i], out);
    } else if (n->kind == RX_GROUP) {
        main_path(n->kids[0], out);
    } else {
        regex_list_push(out, (RxNode *)n);
    }
}

/* Whether a[0..n) equals b[0..n): up to 16 bytes with two overlapping word loads, no
 * call (literals are short, and this runs once or twice a row). */
static inline bool bytes_equal(const char *a, const char *b, uint32_t n) {
    if (n >= 8 && n <= 16) {
        uint64_t a0, a1, b0, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return a0 == b0 && a1 == b1;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return a0 == b0 && a1 == b1;
    }
    if (n < 4) {
        for (uint32_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, n) == 0;
}

/* ---- the one-pass matcher ---------------------------------------------------------- */

enum { FP_LIT, FP_SET, FP_OPEN, FP_CLOSE, FP_BOL, FP_EOL };

#define FP_MAX_STEPS 32
#define FP_NO_MAX    UINT32_MAX

typedef struct FpStep {
    uint8_t kind;
    bool or_bol; /* FP_SET: may match nothing instead, at position 0 */
    int group;   /* FP_OPEN, FP_CLOSE */
    uint32_t min, max;
    uint32_t lit_at, lit_len; /* FP_LIT: bytes in Fast.lits */
    uint8_t set[256];         /* FP_SET: the bytes it accepts */
} FpStep;

typedef struct Fast {
    int n_steps;
    FpStep steps[FP_MAX_STEPS];
    char *lits;
    uint32_t lits_len;
    uint8_t first[256]; /* bytes a match at a position > 0 can start with */
    bool can_skip;      /* every match at a position > 0 starts with a byte of first */
    int lead;           /* the first step that takes characters when it is an unbounded
                           run, else -1 */
} Fast;

static FpStep *fp_step(Fast *f, uint8_t kind) {
    if (f->n_steps == FP_MAX_STEPS)
        return NULL;
    FpStep *st = &f->steps[f->n_steps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    return st;
}

/*
 * The bytes of a set: its ASCII members, and every byte >= 0x80 when it holds all the
 * non-ASCII characters (*high). NUL is a member when the POSIX form, a negated
 * bracket, would match it. False when the set holds some non-ASCII characters but not
 * all: bytes cannot tell those apart.
 */
static bool set_bytes(const RxNode *n, uint8_t set[256], bool *high) {
    uint32_t count = regex_high_count(n);
    if (count != 0 && count != RX_HIGH_COUNT)
        return false;
    *high = count != 0;
    memset(set, 0, 256);
    for (int i = 0; i < n->n_ranges; i++)
        for (uint32_t c = n->ranges[i].lo; c <= n->ranges[i].hi && c < 0x80; c++)
            set[c] = 1;
    for (int c = 0x80; c < 256; c++)
        set[c] = *high;
    set[0] = regex_set_form(n) == SET_NOT_LIST;
    return true;
}

static bool fp_add(Fast *f, const RxNode *n);

static bool fp_lit(Fast *f, uint32_t cp) {
    char b[4];
    uint32_t k = utf8_encode(cp, b);
    FpStep *last = f->n_steps ? &f->steps[f->n_steps - 1] : NULL;
    if (!last || last->kind != FP_LIT) {
        if (!(last = fp_step(f, FP_LIT)))
            return false;
        last->lit_at = f->lits_len;
    }
    f->lits = xrealloc(f->lits, f->lits_len + k);
    memcpy(f->lits + f->lits_len, b, k);
    f->lits_len += k;
    last->lit_len += k;
    return true;
}

/* An alternation of single ASCII characters, ASCII sets and '^': one step. */
static bool fp_alt(Fast *f, const RxNode *n) {
    FpStep *st = fp_step(f, FP_SET);
    if (!st)
        return false;
    st->min = st->max = 1;
    bool consumes = false;
    for (int i = 0; i < n->n_kids; i++) {
        const RxNode *k = n->kids[i];
        if (k->kind == RX_BOL) {
            st->or_bol = true;
        } else if (k->kind == RX_CHAR && k->cp < 0x80 && k->cp != 0) {
            st->set[k->cp] = 1;
            consumes = true;
        } else if (k->kind == RX_SET) {
            uint8_t set[256];
            bool high;
            if (!set_bytes(k, set, &high) || high)
                return false;
            for (int c = 0; c < 256; c++)
                st->set[c] |= set[c];
            consumes = true;
        } else {
            return false;
        }
    }
    return consumes;
}

static bool fp_add(Fast *f, const RxNode *n) {
    switch (n->kind) {
        case RX_EMPTY:
            return true;
        case RX_CHAR:
            return n->cp != 0 && fp_lit(f, n->cp);
        case RX_BOL:
        case RX_EOL:
            return fp_step(f, n->kind == RX_BOL ? FP_BOL : FP_EOL) != NULL;
        case RX_CAT:
            for (int i = 0; i < n->n_kids; i++)
                if (!fp_add(f, n->kids[i]))
                    return false;
            return true;
        case RX_ALT:
            return fp_alt(f, n);
        case RX_GROUP: {
            FpStep *st;
            if (n->group) {
                if (!(st = fp_step(f, FP_OPEN)))
                    return false;
                st->group = n->group;
            }
            if (!fp_add(f, n->kids[0]))
                return false;
            if (n->group) {
                if (!(st = fp_step(f, FP_CLOSE)))
                    return false;
                st->group = n->group;
            }
            return true;
        }
        case RX_SET:
        case RX_REPEAT: {
            const RxNode *atom = n->kind == RX_REPEAT ? n->kids[0] : n;
            uint32_t min = n->kind == RX_REPEAT ? (uint32_t)n->min : 1;
            uint32_t max = n->kind == RX_REPEAT ? (n->max < 0 ? FP_NO_MAX : (uint32_t)n->max) : 1;
            FpStep *st = fp_step(f, FP_SET);
            if (!st)
                return false;
            st->min = min;
            st->max = max;
            if (atom->kind == RX_CHAR && atom->cp < 0x80 && atom->cp != 0) {
                st->set[atom->cp] = 1;
                return true;
            }
            bool high;
            if (atom->kind != RX_SET || !set_bytes(atom, st->set, &high))
                return false;
            /* a byte run covers whole characters only when it is unbounded and stops
             * at an ASCII byte or an end of the text */
            return !high || (min <= 1 && max == FP_NO_MAX);
        }
        default:
            return false; /* \b \B and back references */
    }
}

/* The bytes that can start what steps[from..] match, up to the first step that must
 * take a character; *reaches_end when no step must. '^' counts as passing. */
static void fp_first(const Fast *f, int from, uint8_t first[256], bool *reaches_end) {
    memset(first, 0, 256);
    *reaches_end = false;
    for (int k = from; k < f->n_steps; k++) {
        const FpStep *st = &f->steps[k];
        if (st->kind == FP_LIT) {
            first[(unsigned char)f->lits[st->lit_at]] = 1;
            return;
        }
        if (st->kind == FP_EOL)
            return;
        if (st->kind == FP_SET) {
            for (int c = 0; c < 256; c++)
                first[c] |= st->set[c];
            if (st->min > 0 || st->or_bol)
                return;
        }
    }
    *reaches_end = true;
}

/* Builds the one-pass program for the tree, or NULL when the pattern is not one. */
static Fast *fast_build(const RxNode *root) {
    Fast *f = xcalloc(1, sizeof(Fast));
    if (!fp_add(f, root))
        goto not_one_pass;
    /* '^' only before and '$' only after every step that takes characters: glibc lets
     * a '^' that follows a consumed '\n' match there (and a '$' before one), which the
     * loop would not do; such patterns stay with regexec */
    for (int k = 0, consumed = 0; k < f->n_steps; k++) {
        const FpStep *st = &f->steps[k];
        if ((st->kind == FP_BOL || st->or_bol) && consumed)
            goto not_one_pass;
        consumed |= st->kind == FP_LIT || st->kind == FP_SET;
    }
    for (int k = f->n_steps - 1, consumed = 0; k >= 0; k--) {
        const FpStep *st = &f->steps[k];
        if (st->kind == FP_EOL && consumed)
            goto not_one_pass;
        consumed |= st->kind == FP_LIT || st->kind == FP_SET;
    }
    for (int k = 0; k < f->n_steps; k++) {
        const FpStep *st = &f->steps[k];
        if (st->kind != FP_SET || (st->min == st->max && !st->or_bol))
            continue;
        uint8_t next[256];
        bool reaches_end;
        fp_first(f, k + 1, next, &reaches_end);
        for (int c = 0; c < 256; c++)
            if (st->set[c] && next[c])
                goto not_one_pass;
    }
    bool reaches_end;
    fp_first(f, 0, f->first, &reaches_end);
    f->can_skip = !reaches_end;
    f->lead = -1;
    for (int k = 0; k < f->n_steps; k++) {
        const FpStep *st = &f->steps[k];
        if (st->kind == FP_LIT)
            break;
        if (st->kind == FP_SET) {
            if (!st->or_bol && st->max == FP_NO_MAX)
                f->lead = k;
            break;
        }
    }
    return f;
not_one_pass:
    free(f->lits);
    free(f);
    return NULL;
}

static void fast_free(Fast *f) {
    if (!f)
        return;
    free(f->lits);
    free(f);
}

/* The match that starts at i, if any; spans of groups past n_spans are not kept.
 * *lead_end: where the lead run ended, when the attempt got that far. */
static bool fast_match_at(const Fast *f, const char *s, uint32_t len, uint32_t i, RegexSpan *spans,
                          int n_spans, uint32_t *lead_end) {
    uint32_t pos = i;
    for (int k = 0; k < f->n_steps; k++) {
        const FpStep *st = &f->steps[k];
        switch (st->kind) {
            case FP_LIT:
                if (len - pos < st->lit_len ||
                    !bytes_equal(s + pos, f->lits + st->lit_at, st->lit_len))
                    return false;
                pos += st->lit_len;
                break;
            case FP_SET: {
                if (st->or_bol) {
                    if (pos < len && st->set[(unsigned char)s[pos]])
                        pos++;
                    else if (pos != 0)
                        return false;
                    break;
                }
                uint32_t end = len - pos > st->max ? pos + st->max : len, p = pos;
                while (p < end && st->set[(unsigned char)s[p]])
                    p++;
                if (k == f->lead)
                    *lead_end = p;
                if (p - pos < st->min)
                    return false;
                pos = p;
                break;
            }
            case FP_OPEN:
                if (st->group < n_spans)
                    spans[st->group].start = (int32_t)pos;
                break;
            case FP_CLOSE:
                if (st->group < n_spans)
                    spans[st->group].end = (int32_t)pos;
                break;
            case FP_BOL:
                if (pos != 0)
                    return false;
                break;
            case FP_EOL:
                if (pos != len)
                    return false;
                break;
        }
    }
    spans[0].start = (int32_t)i;
    spans[0].end = (int32_t)pos;
    return true;
}

/* Tries each start from `start` on. Starts that cannot begin a match are skipped, and
 * so is the rest of a failed attempt's lead run: from any start inside it the run ends
 * at the same place, and what follows fails the same way. */
static bool fast_find(const Fast *f, const char *s, uint32_t len, uint32_t start, RegexSpan *spans,
                      int n_spans) {
    for (uint32_t i = start;; i++) {
        if (f->can_skip && i > 0)
            while (i < len && !f->first[(unsigned char)s[i]])
                i++;
        uint32_t lead_end = i;
        if (fast_match_at(f, s, len, i, spans, n_spans, &lead_end))
            return true;
        i = lead_end;
        if (i >= len)
            return false;
    }
}

/* ---- compiled patterns ------------------------------------------------------------- */

struct Regex {
    int n_groups;
    int *posix_of;    /* [0..n_groups]: Java group -> POSIX subexpression */
    regex_t rx;       /* in the process's locale */
    regex_t rx_ascii; /* in the C locale, for ASCII texts (has_ascii) */
    bool has_ascii;
    regmatch_t *m; /* room for every POSIX subexpression */
    char *lit;     /* every match holds these bytes; NULL for none */
    uint32_t lit_len;
    uint32_t lit_rare;      /* the offset in lit of its rarest byte, which memchr seeks */
    uint32_t lit_rare2;     /* and of the next rarest, checked before the whole literal */
    int32_t lit_prefix_max; /* most bytes a match has before lit, -1 for no bound */
    Fast *fast;
    bool force_posix;
};

/* How common a byte is in text, roughly (higher: more common), to pick the byte of the
 * required literal that memchr stops at least often. */
static int byte_rank(unsigned char c) {
    if (c == ' ')
        return 250;
    if (c >= 'a' && c <= 'z')
        return 200;
    if (c == '.' || c == '/' || c == ',' || c == ':' || c == '-')
        return 150;
    if (c >= '0' && c <= '9')
        return 120;
    if (c >= 'A' && c <= 'Z')
        return 110;
    if (c >= 0x80)
        return 80;
    return c < ' ' ? 20 : 60;
}

/* The offset of the rarest byte of lit, leaving out offset `skip`. */
static uint32_t rarest_byte(const char *lit, uint32_t len, uint32_t skip) {
    uint32_t best = skip == 0 ? 1 : 0;
    for (uint32_t k = best + 1; k < len; k++)
        if (k != skip && byte_rank((unsigned char)lit[k]) < byte_rank((unsigned char)lit[best]))
            best = k;
    return best;
}

/*
 * The first occurrence of the required literal in s[from..len), or NULL. Eight
 * candidate starts at a time are checked for the literal's two rarest bytes with word
 * operations; only starts that have both are compared in full.
 */
static const char *find_literal(const Regex *re, const char *s, uint32_t len, uint32_t from) {
    uint32_t n = re->lit_len, r1 = re->lit_rare, r2 = re->lit_rare2;
    if (len - from < n)
        return NULL;
    uint32_t last = len - n; /* the last start with room for the literal */
    uint64_t b1 = 0x0101010101010101ull * (unsigned char)re->lit[r1];
    uint64_t b2 = 0x0101010101010101ull * (unsigned char)re->lit[r2];
    uint32_t p = from;
    for (; p <= last && last - p >= 7; p += 8) { /* starts p..p+7; loads end by len */
        uint64_t hit = bytes_equal_mask(bytes_load_word(s + p + r1), b1) &
                       bytes_equal_mask(bytes_load_word(s + p + r2), b2);
        for (; hit; hit &= hit - 1) {
            const char *at = s + p + (uint32_t)(__builtin_ctzll(hit) >> 3);
            if (bytes_equal(at, re->lit, n))
                return at;
        }
    }
    for (; p <= last; p++)
        if (s[p + r1] == re->lit[r1] && bytes_equal(s + p, re->lit, n))
            return s + p;
    return NULL;
}

static void find_required_literal(Regex *re, const RxNode *root) {
    NodeList path = {0};
    main_path(root, &path);
    int best_at = -1, best_end = -1;
    int64_t best_bytes = 0, best_prefix = 0;
    int run_at = -1;
    int64_t run_bytes = 0, run_prefix = 0, prefix = 0;
    for (int k = 0; k < path.n; k++) {
        const RxNode *n = path.v[k];
        int64_t m = max_bytes(n);
        if (n->kind == RX_CHAR && n->cp != 0) {
            if (run_at < 0) {
                run_at = k;
                run_bytes = 0;
                run_prefix = prefix;
            }
            run_bytes += m;
            if (run_bytes > best_bytes) {
                best_at = run_at;
                best_end = k;
                best_bytes = run_bytes;
                best_prefix = run_prefix;
            }
        } else {
            run_at = -1;
        }
        prefix = prefix < 0 || m < 0 || prefix + m > INT32_MAX ? -1 : prefix + m;
    }
    if (best_at >= 0) {
        re->lit = xmalloc((size_t)best_bytes);
        for (int k = best_at; k <= best_end; k++)
            re->lit_len += utf8_encode(path.v[k]->cp, re->lit + re->lit_len);
        re->lit_prefix_max = (int32_t)best_prefix;
        re->lit_rare = rarest_byte(re->lit, re->lit_len, UINT32_MAX);
        re->lit_rare2 =
            re->lit_len > 1 ? rarest_byte(re->lit, re->lit_len, re->lit_rare) : re->lit_rare;
    }
    free(path.v);
}

/* regcomp in the C locale: bytes are characters. */
static int regcomp_c_locale(regex_t *rx, const char *ere) {
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!c_locale)
        return -1;
    locale_t old = uselocale(c_locale);
    int rc = regcomp(rx, ere, REG_EXTENDED);
    uselocale(old);
    return rc;
}

int regex_compile(const char *p, uint32_t len, Regex **out, char *msg, size_t msg_cap) {
    *out = NULL;
    if (msg_cap)
        msg[0] = '\0';
    if (!p)
        p = "";
    Arena *arena = arena_new(4096);
    Regex *re = NULL;
    StrBuf ere;
    sb_init(&ere);
    int n_groups = 0, status = 0;
    RxNode *root = regex_parse(p, len, arena, &n_groups, &status, msg, msg_cap);
    if (!root)
        goto free_tree;
    re = xcalloc(1, sizeof(Regex));
    re->n_groups = n_groups;
    re->posix_of = xcalloc((size_t)n_groups + 1, sizeof(int));
    if ((status = regex_translate(root, n_groups, &ere, re->posix_of, msg, msg_cap)))
        goto free_tree;
    int rc = regcomp(&re->rx, sb_cstr(&ere), REG_EXTENDED);
    if (rc != 0) {
        char why[128];
        regerror(rc, &re->rx, why, sizeof why);
        snprintf(msg, msg_cap, "not supported yet: POSIX regcomp refuses it as '%s' (%s)",
                 sb_cstr(&ere), why);
        status = REGEX_UNSUPPORTED;
        goto free_tree;
    }
    if (MB_CUR_MAX > 1)
        re->has_ascii = regcomp_c_locale(&re->rx_ascii, sb_cstr(&ere)) == 0;
    re->m = xcalloc(re->rx.re_nsub + 1, sizeof(regmatch_t));
    find_required_literal(re, root);
    re->fast = fast_build(root);
    *out = re;
    re = NULL;
free_tree:
    if (status == REGEX_UNSUPPORTED) {
        size_t used = strlen(msg);
        snprintf(msg + used, msg_cap - used, " in the regular expression '%.*s'",
                 (int)MIN(len, 200u), p);
    }
    if (re) {
        free(re->posix_of);
        free(re);
    }
    sb_free(&ere);
    arena_free(arena);
    return status;
}

void regex_free(Regex *re) {
    if (!re)
        return;
    regfree(&re->rx);
    if (re->has_ascii)
        regfree(&re->rx_ascii);
    free(re->m);
    free(re->posix_of);
    free(re->lit);
    fast_free(re->fast);
    free(re);
}

int regex_group_count(const Regex *re) {
    return re->n_groups;
}

bool regex_is_one_pass(const Regex *re) {
    return re->fast != NULL;
}

void regex_force_posix(Regex *re, bool force) {
    re->force_posix = force;
}

static bool is_ascii(const char *s, uint32_t len) {
    uint32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            return false;
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static bool posix_find(Regex *re, const char *s, uint32_t len, uint32_t start, RegexSpan *spans,
                       int n_spans) {
    /* the C-locale program when what it reads - from the character before start on,
     * for '\b' - is ASCII */
    uint32_t from = start ? start - 1 : 0;
    const regex_t *rx = re->has_ascii && is_ascii(s + from, len - from) ? &re->rx_ascii : &re->rx;
    int n_match = 1;
    for (int g = 1; g < n_spans; g++)
        n_match = MAX(n_match, re->posix_of[g] + 1);
    regmatch_t *m = re->m;
    m[0].rm_so = (regoff_t)start;
    m[0].rm_eo = (regoff_t)len;
    if (regexec(rx, s, (size_t)n_match, m, REG_STARTEND) != 0)
        return false;
    for (int g = 0; g < n_spans; g++) {
        const regmatch_t *gm = &m[re->posix_of[g]];
        if (gm->rm_so >= 0) {
            spans[g].start = (int32_t)gm->rm_so;
            spans[g].end = (int32_t)gm->rm_eo;
        }
    }
    return true;
}

bool regex_find(Regex *re, const char *s, uint32_t len, uint32_t from, RegexSpan *spans,
                int n_spans) {
    for (int g = 0; g < n_spans; g++)
        spans[g].start = spans[g].end = -1;
    if (from > len)
        return false;
    if (!s)
        s = "";
    uint32_t start = from;
    if (re->lit) {
        const char *hit = find_literal(re, s, len, from);
        if (!hit)
            return false;
        uint32_t at = (uint32_t)(hit - s);
        if (re->lit_prefix_max >= 0 && at - from > (uint32_t)re->lit_prefix_max)
            start = at - (uint32_t)re->lit_prefix_max;
        while (start > from && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--; /* back to the start of a character */
    }
    bool found = re->fast && !re->force_posix ? fast_find(re->fast, s, len, start, spans, n_spans)
                                              : posix_find(re, s, len, start, spans, n_spans);
    if (!found)
        for (int g = 0; g < n_spans; g++)
            spans[g].start = spans[g].end = -1;
    return found;
}
