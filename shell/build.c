/*
 * build.c - turning a physical plan into operators and running it.
 *
 * The plan is a tree rooted at the query's output; operators are built from the sink
 * back towards the sources, each new operator pushing into the one built before it.
 * A Calc becomes op_calc_new, a scan a table source, a VALUES node a values source
 * (its cells are evaluated here, once), and a UNION ALL simply points both inputs at
 * the same downstream operator.
 */
#include "shell/plan_ops.h"
#include "shell/shell.h"

#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

typedef struct Built {
    Session *session;
    Arena *arena; /* outlives the run: constant strings of VALUES */
    int n_sources;
    Source *sources[64];
    const PlanNode *source_nodes[64]; /* the plan node each source runs */
    int n_ops;
    Operator *ops[256];
    const PlanNode *op_nodes[256]; /* the plan node each operator runs (NULL: the sink) */
    const PlanNode *building;      /* the node being built */
} Built;

static int build_node(Built *b, const PlanNode *p, Operator *downstream, int port, Diag *diag);

static int add_source(Built *b, Source *src, Operator *downstream, int port, Diag *diag) {
    if (b->n_sources == (int)ARRAY_LEN(b->sources)) {
        src->vt->destroy(src);
        return diag_set(diag, -1, "not supported yet: more than %d sources in one query",
                        (int)ARRAY_LEN(b->sources));
    }
    src->downstream = downstream;
    src->port = port;
    b->source_nodes[b->n_sources] = b->building;
    b->sources[b->n_sources++] = src;
    return 0;
}

static int add_op(Built *b, Operator *op, Diag *diag) {
    if (b->n_ops == (int)ARRAY_LEN(b->ops)) {
        op_destroy(op);
        return diag_set(diag, -1, "not supported yet: more than %d operators in one query",
                        (int)ARRAY_LEN(b->ops));
    }
    b->op_nodes[b->n_ops] = b->building;
    b->ops[b->n_ops++] = op;
    return 0;
}

static int build_values(Built *b, const PlanNode *p, Operator *downstream, int port, Diag *diag) {
    size_t n = (size_t)p->n_rows * (size_t)p->n_cols;
    Value *values = xcalloc(n ? n : 1, sizeof(Value));
    bool *is_null = xcalloc(n ? n : 1, sizeof(bool));
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        ExprProgram *prog = expr_compile(p->cells[i], 0, NULL, diag);
        if (!prog)
            goto done;
        int erc = expr_eval_const(prog, &values[i], &is_null[i], b->arena, diag);
        expr_free(prog);
        if (erc < 0)
            goto done;
        if (!is_null[i] && type_info(p->types[i % (size_t)p->n_cols].id)->is_string) {
            StrRef *s = &values[i].str; /* copy out of the program's memory */
            s->ptr = arena_strndup(b->arena, s->ptr, s->len);
        }
    }
    rc = add_source(b, source_values_new(p->n_cols, p->types, p->n_rows, values, is_null),
                    downstream, port, diag);
done:
    free(values);
    free(is_null);
    return rc;
}

