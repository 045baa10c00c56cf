/*
 * regex_syntax.c - the Java regular expression syntax, parsed into a tree, and that
 * tree written out as a POSIX extended regular expression (ERE) for glibc's regcomp.
 *
 *  - parse: what Java itself rejects (an unclosed group, a dangling '*', '{,2}') is
 *    REGEX_INVALID, for which Flink answers NULL; what Java accepts but POSIX cannot
 *    run (lazy and possessive quantifiers, lookaround, inline flags, class unions and
 *    intersections, Unicode properties) is REGEX_UNSUPPORTED. \Q...\E is expanded as
 *    Java does before it parses (a quantifier after it binds to its last character).
 *  - sets: every class - [...], '.', \d, \p{Punct} - becomes the set of characters it
 *    stands for (sorted code point ranges, without the surrogates), with Java's ASCII
 *    meanings (\d [0-9], \w [0-9A-Z_a-z], \s [\t-\r ], the \p{...} POSIX classes).
 *  - translate: a set is written as a bracket of its members or, when that is shorter,
 *    a negated bracket of the characters it lacks ('.' is [^\n\r]). POSIX brackets
 *    treat '\' as an ordinary character and give ']' '-' '^' '[' meanings by their
 *    position, so those four are written as collating symbols ([.].] [.-.] [.^.]
 *    [.[.]), which mean the character wherever they stand. ASCII ranges stay ranges;
 *    non-ASCII characters are listed one by one, because glibc's C.UTF-8 refuses a
 *    range with a non-ASCII end - so a set with more than RX_LIST_MAX non-ASCII
 *    characters in it and out of it is refused. A non-capturing group that needs
 *    parentheses becomes a POSIX group too, as does a quantified non-ASCII character
 *    (so that in the C locale the quantifier does not bind to its last byte): posix_of
 *    maps each Java group number to its POSIX subexpression.
 */
#include "exec/regex_internal.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RX_MAX_DEPTH 200        /* groups nested deeper than this are refused */
#define RX_DUP_MAX   RE_DUP_MAX /* glibc's largest repetition count (32767) */

/* ---- lists of nodes and ranges ------------------------------------------------------ */

void regex_list_push(NodeList *l, RxNode *n) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof(RxNode *));
    }
    l->v[l->n++] = n;
}

typedef struct RangeList {
    RxRange *v;
    int n, cap;
} RangeList;

static void rl_add(RangeList *l, uint32_t lo, uint32_t hi) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof(RxRange));
    }
    l->v[l->n].lo = lo;
    l->v[l->n].hi = hi;
    l->n++;
}

