/*
 * numfmt.c - numbers as Java prints them, since Flink's output is Java's: DOUBLE and
 * FLOAT as Double.toString / Float.toString, DECIMAL from a scaled integer, and plain
 * integers.
 *
 * Double.toString (JDK 19 and later, which fixed the old overlong outputs) prints the
 * shortest decimal that reads back as the same double; among decimals of that length
 * the one closest to the exact value. When a single digit would do, Java still looks at
 * two-digit decimals and takes the closest, so Double.MIN_VALUE is "4.9E-324", not
 * "5.0E-324". We find the digits by asking printf for the correctly rounded value at 1,
 * 2, ... 17 significant digits and stopping at the first that strtod reads back exactly;
 * the correctly rounded decimal of a length is the closest of that length, so it is the
 * one Java picks. Then the layout: plain notation for 1e-3 <= |v| < 1e7 with at least
 * one digit after the point, otherwise d.dddE<exp>.
 */
#include "common/common.h"

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

/*
 * Reads printf's "d.ddde[+-]xx" into bare digits (trailing zeros removed, at least one
 * kept) and a decimal exponent: the value is d1.d2d3... * 10^exp.
 */
static void split_exponential(const char *s, char *digits, int *exp) {
    size_t n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *exp = *s == 'e' ? atoi(s + 1) : 0;
}

/*
 * The shortest digits that read back to v, choosing as Java does. A double needs at most
 * 17 digits, a float 9; `is_float` makes the round trip through strtof.
 */
static void shortest_digits(double v, bool is_float, char *digits, int *exp) {
    int max_digits = is_float ? 9 : 17;
    char tmp[40];
    for (int prec = 1; prec <= max_digits; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        bool same = is_float ? strtof(tmp, NULL) == (float)v : strtod(tmp, NULL) == v;
        if (same) {
            if (prec == 1) /* one digit suffices: the closest of length 1 or 2 wins */
                snprintf(tmp, sizeof tmp, "%.1e", v);
            break;
        }
    }
    split_exponential(tmp, digits, exp);
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
    char digits[24];
    int exp;
    shortest_digits(v, is_float, digits, &exp);
    size_t n_digits = strlen(digits);
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
