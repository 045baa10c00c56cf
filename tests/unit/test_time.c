/* test_time.c - calendar arithmetic, parsing, formatting, EXTRACT, FLOOR and CEIL. */
#include "common/common.h"

#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ------------------------------------------------------------------------ */

/* A timestamp from its SQL text; the parser itself is pinned down by its own tests. */
static int64_t ts(const char *s) {
    int64_t ms = INT64_MIN;
    bool ok = time_parse_timestamp(s, strlen(s), &ms);
    CU_ASSERT_TRUE(ok);
    if (!ok)
        fprintf(stderr, "\n  cannot parse %s", s);
    return ms;
}

static bool parses(const char *s) {
    int64_t ms;
    return time_parse_timestamp(s, strlen(s), &ms);
}

static int64_t civil_ms(int64_t year, int month, int day) {
    return time_days_from_civil(year, month, day) * MS_PER_DAY;
}

/* A small deterministic generator: xorshift64. */
static uint64_t next_random(uint64_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* A timestamp between years 1 and 9999. */
static int64_t random_ms(uint64_t *state) {
    int64_t lo = -62135596800000LL, hi = 253402300799999LL;
    return lo + (int64_t)(next_random(state) % (uint64_t)(hi - lo));
}

#define ASSERT_FMT(call, want)                                                                     \
    do {                                                                                           \
        char buf_[128];                                                                            \
        size_t n_ = call;                                                                          \
        if (strcmp(buf_, want) != 0)                                                               \
            fprintf(stderr, "\n  line %d: got \"%s\" want \"%s\"", __LINE__, buf_, want);          \
        CU_ASSERT_STRING_EQUAL(buf_, want);                                                        \
        CU_ASSERT_EQUAL(n_, strlen(want));                                                         \
    } while (0)

/* ---- calendar --------------------------------------------------------------------- */

static void test_civil_known_days(void) {
    CU_ASSERT_EQUAL(time_days_from_civil(1970, 1, 1), 0);
    CU_ASSERT_EQUAL(time_days_from_civil(1969, 12, 31), -1);
    CU_ASSERT_EQUAL(time_days_from_civil(2000, 3, 1), 11017);
    CU_ASSERT_EQUAL(time_days_from_civil(2020, 2, 29), 18321);
    CU_ASSERT_EQUAL(time_days_from_civil(1, 1, 1), -719162);
    CU_ASSERT_EQUAL(time_days_from_civil(9999, 12, 31), 2932896);
    CU_ASSERT_EQUAL(time_days_from_civil(1899, 12, 31), -25568);
    /* Leap years: divisible by 4, except centuries, except every 400 years. */
    CU_ASSERT_EQUAL(time_days_from_civil(1900, 3, 1) - time_days_from_civil(1900, 2, 28), 1);
    CU_ASSERT_EQUAL(time_days_from_civil(2000, 3, 1) - time_days_from_civil(2000, 2, 28), 2);
    CU_ASSERT_EQUAL(time_days_from_civil(2024, 3, 1) - time_days_from_civil(2024, 2, 28), 2);
    CU_ASSERT_EQUAL(time_days_from_civil(2023, 3, 1) - time_days_from_civil(2023, 2, 28), 1);
    CU_ASSERT_EQUAL(time_days_from_civil(2001, 1, 1) - time_days_from_civil(2000, 1, 1), 366);
    CU_ASSERT_EQUAL(time_days_from_civil(2101, 1, 1) - time_days_from_civil(2100, 1, 1), 365);
    /* Year 0 is a leap year in the proleptic calendar; negative years work too. */
    CU_ASSERT_EQUAL(time_days_from_civil(0, 3, 1) - time_days_from_civil(0, 2, 28), 2);
    CU_ASSERT_EQUAL(time_days_from_civil(-1, 12, 31) + 1, time_days_from_civil(0, 1, 1));
}

/* Walking day by day across 4,400 years, each day is the one after the previous. */
static void test_civil_round_trips_day_by_day(void) {
    int64_t year;
    int month, day;
    time_civil_from_days(-1000000, &year, &month, &day);
    int failures = 0;
    for (int64_t days = -1000000; days <= 1000000 && failures < 5; days++) {
        int64_t y2;
        int m2, d2;
        time_civil_from_days(days + 1, &y2, &m2, &d2);
        bool next_ok = (y2 == year && m2 == month && d2 == day + 1) ||
                       (y2 == year && m2 == month + 1 && d2 == 1 && day >= 28) ||
                       (y2 == year + 1 && m2 == 1 && d2 == 1 && month == 12 && day == 31);
        bool back_ok = time_days_from_civil(year, month, day) == days;
        if (!next_ok || !back_ok) {
            failures++;
            fprintf(stderr, "\n  day %lld: %lld-%d-%d", (long long)days, (long long)year, month,
                    day);
        }
        year = y2;
        month = m2;
        day = d2;
    }
    CU_ASSERT_EQUAL(failures, 0);
}

static void test_floor_div_and_mod_round_down(void) {
    CU_ASSERT_EQUAL(time_floor_div(7, 2), 3);
    CU_ASSERT_EQUAL(time_floor_div(-7, 2), -4);
    CU_ASSERT_EQUAL(time_floor_div(-8, 2), -4);
    CU_ASSERT_EQUAL(time_floor_div(7, -2), -4);
    CU_ASSERT_EQUAL(time_floor_div(-1, MS_PER_DAY), -1);
    CU_ASSERT_EQUAL(time_floor_div(0, MS_PER_DAY), 0);
    CU_ASSERT_EQUAL(time_floor_mod(-1, 1000), 999);
    CU_ASSERT_EQUAL(time_floor_mod(-1000, 1000), 0);
    CU_ASSERT_EQUAL(time_floor_mod(1001, 1000), 1);
    CU_ASSERT_EQUAL(time_floor_mod(7, -2), -1);
}

/* ---- units ------------------------------------------------------------------------ */

static void test_unit_names_any_case_and_plural(void) {
    TimeUnit u;
    CU_ASSERT_TRUE(time_unit_from_name("MINUTES", 7, &u));
    CU_ASSERT_EQUAL(u, TIME_UNIT_MINUTE);
    CU_ASSERT_TRUE(time_unit_from_name("day", 3, &u));
    CU_ASSERT_EQUAL(u, TIME_UNIT_DAY);
    CU_ASSERT_TRUE(time_unit_from_name("Centuries", 9, &u));
    CU_ASSERT_EQUAL(u, TIME_UNIT_CENTURY);
    CU_ASSERT_TRUE(time_unit_from_name("millennia", 9, &u));
    CU_ASSERT_EQUAL(u, TIME_UNIT_MILLENNIUM);
    CU_ASSERT_TRUE(time_unit_from_name("dow", 3, &u));
    CU_ASSERT_EQUAL(u, TIME_UNIT_DOW);
    CU_ASSERT_TRUE(time_unit_from_name("SECONDS and more", 7, &u)); /* only len counts */
    CU_ASSERT_EQUAL(u, TIME_UNIT_SECOND);
    CU_ASSERT_FALSE(time_unit_from_name("fortnight", 9, &u));
    CU_ASSERT_FALSE(time_unit_from_name("SECONDSS", 8, &u));
    CU_ASSERT_FALSE(time_unit_from_name("SECOND", 5, &u));
    CU_ASSERT_FALSE(time_unit_from_name("", 0, &u));
    CU_ASSERT_STRING_EQUAL(time_unit_name(TIME_UNIT_MINUTE), "MINUTE");
    CU_ASSERT_STRING_EQUAL(time_unit_name(TIME_UNIT_MILLENNIUM), "MILLENNIUM");
    for (int i = TIME_UNIT_MILLISECOND; i <= TIME_UNIT_NANOSECOND; i++) {
        const char *name = time_unit_name((TimeUnit)i);
        CU_ASSERT_TRUE(time_unit_from_name(name, strlen(name), &u));
        CU_ASSERT_EQUAL(u, (TimeUnit)i);
    }
}

/* ---- parsing ---------------------------------------------------------------------- */

static void test_parse_timestamp_forms(void) {
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00"), 1586937900000LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00.5"), 1586937900500LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00.05"), 1586937900050LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00.123"), 1586937900123LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00.123456"), 1586937900123LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05:00.999999999"), 1586937900999LL);
    CU_ASSERT_EQUAL(ts("2020-04-15T08:05"), 1586937900000LL);
    CU_ASSERT_EQUAL(ts("2020-04-15 08:05"), 1586937900000LL);
    CU_ASSERT_EQUAL(ts("2020-04-15T08:09:59.999"), 1586938199999LL);
    CU_ASSERT_EQUAL(ts("2020-04-15"), 1586908800000LL);
    CU_ASSERT_EQUAL(ts("2020-4-5 8:05:00"), ts("2020-04-05 08:05:00"));
    CU_ASSERT_EQUAL(ts("1970-01-01 00:00:00"), 0);
    CU_ASSERT_EQUAL(ts("1969-12-31 23:59:59.999"), -1);
    CU_ASSERT_EQUAL(ts("1900-01-01 00:00:00"), -2208988800000LL);
    CU_ASSERT_EQUAL(ts("0001-01-01 00:00:00"), -62135596800000LL);
    CU_ASSERT_EQUAL(ts("2000-02-29 12:00:00"), civil_ms(2000, 2, 29) + 12 * MS_PER_HOUR);
    CU_ASSERT_EQUAL(ts("9999-12-31 23:59:59.999"), 253402300799999LL);
}

