/*
 * session.c - running statements: the dispatch from each kind of statement to the
 * planner (DDL, queries) or to the session's own state (SET, RESET), and the implicit
 * `stdin` table.
 *
 * A script runs statement by statement: a statement's results are written before the
 * next one is planned, and the first error stops the script. A syntax error in a later
 * statement therefore does not prevent the earlier ones from running, as in sqlite3.
 *
 * The implicit table `stdin`: when a query names `stdin` and the catalog has no such
 * table, the session peeks at standard input, infers the columns (CSV header and
 * values, or JSON keys and values; `--format` overrides the detection), and adds a
 * table `stdin` with the 'stdin' connector. DESCRIBE stdin then shows what was inferred.
 */
#include "shell/shell.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void session_init(Session *s) {
    memset(s, 0, sizeof *s);
    s->cat = cat_new();
    s->out = stdout;
    s->output = isatty(STDOUT_FILENO) ? OUTPUT_TABLEAU : OUTPUT_CSV;
    s->headers = true;
    s->bail = true;
}

void session_free(Session *s) {
    if (s->out && s->out != stdout)
        fclose(s->out);
    cat_free(s->cat);
    input_free(s->stdin_input);
}

Input *session_stdin(Session *s) {
    if (!s->stdin_input) {
        s->stdin_input = input_open_fd(STDIN_FILENO, "stdin");
        /* Ctrl-C ends a read that is waiting for input, as the end of input would */
        input_set_cancel(s->stdin_input, &s->cancel);
    }
    return s->stdin_input;
}

static const CatTable *implicit_table(void *ctx, const char *name, Diag *diag) {
    Session *s = ctx;
    if (strcmp(name, "stdin") != 0)
        return NULL;
    if (s->is_interactive && isatty(STDIN_FILENO)) {
        diag_set(diag, -1,
                 "table 'stdin' reads standard input, which is the terminal here; pipe data "
                 "into sluice (e.g. `cat data.csv | sluice -c \"SELECT ... FROM stdin\"`)");
        return NULL;
    }
    Input *in = session_stdin(s);
    InputFormat format = s->stdin_format_forced ? s->stdin_format : input_detect_format(in);
    int n = 0;
    char **names = NULL;
    SqlType *types = NULL;
    int rc;
    if (format == INPUT_FORMAT_CSV) {
        CsvOptions opts = csv_options_default();
        opts.header = true;
        rc = csv_sniff(in, &opts, &n, &names, &types, diag);
    } else {
        rc = json_sniff(in, &n, &names, &types, diag);
    }
    if (rc < 0)
        return NULL;
    CatTable *t = cat_table_new(CAT_TABLE, "stdin");
    t->columns = xcalloc((size_t)(n ? n : 1), sizeof(CatColumn));
    for (int i = 0; i < n; i++) {
        t->columns[i].name = xstrdup(names[i]);
        t->columns[i].type = types[i];
    }
    t->n_columns = n;
    sniff_result_free(n, names, types);
    bool is_csv = format == INPUT_FORMAT_CSV;
    t->n_options = is_csv ? 3 : 2;
    t->options = xcalloc(3, sizeof(CatOption));
    t->options[0].key = xstrdup("connector");
    t->options[0].value = xstrdup("stdin");
    t->options[1].key = xstrdup("format");
    t->options[1].value = xstrdup(is_csv ? "csv" : "json");
    if (is_csv) {
        t->options[2].key = xstrdup("csv.header");
        t->options[2].value = xstrdup("true");
    }
    t->ddl_sql = xstrdup("-- the implicit table over standard input");
    if (cat_add(s->cat, t, diag) < 0) {
        cat_table_free(t);
        return NULL;
    }
    return t;
}

static void env_init(Session *s, PlannerEnv *env, const char *sql) {
    env->cat = s->cat;
    env->sql = sql;
    env->implicit_table = implicit_table;
    env->implicit_ctx = s;
}

static void info(Session *s, const char *msg) {
    if (s->is_interactive)
        printf("[INFO] %s\n", msg);
}

static int run_query(Session *s, const PlannerEnv *env, const AstQuery *q, Diag *diag) {
    Arena *arena = arena_new(64 * 1024);
    PlanNode *plan;
    int rc = plan_query(env, q, arena, &plan, diag);
    if (rc == 0)
        rc = shell_run_plan(s, plan, NULL, NULL, diag);
    arena_free(arena);
    return rc;
}

