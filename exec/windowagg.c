/*
 * windowagg.c - window aggregation over event time: GROUP BY window_start, window_end
 * and keys over a TUMBLE, HOP or CUMULATE window TVF, emitting each window once.
 *
 * State is kept per slice, not per window: the time axis is cut into slices of width
 * `slide` (TUMBLE: size, HOP: slide, CUMULATE: step), and a row updates only its one
 * slice, whatever the number of windows it belongs to. A window is a run of slices:
 * TUMBLE windows are single slices, a HOP window the size / slide slices ending at
 * its end, a CUMULATE window the slices from its period's start to its end. Each slice
 * has its own key table (keys -> group ids 0, 1, 2, ... in first-seen order) and its
 * own accumulators, so a slice that no window needs any more is emptied in one go
 * (keytab_reset) and kept for reuse, and a one-column integer key gets the key
 * table's direct map. Slices are kept sorted by end, so the windows that close are
 * found at the front.
 *
 * For each batch: every row finds its slice end and the end of the last window that
 * contains that slice; a row for which that window has fired already (its end - 1 <=
 * the watermark before the row) is late: dropped and counted. The others are sorted
 * by slice (stably, so each slice sees its rows in input order), and per slice the
 * key table gives their groups and every accumulator is updated over them at once.
 *
 * When the watermark W advances (and at the end of the input, W = +infinity), windows
 * fire in order of their end E while E - 1 <= W: the smallest E not fired yet that has
 * data is max(first slice's end, last fired end + slide). A TUMBLE window emits its
 * slice's groups directly. A HOP or CUMULATE window merges its slices' groups into a
 * scratch table keyed by the keys alone (acc_merge), emits that, and empties it.
 * Slices no window needs any more (the last window containing them has fired) are
 * emptied. So the state holds only the slices of windows that can still fire.
 *
 * Output order is deterministic: windows by end; within a window, keys in the order
 * first seen, walking its slices in time order. Results do not depend on batching: a
 * row is judged by the watermark before it, and where the watermark before a row has
 * passed the next window end the batch is cut — the rows before it are added and the
 * windows fire — so no row joins a window that had closed before it, even an empty one.
 * Over PROCTIME() there are no watermarks: windows fire on ticks when the clock passes
 * their end, and a row whose windows have all passed (the clock stepped back) is late.
 *
 * Example, TUMBLE 10 min, W = ts - 1 s, rows at 08:05, 08:07, 08:11, 08:03: after
 * 08:11 (W = 08:10:59) window [08:00, 08:10) fires with two rows; 08:03 is then late
 * (its window's end - 1 ms = 08:09:59.999 <= 08:10:59) and dropped; [08:10, 08:20)
 * fires at the end of the input.
 */
#include "exec/agg.h"
#include "exec/window.h"

#include <stdlib.h>
#include <string.h>

/* A slice's direct map (one integer key) may span 2^17 keys (512 KiB) before it needs
 * 16 per group: dense ids such as auctions fit, sparse ones give it up cheaply. */
#define SLICE_DIRECT_FLOOR ((uint64_t)1 << 17)

typedef struct Slice {
    int64_t end;
    KeyTable *kt;       /* keys -> group ids 0 .. n_groups-1, first seen first */
    Accumulator **accs; /* per call, by group id */
    uint32_t n_groups;
} Slice;

typedef struct WindowAgg {
    Operator base;
    WindowSpec w;
    int n_keys;
    int *key_cols;
    SqlType *key_types;
    int n_aggs;
    AggCall *aggs;
    bool ignore_lateness;
    char *explain_text;

    Slice *slices; /* open, sorted by end */
    uint32_t n_slices, cap_slices;
    Slice *spare; /* emptied slices, for reuse */
    uint32_t n_spare, cap_spare;
    uint64_t n_groups; /* over all open slices */
    int64_t passed;    /* windows ending at or before this have fired (INT64_MIN: none) */

    /* window scratch (HOP, CUMULATE): keys -> group of the window being fired */
    KeyTable *wkt;
    Accumulator **waccs;
    uint8_t *in_window; /* per scratch group id: listed in order[] */
    uint32_t cap_window;
    uint32_t *order; /* the window's groups in first-seen order */
    uint32_t n_order, cap_order;

    /* per batch */
    Vector slice_end; /* BIGINT: slice end per batch row */
    uint16_t rows[BATCH_CAPACITY];
    uint16_t sorted[BATCH_CAPACITY]; /* rows[] by slice */
    uint32_t gids[BATCH_CAPACITY];
    uint32_t wgids[BATCH_CAPACITY];
    uint32_t ids[BATCH_CAPACITY];
    int8_t signs[BATCH_CAPACITY];
    Vector *scratch_keys;  /* gathered keys (n_keys) */
    const Vector **key_in; /* the batch's key vectors */
    Batch *out;            /* window_start, window_end, window_time, keys, results */
} WindowAgg;