static void test_parse_timestamp_rejects_invalid(void) {
    const char *bad[] = {
        "",
        "2020",
        "2020-04",
        "2020-02-30",
        "2021-02-29",
        "1900-02-29",
        "2020-04-31",
        "2020-13-01",
        "2020-00-10",
        "2020-01-00",
        "2020-01-32",
        "2020-04-15 24:00:00",
        "2020-04-15 08:60:00",
        "2020-04-15 08:05:60",
        " 2020-04-15 08:05:00",
        "2020-04-15 08:05:00 ",
        "2020-04-15 08",
        "2020-04-15 08:",
        "2020-04-15 08:05:",
        "2020-04-15 08:05:00.",
        "2020-04-15 08:05:00.1234567890",
        "2020-04-15 08:05:00x",
        "2020-04-15x08:05:00",
        "2020-04-15  08:05:00",
        "20-04-15",
        "2020/04/15",
        "2020-123-01",
        "2020-04-15 008:05:00",
        "abcd-ef-gh",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        if (parses(bad[i]))
            fprintf(stderr, "\n  accepted \"%s\"", bad[i]);
        CU_ASSERT_FALSE(parses(bad[i]));
    }
    /* The length bounds the text: a valid prefix is not enough, a NUL is not an end. */
    int64_t ms;
    CU_ASSERT_TRUE(time_parse_timestamp("2020-04-15 08:05:00 junk", 19, &ms));
    CU_ASSERT_EQUAL(ms, 1586937900000LL);
    CU_ASSERT_FALSE(time_parse_timestamp("2020-04-15", 8, &ms));
}

