/*
 * shell.h - the process: command-line options, running scripts statement by
 * statement, turning plans into running pipelines, and printing results.
 */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include "connectors/connectors.h"
#include "planner/planner.h"

#include <signal.h>

typedef struct Session {
    Catalog *cat;
    OutputFormat output;
    bool output_is_set; /* -o given: otherwise tableau on a terminal, csv elsewhere */
    FILE *out;
    Input *stdin_input; /* made on first use of stdin as data */
    bool stdin_format_forced;
    InputFormat stdin_format;
    bool is_interactive;
    volatile int cancel; /* set by SIGINT while a query runs */
    bool output_closed;  /* the reader of stdout went away: stop quietly */
} Session;

void session_init(Session *s);
void session_free(Session *s);
/* Runs every statement of `sql` in order, stopping at the first error, which is
 * printed on stderr (naming `script` when not NULL). Returns 0 or 1. */
int session_run_script(Session *s, const char *sql, const char *script);

/* The Input over standard input, made on first use and shared by every reader. */
Input *session_stdin(Session *s);

/* Builds and runs the pipeline of a planned query into a sink. (shell/build.c) */
/* With `analyze` (EXPLAIN ANALYZE) the rows are discarded and the plan is written there
 * with each operator's statistics (rows in and out, groups held, rows skipped). */
int shell_run_plan(Session *s, const PlanNode *plan, StrBuf *analyze, Diag *diag);
/* Prints a small table of strings (SHOW, DESCRIBE) in the session's format. */
void shell_print_result_set(Session *s, const ResultSet *rs);

/* The interactive loop (shell/repl.c). Returns the exit status. */
int shell_repl(Session *s);

#endif /* SHELL_SHELL_H */