static int build_node(Built *b, const PlanNode *p, Operator *downstream, int port, Diag *diag) {
    b->building = p;
    switch (p->kind) {
        case PLAN_SCAN: {
            const char *connector = cat_table_option(p->table, "connector");
            const char *rows = cat_get_option(b->session->cat, "sluice.batch-size");
            bool is_nexmark = connector && strcmp(connector, "nexmark") == 0;
            if (connector && (strcmp(connector, "datagen") == 0 || is_nexmark)) {
                Source *src = (is_nexmark ? source_nexmark_new : source_datagen_new)(
                    p->table, p->n_fields, (const char *const *)p->field_names, p->field_types,
                    p->field_to_col, p->n_cols, p->types,
                    rows ? (uint32_t)strtoul(rows, NULL, 10) : 0, diag);
                if (!src) {
                    if (diag->pos < 0 && diag->line == 0)
                        diag->pos = p->pos;
                    return -1;
                }
                return add_source(b, src, downstream, port, diag);
            }
            Input *in = NULL;
            if (connector && strcmp(connector, "stdin") == 0)
                in = session_stdin(b->session);
            Source *src =
                source_table_new(p->table, p->n_fields, (const char *const *)p->field_names,
                                 p->field_types, p->field_to_col, p->n_cols, p->types, in, diag);
            if (!src) {
                if (diag->pos < 0 && diag->line == 0)
                    diag->pos = p->pos; /* point at the table in the query */
                return -1;
            }
            if (rows)
                source_table_set_batch_rows(src, (uint32_t)strtoul(rows, NULL, 10));
            return add_source(b, src, downstream, port, diag);
        }
        case PLAN_VALUES:
            return build_values(b, p, downstream, port, diag);
        case PLAN_CALC:
        case PLAN_AGGREGATE:
        case PLAN_WATERMARK:
        case PLAN_WINDOW_TVF:
        case PLAN_WINDOW_AGG: {
            Operator *op = plan_node_operator(p, diag);
            if (!op || add_op(b, op, diag) < 0)
                return -1;
            op->next = downstream;
            op->next_port = port;
            return build_node(b, p->inputs[0], op, 0, diag);
        }
        case PLAN_UNION:
            for (int i = 0; i < p->n_inputs; i++)
                if (build_node(b, p->inputs[i], downstream, port, diag) < 0)
                    return -1;
            return 0;
    }
    return diag_set(diag, -1, "internal error: unknown plan node");
}

static void report_skipped(const Built *b) {
    for (int i = 0; i < b->n_sources; i++) {
        const Source *src = b->sources[i];
        if (src->rows_skipped == 0)
            continue;
        fprintf(stderr, "Warning: skipped %llu malformed row%s of '%s'",
                (unsigned long long)src->rows_skipped, src->rows_skipped == 1 ? "" : "s",
                src->name);
        const Diag *first = source_table_first_skip(src);
        if (first && first->is_set)
            fprintf(stderr, " (first: %s:%d:%d: %s)", first->source, first->line, first->col,
                    first->msg);
        fputc('\n', stderr);
    }
}

/* Late rows are dropped, as Flink does, but never silently: a warning when the query
 * ends (EXPLAIN ANALYZE shows the count per operator). */
static void report_late(const Built *b) {
    uint64_t late = 0;
    for (int i = 0; i < b->n_ops; i++)
        late += b->ops[i]->stats.late_rows_dropped;
    if (late)
        fprintf(stderr, "Warning: dropped %llu late row%s\n", (unsigned long long)late,
                late == 1 ? "" : "s");
}

/* ---- EXPLAIN ANALYZE ---------------------------------------------------------------- */

static void analyze_node(const Built *b, const PlanNode *p, int depth, StrBuf *out) {
    sb_append(out, "   ");
    for (int i = 0; i < depth; i++)
        sb_append(out, i == depth - 1 ? "+- " : "   ");
    sb_append(out, p->explain ? p->explain : "?");
    for (int i = 0; i < b->n_ops; i++) {
        if (b->op_nodes[i] != p)
            continue;
        const OpStats *st = &b->ops[i]->stats;
        sb_printf(out, " [rows in: %llu, rows out: %llu", (unsigned long long)st->rows_in,
                  (unsigned long long)st->rows_out);
        if (p->kind == PLAN_AGGREGATE || p->kind == PLAN_WINDOW_AGG)
            sb_printf(out, ", groups: %llu", (unsigned long long)st->state_entries);
        if (p->kind == PLAN_WINDOW_AGG)
            sb_printf(out, ", late rows dropped: %llu", (unsigned long long)st->late_rows_dropped);
        sb_append(out, "]");
    }
    for (int i = 0; i < b->n_sources; i++) {
        if (b->source_nodes[i] != p)
            continue;
        const Source *src = b->sources[i];
        sb_printf(out, " [rows: %llu", (unsigned long long)src->stats.rows_out);
        if (src->rows_skipped)
            sb_printf(out, ", malformed rows skipped: %llu", (unsigned long long)src->rows_skipped);
        sb_append(out, "]");
    }
    sb_append_char(out, '\n');
    for (int i = 0; i < p->n_inputs; i++)
        analyze_node(b, p->inputs[i], depth + 1, out);
}

