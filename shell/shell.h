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
    /* dot-command switches (shell/dot.c) */
    bool headers;   /* header line of csv and tableau results (on) */
    bool timer;     /* time of each statement on stderr (off) */
    bool echo;      /* each statement on stderr before it runs (off) */
    bool bail;      /* a script stops at its first error (on) */
    bool stats;     /* operator statistics on stderr after each query (off) */
    int read_depth; /* .read inside .read: bounded */
} Session;

void session_init(Session *s);
void session_free(Session *s);
/* Runs every statement of `sql` in order, stopping at the first error (going on with
 * .bail off), which is printed on stderr (naming `script` when not NULL). With .echo
 * each statement is shown on stderr first, with .timer its time after. Returns 0, or
 * 1 after an error. */
int session_run_script(Session *s, const char *sql, const char *script);
/* As session_run_script for a script that may also hold dot-commands: a line starting
 * with '.' where a statement may start runs as one (shell/dot.c); .quit ends the
 * script. Messages keep the script's own line numbers. */
int session_run_text(Session *s, const char *text, const char *script);
/* The whole of a file, NUL-terminated (free it); NULL with diag set ("cannot open 'x':
 * No such file or directory"). */
char *shell_read_file(const char *path, Diag *diag);

/* The Input over standard input, made on first use and shared by every reader. */
Input *session_stdin(Session *s);

/* Builds and runs the pipeline of a planned query into a sink. (shell/build.c) */
/* With `analyze` (EXPLAIN ANALYZE) the rows are discarded and the plan is written there
 * with each operator's statistics (rows in and out, groups held, rows skipped). */
/* With `into` (INSERT INTO), rows go to that sink instead of the session's output. */
int shell_run_plan(Session *s, const PlanNode *plan, const SinkOptions *into, StrBuf *analyze,
                   Diag *diag);

/* One planned INSERT: its plan and where its rows go. */
typedef struct ShellInsert {
    const PlanNode *plan;
    SinkOptions sink;
    const char *table; /* the target's name, for the plan's text */
} ShellInsert;

/*
 * Runs INSERTs as one job (a statement set; a lone INSERT is a set of one): one
 * pipeline in which each table they read has one source, whose batches go to every
 * INSERT that scans it (through a Tee), and each INSERT has its own sink. Every plan is
 * built before anything runs; *started tells whether the pipeline ran (so the sinks
 * may have written). With `analyze` (EXPLAIN ANALYZE) the rows are discarded and the
 * plans are written there with statistics; with .stats on, the same goes to stderr.
 */
int shell_run_inserts(Session *s, int n, const ShellInsert *inserts, StrBuf *analyze, bool *started,
                      Diag *diag);
/* EXPLAIN of INSERTs: each plan under its Sink(table=[...]); a table that several scans
 * read is shown once, as TableSourceScan(...)(reuse_id=[k]), and each scan of it as
 * Reused(reference_id=[k], fields=[...]). */
void shell_explain_inserts(int n, const ShellInsert *inserts, bool changelog_mode, StrBuf *out);
/* Prints a small table of strings (SHOW, DESCRIBE) in the session's format. */
void shell_print_result_set(Session *s, const ResultSet *rs);

/* Runs a dot-command line (".mode csv"); shell/dot.c. Misuse prints the command's
 * usage line on stderr and changes nothing. */
enum { DOT_OK = 0, DOT_ERROR = 1, DOT_QUIT = 2 };
int dot_run(Session *s, const char *line);
/* As dot_run for line line_no of a script, which its messages name. */
int dot_run_at(Session *s, const char *line, const char *script, int line_no);

/* The command line (shell/options.c). */
typedef struct Options {
    const char *command; /* -c */
    const char *file;    /* -f, or FILE.sql */
    const char *init;    /* -i */
    bool bail;           /* false with --continue-on-error */
    OutputFormat output; /* -o, when output_is_set */
    bool output_is_set;
    InputFormat stdin_format; /* --format, when stdin_format_forced */
    bool stdin_format_forced;
    char error[256]; /* OPTIONS_BAD: what is wrong */
} Options;
enum { OPTIONS_RUN, OPTIONS_HELP, OPTIONS_VERSION, OPTIONS_BAD };
int options_parse(int argc, const char *const *argv, bool stdout_is_terminal, Options *o);

/* The interactive loop (shell/repl.c). Returns the exit status. */
int shell_repl(Session *s);

#endif /* SHELL_SHELL_H */
