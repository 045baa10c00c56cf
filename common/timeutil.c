/*
 * timeutil.c - the calendar arithmetic behind TIMESTAMP, DATE, TIME and INTERVAL: parsing,
 * formatting (as Java and Flink print), EXTRACT, FLOOR/CEIL and month arithmetic.
 *
 * A timestamp is a wall-clock reading held as int64 milliseconds since 1970-01-01
 * 00:00:00 with no time zone, a date is int days since the same day. Everything is the
 * proleptic Gregorian calendar, as java.time uses. Conversions between day numbers and
 * (year, month, day) use the era algorithm: shift the year to start on March 1st so the
 * leap day is the last day of the year, then count 400-year eras of 146097 days, years
 * within the era, and days within the year by a linear formula over the five-month
 * cycle of 153 days. All divisions that can see negative numbers are floor divisions,
 * so 1969-12-31 23:59:59.999 is -1 ms and falls on day -1, not day 0.
 *
 * Semantics follow Flink's runtime where it is well defined:
 *  - EXTRACT(MILLISECOND) is the millisecond within the second (0..999), SECOND the
 *    second within the minute; DOW is 1 = Sunday; WEEK is the ISO-8601 week; DECADE is
 *    year / 10, CENTURY and MILLENNIUM count from year 1 (2000 is in the 20th century).
 *  - FLOOR(ts TO WEEK) goes back to the Sunday; CENTURY floors to year 1901, 2001...
 *  - CEIL is the smallest boundary at or after the value, so an aligned value is itself.
 *    (Flink's CEIL to WEEK and longer looks at the date only, so it maps 2020-04-01 10:00
 *    TO MONTH to 2020-04-01 and an aligned 2001-01-01 TO CENTURY to 2101; we do not.)
 *  - Adding months keeps the time of day and clamps the day to the end of the month.
 * Where Flink truncates (Java `/` on a negative timestamp) we floor instead.
 */
#include "common/common.h"

#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- units ------------------------------------------------------------------------ */

typedef struct UnitName {
    const char *singular;
    const char *plural;
    TimeUnit unit;
} UnitName;

static const UnitName UNIT_NAMES[] = {
    {"MILLISECOND", "MILLISECONDS", TIME_UNIT_MILLISECOND},
    {"SECOND", "SECONDS", TIME_UNIT_SECOND},
    {"MINUTE", "MINUTES", TIME_UNIT_MINUTE},
    {"HOUR", "HOURS", TIME_UNIT_HOUR},
    {"DAY", "DAYS", TIME_UNIT_DAY},
    {"WEEK", "WEEKS", TIME_UNIT_WEEK},
    {"MONTH", "MONTHS", TIME_UNIT_MONTH},
    {"QUARTER", "QUARTERS", TIME_UNIT_QUARTER},
    {"YEAR", "YEARS", TIME_UNIT_YEAR},
    {"DECADE", "DECADES", TIME_UNIT_DECADE},
    {"CENTURY", "CENTURIES", TIME_UNIT_CENTURY},
    {"MILLENNIUM", "MILLENNIA", TIME_UNIT_MILLENNIUM},
    {"DOW", "DOW", TIME_UNIT_DOW},
    {"DOY", "DOY", TIME_UNIT_DOY},
    {"EPOCH", "EPOCH", TIME_UNIT_EPOCH},
    {"MICROSECOND", "MICROSECONDS", TIME_UNIT_MICROSECOND},
    {"NANOSECOND", "NANOSECONDS", TIME_UNIT_NANOSECOND},
};

static bool name_equals(const char *name, size_t len, const char *upper) {
    size_t n = strlen(upper);
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != upper[i])
            return false;
    }
    return true;
}

bool time_unit_from_name(const char *name, size_t len, TimeUnit *out) {
    for (size_t i = 0; i < ARRAY_LEN(UNIT_NAMES); i++) {
        const UnitName *u = &UNIT_NAMES[i];
        if (name_equals(name, len, u->singular) || name_equals(name, len, u->plural)) {
            *out = u->unit;
            return true;
        }
    }
    if (name_equals(name, len, "MILLENNIUMS")) {
        *out = TIME_UNIT_MILLENNIUM;
        return true;
    }
    return false;
}

const char *time_unit_name(TimeUnit unit) {
    for (size_t i = 0; i < ARRAY_LEN(UNIT_NAMES); i++)
        if (UNIT_NAMES[i].unit == unit)
            return UNIT_NAMES[i].singular;
    return "?";
}

/* ---- calendar arithmetic ---------------------------------------------------------- */

int64_t time_floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int64_t time_floor_mod(int64_t a, int64_t b) {
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        r += b;
    return r;
}

static bool is_leap_year(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m) {
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : DAYS[m - 1];
}

