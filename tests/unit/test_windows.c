/*
 * test_windows.c - the event-time window operators driven directly: the window
 * arithmetic of exec/window.h for every kind, with negative times and offsets; the
 * watermark assigner's per-row watermarks (NULL watermark values do not advance it, a
 * NULL event time fails, only live rows count, the downstream hears of each advance
 * once, after the batch); the window table functions' rows for each kind (how many
 * windows per row, in what order, with the input columns and watermarks carried, past
 * one batch of output); window aggregation and session aggregation firing when the
 * watermark reaches end - 1 (given by watermark() or by the watermark before a row)
 * and at finish, dropping and counting late rows, freeing their state, and giving the
 * same output whatever the batch split.
 *
 * Times are small numbers of ms. Operators push into a collecting sink that copies
 * every row it gets (integer and time columns) with the batch's watermark for it, and
 * records the watermarks and finish calls it hears.
 */
#include "exec/agg.h"
#include "exec/window.h"

#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the collecting sink ----------------------------------------------------------- */

#define SINK_COLS 8
#define SINK_WMS  16

typedef struct OutRow {
    int64_t v[SINK_COLS];
    uint32_t nulls; /* bit col: column col is NULL */
    bool has_wm;
    int64_t wm; /* the batch's watermarks[r] for the row */
} OutRow;

typedef struct Sink {
    Operator base;
    OutRow *rows;
    uint32_t n_rows, cap;
    int n_cols;
    uint32_t n_batches;
    int64_t wms[SINK_WMS]; /* the first watermarks heard */
    uint32_t n_wms;
    int n_finish;
} Sink;

static int sink_push(Operator *op, int port, Batch *b, Diag *diag) {
    (void)port;
    (void)diag;
    Sink *s = (Sink *)op;
    CU_ASSERT_FATAL(b->n_cols <= SINK_COLS);
    s->n_cols = b->n_cols;
    s->n_batches++;
    for (uint32_t i = 0; i < batch_live_rows(b); i++) {
        uint32_t r = batch_row(b, i);
        if (s->n_rows == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 256;
            s->rows = xrealloc(s->rows, s->cap * sizeof(OutRow));
        }
        OutRow *o = &s->rows[s->n_rows++];
        memset(o, 0, sizeof *o);
        for (int col = 0; col < b->n_cols; col++) {
            const Vector *v = &b->cols[col];
            if (vec_is_null(v, r)) {
                o->nulls |= 1u << col;
                continue;
            }
            switch (phys_of(v->type.id)) {
                case PHYS_U8:
                    o->v[col] = ((const uint8_t *)v->data)[r];
                    break;
                case PHYS_I32:
                    o->v[col] = ((const int32_t *)v->data)[r];
                    break;
                case PHYS_I64:
                    o->v[col] = ((const int64_t *)v->data)[r];
                    break;
                default:
                    CU_FAIL("the sink copies integer and time columns only");
                    break;
            }
        }
        o->has_wm = b->watermarks != NULL;
        o->wm = b->watermarks ? b->watermarks[r] : 0;
    }
    return 0;
}

static int sink_watermark(Operator *op, int port, int64_t ts, Diag *diag) {
    (void)port;
    (void)diag;
    Sink *s = (Sink *)op;
    if (s->n_wms < SINK_WMS)
        s->wms[s->n_wms] = ts;
    s->n_wms++;
    return 0;
}

static int sink_finish(Operator *op, Diag *diag) {
    (void)diag;
    ((Sink *)op)->n_finish++;
    return 0;
}

static void sink_explain(const Operator *op, StrBuf *out) {
    (void)op;
    sb_append(out, "CollectingSink");
}

static void sink_destroy(Operator *op) {
    Sink *s = (Sink *)op;
    if (s)
        free(s->rows);
    free(s);
}

static const OperatorVtbl SINK_VTBL = {
    .push = sink_push,
    .watermark = sink_watermark,
    .finish = sink_finish,
    .explain = sink_explain,
    .destroy = sink_destroy,
};

static Sink *sink_new(void) {
    Sink *s = xcalloc(1, sizeof(Sink));
    s->base.vt = &SINK_VTBL;
    return s;
}

/* Checks sink row i against want[0..n) (values of its first n columns, none NULL). */
static void assert_row(const Sink *s, uint32_t i, int n, const int64_t *want) {
    CU_ASSERT_FATAL(i < s->n_rows);
    bool ok = s->rows[i].nulls == 0;
    for (int col = 0; col < n; col++)
        ok &= s->rows[i].v[col] == want[col];
    CU_ASSERT(ok);
    if (!ok) {
        fprintf(stderr, "\n  sink row %u: got", i);
        for (int col = 0; col < n; col++)
            fprintf(stderr, " %lld%s", (long long)s->rows[i].v[col],
                    (s->rows[i].nulls >> col) & 1 ? "(NULL)" : "");
        fprintf(stderr, ", want");
        for (int col = 0; col < n; col++)
            fprintf(stderr, " %lld", (long long)want[col]);
    }
}

#define ROW(...) ((const int64_t[]){__VA_ARGS__})
#define ASSERT_ROW(s, i, ...)                                                                      \
    assert_row((s), (i), (int)(sizeof ROW(__VA_ARGS__) / sizeof(int64_t)), ROW(__VA_ARGS__))

/* ---- input batches ---------------------------------------------------------------------- */

/* Input rows: ts TIMESTAMP(3), k INT, v INT, and wm TIMESTAMP(3) (the watermark column
 * of some tests; NO_VALUE there means NULL). */
#define NO_VALUE INT64_MIN

typedef struct InRow {
    int64_t ts;
    int32_t k, v;
    int64_t wm;
} InRow;

static const SqlType *in_types(void) {
    static SqlType types[4];
    types[0] = type_timestamp(3);
    types[1] = type_make(TYPE_INT);
    types[2] = type_make(TYPE_INT);
    types[3] = type_timestamp(3);
    return types;
}

/* A batch of rows[0..n); an event time of NO_VALUE is NULL, as is a wm of NO_VALUE
 * (whose value underneath is large, so that reading it would advance a watermark). */
static Batch *make_batch(const InRow *rows, uint32_t n) {
    Batch *b = batch_new(4, in_types());
    int64_t *ts = b->cols[0].data, *wm = b->cols[3].data;
    int32_t *k = b->cols[1].data, *v = b->cols[2].data;
    for (uint32_t i = 0; i < n; i++) {
        ts[i] = rows[i].ts;
        if (rows[i].ts == NO_VALUE)
            vec_set_null(&b->cols[0], i);
        k[i] = rows[i].k;
        v[i] = rows[i].v;
        wm[i] = rows[i].wm;
        if (rows[i].wm == NO_VALUE) {
            wm[i] = 1000000;
            vec_set_null(&b->cols[3], i);
        }
    }
    b->n_rows = n;
    return b;
}

