/* test_types.c - value parsing (catalog/value_parse.c): text to typed values, DECIMAL
 * rescaling. */
#include "catalog/catalog.h"

#include <math.h>
#include <string.h>

#include "tests/unit/unit.h"

static bool parse(TypeId id, const char *s, void *out) {
    SqlType t = type_make(id);
    return type_parse_value(&t, s, strlen(s), out);
}

static bool parse_dec(int p, int s, const char *text, int64_t *out) {
    SqlType t = type_decimal(p, s);
    return type_parse_value(&t, text, strlen(text), out);
}

static void test_value_parse_integers_check_range_and_sign(void) {
    int32_t i = 99;
    int64_t l = 99;
    CU_ASSERT_TRUE(parse(TYPE_INT, "  -2147483648 ", &i));
    CU_ASSERT_EQUAL(i, INT32_MIN);
    CU_ASSERT_TRUE(parse(TYPE_INT, "+12", &i));
    CU_ASSERT_EQUAL(i, 12);
    CU_ASSERT_FALSE(parse(TYPE_INT, "2147483648", &i));
    CU_ASSERT_EQUAL(i, 12); /* nothing written on failure */
    CU_ASSERT_FALSE(parse(TYPE_INT, "1.5", &i));
    CU_ASSERT_FALSE(parse(TYPE_INT, "", &i));
    CU_ASSERT_FALSE(parse(TYPE_INT, "-", &i));
    CU_ASSERT_FALSE(parse(TYPE_INT, "1 2", &i));
    CU_ASSERT_FALSE(parse(TYPE_TINYINT, "128", &i));
    CU_ASSERT_TRUE(parse(TYPE_SMALLINT, "-32768", &i));
    CU_ASSERT_EQUAL(i, -32768);
    CU_ASSERT_TRUE(parse(TYPE_BIGINT, "-9223372036854775808", &l));
    CU_ASSERT_EQUAL(l, INT64_MIN);
    CU_ASSERT_TRUE(parse(TYPE_BIGINT, "9223372036854775807", &l));
    CU_ASSERT_EQUAL(l, INT64_MAX);
    CU_ASSERT_FALSE(parse(TYPE_BIGINT, "9223372036854775808", &l));
    CU_ASSERT_FALSE(parse(TYPE_BIGINT, "99999999999999999999999", &l));
}

static void test_value_parse_doubles_exactly(void) {
    double d = 0;
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "0.1", &d));
    CU_ASSERT_EQUAL(d, 0.1);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "-1.5e3", &d));
    CU_ASSERT_EQUAL(d, -1500.0);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, ".5", &d));
    CU_ASSERT_EQUAL(d, 0.5);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "5.", &d));
    CU_ASSERT_EQUAL(d, 5.0);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "123456789012345678901234567890", &d));
    CU_ASSERT_EQUAL(d, 123456789012345678901234567890.0);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "2.2250738585072014e-308", &d));
    CU_ASSERT_EQUAL(d, 2.2250738585072014e-308);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "0.30000000000000004", &d));
    CU_ASSERT_EQUAL(d, 0.30000000000000004);
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "NaN", &d));
    CU_ASSERT_TRUE(isnan(d));
    CU_ASSERT_TRUE(parse(TYPE_DOUBLE, "-Infinity", &d));
    CU_ASSERT_TRUE(isinf(d) && d < 0);
    CU_ASSERT_FALSE(parse(TYPE_DOUBLE, "1e", &d));
    CU_ASSERT_FALSE(parse(TYPE_DOUBLE, ".", &d));
    CU_ASSERT_FALSE(parse(TYPE_DOUBLE, "0x10", &d));
    CU_ASSERT_FALSE(parse(TYPE_DOUBLE, "inf", &d));
    CU_ASSERT_FALSE(parse(TYPE_DOUBLE, "1.2.3", &d));
    float f = 0;
    CU_ASSERT_TRUE(parse(TYPE_FLOAT, "0.1", &f));
    CU_ASSERT_EQUAL(f, 0.1f);
}

