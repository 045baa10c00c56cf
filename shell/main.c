/*
 * main.c - the sluice command: options, then a script, a command, or the shell.
 *
 *   sluice -c "SQL"        run the statements in SQL
 *   sluice -f FILE         run the statements in FILE (also: sluice FILE.sql)
 *   sluice                 the interactive shell when stdin is a terminal (after
 *                          ~/.sluicerc, or the -i file)
 * Scripts may hold dot-commands (.mode csv) between statements, as in sqlite3.
 *
 * Results go to stdout, messages to stderr; the exit status is 0 on success and 1 on
 * any error (2 for a bad command line), as Unix tools do.
 */
#include "shell/shell.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLUICE_VERSION "0.1.0"

static Session *g_session;

static void on_sigint(int sig) {
    (void)sig;
    if (g_session)
        g_session->cancel = 1;
}

static void usage(FILE *out) {
    fputs(
        "Usage: sluice [OPTIONS] [FILE.sql]\n"
        "A streaming SQL engine for the Apache Flink SQL dialect.\n"
        "\n"
        "Options:\n"
        "  -c, --command SQL     run the statements in SQL, then exit\n"
        "                          sluice -c \"SELECT name FROM stdin WHERE amount > 8\" < a.csv\n"
        "  -f, --file FILE       run the statements in FILE, then exit\n"
        "                          sluice -f sql-examples/orders_filter.sql\n"
        "  -o, --output FORMAT   result format: tableau, table (a live view on a\n"
        "                        terminal), changelog, csv or json\n"
        "                        (default: tableau on a terminal, csv otherwise)\n"
        "                          sluice -o changelog -c \"SELECT 1\"\n"
        "      --format FORMAT   format of the data on stdin (csv or json) for the\n"
        "                        implicit table `stdin` (default: detected)\n"
        "                          cat e.jsonl | sluice --format json -c \"SELECT * FROM stdin\"\n"
        "  -i, --init FILE       run FILE first (instead of ~/.sluicerc in the shell),\n"
        "                        then the shell, or the -c or -f statements\n"
        "                          sluice -i sql-examples/nexmark/ddl.sql -f q0.sql\n"
        "      --continue-on-error  in a script, go on after a failing statement (the\n"
        "                        exit status is still 1)\n"
        "                          sluice --continue-on-error -f load.sql\n"
        "  -h, --help            show this help\n"
        "                          sluice --help\n"
        "  -V, --version         show the version\n"
        "                          sluice --version\n"
        "\n"
        "With neither -c nor -f, sluice runs FILE.sql if given, else reads statements\n"
        "from the terminal (.help lists the shell's dot-commands). Exit status: 0 on\n"
        "success, 1 on an error, 2 on bad usage, 130 after Ctrl-C.\n",
        out);
}

/* Runs a script file (quietly missing: for ~/.sluicerc). Returns 0 or 1. */
static int run_file(Session *s, const char *path, bool quiet) {
    Diag d;
    diag_init(&d);
    char *sql = shell_read_file(path, &d);
    if (!sql) {
        if (!quiet)
            diag_print(&d, NULL, NULL, stderr);
        return 1;
    }
    int status = session_run_text(s, sql, path);
    free(sql);
    return status;
}

static int bad_usage(const char *fmt, const char *arg) {
    fputs("sluice: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'sluice --help' for more information.\n", stderr);
    return 2;
}

int main(int argc, char **argv) {
    setlocale(LC_CTYPE, "C.UTF-8");
    signal(SIGPIPE, SIG_IGN);
    Session s;
    session_init(&s);
    int status = 0;
    Options o;
    switch (options_parse(argc, (const char *const *)argv, isatty(STDOUT_FILENO), &o)) {
        case OPTIONS_HELP:
            usage(stdout);
            goto done;
        case OPTIONS_VERSION:
            printf("sluice %s\n", SLUICE_VERSION);
            goto done;
        case OPTIONS_BAD:
            status = bad_usage("%s", o.error);
            goto done;
    }
    const char *command = o.command, *file = o.file, *init = o.init;
    s.bail = o.bail;
    if (o.output_is_set) {
        s.output = o.output;
        s.output_is_set = true;
    }
    s.stdin_format = o.stdin_format;
    s.stdin_format_forced = o.stdin_format_forced;
    g_session = &s;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    bool is_shell = !command && !file && isatty(STDIN_FILENO);
    if (init && !is_shell) { /* the init file, then the command, script or piped SQL */
        status = run_file(&s, init, false);
        if (status != 0 && s.bail)
            goto done;
    }
    if (command) {
        status |= session_run_text(&s, command, NULL);
    } else if (file) {
        status |= run_file(&s, file, false);
    } else if (is_shell) {
        s.is_interactive = true;
        /* the init file, or ~/.sluicerc when there is one; then the shell */
        const char *home = getenv("HOME");
        char rc_path[4096];
        snprintf(rc_path, sizeof rc_path, "%s/.sluicerc", home ? home : "");
        if (init)
            run_file(&s, init, false);
        else if (home && *home && access(rc_path, R_OK) == 0)
            run_file(&s, rc_path, true);
        status = shell_repl(&s);
    } else {
        /* statements piped in: read them all, then run */
        Diag d;
        diag_init(&d);
        char *sql = shell_read_file("/dev/stdin", &d);
        if (!sql) {
            diag_print(&d, NULL, NULL, stderr);
            status = 1;
        } else {
            status |= session_run_text(&s, sql, NULL);
            free(sql);
        }
    }
done:
    if (fflush(stdout) != 0 && errno != EPIPE && status == 0)
        status = 1;
    if (s.cancel && !s.is_interactive)
        status = 128 + SIGINT; /* interrupted, after writing what was computed */
    session_free(&s);
    return status;
}
