/*
 * sink_tableau.c - the tableau format: Flink SQL client's result box, streamed.
 *
 *   +----+-------------+-------------+
 *   | op |         who |       total |
 *   +----+-------------+-------------+
 *   | +I |         ana |          24 |
 *   | -U |         ana |          24 |
 *   | +U |         ana |          48 |
 *   +----+-------------+-------------+
 *   Received a total of 3 rows
 *
 * Rows are printed as they arrive, so the column widths cannot come from the values:
 * as Flink's streaming client (CliTableauResultView with TableauStyle's
 * columnWidthsByType) a column is as wide as its type needs -- TINYINT 4, SMALLINT 6,
 * INT 11, BIGINT 20 (digits and a sign), DECIMAL(p, s) p + 2, BOOLEAN 5, DATE 10,
 * TIME 8, TIMESTAMP(p) 19, 23 (p 1..3), 26 or 29 -- and every other type (strings,
 * FLOAT, DOUBLE, intervals) the maximum column width, 30; at least 6 (for <NULL>) and
 * at least the column name's length. The `op` column is 2 wide.
 *
 * Every value, name included, is right-aligned. A value wider than its column is cut
 * to width - 3 and "..." appended, and padded on the left when a wide character did
 * not fit. Widths count as Java's String.length() plus one for each East Asian wide or
 * fullwidth character (TableauStyle.getStringDisplayWidth), which for UTF-8 text means
 * one per character, two for a character beyond U+FFFF (a surrogate pair in Java), plus
 * one when it is wide.
 *
 * The footer: the bottom border when any row came, then "Received a total of N rows",
 * with "row" when N is 0 or 1 -- Flink's own wording for a streamed result, which also
 * keeps the header box when no row comes (its "Empty set" belongs to the non-streamed
 * result view).
 */
#include "connectors/sink_private.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define TABLEAU_MAX_COLUMN_WIDTH 30 /* Flink's table.display.max-column-width */
#define TABLEAU_NULL_WIDTH       6  /* "<NULL>" */

/* ---- display width ------------------------------------------------------------------ */

/* East Asian Wide (W) and Fullwidth (F) ranges, the main blocks of Unicode's
 * EastAsianWidth.txt. */
static const uint32_t WIDE_RANGES[][2] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
    {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool is_wide(uint32_t cp) {
    if (cp < 0x1100)
        return false;
    size_t lo = 0, hi = ARRAY_LEN(WIDE_RANGES);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp > WIDE_RANGES[mid][1])
            lo = mid + 1;
        else if (cp < WIDE_RANGES[mid][0])
            hi = mid;
        else
            return true;
    }
    return false;
}

/* Decodes the character at s (avail > 0 bytes): its byte length and display width.
 * A byte that does not start valid UTF-8 counts as one narrow character. */
static size_t decode_char(const unsigned char *s, size_t avail, int *width) {
    unsigned c = s[0];
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
        *width = 1;
        return 1;
    }
    if (c >= 0xC2 && c < 0xE0) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c < 0xF0) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c < 0xF5) {
        n = 4;
        cp = c & 0x07;
    }
    if (n == 0 || n > avail) {
        *width = 1;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *width = 1;
            return 1;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *width = (cp > 0xFFFF ? 2 : 1) + (is_wide(cp) ? 1 : 0);
    return n;
}

static size_t display_width(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t width = 0;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            width++;
            i++;
            continue;
        }
        int w;
        i += decode_char(u + i, len - i, &w);
        width += (size_t)w;
    }
    return width;
}

/* Java's String.length() of UTF-8 text: UTF-16 units. */
static int utf16_length(const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    int n = 0;
    for (size_t i = 0; i < len;) {
        int w;
        size_t step = u[i] < 0x80 ? 1 : decode_char(u + i, len - i, &w);
        n += step == 4 ? 2 : 1;
        i += step;
    }
    return n;
}

/* ---- widths ------------------------------------------------------------------------- */

static int timestamp_width(int precision) {
    if (precision == 0)
        return 19; /* uuuu-MM-dd HH:mm:ss */
    if (precision <= 3)
        return 23;
    if (precision <= 6)
        return 26;
    return 29;
}