static Diag g_diag;

/* Pushes rows[0..n) into op as one batch whose watermarks are wms (NULL: none). */
static int push_rows(Operator *op, const InRow *rows, const int64_t *wms, uint32_t n) {
    Batch *b = make_batch(rows, n);
    b->watermarks = wms;
    diag_init(&g_diag);
    int rc = op_push(op, 0, b, &g_diag);
    batch_free(b);
    return rc;
}

static int send_watermark(Operator *op, int64_t wm) {
    diag_init(&g_diag);
    return op->vt->watermark(op, 0, wm, &g_diag);
}

static int send_finish(Operator *op) {
    diag_init(&g_diag);
    return op_finish(op, &g_diag);
}

static void attach(Operator *op, Sink *s) {
    op->next = &s->base;
    op->next_port = 0;
}

/* COUNT(*), SUM(v) and MAX(v) over the input columns. */
static const AggCall *three_aggs(void) {
    static AggCall calls[3];
    calls[0] = (AggCall){.kind = AGG_COUNT_STAR,
                         .arg = -1,
                         .arg_type = type_make(TYPE_NULL),
                         .result_type = type_make(TYPE_BIGINT),
                         .filter = -1};
    calls[1] = (AggCall){.kind = AGG_SUM,
                         .arg = 2,
                         .arg_type = type_make(TYPE_INT),
                         .result_type = type_make(TYPE_INT),
                         .filter = -1};
    calls[2] = (AggCall){.kind = AGG_MAX,
                         .arg = 2,
                         .arg_type = type_make(TYPE_INT),
                         .result_type = type_make(TYPE_INT),
                         .filter = -1};
    return calls;
}

static const int KEY_COLS[1] = {1};