/* ---- slices ----------------------------------------------------------------------- */

/* The index of the slice ending at `end`, made (empty) when there is none. */
static uint32_t slice_at(WindowAgg *a, int64_t end) {
    uint32_t lo = 0, hi = a->n_slices;
    if (hi > 0 && a->slices[hi - 1].end < end) { /* the common case: a new last slice */
        lo = hi;
    } else {
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (a->slices[mid].end < end)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < a->n_slices && a->slices[lo].end == end)
            return lo;
    }
    if (a->n_slices == a->cap_slices) {
        a->cap_slices = a->cap_slices ? 2 * a->cap_slices : 16;
        a->slices = xrealloc(a->slices, a->cap_slices * sizeof(Slice));
    }
    Slice fresh = {.end = end};
    if (a->n_spare > 0) {
        fresh = a->spare[--a->n_spare];
        fresh.end = end;
    } else {
        fresh.kt = keytab_new(a->n_keys, a->key_types);
        keytab_set_direct_floor(fresh.kt, SLICE_DIRECT_FLOOR);
        fresh.accs = xcalloc((size_t)a->n_aggs + 1, sizeof(Accumulator *));
        for (int c = 0; c < a->n_aggs; c++)
            fresh.accs[c] = acc_new(&a->aggs[c]);
    }
    memmove(&a->slices[lo + 1], &a->slices[lo], (a->n_slices - lo) * sizeof(Slice));
    a->slices[lo] = fresh;
    a->n_slices++;
    return lo;
}

/* ids[0..n) = first, first + 1, ... */
static const uint32_t *id_run(WindowAgg *a, uint32_t first, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        a->ids[i] = first + i;
    return a->ids;
}

/* Empties the first slice and keeps it for reuse. */
static void drop_first_slice(WindowAgg *a) {
    Slice s = a->slices[0];
    for (uint32_t k = 0; k < s.n_groups; k += BATCH_CAPACITY) {
        uint32_t n = s.n_groups - k < BATCH_CAPACITY ? s.n_groups - k : BATCH_CAPACITY;
        const uint32_t *ids = id_run(a, k, n);
        for (int c = 0; c < a->n_aggs; c++)
            acc_clear(s.accs[c], ids, n);
    }
    keytab_reset(s.kt);
    a->n_groups -= s.n_groups;
    a->base.stats.state_entries = a->n_groups;
    s.n_groups = 0;
    if (a->n_spare == a->cap_spare) {
        a->cap_spare = a->cap_spare ? 2 * a->cap_spare : 4;
        a->spare = xrealloc(a->spare, a->cap_spare * sizeof(Slice));
    }
    a->spare[a->n_spare++] = s;
    a->n_slices--;
    memmove(&a->slices[0], &a->slices[1], a->n_slices * sizeof(Slice));
}

static void slice_free(WindowAgg *a, Slice *s) {
    keytab_free(s->kt);
    for (int c = 0; s->accs && c < a->n_aggs; c++)
        acc_free(s->accs[c]);
    free(s->accs);
}

/* ---- push ------------------------------------------------------------------------- */

/* Adds the n rows rows[0..n) of `in`, all of the slice ending at `end`. */
static int insert_slice_rows(WindowAgg *a, Batch *in, int64_t end, const uint16_t *rows, uint32_t n,
                             Diag *diag) {
    uint32_t at = slice_at(a, end); /* may move a->slices */
    Slice *s = &a->slices[at];
    uint32_t n_ids = keytab_find_or_add(s->kt, a->key_in, rows, n, a->gids);
    a->n_groups += n_ids - s->n_groups;
    s->n_groups = n_ids;
    for (int c = 0; c < a->n_aggs; c++) {
        const AggCall *call = &a->aggs[c];
        const Vector *arg = call->arg >= 0 ? &in->cols[call->arg] : NULL;
        const Vector *filter = call->filter >= 0 ? &in->cols[call->filter] : NULL;
        acc_reserve(s->accs[c], n_ids);
        if (acc_update(s->accs[c], arg, filter, rows, a->gids, a->signs, n, diag) < 0)
            return -1;
    }
    return 0;
}