static int run_inserts(Session *s, const PlannerEnv *env, const AstList *stmts, int explain_flags,
                       Diag *diag);

static int run_explain(Session *s, const PlannerEnv *env, const AstStmt *stmt, Diag *diag) {
    const AstStmt *inner = stmt->inner;
    if (inner->kind == STMT_STATEMENT_SET)
        return run_inserts(s, env, inner->statements, stmt->explain_flags, diag);
    if (inner->kind == STMT_INSERT) {
        void *item = (void *)inner;
        AstList one = {1, 1, &item};
        return run_inserts(s, env, &one, stmt->explain_flags, diag);
    }
    if (inner->kind != STMT_QUERY)
        return diag_set(diag, inner->pos, "not supported yet: EXPLAIN of this statement");
    Arena *arena = arena_new(64 * 1024);
    PlanNode *plan;
    int rc = plan_query(env, inner->query, arena, &plan, diag);
    if (rc == 0 && (stmt->explain_flags & EXPLAIN_ANALYZE)) {
        StrBuf sb;
        sb_init(&sb);
        rc = shell_run_plan(s, plan, NULL, &sb, diag);
        if (rc == 0) {
            fputs(sb_cstr(&sb), s->out);
            fflush(s->out);
        }
        sb_free(&sb);
    } else if (rc == 0) {
        StrBuf sb;
        sb_init(&sb);
        sb_printf(&sb, "== Physical Plan ==\nSink(format=[%s])\n", output_format_name(s->output));
        StrBuf tree;
        sb_init(&tree);
        plan_explain(plan, (stmt->explain_flags & EXPLAIN_CHANGELOG_MODE) != 0, &tree);
        /* indent the tree under the sink */
        const char *line = sb_cstr(&tree);
        while (*line) {
            const char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            sb_append(&sb, line[0] == ' ' || line[0] == '+' ? "   " : "+- ");
            sb_append_n(&sb, line, len);
            sb_append_char(&sb, '\n');
            line += len + (nl ? 1 : 0);
        }
        fputs(sb_cstr(&sb), s->out);
        fflush(s->out);
        sb_free(&tree);
        sb_free(&sb);
    }
    arena_free(arena);
    return rc;
}

static int run_set(Session *s, const AstStmt *stmt, Diag *diag) {
    if (!stmt->key) {
        Arena *arena = arena_new(4096);
        static const char *const NAMES[] = {"key", "value"};
        ResultSet rs = {2, (const char **)NAMES, 0, 0, NULL};
        int n = cat_option_count(s->cat);
        rs.cells = arena_alloc(arena, (size_t)(2 * n + 1) * sizeof(char *));
        for (int i = 0; i < n; i++) {
            rs.cells[2 * i] = cat_option_at(s->cat, i)->key;
            rs.cells[2 * i + 1] = cat_option_at(s->cat, i)->value;
        }
        rs.n_rows = n;
        shell_print_result_set(s, &rs);
        arena_free(arena);
        return 0;
    }
    if (!stmt->value)
        return diag_set(diag, stmt->pos, "SET needs a value: SET '%s' = '...'", stmt->key);
    int64_t ttl;
    if (strcmp(stmt->key, "table.exec.state.ttl") == 0 &&
        time_parse_duration_ms(stmt->value, &ttl) < 0)
        return diag_set(diag, stmt->pos, "invalid duration '%s' for 'table.exec.state.ttl'",
                        stmt->value);
    if (strcmp(stmt->key, "table.exec.source.idle-timeout") == 0 &&
        time_parse_duration_ms(stmt->value, &ttl) < 0)
        return diag_set(diag, stmt->pos,
                        "invalid duration '%s' for 'table.exec.source.idle-timeout'", stmt->value);
    if (strcmp(stmt->key, "execution.runtime-mode") == 0 && !str_ieq(stmt->value, "batch") &&
        !str_ieq(stmt->value, "streaming"))
        return diag_set(diag, stmt->pos,
                        "'execution.runtime-mode' must be 'streaming' or 'batch', not '%s'",
                        stmt->value);
    if (strcmp(stmt->key, "sluice.batch-size") == 0) {
        char *end;
        unsigned long n = strtoul(stmt->value, &end, 10);
        if (*end || end == stmt->value || n < 1 || n > BATCH_CAPACITY)
            return diag_set(diag, stmt->pos,
                            "'sluice.batch-size' must be a number of rows from 1 to %d, not '%s'",
                            BATCH_CAPACITY, stmt->value);
    }
    if (strcmp(stmt->key, "sql-client.execution.result-mode") == 0) {
        if (str_ieq(stmt->value, "tableau"))
            s->output = OUTPUT_TABLEAU;
        else if (str_ieq(stmt->value, "changelog"))
            s->output = OUTPUT_CHANGELOG;
        else if (str_ieq(stmt->value, "table") && isatty(fileno(s->out)))
            s->output = OUTPUT_TABLE;
        else if (str_ieq(stmt->value, "table"))
            return diag_set(diag, stmt->pos,
                            "result mode 'table' (the live view) needs a "
                            "terminal; use 'tableau' or 'changelog'");
        else
            return diag_set(diag, stmt->pos,
                            "result mode must be 'table', 'tableau' or 'changelog', not '%s'",
                            stmt->value);
    }
    cat_set_option(s->cat, stmt->key, stmt->value);
    info(s, "Session property has been set.");
    return 0;
}

