/*
 * options.c - the command line: `sluice [OPTIONS] [FILE.sql]` into an Options record,
 * with the messages of a bad command line. Separate from main() so that tests can
 * run it on argument lists.
 *
 * Example: {"-o", "changelog", "-c", "SELECT 1"} gives output OUTPUT_CHANGELOG,
 * command "SELECT 1"; {"-o"} is a bad command line: "option -o needs one of: ...".
 */
#include "shell/shell.h"

#include <string.h>

/* Fills o->error (printf-style) and returns OPTIONS_BAD. */
static int bad(Options *o, const char *fmt, const char *arg) {
    snprintf(o->error, sizeof o->error, fmt, arg);
    return OPTIONS_BAD;
}

int options_parse(int argc, const char *const *argv, bool stdout_is_terminal, Options *o) {
    memset(o, 0, sizeof *o);
    o->bail = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            return OPTIONS_HELP;
        if (!strcmp(a, "-V") || !strcmp(a, "--version"))
            return OPTIONS_VERSION;
        if (!strcmp(a, "-c") || !strcmp(a, "--command")) {
            if (!next)
                return bad(o, "option '%s' needs an argument (the SQL to run)", a);
            o->command = argv[++i];
        } else if (!strcmp(a, "-f") || !strcmp(a, "--file") || !strcmp(a, "-i") ||
                   !strcmp(a, "--init")) {
            if (!next)
                return bad(o, "option '%s' needs an argument (a .sql file)", a);
            if (a[1] == 'i' || a[2] == 'i')
                o->init = argv[++i];
            else
                o->file = argv[++i];
        } else if (!strcmp(a, "--continue-on-error")) {
            o->bail = false;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!next || !output_format_from_name(next, &o->output))
                return bad(o, "option -o needs one of: tableau, table, changelog, csv, json%s", "");
            if (o->output == OUTPUT_TABLE && !stdout_is_terminal)
                return bad(o, "-o table (the live view) needs a terminal%s", "");
            o->output_is_set = true;
            i++;
        } else if (!strcmp(a, "--format")) {
            if (next && str_ieq(next, "csv"))
                o->stdin_format = INPUT_FORMAT_CSV;
            else if (next && str_ieq(next, "json"))
                o->stdin_format = INPUT_FORMAT_JSON;
            else
                return bad(o, "option --format needs csv or json%s", "");
            o->stdin_format_forced = true;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            return bad(o, "unknown option '%s'", a);
        } else if (!o->file && !o->command) {
            o->file = a;
        } else {
            return bad(o, "unexpected argument '%s'", a);
        }
    }
    if (o->command && o->file)
        return bad(o, "give either -c or a file, not both%s", "");
    return OPTIONS_RUN;
}
