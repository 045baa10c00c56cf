/* test_numfmt.c - numbers printed as Java prints them (Double.toString and friends). */
#include "common/common.h"

#include "tests/unit/unit.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct DoubleCase {
    double v;
    const char *java; /* what Double.toString prints (JDK 19+) */
} DoubleCase;

static const DoubleCase DOUBLE_CASES[] = {
    {0.0, "0.0"},
    {1.0, "1.0"},
    {-1.0, "-1.0"},
    {100.0, "100.0"},
    {12.5, "12.5"},
    {0.5, "0.5"},
    {0.1, "0.1"},
    {0.2, "0.2"},
    {0.1 + 0.2, "0.30000000000000004"},
    {1.0 / 3.0, "0.3333333333333333"},
    {2.0 / 3.0, "0.6666666666666666"},
    {3.14159, "3.14159"},
    {-2.5, "-2.5"},
    {1e7, "1.0E7"},
    {-1e7, "-1.0E7"},
    {9999999.0, "9999999.0"},
    {9999999.999, "9999999.999"},
    {10000001.0, "1.0000001E7"},
    {1e-3, "0.001"},
    {0.002, "0.002"},
    {0.00123, "0.00123"},
    {-0.001, "-0.001"},
    {1e-4, "1.0E-4"},
    {0.000999, "9.99E-4"},
    {1.234e-5, "1.234E-5"},
    {-1.5e10, "-1.5E10"},
    {123456789.0, "1.23456789E8"},
    {1234567.0, "1234567.0"},
    {9007199254740992.0, "9.007199254740992E15"},
    {9007199254740993.0, "9.007199254740992E15"}, /* rounds to 2^53 */
    {1e15, "1.0E15"},
    {1e16, "1.0E16"},
    {1e21, "1.0E21"},
    {1e22, "1.0E22"},
    {1e23, "1.0E23"},
    {1e100, "1.0E100"},
    {1e-100, "1.0E-100"},
    {5e-324, "4.9E-324"},
    {1e-323, "9.9E-324"},
    {DBL_MIN, "2.2250738585072014E-308"},
    {DBL_MAX, "1.7976931348623157E308"},
    {-DBL_MAX, "-1.7976931348623157E308"},
    {4.35, "4.35"},
    {0.7, "0.7"},
    {1.1, "1.1"},
    {2.675, "2.675"},
    {1.005, "1.005"},
    {123.456, "123.456"},
    {42.0, "42.0"},
    {1000000.0, "1000000.0"},
    {65536.0, "65536.0"},
    {3.0e-3, "0.003"},
    {299792458.0, "2.99792458E8"},
    {6.02214076e23, "6.02214076E23"},
    {1.7976931348623157e308, "1.7976931348623157E308"},
    {0.30000000000000004, "0.30000000000000004"},
    {100.1, "100.1"},
    {2.0e-3, "0.002"},
    {1.0e-5, "1.0E-5"},
    {4.9e-324 * 3, "1.5E-323"},
    /* Powers of two: the interval below is half as wide, the nearest decimal can miss. */
    {0x1p-24, "5.960464477539063E-8"},
    {0x1p-44, "5.684341886080802E-14"},
    {0x1p89, "6.189700196426902E26"},
    {0x1p-1017, "7.120236347223045E-307"},
    {0x1p-1022, "2.2250738585072014E-308"},
    /* Subnormals carry fewer digits. */
    {0x0.0a97c5c865724p-1022, "9.2069920320458E-310"},
    {0x0.002bbe77cd7d8p-1022, "1.485193869831E-311"},
    /* Whole numbers, on the fast path and just past it. */
    {1e14, "1.0E14"},
    {123456789012345.0, "1.23456789012345E14"},
    {999999999999999.0, "9.99999999999999E14"},
    {1e15 + 1, "1.000000000000001E15"},
    {-4503599627370497.0, "-4.503599627370497E15"},
};

