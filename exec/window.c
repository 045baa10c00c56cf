/*
 * window.c - the stateless operators of event time: the watermark assigner and the
 * window table-valued functions (TUMBLE, HOP, CUMULATE without aggregation).
 *
 * The watermark is computed per row, in input order (docs/architecture.md, "Event
 * time"): before row r the watermark is the maximum of the watermark expression over
 * the rows before r, so a row's fate never depends on where a batch boundary fell.
 * The assigner evaluates the event time and the watermark expression over the batch
 * (vectorised), then one running-maximum loop writes watermarks[r]; after the batch it
 * tells the operators downstream the new watermark, which is when windows fire.
 *
 * Example, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, rows at 08:05, 08:07, 08:06:
 * watermarks before them are -inf, 08:04:59, 08:06:59; after the batch, 08:06:59.
 */
#include "exec/window.h"

#include <stdlib.h>
#include <string.h>

/* ---- the watermark assigner ------------------------------------------------------- */

typedef struct WatermarkOp {
    Operator base;
    ExprProgram *rowtime;
    ExprProgram *watermark;
    char *rowtime_name;
    char *explain_text;
    int64_t current; /* INT64_MIN until a row gives one */
    int64_t sent;    /* the last watermark told downstream */
    int64_t idle_timeout;
    int64_t last_arrival; /* processing time of the last batch of rows */
    int64_t at_arrival;   /* the watermark then */
    int64_t before[BATCH_CAPACITY];
} WatermarkOp;

/* Tells the operators downstream the watermark when it advanced. */
static int send_watermark(WatermarkOp *w, Diag *diag) {
    if (w->current <= w->sent)
        return 0;
    w->sent = w->current;
    Operator *next = w->base.next;
    return next->vt->watermark(next, w->base.next_port, w->current, diag);
}

static int watermark_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    WatermarkOp *w = (WatermarkOp *)op;
    uint32_t n = batch_live_rows(in);
    Vector *rt, *wm;
    if (expr_eval(w->rowtime, in, &rt, diag) < 0)
        return -1;
    /* A NULL event time fails the query, after the rows before it (as a row-at-a-time
     * engine would): the batch goes on narrowed to them, then the error. */
    uint32_t n_ok = 0;
    while (n_ok < n && !vec_is_null(rt, batch_row(in, n_ok)))
        n_ok++;
    bool has_null = n_ok < n;
    if (has_null) {
        if (!in->sel)
            for (uint32_t i = 0; i < n_ok; i++)
                in->sel_buf[i] = (uint16_t)i;
        in->sel = in->sel ? in->sel : in->sel_buf;
        in->n_sel = n = n_ok;
    }
    if (n > 0 && expr_eval(w->watermark, in, &wm, diag) < 0)
        return -1;
    const int64_t *v = n > 0 ? wm->data : NULL;
    int64_t cur = w->current;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = batch_row(in, i);
        w->before[r] = cur;
        int64_t x = vec_is_null(wm, r) ? INT64_MIN : v[r];
        cur = x > cur ? x : cur;
    }
    w->current = cur;
    in->watermarks = w->before;
    if (w->idle_timeout > 0) {
        w->last_arrival = time_now_utc_ms();
        w->at_arrival = cur;
        op->timer_at = w->last_arrival + w->idle_timeout;
    }
    if (n > 0 && (op_emit(op, in, diag) < 0 || send_watermark(w, diag) < 0))
        return -1;
    if (has_null)
        return diag_set(diag, -1,
                        "the event time column '%s' is NULL on a row; a WATERMARK column needs "
                        "a value on every row",
                        w->rowtime_name);
    return 0;
}

/* The input is idle (no row for the idle timeout): event time is taken to pass with
 * the clock from the last row on, and W moves with it, checked every 100 ms. */
static int watermark_tick(Operator *op, int64_t now, Diag *diag) {
    WatermarkOp *w = (WatermarkOp *)op;
    op->timer_at = now + 100;
    if (w->at_arrival == INT64_MIN || now - w->last_arrival < w->idle_timeout)
        return 0;
    int64_t idle_wm = w->at_arrival + (now - w->last_arrival);
    if (idle_wm > w->current)
        w->current = idle_wm;
    return send_watermark(w, diag);
}

static void watermark_explain(const Operator *op, StrBuf *out) {
    sb_append(out, ((const WatermarkOp *)op)->explain_text);
}

static void watermark_destroy(Operator *op) {
    WatermarkOp *w = (WatermarkOp *)op;
    expr_free(w->rowtime);
    expr_free(w->watermark);
    free(w->rowtime_name);
    free(w->explain_text);
    free(w);
}

static const OperatorVtbl WATERMARK_VTBL = {
    .push = watermark_push,
    .watermark = op_forward_watermark,
    .finish = op_forward_finish,
    .explain = watermark_explain,
    .destroy = watermark_destroy,
    .tick = watermark_tick,
};

int64_t op_watermark_reached(const Operator *op) {
    return op->vt == &WATERMARK_VTBL ? ((const WatermarkOp *)op)->current : INT64_MIN;
}

Operator *op_watermark_new(int n_inputs, const SqlType *input_types, const ExprNode *rowtime,
                           const ExprNode *watermark, const char *rowtime_name,
                           int64_t idle_timeout_ms, const char *explain_text, Diag *diag) {
    WatermarkOp *w = xcalloc(1, sizeof(WatermarkOp));
    w->base.vt = &WATERMARK_VTBL;
    w->current = w->sent = w->at_arrival = INT64_MIN;
    w->idle_timeout = idle_timeout_ms > 0 ? idle_timeout_ms : 0;
    w->rowtime_name = xstrdup(rowtime_name);
    w->explain_text = xstrdup(explain_text ? explain_text : "WatermarkAssigner");
    w->rowtime = expr_compile(rowtime, n_inputs, input_types, diag);
    if (w->rowtime)
        w->watermark = expr_compile(watermark, n_inputs, input_types, diag);
    if (!w->watermark) {
        watermark_destroy(&w->base);
        return NULL;
    }
    return &w->base;
}

