/*
 * build.c - turning a physical plan into operators and running it.
 *
 * The plan is a tree rooted at the query's output; operators are built from the sink
 * back towards the sources, each new operator pushing into the one built before it.
 * A Calc becomes op_calc_new, a scan a table source, a VALUES node a values source
 * (its cells are evaluated here, once), and a UNION ALL a Union operator that each
 * input pushes into (it finishes its downstream once, after the last input).
 *
 * INSERTs run as a statement set (a lone INSERT is a set of one): every plan is built,
 * each with its own sink, into one pipeline, and a table that several scans read gets
 * one source and a Tee that feeds each scan's consumer (see "tables read once").
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
    struct ScanGroups *groups;     /* INSERTs: the tables read, each by one source */
    int n_sinks;
    Operator **sinks; /* INSERTs: the sink of each */
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

/* ---- tables read once -------------------------------------------------------------- */

/*
 * The INSERTs of a statement set (a lone INSERT is a set of one) read each table once,
 * as Flink reuses a source: the scans of one table become one source reading the union
 * of the fields they use, pushing into a Tee (exec/tee.c) that gives each scan's
 * consumer the columns its plan expects. A table read by one scan is built as for a
 * query.
 *
 * A table with a WATERMARK has a WatermarkAssigner over each of its scans, all with the
 * table's expressions; those become one assigner over the union scan, below the Tee
 * (its expressions' columns mapped to the union's). The watermark before each row
 * depends only on the rows before it, which every consumer sees in the same order, so
 * each plan gets the watermarks it gets alone, and the expression runs once per row
 * instead of once per INSERT. The leaf a plan shares is then the assigner, not the scan.
 */
typedef struct ScanGroup {
    const CatTable *table;
    int n_scans;
    int n_watermarked; /* scans under a WatermarkAssigner */
    int reuse_id;      /* 1, 2, ... for a table several scans read (EXPLAIN's reuse_id); else 0 */
    PlanNode node;     /* a scan of the union of the fields the scans use */
    const PlanNode *first_wm; /* the first scan's assigner, when every scan has one */
    PlanNode wm_node;         /* then: the assigner over node */
    const PlanNode *leaf;     /* what the group builds once: &node or &wm_node */
    Operator *tee;            /* once built */
} ScanGroup;

typedef struct ScanGroups {
    int n;
    ScanGroup groups[64]; /* a table past these is read by each of its scans */
} ScanGroups;

static ScanGroup *group_of(ScanGroups *g, const CatTable *t) {
    for (int i = 0; i < g->n; i++)
        if (g->groups[i].table == t)
            return &g->groups[i];
    return NULL;
}

/* The scan under a leaf of a plan that reads a table (a scan, or an assigner over one). */
static const PlanNode *leaf_scan(const PlanNode *p) {
    if (p->kind == PLAN_WATERMARK && p->inputs[0]->kind == PLAN_SCAN)
        return p->inputs[0];
    return p->kind == PLAN_SCAN ? p : NULL;
}

/* The group whose shared leaf p is (its scan, or its scan's assigner), or NULL. */
static ScanGroup *shared_group(ScanGroups *g, const PlanNode *p) {
    const PlanNode *scan = leaf_scan(p);
    ScanGroup *sg = scan ? group_of(g, scan->table) : NULL;
    if (!sg || !sg->reuse_id || (p->kind == PLAN_WATERMARK) != (sg->first_wm != NULL))
        return NULL;
    return sg;
}