/* A window aggregation grouped by k with COUNT(*), SUM(v), MAX(v). */
static Operator *windowagg_op(const WindowSpec *w) {
    diag_init(&g_diag);
    Operator *op =
        op_windowagg_new(4, in_types(), w, 1, KEY_COLS, 3, three_aggs(), false, NULL, &g_diag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    return op;
}

/* The same as a session aggregation with this gap. */
static Operator *sessionagg_op(int64_t gap) {
    WindowSpec w = {.kind = WIN_SESSION, .time_col = 0, .size = gap, .slide = gap};
    diag_init(&g_diag);
    Operator *op =
        op_sessionagg_new(4, in_types(), &w, 1, KEY_COLS, 3, three_aggs(), false, NULL, &g_diag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    return op;
}

static Operator *windowagg(const WindowSpec *w, Sink **sink) {
    Operator *op = windowagg_op(w);
    *sink = sink_new();
    attach(op, *sink);
    return op;
}

static Operator *sessionagg(int64_t gap, Sink **sink) {
    Operator *op = sessionagg_op(gap);
    *sink = sink_new();
    attach(op, *sink);
    return op;
}

static WindowSpec tumble(int64_t size, int64_t offset) {
    return (WindowSpec){.kind = WIN_TUMBLE, .size = size, .slide = size, .offset = offset};
}
static WindowSpec hop(int64_t slide, int64_t size, int64_t offset) {
    return (WindowSpec){.kind = WIN_HOP, .size = size, .slide = slide, .offset = offset};
}
static WindowSpec cumulate(int64_t step, int64_t size, int64_t offset) {
    return (WindowSpec){.kind = WIN_CUMULATE, .size = size, .slide = step, .offset = offset};
}

#define NO_WM INT64_MIN /* no watermark yet */

/* ---- window arithmetic ------------------------------------------------------------------ */

static void test_align_floors_negative_times_and_offsets(void) {
    CU_ASSERT_EQUAL(win_align(0, 0, 10), 0);
    CU_ASSERT_EQUAL(win_align(9, 0, 10), 0);
    CU_ASSERT_EQUAL(win_align(10, 0, 10), 10);
    CU_ASSERT_EQUAL(win_align(-1, 0, 10), -10);
    CU_ASSERT_EQUAL(win_align(-10, 0, 10), -10);
    CU_ASSERT_EQUAL(win_align(-11, 0, 10), -20);
    /* an offset moves the grid */
    CU_ASSERT_EQUAL(win_align(12, 3, 10), 3);
    CU_ASSERT_EQUAL(win_align(3, 3, 10), 3);
    CU_ASSERT_EQUAL(win_align(2, 3, 10), -7);
    CU_ASSERT_EQUAL(win_align(-8, -3, 10), -13);
    CU_ASSERT_EQUAL(win_align(-3, -3, 10), -3);
    CU_ASSERT_EQUAL(win_align(7, -3, 10), 7);
    /* offsets beyond the width are the same grid */
    CU_ASSERT_EQUAL(win_align(5, 13, 10), 3);
    CU_ASSERT_EQUAL(win_align(5, -17, 10), 3);
    /* at the top of the range, no overflow */
    CU_ASSERT_EQUAL(win_align(INT64_MAX, 0, 10), INT64_MAX - 7);
    /* a day-wide window of real times */
    CU_ASSERT_EQUAL(win_align(1704103205000, 0, 86400000), 1704067200000);
}

static void test_slice_end_per_kind(void) {
    WindowSpec t = tumble(10, 0);
    CU_ASSERT_EQUAL(win_slice_end(&t, -1), 0);
    CU_ASSERT_EQUAL(win_slice_end(&t, 0), 10);
    CU_ASSERT_EQUAL(win_slice_end(&t, 9), 10);
    CU_ASSERT_EQUAL(win_slice_end(&t, -10), 0);
    WindowSpec h = hop(5, 15, 0);
    CU_ASSERT_EQUAL(win_slice_end(&h, 7), 10);
    CU_ASSERT_EQUAL(win_slice_end(&h, 10), 15);
    CU_ASSERT_EQUAL(win_slice_end(&h, -5), 0);
    WindowSpec ho = hop(5, 10, 2);
    CU_ASSERT_EQUAL(win_slice_end(&ho, 1), 2);
    CU_ASSERT_EQUAL(win_slice_end(&ho, 2), 7);
    WindowSpec c = cumulate(5, 15, 0);
    CU_ASSERT_EQUAL(win_slice_end(&c, 14), 15);
    CU_ASSERT_EQUAL(win_slice_end(&c, 15), 20);
    CU_ASSERT_EQUAL(win_slice_end(&c, -1), 0);
}

static void test_last_end_per_kind(void) {
    WindowSpec t = tumble(10, 0);
    CU_ASSERT_EQUAL(win_last_end(&t, 10), 10);
    CU_ASSERT_EQUAL(win_last_end(&t, -10), -10);
    /* HOP 15 by 5: slice [5, 10) is in the windows ending 10, 15, 20 */
    WindowSpec h = hop(5, 15, 0);
    CU_ASSERT_EQUAL(win_last_end(&h, 10), 20);
    CU_ASSERT_EQUAL(win_last_end(&h, -5), 5);
    WindowSpec h1 = hop(5, 5, 0);
    CU_ASSERT_EQUAL(win_last_end(&h1, 10), 10);
    /* CUMULATE 15 by 5: every slice's last window is its period's */
    WindowSpec c = cumulate(5, 15, 0);
    CU_ASSERT_EQUAL(win_last_end(&c, 5), 15);
    CU_ASSERT_EQUAL(win_last_end(&c, 10), 15);
    CU_ASSERT_EQUAL(win_last_end(&c, 15), 15);
    CU_ASSERT_EQUAL(win_last_end(&c, 20), 30);
    CU_ASSERT_EQUAL(win_last_end(&c, 0), 0);
    CU_ASSERT_EQUAL(win_last_end(&c, -10), 0);
    WindowSpec co = cumulate(5, 15, 2);
    CU_ASSERT_EQUAL(win_last_end(&co, 7), 17);
    CU_ASSERT_EQUAL(win_last_end(&co, 17), 17);
    CU_ASSERT_EQUAL(win_last_end(&co, 2), 2);
}

static void test_start_of_per_kind(void) {
    WindowSpec t = tumble(10, 0);
    CU_ASSERT_EQUAL(win_start_of(&t, 20), 10);
    CU_ASSERT_EQUAL(win_start_of(&t, 0), -10);
    WindowSpec h = hop(5, 15, 0);
    CU_ASSERT_EQUAL(win_start_of(&h, 20), 5);
    CU_ASSERT_EQUAL(win_start_of(&h, 5), -10);
    WindowSpec c = cumulate(5, 15, 0);
    CU_ASSERT_EQUAL(win_start_of(&c, 5), 0);
    CU_ASSERT_EQUAL(win_start_of(&c, 10), 0);
    CU_ASSERT_EQUAL(win_start_of(&c, 15), 0);
    CU_ASSERT_EQUAL(win_start_of(&c, 20), 15);
    CU_ASSERT_EQUAL(win_start_of(&c, -5), -15);
    CU_ASSERT_EQUAL(win_start_of(&c, 0), -15);
    WindowSpec co = cumulate(5, 15, 2);
    CU_ASSERT_EQUAL(win_start_of(&co, 12), 2);
    CU_ASSERT_EQUAL(win_start_of(&co, 17), 2);
    CU_ASSERT_EQUAL(win_start_of(&co, 22), 17);
}

/* ---- the watermark assigner ----------------------------------------------------------- */

/* ts - delay ms as a bound expression over the input columns. */
static ExprNode *ts_minus(Arena *arena, int64_t delay) {
    ExprNode *sub = expr_node_new(arena, EOP_TS_SUB_INTERVAL, type_timestamp(3), 2);
    sub->args[0] = expr_column(arena, 0, type_timestamp(3));
    sub->args[1] = expr_node_new(arena, EOP_CONST, type_make(TYPE_INTERVAL_DT), 0);
    sub->args[1]->value.i64 = delay;
    return sub;
}

/* A watermark assigner over ts with the given watermark expression, into a new sink. */
static Operator *assigner(Arena *arena, const ExprNode *wm_expr, Sink **sink) {
    diag_init(&g_diag);
    Operator *op = op_watermark_new(4, in_types(), expr_column(arena, 0, type_timestamp(3)),
                                    wm_expr, "ts", 0, NULL, &g_diag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    *sink = sink_new();
    attach(op, *sink);
    return op;
}

static void assert_wms(const Sink *s, const int64_t *want, uint32_t n) {
    CU_ASSERT_EQUAL_FATAL(s->n_rows, n);
    for (uint32_t i = 0; i < n; i++) {
        CU_ASSERT(s->rows[i].has_wm);
        CU_ASSERT_EQUAL(s->rows[i].wm, want[i]);
        if (s->rows[i].wm != want[i])
            fprintf(stderr, "\n  row %u: watermark %lld, want %lld", i, (long long)s->rows[i].wm,
                    (long long)want[i]);
    }
}

static void test_watermark_before_each_row_is_the_max_over_earlier_rows(void) {
    Arena *arena = arena_new(4096);
    Sink *s;
    Operator *op = assigner(arena, ts_minus(arena, 5), &s);
    InRow b1[] = {{10, 1, 1, 0}, {30, 1, 2, 0}, {20, 1, 3, 0}, {50, 1, 4, 0}, {40, 1, 5, 0}};
    CU_ASSERT_EQUAL(push_rows(op, b1, NULL, 5), 0);
    assert_wms(s, ROW(NO_WM, 5, 25, 25, 45), 5);
    /* the rows go on unchanged, in order */
    for (uint32_t i = 0; i < 5; i++)
        ASSERT_ROW(s, i, b1[i].ts, 1, b1[i].v);
    /* downstream hears the watermark after the batch, once */
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 45);
    /* the next batch starts from the last one's watermark */
    InRow b2[] = {{41, 1, 6, 0}, {60, 1, 7, 0}, {12, 1, 8, 0}};
    CU_ASSERT_EQUAL(push_rows(op, b2, NULL, 3), 0);
    assert_wms(s, ROW(NO_WM, 5, 25, 25, 45, 45, 45, 55), 8);
    CU_ASSERT_EQUAL(s->n_wms, 2);
    CU_ASSERT_EQUAL(s->wms[1], 55);
    /* a batch that does not advance it tells nothing downstream */
    InRow b3[] = {{12, 1, 9, 0}, {60, 1, 10, 0}};
    CU_ASSERT_EQUAL(push_rows(op, b3, NULL, 2), 0);
    CU_ASSERT_EQUAL(s->rows[8].wm, 55);
    CU_ASSERT_EQUAL(s->rows[9].wm, 55);
    CU_ASSERT_EQUAL(s->n_wms, 2);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL(s->n_finish, 1);
    op_destroy(op);
    sink_destroy(&s->base);
    arena_free(arena);
}

static void test_watermark_null_values_do_not_advance_it(void) {
    Arena *arena = arena_new(4096);
    Sink *s;
    Operator *op = assigner(arena, expr_column(arena, 3, type_timestamp(3)), &s);
    InRow b1[] = {{1, 0, 0, NO_VALUE}, {2, 0, 0, NO_VALUE}};
    CU_ASSERT_EQUAL(push_rows(op, b1, NULL, 2), 0);
    assert_wms(s, ROW(NO_WM, NO_WM), 2);
    CU_ASSERT_EQUAL(s->n_wms, 0);
    InRow b2[] = {{3, 0, 0, 100}, {4, 0, 0, NO_VALUE}, {5, 0, 0, 50}, {6, 0, 0, NO_VALUE}};
    CU_ASSERT_EQUAL(push_rows(op, b2, NULL, 4), 0);
    assert_wms(s, ROW(NO_WM, NO_WM, NO_WM, 100, 100, 100), 6);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 100);
    op_destroy(op);
    sink_destroy(&s->base);
    arena_free(arena);
}

static void test_watermark_null_event_time_is_an_error(void) {
    Arena *arena = arena_new(4096);
    Sink *s;
    Operator *op = assigner(arena, ts_minus(arena, 5), &s);
    InRow rows[] = {{10, 0, 0, 0}, {NO_VALUE, 0, 0, 0}, {20, 0, 0, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 3), -1);
    CU_ASSERT(g_diag.is_set);
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "'ts'"));
    /* the row before the NULL one goes on first, as one row at a time would */
    CU_ASSERT_EQUAL(s->n_rows, 1);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 5);
    op_destroy(op);
    sink_destroy(&s->base);
    arena_free(arena);
}

