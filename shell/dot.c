/*
 * dot.c - the shell's dot-commands, as in the sqlite3 and duckdb shells: a line that
 * starts with '.' where a statement would start is a command to the shell itself.
 *
 * A command is a name and arguments separated by spaces (an argument may be quoted
 * with ' or "). Each command checks its arguments and answers misuse with its usage
 * line on stderr, changing nothing. Settings live in the Session: the output format
 * (.mode), the csv/tableau header (.headers), where results go (.output), and the
 * switches .timer, .echo, .bail and .stats that session_run_script honours.
 *
 * Example: `.mode changelog` makes the next query print +I[...] rows; `.mode table`
 * makes queries show the live view (on a terminal only; elsewhere it is refused and
 * the mode stays). In a script, messages name the file and line (dot_run_at).
 */
#include "shell/shell.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct DotCommand {
    const char *name;
    const char *args; /* for the usage line */
    const char *help;
} DotCommand;

static const DotCommand COMMANDS[] = {
    {"bail", "on|off", "stop a script at its first error (on by default)"},
    {"echo", "on|off", "print each statement on stderr before running it"},
    {"exit", "", "leave the shell (also .quit)"},
    {"headers", "on|off", "print the header line of csv and tableau results"},
    {"help", "", "show this list"},
    {"mode", "tableau|table|changelog|csv|json", "how results are printed (table: a live view)"},
    {"output", "FILE|stdout", "write results to FILE (replacing it), or back to stdout"},
    {"quit", "", "leave the shell (also .exit)"},
    {"read", "FILE", "run the statements in FILE"},
    {"schema", "[TABLE]", "show the CREATE statement of TABLE, or of every table"},
    {"stats", "on|off", "print each operator's statistics after each query"},
    {"tables", "", "list the tables and views"},
    {"timer", "on|off", "print how long each statement took, on stderr"},
};

