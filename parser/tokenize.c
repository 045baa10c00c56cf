/*
 * tokenize.c - the hand-written SQL tokenizer.
 *
 * One call to tok_next skips spaces and comments (`-- to end of line`, `/ * ... * /`, not
 * nested) and reads one token, dispatching on its first byte:
 *   - letters, '_' and bytes >= 0x80 start a word: a keyword when the sorted keyword
 *     table holds it (binary search, ASCII case-insensitive), else an identifier;
 *   - '`' starts a quoted identifier, which ends at the next lone '`' (`` inside is an
 *     escaped back-quote) and keeps its case and quotes; the grammar unquotes it;
 *   - '\'' starts a string literal, ending at the next lone quote ('' is a quote);
 *   - digits, or '.' followed by a digit, start a number: INTEGER (digits only),
 *     DECIMAL (with a '.'), FLOAT (with an exponent, e.g. 1.5e-3). A number directly
 *     followed by a letter ("12abc", "1e") is malformed;
 *   - anything else is an operator or punctuation, the longest match first
 *     (<= <> >= != || => before < > = |).
 * Token codes are lemon's TK_* values from parse.h. The tokenizer never allocates: a
 * token is its code and its [pos, pos + len) range in the text.
 */
#include "parser/tokenize.h"

#include <string.h>

#include "parse.h"

/* ---- the keyword table -------------------------------------------------------------- */

typedef struct Keyword {
    const char *name;
    int code;
} Keyword;

/* In ascending ASCII order (a unit test checks it). */
static const Keyword KEYWORDS[] = {
    {"ALL", TK_ALL},
    {"ANALYZE", TK_ANALYZE},
    {"AND", TK_AND},
    {"AS", TK_AS},
    {"ASC", TK_ASC},
    {"ASYMMETRIC", TK_ASYMMETRIC},
    {"BEGIN", TK_BEGIN},
    {"BETWEEN", TK_BETWEEN},
    {"BOTH", TK_BOTH},
    {"BY", TK_BY},
    {"CASE", TK_CASE},
    {"CAST", TK_CAST},
    {"CHANGELOG_MODE", TK_CHANGELOG_MODE},
    {"COMMENT", TK_COMMENT},
    {"CONSTRAINT", TK_CONSTRAINT},
    {"CREATE", TK_CREATE},
    {"CROSS", TK_CROSS},
    {"CURRENT", TK_CURRENT},
    {"CURRENT_DATE", TK_CURRENT_DATE},
    {"CURRENT_TIME", TK_CURRENT_TIME},
    {"CURRENT_TIMESTAMP", TK_CURRENT_TIMESTAMP},
    {"DATE", TK_DATE},
    {"DESC", TK_DESC},
    {"DESCRIBE", TK_DESCRIBE},
    {"DESCRIPTOR", TK_DESCRIPTOR},
    {"DISTINCT", TK_DISTINCT},
    {"DROP", TK_DROP},
    {"ELSE", TK_ELSE},
    {"END", TK_END},
    {"ENFORCED", TK_ENFORCED},
    {"ESCAPE", TK_ESCAPE},
    {"ESTIMATED_COST", TK_ESTIMATED_COST},
    {"EXCEPT", TK_EXCEPT},
    {"EXECUTE", TK_EXECUTE},
    {"EXISTS", TK_EXISTS},
    {"EXPLAIN", TK_EXPLAIN},
    {"EXTRACT", TK_EXTRACT},
    {"FALSE", TK_FALSE},
    {"FILTER", TK_FILTER},
    {"FIRST", TK_FIRST},
    {"FOLLOWING", TK_FOLLOWING},
    {"FOR", TK_FOR},
    {"FROM", TK_FROM},
    {"FULL", TK_FULL},
    {"FUNCTIONS", TK_FUNCTIONS},
    {"GROUP", TK_GROUP},
    {"HAVING", TK_HAVING},
    {"IF", TK_IF},
    {"IN", TK_IN},
    {"INNER", TK_INNER},
    {"INSERT", TK_INSERT},
    {"INTERSECT", TK_INTERSECT},
    {"INTERVAL", TK_INTERVAL},
    {"INTO", TK_INTO},
    {"IS", TK_IS},
    {"JOIN", TK_JOIN},
    {"JSON_EXECUTION_PLAN", TK_JSON_EXECUTION_PLAN},
    {"KEY", TK_KEY},
    {"LAST", TK_LAST},
    {"LATERAL", TK_LATERAL},
    {"LEADING", TK_LEADING},
    {"LEFT", TK_LEFT},
    {"LIKE", TK_LIKE},
    {"LIMIT", TK_LIMIT},
    {"LOCAL", TK_LOCAL},
    {"LOCALTIME", TK_LOCALTIME},
    {"LOCALTIMESTAMP", TK_LOCALTIMESTAMP},
    {"METADATA", TK_METADATA},
    {"NOT", TK_NOT},
    {"NULL", TK_NULL},
    {"NULLS", TK_NULLS},
    {"OF", TK_OF},
    {"OFFSET", TK_OFFSET},
    {"ON", TK_ON},
    {"OR", TK_OR},
    {"ORDER", TK_ORDER},
    {"OUTER", TK_OUTER},
    {"OVER", TK_OVER},
    {"OVERWRITE", TK_OVERWRITE},
    {"PARTITION", TK_PARTITION},
    {"PLAN", TK_PLAN},
    {"POSITION", TK_POSITION},
    {"PRECEDING", TK_PRECEDING},
    {"PRECISION", TK_PRECISION},
    {"PRIMARY", TK_PRIMARY},
    {"RANGE", TK_RANGE},
    {"RESET", TK_RESET},
    {"RIGHT", TK_RIGHT},
    {"ROW", TK_ROW},
    {"ROWS", TK_ROWS},
    {"SELECT", TK_SELECT},
    {"SET", TK_SET},
    {"SHOW", TK_SHOW},
    {"SIMILAR", TK_SIMILAR},
    {"STATEMENT", TK_STATEMENT},
    {"SUBSTRING", TK_SUBSTRING},
    {"SYMMETRIC", TK_SYMMETRIC},
    {"SYSTEM_TIME", TK_SYSTEM_TIME},
    {"TABLE", TK_TABLE},
    {"TABLES", TK_TABLES},
    {"TEMPORARY", TK_TEMPORARY},
    {"THEN", TK_THEN},
    {"TIME", TK_TIME},
    {"TIMESTAMP", TK_TIMESTAMP},
    {"TO", TK_TO},
    {"TRAILING", TK_TRAILING},
    {"TRIM", TK_TRIM},
    {"TRUE", TK_TRUE},
    {"TRY_CAST", TK_TRY_CAST},
    {"UNBOUNDED", TK_UNBOUNDED},
    {"UNION", TK_UNION},
    {"UNKNOWN", TK_UNKNOWN},
    {"UNNEST", TK_UNNEST},
    {"USING", TK_USING},
    {"VALUES", TK_VALUES},
    {"VIEW", TK_VIEW},
    {"VIEWS", TK_VIEWS},
    {"VIRTUAL", TK_VIRTUAL},
    {"WATERMARK", TK_WATERMARK},
    {"WHEN", TK_WHEN},
    {"WHERE", TK_WHERE},
    {"WINDOW", TK_WINDOW},
    {"WITH", TK_WITH},
    {"WITHOUT", TK_WITHOUT},
    {"ZONE", TK_ZONE},
};