/* Adds rows a->rows[0..n) of `in` (on time, slice ends in a->slice_end) to their
 * slices: sorted by slice, stably (a counting sort over the batch's few slices). */
static int insert_rows(WindowAgg *a, Batch *in, uint32_t n, Diag *diag) {
    enum { MAX_RUNS = 64 };
    const int64_t *ends = a->slice_end.data;
    for (int k = 0; k < a->n_keys; k++)
        a->key_in[k] = &in->cols[a->key_cols[k]];
    uint32_t done = 0;
    while (done < n) {
        /* the distinct slices of rows done.., up to MAX_RUNS of them */
        int64_t run_end[MAX_RUNS];
        uint32_t run_count[MAX_RUNS], n_runs = 0, last = 0, stop = done;
        for (; stop < n; stop++) {
            int64_t e = ends[a->rows[stop]];
            if (n_runs == 0 || run_end[last] != e) {
                for (last = 0; last < n_runs && run_end[last] != e; last++)
                    ;
                if (last == n_runs) {
                    if (n_runs == MAX_RUNS)
                        break;
                    run_end[n_runs] = e;
                    run_count[n_runs++] = 0;
                }
            }
            run_count[last]++;
        }
        if (n_runs == 1) {
            if (insert_slice_rows(a, in, run_end[0], a->rows + done, stop - done, diag) < 0)
                return -1;
            done = stop;
            continue;
        }
        uint32_t run_start[MAX_RUNS], fill[MAX_RUNS];
        for (uint32_t j = 0, at = 0; j < n_runs; j++) {
            run_start[j] = fill[j] = at;
            at += run_count[j];
        }
        for (uint32_t i = done; i < stop; i++) {
            int64_t e = ends[a->rows[i]];
            uint32_t j = 0;
            while (run_end[j] != e)
                j++;
            a->sorted[fill[j]++] = a->rows[i];
        }
        for (uint32_t j = 0; j < n_runs; j++)
            if (insert_slice_rows(a, in, run_end[j], a->sorted + run_start[j], run_count[j], diag) <
                0)
                return -1;
        done = stop;
    }
    a->base.stats.state_entries = a->n_groups;
    return 0;
}

static int fire(WindowAgg *a, int64_t wm, Diag *diag);

/* The end of the next window to fire (there is a slice): the first slice's end, or the
 * grid end after the last one passed when that is later. */
static int64_t next_window_end(const WindowAgg *a) {
    int64_t end = a->slices[0].end;
    if (a->passed != INT64_MIN && win_add(a->passed, a->w.slide) > end)
        end = win_add(a->passed, a->w.slide);
    return end;
}

/* Over PROCTIME(): a tick wanted when the wall clock reaches the next window's end. */
static void set_timer(WindowAgg *a) {
    if (!a->w.is_proctime)
        return;
    a->base.timer_at = 0;
    if (a->n_slices == 0)
        return;
    int64_t end = next_window_end(a);
    a->base.timer_at = end > 0 ? end : 1;
}

/*
 * Rows go to their slices in input order. When the watermark before a row has passed
 * the end of the next window (on the grid of window ends), the rows before it are
 * added and the windows fire first: a row must not count in a window that its
 * watermark had closed, even an empty one, however the rows were batched.
 */
