/*
 * value_parse.c - text to typed values: type_parse_value and the DECIMAL helpers.
 *
 * Sources call type_parse_value for every field that their own fast paths do not take
 * (see connectors/csv_reader.c), and CAST from STRING calls it for every value, so it
 * is written to be exact first and quick second. The accepted forms follow Flink's
 * formats and casts:
 *   BOOLEAN      true/false, also t/f, yes/no, y/n, 1/0 (any case), as Flink's CAST
 *   integers     [+-]digits, range-checked against the declared width
 *   FLOAT/DOUBLE decimal or scientific ("1.5", ".5", "5.", "1e-3"), NaN, [+-]Infinity
 *   DECIMAL      [+-]digits[.digits][e[+-]digits], rounded half-up (away from zero)
 *                to the scale; more digits than the precision allows is an error
 *   CHAR/VARCHAR the bytes as they are (the StrRef points into the text)
 *   TIMESTAMP    time_parse_timestamp; TIMESTAMP_LTZ also takes a trailing 'Z' (UTC,
 *                as Flink's json format writes it) and otherwise reads local time
 *   DATE, TIME   time_parse_date, time_parse_time
 *   INTERVAL     the form the sinks print: "+1 02:03:04.005" (day-time), "+1-02"
 *                (year-month), or a bare integer (milliseconds, months)
 * Leading and trailing blanks (space, tab, CR, LF) are ignored for everything but
 * strings. Nothing is written to `out` unless the whole text is a valid value.
 */
#include "catalog/catalog.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const int64_t decimal_pow10[19] = {1LL,
                                   10LL,
                                   100LL,
                                   1000LL,
                                   10000LL,
                                   100000LL,
                                   1000000LL,
                                   10000000LL,
                                   100000000LL,
                                   1000000000LL,
                                   10000000000LL,
                                   100000000000LL,
                                   1000000000000LL,
                                   10000000000000LL,
                                   100000000000000LL,
                                   1000000000000000LL,
                                   10000000000000000LL,
                                   100000000000000000LL,
                                   1000000000000000000LL};

/* ---- small helpers ----------------------------------------------------------------- */

static inline bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline bool is_digit(char c) {
    return (unsigned)(c - '0') < 10;
}

static void trim(const char **s, size_t *len) {
    const char *p = *s;
    size_t n = *len;
    while (n > 0 && is_blank(*p)) {
        p++;
        n--;
    }
    while (n > 0 && is_blank(p[n - 1]))
        n--;
    *s = p;
    *len = n;
}

static bool eq_nocase(const char *s, size_t len, const char *word) {
    size_t n = strlen(word);
    return len == n && str_ieq_n(s, word, n);
}

/* ---- integers ---------------------------------------------------------------------- */

/* [+-]digits into [lo, hi]. */
static bool parse_integer(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out) {
    if (len == 0)
        return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
        if (len == 1)
            return false;
    }
    /* Accumulate the magnitude as a negative number so INT64_MIN fits. */
    int64_t acc = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return false;
        int d = s[i] - '0';
        if (acc < (INT64_MIN + d) / 10)
            return false;
        acc = acc * 10 - d;
    }
    if (!neg) {
        if (acc == INT64_MIN)
            return false;
        acc = -acc;
    }
    if (acc < lo || acc > hi)
        return false;
    *out = acc;
    return true;
}

/* ---- floating point ---------------------------------------------------------------- */

static const double EXACT_POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod in the C locale whatever the process locale is (a ',' decimal point would
 * otherwise stop it at the '.'). */
static double strtod_c(const char *s, char **end) {
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return c_locale ? strtod_l(s, end, c_locale) : strtod(s, end);
}

/*
 * Java's Double.parseDouble without the hex and 'd'/'f' suffix forms: the syntax is
 * checked here, the value is exact by Clinger's fast path when the digits fit in 2^53
 * and the power of ten is exact, else by strtod.
 */