/* Counts the scans of each table and marks (field_to_col 0) the fields any one uses. */
static void count_scans(ScanGroups *g, const PlanNode *p, const PlanNode *parent, Arena *arena) {
    for (int i = 0; i < p->n_inputs; i++)
        count_scans(g, p->inputs[i], p, arena);
    if (p->kind != PLAN_SCAN)
        return;
    ScanGroup *sg = group_of(g, p->table);
    if (!sg && g->n < (int)ARRAY_LEN(g->groups)) {
        sg = &g->groups[g->n++];
        sg->table = p->table;
        sg->node = *p;
        sg->node.field_to_col = arena_alloc(arena, (size_t)(p->n_fields + 1) * sizeof(int));
        for (int f = 0; f < p->n_fields; f++)
            sg->node.field_to_col[f] = -1;
    }
    if (!sg)
        return;
    sg->n_scans++;
    if (parent && parent->kind == PLAN_WATERMARK) {
        if (!sg->n_watermarked++)
            sg->first_wm = parent;
    }
    for (int f = 0; f < p->n_fields; f++)
        if (p->field_to_col[f] >= 0)
            sg->node.field_to_col[f] = 0;
}

/* For each column of a scan of sg's table, the union scan's column that holds it. */
static int *union_cols(const ScanGroup *sg, const PlanNode *scan) {
    int *cols = xcalloc((size_t)(scan->n_cols + 1), sizeof(int));
    for (int f = 0; f < scan->n_fields; f++)
        if (scan->field_to_col[f] >= 0)
            cols[scan->field_to_col[f]] = sg->node.field_to_col[f];
    return cols;
}

/* Groups the scans of the plans by table; a table with several gets its union scan
 * (and, when they all have one, the assigner over it). */
static void scan_groups_collect(ScanGroups *g, int n_plans, const PlanNode *const *plans,
                                Arena *arena) {
    g->n = 0;
    for (int i = 0; i < n_plans; i++)
        count_scans(g, plans[i], NULL, arena);
    int n_shared = 0;
    for (int i = 0; i < g->n; i++) {
        ScanGroup *sg = &g->groups[i];
        if (sg->n_scans < 2)
            continue;
        sg->reuse_id = ++n_shared;
        PlanNode *u = &sg->node;
        u->names = arena_alloc(arena, (size_t)(u->n_fields + 1) * sizeof(char *));
        u->types = arena_alloc(arena, (size_t)(u->n_fields + 1) * sizeof(SqlType));
        u->n_cols = 0;
        for (int f = 0; f < u->n_fields; f++) {
            if (u->field_to_col[f] < 0)
                continue;
            u->field_to_col[f] = u->n_cols;
            u->names[u->n_cols] = u->field_names[f];
            u->types[u->n_cols++] = u->field_types[f];
        }
        const char *connector = cat_table_option(sg->table, "connector");
        const char *format = cat_table_option(sg->table, "format");
        StrBuf sb;
        sb_init(&sb);
        sb_printf(&sb, "TableSourceScan(table=[[default_catalog, default_database, %s]], fields=[",
                  sg->table->name);
        for (int c = 0; c < u->n_cols; c++)
            sb_printf(&sb, "%s%s", c ? ", " : "", u->names[c]);
        sb_printf(&sb, "], connector=[%s], format=[%s])", connector ? connector : "?",
                  format ? format : "csv");
        u->explain = arena_strdup(arena, sb_cstr(&sb));
        sb_free(&sb);
        sg->leaf = u;
        if (sg->n_watermarked < sg->n_scans) {
            sg->first_wm = NULL; /* not every scan has one: each plan keeps its own */
            continue;
        }
        /* one assigner over the union scan; its text names columns, which stay the same */
        const PlanNode *w = sg->first_wm;
        int *map = union_cols(sg, w->inputs[0]);
        PlanNode *uw = &sg->wm_node;
        *uw = *w;
        uw->n_cols = u->n_cols;
        uw->names = u->names;
        uw->types = u->types;
        uw->inputs = arena_alloc(arena, sizeof(PlanNode *));
        uw->inputs[0] = u;
        uw->rowtime_expr = expr_remap_columns(arena, w->rowtime_expr, map);
        uw->watermark_expr = expr_remap_columns(arena, w->watermark_expr, map);
        free(map);
        sg->leaf = uw;
    }
}

/* A leaf of a table that several scans read: the first one builds the group's source
 * (and assigner) and its tee; each adds an output to the tee with the columns it reads
 * (a leaf's columns are its scan's). */