static void test_watermark_counts_only_live_rows(void) {
    Arena *arena = arena_new(4096);
    Sink *s;
    Operator *op = assigner(arena, ts_minus(arena, 5), &s);
    InRow rows[] = {{10, 0, 1, 0}, {1000, 0, 2, 0}, {20, 0, 3, 0}, {30, 0, 4, 0}};
    Batch *b = make_batch(rows, 4);
    b->sel = b->sel_buf;
    b->sel[0] = 0, b->sel[1] = 2, b->sel[2] = 3;
    b->n_sel = 3;
    diag_init(&g_diag);
    CU_ASSERT_EQUAL(op_push(op, 0, b, &g_diag), 0);
    batch_free(b);
    assert_wms(s, ROW(NO_WM, 5, 15), 3);
    ASSERT_ROW(s, 1, 20, 0, 3);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 25);
    op_destroy(op);
    sink_destroy(&s->base);
    arena_free(arena);
}

/* ---- window table functions ------------------------------------------------------------ */

static Operator *tvf(const WindowSpec *w, Sink **sink) {
    diag_init(&g_diag);
    Operator *op = op_window_tvf_new(4, in_types(), w, NULL, &g_diag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    *sink = sink_new();
    attach(op, *sink);
    return op;
}

/* Output columns: ts, k, v, wm, window_start, window_end, window_time. */
static void assert_window(const Sink *s, uint32_t i, int64_t ts, int32_t v, int64_t start,
                          int64_t end) {
    CU_ASSERT_FATAL(i < s->n_rows);
    const OutRow *o = &s->rows[i];
    bool ok =
        o->v[0] == ts && o->v[2] == v && o->v[4] == start && o->v[5] == end && o->v[6] == end - 1;
    CU_ASSERT(ok);
    if (!ok)
        fprintf(stderr,
                "\n  row %u: ts %lld v %lld [%lld, %lld) time %lld, want %lld %d [%lld, %lld)", i,
                (long long)o->v[0], (long long)o->v[2], (long long)o->v[4], (long long)o->v[5],
                (long long)o->v[6], (long long)ts, v, (long long)start, (long long)end);
}

static void test_tvf_tumble_gives_one_window_per_row(void) {
    WindowSpec w = tumble(10, 0);
    w.time_col = 0;
    Sink *s;
    Operator *op = tvf(&w, &s);
    InRow rows[] = {{-1, 0, 1, 0}, {0, 0, 2, 0}, {9, 0, 3, 0}, {10, 0, 4, 0}, {-10, 0, 5, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 5), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 5);
    CU_ASSERT_EQUAL(s->n_cols, 7);
    assert_window(s, 0, -1, 1, -10, 0);
    assert_window(s, 1, 0, 2, 0, 10);
    assert_window(s, 2, 9, 3, 0, 10);
    assert_window(s, 3, 10, 4, 10, 20);
    assert_window(s, 4, -10, 5, -10, 0);
    op_destroy(op);
    sink_destroy(&s->base);

    WindowSpec wo = tumble(10, 3);
    op = tvf(&wo, &s);
    InRow more[] = {{2, 0, 1, 0}, {3, 0, 2, 0}, {-8, 0, 3, 0}};
    CU_ASSERT_EQUAL(push_rows(op, more, NULL, 3), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    assert_window(s, 0, 2, 1, -7, 3);
    assert_window(s, 1, 3, 2, 3, 13);
    assert_window(s, 2, -8, 3, -17, -7);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tvf_hop_gives_size_over_slide_windows_by_descending_start(void) {
    WindowSpec w = hop(5, 15, 0);
    Sink *s;
    Operator *op = tvf(&w, &s);
    InRow rows[] = {{7, 0, 1, 0}, {10, 0, 2, 0}, {-1, 0, 3, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 3), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 9);
    assert_window(s, 0, 7, 1, 5, 20);
    assert_window(s, 1, 7, 1, 0, 15);
    assert_window(s, 2, 7, 1, -5, 10);
    assert_window(s, 3, 10, 2, 10, 25);
    assert_window(s, 4, 10, 2, 5, 20);
    assert_window(s, 5, 10, 2, 0, 15);
    assert_window(s, 6, -1, 3, -5, 10);
    assert_window(s, 7, -1, 3, -10, 5);
    assert_window(s, 8, -1, 3, -15, 0);
    op_destroy(op);
    sink_destroy(&s->base);

    WindowSpec wo = hop(5, 10, 2);
    op = tvf(&wo, &s);
    InRow more[] = {{1, 0, 1, 0}, {2, 0, 2, 0}};
    CU_ASSERT_EQUAL(push_rows(op, more, NULL, 2), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    assert_window(s, 0, 1, 1, -3, 7);
    assert_window(s, 1, 1, 1, -8, 2);
    assert_window(s, 2, 2, 2, 2, 12);
    assert_window(s, 3, 2, 2, -3, 7);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tvf_cumulate_gives_the_period_windows_by_ascending_end(void) {
    WindowSpec w = cumulate(5, 15, 0);
    Sink *s;
    Operator *op = tvf(&w, &s);
    InRow rows[] = {{0, 0, 1, 0}, {7, 0, 2, 0}, {14, 0, 3, 0}, {15, 0, 4, 0}, {-1, 0, 5, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 5), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3 + 2 + 1 + 3 + 1);
    assert_window(s, 0, 0, 1, 0, 5);
    assert_window(s, 1, 0, 1, 0, 10);
    assert_window(s, 2, 0, 1, 0, 15);
    assert_window(s, 3, 7, 2, 0, 10);
    assert_window(s, 4, 7, 2, 0, 15);
    assert_window(s, 5, 14, 3, 0, 15);
    assert_window(s, 6, 15, 4, 15, 20);
    assert_window(s, 7, 15, 4, 15, 25);
    assert_window(s, 8, 15, 4, 15, 30);
    assert_window(s, 9, -1, 5, -15, 0);
    op_destroy(op);
    sink_destroy(&s->base);

    WindowSpec wo = cumulate(5, 15, 2);
    op = tvf(&wo, &s);
    InRow more[] = {{2, 0, 1, 0}, {1, 0, 2, 0}};
    CU_ASSERT_EQUAL(push_rows(op, more, NULL, 2), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    assert_window(s, 0, 2, 1, 2, 7);
    assert_window(s, 1, 2, 1, 2, 12);
    assert_window(s, 2, 2, 1, 2, 17);
    assert_window(s, 3, 1, 2, -13, 2);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tvf_carries_columns_and_each_rows_watermark(void) {
    WindowSpec w = hop(5, 10, 0);
    Sink *s;
    Operator *op = tvf(&w, &s);
    InRow rows[] = {{3, 7, 1, 11}, {8, 8, 2, NO_VALUE}};
    int64_t wms[] = {NO_WM, 42};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 2), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    for (uint32_t i = 0; i < 4; i++) {
        const OutRow *o = &s->rows[i];
        bool first = i < 2;
        CU_ASSERT_EQUAL(o->v[1], first ? 7 : 8);
        CU_ASSERT(o->has_wm);
        CU_ASSERT_EQUAL(o->wm, first ? NO_WM : 42);
        CU_ASSERT_EQUAL(o->nulls, first ? 0u : 1u << 3);
        if (first)
            CU_ASSERT_EQUAL(o->v[3], 11);
    }
    /* without watermarks in, none out */
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 1), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 6);
    CU_ASSERT(!s->rows[5].has_wm);
    /* watermarks and finish pass through */
    CU_ASSERT_EQUAL(send_watermark(op, 99), 0);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 99);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL(s->n_finish, 1);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tvf_output_larger_than_a_batch_is_split_in_order(void) {
    WindowSpec w = hop(1, 4, 0);
    Sink *s;
    Operator *op = tvf(&w, &s);
    enum { N = 1000 };
    InRow *rows = xcalloc(N, sizeof(InRow));
    for (int i = 0; i < N; i++)
        rows[i] = (InRow){.ts = 3 * i, .k = 0, .v = i};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, N), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4 * N);
    CU_ASSERT(s->n_batches >= 4);
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < 4; j++) {
            const OutRow *o = &s->rows[4 * i + j];
            bad += o->v[2] != i || o->v[4] != 3 * i - j || o->v[5] != 3 * i - j + 4;
        }
    CU_ASSERT_EQUAL(bad, 0);
    free(rows);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tvf_null_time_is_an_error(void) {
    WindowSpec w = tumble(10, 0);
    Sink *s;
    Operator *op = tvf(&w, &s);
    InRow rows[] = {{1, 0, 1, 0}, {NO_VALUE, 0, 2, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 2), -1);
    CU_ASSERT(g_diag.is_set);
    op_destroy(op);
    sink_destroy(&s->base);
}

/* ---- window aggregation ---------------------------------------------------------------- */

/* Output columns: window_start, window_end, window_time, k, COUNT(*), SUM(v), MAX(v). */

static void test_tumble_agg_fires_on_watermark_and_finish_only(void) {
    WindowSpec w = tumble(10, 0);
    Sink *s;
    Operator *op = windowagg(&w, &s);
    InRow rows[] = {{1, 1, 10, 0}, {12, 2, 20, 0}, {3, 1, 30, 0},
                    {5, 2, 40, 0}, {15, 1, 50, 0}, {25, 1, 60, 0}};
    int64_t wms[] = {NO_WM, NO_WM, NO_WM, NO_WM, NO_WM, NO_WM};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 6), 0);
    CU_ASSERT_EQUAL(s->n_rows, 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 5); /* (slice, key) groups */
    /* 8 < end - 1 of [0, 10): nothing, but the watermark goes on */
    CU_ASSERT_EQUAL(send_watermark(op, 8), 0);
    CU_ASSERT_EQUAL(s->n_rows, 0);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(s->wms[0], 8);
    CU_ASSERT_EQUAL(send_watermark(op, 9), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 2);
    ASSERT_ROW(s, 0, 0, 10, 9, 1, 2, 40, 30);
    ASSERT_ROW(s, 1, 0, 10, 9, 2, 1, 40, 40);
    CU_ASSERT_EQUAL(op->stats.state_entries, 3);
    /* keys in the order first seen in the window: 2 (at 12) before 1 (at 15) */
    CU_ASSERT_EQUAL(send_watermark(op, 25), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    ASSERT_ROW(s, 2, 10, 20, 19, 2, 1, 20, 20);
    ASSERT_ROW(s, 3, 10, 20, 19, 1, 1, 50, 50);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(s->n_finish, 0);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 5);
    ASSERT_ROW(s, 4, 20, 30, 29, 1, 1, 60, 60);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 0);
    CU_ASSERT_EQUAL(s->n_finish, 1);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tumble_agg_judges_each_row_by_the_watermark_before_it(void) {
    WindowSpec w = tumble(10, 0);
    Sink *s;
    Operator *op = windowagg(&w, &s);
    InRow rows[] = {{5, 1, 1, 0},  {15, 1, 2, 0}, {9, 1, 3, 0},  {3, 1, 4, 0},
                    {25, 1, 5, 0}, {12, 1, 6, 0}, {35, 1, 7, 0}, {21, 1, 8, 0}};
    /* 9 on time (W 8 < 9); 3 late (W 9); 12 late (W 24); 21 late (W 30) */
    int64_t wms[] = {NO_WM, NO_WM, 8, 9, 9, 24, 24, 30};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 8), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 3);
    /* the windows the rows' watermarks passed fired during the push */
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 0, 0, 10, 9, 1, 2, 4, 3);
    ASSERT_ROW(s, 1, 10, 20, 19, 1, 1, 2, 2);
    ASSERT_ROW(s, 2, 20, 30, 29, 1, 1, 5, 5);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    ASSERT_ROW(s, 3, 30, 40, 39, 1, 1, 7, 7);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_tumble_agg_empty_windows_up_to_the_watermark_count_as_fired(void) {
    WindowSpec w = tumble(10, 0);
    Sink *s;
    Operator *op = windowagg(&w, &s);
    /* [10, 20) never had a row, but W = 20 passed its end - 1: 15 is late; 25 is not */
    InRow rows[] = {{5, 1, 1, 0}, {32, 1, 2, 0}, {15, 1, 4, 0}, {25, 1, 8, 0}};
    int64_t wms[] = {NO_WM, NO_WM, 20, 20};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 4), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 0, 0, 10, 9, 1, 1, 1, 1);
    ASSERT_ROW(s, 1, 20, 30, 29, 1, 1, 8, 8);
    ASSERT_ROW(s, 2, 30, 40, 39, 1, 1, 2, 2);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);

    /* the same through watermark(): after W = 20, a row at 15 is late */
    op = windowagg(&w, &s);
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 1), 0);
    CU_ASSERT_EQUAL(send_watermark(op, 20), 0);
    int64_t late_wm[] = {20};
    CU_ASSERT_EQUAL(push_rows(op, rows + 2, late_wm, 1), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 1);
    CU_ASSERT_EQUAL(s->n_rows, 1);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_hop_agg_late_row_counts_in_the_windows_not_fired(void) {
    WindowSpec w = hop(5, 10, 0);
    Sink *s;
    Operator *op = windowagg(&w, &s);
    /* 3 (W 6) misses [-5, 5) only; 2 (W 10) misses both its windows: dropped */
    InRow rows[] = {{1, 1, 1, 0}, {7, 1, 2, 0}, {3, 1, 4, 0}, {2, 1, 8, 0}, {12, 1, 16, 0}};
    int64_t wms[] = {NO_WM, NO_WM, 6, 10, 10};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 5), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 1);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 2);
    ASSERT_ROW(s, 0, -5, 5, 4, 1, 1, 1, 1);
    ASSERT_ROW(s, 1, 0, 10, 9, 1, 3, 7, 4);
    /* slices [5, 10) and [10, 15) remain */
    CU_ASSERT_EQUAL(op->stats.state_entries, 2);
    CU_ASSERT_EQUAL(send_watermark(op, 14), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 2, 5, 15, 14, 1, 2, 18, 16);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    ASSERT_ROW(s, 3, 10, 20, 19, 1, 1, 16, 16);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_cumulate_agg_late_row_counts_in_the_later_windows(void) {
    WindowSpec w = cumulate(5, 15, 0);
    Sink *s;
    Operator *op = windowagg(&w, &s);
    /* 3 (W 6) misses [0, 5); 8 (W 10) misses [0, 10); 14 (W 14) misses [0, 15): dropped */
    InRow rows[] = {{2, 1, 1, 0}, {11, 1, 2, 0},  {3, 1, 4, 0},
                    {8, 1, 8, 0}, {14, 1, 16, 0}, {16, 1, 32, 0}};
    int64_t wms[] = {NO_WM, NO_WM, 6, 10, 14, 14};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 6), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 1);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 0, 0, 5, 4, 1, 1, 1, 1);
    ASSERT_ROW(s, 1, 0, 10, 9, 1, 2, 5, 4);
    ASSERT_ROW(s, 2, 0, 15, 14, 1, 4, 15, 8);
    /* the period [0, 15) is gone; 16's slice is left */
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 6);
    ASSERT_ROW(s, 3, 15, 20, 19, 1, 1, 32, 32);
    ASSERT_ROW(s, 4, 15, 25, 24, 1, 1, 32, 32);
    ASSERT_ROW(s, 5, 15, 30, 29, 1, 1, 32, 32);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_hop_and_cumulate_empty_windows_passed_by_the_watermark_stay_fired(void) {
    /* HOP 10 by 5: W = 12 passes [0, 10), which is empty; 8 then counts in [5, 15) only */
    WindowSpec h = hop(5, 10, 0);
    Sink *s;
    Operator *op = windowagg(&h, &s);
    InRow rows[] = {{12, 1, 1, 0}, {8, 1, 2, 0}, {3, 1, 2, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 1), 0);
    CU_ASSERT_EQUAL(send_watermark(op, 12), 0);
    CU_ASSERT_EQUAL(s->n_rows, 0);
    int64_t w12[] = {12};
    CU_ASSERT_EQUAL(push_rows(op, rows + 1, w12, 1), 0);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 2);
    ASSERT_ROW(s, 0, 5, 15, 14, 1, 2, 3, 2);
    ASSERT_ROW(s, 1, 10, 20, 19, 1, 1, 1, 1);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 0);
    op_destroy(op);
    sink_destroy(&s->base);

    /* CUMULATE 15 by 5: W = 7 passes [0, 5), which is empty; 3 then counts in [0, 10)
     * and [0, 15) */
    WindowSpec c = cumulate(5, 15, 0);
    op = windowagg(&c, &s);
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 1), 0);
    CU_ASSERT_EQUAL(send_watermark(op, 7), 0);
    int64_t w7[] = {7};
    CU_ASSERT_EQUAL(push_rows(op, rows + 2, w7, 1), 0);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 2);
    ASSERT_ROW(s, 0, 0, 10, 9, 1, 1, 2, 2);
    ASSERT_ROW(s, 1, 0, 15, 14, 1, 2, 3, 2);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