static bool parse_double(const char *s, size_t len, double *out) {
    if (len == 0)
        return false;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    if (i < len && !is_digit(s[i]) && s[i] != '.') {
        if (len - i == 3 && memcmp(s + i, "NaN", 3) == 0) {
            *out = NAN;
            return true;
        }
        if (len - i == 8 && memcmp(s + i, "Infinity", 8) == 0) {
            *out = neg ? -INFINITY : INFINITY;
            return true;
        }
        return false;
    }
    uint64_t mant = 0;
    int n_sig = 0;    /* significant digits taken into mant */
    int drop_exp = 0; /* integer digits beyond 19 that were dropped */
    int frac_exp = 0; /* fraction digits taken */
    bool any_digit = false, exact = true;
    for (; i < len && is_digit(s[i]); i++) {
        any_digit = true;
        if (n_sig < 19) {
            mant = mant * 10 + (uint64_t)(s[i] - '0');
            if (mant)
                n_sig++;
        } else {
            drop_exp++;
            exact = false;
        }
    }
    if (i < len && s[i] == '.') {
        i++;
        for (; i < len && is_digit(s[i]); i++) {
            any_digit = true;
            if (n_sig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                if (mant)
                    n_sig++;
                frac_exp++;
            } else {
                exact = false;
            }
        }
    }
    if (!any_digit)
        return false;
    int64_t exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !is_digit(s[i]))
            return false;
        for (; i < len && is_digit(s[i]); i++)
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[i] - '0');
        if (eneg)
            exp10 = -exp10;
    }
    if (i != len)
        return false;
    int64_t e = exp10 + drop_exp - frac_exp;
    if (exact && mant <= (1ULL << 53) && e >= -22 && e <= 22) {
        double v = (double)mant;
        v = e < 0 ? v / EXACT_POW10[-e] : v * EXACT_POW10[e];
        *out = neg ? -v : v;
        return true;
    }
    /* The slow, exact path: strtod over a NUL-terminated copy. */
    char small[128];
    char *copy = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    char *end;
    double v = strtod_c(copy, &end);
    bool ok = end == copy + len;
    if (copy != small)
        free(copy);
    if (!ok)
        return false;
    *out = v;
    return true;
}

/* ---- decimals ---------------------------------------------------------------------- */

bool decimal_fits(int64_t v, int precision) {
    if (precision > DECIMAL_MAX_PRECISION)
        return true;
    if (precision < 0)
        return false;
    if (v == INT64_MIN)
        return false;
    int64_t a = v < 0 ? -v : v;
    return a < decimal_pow10[precision];
}

bool decimal_rescale(int64_t v, int from_scale, int to_scale, int to_precision, int64_t *out) {
    int64_t r;
    if (to_scale >= from_scale) {
        int diff = to_scale - from_scale;
        if (v == 0) {
            r = 0;
        } else {
            if (diff > 18)
                return false;
            if (__builtin_mul_overflow(v, decimal_pow10[diff], &r))
                return false;
        }
    } else {
        int diff = from_scale - to_scale;
        if (diff > 19) {
            r = 0;
        } else if (diff == 19) {
            /* |v| / 10^19 < 1: rounds to +-1 from 5 * 10^18 on. */
            r = v >= 5000000000000000000LL ? 1 : v <= -5000000000000000000LL ? -1 : 0;
        } else {
            int64_t p = decimal_pow10[diff];
            int64_t q = v / p, rem = v % p;
            /* Half-up, away from zero: compare 2*|rem| with p without overflow. */
            int64_t arem = rem < 0 ? -rem : rem;
            if (arem >= p - arem)
                q += v < 0 ? -1 : 1;
            r = q;
        }
    }
    if (!decimal_fits(r, to_precision))
        return false;
    *out = r;
    return true;
}

/*
 * digits[.digits][e[+-]digits] as an integer scaled by 10^scale. With D the digit
 * string (without the point), the value is D * 10^(exp - n_frac); the result keeps
 * the first n_digits + k digits of D, k = exp - n_frac + scale, and rounds on the
 * next one.
 */
