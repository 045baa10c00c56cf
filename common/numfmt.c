/*
 * numfmt.c - numbers as Java prints them, since Flink's output is Java's: DOUBLE and
 * FLOAT as Double.toString / Float.toString, DECIMAL from a scaled integer, and plain
 * integers.
 *
 * Double.toString (JDK 19 and later, which fixed the old overlong outputs) prints the
 * shortest decimal that reads back as the same double; among decimals of that length
 * the one closest to the exact value. When a single digit would do, Java still looks at
 * two-digit decimals and takes the closest, so Double.MIN_VALUE is "4.9E-324", not
 * "5.0E-324". We ask printf for the nearest decimal of 15 significant digits (6 for a
 * float) and strtod whether it reads back; if so its digits without trailing zeros are
 * the shortest, else we try 16 and 17 (subnormals, with fewer bits, search all lengths).
 * At a power of two, where the rounding interval is lopsided, the neighbouring decimal
 * on the far side gets a try too. Then the layout: plain notation for 1e-3 <= |v| < 1e7
 * with at least one digit after the point, otherwise d.dddE<exp>.
 */
#include "common/common.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- integers --------------------------------------------------------------------- */

static const char DIGIT_PAIRS[201] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

/* Writes u's digits ending just before `end`; returns where they start. */
static char *write_digits_backwards(uint64_t u, char *end) {
    char *p = end;
    while (u >= 100) {
        unsigned pair = (unsigned)(u % 100) * 2;
        u /= 100;
        *--p = DIGIT_PAIRS[pair + 1];
        *--p = DIGIT_PAIRS[pair];
    }
    if (u >= 10) {
        unsigned pair = (unsigned)u * 2;
        *--p = DIGIT_PAIRS[pair + 1];
        *--p = DIGIT_PAIRS[pair];
    } else {
        *--p = (char)('0' + u);
    }
    return p;
}

static uint64_t magnitude(int64_t v) {
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

size_t fmt_int64(int64_t v, char *buf) {
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *start = write_digits_backwards(magnitude(v), end);
    size_t n = 0;
    if (v < 0)
        buf[n++] = '-';
    memcpy(buf + n, start, (size_t)(end - start));
    n += (size_t)(end - start);
    buf[n] = '\0';
    return n;
}

size_t fmt_decimal(int64_t unscaled, int scale, char *buf) {
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *digits = write_digits_backwards(magnitude(unscaled), end);
    size_t n_digits = (size_t)(end - digits);
    size_t n = 0;
    if (unscaled < 0)
        buf[n++] = '-';
    if (scale <= 0) { /* a negative scale multiplies by a power of ten */
        memcpy(buf + n, digits, n_digits);
        n += n_digits;
        if (unscaled != 0)
            for (int i = 0; i < -scale; i++)
                buf[n++] = '0';
    } else if (n_digits > (size_t)scale) {
        size_t n_int = n_digits - (size_t)scale;
        memcpy(buf + n, digits, n_int);
        n += n_int;
        buf[n++] = '.';
        memcpy(buf + n, digits + n_int, (size_t)scale);
        n += (size_t)scale;
    } else {
        buf[n++] = '0';
        buf[n++] = '.';
        for (size_t i = n_digits; i < (size_t)scale; i++)
            buf[n++] = '0';
        memcpy(buf + n, digits, n_digits);
        n += n_digits;
    }
    buf[n] = '\0';
    return n;
}

/* ---- Java floating point ---------------------------------------------------------- */

/* A decimal d1.d2d3... * 10^exp with a fixed number of significant digits. */
typedef struct Decimal {
    char digits[24]; /* NUL-terminated, trailing zeros kept */
    int n_digits;
    int exp;
} Decimal;

/* The decimal with `n_digits` significant digits closest to v (> 0), from printf. */
static void decimal_nearest(double v, int n_digits, Decimal *d) {
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.*e", n_digits - 1, v);
    const char *s = tmp;
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            d->digits[n++] = *s;
    d->digits[n] = '\0';
    d->n_digits = n;
    d->exp = atoi(s + 1);
}

/* Moves to the next decimal of the same length, up or down. */
static void decimal_step(Decimal *d, bool up) {
    int i = d->n_digits - 1;
    if (up) {
        while (i >= 0 && d->digits[i] == '9')
            d->digits[i--] = '0';
        if (i >= 0) {
            d->digits[i]++;
        } else { /* 9.99 -> 10.0 */
            d->digits[0] = '1';
            d->exp++;
        }
    } else {
        while (i >= 0 && d->digits[i] == '0')
            d->digits[i--] = '9';
        d->digits[i]--;            /* v > 0, so some digit is not zero */
        if (d->digits[0] == '0') { /* 1.00 -> 0.999: 9.99 one power lower */
            memset(d->digits, '9', (size_t)d->n_digits);
            d->exp--;
        }
    }
}

/* What the decimal reads back as: a double, or a float widened to double. */
static double decimal_read(const Decimal *d, bool is_float) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%c.%se%d", d->digits[0], d->digits + 1, d->exp);
    return is_float ? (double)strtof(tmp, NULL) : strtod(tmp, NULL);
}