/* ---- INSERT and statement sets ------------------------------------------------------ */

/*
 * An INSERT (or a statement set of them) runs in three steps, so that a mistake in any
 * INSERT of a set runs none of them: plan every INSERT and check its target's options
 * (insert_plan); open the files of 'filesystem' targets (insert_open); run them all as
 * one pipeline (shell_run_inserts), then close and rename the files (insert_close).
 *
 * The targets: 'print' (each row as Flink's print connector writes it, `+I[...]`,
 * prefixed with 'print-identifier' and '> ' when given, on stdout or with
 * 'standard-error' on stderr), 'blackhole' (rows counted and dropped) and 'filesystem'
 * (append-only results; plan_insert refused updating ones): the rows go, as the
 * table's format writes them (csv without a header, or json lines), into `path` +
 * ".inprogress", which is renamed to `path` when the query ends — also after an error,
 * as every row in it is whole — so a crash leaves the target untouched and never a
 * half-written row. When the query did not start (an error while building it) the
 * file is removed and `path` is left as it was. A `path` that is a directory gets a
 * new part file, as Flink's sink writes. Other connectors are planned and checked,
 * then refused.
 */
typedef struct InsertTarget {
    const AstStmt *stmt;
    const CatTable *table;
    ShellInsert job;
    char *prefix;     /* 'print-identifier' + "> " */
    const char *path; /* 'filesystem': the table's path, NULL for other connectors */
    StrBuf target;    /* the file written: path, or a new part file in it */
    StrBuf tmp;       /* target + ".inprogress", while the query runs */
    FILE *file;
} InsertTarget;

/* Plans one INSERT and checks its target (nothing is opened yet). */
static int insert_plan(Session *s, const PlannerEnv *env, const AstStmt *stmt, Arena *arena,
                       InsertTarget *it, Diag *diag) {
    memset(it, 0, sizeof *it);
    sb_init(&it->target);
    sb_init(&it->tmp);
    it->stmt = stmt;
    PlanNode *plan;
    if (plan_insert(env, stmt, arena, &plan, diag) < 0)
        return -1;
    const CatTable *t = cat_lookup(s->cat, stmt->name);
    const char *connector = cat_table_option(t, "connector");
    it->table = t;
    it->job.plan = plan;
    it->job.table = t->name;
    SinkOptions so = sink_options_default(OUTPUT_CHANGELOG);
    if (connector && strcmp(connector, "print") == 0) {
        for (int i = 0; i < t->n_options; i++) {
            const char *k = t->options[i].key;
            if (strcmp(k, "connector") && strcmp(k, "print-identifier") &&
                strcmp(k, "standard-error") && strcmp(k, "sink.parallelism"))
                return diag_set(diag, stmt->pos,
                                "unknown option '%s' for connector 'print' (it takes "
                                "'print-identifier', 'standard-error', 'sink.parallelism')",
                                k);
        }
        const char *id = cat_table_option(t, "print-identifier");
        const char *err = cat_table_option(t, "standard-error");
        if (id) {
            it->prefix = xmalloc(strlen(id) + 3);
            sprintf(it->prefix, "%s> ", id);
            so.line_prefix = it->prefix;
        }
        so.out = err && str_ieq(err, "true") ? stderr : stdout;
    } else if (connector && strcmp(connector, "blackhole") == 0) {
        so.discard = true;
    } else if (connector && strcmp(connector, "filesystem") == 0) {
        const char *path = cat_table_option(t, "path");
        const char *format = cat_table_option(t, "format");
        if (!path || !format)
            return diag_set(diag, stmt->pos, "table '%s' needs 'path' and 'format' to be written",
                            t->name);
        if (str_ieq(format, "csv")) {
            so = sink_options_default(OUTPUT_CSV);
            so.print_header = false;
        } else if (str_ieq(format, "json")) {
            so = sink_options_default(OUTPUT_JSON);
        } else {
            return diag_set(diag, stmt->pos,
                            "not supported yet: writing format '%s' (csv and json are)", format);
        }
        it->path = path;
    } else {
        return diag_set(diag, stmt->pos,
                        "not supported yet: INSERT INTO a '%s' table ('print', 'blackhole' and "
                        "'filesystem' are)",
                        connector ? connector : "?");
    }
    so.is_updating = plan->is_updating;
    it->job.sink = so;
    return 0;
}