/* ---- session aggregation ---------------------------------------------------------------- */

static void test_session_merges_bridged_and_touching_sessions(void) {
    Sink *s;
    Operator *op = sessionagg(10, &s);
    /* key 1: 10 bridges [0, 10) and [20, 30). key 2: 30 touches [40, 50) at its start,
     * 19 misses [30, 50) by 1, 50 touches [30, 50) at its end, 61 misses [30, 60). */
    InRow rows[] = {{0, 1, 1, 0},   {20, 1, 2, 0},  {10, 1, 4, 0},  {40, 2, 8, 0},
                    {30, 2, 16, 0}, {19, 2, 32, 0}, {50, 2, 64, 0}, {61, 2, 128, 0}};
    int64_t wms[] = {NO_WM, NO_WM, NO_WM, NO_WM, NO_WM, NO_WM, NO_WM, NO_WM};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 8), 0);
    CU_ASSERT_EQUAL(s->n_rows, 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 4); /* open sessions */
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 4);
    ASSERT_ROW(s, 0, 19, 29, 28, 2, 1, 32, 32);
    ASSERT_ROW(s, 1, 0, 30, 29, 1, 3, 7, 4);
    ASSERT_ROW(s, 2, 30, 60, 59, 2, 3, 88, 64);
    ASSERT_ROW(s, 3, 61, 71, 70, 2, 1, 128, 128);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 0);
    CU_ASSERT_EQUAL(s->n_finish, 1);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_session_fires_on_watermark_and_frees_its_state(void) {
    Sink *s;
    Operator *op = sessionagg(10, &s);
    InRow rows[] = {{0, 1, 1, 0}, {5, 2, 2, 0}, {8, 1, 4, 0}}; /* [0, 18) and [5, 15) */
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 3), 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 2);
    CU_ASSERT_EQUAL(send_watermark(op, 13), 0);
    CU_ASSERT_EQUAL(s->n_rows, 0);
    CU_ASSERT_EQUAL(s->n_wms, 1);
    CU_ASSERT_EQUAL(send_watermark(op, 14), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 1);
    ASSERT_ROW(s, 0, 5, 15, 14, 2, 1, 2, 2);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_watermark(op, 17), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 2);
    ASSERT_ROW(s, 1, 0, 18, 17, 1, 2, 5, 4);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    /* key 2 comes back after its state was freed: a new session */
    InRow again[] = {{30, 2, 8, 0}};
    int64_t wm[] = {17};
    CU_ASSERT_EQUAL(push_rows(op, again, wm, 1), 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 2, 30, 40, 39, 2, 1, 8, 8);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_session_late_row_is_dropped_unless_it_touches_an_open_session(void) {
    Sink *s;
    Operator *op = sessionagg(5, &s);
    /* W 19: 1 is late (key 1's [0, 5) fired); 16 joins [20, 25); 14 ([14, 19) fired)
     * touches [16, 25) and joins it; 8 touches nothing: late; key 3's [15, 20) has
     * fired (19 <= W): late; key 4's [16, 21) has not */
    InRow rows[] = {{0, 1, 1, 0},   {20, 2, 2, 0}, {1, 1, 4, 0},   {16, 2, 8, 0},
                    {14, 2, 16, 0}, {8, 2, 32, 0}, {15, 3, 64, 0}, {16, 4, 128, 0}};
    int64_t wms[] = {NO_WM, NO_WM, 19, 19, 19, 19, 19, 19};
    CU_ASSERT_EQUAL(push_rows(op, rows, wms, 8), 0);
    CU_ASSERT_EQUAL(op->stats.late_rows_dropped, 3);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 1);
    ASSERT_ROW(s, 0, 0, 5, 4, 1, 1, 1, 1);
    CU_ASSERT_EQUAL(op->stats.state_entries, 2);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 1, 16, 21, 20, 4, 1, 128, 128);
    ASSERT_ROW(s, 2, 14, 25, 24, 2, 3, 26, 16);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_session_equal_ends_come_in_creation_order(void) {
    Sink *s;
    Operator *op = sessionagg(10, &s);
    /* key 1 is seen first, but its session ending at 15 was opened after key 2's */
    InRow rows[] = {{-50, 1, 1, 0}, {5, 2, 2, 0}, {0, 1, 4, 0}, {5, 1, 8, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 4), 0);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 3);
    ASSERT_ROW(s, 0, -50, -40, -41, 1, 1, 1, 1);
    ASSERT_ROW(s, 1, 5, 15, 14, 2, 1, 2, 2);
    ASSERT_ROW(s, 2, 0, 15, 14, 1, 2, 12, 8);
    op_destroy(op);
    sink_destroy(&s->base);
}