/*
 * Finds a decimal of `n_digits` digits that reads back as v, the closest such when there
 * are two. Usually that is printf's nearest decimal; at a power of two the values below
 * are twice as dense, so the nearest decimal may fall just below the narrow lower half
 * of the rounding interval while its neighbour above is still inside the wider upper one.
 */
static bool decimal_round_trip(double v, bool is_float, int n_digits, Decimal *d) {
    decimal_nearest(v, n_digits, d);
    double back = decimal_read(d, is_float);
    if (back == v)
        return true;
    decimal_step(d, back < v);
    return decimal_read(d, is_float) == v;
}

static void decimal_strip_zeros(Decimal *d) {
    while (d->n_digits > 1 && d->digits[d->n_digits - 1] == '0')
        d->digits[--d->n_digits] = '\0';
}

/*
 * The shortest digits that read back to v (> 0), choosing as Java does; `is_float`
 * makes the round trip through strtof.
 *
 * A double is pinned down by 15 significant digits (DBL_DIG): decimals of 15 digits are
 * spaced wider than a double's rounding interval, so if any decimal of m <= 15 digits
 * reads back as v, padded with zeros it is the 15-digit decimal nearest v. Hence one
 * printf at 15 digits, with trailing zeros stripped, gives the shortest digits whenever
 * they have 15 or fewer; otherwise 16 or 17 are needed. A float is the same at 6 (FLT_DIG)
 * and at most 9 digits. Subnormal numbers carry fewer bits and take a binary search.
 */
static void shortest_digits(double v, bool is_float, Decimal *d) {
    int n_safe = is_float ? 6 : 15, n_max = is_float ? 9 : 17;
    bool is_subnormal = is_float ? v < FLT_MIN : v < DBL_MIN;
    if (is_subnormal) {
        /* Fewer bits, so fewer digits may do: search all lengths. If a decimal of n
         * digits reads back, so does one of n + 1, so a binary search finds the least. */
        int lo = 1, hi = n_max;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (decimal_round_trip(v, is_float, mid, d))
                hi = mid;
            else
                lo = mid + 1;
        }
        decimal_round_trip(v, is_float, lo == 1 ? 2 : lo, d);
        decimal_strip_zeros(d);
        return;
    }
    if (decimal_round_trip(v, is_float, n_safe, d)) {
        decimal_strip_zeros(d);
        /* When one digit suffices Java takes the closest decimal of one or two digits. */
        if (d->n_digits == 1) {
            decimal_round_trip(v, is_float, 2, d);
            decimal_strip_zeros(d);
        }
        return;
    }
    for (int n = n_safe + 1; n <= n_max; n++)
        if (decimal_round_trip(v, is_float, n, d))
            return;
    decimal_nearest(v, n_max, d); /* not reached: n_max digits always read back */
}