static bool path_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static bool is_directory(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Opens the .inprogress file of a 'filesystem' target. */
static int insert_open(InsertTarget *it, Diag *diag) {
    if (!it->path)
        return 0;
    const char *ext = str_ieq(cat_table_option(it->table, "format"), "csv") ? "csv" : "json";
    if (is_directory(it->path)) {
        /* a new part file; a second one of the same set in the same ms gets a suffix */
        long long now = (long long)time_now_utc_ms();
        for (int k = 0;; k++) {
            sb_clear(&it->target);
            sb_printf(&it->target, "%s/part-%lld-%d", it->path, now, (int)getpid());
            if (k > 0)
                sb_printf(&it->target, "-%d", k);
            sb_printf(&it->target, ".%s", ext);
            sb_clear(&it->tmp);
            sb_printf(&it->tmp, "%s.inprogress", sb_cstr(&it->target));
            if (!path_exists(sb_cstr(&it->target)) && !path_exists(sb_cstr(&it->tmp)))
                break;
        }
    } else {
        sb_append(&it->target, it->path);
        sb_printf(&it->tmp, "%s.inprogress", sb_cstr(&it->target));
    }
    it->file = fopen(sb_cstr(&it->tmp), "w");
    if (!it->file)
        return diag_set(diag, it->stmt->pos, "cannot write '%s': %s", sb_cstr(&it->tmp),
                        strerror(errno));
    it->job.sink.out = it->file;
    return 0;
}

/* Closes a 'filesystem' target's file: renamed to its target when the query started,
 * removed when it did not. Returns rc, or -1 (diag set) for a failure of its own. */
static int insert_close(InsertTarget *it, bool started, int rc, Diag *diag) {
    if (!it->file)
        return rc;
    bool closed = fclose(it->file) == 0;
    it->file = NULL;
    const char *tmp = sb_cstr(&it->tmp), *target = sb_cstr(&it->target);
    if (!closed && rc == 0)
        rc = diag_set(diag, it->stmt->pos, "cannot write '%s': %s", tmp, strerror(errno));
    if (closed && started && rename(tmp, target) != 0 && rc == 0)
        rc = diag_set(diag, it->stmt->pos, "cannot rename '%s' to '%s': %s", tmp, target,
                      strerror(errno));
    if (!closed || !started)
        unlink(tmp);
    return rc;
}

static void insert_release(InsertTarget *it) {
    free(it->prefix);
    sb_free(&it->target);
    sb_free(&it->tmp);
}

/*
 * Runs INSERTs as one job: a lone INSERT, or the INSERTs of a statement set. With
 * explain_flags (EXPLAIN of them; -1: run) the plans are printed instead, or with
 * EXPLAIN ANALYZE run with their rows discarded and printed with statistics.
 */
static int run_inserts(Session *s, const PlannerEnv *env, const AstList *stmts, int explain_flags,
                       Diag *diag) {
    int n = ast_list_len(stmts);
    if (n == 0)
        return diag_set(diag, -1, "a statement set needs at least one INSERT");
    Arena *arena = arena_new(64 * 1024);
    InsertTarget *its = xcalloc((size_t)n, sizeof(InsertTarget));
    ShellInsert *jobs = xcalloc((size_t)n, sizeof(ShellInsert));
    int rc = 0, n_planned = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        const AstStmt *stmt = stmts->items[i];
        rc = insert_plan(s, env, stmt, arena, &its[i], diag);
        n_planned++;
        /* one file, one writer: a second INSERT into the same file is refused */
        for (int j = 0; j < i && rc == 0; j++)
            if (its[i].path && its[j].path && strcmp(its[i].path, its[j].path) == 0 &&
                !is_directory(its[i].path))
                rc = diag_set(diag, stmt->pos,
                              "not supported yet: two INSERTs into the same file '%s' in one "
                              "statement set",
                              its[i].path);
    }
    bool is_explain = explain_flags >= 0;
    bool is_analyze = is_explain && (explain_flags & EXPLAIN_ANALYZE);
    for (int i = 0; i < n && rc == 0; i++)
        jobs[i] = its[i].job;
    if (rc == 0 && is_explain && !is_analyze) {
        StrBuf sb;
        sb_init(&sb);
        shell_explain_inserts(n, jobs, (explain_flags & EXPLAIN_CHANGELOG_MODE) != 0, &sb);
        fputs(sb_cstr(&sb), s->out);
        fflush(s->out);
        sb_free(&sb);
    } else if (rc == 0) {
        for (int i = 0; i < n && rc == 0 && !is_analyze; i++)
            if ((rc = insert_open(&its[i], diag)) == 0)
                jobs[i].sink.out = its[i].job.sink.out;
        bool started = false;
        StrBuf sb;
        sb_init(&sb);
        if (rc == 0)
            rc = shell_run_inserts(s, n, jobs, is_analyze ? &sb : NULL, &started, diag);
        for (int i = 0; i < n; i++)
            rc = insert_close(&its[i], started, rc, diag);
        if (rc == 0 && is_analyze) {
            fputs(sb_cstr(&sb), s->out);
            fflush(s->out);
        }
        sb_free(&sb);
    }
    for (int i = 0; i < n_planned; i++)
        insert_release(&its[i]);
    free(its);
    free(jobs);
    arena_free(arena);
    return rc;
}