/* ---- the status line ---------------------------------------------------------------- */

/*
 * In the interactive shell, with stderr a terminal, a query shows one line on stderr
 * while it runs — rows read, rows per second, the watermark, late rows dropped —
 * redrawn every 200 ms and erased when the query ends. It is an operator outside the
 * data path: only its timer is used (the pipeline ticks it).
 */
typedef struct StatusOp {
    Operator base;
    const Built *b;
    int64_t started;
    bool shown;
    bool left_view;       /* q left the live table view: the query ends, the script goes on */
    bool draws;           /* the status line (not under the live table view) */
    bool watches_q;       /* the live table view: 'q' on the terminal leaves it */
    struct termios saved; /* the terminal's mode while watching keys */
} StatusOp;

/* In the live table view: 'q' typed on the terminal cancels the query, as Ctrl-C. */
static void watch_keys(StatusOp *st) {
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    char c;
    while (poll(&pfd, 1, 0) > 0 && read(STDIN_FILENO, &c, 1) == 1)
        if (c == 'q' || c == 'Q') {
            st->b->session->cancel = 1;
            st->left_view = true;
        }
}

static uint64_t rows_read(const Built *b) {
    uint64_t n = 0;
    for (int i = 0; i < b->n_sources; i++)
        n += b->sources[i]->stats.rows_out;
    return n;
}

static uint64_t late_rows(const Built *b) {
    uint64_t n = 0;
    for (int i = 0; i < b->n_ops; i++)
        n += b->ops[i]->stats.late_rows_dropped;
    return n;
}

static int status_tick(Operator *op, int64_t now, Diag *diag) {
    (void)diag;
    StatusOp *st = (StatusOp *)op;
    const Built *b = st->b;
    op->timer_at = now + 200;
    if (st->watches_q)
        watch_keys(st);
    if (!st->draws)
        return 0;
    int64_t wm = INT64_MIN;
    for (int i = 0; i < b->n_ops; i++) {
        int64_t w = op_watermark_reached(b->ops[i]);
        wm = w > wm ? w : wm;
    }
    char wm_text[64] = "-";
    if (wm != INT64_MIN)
        time_format_sql(wm, 3, wm_text);
    uint64_t rows = rows_read(b);
    double secs = (double)(now - st->started) / 1000;
    char line[256];
    int n = snprintf(line, sizeof line,
                     "%llu rows read, %.0f rows/s, watermark %s, %llu late rows dropped",
                     (unsigned long long)rows, secs > 0 ? (double)rows / secs : 0.0, wm_text,
                     (unsigned long long)late_rows(b));
    /* never wider than the terminal: a wrapped line could not be erased */
    struct winsize ws;
    int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;
    if (n >= cols)
        n = cols - 1;
    fprintf(stderr, "\r\033[K%.*s", n, line);
    fflush(stderr);
    st->shown = true;
    return 0;
}

/* The sink's hook: results are about to be written, the status line goes. */
static void status_erase(void *ctx) {
    StatusOp *st = ctx;
    if (st && st->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        st->shown = false;
    }
}

static int status_push(Operator *op, int port, Batch *batch, Diag *diag) {
    (void)op, (void)port, (void)batch, (void)diag;
    return 0;
}

static void status_explain(const Operator *op, StrBuf *out) {
    (void)op;
    sb_append(out, "Status");
}