static const DotCommand *find_command(const char *name) {
    for (size_t i = 0; i < ARRAY_LEN(COMMANDS); i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

/* Splits `line` (after the dot) into at most max words; returns the count, or -1 for
 * an unclosed quote. Words point into `buf`, a copy of the line. */
static int split_words(const char *line, char *buf, char **words, int max) {
    strcpy(buf, line);
    int n = 0;
    char *p = buf;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            return n;
        if (n == max)
            return max + 1;
        char quote = (*p == '\'' || *p == '"') ? *p++ : 0;
        words[n++] = p;
        while (*p && (quote ? *p != quote : (*p != ' ' && *p != '\t')))
            p++;
        if (quote && !*p)
            return -1;
        if (*p)
            *p++ = '\0';
    }
}

/* Where the running dot-command is, in a script ("d.sql:3: "), or "" in the shell. */
static char g_where[300];

/* "Error: [where]message" on stderr. */
static void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void complain(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "Error: %s", g_where);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int usage(const DotCommand *c) {
    fprintf(stderr, "%sUsage: .%s%s%s\n", g_where, c->name, c->args[0] ? " " : "", c->args);
    return DOT_ERROR;
}

/* on|off into *flag; false (and nothing set) for anything else. */
static bool parse_switch(const char *word, bool *flag) {
    if (str_ieq(word, "on") || strcmp(word, "1") == 0) {
        *flag = true;
        return true;
    }
    if (str_ieq(word, "off") || strcmp(word, "0") == 0) {
        *flag = false;
        return true;
    }
    return false;
}

/* .schema: the CREATE statements as written (the implicit stdin table's in a comment),
 * of one table or view, or of all in name order. */
static int schema_one(Session *s, const CatTable *t) {
    fprintf(s->out, "%s;\n", t->ddl_sql ? t->ddl_sql : "");
    return DOT_OK;
}

static int schema_all(Session *s) {
    int n = cat_count(s->cat);
    const CatTable **all = xcalloc((size_t)n + 1, sizeof(CatTable *));
    for (int i = 0; i < n; i++) {
        const CatTable *t = cat_at(s->cat, i);
        int j = i;
        for (; j > 0 && strcmp(all[j - 1]->name, t->name) > 0; j--)
            all[j] = all[j - 1];
        all[j] = t;
    }
    for (int i = 0; i < n; i++)
        schema_one(s, all[i]);
    free(all);
    return DOT_OK;
}

static int run_sql(Session *s, const char *sql) {
    return session_run_script(s, sql, NULL) == 0 ? DOT_OK : DOT_ERROR;
}

static int dot_help(Session *s) {
    for (size_t i = 0; i < ARRAY_LEN(COMMANDS); i++) {
        char head[64];
        snprintf(head, sizeof head, ".%s %s", COMMANDS[i].name, COMMANDS[i].args);
        fprintf(s->out, "%-40s %s\n", head, COMMANDS[i].help);
    }
    return DOT_OK;
}

static int dot_mode(Session *s, const char *mode) {
    static const struct {
        const char *name;
        OutputFormat format;
    } MODES[] = {{"tableau", OUTPUT_TABLEAU},
                 {"changelog", OUTPUT_CHANGELOG},
                 {"csv", OUTPUT_CSV},
                 {"json", OUTPUT_JSON}};
    for (size_t i = 0; i < ARRAY_LEN(MODES); i++)
        if (str_ieq(mode, MODES[i].name)) {
            s->output = MODES[i].format;
            s->output_is_set = true;
            return DOT_OK;
        }
    if (str_ieq(mode, "table")) {
        if (!isatty(fileno(s->out))) {
            complain(".mode table (the live view) needs a terminal; the mode stays as it was");
            return DOT_ERROR;
        }
        s->output = OUTPUT_TABLE;
        s->output_is_set = true;
        return DOT_OK;
    }
    return usage(find_command("mode"));
}

static int dot_output(Session *s, const char *target) {
    FILE *f = stdout;
    if (target && strcmp(target, "stdout") != 0) {
        f = fopen(target, "w");
        if (!f) {
            complain("cannot open '%s': %s", target, strerror(errno));
            return DOT_ERROR;
        }
    }
    int rc = DOT_OK;
    if (s->out != stdout && fclose(s->out) != 0) {
        complain("writing the earlier .output file failed: %s", strerror(errno));
        rc = DOT_ERROR;
    }
    s->out = f;
    return rc;
}

static int dot_read(Session *s, const char *path) {
    if (s->read_depth >= 16) {
        complain(".read %s: .read nested more than 16 deep", path);
        return DOT_ERROR;
    }
    Diag d;
    diag_init(&d);
    char *sql = shell_read_file(path, &d);
    if (!sql) {
        complain("%s", d.msg);
        return DOT_ERROR;
    }
    s->read_depth++;
    int rc = session_run_text(s, sql, path) == 0 ? DOT_OK : DOT_ERROR;
    s->read_depth--;
    free(sql);
    return rc;
}

int dot_run_at(Session *s, const char *line, const char *script, int line_no) {
    char saved[sizeof g_where];
    memcpy(saved, g_where, sizeof saved); /* .read nests */
    if (script)
        snprintf(g_where, sizeof g_where, "%s:%d: ", script, line_no);
    else
        g_where[0] = '\0';
    int rc = dot_run(s, line);
    memcpy(g_where, saved, sizeof saved);
    return rc;
}

int dot_run(Session *s, const char *line) {
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == '.')
        line++;
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\n' || line[len - 1] == '\r' ||
                   line[len - 1] == ';'))
        len--;
    char *copy = xmalloc(len + 1);
    memcpy(copy, line, len);
    copy[len] = '\0';
    char *buf = xmalloc(len + 1);
    char *w[4];
    int n = split_words(copy, buf, w, 3);
    int rc = DOT_ERROR;
    const DotCommand *c = n > 0 ? find_command(w[0]) : NULL;
    if (n < 0) {
        complain("unclosed quote in .%s", copy);
    } else if (!c) {
        complain("unknown command '.%s'; .help lists the commands", n > 0 ? w[0] : "");
    } else if (n > 3) {
        rc = usage(c);
    } else {
        const char *arg = n > 1 ? w[1] : NULL;
        bool extra = n > 2;
        const char *name = c->name;
        bool flag;
        if (!strcmp(name, "help") || !strcmp(name, "tables") || !strcmp(name, "quit") ||
            !strcmp(name, "exit")) {
            if (arg)
                rc = usage(c);
            else if (!strcmp(name, "help"))
                rc = dot_help(s);
            else if (!strcmp(name, "tables"))
                rc = run_sql(s, "SHOW TABLES");
            else
                rc = DOT_QUIT;
        } else if (!strcmp(name, "schema")) {
            if (extra) {
                rc = usage(c);
            } else if (arg) {
                const CatTable *t = cat_lookup(s->cat, arg);
                if (t) {
                    rc = schema_one(s, t);
                } else {
                    complain("no table or view '%s'", arg);
                    rc = DOT_ERROR;
                }
            } else {
                rc = schema_all(s);
            }
        } else if (!strcmp(name, "mode") || !strcmp(name, "read")) {
            if (!arg || extra)
                rc = usage(c);
            else
                rc = !strcmp(name, "mode") ? dot_mode(s, arg) : dot_read(s, arg);
        } else if (!strcmp(name, "output")) {
            rc = extra ? usage(c) : dot_output(s, arg);
        } else { /* the on|off switches */
            if (!arg || extra || !parse_switch(arg, &flag))
                rc = usage(c);
            else {
                bool *target = !strcmp(name, "headers") ? &s->headers
                               : !strcmp(name, "timer") ? &s->timer
                               : !strcmp(name, "echo")  ? &s->echo
                               : !strcmp(name, "bail")  ? &s->bail
                                                        : &s->stats;
                *target = flag;
                rc = DOT_OK;
            }
        }
    }
    free(copy);
    free(buf);
    return rc;
}