static int run_statement(Session *s, const char *sql, const AstStmt *stmt, Diag *diag) {
    PlannerEnv env;
    env_init(s, &env, sql);
    switch (stmt->kind) {
        case STMT_CREATE_TABLE:
            if (plan_create_table(&env, stmt, diag) < 0)
                return -1;
            info(s, "Execute statement succeed.");
            return 0;
        case STMT_CREATE_VIEW:
            if (plan_create_view(&env, stmt, diag) < 0)
                return -1;
            info(s, "Execute statement succeed.");
            return 0;
        case STMT_DROP_TABLE:
        case STMT_DROP_VIEW:
            if (plan_drop(&env, stmt, diag) < 0)
                return -1;
            info(s, "Execute statement succeed.");
            return 0;
        case STMT_QUERY:
            return run_query(s, &env, stmt->query, diag);
        case STMT_INSERT: {
            void *item = (void *)stmt;
            AstList one = {1, 1, &item};
            return run_inserts(s, &env, &one, -1, diag);
        }
        case STMT_STATEMENT_SET:
            return run_inserts(s, &env, stmt->statements, -1, diag);
        case STMT_SET:
            return run_set(s, stmt, diag);
        case STMT_RESET:
            cat_reset_option(s->cat, stmt->key);
            info(s, "Session property has been reset.");
            return 0;
        case STMT_SHOW_TABLES:
        case STMT_SHOW_VIEWS:
        case STMT_SHOW_FUNCTIONS:
        case STMT_SHOW_CREATE_TABLE:
        case STMT_DESCRIBE: {
            Arena *arena = arena_new(4096);
            ResultSet rs;
            int rc = stmt->kind == STMT_DESCRIBE ? plan_describe(&env, stmt, arena, &rs, diag)
                                                 : plan_show(&env, stmt, arena, &rs, diag);
            if (rc == 0)
                shell_print_result_set(s, &rs);
            arena_free(arena);
            return rc;
        }
        case STMT_EXPLAIN:
            return run_explain(s, &env, stmt, diag);
    }
    return diag_set(diag, stmt->pos, "not supported yet: this statement");
}