int64_t time_days_from_civil(int64_t year, int month, int day) {
    int64_t y = month <= 2 ? year - 1 : year; /* the year starts on March 1st */
    int64_t era = time_floor_div(y, 400);
    int64_t yoe = y - era * 400;                         /* 0..399 */
    int64_t mp = month > 2 ? month - 3 : month + 9;      /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;          /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
    return era * 146097 + doe - 719468; /* 719468 = days from 0000-03-01 to 1970-01-01 */
}

void time_civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
    int64_t z = days + 719468;
    int64_t era = time_floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                      /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                    /* March = 0 */
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (m <= 2 ? 1 : 0);
    *month = m;
    *day = d;
}

/* A timestamp broken into its fields. */
typedef struct Civil {
    int64_t year;
    int month, day;
    int hour, minute, second, milli;
    int64_t days; /* day number of the date part */
} Civil;

static void civil_from_ms(int64_t ms, Civil *c) {
    c->days = time_floor_div(ms, MS_PER_DAY);
    int64_t ms_of_day = ms - c->days * MS_PER_DAY;
    time_civil_from_days(c->days, &c->year, &c->month, &c->day);
    c->hour = (int)(ms_of_day / MS_PER_HOUR);
    c->minute = (int)(ms_of_day / MS_PER_MINUTE % 60);
    c->second = (int)(ms_of_day / MS_PER_SECOND % 60);
    c->milli = (int)(ms_of_day % 1000);
}

static int64_t ms_from_fields(int64_t days, int hour, int minute, int second, int milli) {
    return days * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE +
           second * MS_PER_SECOND + milli;
}

/* 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
static int iso_day_of_week(int64_t days) {
    return (int)time_floor_mod(days + 3, 7) + 1;
}

static int day_of_year(int64_t days, int64_t year) {
    return (int)(days - time_days_from_civil(year, 1, 1)) + 1;
}

/* The ISO-8601 week number: the week (Monday to Sunday) that holds the year's first
 * Thursday is week 1; the year of a week is the year of its Thursday. */
static int iso_week(int64_t days) {
    int64_t thursday = days - iso_day_of_week(days) + 4;
    int64_t year;
    int month, day;
    time_civil_from_days(thursday, &year, &month, &day);
    return (day_of_year(thursday, year) - 1) / 7 + 1;
}

/* ---- parsing ---------------------------------------------------------------------- */

/* A cursor over the text being parsed. */
typedef struct Scan {
    const char *s;
    size_t len;
    size_t pos;
} Scan;

static bool scan_at_end(const Scan *sc) {
    return sc->pos >= sc->len;
}

static bool scan_char(Scan *sc, char c) {
    if (sc->pos < sc->len && sc->s[sc->pos] == c) {
        sc->pos++;
        return true;
    }
    return false;
}

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/* Reads min..max digits as a number. */
static bool scan_digits(Scan *sc, int min, int max, int64_t *out) {
    int64_t v = 0;
    int n = 0;
    while (n < max && sc->pos < sc->len && is_digit(sc->s[sc->pos])) {
        v = v * 10 + (sc->s[sc->pos] - '0');
        sc->pos++;
        n++;
    }
    *out = v;
    return n >= min;
}

/* Reads a fraction of a second of 1..9 digits, truncated to milliseconds. */
static bool scan_fraction_ms(Scan *sc, int *out_ms) {
    int ms = 0, n = 0;
    while (sc->pos < sc->len && is_digit(sc->s[sc->pos])) {
        if (n < 3)
            ms = ms * 10 + (sc->s[sc->pos] - '0');
        sc->pos++;
        if (++n > 9)
            return false;
    }
    if (n == 0)
        return false;
    for (int i = n; i < 3; i++)
        ms *= 10;
    *out_ms = ms;
    return true;
}

/* "YYYY-M[M]-D[D]" into a day number, checking the day exists. */
static bool scan_date(Scan *sc, int64_t *out_days) {
    int64_t y, m, d;
    if (!scan_digits(sc, 4, 4, &y) || !scan_char(sc, '-') || !scan_digits(sc, 1, 2, &m) ||
        !scan_char(sc, '-') || !scan_digits(sc, 1, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, (int)m))
        return false;
    *out_days = time_days_from_civil(y, (int)m, (int)d);
    return true;
}

/* "H[H]:M[M][:S[S][.fraction]]" into milliseconds since midnight. */
static bool scan_time(Scan *sc, int64_t *out_ms) {
    int64_t h, mi, s = 0;
    int ms = 0;
    if (!scan_digits(sc, 1, 2, &h) || !scan_char(sc, ':') || !scan_digits(sc, 1, 2, &mi))
        return false;
    if (scan_char(sc, ':')) {
        if (!scan_digits(sc, 1, 2, &s))
            return false;
        if (scan_char(sc, '.') && !scan_fraction_ms(sc, &ms))
            return false;
    }
    if (h > 23 || mi > 59 || s > 59)
        return false;
    *out_ms = ms_from_fields(0, (int)h, (int)mi, (int)s, ms);
    return true;
}