static int range_cmp(const void *a, const void *b) {
    const RxRange *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sorts and merges overlapping and adjacent ranges. */
static void rl_normalize(RangeList *l) {
    if (l->n < 2)
        return;
    qsort(l->v, (size_t)l->n, sizeof(RxRange), range_cmp);
    int out = 0;
    for (int i = 1; i < l->n; i++) {
        if (l->v[i].lo <= l->v[out].hi + 1) {
            if (l->v[i].hi > l->v[out].hi)
                l->v[out].hi = l->v[i].hi;
        } else {
            l->v[++out] = l->v[i];
        }
    }
    l->n = out + 1;
}

/* Adds the characters that are not in src (normalized): code points up to RX_MAX_CP
 * but the surrogates, which are no characters in UTF-8. */
static void rl_add_complement(RangeList *l, const RangeList *src) {
    uint32_t next = 0;
    for (int i = 0; i <= src->n; i++) {
        uint32_t lo = i < src->n ? src->v[i].lo : RX_MAX_CP + 1;
        if (lo > next) {
            uint32_t hi = lo - 1;
            if (next < 0xD800 && hi >= 0xD800) {
                rl_add(l, next, 0xD7FF);
                next = 0xE000;
            }
            if (next >= 0xD800 && next <= 0xDFFF)
                next = 0xE000;
            if (hi >= next)
                rl_add(l, next, hi);
        }
        if (i < src->n)
            next = src->v[i].hi + 1;
    }
}

/* ---- parsing ----------------------------------------------------------------------- */

typedef struct RxParser {
    const char *p;
    uint32_t len, i;
    Arena *arena;
    int n_groups; /* capturing groups opened so far */
    int depth;
    int status; /* 0, REGEX_INVALID or REGEX_UNSUPPORTED */
    char *msg;
    size_t msg_cap;
} RxParser;

/* Records the first error of the parse. rx_error returns false and rx_fail NULL, for
 * the caller to pass on. */
static void rx_verror(RxParser *ps, int status, const char *fmt, va_list ap) {
    if (!ps->status) {
        ps->status = status;
        vsnprintf(ps->msg, ps->msg_cap, fmt, ap);
    }
}

__attribute__((format(printf, 3, 4))) static bool rx_error(RxParser *ps, int status,
                                                           const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rx_verror(ps, status, fmt, ap);
    va_end(ap);
    return false;
}

__attribute__((format(printf, 3, 4))) static RxNode *rx_fail(RxParser *ps, int status,
                                                             const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rx_verror(ps, status, fmt, ap);
    va_end(ap);
    return NULL;
}

static RxNode *rx_node(RxParser *ps, RxKind kind) {
    RxNode *n = arena_zalloc(ps->arena, sizeof(RxNode));
    n->kind = kind;
    return n;
}

static RxNode *rx_parent(RxParser *ps, RxKind kind, NodeList *kids) {
    RxNode *n = rx_node(ps, kind);
    n->n_kids = kids->n;
    n->kids = arena_alloc(ps->arena, (size_t)kids->n * sizeof(RxNode *));
    memcpy(n->kids, kids->v, (size_t)kids->n * sizeof(RxNode *));
    free(kids->v);
    return n;
}

static RxNode *rx_one_kid(RxParser *ps, RxKind kind, RxNode *kid) {
    RxNode *n = rx_node(ps, kind);
    n->n_kids = 1;
    n->kids = arena_alloc(ps->arena, sizeof(RxNode *));
    n->kids[0] = kid;
    return n;
}

/* A set node of the characters in l, or (negated) of those not in it; takes l's
 * storage. */
static RxNode *rx_set(RxParser *ps, RangeList *l, bool negated) {
    rl_normalize(l);
    RangeList set = {0};
    rl_add_complement(&set, l); /* complemented twice: without the surrogates */
    if (!negated) {
        RangeList back = {0};
        rl_add_complement(&back, &set);
        free(set.v);
        set = back;
    }
    free(l->v);
    *l = set;
    RxNode *n = rx_node(ps, RX_SET);
    n->n_ranges = l->n;
    n->ranges = arena_alloc(ps->arena, (size_t)(l->n ? l->n : 1) * sizeof(RxRange));
    if (l->n)
        memcpy(n->ranges, l->v, (size_t)l->n * sizeof(RxRange));
    free(l->v);
    return n;
}

static RxNode *rx_char(RxParser *ps, uint32_t cp) {
    RxNode *n = rx_node(ps, RX_CHAR);
    n->cp = cp;
    return n;
}

static inline int peek(const RxParser *ps, uint32_t ahead) {
    return ps->i + ahead < ps->len ? (unsigned char)ps->p[ps->i + ahead] : -1;
}

/* Decodes the character at ps->i and steps over it. A byte that is not valid UTF-8
 * is U+FFFD, as Java reads it. */
static uint32_t next_char(RxParser *ps) {
    const unsigned char *s = (const unsigned char *)ps->p;
    unsigned char b = s[ps->i];
    if (b < 0x80) {
        ps->i++;
        return b;
    }
    uint32_t n, cp, min;
    if (b >= 0xC2 && b <= 0xDF)
        n = 2, cp = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
        n = 3, cp = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
        n = 4, cp = b & 0x07, min = 0x10000;
    else
        n = 0, cp = 0, min = 0;
    if (n == 0 || n > ps->len - ps->i) {
        ps->i++;
        return 0xFFFD;
    }
    for (uint32_t k = 1; k < n; k++) {
        if ((s[ps->i + k] & 0xC0) != 0x80) {
            ps->i++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[ps->i + k] & 0x3F);
    }
    if (cp < min || cp > RX_MAX_CP || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ps->i++;
        return 0xFFFD;
    }
    ps->i += n;
    return cp;
}

/* Java's ASCII classes: \p{Name}, and the ranges behind \d \w \s. */
typedef struct AsciiClass {
    const char *name;
    int n;
    uint8_t r[4][2];
} AsciiClass;

static const AsciiClass ASCII_CLASSES[] = {
    {"Lower", 1, {{'a', 'z'}}},
    {"Upper", 1, {{'A', 'Z'}}},
    {"ASCII", 1, {{0x00, 0x7F}}},
    {"Alpha", 2, {{'A', 'Z'}, {'a', 'z'}}},
    {"Digit", 1, {{'0', '9'}}},
    {"Alnum", 3, {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}},
    {"Punct", 4, {{0x21, 0x2F}, {0x3A, 0x40}, {0x5B, 0x60}, {0x7B, 0x7E}}},
    {"Graph", 1, {{0x21, 0x7E}}},
    {"Print", 1, {{0x20, 0x7E}}},
    {"Blank", 2, {{'\t', '\t'}, {' ', ' '}}},
    {"Cntrl", 2, {{0x00, 0x1F}, {0x7F, 0x7F}}},
    {"XDigit", 3, {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}},
    {"Space", 2, {{'\t', '\r'}, {' ', ' '}}},
    {"\\w", 4, {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}},
};

static void add_ascii_class(RangeList *l, const AsciiClass *c, bool complement) {
    if (!complement) {
        for (int i = 0; i < c->n; i++)
            rl_add(l, c->r[i][0], c->r[i][1]);
        return;
    }
    RangeList pos = {0};
    add_ascii_class(&pos, c, false);
    rl_add_complement(l, &pos);
    free(pos.v);
}

static const AsciiClass *ascii_class(const char *name, size_t len) {
    for (size_t i = 0; i < ARRAY_LEN(ASCII_CLASSES); i++)
        if (strlen(ASCII_CLASSES[i].name) == len && memcmp(ASCII_CLASSES[i].name, name, len) == 0)
            return &ASCII_CLASSES[i];
    return NULL;
}

/* \d \D \w \W \s \S (letter at ps->i, consumed): adds the class to l. */
static void add_shorthand(RxParser *ps, RangeList *l, bool complement) {
    char c = ps->p[ps->i++];
    const char *name = c == 'd' || c == 'D' ? "Digit" : c == 's' || c == 'S' ? "Space" : "\\w";
    add_ascii_class(l, ascii_class(name, strlen(name)), complement);
}

static bool is_shorthand(int c) {
    return c == 'd' || c == 'D' || c == 'w' || c == 'W' || c == 's' || c == 'S';
}

/* \p{Name} or \P{Name} (ps->i just after the 'p' or 'P'): adds the class to l. */
static bool add_property(RxParser *ps, RangeList *l, bool complement) {
    uint32_t at = ps->i - 2;
    if (peek(ps, 0) != '{') {
        return rx_error(ps, REGEX_UNSUPPORTED, "not supported yet: Unicode property '%.*s'",
                        (int)MIN(ps->len - at, 3u), ps->p + at);
    }
    uint32_t name = ps->i + 1, end = name;
    while (end < ps->len && ps->p[end] != '}')
        end++;
    if (end >= ps->len) {
        return rx_error(ps, REGEX_INVALID, "unclosed character family");
    }
    const AsciiClass *c = ascii_class(ps->p + name, end - name);
    if (!c || c->name[0] == '\\') {
        return rx_error(ps, REGEX_UNSUPPORTED,
                        "not supported yet: character property '%.*s' (the POSIX classes such as "
                        "\\p{Alpha} and \\p{Punct} are)",
                        (int)MIN(end + 1 - at, 40u), ps->p + at);
    }
    ps->i = end + 1;
    add_ascii_class(l, c, complement);
    return true;
}

static int hex_value(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * The character an escape stands for; ps->i is at the character after the backslash.
 * Handles the escapes that are one character (not classes, anchors or back
 * references): \t \n \r \f \a \e \cX \0ooo \xhh \x{h...} \uhhhh, and a backslash before
 * any character that is not a letter or digit.
 */
static bool escaped_char(RxParser *ps, uint32_t *out) {
    int c = peek(ps, 0);
    if (c < 0) {
        return rx_error(ps, REGEX_INVALID, "unexpected end of pattern after '\\'");
    }
    static const char SIMPLE[] = "tnrfae";
    static const uint32_t SIMPLE_CP[] = {'\t', '\n', '\r', '\f', 7, 27};
    const char *s = c ? strchr(SIMPLE, c) : NULL;
    if (s) {
        ps->i++;
        *out = SIMPLE_CP[s - SIMPLE];
        return true;
    }
    if (c == 'c') {
        if (peek(ps, 1) < 0) {
            return rx_error(ps, REGEX_INVALID, "illegal control escape sequence");
        }
        *out = (uint32_t)peek(ps, 1) ^ 64;
        ps->i += 2;
        return true;
    }
    if (c == '0') {
        ps->i++;
        uint32_t v = 0;
        int n = 0;
        while (n < 3 && peek(ps, 0) >= '0' && peek(ps, 0) <= '7') {
            uint32_t nv = v * 8 + (uint32_t)(peek(ps, 0) - '0');
            if (nv > 0377)
                break;
            v = nv;
            ps->i++;
            n++;
        }
        if (n == 0) {
            return rx_error(ps, REGEX_INVALID, "illegal octal escape sequence");
        }
        *out = v;
        return true;
    }
    if (c == 'x' || c == 'u') {
        ps->i++;
        uint32_t v = 0;
        if (c == 'x' && peek(ps, 0) == '{') {
            ps->i++;
            int n = 0;
            while (hex_value(peek(ps, 0)) >= 0 && v <= RX_MAX_CP) {
                v = v * 16 + (uint32_t)hex_value(peek(ps, 0));
                ps->i++;
                n++;
            }
            if (n == 0 || peek(ps, 0) != '}' || v > RX_MAX_CP) {
                return rx_error(ps, REGEX_INVALID, "illegal hexadecimal escape sequence");
            }
            ps->i++;
        } else {
            int digits = c == 'x' ? 2 : 4;
            for (int k = 0; k < digits; k++) {
                int h = hex_value(peek(ps, 0));
                if (h < 0) {
                    return rx_error(ps, REGEX_INVALID, "illegal %s escape sequence",
                                    c == 'x' ? "hexadecimal" : "Unicode");
                }
                v = v * 16 + (uint32_t)h;
                ps->i++;
            }
        }
        if (v >= 0xD800 && v <= 0xDFFF) {
            return rx_error(ps, REGEX_UNSUPPORTED,
                            "not supported yet: a surrogate escape (\\u%04X)", v);
        }
        *out = v;
        return true;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return rx_error(ps, REGEX_INVALID, "illegal/unsupported escape sequence '\\%c'", c);
    }
    *out = next_char(ps);
    return true;
}

/* One element of a class - a character, a range or a shorthand class - added to l. */
static bool class_element(RxParser *ps, RangeList *l) {
    int c = peek(ps, 0);
    uint32_t lo;
    if (c == '[')
        return rx_error(ps, REGEX_UNSUPPORTED,
                        "not supported yet: a character class inside a class (union)");
    if (c == '&' && peek(ps, 1) == '&')
        return rx_error(ps, REGEX_UNSUPPORTED,
                        "not supported yet: character class intersection '&&'");
    if (c == '\\') {
        int e = peek(ps, 1);
        ps->i++;
        if (is_shorthand(e)) {
            add_shorthand(ps, l, e >= 'A' && e <= 'Z');
            return true;
        }
        if (e == 'p' || e == 'P') {
            ps->i++;
            return add_property(ps, l, e == 'P');
        }
        if (e == 'Q')
            return rx_error(ps, REGEX_UNSUPPORTED,
                            "not supported yet: \\Q...\\E inside a character class");
        if (!escaped_char(ps, &lo))
            return false;
    } else {
        lo = next_char(ps);
    }
    if (peek(ps, 0) == '-' && peek(ps, 1) >= 0 && peek(ps, 1) != ']') {
        ps->i++;
        uint32_t hi;
        int h = peek(ps, 0);
        if (h == '[')
            return rx_error(ps, REGEX_UNSUPPORTED,
                            "not supported yet: a character class inside a class (union)");
        if (h == '\\') {
            ps->i++;
            int e = peek(ps, 0);
            if (is_shorthand(e) || e == 'p' || e == 'P')
                return rx_error(ps, REGEX_INVALID, "illegal character range");
            if (!escaped_char(ps, &hi))
                return false;
        } else {
            hi = next_char(ps);
        }
        if (hi < lo)
            return rx_error(ps, REGEX_INVALID, "illegal character range");
        rl_add(l, lo, hi);
        return true;
    }
    rl_add(l, lo, lo);
    return true;
}

/* A class; ps->i is after the '['. */
static RxNode *parse_class(RxParser *ps) {
    bool negated = peek(ps, 0) == '^';
    if (negated)
        ps->i++;
    RangeList l = {0};
    bool first = true;
    for (;;) {
        int c = peek(ps, 0);
        if (c < 0) {
            free(l.v);
            return rx_fail(ps, REGEX_INVALID, "unclosed character class");
        }
        if (c == ']' && !first) {
            ps->i++;
            break;
        }
        if (!class_element(ps, &l)) {
            free(l.v);
            return NULL;
        }
        first = false;
    }
    return rx_set(ps, &l, negated);
}

static RxNode *parse_alt(RxParser *ps);

/* A group; ps->i is at the '('. */
static RxNode *parse_group(RxParser *ps) {
    ps->i++;
    if (++ps->depth > RX_MAX_DEPTH)
        return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: groups nested more than %d deep",
                       RX_MAX_DEPTH);
    int group = 0;
    if (peek(ps, 0) == '?') {
        int k = peek(ps, 1), k2 = peek(ps, 2);
        if (k == ':') {
            ps->i += 2;
        } else if (k == '<' && ((k2 >= 'a' && k2 <= 'z') || (k2 >= 'A' && k2 <= 'Z'))) {
            ps->i += 2; /* a named group: captures like any other; the name is not used */
            while ((peek(ps, 0) >= 'a' && peek(ps, 0) <= 'z') ||
                   (peek(ps, 0) >= 'A' && peek(ps, 0) <= 'Z') ||
                   (peek(ps, 0) >= '0' && peek(ps, 0) <= '9'))
                ps->i++;
            if (peek(ps, 0) != '>')
                return rx_fail(ps, REGEX_INVALID, "named capturing group is missing trailing '>'");
            ps->i++;
            group = ++ps->n_groups;
        } else if (k == '=' || k == '!') {
            return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: lookahead '(?%c'", k);
        } else if (k == '<' && (k2 == '=' || k2 == '!')) {
            return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: lookbehind '(?<%c'", k2);
        } else if (k == '>') {
            return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: atomic group '(?>'");
        } else if (k > 0 && strchr("idmsuxU-", k)) {
            return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: inline flags '(?%c'", k);
        } else {
            return rx_fail(ps, REGEX_INVALID, "unknown inline modifier");
        }
    } else {
        group = ++ps->n_groups;
    }
    RxNode *kid = parse_alt(ps);
    if (!kid)
        return NULL;
    if (peek(ps, 0) != ')')
        return rx_fail(ps, REGEX_INVALID, "unclosed group");
    ps->i++;
    ps->depth--;
    RxNode *n = rx_one_kid(ps, RX_GROUP, kid);
    n->group = group;
    return n;
}

/* An escape outside a class; ps->i is at the backslash. */
static RxNode *parse_escape(RxParser *ps) {
    ps->i++;
    int c = peek(ps, 0);
    if (is_shorthand(c)) {
        RangeList l = {0};
        add_shorthand(ps, &l, false);
        return rx_set(ps, &l, c >= 'A' && c <= 'Z');
    }
    switch (c) {
        case 'p':
        case 'P': {
            ps->i++;
            RangeList l = {0};
            if (!add_property(ps, &l, false)) {
                free(l.v);
                return NULL;
            }
            return rx_set(ps, &l, c == 'P');
        }
        case 'b':
            ps->i++;
            return rx_node(ps, RX_WORDB);
        case 'B':
            ps->i++;
            return rx_node(ps, RX_NWORDB);
        case 'A':
            ps->i++;
            return rx_node(ps, RX_BOL);
        case 'z':
        case 'Z':
            ps->i++;
            return rx_node(ps, RX_EOL);
        case 'G':
        case 'R':
        case 'X':
        case 'h':
        case 'H':
        case 'v':
        case 'V':
        case 'N':
        case 'k':
            return rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: the escape '\\%c'", c);
        default:
            break;
    }
    if (c >= '1' && c <= '9') {
        /* Java: more digits while they still name an existing group */
        uint32_t ref = (uint32_t)(c - '0');
        ps->i++;
        while (peek(ps, 0) >= '0' && peek(ps, 0) <= '9') {
            uint32_t more = ref * 10 + (uint32_t)(peek(ps, 0) - '0');
            if (more > (uint32_t)ps->n_groups)
                break;
            ref = more;
            ps->i++;
        }
        RxNode *n = rx_node(ps, RX_BACKREF);
        n->cp = ref;
        return n;
    }
    uint32_t cp;
    if (!escaped_char(ps, &cp))
        return NULL;
    return rx_char(ps, cp);
}

static RxNode *parse_atom(RxParser *ps) {
    int c = peek(ps, 0);
    switch (c) {
        case '(':
            return parse_group(ps);
        case '[':
            ps->i++;
            return parse_class(ps);
        case '.': {
            ps->i++;
            RangeList l = {0};
            rl_add(&l, '\n', '\n');
            rl_add(&l, '\r', '\r');
            return rx_set(ps, &l, true);
        }
        case '^':
            ps->i++;
            return rx_node(ps, RX_BOL);
        case '$':
            ps->i++;
            return rx_node(ps, RX_EOL);
        case '\\':
            return parse_escape(ps);
        case '*':
        case '+':
        case '?':
            return rx_fail(ps, REGEX_INVALID, "dangling meta character '%c'", c);
        case '{':
            return rx_fail(ps, REGEX_INVALID, "illegal repetition");
        default:
            return rx_char(ps, next_char(ps));
    }
}

/* A decimal count of a {n,m} repetition, or -1 when there are no digits; values past
 * RX_DUP_MAX stick at RX_DUP_MAX + 1. */
static long parse_count(RxParser *ps) {
    long v = -1;
    while (peek(ps, 0) >= '0' && peek(ps, 0) <= '9') {
        v = (v < 0 ? 0 : v) * 10 + (peek(ps, 0) - '0');
        if (v > RX_DUP_MAX)
            v = RX_DUP_MAX + 1;
        ps->i++;
    }
    return v;
}

/* Reads a quantifier after an atom: 1 with min/max set, 0 when there is none, -1 on an
 * error. */
static int parse_quant(RxParser *ps, int *min, int *max) {
    int c = peek(ps, 0);
    uint32_t at = ps->i;
    if (c == '*' || c == '+' || c == '?') {
        *min = c == '+';
        *max = c == '?' ? 1 : -1;
        ps->i++;
    } else if (c == '{') {
        ps->i++;
        long lo = parse_count(ps), hi = lo;
        if (lo < 0) {
            rx_error(ps, REGEX_INVALID, "illegal repetition");
            return -1;
        }
        if (peek(ps, 0) == ',') {
            ps->i++;
            hi = parse_count(ps);
        }
        if (peek(ps, 0) != '}') {
            rx_error(ps, REGEX_INVALID, "unclosed counted closure");
            return -1;
        }
        ps->i++;
        if (hi >= 0 && hi < lo) {
            rx_error(ps, REGEX_INVALID, "illegal repetition range");
            return -1;
        }
        if (lo > RX_DUP_MAX || hi > RX_DUP_MAX) {
            rx_error(ps, REGEX_UNSUPPORTED, "not supported yet: a repetition count above %d",
                     RX_DUP_MAX);
            return -1;
        }
        *min = (int)lo;
        *max = (int)hi;
    } else {
        return 0;
    }
    int m = peek(ps, 0);
    if (m == '?' || m == '+') {
        rx_error(ps, REGEX_UNSUPPORTED, "not supported yet: %s quantifier '%.*s%c'",
                 m == '?' ? "lazy" : "possessive", (int)(ps->i - at), ps->p + at, m);
        return -1;
    }
    return 1;
}

/* Adds a \Q...\E quotation (ps->i at the backslash) to items, all but its last
 * character; returns that one (a quantifier binds to it, as in Java), or an empty node. */
static RxNode *parse_quote(RxParser *ps, NodeList *items) {
    ps->i += 2;
    RxNode *last = NULL;
    while (ps->i < ps->len && !(peek(ps, 0) == '\\' && peek(ps, 1) == 'E')) {
        if (last)
            regex_list_push(items, last);
        last = rx_char(ps, next_char(ps));
    }
    if (ps->i < ps->len)
        ps->i += 2;
    return last ? last : rx_node(ps, RX_EMPTY);
}

static RxNode *parse_cat(RxParser *ps) {
    NodeList items = {0};
    while (ps->i < ps->len && peek(ps, 0) != '|' && peek(ps, 0) != ')') {
        RxNode *atom =
            peek(ps, 0) == '\\' && peek(ps, 1) == 'Q' ? parse_quote(ps, &items) : parse_atom(ps);
        if (!atom)
            goto fail;
        int min, max;
        int q = parse_quant(ps, &min, &max);
        if (q < 0)
            goto fail;
        if (q) {
            RxKind k = atom->kind;
            if (k == RX_BOL || k == RX_EOL || k == RX_WORDB || k == RX_NWORDB || k == RX_EMPTY) {
                rx_fail(ps, REGEX_UNSUPPORTED, "not supported yet: a quantifier on an anchor");
                goto fail;
            }
            atom = rx_one_kid(ps, RX_REPEAT, atom);
            atom->min = min;
            atom->max = max;
            int c = peek(ps, 0);
            if (c == '*' || c == '+' || c == '?') {
                rx_fail(ps, REGEX_INVALID, "dangling meta character '%c'", c);
                goto fail;
            }
        }
        if (atom->kind != RX_EMPTY)
            regex_list_push(&items, atom);
    }
    if (items.n == 0) {
        free(items.v);
        return rx_node(ps, RX_EMPTY);
    }
    if (items.n == 1) {
        RxNode *only = items.v[0];
        free(items.v);
        return only;
    }
    return rx_parent(ps, RX_CAT, &items);
fail:
    free(items.v);
    return NULL;
}

static RxNode *parse_alt(RxParser *ps) {
    NodeList alts = {0};
    for (;;) {
        RxNode *c = parse_cat(ps);
        if (!c) {
            free(alts.v);
            return NULL;
        }
        regex_list_push(&alts, c);
        if (peek(ps, 0) != '|')
            break;
        ps->i++;
    }
    if (alts.n == 1) {
        RxNode *only = alts.v[0];
        free(alts.v);
        return only;
    }
    return rx_parent(ps, RX_ALT, &alts);
}

/* ---- translation to a POSIX ERE -------------------------------------------------- */

#define RX_LIST_MAX 512 /* non-ASCII characters a bracket lists one by one */

uint32_t regex_high_count(const RxNode *n) {
    uint32_t count = 0;
    for (int i = 0; i < n->n_ranges; i++)
        if (n->ranges[i].hi >= 0x80)
            count += n->ranges[i].hi - MAX(n->ranges[i].lo, 0x80u) + 1;
    return count;
}

SetForm regex_set_form(const RxNode *n) {
    uint32_t high = regex_high_count(n);
    if (high <= RX_LIST_MAX)
        return SET_LIST;
    if (RX_HIGH_COUNT - high > RX_LIST_MAX)
        return SET_TOO_BIG;
    bool all_ascii = n->n_ranges > 0 && n->ranges[0].lo <= 1 && n->ranges[0].hi >= 0x7F;
    return high == RX_HIGH_COUNT && all_ascii ? SET_ANY : SET_NOT_LIST;
}

typedef struct RxEmit {
    StrBuf *sb;
    int n_posix;   /* POSIX subexpressions opened so far */
    int *posix_of; /* [Java group] -> POSIX subexpression (0: not yet opened) */
    int n_groups;
    bool *is_open; /* [Java group]: being written (a back reference to it cannot work) */
    int status;
    char *msg;
    size_t msg_cap;
} RxEmit;

static void emit_fail(RxEmit *em, const char *what) {
    if (!em->status) {
        em->status = REGEX_UNSUPPORTED;
        snprintf(em->msg, em->msg_cap, "not supported yet: %s", what);
    }
}

static void emit_utf8(RxEmit *em, uint32_t cp) {
    char b[4];
    sb_append_n(em->sb, b, utf8_encode(cp, b));
}

/* A character inside a bracket expression: the four with positional meanings are
 * collating symbols, which mean the character wherever they stand. */
static void emit_bracket_char(RxEmit *em, uint32_t cp) {
    if (cp == ']' || cp == '[' || cp == '-' || cp == '^') {
        sb_append(em->sb, "[.");
        sb_append_char(em->sb, (char)cp);
        sb_append(em->sb, ".]");
    } else {
        emit_utf8(em, cp);
    }
}

/* The members of l in a bracket: ASCII ranges as ranges, other characters one by one
 * (glibc's C.UTF-8 refuses ranges with a non-ASCII end); NUL cannot be written.
 * Returns how many items were written. */
static int emit_bracket_items(RxEmit *em, const RxRange *r, int n) {
    int written = 0;
    for (int i = 0; i < n; i++) {
        uint32_t lo = MAX(r[i].lo, 1u), hi = r[i].hi;
        if (lo < 0x80) {
            uint32_t top = MIN(hi, 0x7Fu);
            emit_bracket_char(em, lo);
            if (top > lo) {
                sb_append_char(em->sb, '-');
                emit_bracket_char(em, top);
            }
            written++;
            lo = 0x80;
        }
        for (uint32_t cp = lo; cp <= hi; cp++, written++)
            emit_bracket_char(em, cp);
    }
    return written;
}

static void emit_set(RxEmit *em, const RxNode *n) {
    switch (regex_set_form(n)) {
        case SET_ANY:
            sb_append_char(em->sb, '.');
            return;
        case SET_TOO_BIG:
            emit_fail(em, "a character class with more than a few hundred non-ASCII "
                          "characters (and more than a few hundred outside it)");
            return;
        case SET_NOT_LIST: {
            RangeList in = {(RxRange *)n->ranges, n->n_ranges, n->n_ranges}, out = {0};
            rl_add_complement(&out, &in);
            sb_append(em->sb, "[^");
            emit_bracket_items(em, out.v, out.n);
            sb_append_char(em->sb, ']');
            free(out.v);
            return;
        }
        case SET_LIST:
            sb_append_char(em->sb, '[');
            if (!emit_bracket_items(em, n->ranges, n->n_ranges))
                emit_fail(em, "a character class that holds no character but NUL");
            sb_append_char(em->sb, ']');
            return;
    }
}

static void emit_char(RxEmit *em, uint32_t cp, bool as_atom) {
    if (cp == 0) {
        emit_fail(em, "a NUL character");
        return;
    }
    if (cp < 0x80) {
        if (strchr(".[]()*+?{}|^$\\", (int)cp))
            sb_append_char(em->sb, '\\');
        sb_append_char(em->sb, (char)cp);
        return;
    }
    /* a quantified multibyte character is a group, so that the C-locale compile binds
     * the quantifier to the whole character */
    if (as_atom) {
        em->n_posix++;
        sb_append_char(em->sb, '(');
    }
    emit_utf8(em, cp);
    if (as_atom)
        sb_append_char(em->sb, ')');
}

/* Writes n; as_atom: it is the operand of a quantifier. */
static void emit_node(RxEmit *em, const RxNode *n, bool as_atom) {
    switch (n->kind) {
        case RX_EMPTY:
            if (as_atom) {
                em->n_posix++;
                sb_append(em->sb, "()");
            }
            break;
        case RX_CHAR:
            emit_char(em, n->cp, as_atom);
            break;
        case RX_SET:
            emit_set(em, n);
            break;
        case RX_BOL:
            sb_append_char(em->sb, '^');
            break;
        case RX_EOL:
            sb_append_char(em->sb, '$');
            break;
        case RX_WORDB:
            sb_append(em->sb, "\\b");
            break;
        case RX_NWORDB:
            sb_append(em->sb, "\\B");
            break;
        case RX_BACKREF: {
            int p = n->cp <= (uint32_t)em->n_groups ? em->posix_of[n->cp] : 0;
            if (p <= 0 || em->is_open[n->cp])
                emit_fail(em, "a back reference to a group that is not closed before it");
            else if (p > 9)
                emit_fail(em, "a back reference past the ninth POSIX group");
            else
                sb_printf(em->sb, "\\%d", p);
            break;
        }
        case RX_GROUP: {
            bool parens = n->group || as_atom || n->kids[0]->kind == RX_ALT;
            if (parens) {
                em->n_posix++;
                sb_append_char(em->sb, '(');
            }
            if (n->group)
                em->posix_of[n->group] = em->n_posix;
            em->is_open[n->group] = n->group != 0;
            emit_node(em, n->kids[0], false);
            em->is_open[n->group] = false;
            if (parens)
                sb_append_char(em->sb, ')');
            break;
        }
        case RX_CAT:
            for (int i = 0; i < n->n_kids; i++)
                emit_node(em, n->kids[i], false);
            break;
        case RX_ALT:
            for (int i = 0; i < n->n_kids; i++) {
                if (i)
                    sb_append_char(em->sb, '|');
                emit_node(em, n->kids[i], false);
            }
            break;
        case RX_REPEAT:
            emit_node(em, n->kids[0], true);
            if (n->min == 0 && n->max < 0)
                sb_append_char(em->sb, '*');
            else if (n->min == 1 && n->max < 0)
                sb_append_char(em->sb, '+');
            else if (n->min == 0 && n->max == 1)
                sb_append_char(em->sb, '?');
            else if (n->max < 0)
                sb_printf(em->sb, "{%d,}", n->min);
            else if (n->max == n->min)
                sb_printf(em->sb, "{%d}", n->min);
            else
                sb_printf(em->sb, "{%d,%d}", n->min, n->max);
            break;
    }
}

/* ---- entry points ------------------------------------------------------------------ */

RxNode *regex_parse(const char *p, uint32_t len, Arena *arena, int *n_groups, int *status,
                    char *msg, size_t msg_cap) {
    RxParser ps = {p, len, 0, arena, 0, 0, 0, msg, msg_cap};
    RxNode *root = parse_alt(&ps);
    if (root && ps.i < len)
        rx_fail(&ps, REGEX_INVALID, "unmatched closing ')'");
    *n_groups = ps.n_groups;
    *status = ps.status;
    return ps.status ? NULL : root;
}

int regex_translate(const RxNode *root, int n_groups, StrBuf *ere, int *posix_of, char *msg,
                    size_t msg_cap) {
    RxEmit em = {ere, 0, posix_of, n_groups, xcalloc((size_t)n_groups + 1, 1), 0, msg, msg_cap};
    emit_node(&em, root, false);
    free(em.is_open);
    return em.status;
}