static void test_session_bridge_keeping_end_and_age_emits_once(void) {
    Sink *s;
    Operator *op = sessionagg(10, &s);
    /* 100, 60, 80 open three sessions; 90 merges [80, 90) with the older [100, 110);
     * 70 then merges [60, 70) into it, which changes neither its end nor its age */
    InRow rows[] = {{100, 1, 1, 0}, {60, 1, 2, 0}, {80, 1, 4, 0}, {90, 1, 8, 0}, {70, 1, 16, 0}};
    CU_ASSERT_EQUAL(push_rows(op, rows, NULL, 5), 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 1);
    CU_ASSERT_EQUAL(send_finish(op), 0);
    CU_ASSERT_EQUAL_FATAL(s->n_rows, 1);
    ASSERT_ROW(s, 0, 60, 110, 109, 1, 5, 31, 16);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    op_destroy(op);
    sink_destroy(&s->base);
}

/* ---- the same output whatever the batch split -------------------------------------------- */

enum { SPLIT_ROWS = 3000 };

/* Out-of-order rows over 10 keys: mostly ascending, some up to 60 ms back. */
static InRow *split_input(void) {
    InRow *rows = xcalloc(SPLIT_ROWS, sizeof(InRow));
    uint64_t x = 88172645463325252ull;
    int64_t t = 0;
    for (int i = 0; i < SPLIT_ROWS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        t += (int64_t)(x % 7);
        int64_t back = (x >> 8) % 5 == 0 ? (int64_t)((x >> 16) % 60) : 0;
        rows[i] = (InRow){.ts = t - back, .k = (int32_t)((x >> 24) % 10), .v = i};
    }
    return rows;
}