static bool parse_decimal(const char *s, size_t len, int precision, int scale, int64_t *out) {
    if (len == 0)
        return false;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    size_t int_start = i;
    while (i < len && is_digit(s[i]))
        i++;
    size_t int_end = i, frac_start = i, frac_end = i;
    if (i < len && s[i] == '.') {
        i++;
        frac_start = i;
        while (i < len && is_digit(s[i]))
            i++;
        frac_end = i;
    }
    size_t n_int = int_end - int_start, n_frac = frac_end - frac_start;
    if (n_int + n_frac == 0)
        return false;
    int64_t exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !is_digit(s[i]))
            return false;
        for (; i < len && is_digit(s[i]); i++)
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[i] - '0');
        if (eneg)
            exp10 = -exp10;
    }
    if (i != len)
        return false;
    int64_t n_digits = (int64_t)(n_int + n_frac);
    int64_t k = exp10 - (int64_t)n_frac + scale;
    int64_t n_keep = n_digits + k < n_digits ? n_digits + k : n_digits;
    /* Accumulate the kept digits as a negative number (so the minimum fits). */
    int64_t acc = 0;
    for (int64_t d = 0; d < n_keep; d++) {
        size_t pos = (size_t)d < n_int ? int_start + (size_t)d : frac_start + ((size_t)d - n_int);
        int digit = s[pos] - '0';
        if (acc < (INT64_MIN + digit) / 10)
            return false;
        acc = acc * 10 - digit;
    }
    if (k > 0 && acc != 0) {
        if (k > 18 || __builtin_mul_overflow(acc, decimal_pow10[k], &acc))
            return false;
    }
    /* Round half-up on the first dropped digit. */
    if (n_keep >= 0 && n_keep < n_digits) {
        size_t pos = (size_t)n_keep < n_int ? int_start + (size_t)n_keep
                                            : frac_start + ((size_t)n_keep - n_int);
        if (s[pos] >= '5') {
            if (acc == INT64_MIN)
                return false;
            acc--;
        }
    }
    if (!neg) {
        if (acc == INT64_MIN)
            return false;
        acc = -acc;
    }
    if (!decimal_fits(acc, precision))
        return false;
    *out = acc;
    return true;
}

/* ---- booleans ---------------------------------------------------------------------- */

static bool parse_boolean(const char *s, size_t len, uint8_t *out) {
    static const char *const TRUE_WORDS[] = {"true", "t", "yes", "y", "1"};
    static const char *const FALSE_WORDS[] = {"false", "f", "no", "n", "0"};
    for (size_t i = 0; i < ARRAY_LEN(TRUE_WORDS); i++) {
        if (eq_nocase(s, len, TRUE_WORDS[i])) {
            *out = 1;
            return true;
        }
        if (eq_nocase(s, len, FALSE_WORDS[i])) {
            *out = 0;
            return true;
        }
    }
    return false;
}

/* ---- time -------------------------------------------------------------------------- */

/* Truncates milliseconds to a TIMESTAMP's fraction digits. */
static int64_t truncate_fraction(int64_t ms, int precision) {
    if (precision >= 3 || precision < 0)
        return ms;
    int64_t unit = decimal_pow10[3 - precision];
    return ms - time_floor_mod(ms, unit);
}

/* A local wall-clock reading to UTC epoch ms, as the C library's time zone says. */
static int64_t local_to_utc(int64_t local_ms) {
    int64_t guess = local_ms;
    for (int iter = 0; iter < 2; iter++) {
        time_t secs = (time_t)time_floor_div(guess, 1000);
        struct tm tm;
        if (!localtime_r(&secs, &tm))
            return local_ms;
        guess = local_ms - (int64_t)tm.tm_gmtoff * 1000;
    }
    return guess;
}

/* "[+-]d hh:mm:ss[.fff]" or a bare integer (milliseconds). */
static bool parse_interval_dt(const char *s, size_t len, int64_t *out) {
    if (parse_integer(s, len, INT64_MIN, INT64_MAX, out))
        return true;
    size_t i = 0;
    bool neg = false;
    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    size_t sp = i;
    while (sp < len && s[sp] != ' ')
        sp++;
    int64_t days;
    if (sp == len || sp == i || !parse_integer(s + i, sp - i, 0, 106751991167LL, &days))
        return false;
    int32_t ms_of_day;
    if (!time_parse_time(s + sp + 1, len - sp - 1, &ms_of_day))
        return false;
    int64_t v = days * MS_PER_DAY + ms_of_day;
    *out = neg ? -v : v;
    return true;
}