static int windowagg_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    WindowAgg *a = (WindowAgg *)op;
    const WindowSpec *w = &a->w;
    const Vector *tv = &in->cols[w->time_col];
    const int64_t *ts = tv->data;
    const int64_t *wms = a->ignore_lateness || w->is_proctime ? NULL : in->watermarks;
    int64_t *ends = a->slice_end.data;
    uint32_t n_live = batch_live_rows(in), n = 0;
    bool is_cumulate = w->kind == WIN_CUMULATE;
    int64_t last_delta = w->size - w->slide; /* TUMBLE, HOP: last window end - slice end */
    if (in->row_kinds)
        for (uint32_t i = 0; i < n_live; i++)
            if (in->row_kinds[batch_row(in, i)] != ROWKIND_INSERT)
                return diag_set(diag, -1, "not supported yet: window aggregation over updates");
    for (uint32_t i = 0; i < n_live; i++) {
        uint32_t r = batch_row(in, i);
        if (vec_is_null(tv, r))
            return diag_set(diag, -1, "%s: the time column is NULL on a row",
                            window_kind_name(w->kind));
        if (wms && wms[r] != INT64_MIN &&
            (a->passed == INT64_MIN || wms[r] >= win_sub(win_add(a->passed, w->slide), 1))) {
            if (insert_rows(a, in, n, diag) < 0 || fire(a, wms[r], diag) < 0)
                return -1;
            n = 0;
        }
        int64_t end = win_slice_end(w, ts[r]);
        /* late: the last window containing the row's slice has fired */
        int64_t last = is_cumulate ? win_last_end(w, end) : win_add(end, last_delta);
        if (wms ? win_sub(last, 1) <= wms[r] : (a->passed != INT64_MIN && last <= a->passed)) {
            op->stats.late_rows_dropped++;
            continue;
        }
        ends[r] = end;
        a->rows[n++] = (uint16_t)r;
    }
    if (insert_rows(a, in, n, diag) < 0)
        return -1;
    set_timer(a);
    return 0;
}

/* ---- firing ----------------------------------------------------------------------- */

/* Emits rows 0..n-1 of out (keys and results filled) as window [start, end). */
static int emit_rows(WindowAgg *a, int64_t end, uint32_t n, Diag *diag) {
    Batch *o = a->out;
    int64_t *ws = o->cols[0].data, *we = o->cols[1].data, *wt = o->cols[2].data;
    int64_t start = win_start_of(&a->w, end);
    for (uint32_t i = 0; i < n; i++) {
        ws[i] = start;
        we[i] = end;
        wt[i] = win_sub(end, 1);
    }
    o->n_rows = n;
    int rc = op_emit(&a->base, o, diag);
    batch_reset(o);
    return rc;
}

/* A TUMBLE window: its one slice's groups, as they are. */
static int fire_slice(WindowAgg *a, const Slice *s, Diag *diag) {
    Vector *dst[64];
    for (int c = 0; c < a->n_keys; c++)
        dst[c] = &a->out->cols[3 + c];
    for (uint32_t k = 0; k < s->n_groups; k += BATCH_CAPACITY) {
        uint32_t n = s->n_groups - k < BATCH_CAPACITY ? s->n_groups - k : BATCH_CAPACITY;
        const uint32_t *ids = id_run(a, k, n);
        keytab_gather(s->kt, ids, n, dst);
        for (int c = 0; c < a->n_aggs; c++)
            acc_result(s->accs[c], ids, n, &a->out->cols[3 + a->n_keys + c], a->out->arena);
        if (emit_rows(a, s->end, n, diag) < 0)
            return -1;
    }
    return 0;
}