static void test_parse_date_and_time(void) {
    int32_t days, ms;
    CU_ASSERT_TRUE(time_parse_date("2020-02-29", 10, &days));
    CU_ASSERT_EQUAL(days, 18321);
    CU_ASSERT_TRUE(time_parse_date("1969-12-31", 10, &days));
    CU_ASSERT_EQUAL(days, -1);
    CU_ASSERT_TRUE(time_parse_date("2020-4-5", 8, &days));
    CU_ASSERT_EQUAL(days, time_days_from_civil(2020, 4, 5));
    CU_ASSERT_FALSE(time_parse_date("2019-02-29", 10, &days));
    CU_ASSERT_FALSE(time_parse_date("2020-02-29 00:00", 16, &days));
    CU_ASSERT_FALSE(time_parse_date("", 0, &days));

    CU_ASSERT_TRUE(time_parse_time("08:05", 5, &ms));
    CU_ASSERT_EQUAL(ms, 8 * MS_PER_HOUR + 5 * MS_PER_MINUTE);
    CU_ASSERT_TRUE(time_parse_time("08:05:09", 8, &ms));
    CU_ASSERT_EQUAL(ms, 8 * MS_PER_HOUR + 5 * MS_PER_MINUTE + 9000);
    CU_ASSERT_TRUE(time_parse_time("23:59:59.999", 12, &ms));
    CU_ASSERT_EQUAL(ms, MS_PER_DAY - 1);
    CU_ASSERT_TRUE(time_parse_time("0:0:0.1", 7, &ms));
    CU_ASSERT_EQUAL(ms, 100);
    CU_ASSERT_FALSE(time_parse_time("24:00", 5, &ms));
    CU_ASSERT_FALSE(time_parse_time("12:60", 5, &ms));
    CU_ASSERT_FALSE(time_parse_time("12", 2, &ms));
    CU_ASSERT_FALSE(time_parse_time("12:00:00 ", 9, &ms));
}

static bool parse_fmt(const char *s, const char *fmt, int64_t *ms) {
    return time_parse_with_format(s, strlen(s), fmt, ms);
}