bool time_parse_timestamp(const char *s, size_t len, int64_t *out_ms) {
    Scan sc = {s, len, 0};
    int64_t days, ms_of_day = 0;
    if (!scan_date(&sc, &days))
        return false;
    if (!scan_at_end(&sc)) {
        if (!scan_char(&sc, ' ') && !scan_char(&sc, 'T'))
            return false;
        if (!scan_time(&sc, &ms_of_day))
            return false;
    }
    if (!scan_at_end(&sc))
        return false;
    *out_ms = days * MS_PER_DAY + ms_of_day;
    return true;
}

bool time_parse_date(const char *s, size_t len, int32_t *out_days) {
    Scan sc = {s, len, 0};
    int64_t days;
    if (!scan_date(&sc, &days) || !scan_at_end(&sc))
        return false;
    *out_days = (int32_t)days;
    return true;
}

bool time_parse_time(const char *s, size_t len, int32_t *out_ms) {
    Scan sc = {s, len, 0};
    int64_t ms;
    if (!scan_time(&sc, &ms) || !scan_at_end(&sc))
        return false;
    *out_ms = (int32_t)ms;
    return true;
}

/* ---- patterns (DATE_FORMAT, TO_TIMESTAMP) ----------------------------------------- */

/*
 * A pattern is a sequence of tokens: a run of one pattern letter ("yyyy"), a literal
 * (quoted text, '' for a quote, or any other non-letter character), or an optional
 * section bracket, which we ignore because every field is always present.
 */
typedef enum TokKind { TOK_FIELD, TOK_LITERAL, TOK_END } TokKind;

typedef struct PatTok {
    TokKind kind;
    char letter;   /* TOK_FIELD */
    int count;     /* TOK_FIELD: how many times the letter repeats */
    const char *s; /* TOK_LITERAL: the text, with quote doubling still in place */
    size_t len;
    bool quoted;
} PatTok;

static bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads the token at *p and advances it. */
static PatTok pat_next(const char **p) {
    PatTok t = {TOK_END, 0, 0, NULL, 0, false};
    const char *f = *p;
    while (*f == '[' || *f == ']')
        f++;
    if (!*f) {
        *p = f;
        return t;
    }
    if (is_letter(*f)) {
        t.kind = TOK_FIELD;
        t.letter = *f;
        while (*f == t.letter) {
            t.count++;
            f++;
        }
    } else if (*f == '\'') {
        t.kind = TOK_LITERAL;
        if (f[1] == '\'') { /* '' outside quotes is one quote */
            t.s = f;
            t.len = 1;
            f += 2;
        } else {
            t.quoted = true;
            t.s = ++f;
            while (*f) {
                if (*f == '\'' && f[1] == '\'')
                    f += 2;
                else if (*f == '\'')
                    break;
                else
                    f++;
            }
            t.len = (size_t)(f - t.s);
            if (*f == '\'')
                f++;
        }
    } else {
        t.kind = TOK_LITERAL;
        t.s = f++;
        t.len = 1;
    }
    *p = f;
    return t;
}

