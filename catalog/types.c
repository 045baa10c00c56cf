/*
 * types.c - the table of SQL types: names, physical widths, how each prints.
 *
 * Every type has one row in TYPE_TABLE; code that needs to know the width of a value
 * or whether a type is numeric asks here rather than switching on the id. Value
 * parsing lives beside it in value_parse.c.
 */
#include "catalog/catalog.h"

#include <string.h>
#include <time.h>

static const TypeInfo TYPE_TABLE[TYPE_COUNT_] = {
    [TYPE_NULL] = {TYPE_NULL, "NULL", 1, false, false, false, false},
    [TYPE_BOOLEAN] = {TYPE_BOOLEAN, "BOOLEAN", 1, false, false, false, false},
    [TYPE_TINYINT] = {TYPE_TINYINT, "TINYINT", 4, true, true, false, false},
    [TYPE_SMALLINT] = {TYPE_SMALLINT, "SMALLINT", 4, true, true, false, false},
    [TYPE_INT] = {TYPE_INT, "INT", 4, true, true, false, false},
    [TYPE_BIGINT] = {TYPE_BIGINT, "BIGINT", 8, true, true, false, false},
    [TYPE_FLOAT] = {TYPE_FLOAT, "FLOAT", 4, true, false, false, false},
    [TYPE_DOUBLE] = {TYPE_DOUBLE, "DOUBLE", 8, true, false, false, false},
    [TYPE_DECIMAL] = {TYPE_DECIMAL, "DECIMAL", 8, true, false, false, false},
    [TYPE_CHAR] = {TYPE_CHAR, "CHAR", sizeof(StrRef), false, false, true, false},
    [TYPE_VARCHAR] = {TYPE_VARCHAR, "VARCHAR", sizeof(StrRef), false, false, true, false},
    [TYPE_TIMESTAMP] = {TYPE_TIMESTAMP, "TIMESTAMP", 8, false, false, false, true},
    [TYPE_TIMESTAMP_LTZ] = {TYPE_TIMESTAMP_LTZ, "TIMESTAMP_LTZ", 8, false, false, false, true},
    [TYPE_DATE] = {TYPE_DATE, "DATE", 4, false, false, false, true},
    [TYPE_TIME] = {TYPE_TIME, "TIME", 4, false, false, false, true},
    [TYPE_INTERVAL_DT] = {TYPE_INTERVAL_DT, "INTERVAL", 8, false, false, false, false},
    [TYPE_INTERVAL_YM] = {TYPE_INTERVAL_YM, "INTERVAL", 8, false, false, false, false},
};

const TypeInfo *type_info(TypeId id) {
    return &TYPE_TABLE[id];
}

SqlType type_make(TypeId id) {
    SqlType t = {id, 0, 0, false};
    switch (id) {
        case TYPE_DECIMAL:
            t.precision = 10;
            break;
        case TYPE_VARCHAR:
            t.precision = TYPE_STRING_MAX_LEN;
            break;
        case TYPE_CHAR:
            t.precision = 1;
            break;
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ:
        case TYPE_INTERVAL_DT:
            t.precision = 3;
            break;
        default:
            break;
    }
    return t;
}

SqlType type_decimal(int precision, int scale) {
    SqlType t = {TYPE_DECIMAL, precision, scale, false};
    return t;
}

SqlType type_varchar(int32_t length) {
    SqlType t = {TYPE_VARCHAR, length, 0, false};
    return t;
}

SqlType type_string(void) {
    return type_varchar(TYPE_STRING_MAX_LEN);
}

SqlType type_timestamp(int precision) {
    SqlType t = {TYPE_TIMESTAMP, precision, 0, false};
    return t;
}

bool type_equal(const SqlType *a, const SqlType *b) {
    return a->id == b->id && a->precision == b->precision && a->scale == b->scale;
}

void type_to_string(const SqlType *t, StrBuf *out) {
    switch (t->id) {
        case TYPE_DECIMAL:
            sb_printf(out, "DECIMAL(%d, %d)", t->precision, t->scale);
            break;
        case TYPE_VARCHAR:
            if (t->precision == TYPE_STRING_MAX_LEN)
                sb_append(out, "STRING");
            else
                sb_printf(out, "VARCHAR(%d)", t->precision);
            break;
        case TYPE_CHAR:
            sb_printf(out, "CHAR(%d)", t->precision);
            break;
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ:
            sb_printf(out, "%s(%d)", type_info(t->id)->name, t->precision);
            break;
        case TYPE_TIME:
            sb_printf(out, "TIME(%d)", t->precision);
            break;
        case TYPE_INTERVAL_DT:
            sb_printf(out, "INTERVAL SECOND(%d)", t->precision);
            break;
        case TYPE_INTERVAL_YM:
            sb_append(out, "INTERVAL MONTH");
            break;
        default:
            sb_append(out, type_info(t->id)->name);
            break;
    }
    if (t->not_null)
        sb_append(out, " NOT NULL");
}