/* Runs rows through a watermark assigner (ts - 20) into op, `split` rows per batch;
 * returns the sink (owned by the caller) and the late rows. */
static Sink *run_split(Operator *op, const InRow *rows, uint32_t split, uint64_t *late) {
    Arena *arena = arena_new(4096);
    Sink *s;
    Operator *wm = assigner(arena, ts_minus(arena, 20), &s);
    wm->next = op;
    attach(op, s);
    for (uint32_t i = 0; i < SPLIT_ROWS; i += split) {
        uint32_t n = SPLIT_ROWS - i < split ? SPLIT_ROWS - i : split;
        CU_ASSERT_EQUAL_FATAL(push_rows(wm, rows + i, NULL, n), 0);
    }
    CU_ASSERT_EQUAL_FATAL(send_finish(wm), 0);
    CU_ASSERT_EQUAL(op->stats.state_entries, 0);
    CU_ASSERT_EQUAL(s->n_finish, 1);
    *late = op->stats.late_rows_dropped;
    op_destroy(wm);
    op_destroy(op);
    arena_free(arena);
    return s;
}

static bool same_rows(const Sink *a, const Sink *b) {
    if (a->n_rows != b->n_rows)
        return false;
    for (uint32_t i = 0; i < a->n_rows; i++)
        if (memcmp(a->rows[i].v, b->rows[i].v, sizeof a->rows[i].v) != 0 ||
            a->rows[i].nulls != b->rows[i].nulls)
            return false;
    return true;
}