static void test_value_parse_decimal_rounds_half_up_and_checks_precision(void) {
    int64_t v = 0;
    CU_ASSERT_TRUE(parse_dec(10, 2, "12.345", &v));
    CU_ASSERT_EQUAL(v, 1235);
    CU_ASSERT_TRUE(parse_dec(10, 2, "-12.345", &v));
    CU_ASSERT_EQUAL(v, -1235);
    CU_ASSERT_TRUE(parse_dec(10, 2, "12.344", &v));
    CU_ASSERT_EQUAL(v, 1234);
    CU_ASSERT_TRUE(parse_dec(10, 2, "7", &v));
    CU_ASSERT_EQUAL(v, 700);
    CU_ASSERT_TRUE(parse_dec(10, 2, "1.5e2", &v));
    CU_ASSERT_EQUAL(v, 15000);
    CU_ASSERT_TRUE(parse_dec(10, 2, "0.005", &v));
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_TRUE(parse_dec(10, 2, "0.0049", &v));
    CU_ASSERT_EQUAL(v, 0);
    CU_ASSERT_TRUE(parse_dec(5, 2, "999.99", &v));
    CU_ASSERT_EQUAL(v, 99999);
    CU_ASSERT_FALSE(parse_dec(5, 2, "999.995", &v)); /* rounds to 1000.00: too wide */
    CU_ASSERT_FALSE(parse_dec(5, 2, "1000", &v));
    CU_ASSERT_TRUE(parse_dec(18, 0, "999999999999999999", &v));
    CU_ASSERT_FALSE(parse_dec(18, 0, "9999999999999999999", &v));
    CU_ASSERT_FALSE(parse_dec(10, 2, "1.2.3", &v));
    CU_ASSERT_FALSE(parse_dec(10, 2, "abc", &v));
    CU_ASSERT_FALSE(parse_dec(10, 2, "", &v));
}

static void test_decimal_rescale_and_fits(void) {
    int64_t v = 0;
    CU_ASSERT_EQUAL(decimal_pow10[18], 1000000000000000000LL);
    CU_ASSERT_TRUE(decimal_rescale(12345, 3, 1, 10, &v));
    CU_ASSERT_EQUAL(v, 123); /* 12.345 -> 12.3 */
    CU_ASSERT_TRUE(decimal_rescale(12350, 3, 1, 10, &v));
    CU_ASSERT_EQUAL(v, 124); /* 12.350 -> 12.4, half up */
    CU_ASSERT_TRUE(decimal_rescale(-12350, 3, 1, 10, &v));
    CU_ASSERT_EQUAL(v, -124);
    CU_ASSERT_TRUE(decimal_rescale(5, 0, 2, 10, &v));
    CU_ASSERT_EQUAL(v, 500);
    CU_ASSERT_FALSE(decimal_rescale(5, 0, 2, 2, &v)); /* 5.00 needs precision 3 */
    CU_ASSERT_FALSE(decimal_rescale(INT64_MAX / 2, 0, 1, 18, &v));
    CU_ASSERT_TRUE(decimal_fits(99, 2));
    CU_ASSERT_FALSE(decimal_fits(100, 2));
    CU_ASSERT_FALSE(decimal_fits(-100, 2));
    CU_ASSERT_FALSE(decimal_fits(INT64_MIN, 18));
}

static void test_value_parse_booleans_and_strings(void) {
    uint8_t b = 7;
    CU_ASSERT_TRUE(parse(TYPE_BOOLEAN, " TRUE ", &b));
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_TRUE(parse(TYPE_BOOLEAN, "false", &b));
    CU_ASSERT_EQUAL(b, 0);
    CU_ASSERT_FALSE(parse(TYPE_BOOLEAN, "maybe", &b));
    StrRef s;
    SqlType str = type_string();
    CU_ASSERT_TRUE(type_parse_value(&str, " a b ", 5, &s));
    CU_ASSERT_EQUAL(s.len, 5); /* strings keep their blanks */
}