static void test_parse_with_format_reads_java_patterns(void) {
    int64_t ms;
    CU_ASSERT_TRUE(parse_fmt("2020-04-15 08:05:09", "yyyy-MM-dd HH:mm:ss", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 08:05:09"));
    CU_ASSERT_TRUE(parse_fmt("20200415", "yyyyMMdd", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15"));
    CU_ASSERT_TRUE(parse_fmt("15/04/2020 08:05", "dd/MM/yyyy HH:mm", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 08:05"));
    CU_ASSERT_TRUE(parse_fmt("2020-04-15T08:05:09.123", "yyyy-MM-dd'T'HH:mm:ss.SSS", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 08:05:09.123"));
    CU_ASSERT_TRUE(parse_fmt("Apr 15 2020 08:05 PM", "MMM dd yyyy hh:mm a", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 20:05"));
    CU_ASSERT_TRUE(parse_fmt("Wed, 15 April 2020", "EEE, d MMMM yyyy", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15"));
    CU_ASSERT_TRUE(parse_fmt("12:30 AM", "hh:mm a", &ms));
    CU_ASSERT_EQUAL(ms, 30 * MS_PER_MINUTE);
    CU_ASSERT_TRUE(parse_fmt("12:30 PM", "h:mm a", &ms));
    CU_ASSERT_EQUAL(ms, 12 * MS_PER_HOUR + 30 * MS_PER_MINUTE);
    CU_ASSERT_TRUE(parse_fmt("2020", "yyyy", &ms)); /* missing fields from the epoch */
    CU_ASSERT_EQUAL(ms, ts("2020-01-01"));
    CU_ASSERT_TRUE(parse_fmt("08:05", "HH:mm", &ms));
    CU_ASSERT_EQUAL(ms, 8 * MS_PER_HOUR + 5 * MS_PER_MINUTE);
    CU_ASSERT_TRUE(parse_fmt("2020-106", "yyyy-DDD", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15"));
    CU_ASSERT_TRUE(parse_fmt("20-4-5", "yy-M-d", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-05"));
    CU_ASSERT_TRUE(parse_fmt("it's 2020", "'it''s' yyyy", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-01-01"));
    CU_ASSERT_TRUE(parse_fmt("2020-04-15 08:05:09.5", "yyyy-MM-dd HH:mm:ss.S", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 08:05:09.500"));
    CU_ASSERT_TRUE(parse_fmt("202004150805", "yyyyMMddHHmm", &ms));
    CU_ASSERT_EQUAL(ms, ts("2020-04-15 08:05"));
}

static void test_parse_with_format_rejects_and_falls_back(void) {
    int64_t ms;
    CU_ASSERT_FALSE(parse_fmt("2020-13-01", "yyyy-MM-dd", &ms));
    CU_ASSERT_FALSE(parse_fmt("2020-02-30", "yyyy-MM-dd", &ms));
    CU_ASSERT_FALSE(parse_fmt("2020-04-15 x", "yyyy-MM-dd", &ms));
    CU_ASSERT_FALSE(parse_fmt("abc", "yyyy", &ms));
    CU_ASSERT_FALSE(parse_fmt("2020-04-15 25:00", "yyyy-MM-dd HH:mm", &ms));
    CU_ASSERT_FALSE(parse_fmt("13:00 PM", "hh:mm a", &ms));
    CU_ASSERT_FALSE(parse_fmt("", "yyyy-MM-dd", &ms));
    /* As Flink, text that misses the pattern is tried as a SQL timestamp or date. */
    CU_ASSERT_TRUE(parse_fmt("1999-9-10 05:20:10", "yyyy-MM-dd HH:mm:ss", &ms));
    CU_ASSERT_EQUAL(ms, ts("1999-09-10 05:20:10"));
    CU_ASSERT_TRUE(parse_fmt(" 1999-9-10 ", "yyyy-MM-dd HH:mm:ss", &ms));
    CU_ASSERT_EQUAL(ms, ts("1999-09-10"));
}

/* ---- formatting ------------------------------------------------------------------- */

static void test_format_sql(void) {
    int64_t t = ts("2020-04-15 08:05:00");
    ASSERT_FMT(time_format_sql(t, 3, buf_), "2020-04-15 08:05:00.000");
    ASSERT_FMT(time_format_sql(t, 0, buf_), "2020-04-15 08:05:00");
    ASSERT_FMT(time_format_sql(-1, 3, buf_), "1969-12-31 23:59:59.999");
    ASSERT_FMT(time_format_sql(-1, 1, buf_), "1969-12-31 23:59:59.9");
    ASSERT_FMT(time_format_sql(-1, 2, buf_), "1969-12-31 23:59:59.99");
    ASSERT_FMT(time_format_sql(-1, 0, buf_), "1969-12-31 23:59:59");
    ASSERT_FMT(time_format_sql(0, 3, buf_), "1970-01-01 00:00:00.000");
    ASSERT_FMT(time_format_sql(ts("0001-01-01"), 3, buf_), "0001-01-01 00:00:00.000");
    ASSERT_FMT(time_format_sql(ts("9999-12-31 23:59:59.999"), 3, buf_), "9999-12-31 23:59:59.999");
}

static void test_format_iso_as_java_local_date_time(void) {
    ASSERT_FMT(time_format_iso(ts("2020-10-10"), buf_), "2020-10-10T00:00");
    ASSERT_FMT(time_format_iso(ts("2020-10-10 00:00:05"), buf_), "2020-10-10T00:00:05");
    ASSERT_FMT(time_format_iso(ts("2020-04-15 08:09:59.999"), buf_), "2020-04-15T08:09:59.999");
    ASSERT_FMT(time_format_iso(ts("2020-01-01 00:00:00.1"), buf_), "2020-01-01T00:00:00.100");
    ASSERT_FMT(time_format_iso(ts("2020-01-01 00:00:00.001"), buf_), "2020-01-01T00:00:00.001");
    ASSERT_FMT(time_format_iso(ts("2020-01-01 13:07:00"), buf_), "2020-01-01T13:07");
    ASSERT_FMT(time_format_iso(-1, buf_), "1969-12-31T23:59:59.999");
    ASSERT_FMT(time_format_iso(civil_ms(999, 1, 1), buf_), "0999-01-01T00:00");
    ASSERT_FMT(time_format_iso(civil_ms(10000, 1, 1), buf_), "+10000-01-01T00:00");
    ASSERT_FMT(time_format_iso(civil_ms(-1, 12, 31), buf_), "-0001-12-31T00:00");
    ASSERT_FMT(time_format_iso(civil_ms(-12345, 6, 7), buf_), "-12345-06-07T00:00");
}

static void test_format_date_and_time(void) {
    ASSERT_FMT(time_format_date(0, buf_), "1970-01-01");
    ASSERT_FMT(time_format_date(-1, buf_), "1969-12-31");
    ASSERT_FMT(time_format_date(18321, buf_), "2020-02-29");
    ASSERT_FMT(time_format_date(2932896, buf_), "9999-12-31");
    ASSERT_FMT(time_format_date(-719162, buf_), "0001-01-01");
    ASSERT_FMT(time_format_time(8 * MS_PER_HOUR + 5 * MS_PER_MINUTE, buf_), "08:05:00");
    ASSERT_FMT(time_format_time(0, buf_), "00:00:00");
    ASSERT_FMT(time_format_time((int32_t)MS_PER_DAY - 1, buf_), "23:59:59");
}

static void test_format_pattern_java_letters(void) {
    int64_t t = ts("2020-04-15 08:05:09.123"); /* a Wednesday */
    ASSERT_FMT(time_format_pattern(t, "yyyy-MM-dd HH:mm:ss", buf_, 128), "2020-04-15 08:05:09");
    ASSERT_FMT(time_format_pattern(t, "yyyy-MM-dd HH:mm", buf_, 128), "2020-04-15 08:05");
    ASSERT_FMT(time_format_pattern(t, "yy/M/d H:m:s", buf_, 128), "20/4/15 8:5:9");
    ASSERT_FMT(time_format_pattern(t, "MMM dd, yyyy hh:mm a", buf_, 128), "Apr 15, 2020 08:05 AM");
    ASSERT_FMT(time_format_pattern(t, "EEE EEEE MMMM", buf_, 128), "Wed Wednesday April");
    ASSERT_FMT(time_format_pattern(t, "D DDD", buf_, 128), "106 106");
    ASSERT_FMT(time_format_pattern(ts("2020-01-05"), "D DDD", buf_, 128), "5 005");
    ASSERT_FMT(time_format_pattern(t, "yyyy-MM-dd'T'HH:mm:ss.SSS", buf_, 128),
               "2020-04-15T08:05:09.123");
    ASSERT_FMT(time_format_pattern(t, "S SS SSS SSSS", buf_, 128), "1 12 123 1230");
    ASSERT_FMT(time_format_pattern(t, "'o''clock' '' h", buf_, 128), "o'clock ' 8");
    ASSERT_FMT(time_format_pattern(t, "yyyyMMddHHmmss", buf_, 128), "20200415080509");
    ASSERT_FMT(time_format_pattern(ts("2020-04-15 00:30"), "h:mm a", buf_, 128), "12:30 AM");
    ASSERT_FMT(time_format_pattern(ts("2020-04-15 12:00"), "h:mm a", buf_, 128), "12:00 PM");
    ASSERT_FMT(time_format_pattern(ts("2020-04-15 13:00"), "hh a", buf_, 128), "01 PM");
    ASSERT_FMT(time_format_pattern(ts("2020-04-12"), "E", buf_, 128), "Sun");
    ASSERT_FMT(time_format_pattern(ts("2020-12-01"), "MMM", buf_, 128), "Dec");
    ASSERT_FMT(time_format_pattern(-1, "yyyy-MM-dd HH:mm:ss.SSS", buf_, 128),
               "1969-12-31 23:59:59.999");
    ASSERT_FMT(time_format_pattern(t, "", buf_, 128), "");
    /* The cap bounds the output, NUL included. */
    ASSERT_FMT(time_format_pattern(t, "yyyy-MM-dd", buf_, 5), "2020");
    ASSERT_FMT(time_format_pattern(t, "yyyy-MM-dd", buf_, 1), "");
    char untouched = 'x';
    CU_ASSERT_EQUAL(time_format_pattern(t, "yyyy", &untouched, 0), 0);
    CU_ASSERT_EQUAL(untouched, 'x');
}

static void test_format_intervals_as_flink(void) {
    ASSERT_FMT(time_format_interval(5000, buf_), "+0 00:00:05.000");
    ASSERT_FMT(time_format_interval(0, buf_), "+0 00:00:00.000");
    ASSERT_FMT(time_format_interval(-(MS_PER_DAY + 2 * MS_PER_HOUR), buf_), "-1 02:00:00.000");
    ASSERT_FMT(
        time_format_interval(10 * MS_PER_DAY + 3 * MS_PER_HOUR + 4 * MS_PER_MINUTE + 5006, buf_),
        "+10 03:04:05.006");
    ASSERT_FMT(time_format_interval(-1, buf_), "-0 00:00:00.001");
    ASSERT_FMT(time_format_interval(INT64_MIN, buf_), "-106751991167 07:12:55.808");
    ASSERT_FMT(time_format_interval_months(14, buf_), "+1-02");
    ASSERT_FMT(time_format_interval_months(-14, buf_), "-1-02");
    ASSERT_FMT(time_format_interval_months(0, buf_), "+0-00");
    ASSERT_FMT(time_format_interval_months(120, buf_), "+10-00");
    ASSERT_FMT(time_format_interval_months(11, buf_), "+0-11");
}

/* Formatting and parsing again gives back the same timestamp. */
static void test_format_then_parse_round_trips(void) {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    char buf[128];
    for (int i = 0; i < 20000; i++) {
        int64_t ms = random_ms(&state);
        int64_t back = 0;
        time_format_sql(ms, 3, buf);
        CU_ASSERT_TRUE(time_parse_timestamp(buf, strlen(buf), &back));
        CU_ASSERT_EQUAL(back, ms);
        time_format_iso(ms, buf);
        CU_ASSERT_TRUE(time_parse_timestamp(buf, strlen(buf), &back));
        CU_ASSERT_EQUAL(back, ms);
        time_format_pattern(ms, "dd.MM.yyyy HH:mm:ss.SSS", buf, sizeof buf);
        CU_ASSERT_TRUE(time_parse_with_format(buf, strlen(buf), "dd.MM.yyyy HH:mm:ss.SSS", &back));
        CU_ASSERT_EQUAL(back, ms);
    }
}

/* ---- EXTRACT ---------------------------------------------------------------------- */

static void test_extract_each_unit(void) {
    int64_t t = ts("2020-04-15 08:09:59.999"); /* a Wednesday */
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_YEAR), 2020);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_QUARTER), 2);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_MONTH), 4);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_WEEK), 16);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_DAY), 15);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_HOUR), 8);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_MINUTE), 9);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_SECOND), 59);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_MILLISECOND), 999);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_MICROSECOND), 999000);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_NANOSECOND), 999000000);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_DOW), 4);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_DOY), 106);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_EPOCH), 1586938199);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_DECADE), 202);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_CENTURY), 21);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_MILLENNIUM), 3);
    /* Quarters and days of the week at their edges. */
    CU_ASSERT_EQUAL(time_extract(ts("2020-03-31"), TIME_UNIT_QUARTER), 1);
    CU_ASSERT_EQUAL(time_extract(ts("2020-10-01"), TIME_UNIT_QUARTER), 4);
    CU_ASSERT_EQUAL(time_extract(ts("2020-04-12"), TIME_UNIT_DOW), 1); /* Sunday */
    CU_ASSERT_EQUAL(time_extract(ts("2020-04-18"), TIME_UNIT_DOW), 7); /* Saturday */
    CU_ASSERT_EQUAL(time_extract(ts("2020-12-31"), TIME_UNIT_DOY), 366);
    CU_ASSERT_EQUAL(time_extract(ts("2021-12-31"), TIME_UNIT_DOY), 365);
    /* Centuries and millennia count from year 1. */
    CU_ASSERT_EQUAL(time_extract(ts("2000-12-31"), TIME_UNIT_CENTURY), 20);
    CU_ASSERT_EQUAL(time_extract(ts("2001-01-01"), TIME_UNIT_CENTURY), 21);
    CU_ASSERT_EQUAL(time_extract(ts("2000-12-31"), TIME_UNIT_MILLENNIUM), 2);
    CU_ASSERT_EQUAL(time_extract(ts("1999-01-01"), TIME_UNIT_DECADE), 199);
}