/* Late rows and rows counted by a direct computation for TUMBLE: a row is late when
 * its window's end - 1 <= the largest ts - 20 before it. */
static void tumble_by_hand(const InRow *rows, int64_t size, uint64_t *late, int64_t *counted) {
    int64_t w = INT64_MIN;
    *late = 0;
    *counted = 0;
    for (int i = 0; i < SPLIT_ROWS; i++) {
        int64_t end = win_align(rows[i].ts, 0, size) + size;
        if (w != INT64_MIN && end - 1 <= w)
            (*late)++;
        else
            (*counted)++;
        if (rows[i].ts - 20 > w)
            w = rows[i].ts - 20;
    }
}

static void test_same_output_whatever_the_batch_split(void) {
    InRow *rows = split_input();
    const WindowSpec specs[] = {tumble(25, 0), hop(10, 40, 3), cumulate(10, 50, 0)};
    static const uint32_t SPLITS[] = {BATCH_CAPACITY, 1, 7, 333};
    for (int kind = 0; kind < 4; kind++) {
        Sink *first = NULL;
        uint64_t first_late = 0;
        for (size_t sp = 0; sp < sizeof SPLITS / sizeof SPLITS[0]; sp++) {
            Operator *op = kind < 3 ? windowagg_op(&specs[kind]) : sessionagg_op(8);
            uint64_t late;
            Sink *s = run_split(op, rows, SPLITS[sp], &late);
            if (!first) {
                first = s;
                first_late = late;
                /* an input that exercises lateness and gives output */
                CU_ASSERT(late > 0);
                CU_ASSERT(s->n_rows > 10);
                continue;
            }
            CU_ASSERT_EQUAL(late, first_late);
            CU_ASSERT(same_rows(s, first));
            if (!same_rows(s, first) || late != first_late)
                fprintf(stderr,
                        "\n  kind %d, %u rows per batch: %u rows (%llu late), want %u (%llu)", kind,
                        SPLITS[sp], s->n_rows, (unsigned long long)late, first->n_rows,
                        (unsigned long long)first_late);
            sink_destroy(&s->base);
        }
        if (kind == 0) {
            uint64_t late;
            int64_t counted, total = 0;
            tumble_by_hand(rows, 25, &late, &counted);
            for (uint32_t i = 0; i < first->n_rows; i++)
                total += first->rows[i].v[4];
            CU_ASSERT_EQUAL(first_late, late);
            CU_ASSERT_EQUAL(total, counted);
        }
        if (kind == 3) { /* every on-time row is in exactly one session */
            int64_t total = 0;
            for (uint32_t i = 0; i < first->n_rows; i++)
                total += first->rows[i].v[4];
            CU_ASSERT_EQUAL((uint64_t)total + first_late, SPLIT_ROWS);
        }
        sink_destroy(&first->base);
    }
    free(rows);
}

/* ---- suite ---------------------------------------------------------------------------------- */

static CU_TestInfo TESTS[] = {
    {"align floors negative times and offsets", test_align_floors_negative_times_and_offsets},
    {"slice end per kind", test_slice_end_per_kind},
    {"last end per kind", test_last_end_per_kind},
    {"start of per kind", test_start_of_per_kind},
    {"watermark before each row is the max over earlier rows",
     test_watermark_before_each_row_is_the_max_over_earlier_rows},
    {"watermark: NULL values do not advance it", test_watermark_null_values_do_not_advance_it},
    {"watermark: a NULL event time is an error", test_watermark_null_event_time_is_an_error},
    {"watermark counts only live rows", test_watermark_counts_only_live_rows},
    {"tvf: tumble gives one window per row", test_tvf_tumble_gives_one_window_per_row},
    {"tvf: hop gives size / slide windows by descending start",
     test_tvf_hop_gives_size_over_slide_windows_by_descending_start},
    {"tvf: cumulate gives the period's windows by ascending end",
     test_tvf_cumulate_gives_the_period_windows_by_ascending_end},
    {"tvf carries columns and each row's watermark",
     test_tvf_carries_columns_and_each_rows_watermark},
    {"tvf output larger than a batch is split in order",
     test_tvf_output_larger_than_a_batch_is_split_in_order},
    {"tvf: a NULL time is an error", test_tvf_null_time_is_an_error},
    {"tumble agg fires on watermark and finish only",
     test_tumble_agg_fires_on_watermark_and_finish_only},
    {"tumble agg judges each row by the watermark before it",
     test_tumble_agg_judges_each_row_by_the_watermark_before_it},
    {"tumble agg: empty windows up to the watermark count as fired",
     test_tumble_agg_empty_windows_up_to_the_watermark_count_as_fired},
    {"hop agg: a late row counts in the windows not fired",
     test_hop_agg_late_row_counts_in_the_windows_not_fired},
    {"cumulate agg: a late row counts in the later windows",
     test_cumulate_agg_late_row_counts_in_the_later_windows},
    {"hop and cumulate: empty windows passed by the watermark stay fired",
     test_hop_and_cumulate_empty_windows_passed_by_the_watermark_stay_fired},
    {"session merges bridged and touching sessions",
     test_session_merges_bridged_and_touching_sessions},
    {"session fires on watermark and frees its state",
     test_session_fires_on_watermark_and_frees_its_state},
    {"session: a late row is dropped unless it touches an open session",
     test_session_late_row_is_dropped_unless_it_touches_an_open_session},
    {"session: equal ends come in creation order", test_session_equal_ends_come_in_creation_order},
    {"session: a bridge keeping the end and age emits once",
     test_session_bridge_keeping_end_and_age_emits_once},
    {"same output whatever the batch split", test_same_output_whatever_the_batch_split},
    CU_TEST_INFO_NULL,
};

void suite_windows(void) {
    unit_add_suite("windows", TESTS);
}