/* ---- window table-valued functions ------------------------------------------------ */

typedef struct WindowTvf {
    Operator base;
    WindowSpec w;
    int n_in;
    char *explain_text;
    Batch *out; /* n_in + 3 columns */
    uint16_t src[BATCH_CAPACITY];
    int64_t start[BATCH_CAPACITY];
    int64_t end[BATCH_CAPACITY];
    int64_t wms[BATCH_CAPACITY];
} WindowTvf;

/* Emits the n output rows listed in src, start and end. */
static int tvf_flush(WindowTvf *t, Batch *in, uint32_t n, Diag *diag) {
    if (n == 0)
        return 0;
    Batch *o = t->out;
    batch_reset(o);
    for (int c = 0; c < t->n_in; c++)
        vec_gather(&o->cols[c], &in->cols[c], t->src, n);
    int64_t *ws = o->cols[t->n_in].data, *we = o->cols[t->n_in + 1].data,
            *wt = o->cols[t->n_in + 2].data;
    for (uint32_t i = 0; i < n; i++) {
        ws[i] = t->start[i];
        we[i] = t->end[i];
        wt[i] = win_sub(t->end[i], 1);
    }
    if (in->watermarks) {
        for (uint32_t i = 0; i < n; i++)
            t->wms[i] = in->watermarks[t->src[i]];
        o->watermarks = t->wms;
    }
    o->n_rows = n;
    return op_emit(&t->base, o, diag);
}

/*
 * A row at time x is in windows k = 0 .. n-1 with start s0 + k * ds and end e0 + k * de:
 *   TUMBLE    s0 = the size-aligned start, e0 = s0 + size; one window.
 *   HOP       s0 = the latest slide-aligned start, e0 = s0 + size, ds = de = -slide
 *             (descending starts, as Flink's assigner); size / slide windows.
 *   CUMULATE  s0 = the size-aligned period, e0 = the end of x's step, de = step, up to
 *             the period's end (ascending ends).
 */
static int tvf_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    WindowTvf *t = (WindowTvf *)op;
    const WindowSpec *w = &t->w;
    const Vector *tv = &in->cols[w->time_col];
    const int64_t *ts = tv->data;
    bool is_hop = w->kind == WIN_HOP, is_cumulate = w->kind == WIN_CUMULATE;
    int64_t align = is_hop ? w->slide : w->size;
    int64_t ds = is_hop ? -w->slide : 0, de = is_hop ? -w->slide : is_cumulate ? w->slide : 0;
    uint32_t fixed_n = is_hop ? (uint32_t)(w->size / w->slide) : 1;
    uint32_t n_live = batch_live_rows(in), n = 0;
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t r = batch_row(in, i);
        if (vec_is_null(tv, r)) {
            if (tvf_flush(t, in, n, diag) < 0)
                return -1;
            return diag_set(diag, -1, "%s: the time column is NULL on a row",
                            window_kind_name(w->kind));
        }
        int64_t s0 = win_align(ts[r], w->offset, align);
        int64_t e0 = is_cumulate ? win_slice_end(w, ts[r]) : win_add(s0, w->size);
        uint32_t n_win =
            is_cumulate ? (uint32_t)((win_add(s0, w->size) - e0) / w->slide + 1) : fixed_n;
        for (uint32_t k = 0; k < n_win; k++) {
            if (n == BATCH_CAPACITY) {
                if (tvf_flush(t, in, n, diag) < 0)
                    return -1;
                n = 0;
            }
            t->src[n] = (uint16_t)r;
            t->start[n] = win_add(s0, (int64_t)k * ds);
            t->end[n++] = win_add(e0, (int64_t)k * de);
        }
    }
    return tvf_flush(t, in, n, diag);
}

static void tvf_explain(const Operator *op, StrBuf *out) {
    sb_append(out, ((const WindowTvf *)op)->explain_text);
}

static void tvf_destroy(Operator *op) {
    WindowTvf *t = (WindowTvf *)op;
    batch_free(t->out);
    free(t->explain_text);
    free(t);
}

static const OperatorVtbl TVF_VTBL = {
    .push = tvf_push,
    .watermark = op_forward_watermark,
    .finish = op_forward_finish,
    .explain = tvf_explain,
    .destroy = tvf_destroy,
};

Operator *op_window_tvf_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                            const char *explain_text, Diag *diag) {
    if (w->size <= 0 || w->slide <= 0 || w->size % w->slide != 0 || w->time_col < 0 ||
        w->time_col >= n_inputs)
        return diag_set(diag, -1, "internal error: bad window"), NULL;
    WindowTvf *t = xcalloc(1, sizeof(WindowTvf));
    t->base.vt = &TVF_VTBL;
    t->w = *w;
    t->n_in = n_inputs;
    t->explain_text = xstrdup(explain_text ? explain_text : "WindowTableFunction");
    SqlType *types = xcalloc((size_t)n_inputs + 3, sizeof(SqlType));
    memcpy(types, input_types, (size_t)n_inputs * sizeof(SqlType));
    for (int i = 0; i < 3; i++)
        types[n_inputs + i] = type_timestamp(3);
    t->out = batch_new(n_inputs + 3, types);
    free(types);
    return &t->base;
}