static void test_value_parse_times(void) {
    int64_t ts = 0;
    int32_t days = 0, ms = 0;
    CU_ASSERT_TRUE(parse(TYPE_TIMESTAMP, "2020-04-15 08:05:00.123", &ts));
    CU_ASSERT_EQUAL(ts, 1586937900123LL);
    CU_ASSERT_TRUE(parse(TYPE_TIMESTAMP, " 1970-01-01T00:00:01 ", &ts));
    CU_ASSERT_EQUAL(ts, 1000);
    CU_ASSERT_FALSE(parse(TYPE_TIMESTAMP, "2020-02-30 00:00:00", &ts));
    SqlType ts0 = type_timestamp(0);
    CU_ASSERT_TRUE(type_parse_value(&ts0, "1970-01-01 00:00:01.999", 23, &ts));
    CU_ASSERT_EQUAL(ts, 1000); /* truncated to the precision */
    SqlType ltz = type_make(TYPE_TIMESTAMP_LTZ);
    CU_ASSERT_TRUE(type_parse_value(&ltz, "1970-01-01 00:00:02Z", 20, &ts));
    CU_ASSERT_EQUAL(ts, 2000);
    CU_ASSERT_TRUE(parse(TYPE_DATE, "2020-04-15", &days));
    CU_ASSERT_EQUAL(days, 18367);
    CU_ASSERT_FALSE(parse(TYPE_DATE, "2020-13-01", &days));
    CU_ASSERT_TRUE(parse(TYPE_TIME, "08:05:01", &ms));
    CU_ASSERT_EQUAL(ms, 8 * 3600000 + 5 * 60000 + 1000);
    int64_t iv = 0;
    CU_ASSERT_TRUE(parse(TYPE_INTERVAL_DT, "+1 02:00:00.500", &iv));
    CU_ASSERT_EQUAL(iv, 86400000LL + 7200000LL + 500);
    CU_ASSERT_TRUE(parse(TYPE_INTERVAL_YM, "-1-02", &iv));
    CU_ASSERT_EQUAL(iv, -14);
    CU_ASSERT_FALSE(parse(TYPE_INTERVAL_YM, "1-", &iv));
}

/* ---- the type table and printing ---------------------------------------------------- */