/* A HOP or CUMULATE window ending at end: its slices merged by key. */
static int fire_merged(WindowAgg *a, int64_t end, Diag *diag) {
    int64_t start = win_start_of(&a->w, end);
    a->n_order = 0;
    Vector *dst[64];
    const Vector *keys[64];
    for (int c = 0; c < a->n_keys; c++) {
        dst[c] = &a->scratch_keys[c];
        keys[c] = &a->scratch_keys[c];
    }
    for (uint32_t si = 0; si < a->n_slices && a->slices[si].end <= end; si++) {
        const Slice *s = &a->slices[si];
        if (s->end <= start)
            continue;
        for (uint32_t k = 0; k < s->n_groups; k += BATCH_CAPACITY) {
            uint32_t n = s->n_groups - k < BATCH_CAPACITY ? s->n_groups - k : BATCH_CAPACITY;
            const uint32_t *ids = id_run(a, k, n);
            keytab_gather(s->kt, ids, n, dst);
            uint32_t n_ids = keytab_find_or_add(a->wkt, keys, NULL, n, a->wgids);
            if (n_ids > a->cap_window) {
                uint32_t cap = a->cap_window ? a->cap_window : 1024;
                while (cap < n_ids)
                    cap *= 2;
                a->in_window = xrealloc(a->in_window, cap);
                memset(a->in_window + a->cap_window, 0, cap - a->cap_window);
                a->cap_window = cap;
            }
            for (uint32_t i = 0; i < n; i++) {
                uint32_t g = a->wgids[i];
                if (a->in_window[g])
                    continue;
                a->in_window[g] = 1;
                if (a->n_order == a->cap_order) {
                    a->cap_order = a->cap_order ? 2 * a->cap_order : 1024;
                    a->order = xrealloc(a->order, a->cap_order * sizeof(uint32_t));
                }
                a->order[a->n_order++] = g;
            }
            for (int c = 0; c < a->n_aggs; c++) {
                acc_reserve(a->waccs[c], n_ids);
                acc_merge(a->waccs[c], a->wgids, s->accs[c], ids, n);
            }
        }
    }
    int rc = 0;
    for (int c = 0; c < a->n_keys; c++)
        dst[c] = &a->out->cols[3 + c];
    for (uint32_t k = 0; k < a->n_order; k += BATCH_CAPACITY) {
        uint32_t n = a->n_order - k < BATCH_CAPACITY ? a->n_order - k : BATCH_CAPACITY;
        const uint32_t *ids = a->order + k;
        if (rc == 0) {
            keytab_gather(a->wkt, ids, n, dst);
            for (int c = 0; c < a->n_aggs; c++)
                acc_result(a->waccs[c], ids, n, &a->out->cols[3 + a->n_keys + c], a->out->arena);
            rc = emit_rows(a, end, n, diag);
        }
        /* empty the scratch for the next window */
        for (int c = 0; c < a->n_aggs; c++)
            acc_clear(a->waccs[c], ids, n);
        for (uint32_t i = 0; i < n; i++)
            a->in_window[ids[i]] = 0;
    }
    keytab_reset(a->wkt);
    return rc;
}

/*
 * Fires every window with data whose end - 1 <= wm, in order of end, and frees the
 * slices no window needs any more. Afterwards every window end on the grid up to
 * wm + 1 counts as passed, empty ones included: a later row joins only the windows
 * after them.
 */
static int fire(WindowAgg *a, int64_t wm, Diag *diag) {
    const WindowSpec *w = &a->w;
    for (;;) {
        while (a->n_slices > 0 && a->passed != INT64_MIN &&
               win_last_end(w, a->slices[0].end) <= a->passed)
            drop_first_slice(a);
        if (a->n_slices == 0)
            break;
        int64_t end = next_window_end(a);
        if (win_sub(end, 1) > wm)
            break;
        int rc =
            w->kind == WIN_TUMBLE ? fire_slice(a, &a->slices[0], diag) : fire_merged(a, end, diag);
        if (rc < 0)
            return -1;
        a->passed = end;
    }
    if (wm < INT64_MAX) {
        int64_t grid = win_align(win_add(wm, 1), w->offset, w->slide);
        if (a->passed == INT64_MIN || grid > a->passed)
            a->passed = grid;
    }
    return 0;
}

static int windowagg_watermark(Operator *op, int port, int64_t wm, Diag *diag) {
    WindowAgg *a = (WindowAgg *)op;
    if (!a->ignore_lateness && !a->w.is_proctime && fire(a, wm, diag) < 0)
        return -1;
    return op_forward_watermark(op, port, wm, diag);
}

/* Over PROCTIME(): the windows that ended by now fire (every row before now is in). */
static int windowagg_tick(Operator *op, int64_t now, Diag *diag) {
    WindowAgg *a = (WindowAgg *)op;
    if (fire(a, now - 1, diag) < 0)
        return -1;
    set_timer(a);
    return 0;
}

static int windowagg_finish(Operator *op, Diag *diag) {
    if (fire((WindowAgg *)op, INT64_MAX, diag) < 0)
        return -1;
    return op_forward_finish(op, diag);
}

static void windowagg_explain(const Operator *op, StrBuf *out) {
    sb_append(out, ((const WindowAgg *)op)->explain_text);
}