static void status_destroy(Operator *op) {
    StatusOp *st = (StatusOp *)op;
    if (st->watches_q)
        tcsetattr(STDIN_FILENO, TCSANOW, &st->saved);
    if (st->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    free(op);
}

static const OperatorVtbl STATUS_VTBL = {
    .push = status_push,
    .watermark = op_forward_watermark,
    .finish = op_forward_finish,
    .explain = status_explain,
    .destroy = status_destroy,
    .tick = status_tick,
};

/* ---- running ----------------------------------------------------------------------- */

int shell_run_plan(Session *s, const PlanNode *plan, const SinkOptions *into, StrBuf *analyze,
                   Diag *diag) {
    Built b;
    memset(&b, 0, sizeof b);
    b.session = s;
    b.arena = arena_new(16 * 1024);
    FILE *discard = NULL;
    /* the live view only on a terminal (not into an .output file) */
    OutputFormat format =
        s->output == OUTPUT_TABLE && !isatty(fileno(s->out)) ? OUTPUT_TABLEAU : s->output;
    SinkOptions so = sink_options_default(format);
    so.out = s->out;
    so.print_header = s->headers;
    if (into) /* INSERT INTO a sink table */
        so = *into;
    if (analyze) {
        /* EXPLAIN ANALYZE runs the query for its statistics and discards its rows */
        discard = fopen("/dev/null", "w");
        if (!discard) {
            arena_free(b.arena);
            return diag_set(diag, -1, "cannot open /dev/null");
        }
        so.out = discard;
    }
    StatusOp *status = NULL;
    bool is_table = so.format == OUTPUT_TABLE && !analyze;
    bool draws = s->is_interactive && !analyze && !is_table && isatty(STDERR_FILENO);
    struct termios mode;
    bool watches_q = is_table && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &mode) == 0;
    if (draws || watches_q) {
        status = xcalloc(1, sizeof(StatusOp));
        status->base.vt = &STATUS_VTBL;
        status->b = &b;
        status->started = time_now_utc_ms();
        status->draws = draws;
        status->base.timer_at = status->started + (draws ? 500 : 100); /* quick queries: none */
        if (watches_q) { /* keys one by one, unechoed, while the view is up */
            status->watches_q = true;
            status->saved = mode;
            mode.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
            mode.c_cc[VMIN] = 0;
            mode.c_cc[VTIME] = 0;
            tcsetattr(STDIN_FILENO, TCSANOW, &mode);
        }
    }
    if (status) {
        so.before_write = status_erase;
        so.before_write_ctx = status;
    }
    so.is_updating = plan->is_updating; /* an op column/field for -U, +U, -D rows */
    Operator *sink = sink_new(&so, plan->n_cols, (const char *const *)plan->names, plan->types);
    int rc = add_op(&b, sink, diag);
    if (rc == 0)
        rc = build_node(&b, plan, sink, 0, diag);
    if (status) { /* after the plan's operators: b.building is no node now */
        b.building = NULL;
        if (rc == 0)
            rc = add_op(&b, &status->base, diag);
        else
            status_destroy(&status->base);
    }
    int64_t started = time_now_utc_ms();
    if (rc == 0) {
        rc = pipeline_run(b.sources, b.n_sources, b.ops, b.n_ops, &s->cancel, diag);
        if (rc < 0 && sink_output_closed(sink)) {
            s->output_closed = true;
            rc = 0;
        }
        if (status && status->shown) { /* erase the status line before messages */
            fputs("\r\033[K", stderr);
            status->shown = false;
        }
        bool left_view = status && status->left_view;
        if (left_view) /* q is not an interrupt: what follows runs */
            s->cancel = 0;
        report_skipped(&b);
        if (s->is_interactive && s->cancel)
            fprintf(stderr,
                    "Query cancelled after %.1f s: %llu rows read, %llu rows out, %llu late "
                    "rows dropped\n",
                    (double)(time_now_utc_ms() - started) / 1000, (unsigned long long)rows_read(&b),
                    (unsigned long long)sink->stats.rows_in, (unsigned long long)late_rows(&b));
        else if (!analyze)
            report_late(&b);
    }
    if (rc == 0 && (analyze || s->stats)) {
        /* EXPLAIN ANALYZE's text, or with .stats on the same on stderr after the rows */
        StrBuf stats;
        sb_init(&stats);
        StrBuf *to = analyze ? analyze : &stats;
        sb_printf(to, "== Physical Plan (analyzed) ==\nSink(format=[%s]) [rows: %llu]\n",
                  output_format_name(s->output), (unsigned long long)sink->stats.rows_in);
        analyze_node(&b, plan, 1, to);
        if (!analyze) {
            fflush(s->out);
            fputs(sb_cstr(&stats), stderr);
        }
        sb_free(&stats);
    }
    for (int i = 0; i < b.n_sources; i++)
        b.sources[i]->vt->destroy(b.sources[i]);
    for (int i = 0; i < b.n_ops; i++)
        op_destroy(b.ops[i]);
    arena_free(b.arena);
    if (discard)
        fclose(discard);
    return rc;
}