static int build_shared_leaf(Built *b, ScanGroup *sg, const PlanNode *p, Operator *downstream,
                             int port, Diag *diag) {
    if (!sg->tee) {
        b->building = NULL; /* the tee is no node of a plan */
        Operator *tee = op_tee_new(NULL);
        if (add_op(b, tee, diag) < 0)
            return -1;
        sg->tee = tee;
        struct ScanGroups *groups = b->groups; /* the group's leaf is built as in a query */
        b->groups = NULL;
        int rc = build_node(b, sg->leaf, tee, 0, diag);
        b->groups = groups;
        if (rc < 0)
            return -1;
    }
    int *cols = union_cols(sg, leaf_scan(p));
    op_tee_add_output(sg->tee, downstream, port, p->n_cols, cols);
    free(cols);
    return 0;
}

static int build_node(Built *b, const PlanNode *p, Operator *downstream, int port, Diag *diag) {
    ScanGroup *shared = b->groups ? shared_group(b->groups, p) : NULL;
    if (shared)
        return build_shared_leaf(b, shared, p, downstream, port, diag);
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
        case PLAN_UNION: {
            Operator *u = op_union_new(p->n_inputs, p->explain);
            if (add_op(b, u, diag) < 0)
                return -1;
            u->next = downstream;
            u->next_port = port;
            for (int i = 0; i < p->n_inputs; i++)
                if (build_node(b, p->inputs[i], u, 0, diag) < 0)
                    return -1;
            return 0;
        }
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

/* What the operators and sources built for p have done: " [rows in: 6, rows out: 3]". */
static void node_stats(const Built *b, const PlanNode *p, StrBuf *out) {
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
}

static void analyze_node(const Built *b, const PlanNode *p, int depth, StrBuf *out) {
    sb_append(out, "   ");
    for (int i = 0; i < depth; i++)
        sb_append(out, i == depth - 1 ? "+- " : "   ");
    sb_append(out, p->explain ? p->explain : "?");
    node_stats(b, p, out);
    sb_append_char(out, '\n');
    for (int i = 0; i < p->n_inputs; i++)
        analyze_node(b, p->inputs[i], depth + 1, out);
}

/* ---- EXPLAIN of INSERTs and statement sets ------------------------------------------ */

/*
 * Each INSERT's plan under its sink, as Flink prints a statement set; a table that
 * several scans read is shown once, first, as its one source (and assigner) with a
 * reuse_id, and each scan of it as Reused(reference_id=[...], fields=[the columns that
 * scan takes]):
 *
 *   TableSourceScan(table=[[default_catalog, default_database, Bid]], ...)(reuse_id=[1])
 *
 *   Sink(table=[default_catalog.default_database.p], fields=[item])
 *   +- Calc(select=[item], where=[(price > 4.00)])
 *      +- Reused(reference_id=[1], fields=[price, item])
 *
 * With b (EXPLAIN ANALYZE, .stats) each line ends with what its operators did.
 */
static void explain_insert_node(ScanGroups *g, const Built *b, const PlanNode *p, int depth,
                                int reuse_id, bool changelog_mode, StrBuf *out) {
    for (int i = 0; i < depth; i++)
        sb_append(out, i == depth - 1 ? "+- " : "   ");
    const ScanGroup *sg = g ? shared_group(g, p) : NULL;
    if (sg) {
        sb_printf(out, "Reused(reference_id=[%d], fields=[", sg->reuse_id);
        for (int c = 0; c < p->n_cols; c++)
            sb_printf(out, "%s%s", c ? ", " : "", p->names[c]);
        sb_append(out, "])");
    } else {
        sb_append(out, p->explain ? p->explain : "?");
        if (reuse_id)
            sb_printf(out, "(reuse_id=[%d])", reuse_id);
    }
    if (changelog_mode)
        sb_append(out, p->is_updating ? ", changelogMode=[I,UB,UA,D]" : ", changelogMode=[I]");
    if (b)
        node_stats(b, p, out);
    sb_append_char(out, '\n');
    for (int i = 0; !sg && i < p->n_inputs; i++)
        explain_insert_node(g, b, p->inputs[i], depth + 1, 0, changelog_mode, out);
}

static void explain_inserts(ScanGroups *g, const Built *b, int n, const ShellInsert *inserts,
                            bool changelog_mode, StrBuf *out) {
    sb_append(out, b ? "== Physical Plan (analyzed) ==\n" : "== Physical Plan ==\n");
    bool blank = false;
    for (int i = 0; i < g->n; i++) {
        const ScanGroup *sg = &g->groups[i];
        if (!sg->reuse_id)
            continue;
        explain_insert_node(NULL, b, sg->leaf, 0, sg->reuse_id, changelog_mode, out);
        blank = true;
    }
    for (int i = 0; i < n; i++) {
        const PlanNode *plan = inserts[i].plan;
        if (blank)
            sb_append_char(out, '\n');
        blank = true;
        sb_printf(out, "Sink(table=[default_catalog.default_database.%s], fields=[",
                  inserts[i].table);
        for (int c = 0; c < plan->n_cols; c++)
            sb_printf(out, "%s%s", c ? ", " : "", plan->names[c]);
        sb_append(out, "])");
        if (b)
            sb_printf(out, " [rows: %llu]", (unsigned long long)b->sinks[i]->stats.rows_in);
        sb_append_char(out, '\n');
        explain_insert_node(g, b, plan, 1, 0, changelog_mode, out);
    }
}

void shell_explain_inserts(int n, const ShellInsert *inserts, bool changelog_mode, StrBuf *out) {
    Arena *arena = arena_new(4096);
    ScanGroups *g = xcalloc(1, sizeof(ScanGroups));
    const PlanNode **plans = xcalloc((size_t)n + 1, sizeof(PlanNode *));
    for (int i = 0; i < n; i++)
        plans[i] = inserts[i].plan;
    scan_groups_collect(g, n, plans, arena);
    explain_inserts(g, NULL, n, inserts, changelog_mode, out);
    free(plans);
    free(g);
    arena_free(arena);
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

/* The status operator of a run in the interactive shell (the status line, or the live
 * table view's q key), or NULL when there is none. */
static StatusOp *status_new(Built *b, bool is_table, bool analyze) {
    Session *s = b->session;
    bool draws = s->is_interactive && !analyze && !is_table && isatty(STDERR_FILENO);
    struct termios mode;
    bool watches_q = is_table && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &mode) == 0;
    if (!draws && !watches_q)
        return NULL;
    StatusOp *status = xcalloc(1, sizeof(StatusOp));
    status->base.vt = &STATUS_VTBL;
    status->b = b;
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
    return status;
}

/* Adds the status operator after the plan's operators (b->building is no node now), or
 * frees it when building failed. */
static int status_add(Built *b, StatusOp *status, int rc, Diag *diag) {
    if (!status)
        return rc;
    b->building = NULL;
    if (rc < 0) {
        status_destroy(&status->base);
        return rc;
    }
    return add_op(b, &status->base, diag);
}

static uint64_t rows_written(const Built *b) {
    uint64_t n = 0;
    for (int i = 0; i < b->n_sinks; i++)
        n += b->sinks[i]->stats.rows_in;
    return n;
}

/* Runs the built pipeline, then tells what the user must know: malformed rows skipped,
 * late rows dropped, or that Ctrl-C cancelled it. */
static int run_built(Built *b, StatusOp *status, bool analyze, Diag *diag) {
    Session *s = b->session;
    int64_t started = time_now_utc_ms();
    int rc = pipeline_run(b->sources, b->n_sources, b->ops, b->n_ops, &s->cancel, diag);
    bool closed = false;
    for (int i = 0; i < b->n_sinks; i++)
        closed |= sink_output_closed(b->sinks[i]);
    if (rc < 0 && closed) {
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
    report_skipped(b);
    if (s->is_interactive && s->cancel)
        fprintf(stderr,
                "Query cancelled after %.1f s: %llu rows read, %llu rows out, %llu late "
                "rows dropped\n",
                (double)(time_now_utc_ms() - started) / 1000, (unsigned long long)rows_read(b),
                (unsigned long long)rows_written(b), (unsigned long long)late_rows(b));
    else if (!analyze)
        report_late(b);
    return rc;
}

static void built_free(Built *b) {
    for (int i = 0; i < b->n_sources; i++)
        b->sources[i]->vt->destroy(b->sources[i]);
    for (int i = 0; i < b->n_ops; i++)
        op_destroy(b->ops[i]);
    free(b->sinks);
    arena_free(b->arena);
}

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
    StatusOp *status = status_new(&b, so.format == OUTPUT_TABLE && !analyze, analyze != NULL);
    if (status) {
        so.before_write = status_erase;
        so.before_write_ctx = status;
    }
    so.is_updating = plan->is_updating; /* an op column/field for -U, +U, -D rows */
    Operator *sink = sink_new(&so, plan->n_cols, (const char *const *)plan->names, plan->types);
    b.sinks = xcalloc(1, sizeof(Operator *));
    int rc = add_op(&b, sink, diag);
    if (rc == 0) {
        b.sinks[b.n_sinks++] = sink;
        rc = build_node(&b, plan, sink, 0, diag);
    }
    rc = status_add(&b, status, rc, diag);
    if (rc == 0)
        rc = run_built(&b, status, analyze != NULL, diag);
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
    built_free(&b);
    if (discard)
        fclose(discard);
    return rc;
}

int shell_run_inserts(Session *s, int n, const ShellInsert *inserts, StrBuf *analyze, bool *started,
                      Diag *diag) {
    *started = false;
    Built b;
    memset(&b, 0, sizeof b);
    b.session = s;
    b.arena = arena_new(16 * 1024);
    b.groups = xcalloc(1, sizeof(ScanGroups));
    b.sinks = xcalloc((size_t)n + 1, sizeof(Operator *));
    const PlanNode **plans = xcalloc((size_t)n + 1, sizeof(PlanNode *));
    for (int i = 0; i < n; i++)
        plans[i] = inserts[i].plan;
    scan_groups_collect(b.groups, n, plans, b.arena);
    free(plans);
    FILE *discard = NULL;
    int rc = 0;
    if (analyze && !(discard = fopen("/dev/null", "w")))
        rc = diag_set(diag, -1, "cannot open /dev/null");
    StatusOp *status = rc == 0 ? status_new(&b, false, analyze != NULL) : NULL;
    for (int i = 0; i < n && rc == 0; i++) {
        const PlanNode *plan = inserts[i].plan;
        SinkOptions so = inserts[i].sink;
        if (analyze) /* EXPLAIN ANALYZE runs the set for its statistics, discarding rows */
            so.out = discard;
        if (status) {
            so.before_write = status_erase;
            so.before_write_ctx = status;
        }
        b.building = NULL;
        Operator *sink = sink_new(&so, plan->n_cols, (const char *const *)plan->names, plan->types);
        rc = add_op(&b, sink, diag);
        if (rc == 0) {
            b.sinks[b.n_sinks++] = sink;
            rc = build_node(&b, plan, sink, 0, diag);
        }
    }
    rc = status_add(&b, status, rc, diag);
    if (rc == 0) {
        *started = true;
        rc = run_built(&b, status, analyze != NULL, diag);
    }
    if (rc == 0 && (analyze || s->stats)) {
        /* EXPLAIN ANALYZE's text, or with .stats on the same on stderr after the rows */
        StrBuf stats;
        sb_init(&stats);
        explain_inserts(b.groups, &b, n, inserts, false, analyze ? analyze : &stats);
        if (!analyze) {
            fflush(stdout);
            fflush(s->out);
            fputs(sb_cstr(&stats), stderr);
        }
        sb_free(&stats);
    }
    free(b.groups);
    built_free(&b);
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