static void windowagg_destroy(Operator *op) {
    WindowAgg *a = (WindowAgg *)op;
    for (uint32_t i = 0; i < a->n_slices; i++)
        slice_free(a, &a->slices[i]);
    for (uint32_t i = 0; i < a->n_spare; i++)
        slice_free(a, &a->spare[i]);
    free(a->slices);
    free(a->spare);
    keytab_free(a->wkt);
    for (int c = 0; a->waccs && c < a->n_aggs; c++)
        acc_free(a->waccs[c]);
    free(a->waccs);
    free(a->in_window);
    free(a->order);
    free(a->aggs);
    free(a->key_cols);
    free(a->key_types);
    vec_release(&a->slice_end);
    for (int k = 0; a->scratch_keys && k < a->n_keys; k++)
        vec_release(&a->scratch_keys[k]);
    free(a->scratch_keys);
    free(a->key_in);
    batch_free(a->out);
    free(a->explain_text);
    free(a);
}

static const OperatorVtbl WINDOWAGG_VTBL = {
    .push = windowagg_push,
    .watermark = windowagg_watermark,
    .finish = windowagg_finish,
    .explain = windowagg_explain,
    .destroy = windowagg_destroy,
    .tick = windowagg_tick,
};

Operator *op_windowagg_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                           int n_keys, const int *key_cols, int n_aggs, const AggCall *aggs,
                           bool ignore_lateness, const char *explain_text, Diag *diag) {
    if (n_keys > 64)
        return diag_set(diag, -1, "not supported yet: more than 64 GROUP BY keys"), NULL;
    if (w->size <= 0 || w->slide <= 0 || w->size % w->slide != 0 || w->time_col < 0 ||
        w->time_col >= n_inputs)
        return diag_set(diag, -1, "internal error: bad window"), NULL;
    WindowAgg *a = xcalloc(1, sizeof(WindowAgg));
    a->base.vt = &WINDOWAGG_VTBL;
    a->w = *w;
    a->n_keys = n_keys;
    a->n_aggs = n_aggs;
    a->ignore_lateness = ignore_lateness;
    a->passed = INT64_MIN;
    a->explain_text = xstrdup(explain_text ? explain_text : "WindowAggregate");
    a->key_cols = xcalloc((size_t)n_keys + 1, sizeof(int));
    a->key_types = xcalloc((size_t)n_keys + 1, sizeof(SqlType));
    a->aggs = xcalloc((size_t)n_aggs + 1, sizeof(AggCall));
    a->key_in = xcalloc((size_t)n_keys + 1, sizeof(Vector *));
    a->scratch_keys = xcalloc((size_t)n_keys + 1, sizeof(Vector));
    memset(a->signs, 1, sizeof a->signs);
    vec_init(&a->slice_end, type_make(TYPE_BIGINT));
    int n_out = 3 + n_keys + n_aggs;
    SqlType *types = xcalloc((size_t)n_out + 1, sizeof(SqlType));
    for (int i = 0; i < 3; i++)
        types[i] = type_timestamp(3);
    for (int k = 0; k < n_keys; k++) {
        if (key_cols[k] < 0 || key_cols[k] >= n_inputs) {
            free(types);
            windowagg_destroy(&a->base);
            return diag_set(diag, -1, "internal error: GROUP BY column out of range"), NULL;
        }
        a->key_cols[k] = key_cols[k];
        types[3 + k] = a->key_types[k] = input_types[key_cols[k]];
        vec_init(&a->scratch_keys[k], input_types[key_cols[k]]);
    }
    bool merges = w->kind != WIN_TUMBLE;
    if (merges) {
        a->wkt = keytab_new(n_keys, a->key_types);
        keytab_set_direct_floor(a->wkt, SLICE_DIRECT_FLOOR);
        a->waccs = xcalloc((size_t)n_aggs + 1, sizeof(Accumulator *));
    }
    for (int c = 0; c < n_aggs; c++) {
        a->aggs[c] = aggs[c];
        a->aggs[c].may_retract = false;
        types[3 + n_keys + c] = aggs[c].result_type;
        /* every slice makes its accumulators from the same calls: try one now */
        Accumulator *probe = NULL;
        const char *why = NULL;
        if (merges && !acc_can_merge(&a->aggs[c]))
            why = " over HOP or CUMULATE windows";
        else if (!(probe = acc_new(&a->aggs[c])))
            why = "";
        if (merges && probe)
            a->waccs[c] = probe;
        else
            acc_free(probe);
        if (why) {
            acc_refuse(&aggs[c], why, diag);
            free(types);
            windowagg_destroy(&a->base);
            return NULL;
        }
    }
    a->out = batch_new(n_out, types);
    free(types);
    return &a->base;
}