static void test_extract_iso_week_at_year_edges(void) {
    CU_ASSERT_EQUAL(time_extract(ts("2021-01-01"), TIME_UNIT_WEEK), 53);
    CU_ASSERT_EQUAL(time_extract(ts("2020-12-31"), TIME_UNIT_WEEK), 53);
    CU_ASSERT_EQUAL(time_extract(ts("2019-12-30"), TIME_UNIT_WEEK), 1);
    CU_ASSERT_EQUAL(time_extract(ts("2018-12-31"), TIME_UNIT_WEEK), 1);
    CU_ASSERT_EQUAL(time_extract(ts("2024-12-30"), TIME_UNIT_WEEK), 1);
    CU_ASSERT_EQUAL(time_extract(ts("2021-01-04"), TIME_UNIT_WEEK), 1);
    CU_ASSERT_EQUAL(time_extract(ts("2021-01-03"), TIME_UNIT_WEEK), 53);
    CU_ASSERT_EQUAL(time_extract(ts("2016-01-03"), TIME_UNIT_WEEK), 53);
    CU_ASSERT_EQUAL(time_extract(ts("2017-01-01"), TIME_UNIT_WEEK), 52);
}

static void test_extract_before_1970(void) {
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_YEAR), 1969);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_MONTH), 12);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_DAY), 31);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_HOUR), 23);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_MINUTE), 59);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_SECOND), 59);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_MILLISECOND), 999);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_DOW), 4);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_DOY), 365);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_WEEK), 1);
    CU_ASSERT_EQUAL(time_extract(-1, TIME_UNIT_EPOCH), -1);
    CU_ASSERT_EQUAL(time_extract(-1000, TIME_UNIT_EPOCH), -1);
    CU_ASSERT_EQUAL(time_extract(-1001, TIME_UNIT_EPOCH), -2);
    int64_t t = ts("1900-01-01 06:30:00"); /* a Monday */
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_DOW), 2);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_HOUR), 6);
    CU_ASSERT_EQUAL(time_extract(t, TIME_UNIT_CENTURY), 19);
    CU_ASSERT_EQUAL(time_extract(ts("0001-06-01"), TIME_UNIT_CENTURY), 1);
    CU_ASSERT_EQUAL(time_extract(ts("0001-06-01"), TIME_UNIT_MILLENNIUM), 1);
}