static const char *KEYWORD_NAMES[ARRAY_LEN(KEYWORDS) + 1];

static int upper_ascii(int c) {
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Compares a keyword (upper-case, NUL-terminated) with s[0..len) ignoring case. */
static int keyword_cmp(const char *kw, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        int a = (unsigned char)kw[i], b = upper_ascii((unsigned char)s[i]);
        if (a == 0)
            return -1;
        if (a != b)
            return a - b;
    }
    return kw[len] == '\0' ? 0 : 1;
}

int tok_keyword_code(const char *s, size_t len) {
    size_t lo = 0, hi = ARRAY_LEN(KEYWORDS);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = keyword_cmp(KEYWORDS[mid].name, s, len);
        if (c == 0)
            return KEYWORDS[mid].code;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return TK_ID;
}

const char *const *tok_keyword_names(void) {
    if (!KEYWORD_NAMES[0]) {
        for (size_t i = 0; i < ARRAY_LEN(KEYWORDS); i++)
            KEYWORD_NAMES[i] = KEYWORDS[i].name;
        KEYWORD_NAMES[ARRAY_LEN(KEYWORDS)] = NULL;
    }
    return KEYWORD_NAMES;
}

/* ---- character classes -------------------------------------------------------------- */

static bool is_space(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static bool is_digit(int c) {
    return c >= '0' && c <= '9';
}
static bool is_word_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool is_word_char(int c) {
    return is_word_start(c) || is_digit(c) || c == '$';
}

/* ---- the scanner ---------------------------------------------------------------------- */

void tok_init(Tokenizer *tz, const char *sql) {
    tz->sql = sql;
    tz->len = (int)strlen(sql);
    tz->pos = 0;
}

/* Skips spaces and comments. Returns -1 on an unterminated block comment. */
static int skip_space(Tokenizer *tz, Diag *diag) {
    const char *s = tz->sql;
    int i = tz->pos;
    for (;;) {
        while (i < tz->len && is_space((unsigned char)s[i]))
            i++;
        if (i + 1 < tz->len && s[i] == '-' && s[i + 1] == '-') {
            while (i < tz->len && s[i] != '\n')
                i++;
        } else if (i + 1 < tz->len && s[i] == '/' && s[i + 1] == '*') {
            int start = i;
            i += 2;
            while (i + 1 < tz->len && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            if (i + 1 >= tz->len) {
                tz->pos = tz->len;
                return diag_set(diag, start, "unterminated comment");
            }
            i += 2;
        } else {
            break;
        }
    }
    tz->pos = i;
    return 0;
}

/* Reads a quoted run starting at tz->pos, where the quote q doubled is an escape.
 * Returns the end offset (after the closing quote) or -1 when unterminated. */
static int scan_quoted(const Tokenizer *tz, char q) {
    const char *s = tz->sql;
    int i = tz->pos + 1;
    while (i < tz->len) {
        if (s[i] == q) {
            if (i + 1 < tz->len && s[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return -1;
}

static int scan_number(Tokenizer *tz, Token *out, Diag *diag) {
    const char *s = tz->sql;
    int start = tz->pos, i = start;
    int type = TK_INTEGER;
    while (i < tz->len && is_digit((unsigned char)s[i]))
        i++;
    if (i < tz->len && s[i] == '.') {
        type = TK_DECIMAL;
        i++;
        while (i < tz->len && is_digit((unsigned char)s[i]))
            i++;
    }
    if (i < tz->len && (s[i] == 'e' || s[i] == 'E')) {
        int j = i + 1;
        if (j < tz->len && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < tz->len && is_digit((unsigned char)s[j])) {
            type = TK_FLOAT;
            i = j;
            while (i < tz->len && is_digit((unsigned char)s[i]))
                i++;
        }
    }
    if (i < tz->len && (is_word_char((unsigned char)s[i]) || s[i] == '.')) {
        int end = i;
        while (end < tz->len && (is_word_char((unsigned char)s[end]) || s[end] == '.'))
            end++;
        tz->pos = end;
        return diag_set(diag, start, "malformed number \"%.*s\"", end - start, s + start);
    }
    out->type = type;
    out->pos = start;
    out->len = i - start;
    tz->pos = i;
    return 1;
}

/* Operators and punctuation; returns the token code and sets *len, or 0. */
static int scan_operator(const char *s, int avail, int *len) {
    char c = s[0], d = avail > 1 ? s[1] : '\0';
    *len = 1;
    switch (c) {
        case '+':
            return TK_PLUS;
        case '-':
            return TK_MINUS;
        case '*':
            return TK_STAR;
        case '/':
            return TK_SLASH;
        case '%':
            return TK_REM;
        case '(':
            return TK_LP;
        case ')':
            return TK_RP;
        case ',':
            return TK_COMMA;
        case '.':
            return TK_DOT;
        case ';':
            return TK_SEMI;
        case '=':
            if (d == '>') {
                *len = 2;
                return TK_ARROW;
            }
            return TK_EQ;
        case '<':
            if (d == '=' || d == '>') {
                *len = 2;
                return d == '=' ? TK_LE : TK_NE;
            }
            return TK_LT;
        case '>':
            if (d == '=') {
                *len = 2;
                return TK_GE;
            }
            return TK_GT;
        case '!':
            if (d == '=') {
                *len = 2;
                return TK_NE;
            }
            return 0;
        case '|':
            if (d == '|') {
                *len = 2;
                return TK_CONCAT;
            }
            return 0;
        default:
            return 0;
    }
}

int tok_next(Tokenizer *tz, Token *out, Diag *diag) {
    if (skip_space(tz, diag) < 0)
        return -1;
    if (tz->pos >= tz->len)
        return 0;
    const char *s = tz->sql;
    int start = tz->pos;
    unsigned char c = (unsigned char)s[start];

    if (is_word_start(c)) {
        int i = start + 1;
        while (i < tz->len && is_word_char((unsigned char)s[i]))
            i++;
        out->type = tok_keyword_code(s + start, (size_t)(i - start));
        out->pos = start;
        out->len = i - start;
        tz->pos = i;
        return 1;
    }
    if (is_digit(c) || (c == '.' && start + 1 < tz->len && is_digit((unsigned char)s[start + 1])))
        return scan_number(tz, out, diag);
    if (c == '\'' || c == '`') {
        int end = scan_quoted(tz, (char)c);
        if (end < 0) {
            tz->pos = tz->len;
            return diag_set(diag, start,
                            c == '\'' ? "unterminated string literal"
                                      : "unterminated quoted identifier");
        }
        if (c == '`' && end - start == 2) {
            tz->pos = end;
            return diag_set(diag, start, "empty quoted identifier");
        }
        out->type = c == '\'' ? TK_STRING : TK_ID;
        out->pos = start;
        out->len = end - start;
        tz->pos = end;
        return 1;
    }
    int len;
    int type = scan_operator(s + start, tz->len - start, &len);
    if (type) {
        out->type = type;
        out->pos = start;
        out->len = len;
        tz->pos = start + len;
        return 1;
    }
    tz->pos = start + 1;
    if (c == '"')
        return diag_set(diag, start,
                        "unexpected '\"': quote identifiers with `back-quotes` and strings "
                        "with 'single quotes'");
    if (c >= 0x20 && c < 0x7f)
        return diag_set(diag, start, "unexpected character '%c'", c);
    return diag_set(diag, start, "unexpected character 0x%02x", c);
}