static int type_column_width(const SqlType *t) {
    switch (t->id) {
        case TYPE_TINYINT:
            return 4; /* precision 3, and a sign */
        case TYPE_SMALLINT:
            return 6;
        case TYPE_INT:
            return 11;
        case TYPE_BIGINT:
            return 20;
        case TYPE_DECIMAL:
            return t->precision + 2; /* a sign and the point */
        case TYPE_BOOLEAN:
            return 5;
        case TYPE_DATE:
            return 10;
        case TYPE_TIME:
            return t->precision == 0 ? 8 : t->precision + 9;
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ:
            return timestamp_width(t->precision);
        default:
            return TABLEAU_MAX_COLUMN_WIDTH;
    }
}

static void tableau_init(Sink *s) {
    int first = s->opts.is_updating ? 1 : 0;
    s->n_widths = s->n_cols + first;
    s->widths = xcalloc((size_t)(s->n_widths > 0 ? s->n_widths : 1), sizeof(int));
    if (first)
        s->widths[0] = 2; /* "op" */
    for (int col = 0; col < s->n_cols; col++) {
        int width = MAX(type_column_width(&s->types[col]), TABLEAU_NULL_WIDTH);
        s->widths[first + col] = MAX(width, utf16_length(s->names[col]));
    }
}

/* ---- lines -------------------------------------------------------------------------- */

