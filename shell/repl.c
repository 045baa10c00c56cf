/*
 * repl.c - the interactive shell: read statements from the terminal with line
 * editing (libedit), run each complete one, print errors and go on.
 *
 * A statement may span lines: lines are collected, with a continuation prompt, until
 * the text holds a complete statement (parse_is_complete). Ctrl-C while a query runs
 * cancels it (the query's results so far stay on the screen); Ctrl-D at the prompt
 * leaves. A line starting with '.' where a statement would start is a dot-command
 * (shell/dot.c); .quit and .exit leave.
 */
#include "shell/shell.h"

#include <editline/readline.h>
#include <stdlib.h>
#include <string.h>

int shell_repl(Session *s) {
    StrBuf buf;
    sb_init(&buf);
    printf("sluice - streaming SQL. Statements end with ';'. .help lists the shell's "
           "commands; Ctrl-D leaves.\n");
    for (;;) {
        char *line = readline(buf.len ? "     -> " : "sluice> ");
        if (!line) {
            putchar('\n');
            break;
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
        s->cancel = 0;
        session_run_script(s, sb_cstr(&buf), NULL);
        s->output_closed = false;
        sb_clear(&buf);
    }
    sb_free(&buf);
    return 0;
}