/* The fields EXTRACT gives put the timestamp back together, for any timestamp. */
static void test_extract_fields_rebuild_the_timestamp(void) {
    uint64_t state = 12345;
    for (int i = 0; i < 20000; i++) {
        int64_t ms = random_ms(&state);
        int64_t days = time_days_from_civil(time_extract(ms, TIME_UNIT_YEAR),
                                            (int)time_extract(ms, TIME_UNIT_MONTH),
                                            (int)time_extract(ms, TIME_UNIT_DAY));
        int64_t back = days * MS_PER_DAY + time_extract(ms, TIME_UNIT_HOUR) * MS_PER_HOUR +
                       time_extract(ms, TIME_UNIT_MINUTE) * MS_PER_MINUTE +
                       time_extract(ms, TIME_UNIT_SECOND) * MS_PER_SECOND +
                       time_extract(ms, TIME_UNIT_MILLISECOND);
        CU_ASSERT_EQUAL(back, ms);
        int64_t doy = time_extract(ms, TIME_UNIT_DOY);
        CU_ASSERT_EQUAL(days - doy + 1,
                        time_days_from_civil(time_extract(ms, TIME_UNIT_YEAR), 1, 1));
        int64_t dow = time_extract(ms, TIME_UNIT_DOW);
        CU_ASSERT_EQUAL(time_floor_mod(days - (dow - 1), 7), 3); /* 1970-01-04 was Sunday */
        int64_t week = time_extract(ms, TIME_UNIT_WEEK);
        CU_ASSERT(week >= 1 && week <= 53);
        CU_ASSERT_EQUAL(time_extract(ms, TIME_UNIT_EPOCH), time_floor_div(ms, 1000));
    }
}

/* ---- FLOOR and CEIL --------------------------------------------------------------- */