/* ---- static results ---------------------------------------------------------------- */

/* On a terminal, SHOW and DESCRIBE results are a box sized to the data, names and
 * values right-aligned, then "N rows in set", as Flink's SQL client prints them. */
static size_t display_width(const char *s) {
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void print_border(FILE *out, int n, const size_t *w) {
    for (int c = 0; c < n; c++) {
        fputc('+', out);
        for (size_t i = 0; i < w[c] + 2; i++)
            fputc('-', out);
    }
    fputs("+\n", out);
}

static void print_cells(FILE *out, int n, const size_t *w, const char *const *cells) {
    for (int c = 0; c < n; c++) {
        const char *v = cells[c] ? cells[c] : "<NULL>";
        fprintf(out, "| %*s%s ", (int)(w[c] - display_width(v)), "", v);
    }
    fputs("|\n", out);
}

void shell_print_result_set(Session *s, const ResultSet *rs) {
    if (s->output != OUTPUT_TABLEAU && s->output != OUTPUT_TABLE) { /* a table: no live view */
        /* Through the sink of the session's format, as constant rows. */
        SqlType *types = xcalloc((size_t)rs->n_cols, sizeof(SqlType));
        for (int c = 0; c < rs->n_cols; c++)
            types[c] = type_string();
        SinkOptions so = sink_options_default(s->output);
        so.out = s->out;
        so.print_header = s->headers;
        Operator *sink = sink_new(&so, rs->n_cols, rs->names, types);
        Batch *batch = batch_new(rs->n_cols, types);
        Diag d;
        diag_init(&d);
        for (int r0 = 0; r0 < rs->n_rows; r0 += BATCH_CAPACITY) {
            batch_reset(batch);
            int n = MIN(rs->n_rows - r0, BATCH_CAPACITY);
            for (int i = 0; i < n; i++)
                for (int c = 0; c < rs->n_cols; c++) {
                    const char *v = rs->cells[(r0 + i) * rs->n_cols + c];
                    StrRef *sr = &((StrRef *)batch->cols[c].data)[i];
                    sr->ptr = v ? v : "";
                    sr->len = v ? (uint32_t)strlen(v) : 0;
                    if (!v)
                        vec_set_null(&batch->cols[c], (uint32_t)i);
                }
            batch->n_rows = (uint32_t)n;
            if (op_push(sink, 0, batch, &d) < 0)
                break;
        }
        op_finish(sink, &d);
        if (sink_output_closed(sink))
            s->output_closed = true;
        op_destroy(sink);
        batch_free(batch);
        free(types);
        return;
    }
    if (rs->n_rows == 0) {
        fputs("Empty set\n", s->out);
        fflush(s->out);
        return;
    }
    size_t *w = xcalloc((size_t)rs->n_cols, sizeof(size_t));
    for (int c = 0; c < rs->n_cols; c++) {
        w[c] = display_width(rs->names[c]);
        for (int r = 0; r < rs->n_rows; r++) {
            const char *v = rs->cells[r * rs->n_cols + c];
            w[c] = MAX(w[c], display_width(v ? v : "<NULL>"));
        }
    }
    print_border(s->out, rs->n_cols, w);
    print_cells(s->out, rs->n_cols, w, rs->names);
    print_border(s->out, rs->n_cols, w);
    for (int r = 0; r < rs->n_rows; r++)
        print_cells(s->out, rs->n_cols, w, &rs->cells[r * rs->n_cols]);
    print_border(s->out, rs->n_cols, w);
    fprintf(s->out, "%d row%s in set\n", rs->n_rows, rs->n_rows == 1 ? "" : "s");
    fflush(s->out);
    free(w);
}
