/*
 * repl.c - the interactive shell: read statements from the terminal with line
 * editing (libedit), run each complete one, print errors and go on.
 *
 * A statement may span lines: lines are collected, with a continuation prompt, until
 * the text holds a complete statement (parse_is_complete). Ctrl-C while a query runs
 * cancels it (the query's results so far stay on the screen); Ctrl-D at the prompt
 * leaves. A line starting with '.' where a statement would start is a dot-command
 * (shell/dot.c); .quit and .exit leave.
 *
 * History persists in ~/.sluice_history (each statement as one entry, up to 1000).
 * Tab completes the word before the cursor from SQL keywords, the catalog's table and
 * column names, and, at the start of a line, the dot-commands.
 */
#include "shell/shell.h"

#include <editline/readline.h>
#include <stdlib.h>
#include <string.h>

static Session *g_repl; /* for the completion callback */

static const char *const KEYWORDS[] = {
    "SELECT",      "FROM",     "WHERE",    "GROUP",      "BY",        "HAVING",       "ORDER",
    "LIMIT",       "AS",       "AND",      "OR",         "NOT",       "NULL",         "IS",
    "IN",          "BETWEEN",  "LIKE",     "CASE",       "WHEN",      "THEN",         "ELSE",
    "END",         "CAST",     "DISTINCT", "UNION",      "ALL",       "VALUES",       "CREATE",
    "TABLE",       "VIEW",     "DROP",     "WITH",       "WATERMARK", "FOR",          "INTERVAL",
    "SECOND",      "SECONDS",  "MINUTE",   "MINUTES",    "HOUR",      "DAY",          "TUMBLE",
    "HOP",         "CUMULATE", "SESSION",  "DESCRIPTOR", "PARTITION", "window_start", "window_end",
    "window_time", "COUNT",    "SUM",      "AVG",        "MIN",       "MAX",          "SHOW",
    "TABLES",      "DESCRIBE", "EXPLAIN",  "SET",        "RESET",     "INSERT",       "INTO",
    "TIMESTAMP",   "BIGINT",   "INT",      "STRING",     "DOUBLE",    "DECIMAL",      "BOOLEAN",
    "PROCTIME",
};
static const char *const DOTS[] = {".bail",  ".echo",   ".exit", ".headers", ".help",
                                   ".mode",  ".output", ".quit", ".read",    ".schema",
                                   ".stats", ".tables", ".timer"};

/* Names offered in this completion already (a column of several tables once). */
static const char *g_offered[256];
static int g_n_offered;

static char *offer(const char *name) {
    for (int i = 0; i < g_n_offered; i++)
        if (strcmp(g_offered[i], name) == 0)
            return NULL;
    if (g_n_offered < (int)ARRAY_LEN(g_offered))
        g_offered[g_n_offered++] = name;
    return strdup(name);
}

/* The candidates, one per call (state 0 starts over), as readline asks for them. */
static char *complete_word(const char *text, int state) {
    static int stage, index, col;
    if (state == 0)
        stage = index = col = g_n_offered = 0;
    size_t len = strlen(text);
    if (text[0] == '.') {
        while (index < (int)ARRAY_LEN(DOTS))
            if (strncmp(DOTS[index++], text, len) == 0)
                return strdup(DOTS[index - 1]);
        return NULL;
    }
    for (; stage == 0 && index < (int)ARRAY_LEN(KEYWORDS); index++)
        if (strncasecmp(KEYWORDS[index], text, len) == 0)
            return strdup(KEYWORDS[index++]);
    if (stage == 0)
        stage = 1, index = 0;
    const Catalog *cat = g_repl->cat;
    for (; index < cat_count(cat); index++, col = 0) {
        const CatTable *t = cat_at(cat, index);
        char *c;
        if (col == 0) {
            col = 1;
            if (strncmp(t->name, text, len) == 0 && (c = offer(t->name)))
                return c;
        }
        for (; col <= t->n_columns; col++)
            if (strncmp(t->columns[col - 1].name, text, len) == 0 &&
                (c = offer(t->columns[col - 1].name))) {
                col++;
                return c;
            }
    }
    return NULL;
}

static char **complete(const char *text, int start, int end) {
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1; /* no file names */
    return rl_completion_matches(text, complete_word);
}

/* ~/.sluice_history; false without a HOME (then no history is kept). */
static bool history_path(char *buf, size_t n) {
    const char *home = getenv("HOME");
    if (!home || !*home)
        return false;
    snprintf(buf, n, "%s/.sluice_history", home);
    return true;
}

int shell_repl(Session *s) {
    g_repl = s;
    char hist[4096];
    bool keeps_history = history_path(hist, sizeof hist);
    using_history();
    stifle_history(1000);
    if (keeps_history)
        read_history(hist);
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n\"'`(),;=<>+-*/";
    StrBuf buf;
    sb_init(&buf);
    printf("sluice - streaming SQL. Statements end with ';'. .help lists the shell's "
           "commands; Ctrl-D leaves.\n");
    for (;;) {
        s->cancel = 0;
        char *line = readline(buf.len ? "     -> " : "sluice> ");
        if (!line && s->cancel) { /* Ctrl-C at the prompt: drop the line, stay */
            putchar('\n');
            sb_clear(&buf);
            continue;
        }
        if (!line) {
            putchar('\n');
            break;
        }
        if (!buf.len && line[strspn(line, " \t")] == '\0') { /* an empty line */
            free(line);
            continue;
        }
        if (!buf.len && line[strspn(line, " \t")] == '.') { /* a dot-command */
            add_history(line);
            int rc = dot_run(s, line);
            free(line);
            if (rc == DOT_QUIT)
                break;
            continue;
        }
        if (buf.len)
            sb_append_char(&buf, '\n');
        sb_append(&buf, line);
        free(line);
        if (!parse_is_complete(sb_cstr(&buf)))
            continue;
        add_history(sb_cstr(&buf));
        session_run_script(s, sb_cstr(&buf), NULL);
        s->output_closed = false;
        sb_clear(&buf);
    }
    if (keeps_history)
        write_history(hist);
    sb_free(&buf);
    return 0;
}