static const char *type_str(SqlType t) {
    static char buf[64];
    StrBuf sb;
    sb_init(&sb);
    type_to_string(&t, &sb);
    snprintf(buf, sizeof buf, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return buf;
}

static void test_types_print_as_flink_describes_them(void) {
    CU_ASSERT_STRING_EQUAL(type_str(type_make(TYPE_INT)), "INT");
    CU_ASSERT_STRING_EQUAL(type_str(type_decimal(10, 2)), "DECIMAL(10, 2)");
    CU_ASSERT_STRING_EQUAL(type_str(type_string()), "STRING");
    CU_ASSERT_STRING_EQUAL(type_str(type_varchar(10)), "VARCHAR(10)");
    CU_ASSERT_STRING_EQUAL(type_str(type_timestamp(3)), "TIMESTAMP(3)");
    SqlType ltz = type_timestamp(3);
    ltz.id = TYPE_TIMESTAMP_LTZ;
    CU_ASSERT_STRING_EQUAL(type_str(ltz), "TIMESTAMP_LTZ(3)");
    SqlType nn = type_make(TYPE_BIGINT);
    nn.not_null = true;
    CU_ASSERT_STRING_EQUAL(type_str(nn), "BIGINT NOT NULL");
    CU_ASSERT_STRING_EQUAL(type_str(type_make(TYPE_INTERVAL_DT)), "INTERVAL SECOND(3)");
}

static void test_type_table_widths_match_physical_forms(void) {
    CU_ASSERT_EQUAL(type_width(TYPE_BOOLEAN), 1);
    CU_ASSERT_EQUAL(type_width(TYPE_INT), 4);
    CU_ASSERT_EQUAL(type_width(TYPE_DATE), 4);
    CU_ASSERT_EQUAL(type_width(TYPE_BIGINT), 8);
    CU_ASSERT_EQUAL(type_width(TYPE_DECIMAL), 8);
    CU_ASSERT_EQUAL(type_width(TYPE_TIMESTAMP), 8);
    CU_ASSERT_EQUAL(type_width(TYPE_VARCHAR), sizeof(StrRef));
    CU_ASSERT_TRUE(type_info(TYPE_DECIMAL)->is_numeric);
    CU_ASSERT_FALSE(type_info(TYPE_DECIMAL)->is_integer);
    CU_ASSERT_TRUE(type_info(TYPE_CHAR)->is_string);
    CU_ASSERT_TRUE(type_info(TYPE_DATE)->is_temporal);
    for (int id = 0; id < TYPE_COUNT_; id++)
        CU_ASSERT_EQUAL(type_info((TypeId)id)->id, id);
}

static const char *fmt(SqlType t, const void *v, FormatStyle style) {
    static char buf[128];
    StrBuf sb;
    sb_init(&sb);
    type_format_value(&t, v, style, &sb);
    snprintf(buf, sizeof buf, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return buf;
}

static void test_values_format_in_each_style(void) {
    int64_t ts = 1586937900000; /* 2020-04-15 08:05:00 */
    SqlType t3 = type_timestamp(3);
    CU_ASSERT_STRING_EQUAL(fmt(t3, &ts, FORMAT_SQL), "2020-04-15 08:05:00.000");
    CU_ASSERT_STRING_EQUAL(fmt(t3, &ts, FORMAT_JAVA), "2020-04-15T08:05");
    CU_ASSERT_STRING_EQUAL(fmt(t3, &ts, FORMAT_TEXT), "2020-04-15 08:05:00");
    int64_t ts2 = ts + 500;
    CU_ASSERT_STRING_EQUAL(fmt(t3, &ts2, FORMAT_JAVA), "2020-04-15T08:05:00.500");
    CU_ASSERT_STRING_EQUAL(fmt(t3, &ts2, FORMAT_TEXT), "2020-04-15 08:05:00.5");
    uint8_t yes = 1;
    CU_ASSERT_STRING_EQUAL(fmt(type_make(TYPE_BOOLEAN), &yes, FORMAT_SQL), "TRUE");
    CU_ASSERT_STRING_EQUAL(fmt(type_make(TYPE_BOOLEAN), &yes, FORMAT_JAVA), "true");
    int64_t dec = 1100;
    CU_ASSERT_STRING_EQUAL(fmt(type_decimal(10, 2), &dec, FORMAT_JAVA), "11.00");
    double d = 1e10;
    CU_ASSERT_STRING_EQUAL(fmt(type_make(TYPE_DOUBLE), &d, FORMAT_SQL), "1.0E10");
    int32_t day = 18367;
    CU_ASSERT_STRING_EQUAL(fmt(type_make(TYPE_DATE), &day, FORMAT_JAVA), "2020-04-15");
    int32_t tm = 8 * 3600000 + 5 * 60000;
    SqlType time0 = type_make(TYPE_TIME);
    CU_ASSERT_STRING_EQUAL(fmt(time0, &tm, FORMAT_SQL), "08:05:00");
    CU_ASSERT_STRING_EQUAL(fmt(time0, &tm, FORMAT_JAVA), "08:05");
    int64_t iv = 5000;
    CU_ASSERT_STRING_EQUAL(fmt(type_make(TYPE_INTERVAL_DT), &iv, FORMAT_SQL), "+0 00:00:05.000");
}

void suite_types(void) {
    static CU_TestInfo tests[] = {
        {"value_parse_integers_check_range_and_sign",
         test_value_parse_integers_check_range_and_sign},
        {"value_parse_doubles_exactly", test_value_parse_doubles_exactly},
        {"value_parse_decimal_rounds_half_up_and_checks_precision",
         test_value_parse_decimal_rounds_half_up_and_checks_precision},
        {"decimal_rescale_and_fits", test_decimal_rescale_and_fits},
        {"value_parse_booleans_and_strings", test_value_parse_booleans_and_strings},
        {"value_parse_times", test_value_parse_times},
        {"types_print_as_flink_describes_them", test_types_print_as_flink_describes_them},
        {"type_table_widths_match_physical_forms", test_type_table_widths_match_physical_forms},
        {"values_format_in_each_style", test_values_format_in_each_style},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("types", tests);
}
