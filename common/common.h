/*
 * common.h - the small shared layer every folder may use: the arena allocator, the
 * growable string builder and diagnostics (an error message with a position).
 *
 * Nothing here knows about SQL, types or streams.
 */
#ifndef COMMON_COMMON_H
#define COMMON_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

/* ---- arena ------------------------------------------------------------------------- */

/*
 * An arena hands out memory from large blocks and frees it all at once. Allocations
 * are 16-byte aligned and never freed one by one. arena_reset keeps the first block
 * (so a per-batch arena reaches a steady state with no malloc at all) and frees the
 * rest.
 */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;  /* the block being filled */
    ArenaBlock *first; /* the oldest block, kept by arena_reset */
    size_t block_size;
    size_t n_bytes; /* bytes handed out since the last reset */
} Arena;

Arena *arena_new(size_t block_size);
void arena_free(Arena *arena);
void arena_reset(Arena *arena);
void *arena_alloc(Arena *arena, size_t size);  /* never NULL: aborts when out of memory */
void *arena_zalloc(Arena *arena, size_t size); /* zero-filled */
char *arena_strdup(Arena *arena, const char *s);
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_printf(Arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Aborting wrappers around malloc for long-lived, non-arena memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

/* ---- string builder ---------------------------------------------------------------- */

/* A growable, always NUL-terminated byte string. Zero-initialise to start empty. */
typedef struct StrBuf {
    char *data;
    size_t len;
    size_t cap;
} StrBuf;

void sb_init(StrBuf *sb);
void sb_free(StrBuf *sb);
void sb_clear(StrBuf *sb);
void sb_reserve(StrBuf *sb, size_t extra);
void sb_append(StrBuf *sb, const char *s);
void sb_append_n(StrBuf *sb, const char *s, size_t n);
void sb_append_char(StrBuf *sb, char c);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
const char *sb_cstr(StrBuf *sb); /* "" when empty, never NULL */

/* ---- bytes and UTF-8 (common/strbuf.c) --------------------------------------------- */

/* Writes code point cp as UTF-8 into out (room for 4 bytes); returns its length. */
uint32_t utf8_encode(uint32_t cp, char *out);

/* Eight bytes of text as a word whose lowest byte is the first one. */
static inline uint64_t bytes_load_word(const char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* 0x80 in each byte of w that equals the byte that `each` repeats, 0 elsewhere. */
static inline uint64_t bytes_equal_mask(uint64_t w, uint64_t each) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = w ^ each;
    return ~(((x & low7) + low7) | x | low7);
}

/* ---- diagnostics ------------------------------------------------------------------- */

/*
 * A Diag is the error a failing function reports to its caller, who owns it.
 * A position is either a byte offset into the SQL text being run (pos >= 0; the
 * renderer turns it into a line and column and draws a caret), or an explicit line
 * and column in some named input (a data file), or nothing.
 */
#define DIAG_MSG_MAX 1024

typedef struct Diag {
    char msg[DIAG_MSG_MAX];
    int pos;          /* byte offset into the SQL text, or -1 */
    int line;         /* 1-based line in `source`, or 0 */
    int col;          /* 1-based column in `source`, or 0 */
    char source[256]; /* e.g. a file name or "stdin"; "" when the SQL text */
    bool is_set;
} Diag;

void diag_init(Diag *d);
/* Sets the message (printf-style) with a SQL position (pos may be -1). Returns -1. */
int diag_set(Diag *d, int pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Sets the message with a line/column position in a named input. Returns -1. */
int diag_set_at(Diag *d, const char *source, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Prefixes the existing message with more context: "ctx: old message". */
void diag_prefix(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Writes the error to `out`: "Error: msg" and, when the position is a SQL offset into
 * `sql` (which may be NULL), the line and column, the line of SQL and a caret under it.
 * `script` names the script file for messages, or NULL.
 */
void diag_print(const Diag *d, const char *sql, const char *script, FILE *out);
/* As diag_print with another label than "Error:" (the shell's "[ERROR]"). */
void diag_print_as(const Diag *d, const char *sql, const char *script, FILE *out,
                   const char *label);
/* Turns a byte offset in text into a 1-based line and column. */
void diag_line_col(const char *text, int pos, int *line, int *col);

/* ---- time (common/timeutil.c) ------------------------------------------------------ */

/*
 * Timestamps are int64 milliseconds since 1970-01-01 00:00:00 with no time zone (a
 * TIMESTAMP(3) is a wall-clock reading, as Java's LocalDateTime). Dates are int32 days
 * since 1970-01-01. The proleptic Gregorian calendar throughout, as java.time uses.
 */
typedef enum TimeUnit {
    TIME_UNIT_MILLISECOND,
    TIME_UNIT_SECOND,
    TIME_UNIT_MINUTE,
    TIME_UNIT_HOUR,
    TIME_UNIT_DAY,
    TIME_UNIT_WEEK,
    TIME_UNIT_MONTH,
    TIME_UNIT_QUARTER,
    TIME_UNIT_YEAR,
    TIME_UNIT_DECADE,
    TIME_UNIT_CENTURY,
    TIME_UNIT_MILLENNIUM,
    TIME_UNIT_DOW,   /* EXTRACT only: 1 = Sunday ... 7 = Saturday, as Flink */
    TIME_UNIT_DOY,   /* EXTRACT only: 1..366 */
    TIME_UNIT_EPOCH, /* EXTRACT only: seconds since the epoch */
    TIME_UNIT_MICROSECOND,
    TIME_UNIT_NANOSECOND,
} TimeUnit;

#define MS_PER_SECOND 1000LL
#define MS_PER_MINUTE 60000LL
#define MS_PER_HOUR   3600000LL
#define MS_PER_DAY    86400000LL

/* Unit names as SQL spells them, singular or plural, any case ("MINUTES", "day"). */
bool time_unit_from_name(const char *name, size_t len, TimeUnit *out);
const char *time_unit_name(TimeUnit unit); /* "MINUTE" */

int64_t time_days_from_civil(int64_t year, int month, int day);
void time_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
/* Floor division and modulo for negative timestamps. */
int64_t time_floor_div(int64_t a, int64_t b);
int64_t time_floor_mod(int64_t a, int64_t b);

/*
 * Parses a timestamp in SQL form: "YYYY-MM-DD HH:MM:SS[.fraction]", also with 'T'
 * between date and time, seconds optional, a bare date meaning midnight. The fraction
 * is truncated to milliseconds. Surrounding spaces are not accepted. Returns false when
 * the text is not a valid timestamp (month 13, day 31 of April, ...).
 */
bool time_parse_timestamp(const char *s, size_t len, int64_t *out_ms);
bool time_parse_date(const char *s, size_t len, int32_t *out_days);
/* Parses "HH:MM[:SS[.fff]]" into milliseconds since midnight. */
bool time_parse_time(const char *s, size_t len, int32_t *out_ms);
/*
 * Parses with a Java DateTimeFormatter / SimpleDateFormat pattern as Flink's
 * TO_TIMESTAMP(s, fmt) does: yyyy, MM, dd, HH, mm, ss, SSS, literal text in quotes
 * and other characters matched literally. Fields not in the pattern default to the
 * epoch's (1970-01-01 00:00:00.000).
 */
bool time_parse_with_format(const char *s, size_t len, const char *fmt, int64_t *out_ms);

/*
 * Formatting. Each writes a NUL-terminated string into buf (at least 64 bytes unless
 * a cap is given) and returns its length.
 *  - time_format_sql:  "2020-04-15 08:05:00.000", with `precision` fraction digits
 *                      (0..3; 3 for TIMESTAMP(3)), as Flink's SQL client prints.
 *  - time_format_iso:  Java's LocalDateTime.toString(): "2020-10-10T00:00",
 *                      "2020-10-10T00:00:05", "2020-04-15T08:09:59.999".
 *  - time_format_date: "2020-04-15".
 *  - time_format_time: "08:05:00" (TIME(0)) from ms since midnight.
 *  - time_format_pattern: Flink's DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm') with the Java
 *                      pattern letters y M d H h m s S a E D and quoted literals.
 */
size_t time_format_sql(int64_t ms, int precision, char *buf);
size_t time_format_iso(int64_t ms, char *buf);
size_t time_format_date(int32_t days, char *buf);
size_t time_format_time(int32_t ms_of_day, char *buf);
size_t time_format_pattern(int64_t ms, const char *fmt, char *buf, size_t cap);
/*
 * Day-time interval in milliseconds as Flink casts it to STRING: "+0 00:00:05.000",
 * "-1 02:00:00.000".
 */
size_t time_format_interval(int64_t ms, char *buf);
/* Year-month interval in months as Flink prints it: "+1-02". */
size_t time_format_interval_months(int64_t months, char *buf);

/*
 * Java's toString of the external types Flink's print connector shows:
 *  - time_format_instant:  java.time.Instant of epoch ms (UTC): "2020-04-15T08:05:00Z",
 *                          "2020-04-15T08:05:00.500Z" (seconds always, fraction if any);
 *  - time_format_duration: java.time.Duration of ms: "PT5S", "PT1H30M", "PT0.5S",
 *                          "PT48H", "PT-1.5S", "PT0S";
 *  - time_format_period:   java.time.Period of months as years and months: "P1Y2M",
 *                          "P3M", "P-1Y-2M", "P0D".
 */
size_t time_format_instant(int64_t ms, char *buf);
size_t time_format_duration(int64_t ms, char *buf);
size_t time_format_period(int64_t months, char *buf);

/* EXTRACT(unit FROM ts) as Flink computes it (WEEK is the ISO week). */
int64_t time_extract(int64_t ms, TimeUnit unit);
/* FLOOR(ts TO unit) and CEIL(ts TO unit); CEIL of an already-aligned value is itself. */
int64_t time_floor_to(int64_t ms, TimeUnit unit);
int64_t time_ceil_to(int64_t ms, TimeUnit unit);
/* Adds months to a timestamp, clamping the day to the month's end (Flink's rule). */
int64_t time_add_months(int64_t ms, int64_t months);

/* Wall-clock now as a local-time TIMESTAMP(3) reading, and UTC epoch ms. */
int64_t time_now_local_ms(void);
int64_t time_now_utc_ms(void);
/* A duration as Flink's TimeUtils.parseDuration reads it: digits, optional spaces and a
 * unit (d, h, min/m, s, ms, us, ns and their long forms, any case; none = ms), into
 * milliseconds (smaller units truncate). Returns -1 when s is not one, or overflows. */
int time_parse_duration_ms(const char *s, int64_t *out);

/* ---- numbers as Java prints them (common/numfmt.c) --------------------------------- */

/*
 * Java's Double.toString / Float.toString, which Flink uses to print DOUBLE and FLOAT:
 * the shortest digits that read back to the same value, "1.0", "12.5", "1.0E10",
 * "1.234E-5", "NaN", "Infinity", "-Infinity", "-0.0". Decimal notation when
 * 1e-3 <= |v| < 1e7, computerized scientific notation otherwise. buf >= 32 bytes.
 */
size_t fmt_double_java(double v, char *buf);
size_t fmt_float_java(float v, char *buf);
/*
 * The digits fmt_double_java prints for a finite v, as a decimal: v = (neg ? -1 : 1) *
 * 0.D1D2...Dn * 10^point, with D1 != '0' (zero is the one digit "0"). Writes the n
 * digits (no NUL) into `digits` (>= 32 bytes) and returns n. What Java's
 * BigDecimal.valueOf(double) starts from, for exact decimal rounding.
 */
int fmt_double_java_digits(double v, char *digits, int *point, bool *neg);
/* A scaled integer as a decimal with `scale` fraction digits: (1100, 2) -> "11.00". */
size_t fmt_decimal(int64_t unscaled, int scale, char *buf);
/* Java's (long) of a double: truncates toward zero, saturates, NaN is 0. */
int64_t java_double_to_long(double d);
/* Signed integer to text, fast. */
size_t fmt_int64(int64_t v, char *buf);

/* ---- misc -------------------------------------------------------------------------- */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)    ((a) < (b) ? (a) : (b))
#define MAX(a, b)    ((a) > (b) ? (a) : (b))

/* ASCII case-insensitive comparisons (SQL keywords and identifiers). */
bool str_ieq(const char *a, const char *b);
bool str_ieq_n(const char *a, const char *b, size_t n);
/* Levenshtein distance, capped at `cap` (for "did you mean"). */
int str_edit_distance(const char *a, const char *b, int cap);

#endif /* COMMON_COMMON_H */