static void put_spaces(StrBuf *sb, size_t n) {
    sb_reserve(sb, n);
    memset(sb->data + sb->len, ' ', n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

/* Appends " value |" with the value right-aligned in `width`, or cut with "...". */
static void put_field(StrBuf *sb, const char *s, size_t len, int width) {
    sb_append_char(sb, ' ');
    size_t shown = display_width(s, len);
    if (shown <= (size_t)width) {
        put_spaces(sb, (size_t)width - shown);
        sb_append_n(sb, s, len);
    } else {
        /* Keep the characters that fit in width - 3, pad on the left, add "...". */
        size_t target = width > 3 ? (size_t)width - 3 : 0;
        const unsigned char *u = (const unsigned char *)s;
        size_t kept = 0, kept_width = 0;
        while (kept < len) {
            int w;
            size_t step = decode_char(u + kept, len - kept, &w);
            if (kept_width + (size_t)w > target)
                break;
            kept += step;
            kept_width += (size_t)w;
        }
        put_spaces(sb, target - kept_width);
        sb_append_n(sb, s, kept);
        sb_append(sb, "...");
    }
    sb_append(sb, " |");
}

static void put_border(Sink *s) {
    StrBuf *sb = &s->out_buf;
    sb_append_char(sb, '+');
    for (int i = 0; i < s->n_widths; i++) {
        size_t n = (size_t)s->widths[i] + 2;
        sb_reserve(sb, n + 1);
        memset(sb->data + sb->len, '-', n);
        sb->len += n;
        sb->data[sb->len++] = '+';
        sb->data[sb->len] = '\0';
    }
    sb_append_char(sb, '\n');
}

static void tableau_header(Sink *s) {
    if (!s->opts.print_header)
        return;
    put_border(s);
    sb_append_char(&s->out_buf, '|');
    int first = 0;
    if (s->opts.is_updating)
        put_field(&s->out_buf, "op", 2, s->widths[first++]);
    for (int col = 0; col < s->n_cols; col++)
        put_field(&s->out_buf, s->names[col], strlen(s->names[col]), s->widths[first + col]);
    sb_append_char(&s->out_buf, '\n');
    put_border(s);
}

static void tableau_rows(Sink *s, const Batch *b, uint32_t n_live) {
    StrBuf *sb = &s->out_buf;
    int first = s->opts.is_updating ? 1 : 0;
    for (uint32_t i = 0; i < n_live; i++) {
        sb_append_char(sb, '|');
        if (first)
            put_field(sb, sink_row_kind(b, i), 2, s->widths[0]);
        for (int col = 0; col < s->n_cols; col++) {
            const CellColumn *cc = &s->cells[col];
            put_field(sb, cell_ptr(cc, i), cell_len(cc, i), s->widths[first + col]);
        }
        sb_append_char(sb, '\n');
    }
}

static void tableau_footer(Sink *s) {
    if (s->n_written > 0 && s->opts.print_header)
        put_border(s);
    sb_printf(&s->out_buf, "Received a total of %llu %s\n", (unsigned long long)s->n_written,
              s->n_written > 1 ? "rows" : "row");
}

const SinkFormat SINK_FORMAT_TABLEAU = {"tableau",    CELL_SQL,       tableau_init, tableau_header,
                                        tableau_rows, tableau_footer, NULL,         NULL};

/* ---- table: the live view ------------------------------------------------------------ */

/*
 * The result as a table that changes in place, like Flink's table result mode: the
 * sink keeps the current rows (each as its printed line; +I/+U add one, -U/-D remove
 * the first equal one) and redraws the screen — the header box, the newest rows that
 * fit the terminal, a footer — at most every 100 ms, and once more at the end. Meant
 * for a terminal only (the shell refuses it elsewhere).
 */

static void table_init(Sink *s) {
    bool is_updating = s->opts.is_updating; /* no op column: rows are the current state */
    s->opts.is_updating = false;
    tableau_init(s);
    s->opts.is_updating = is_updating;
}

static int terminal_rows(FILE *out) {
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 8)
        return ws.ws_row;
    return 24;
}

/* The view: on the alternate screen while the query runs (the user's scrollback is
 * left alone), drawn normally once more when it ends. At most every 100 ms; a
 * skipped draw is made on the sink's tick, so a quiet input shows the latest rows. */
static void table_draw(Sink *s, bool is_final) {
    int64_t now = time_now_utc_ms();
    if (!is_final && now - s->last_drawn < 100) {
        s->is_dirty = true;
        s->op.timer_at = s->last_drawn + 100;
        return;
    }
    s->last_drawn = now;
    s->is_dirty = false;
    StrBuf *sb = &s->out_buf;
    if (is_final && s->in_alt_screen) {
        sb_append(sb, "\033[?1049l"); /* back to the normal screen */
        s->in_alt_screen = false;
    } else if (!is_final) {
        if (!s->in_alt_screen)
            sb_append(sb, "\033[?1049h");
        s->in_alt_screen = true;
        sb_append(sb, "\033[H\033[2J"); /* home, clear */
    }
    put_border(s);
    sb_append_char(sb, '|');
    for (int col = 0; col < s->n_cols; col++)
        put_field(sb, s->names[col], strlen(s->names[col]), s->widths[col]);
    sb_append_char(sb, '\n');
    put_border(s);
    size_t fit = is_final ? s->n_live : (size_t)terminal_rows(s->opts.out) - 6;
    size_t first = s->n_live > fit ? s->n_live - fit : 0;
    for (size_t i = first; i < s->n_live; i++)
        sb_append(sb, s->live[i]);
    put_border(s);
    sb_printf(sb, "%zu row%s%s\n", s->n_live, s->n_live == 1 ? "" : "s",
              is_final ? ""
              : first  ? " (the newest that fit); q or Ctrl-C leaves"
                       : "; q or Ctrl-C leaves");
}

static void table_tick(Sink *s) {
    if (s->is_dirty)
        table_draw(s, false);
}

static void table_rows(Sink *s, const Batch *b, uint32_t n_live) {
    StrBuf line;
    sb_init(&line);
    for (uint32_t i = 0; i < n_live; i++) {
        sb_clear(&line);
        sb_append_char(&line, '|');
        for (int col = 0; col < s->n_cols; col++) {
            const CellColumn *cc = &s->cells[col];
            put_field(&line, cell_ptr(cc, i), cell_len(cc, i), s->widths[col]);
        }
        sb_append_char(&line, '\n');
        const char *kind = sink_row_kind(b, i);
        if (kind[0] == '+') {
            if (s->n_live == s->cap_live) {
                s->cap_live = s->cap_live ? 2 * s->cap_live : 64;
                s->live = xrealloc(s->live, s->cap_live * sizeof(char *));
            }
            s->live[s->n_live++] = xstrdup(sb_cstr(&line));
            continue;
        }
        for (size_t k = 0; k < s->n_live; k++)
            if (strcmp(s->live[k], sb_cstr(&line)) == 0) {
                free(s->live[k]);
                memmove(&s->live[k], &s->live[k + 1], (s->n_live - k - 1) * sizeof(char *));
                s->n_live--;
                break;
            }
    }
    sb_free(&line);
    table_draw(s, false);
}

static void table_footer(Sink *s) {
    table_draw(s, true);
}

static void table_release(Sink *s) {
    if (s->in_alt_screen) { /* the query failed or was cancelled: leave the view */
        fputs("\033[?1049l", s->opts.out);
        fflush(s->opts.out);
    }
    for (size_t i = 0; i < s->n_live; i++)
        free(s->live[i]);
    free(s->live);
}

const SinkFormat SINK_FORMAT_TABLE = {"table",    CELL_SQL,     table_init,    NULL,
                                      table_rows, table_footer, table_release, table_tick};