static const char *const MONTH_NAMES[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const DAY_NAMES[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

/* A bounded writer that never overruns and always leaves room for the NUL. */
typedef struct Out {
    char *buf;
    size_t cap;
    size_t len;
} Out;

static void out_char(Out *o, char c) {
    if (o->len + 1 < o->cap)
        o->buf[o->len++] = c;
}

static void out_str(Out *o, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        out_char(o, s[i]);
}

/* A non-negative number with at least `width` digits. */
static void out_num(Out *o, int64_t v, int width) {
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        out_char(o, '-');
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    for (int i = n; i < width; i++)
        out_char(o, '0');
    while (n)
        out_char(o, tmp[--n]);
}

/* The literal's text with '' turned into '. */
static void out_literal(Out *o, const PatTok *t) {
    for (size_t i = 0; i < t->len; i++) {
        out_char(o, t->s[i]);
        if (t->quoted && t->s[i] == '\'')
            i++;
    }
}

static void out_name(Out *o, const char *name, int count) {
    if (count == 5)
        out_char(o, name[0]);
    else if (count >= 4)
        out_str(o, name, strlen(name));
    else
        out_str(o, name, 3);
}

size_t time_format_pattern(int64_t ms, const char *fmt, char *buf, size_t cap) {
    Out o = {buf, cap, 0};
    if (cap == 0)
        return 0;
    Civil c;
    civil_from_ms(ms, &c);
    const char *p = fmt;
    for (PatTok t = pat_next(&p); t.kind != TOK_END; t = pat_next(&p)) {
        if (t.kind == TOK_LITERAL) {
            out_literal(&o, &t);
            continue;
        }
        int n = t.count;
        switch (t.letter) {
            case 'y':
            case 'u':
                if (n == 2)
                    out_num(&o, time_floor_mod(c.year, 100), 2);
                else
                    out_num(&o, c.year, n);
                break;
            case 'M':
            case 'L':
                if (n >= 3)
                    out_name(&o, MONTH_NAMES[c.month - 1], n);
                else
                    out_num(&o, c.month, n);
                break;
            case 'd':
                out_num(&o, c.day, n);
                break;
            case 'D':
                out_num(&o, day_of_year(c.days, c.year), n);
                break;
            case 'H':
                out_num(&o, c.hour, n);
                break;
            case 'k': /* 1..24 */
                out_num(&o, c.hour == 0 ? 24 : c.hour, n);
                break;
            case 'K': /* 0..11 */
                out_num(&o, c.hour % 12, n);
                break;
            case 'h': /* 1..12 */
                out_num(&o, c.hour % 12 == 0 ? 12 : c.hour % 12, n);
                break;
            case 'm':
                out_num(&o, c.minute, n);
                break;
            case 's':
                out_num(&o, c.second, n);
                break;
            case 'S': { /* fraction of a second, n digits, truncated */
                int digits[3] = {c.milli / 100, c.milli / 10 % 10, c.milli % 10};
                for (int i = 0; i < n; i++)
                    out_char(&o, (char)('0' + (i < 3 ? digits[i] : 0)));
                break;
            }
            case 'a':
                out_str(&o, c.hour < 12 ? "AM" : "PM", 2);
                break;
            case 'E':
                out_name(&o, DAY_NAMES[iso_day_of_week(c.days) - 1], n);
                break;
            case 'e': /* localized day of week, Sunday first (US) */
                out_num(&o, iso_day_of_week(c.days) % 7 + 1, n);
                break;
            case 'w':
                out_num(&o, iso_week(c.days), n);
                break;
            case 'Q':
            case 'q':
                out_num(&o, (c.month + 2) / 3, n);
                break;
            default: /* not a field we know: keep the letters as they are */
                for (int i = 0; i < n; i++)
                    out_char(&o, t.letter);
                break;
        }
    }
    buf[o.len] = '\0';
    return o.len;
}

/* Fields found while parsing with a pattern; -1 means "not in the text". */
typedef struct Parsed {
    int64_t year;
    int month, day, doy;
    int hour, hour12, minute, second, milli;
    int pm; /* -1, 0 = AM, 1 = PM */
} Parsed;

static bool is_numeric_field(const PatTok *t) {
    if (t->kind != TOK_FIELD)
        return false;
    switch (t->letter) {
        case 'M':
        case 'L':
            return t->count <= 2;
        case 'y':
        case 'u':
        case 'd':
        case 'D':
        case 'H':
        case 'h':
        case 'k':
        case 'K':
        case 'm':
        case 's':
        case 'S':
            return true;
        default:
            return false;
    }
}

/* Matches one of `names` (full or three-letter form, any case); returns its index. */
static int scan_name(Scan *sc, const char *const *names, int n_names) {
    for (int full = 1; full >= 0; full--) {
        for (int i = 0; i < n_names; i++) {
            size_t n = full ? strlen(names[i]) : 3;
            if (sc->len - sc->pos >= n && strncasecmp(sc->s + sc->pos, names[i], n) == 0) {
                sc->pos += n;
                return i;
            }
        }
    }
    return -1;
}

static bool parse_field(Scan *sc, const PatTok *t, const PatTok *next, Parsed *f) {
    int n = t->count;
    bool adjacent = is_numeric_field(next);
    int64_t v;
    switch (t->letter) {
        case 'y':
        case 'u':
            if (n == 2) {
                if (!scan_digits(sc, 2, 2, &v))
                    return false;
                f->year = 2000 + v;
            } else {
                if (!scan_digits(sc, n, adjacent ? n : 9, &v))
                    return false;
                f->year = v;
            }
            return true;
        case 'M':
        case 'L':
            if (n >= 3) {
                int m = scan_name(sc, MONTH_NAMES, 12);
                if (m < 0)
                    return false;
                f->month = m + 1;
                return true;
            }
            break;
        case 'E': {
            return scan_name(sc, DAY_NAMES, 7) >= 0;
        }
        case 'a':
            if (sc->len - sc->pos >= 2 && strncasecmp(sc->s + sc->pos, "AM", 2) == 0)
                f->pm = 0;
            else if (sc->len - sc->pos >= 2 && strncasecmp(sc->s + sc->pos, "PM", 2) == 0)
                f->pm = 1;
            else
                return false;
            sc->pos += 2;
            return true;
        case 'S': {
            if (!scan_digits(sc, n, n, &v))
                return false;
            for (int i = n; i < 3; i++)
                v *= 10;
            for (int i = 3; i < n; i++)
                v /= 10;
            f->milli = (int)v;
            return true;
        }
        case 'd':
        case 'D':
        case 'H':
        case 'h':
        case 'k':
        case 'K':
        case 'm':
        case 's':
            break;
        default:
            return false; /* a letter with no meaning in a parse pattern */
    }
    /* The plain numeric fields: one letter reads one or two digits (three for a day of
     * the year), more letters read exactly that many. */
    int max = t->letter == 'D' ? 3 : 2;
    if (n >= 2)
        max = n;
    else if (adjacent)
        max = 1;
    if (!scan_digits(sc, n, max, &v))
        return false;
    if (v > 100000) /* a long run of letters; no field is that large */
        return false;
    switch (t->letter) {
        case 'M':
        case 'L':
            f->month = (int)v;
            break;
        case 'd':
            f->day = (int)v;
            break;
        case 'D':
            f->doy = (int)v;
            break;
        case 'H':
            f->hour = (int)v;
            break;
        case 'k':
            f->hour = v == 24 ? 0 : (int)v;
            break;
        case 'h':
            if (v < 1 || v > 12)
                return false;
            f->hour12 = (int)(v % 12);
            break;
        case 'K':
            if (v > 11)
                return false;
            f->hour12 = (int)v;
            break;
        case 'm':
            f->minute = (int)v;
            break;
        case 's':
            f->second = (int)v;
            break;
    }
    return true;
}

static bool parse_literal(Scan *sc, const PatTok *t) {
    for (size_t i = 0; i < t->len; i++) {
        if (!scan_char(sc, t->s[i]))
            return false;
        if (t->quoted && t->s[i] == '\'')
            i++;
    }
    return true;
}

/* Parses `s` strictly with the pattern; false when it does not match. */
static bool parse_with_pattern(const char *s, size_t len, const char *fmt, int64_t *out_ms) {
    Parsed f = {1970, -1, -1, -1, -1, -1, 0, 0, 0, -1};
    Scan sc = {s, len, 0};
    const char *p = fmt;
    PatTok t = pat_next(&p);
    while (t.kind != TOK_END) {
        PatTok next = pat_next(&p);
        if (t.kind == TOK_LITERAL ? !parse_literal(&sc, &t) : !parse_field(&sc, &t, &next, &f))
            return false;
        t = next;
    }
    if (!scan_at_end(&sc))
        return false;

    /* Resolve: the date from month/day or day of year, the hour from its forms. */
    int64_t days;
    if (f.doy >= 0 && f.month < 0 && f.day < 0) {
        if (f.doy < 1 || f.doy > (is_leap_year(f.year) ? 366 : 365))
            return false;
        days = time_days_from_civil(f.year, 1, 1) + f.doy - 1;
    } else {
        int month = f.month < 0 ? 1 : f.month;
        int day = f.day < 0 ? 1 : f.day;
        if (month < 1 || month > 12 || day < 1 || day > days_in_month(f.year, month))
            return false;
        days = time_days_from_civil(f.year, month, day);
        if (f.doy >= 0 && day_of_year(days, f.year) != f.doy)
            return false;
    }
    int hour = 0;
    if (f.hour >= 0) {
        hour = f.hour;
        if (f.hour12 >= 0 && f.hour12 != hour % 12)
            return false;
        if (f.pm >= 0 && (hour >= 12) != (f.pm == 1))
            return false;
    } else if (f.hour12 >= 0) {
        hour = f.hour12 + (f.pm == 1 ? 12 : 0);
    }
    if (hour > 23 || f.minute > 59 || f.second > 59)
        return false;
    *out_ms = ms_from_fields(days, hour, f.minute, f.second, f.milli);
    return true;
}

bool time_parse_with_format(const char *s, size_t len, const char *fmt, int64_t *out_ms) {
    if (!fmt)
        fmt = "yyyy-MM-dd HH:mm:ss"; /* Flink's TO_TIMESTAMP default */
    if (parse_with_pattern(s, len, fmt, out_ms))
        return true;
    /* Flink falls back to the SQL forms ("1999-9-10 05:20:10", "1999-9-10") when the
     * pattern does not match, after trimming spaces. */
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return time_parse_timestamp(s, len, out_ms);
}

/* ---- formatting ------------------------------------------------------------------- */

/*
 * The year as java.time prints it: at least four digits, '-' before negative years and,
 * when `plus_beyond_9999`, '+' before years past 9999.
 */
static void out_year(Out *o, int64_t year, bool plus_beyond_9999) {
    if (year > 9999 && plus_beyond_9999)
        out_char(o, '+');
    if (year < 0) {
        out_char(o, '-');
        out_num(o, -year, 4);
    } else {
        out_num(o, year, 4);
    }
}

static void out_date(Out *o, const Civil *c, bool plus_beyond_9999) {
    out_year(o, c->year, plus_beyond_9999);
    out_char(o, '-');
    out_num(o, c->month, 2);
    out_char(o, '-');
    out_num(o, c->day, 2);
}

size_t time_format_sql(int64_t ms, int precision, char *buf) {
    Out o = {buf, 64, 0};
    Civil c;
    civil_from_ms(ms, &c);
    out_date(&o, &c, false);
    out_char(&o, ' ');
    out_num(&o, c.hour, 2);
    out_char(&o, ':');
    out_num(&o, c.minute, 2);
    out_char(&o, ':');
    out_num(&o, c.second, 2);
    if (precision > 9)
        precision = 9;
    if (precision > 0) {
        int digits[3] = {c.milli / 100, c.milli / 10 % 10, c.milli % 10};
        out_char(&o, '.');
        for (int i = 0; i < precision; i++)
            out_char(&o, (char)('0' + (i < 3 ? digits[i] : 0)));
    }
    buf[o.len] = '\0';
    return o.len;
}

size_t time_format_iso(int64_t ms, char *buf) {
    Out o = {buf, 64, 0};
    Civil c;
    civil_from_ms(ms, &c);
    out_date(&o, &c, true);
    out_char(&o, 'T');
    out_num(&o, c.hour, 2);
    out_char(&o, ':');
    out_num(&o, c.minute, 2);
    if (c.second > 0 || c.milli > 0) {
        out_char(&o, ':');
        out_num(&o, c.second, 2);
        if (c.milli > 0) { /* whole milliseconds: Java prints three digits */
            out_char(&o, '.');
            out_num(&o, c.milli, 3);
        }
    }
    buf[o.len] = '\0';
    return o.len;
}

size_t time_format_date(int32_t days, char *buf) {
    Out o = {buf, 64, 0};
    Civil c;
    civil_from_ms((int64_t)days * MS_PER_DAY, &c);
    out_date(&o, &c, true);
    buf[o.len] = '\0';
    return o.len;
}

size_t time_format_time(int32_t ms_of_day, char *buf) {
    Out o = {buf, 64, 0};
    int64_t ms = time_floor_mod(ms_of_day, MS_PER_DAY);
    out_num(&o, ms / MS_PER_HOUR, 2);
    out_char(&o, ':');
    out_num(&o, ms / MS_PER_MINUTE % 60, 2);
    out_char(&o, ':');
    out_num(&o, ms / MS_PER_SECOND % 60, 2);
    buf[o.len] = '\0';
    return o.len;
}

size_t time_format_interval(int64_t ms, char *buf) {
    Out o = {buf, 64, 0};
    out_char(&o, ms < 0 ? '-' : '+');
    uint64_t v = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms;
    uint64_t days = v / (uint64_t)MS_PER_DAY;
    uint64_t rest = v % (uint64_t)MS_PER_DAY;
    /* days fits in int64: at most 2^63 / 86400000 */
    out_num(&o, (int64_t)days, 1);
    out_char(&o, ' ');
    out_num(&o, (int64_t)(rest / MS_PER_HOUR), 2);
    out_char(&o, ':');
    out_num(&o, (int64_t)(rest / MS_PER_MINUTE % 60), 2);
    out_char(&o, ':');
    out_num(&o, (int64_t)(rest / MS_PER_SECOND % 60), 2);
    out_char(&o, '.');
    out_num(&o, (int64_t)(rest % 1000), 3);
    buf[o.len] = '\0';
    return o.len;
}

size_t time_format_interval_months(int64_t months, char *buf) {
    Out o = {buf, 64, 0};
    out_char(&o, months < 0 ? '-' : '+');
    uint64_t v = months < 0 ? 0 - (uint64_t)months : (uint64_t)months;
    out_num(&o, (int64_t)(v / 12), 1);
    out_char(&o, '-');
    out_num(&o, (int64_t)(v % 12), 2);
    buf[o.len] = '\0';
    return o.len;
}

/* ---- EXTRACT, FLOOR, CEIL --------------------------------------------------------- */

int64_t time_extract(int64_t ms, TimeUnit unit) {
    Civil c;
    civil_from_ms(ms, &c);
    switch (unit) {
        case TIME_UNIT_MILLISECOND:
            return time_floor_mod(ms, 1000);
        case TIME_UNIT_MICROSECOND:
            return time_floor_mod(ms, 1000) * 1000;
        case TIME_UNIT_NANOSECOND:
            return time_floor_mod(ms, 1000) * 1000000;
        case TIME_UNIT_SECOND:
            return c.second;
        case TIME_UNIT_MINUTE:
            return c.minute;
        case TIME_UNIT_HOUR:
            return c.hour;
        case TIME_UNIT_DAY:
            return c.day;
        case TIME_UNIT_WEEK:
            return iso_week(c.days);
        case TIME_UNIT_MONTH:
            return c.month;
        case TIME_UNIT_QUARTER:
            return (c.month + 2) / 3;
        case TIME_UNIT_YEAR:
            return c.year;
        /* Flink's formulas, Java's truncating division included. */
        case TIME_UNIT_DECADE:
            return c.year / 10;
        case TIME_UNIT_CENTURY:
            return c.year > 0 ? (c.year + 99) / 100 : (c.year - 99) / 100;
        case TIME_UNIT_MILLENNIUM:
            return c.year > 0 ? (c.year + 999) / 1000 : (c.year - 999) / 1000;
        case TIME_UNIT_DOW:
            return iso_day_of_week(c.days) % 7 + 1;
        case TIME_UNIT_DOY:
            return day_of_year(c.days, c.year);
        case TIME_UNIT_EPOCH:
            return time_floor_div(ms, 1000);
    }
    return 0;
}

/* Months in one unit of the month-based units, 0 for the others. */
static int64_t unit_months(TimeUnit unit) {
    switch (unit) {
        case TIME_UNIT_MONTH:
            return 1;
        case TIME_UNIT_QUARTER:
            return 3;
        case TIME_UNIT_YEAR:
            return 12;
        case TIME_UNIT_DECADE:
            return 120;
        case TIME_UNIT_CENTURY:
            return 1200;
        case TIME_UNIT_MILLENNIUM:
            return 12000;
        default:
            return 0;
    }
}

/* Milliseconds in one unit of the fixed-length units, 0 for the others. */
static int64_t unit_ms(TimeUnit unit) {
    switch (unit) {
        case TIME_UNIT_MILLISECOND:
            return 1;
        case TIME_UNIT_SECOND:
            return MS_PER_SECOND;
        case TIME_UNIT_MINUTE:
            return MS_PER_MINUTE;
        case TIME_UNIT_HOUR:
            return MS_PER_HOUR;
        case TIME_UNIT_DAY:
            return MS_PER_DAY;
        case TIME_UNIT_WEEK:
            return 7 * MS_PER_DAY;
        default:
            return 0;
    }
}

int64_t time_floor_to(int64_t ms, TimeUnit unit) {
    Civil c;
    int64_t year;
    int month = 1;
    switch (unit) {
        case TIME_UNIT_MILLISECOND:
        case TIME_UNIT_SECOND:
        case TIME_UNIT_MINUTE:
        case TIME_UNIT_HOUR:
        case TIME_UNIT_DAY:
            return ms - time_floor_mod(ms, unit_ms(unit));
        case TIME_UNIT_WEEK: { /* back to the Sunday, as Calcite and Flink */
            int64_t days = time_floor_div(ms, MS_PER_DAY);
            return (days - iso_day_of_week(days) % 7) * MS_PER_DAY;
        }
        case TIME_UNIT_MONTH:
        case TIME_UNIT_QUARTER:
        case TIME_UNIT_YEAR:
        case TIME_UNIT_DECADE:
        case TIME_UNIT_CENTURY:
        case TIME_UNIT_MILLENNIUM:
            civil_from_ms(ms, &c);
            year = c.year;
            if (unit == TIME_UNIT_MONTH)
                month = c.month;
            else if (unit == TIME_UNIT_QUARTER)
                month = (c.month - 1) / 3 * 3 + 1;
            else if (unit == TIME_UNIT_DECADE)
                year = time_floor_div(year, 10) * 10;
            else if (unit == TIME_UNIT_CENTURY) /* centuries start in year 1, 101, ... */
                year = time_floor_div(year - 1, 100) * 100 + 1;
            else if (unit == TIME_UNIT_MILLENNIUM)
                year = time_floor_div(year - 1, 1000) * 1000 + 1;
            return time_days_from_civil(year, month, 1) * MS_PER_DAY;
        case TIME_UNIT_DOW:
        case TIME_UNIT_DOY:
        case TIME_UNIT_EPOCH:
        case TIME_UNIT_MICROSECOND:
        case TIME_UNIT_NANOSECOND:
            break;
    }
    return ms; /* not a unit to floor to; the binder rejects these */
}

int64_t time_ceil_to(int64_t ms, TimeUnit unit) {
    int64_t floor = time_floor_to(ms, unit);
    if (floor == ms)
        return ms;
    if (unit_ms(unit))
        return floor + unit_ms(unit);
    if (unit_months(unit))
        return time_add_months(floor, unit_months(unit));
    return ms;
}

int64_t time_add_months(int64_t ms, int64_t months) {
    int64_t days = time_floor_div(ms, MS_PER_DAY);
    int64_t ms_of_day = ms - days * MS_PER_DAY;
    int64_t year;
    int month, day;
    time_civil_from_days(days, &year, &month, &day);
    int64_t total = year * 12 + (month - 1) + months;
    year = time_floor_div(total, 12);
    month = (int)time_floor_mod(total, 12) + 1;
    if (day > days_in_month(year, month))
        day = days_in_month(year, month);
    return time_days_from_civil(year, month, day) * MS_PER_DAY + ms_of_day;
}

/* ---- now ------------------------------------------------------------------------- */

int64_t time_now_utc_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int time_parse_duration_ms(const char *s, int64_t *out) {
    static const struct {
        const char *name;
        int64_t num, den; /* ms = n * num / den */
    } UNITS[] = {
        {"d", 86400000, 1},
        {"day", 86400000, 1},
        {"days", 86400000, 1},
        {"h", 3600000, 1},
        {"hour", 3600000, 1},
        {"hours", 3600000, 1},
        {"min", 60000, 1},
        {"m", 60000, 1},
        {"minute", 60000, 1},
        {"minutes", 60000, 1},
        {"s", 1000, 1},
        {"sec", 1000, 1},
        {"secs", 1000, 1},
        {"second", 1000, 1},
        {"seconds", 1000, 1},
        {"ms", 1, 1},
        {"milli", 1, 1},
        {"millis", 1, 1},
        {"millisecond", 1, 1},
        {"milliseconds", 1, 1},
        {"", 1, 1},
        {"us", 1, 1000},
        {"micro", 1, 1000},
        {"micros", 1, 1000},
        {"microsecond", 1, 1000},
        {"microseconds", 1, 1000},
        {"ns", 1, 1000000},
        {"nano", 1, 1000000},
        {"nanos", 1, 1000000},
        {"nanosecond", 1, 1000000},
        {"nanoseconds", 1, 1000000},
    };
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    int64_t n = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (n > (INT64_MAX - 9) / 10)
            return -1;
        n = n * 10 + (*s - '0');
    }
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    for (size_t u = 0; u < sizeof UNITS / sizeof UNITS[0]; u++) {
        if (strlen(UNITS[u].name) != len || strncasecmp(UNITS[u].name, s, len) != 0)
            continue;
        if (n > INT64_MAX / UNITS[u].num)
            return -1;
        *out = n * UNITS[u].num / UNITS[u].den;
        return 0;
    }
    return -1;
}

int64_t time_now_local_ms(void) {
    int64_t utc = time_now_utc_ms();
    time_t secs = (time_t)time_floor_div(utc, 1000);
    struct tm tm;
    if (!localtime_r(&secs, &tm))
        return utc;
    return utc + (int64_t)tm.tm_gmtoff * 1000;
}

/* ---- Java's Instant, Duration and Period ------------------------------------------ */

size_t time_format_instant(int64_t ms, char *buf) {
    /* ISO-8601 in UTC: like LocalDateTime, but the seconds are always written */
    int64_t days = time_floor_div(ms, MS_PER_DAY);
    int64_t in_day = time_floor_mod(ms, MS_PER_DAY);
    size_t n = time_format_date((int32_t)days, buf);
    int h = (int)(in_day / MS_PER_HOUR), mi = (int)(in_day / MS_PER_MINUTE % 60);
    int sec = (int)(in_day / 1000 % 60), milli = (int)(in_day % 1000);
    n += (size_t)sprintf(buf + n, "T%02d:%02d:%02d", h, mi, sec);
    if (milli)
        n += (size_t)sprintf(buf + n, ".%03d", milli);
    buf[n++] = 'Z';
    buf[n] = '\0';
    return n;
}

size_t time_format_duration(int64_t ms, char *buf) {
    if (ms == 0)
        return (size_t)sprintf(buf, "PT0S");
    /* Java keeps whole seconds (rounded down) and a non-negative fraction; it prints the
     * hours, minutes and seconds of the seconds rounded toward zero, with the sign on
     * each part, and the fraction after the seconds. */
    bool neg = ms < 0;
    uint64_t mag = neg ? 0u - (uint64_t)ms : (uint64_t)ms;
    uint64_t total_secs = mag / 1000, milli = mag % 1000;
    uint64_t hours = total_secs / 3600, minutes = total_secs % 3600 / 60, secs = total_secs % 60;
    const char *sign = neg ? "-" : "";
    size_t n = (size_t)sprintf(buf, "PT");
    if (hours)
        n += (size_t)sprintf(buf + n,
                             "%s%llu"
                             "H",
                             sign, (unsigned long long)hours);
    if (minutes)
        n += (size_t)sprintf(buf + n,
                             "%s%llu"
                             "M",
                             sign, (unsigned long long)minutes);
    if (secs == 0 && milli == 0)
        return n;
    n += (size_t)sprintf(buf + n, "%s%llu", sign, (unsigned long long)secs);
    if (milli) {
        n += (size_t)sprintf(buf + n, ".%03llu", (unsigned long long)milli);
        while (buf[n - 1] == '0')
            n--;
    }
    buf[n++] = 'S';
    buf[n] = '\0';
    return n;
}

size_t time_format_period(int64_t months, char *buf) {
    if (months == 0)
        return (size_t)sprintf(buf, "P0D");
    int64_t years = months / 12, rest = months % 12; /* both carry the sign */
    size_t n = (size_t)sprintf(buf, "P");
    if (years)
        n += (size_t)sprintf(buf + n, "%lldY", (long long)years);
    if (rest)
        n += (size_t)sprintf(buf + n, "%lldM", (long long)rest);
    return n;
}