int session_run_script(Session *s, const char *sql, const char *script) {
    Arena *arena = arena_new(64 * 1024);
    AstList *stmts = NULL;
    Diag parse_diag, diag;
    diag_init(&parse_diag);
    diag_init(&diag);
    int parse_rc = parse_script(sql, arena, &stmts, &parse_diag);
    int status = 0;
    for (int i = 0; i < ast_list_len(stmts) && !s->output_closed; i++) {
        if (s->cancel)
            break; /* Ctrl-C abandons the rest of the input (the shell then prompts) */
        const AstStmt *stmt = stmts->items[i];
        if (s->echo)
            fprintf(stderr, "%.*s;\n", stmt->span.end - stmt->span.start, sql + stmt->span.start);
        int64_t started = s->timer ? time_now_utc_ms() : 0;
        diag_init(&diag);
        int rc = run_statement(s, sql, stmt, &diag);
        fflush(s->out);
        if (rc < 0)
            diag_print_as(&diag, sql, script, stderr, s->is_interactive ? "[ERROR]" : "Error:");
        if (s->timer)
            fprintf(stderr, "Run Time: real %.3f\n", (double)(time_now_utc_ms() - started) / 1000);
        if (rc < 0) {
            status = 1;
            if (s->bail)
                break;
        }
    }
    if (status == 0 && parse_rc < 0 && !s->output_closed) {
        fflush(s->out);
        diag_print_as(&parse_diag, sql, script, stderr, s->is_interactive ? "[ERROR]" : "Error:");
        status = 1;
    }
    arena_free(arena);
    return status;
}

/* True when text holds no statement: only space and -- comments. */
static bool is_blank_sql(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '-' && i + 1 < n && p[i + 1] == '-') {
            while (i < n && p[i] != '\n')
                i++;
        } else if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
            return false;
        }
    }
    return true;
}

/* Runs text[from, to) as SQL, padded with the newlines before it so that messages
 * name the script's own line numbers. */
static int run_chunk(Session *s, const char *text, size_t from, size_t to, const char *script) {
    if (is_blank_sql(text + from, to - from))
        return 0;
    size_t lines = 0;
    for (size_t i = 0; i < from; i++)
        lines += text[i] == '\n';
    char *sql = xmalloc(lines + (to - from) + 1);
    memset(sql, '\n', lines);
    memcpy(sql + lines, text + from, to - from);
    sql[lines + (to - from)] = '\0';
    int rc = session_run_script(s, sql, script);
    free(sql);
    return rc;
}

int session_run_text(Session *s, const char *text, const char *script) {
    size_t n = strlen(text), chunk = 0;
    int status = 0;
    for (size_t ls = 0; ls < n && !s->output_closed && !s->cancel;) {
        size_t le = ls;
        while (le < n && text[le] != '\n')
            le++;
        size_t first = ls;
        while (first < le && (text[first] == ' ' || text[first] == '\t'))
            first++;
        if (first < le && text[first] == '.') {
            /* a dot-command, where a statement may start */
            char *pending = xmalloc(ls - chunk + 1);
            memcpy(pending, text + chunk, ls - chunk);
            pending[ls - chunk] = '\0';
            bool at_boundary = is_blank_sql(pending, ls - chunk) || parse_is_complete(pending);
            free(pending);
            if (at_boundary) {
                if (run_chunk(s, text, chunk, ls, script) != 0) {
                    status = 1;
                    if (s->bail)
                        return status;
                }
                char *line = xmalloc(le - first + 1);
                memcpy(line, text + first, le - first);
                line[le - first] = '\0';
                int line_no = 1;
                for (size_t i = 0; i < ls; i++)
                    line_no += text[i] == '\n';
                int rc = dot_run_at(s, line, script, line_no);
                free(line);
                if (rc == DOT_QUIT)
                    return status;
                if (rc == DOT_ERROR) {
                    status = 1;
                    if (s->bail)
                        return status;
                }
                chunk = le < n ? le + 1 : n;
            }
        }
        ls = le < n ? le + 1 : n;
    }
    if (!s->output_closed && !s->cancel && run_chunk(s, text, chunk, n, script) != 0)
        status = 1;
    return status;
}

char *shell_read_file(const char *path, Diag *diag) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_set(diag, -1, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    StrBuf sb;
    sb_init(&sb);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_append_n(&sb, buf, n);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        diag_set(diag, -1, "cannot read '%s': %s", path, strerror(errno));
        sb_free(&sb);
        return NULL;
    }
    sb_reserve(&sb, 0);
    return sb.data ? sb.data : xstrdup("");
}