static void test_floor_and_ceil_each_unit(void) {
    int64_t t = ts("2020-04-15 08:05:09.123");
    struct {
        TimeUnit unit;
        const char *floor, *ceil;
    } cases[] = {
        {TIME_UNIT_MILLISECOND, "2020-04-15 08:05:09.123", "2020-04-15 08:05:09.123"},
        {TIME_UNIT_SECOND, "2020-04-15 08:05:09", "2020-04-15 08:05:10"},
        {TIME_UNIT_MINUTE, "2020-04-15 08:05:00", "2020-04-15 08:06:00"},
        {TIME_UNIT_HOUR, "2020-04-15 08:00:00", "2020-04-15 09:00:00"},
        {TIME_UNIT_DAY, "2020-04-15", "2020-04-16"},
        {TIME_UNIT_WEEK, "2020-04-12", "2020-04-19"}, /* Sundays */
        {TIME_UNIT_MONTH, "2020-04-01", "2020-05-01"},
        {TIME_UNIT_QUARTER, "2020-04-01", "2020-07-01"},
        {TIME_UNIT_YEAR, "2020-01-01", "2021-01-01"},
        {TIME_UNIT_DECADE, "2020-01-01", "2030-01-01"},
        {TIME_UNIT_CENTURY, "2001-01-01", "2101-01-01"},
        {TIME_UNIT_MILLENNIUM, "2001-01-01", "3001-01-01"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        CU_ASSERT_EQUAL(time_floor_to(t, cases[i].unit), ts(cases[i].floor));
        CU_ASSERT_EQUAL(time_ceil_to(t, cases[i].unit), ts(cases[i].ceil));
    }
    CU_ASSERT_EQUAL(time_floor_to(ts("2020-12-31 23:59"), TIME_UNIT_QUARTER), ts("2020-10-01"));
    CU_ASSERT_EQUAL(time_ceil_to(ts("2020-12-31 23:59"), TIME_UNIT_QUARTER), ts("2021-01-01"));
    CU_ASSERT_EQUAL(time_floor_to(ts("2000-06-01"), TIME_UNIT_CENTURY), ts("1901-01-01"));
    CU_ASSERT_EQUAL(time_floor_to(ts("2020-04-12 10:00"), TIME_UNIT_WEEK), ts("2020-04-12"));
    CU_ASSERT_EQUAL(time_floor_to(ts("2020-04-18 23:59"), TIME_UNIT_WEEK), ts("2020-04-12"));
}

static void test_ceil_of_aligned_value_is_itself(void) {
    CU_ASSERT_EQUAL(time_ceil_to(ts("2020-04-15 08:00"), TIME_UNIT_HOUR), ts("2020-04-15 08:00"));
    CU_ASSERT_EQUAL(time_ceil_to(ts("2020-04-01"), TIME_UNIT_MONTH), ts("2020-04-01"));
    CU_ASSERT_EQUAL(time_ceil_to(ts("2020-04-12"), TIME_UNIT_WEEK), ts("2020-04-12"));
    CU_ASSERT_EQUAL(time_ceil_to(ts("2001-01-01"), TIME_UNIT_CENTURY), ts("2001-01-01"));
    /* The first day of a month but not midnight goes on to the next month. */
    CU_ASSERT_EQUAL(time_ceil_to(ts("2020-04-01 00:00:00.001"), TIME_UNIT_MONTH), ts("2020-05-01"));
}

static void test_floor_and_ceil_before_1970(void) {
    CU_ASSERT_EQUAL(time_floor_to(-1, TIME_UNIT_SECOND), -1000);
    CU_ASSERT_EQUAL(time_ceil_to(-1, TIME_UNIT_SECOND), 0);
    CU_ASSERT_EQUAL(time_floor_to(-1, TIME_UNIT_DAY), -MS_PER_DAY);
    CU_ASSERT_EQUAL(time_ceil_to(-1, TIME_UNIT_DAY), 0);
    CU_ASSERT_EQUAL(time_floor_to(-1, TIME_UNIT_MONTH), ts("1969-12-01"));
    CU_ASSERT_EQUAL(time_floor_to(-1, TIME_UNIT_YEAR), ts("1969-01-01"));
    CU_ASSERT_EQUAL(time_ceil_to(-1, TIME_UNIT_YEAR), 0);
    CU_ASSERT_EQUAL(time_floor_to(-1, TIME_UNIT_WEEK), ts("1969-12-28"));
    CU_ASSERT_EQUAL(time_floor_to(ts("1900-01-01 12:00"), TIME_UNIT_WEEK), ts("1899-12-31"));
    CU_ASSERT_EQUAL(time_floor_to(ts("1955-05-05 05:05"), TIME_UNIT_DECADE), ts("1950-01-01"));
    CU_ASSERT_EQUAL(time_ceil_to(0, TIME_UNIT_DAY), 0);
}

/* For every unit and many timestamps: floor <= ts <= ceil, one unit apart or equal. */
static void test_floor_ceil_bracket_every_timestamp(void) {
    static const TimeUnit units[] = {
        TIME_UNIT_SECOND, TIME_UNIT_MINUTE,  TIME_UNIT_HOUR,       TIME_UNIT_DAY,
        TIME_UNIT_WEEK,   TIME_UNIT_MONTH,   TIME_UNIT_QUARTER,    TIME_UNIT_YEAR,
        TIME_UNIT_DECADE, TIME_UNIT_CENTURY, TIME_UNIT_MILLENNIUM,
    };
    uint64_t state = 777;
    for (int i = 0; i < 5000; i++) {
        int64_t ms = random_ms(&state);
        if (i % 3 == 0) /* also values on boundaries */
            ms = time_floor_to(ms, units[i % ARRAY_LEN(units)]);
        for (size_t u = 0; u < ARRAY_LEN(units); u++) {
            int64_t f = time_floor_to(ms, units[u]);
            int64_t c = time_ceil_to(ms, units[u]);
            CU_ASSERT(f <= ms && ms <= c);
            CU_ASSERT_EQUAL(time_floor_to(f, units[u]), f);
            CU_ASSERT_EQUAL(time_ceil_to(c, units[u]), c);
            CU_ASSERT_EQUAL(time_floor_to(c, units[u]), c);
            if (f == ms) {
                CU_ASSERT_EQUAL(c, ms);
            } else { /* no boundary between floor and ceil */
                CU_ASSERT(c > f);
                CU_ASSERT_EQUAL(time_floor_to(c - 1, units[u]), f);
            }
        }
    }
}

/* ---- months ---------------------------------------------------------------------- */

static void test_add_months_clamps_the_day(void) {
    CU_ASSERT_EQUAL(time_add_months(ts("2020-01-31 10:00"), 1), ts("2020-02-29 10:00"));
    CU_ASSERT_EQUAL(time_add_months(ts("2021-01-31 10:00"), 1), ts("2021-02-28 10:00"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-03-31"), -1), ts("2020-02-29"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-05-31"), 1), ts("2020-06-30"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-05-15 01:02:03.004"), 12),
                    ts("2021-05-15 01:02:03.004"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-01-15"), -13), ts("2018-12-15"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-12-15"), 1), ts("2021-01-15"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-02-29"), 12), ts("2021-02-28"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-02-29"), 48), ts("2024-02-29"));
    CU_ASSERT_EQUAL(time_add_months(-1, 1), ts("1970-01-31 23:59:59.999"));
    CU_ASSERT_EQUAL(time_add_months(ts("1969-01-31"), -1), ts("1968-12-31"));
    CU_ASSERT_EQUAL(time_add_months(ts("2020-04-15"), 0), ts("2020-04-15"));
}