static void test_double_matches_java_table(void) {
    char buf[64];
    for (size_t i = 0; i < ARRAY_LEN(DOUBLE_CASES); i++) {
        size_t n = fmt_double_java(DOUBLE_CASES[i].v, buf);
        if (strcmp(buf, DOUBLE_CASES[i].java) != 0)
            fprintf(stderr, "\n  fmt_double_java case %zu: got %s want %s", i, buf,
                    DOUBLE_CASES[i].java);
        CU_ASSERT_STRING_EQUAL(buf, DOUBLE_CASES[i].java);
        CU_ASSERT_EQUAL(n, strlen(buf));
    }
}

static void test_double_special_values(void) {
    char buf[64];
    CU_ASSERT_EQUAL(fmt_double_java(NAN, buf), 3);
    CU_ASSERT_STRING_EQUAL(buf, "NaN");
    fmt_double_java(INFINITY, buf);
    CU_ASSERT_STRING_EQUAL(buf, "Infinity");
    fmt_double_java(-INFINITY, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-Infinity");
    CU_ASSERT_EQUAL(fmt_double_java(-0.0, buf), 4);
    CU_ASSERT_STRING_EQUAL(buf, "-0.0");
    fmt_double_java(0.0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.0");
}

/* Whatever the value, the text reads back to it and has a digit after the point. */
static void test_double_round_trips_for_many_values(void) {
    char buf[64];
    uint64_t state = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double v;
        memcpy(&v, &state, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        fmt_double_java(v, buf);
        CU_ASSERT_EQUAL(strtod(buf, NULL), v);
        const char *dot = strchr(buf, '.');
        CU_ASSERT_PTR_NOT_NULL(dot);
        if (dot)
            CU_ASSERT(dot[1] >= '0' && dot[1] <= '9');
    }
}

static void test_double_notation_switches_at_1e7_and_1e_3(void) {
    char buf[64];
    fmt_double_java(nextafter(1e7, 0), buf);
    CU_ASSERT_STRING_EQUAL(buf, "9999999.999999998");
    fmt_double_java(nextafter(1e-3, 0), buf);
    CU_ASSERT_STRING_EQUAL(buf, "9.999999999999998E-4");
    fmt_double_java(nextafter(1e-3, 1), buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.0010000000000000002");
}

typedef struct FloatCase {
    float v;
    const char *java;
} FloatCase;

static const FloatCase FLOAT_CASES[] = {
    {0.0f, "0.0"},
    {1.0f, "1.0"},
    {0.1f, "0.1"},
    {1.1f, "1.1"},
    {-2.5f, "-2.5"},
    {1.0f / 3.0f, "0.33333334"},
    {3.14159f, "3.14159"},
    {1e7f, "1.0E7"},
    {9999999.0f, "9999999.0"},
    {16777216.0f, "1.6777216E7"},
    {1e10f, "1.0E10"},
    {1e-3f, "0.001"},
    {1e-4f, "1.0E-4"},
    {FLT_MAX, "3.4028235E38"},
    {FLT_MIN, "1.1754944E-38"},
    {1.4e-45f, "1.4E-45"},
    {100.0f, "100.0"},
    {0.3f, "0.3"},
    {999999.0f, "999999.0"},
    {1234567.0f, "1234567.0"},
    {2078309.75f, "2078309.8"}, /* a tie: the even last digit wins */
    {0x1p-149f, "1.4E-45"},
    {0x1p-130f, "7.34684E-40"},
};

static void test_float_matches_java_table(void) {
    char buf[64];
    for (size_t i = 0; i < ARRAY_LEN(FLOAT_CASES); i++) {
        fmt_float_java(FLOAT_CASES[i].v, buf);
        if (strcmp(buf, FLOAT_CASES[i].java) != 0)
            fprintf(stderr, "\n  fmt_float_java case %zu: got %s want %s", i, buf,
                    FLOAT_CASES[i].java);
        CU_ASSERT_STRING_EQUAL(buf, FLOAT_CASES[i].java);
    }
    fmt_float_java(-0.0f, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-0.0");
    fmt_float_java(NAN, buf);
    CU_ASSERT_STRING_EQUAL(buf, "NaN");
    fmt_float_java(-INFINITY, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-Infinity");
}

static void test_decimal_places_the_point(void) {
    char buf[64];
    CU_ASSERT_EQUAL(fmt_decimal(1100, 2, buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "11.00");
    fmt_decimal(-5, 2, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-0.05");
    fmt_decimal(7, 0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "7");
    fmt_decimal(0, 2, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.00");
    fmt_decimal(0, 0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0");
    fmt_decimal(5, 1, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.5");
    fmt_decimal(12345, 5, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.12345");
    fmt_decimal(-12345, 4, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-1.2345");
    fmt_decimal(1, 18, buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.000000000000000001");
    fmt_decimal(12, -2, buf);
    CU_ASSERT_STRING_EQUAL(buf, "1200");
    fmt_decimal(INT64_MAX, 2, buf);
    CU_ASSERT_STRING_EQUAL(buf, "92233720368547758.07");
    fmt_decimal(INT64_MIN, 0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-9223372036854775808");
    fmt_decimal(INT64_MIN, 19, buf);
    CU_ASSERT_STRING_EQUAL(buf, "-0.9223372036854775808");
    CU_ASSERT_EQUAL(fmt_decimal(INT64_MIN, 20, buf), 23);
    CU_ASSERT_STRING_EQUAL(buf, "-0.09223372036854775808");
}

static void test_int64_prints_every_magnitude(void) {
    char buf[32], want[32];
    CU_ASSERT_EQUAL(fmt_int64(0, buf), 1);
    CU_ASSERT_STRING_EQUAL(buf, "0");
    CU_ASSERT_EQUAL(fmt_int64(INT64_MIN, buf), 20);
    CU_ASSERT_STRING_EQUAL(buf, "-9223372036854775808");
    fmt_int64(INT64_MAX, buf);
    CU_ASSERT_STRING_EQUAL(buf, "9223372036854775807");
    /* Every power of ten and its neighbours, both signs. */
    for (int e = 0; e <= 18; e++) {
        int64_t p = 1;
        for (int i = 0; i < e; i++)
            p *= 10;
        int64_t vals[] = {p - 1, p, p + 1, -p, -(p - 1), -(p + 1)};
        for (size_t i = 0; i < ARRAY_LEN(vals); i++) {
            size_t n = fmt_int64(vals[i], buf);
            snprintf(want, sizeof want, "%lld", (long long)vals[i]);
            CU_ASSERT_STRING_EQUAL(buf, want);
            CU_ASSERT_EQUAL(n, strlen(want));
        }
    }
}

static void check_digits(double v, const char *want, int want_point, bool want_neg) {
    char d[32];
    int point;
    bool neg;
    int n = fmt_double_java_digits(v, d, &point, &neg);
    CU_ASSERT_EQUAL(n, (int)strlen(want));
    CU_ASSERT_EQUAL(memcmp(d, want, strlen(want)), 0);
    CU_ASSERT_EQUAL(point, want_point);
    CU_ASSERT_EQUAL(neg, want_neg);
}

static void test_double_digits_are_javas_as_a_decimal(void) {
    check_digits(1.005, "1005", 1, false); /* 0.1005 * 10^1 */
    check_digits(0.001, "1", -2, false);   /* 0.1 * 10^-2 */
    check_digits(100.0, "1", 3, false);
    check_digits(-2.5, "25", 1, true);
    check_digits(1.5e10, "15", 11, false);
    check_digits(1.234e-5, "1234", -4, false);
    check_digits(0.0, "0", 0, false);
}

void suite_numfmt(void) {
    static CU_TestInfo tests[] = {
        {"double_digits_are_javas_as_a_decimal", test_double_digits_are_javas_as_a_decimal},
        {"double matches Java table", test_double_matches_java_table},
        {"double special values", test_double_special_values},
        {"double round-trips for many values", test_double_round_trips_for_many_values},
        {"double notation switches at 1e7 and 1e-3", test_double_notation_switches_at_1e7_and_1e_3},
        {"float matches Java table", test_float_matches_java_table},
        {"decimal places the point", test_decimal_places_the_point},
        {"int64 prints every magnitude", test_int64_prints_every_magnitude},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("numfmt", tests);
}