static size_t format_java(double v, bool is_float, char *buf) {
    if (isnan(v))
        return (size_t)sprintf(buf, "NaN");
    if (isinf(v))
        return (size_t)sprintf(buf, v < 0 ? "-Infinity" : "Infinity");
    size_t n = 0;
    if (signbit(v)) {
        buf[n++] = '-';
        v = -v;
    }
    if (v == 0) {
        memcpy(buf + n, "0.0", 4);
        return n + 3;
    }
    Decimal dec;
    if (v < (is_float ? 1e6 : 1e15) && v == (double)(int64_t)v) {
        /* A whole number of at most 15 (6) digits is its own shortest decimal. */
        char *end = dec.digits + 20;
        char *start = write_digits_backwards((uint64_t)v, end);
        dec.n_digits = (int)(end - start);
        dec.exp = dec.n_digits - 1;
        memmove(dec.digits, start, (size_t)dec.n_digits);
        dec.digits[dec.n_digits] = '\0';
        decimal_strip_zeros(&dec);
    } else {
        shortest_digits(v, is_float, &dec);
    }
    const char *digits = dec.digits;
    size_t n_digits = (size_t)dec.n_digits;
    int exp = dec.exp;
    if (exp >= -3 && exp < 7) {
        if (exp >= 0) {
            size_t n_int = (size_t)exp + 1;
            for (size_t i = 0; i < n_int; i++)
                buf[n++] = i < n_digits ? digits[i] : '0';
            buf[n++] = '.';
            if (n_digits > n_int) {
                memcpy(buf + n, digits + n_int, n_digits - n_int);
                n += n_digits - n_int;
            } else {
                buf[n++] = '0';
            }
        } else {
            buf[n++] = '0';
            buf[n++] = '.';
            for (int i = -1; i > exp; i--)
                buf[n++] = '0';
            memcpy(buf + n, digits, n_digits);
            n += n_digits;
        }
    } else {
        buf[n++] = digits[0];
        buf[n++] = '.';
        if (n_digits > 1) {
            memcpy(buf + n, digits + 1, n_digits - 1);
            n += n_digits - 1;
        } else {
            buf[n++] = '0';
        }
        buf[n++] = 'E';
        n += fmt_int64(exp, buf + n);
    }
    buf[n] = '\0';
    return n;
}

size_t fmt_double_java(double v, char *buf) {
    return format_java(v, false, buf);
}

size_t fmt_float_java(float v, char *buf) {
    return format_java((double)v, true, buf);
}

/* ---- decimal digits of a double ----------------------------------------------------- */

int fmt_double_java_digits(double v, char *digits, int *point, bool *neg) {
    char text[40];
    fmt_double_java(v, text);
    const char *p = text;
    *neg = *p == '-';
    if (*neg)
        p++;
    int n = 0, dot = -1, exp10 = 0;
    for (; *p && *p != 'E'; p++) {
        if (*p == '.')
            dot = n;
        else if (n < 31)
            digits[n++] = *p;
    }
    if (*p == 'E')
        exp10 = atoi(p + 1);
    if (dot < 0)
        dot = n;
    int lead = 0; /* "0.001" has the digits 0001: drop the leading zeros */
    while (lead < n - 1 && digits[lead] == '0')
        lead++;
    memmove(digits, digits + lead, (size_t)(n - lead));
    n -= lead;
    while (n > 1 && digits[n - 1] == '0')
        n--; /* "100.0" is 1 * 10^3: trailing zeros say nothing */
    *point = digits[0] == '0' ? 0 : dot + exp10 - lead;
    return n;
}

int64_t java_double_to_long(double d) {
    if (d != d)
        return 0;
    if (d >= 9223372036854775807.0)
        return INT64_MAX;
    if (d <= -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)d;
}