const char *type_name_arena(const SqlType *t, Arena *arena) {
    StrBuf sb;
    sb_init(&sb);
    type_to_string(t, &sb);
    const char *s = arena_strdup(arena, sb_cstr(&sb));
    sb_free(&sb);
    return s;
}

/* ---- formatting -------------------------------------------------------------------- */

/* TIMESTAMP_LTZ values are instants; they print as wall-clock time in the local zone. */
static int64_t ltz_to_local(int64_t utc_ms) {
    time_t secs = (time_t)time_floor_div(utc_ms, 1000);
    struct tm tm;
    if (!localtime_r(&secs, &tm))
        return utc_ms;
    return utc_ms + (int64_t)tm.tm_gmtoff * 1000;
}

/* Flink's csv and json formats write the fraction of a second without trailing zeros
 * and leave it out when it is zero. */
static size_t format_timestamp_text(int64_t ms, char *buf) {
    size_t n = time_format_sql(ms, 3, buf);
    while (n > 0 && buf[n - 1] == '0')
        n--;
    if (n > 0 && buf[n - 1] == '.')
        n--;
    buf[n] = '\0';
    return n;
}

void type_format_value(const SqlType *t, const void *value, FormatStyle style, StrBuf *out) {
    char buf[128];
    size_t n = 0;
    switch (t->id) {
        case TYPE_NULL:
            sb_append(out, style == FORMAT_JAVA ? "null" : "NULL");
            return;
        case TYPE_BOOLEAN: {
            bool v = *(const uint8_t *)value != 0;
            if (style == FORMAT_SQL)
                sb_append(out, v ? "TRUE" : "FALSE");
            else
                sb_append(out, v ? "true" : "false");
            return;
        }
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
            n = fmt_int64(*(const int32_t *)value, buf);
            break;
        case TYPE_BIGINT:
            n = fmt_int64(*(const int64_t *)value, buf);
            break;
        case TYPE_FLOAT:
            n = fmt_float_java(*(const float *)value, buf);
            break;
        case TYPE_DOUBLE:
            n = fmt_double_java(*(const double *)value, buf);
            break;
        case TYPE_DECIMAL:
            n = fmt_decimal(*(const int64_t *)value, t->scale, buf);
            break;
        case TYPE_CHAR:
        case TYPE_VARCHAR: {
            const StrRef *s = value;
            sb_append_n(out, s->ptr, s->len);
            return;
        }
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ: {
            int64_t ms = *(const int64_t *)value;
            if (t->id == TYPE_TIMESTAMP_LTZ)
                ms = ltz_to_local(ms);
            if (style == FORMAT_JAVA) /* Row.toString: a LocalDateTime, or an Instant */
                n = t->id == TYPE_TIMESTAMP_LTZ ? time_format_instant(*(const int64_t *)value, buf)
                                                : time_format_iso(ms, buf);
            else if (style == FORMAT_TEXT)
                n = format_timestamp_text(ms, buf);
            else
                n = time_format_sql(ms, t->precision > 3 ? 3 : t->precision, buf);
            break;
        }
        case TYPE_DATE:
            n = time_format_date(*(const int32_t *)value, buf);
            break;
        case TYPE_TIME: {
            int32_t ms = *(const int32_t *)value;
            n = time_format_time(ms, buf);
            /* Java's LocalTime.toString leaves out zero seconds: 08:05 */
            if (style == FORMAT_JAVA && n == 8 && ms % 60000 == 0)
                n = 5;
            buf[n] = '\0';
            break;
        }
        case TYPE_INTERVAL_DT:
            if (style == FORMAT_JAVA) /* Row.toString: a java.time.Duration */
                n = time_format_duration(*(const int64_t *)value, buf);
            else
                n = time_format_interval(*(const int64_t *)value, buf);
            break;
        case TYPE_INTERVAL_YM:
            if (style == FORMAT_JAVA) /* Row.toString: a java.time.Period */
                n = time_format_period(*(const int64_t *)value, buf);
            else
                n = time_format_interval_months(*(const int64_t *)value, buf);
            break;
        case TYPE_COUNT_:
            break;
    }
    sb_append_n(out, buf, n);
}