/* ---- now ------------------------------------------------------------------------- */

static void test_now_is_the_epoch_clock_and_local_offset(void) {
    int64_t before = (int64_t)time(NULL) * 1000;
    int64_t utc = time_now_utc_ms();
    int64_t local = time_now_local_ms();
    CU_ASSERT(utc >= before && utc < before + 5000);
    /* Time zones are within 14 hours of UTC. */
    CU_ASSERT(local - utc <= 14 * MS_PER_HOUR + 5000 && utc - local <= 14 * MS_PER_HOUR + 5000);
}

static void test_java_instant_duration_and_period_text(void) {
    char buf[64];
    time_format_instant(1586937900000LL, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2020-04-15T08:05:00Z");
    time_format_instant(1586937900500LL, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2020-04-15T08:05:00.500Z");
    time_format_instant(-1, buf);
    CU_ASSERT_STRING_EQUAL(buf, "1969-12-31T23:59:59.999Z");
    const struct {
        int64_t ms;
        const char *want;
    } durations[] = {
        {0, "PT0S"},          {5000, "PT5S"},       {500, "PT0.5S"},       {-1500, "PT-1.5S"},
        {5400000, "PT1H30M"}, {172800000, "PT48H"}, {3665000, "PT1H1M5S"}, {-3600000, "PT-1H"},
        {1, "PT0.001S"},      {-61000, "PT-1M-1S"},
    };
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        time_format_duration(durations[i].ms, buf);
        CU_ASSERT_STRING_EQUAL(buf, durations[i].want);
    }
    time_format_period(14, buf);
    CU_ASSERT_STRING_EQUAL(buf, "P1Y2M");
    time_format_period(3, buf);
    CU_ASSERT_STRING_EQUAL(buf, "P3M");
    time_format_period(24, buf);
    CU_ASSERT_STRING_EQUAL(buf, "P2Y");
    time_format_period(-14, buf);
    CU_ASSERT_STRING_EQUAL(buf, "P-1Y-2M");
    time_format_period(0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "P0D");
}

void suite_time(void) {
    static CU_TestInfo tests[] = {
        {"java_instant_duration_and_period_text", test_java_instant_duration_and_period_text},
        {"civil known days", test_civil_known_days},
        {"civil round-trips day by day", test_civil_round_trips_day_by_day},
        {"floor div and mod round down", test_floor_div_and_mod_round_down},
        {"unit names any case and plural", test_unit_names_any_case_and_plural},
        {"parse timestamp forms", test_parse_timestamp_forms},
        {"parse timestamp rejects invalid", test_parse_timestamp_rejects_invalid},
        {"parse date and time", test_parse_date_and_time},
        {"parse with format reads Java patterns", test_parse_with_format_reads_java_patterns},
        {"parse with format rejects and falls back", test_parse_with_format_rejects_and_falls_back},
        {"format sql", test_format_sql},
        {"format iso as Java LocalDateTime", test_format_iso_as_java_local_date_time},
        {"format date and time", test_format_date_and_time},
        {"format pattern Java letters", test_format_pattern_java_letters},
        {"format intervals as Flink", test_format_intervals_as_flink},
        {"format then parse round-trips", test_format_then_parse_round_trips},
        {"extract each unit", test_extract_each_unit},
        {"extract ISO week at year edges", test_extract_iso_week_at_year_edges},
        {"extract before 1970", test_extract_before_1970},
        {"extract fields rebuild the timestamp", test_extract_fields_rebuild_the_timestamp},
        {"floor and ceil each unit", test_floor_and_ceil_each_unit},
        {"ceil of aligned value is itself", test_ceil_of_aligned_value_is_itself},
        {"floor and ceil before 1970", test_floor_and_ceil_before_1970},
        {"floor/ceil bracket every timestamp", test_floor_ceil_bracket_every_timestamp},
        {"add months clamps the day", test_add_months_clamps_the_day},
        {"now is the epoch clock and local offset", test_now_is_the_epoch_clock_and_local_offset},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("time", tests);
}