/* "[+-]y-mm" or a bare integer (months). */
static bool parse_interval_ym(const char *s, size_t len, int64_t *out) {
    if (parse_integer(s, len, INT64_MIN, INT64_MAX, out))
        return true;
    size_t i = 0;
    bool neg = false;
    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    size_t dash = i;
    while (dash < len && s[dash] != '-')
        dash++;
    int64_t years, months;
    if (dash == len || dash == i || !parse_integer(s + i, dash - i, 0, 178956970, &years) ||
        dash + 1 >= len || !is_digit(s[dash + 1]) ||
        !parse_integer(s + dash + 1, len - dash - 1, 0, 11, &months))
        return false;
    int64_t v = years * 12 + months;
    *out = neg ? -v : v;
    return true;
}

/* ---- the entry point --------------------------------------------------------------- */

bool type_parse_value(const SqlType *t, const char *s, size_t len, void *out) {
    if (t->id == TYPE_CHAR || t->id == TYPE_VARCHAR) {
        if (len > UINT32_MAX)
            return false;
        StrRef ref = {s, (uint32_t)len};
        memcpy(out, &ref, sizeof ref);
        return true;
    }
    trim(&s, &len);
    int64_t i64;
    switch (t->id) {
        case TYPE_BOOLEAN:
            return parse_boolean(s, len, out);
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT: {
            int64_t lo = t->id == TYPE_TINYINT ? -128 : t->id == TYPE_SMALLINT ? -32768 : INT32_MIN;
            int64_t hi = t->id == TYPE_TINYINT ? 127 : t->id == TYPE_SMALLINT ? 32767 : INT32_MAX;
            if (!parse_integer(s, len, lo, hi, &i64))
                return false;
            int32_t v = (int32_t)i64;
            memcpy(out, &v, sizeof v);
            return true;
        }
        case TYPE_BIGINT:
            if (!parse_integer(s, len, INT64_MIN, INT64_MAX, &i64))
                return false;
            memcpy(out, &i64, sizeof i64);
            return true;
        case TYPE_FLOAT:
        case TYPE_DOUBLE: {
            double d;
            if (!parse_double(s, len, &d))
                return false;
            if (t->id == TYPE_DOUBLE) {
                memcpy(out, &d, sizeof d);
            } else {
                float f = (float)d;
                memcpy(out, &f, sizeof f);
            }
            return true;
        }
        case TYPE_DECIMAL:
            if (!parse_decimal(s, len, t->precision, t->scale, &i64))
                return false;
            memcpy(out, &i64, sizeof i64);
            return true;
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ: {
            bool is_utc = false;
            if (t->id == TYPE_TIMESTAMP_LTZ && len > 0 &&
                (s[len - 1] == 'Z' || s[len - 1] == 'z')) {
                is_utc = true;
                len--;
            }
            if (!time_parse_timestamp(s, len, &i64))
                return false;
            if (t->id == TYPE_TIMESTAMP_LTZ && !is_utc)
                i64 = local_to_utc(i64);
            i64 = truncate_fraction(i64, t->precision);
            memcpy(out, &i64, sizeof i64);
            return true;
        }
        case TYPE_DATE: {
            int32_t days;
            if (!time_parse_date(s, len, &days))
                return false;
            memcpy(out, &days, sizeof days);
            return true;
        }
        case TYPE_TIME: {
            int32_t ms;
            if (!time_parse_time(s, len, &ms))
                return false;
            memcpy(out, &ms, sizeof ms);
            return true;
        }
        case TYPE_INTERVAL_DT:
            if (!parse_interval_dt(s, len, &i64))
                return false;
            memcpy(out, &i64, sizeof i64);
            return true;
        case TYPE_INTERVAL_YM:
            if (!parse_interval_ym(s, len, &i64))
                return false;
            memcpy(out, &i64, sizeof i64);
            return true;
        default:
            return false;
    }
}
