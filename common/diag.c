/*
 * diag.c - error messages with positions.
 *
 * A failing function fills the caller's Diag and returns -1. The shell renders it
 * once, at the top: for SQL errors it finds the line and column of the byte offset
 * and draws the line of SQL with a caret under the offending token, as sqlite3 and
 * Flink's SQL client do; for data errors it names the input, line and column.
 */
#include "common/common.h"

#include <string.h>

void diag_init(Diag *d) {
    d->msg[0] = '\0';
    d->pos = -1;
    d->line = 0;
    d->col = 0;
    d->source[0] = '\0';
    d->is_set = false;
}

int diag_set(Diag *d, int pos, const char *fmt, ...) {
    diag_init(d);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    d->pos = pos;
    d->is_set = true;
    return -1;
}

int diag_set_at(Diag *d, const char *source, int line, int col, const char *fmt, ...) {
    diag_init(d);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    snprintf(d->source, sizeof d->source, "%s", source ? source : "");
    d->line = line;
    d->col = col;
    d->is_set = true;
    return -1;
}

void diag_prefix(Diag *d, const char *fmt, ...) {
    char combined[DIAG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(combined, sizeof combined, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    size_t used = (size_t)n < sizeof combined - 1 ? (size_t)n : sizeof combined - 1;
    const char *sep = ": ";
    for (const char *p = sep; *p && used < sizeof combined - 1; p++)
        combined[used++] = *p;
    size_t old_len = strlen(d->msg);
    size_t room = sizeof combined - 1 - used;
    size_t take = old_len < room ? old_len : room;
    memcpy(combined + used, d->msg, take);
    combined[used + take] = '\0';
    memcpy(d->msg, combined, sizeof combined);
    d->is_set = true;
}

void diag_line_col(const char *text, int pos, int *line, int *col) {
    int l = 1, c = 1;
    for (int i = 0; i < pos && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    *line = l;
    *col = c;
}

void diag_print_as(const Diag *d, const char *sql, const char *script, FILE *out,
                   const char *label) {
    const char *msg = d->is_set ? d->msg : "unknown error";
    if (d->pos >= 0 && sql && d->pos <= (int)strlen(sql)) {
        int line, col;
        diag_line_col(sql, d->pos, &line, &col);
        if (script)
            fprintf(out, "%s %s:%d:%d: %s\n", label, script, line, col, msg);
        else
            fprintf(out, "%s line %d, column %d: %s\n", label, line, col, msg);
        const char *start = sql + d->pos;
        while (start > sql && start[-1] != '\n')
            start--;
        const char *end = strchr(start, '\n');
        size_t n = end ? (size_t)(end - start) : strlen(start);
        fprintf(out, "  %.*s\n  ", (int)n, start);
        for (const char *p = start; p < sql + d->pos; p++) {
            if (((unsigned char)*p & 0xC0) == 0x80)
                continue;
            fputc(*p == '\t' ? '\t' : ' ', out);
        }
        fputs("^\n", out);
    } else if (d->line > 0) {
        fprintf(out, "%s %s:%d:%d: %s\n", label, d->source[0] ? d->source : "input", d->line,
                d->col, msg);
    } else {
        fprintf(out, "%s %s\n", label, msg);
    }
}

void diag_print(const Diag *d, const char *sql, const char *script, FILE *out) {
    diag_print_as(d, sql, script, out, "Error:");
}
