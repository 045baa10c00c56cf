/*
 * sessionagg.c - session window aggregation over event time: GROUP BY window_start,
 * window_end and keys over SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap).
 *
 * Each key has its own sessions. A row at t is the window [t, t + gap); it joins the
 * key's open session that overlaps or touches that window, and when it bridges
 * several, they merge into one (their accumulators combined by acc_merge). A session
 * [start, end) fires, as +I, when the watermark reaches end - 1 ms; then its state is
 * freed, and the key's entry too once the key has no open session. A row that opens
 * a session whose end - 1 <= the watermark before the row (and touches none) is late:
 * dropped and counted.
 *
 * Unlike the sliced windows, where a row updates one slice whatever happens around
 * it, a row's session depends on the rows and firings before it, so rows are placed
 * one at a time, in input order: the batch's keys are looked up together (one probe
 * each; a key whose last session closes is dropped only when the batch is done, so
 * the ids stay valid), then each row finds its session by walking its key's short
 * list of open sessions. Accumulator updates are still applied a batch at a time: rows are queued
 * with their session and the queue is applied before anything that needs the
 * accumulators as they stand (a merge, a firing, the end of the batch). Windows whose
 * end the watermark before a row has passed fire before that row is placed, so the
 * result does not depend on batching.
 *
 * Open sessions sit in a min-heap ordered by (end, creation number); a session whose
 * end or number changes is pushed again with a new version, and one merged away is
 * closed, so older entries are stale and skipped when they surface. Output order: sessions by end,
 * then by when they were first opened.
 *
 * Example, gap 2 min, one key, rows at 08:05, 08:07, 08:13 (W = ts - 1 s): 08:05
 * opens [08:05, 08:07); 08:07 touches it: [08:05, 08:09); 08:13 (W before it 08:06:59)
 * opens [08:13, 08:15) — and at the end of input both fire: [08:05, 08:09) and
 * [08:13, 08:15).
 */
#include "exec/agg.h"
#include "exec/window.h"

#include <stdlib.h>
#include <string.h>

#define NO_SESSION UINT32_MAX

typedef struct Session {
    int64_t start, end;
    uint64_t seq;     /* creation number, for a deterministic order */
    uint32_t kid;     /* key id */
    uint32_t next;    /* the key's next open session, or NO_SESSION; free list link */
    uint32_t version; /* of its newest heap entry: entries of older versions are stale */
    bool is_open;
} Session;

typedef struct HeapEntry {
    int64_t end;
    uint64_t seq;
    uint32_t sid;
    uint32_t version;
} HeapEntry;

/* The rows of one session, for SESSION without aggregation: each row its columns in
 * turn, a NULL flag byte then the value (fixed width, or a uint32 length and bytes). */
typedef struct RowBuf {
    char *data;
    size_t len, cap;
} RowBuf;

typedef struct SessionAgg {
    Operator base;
    bool rows_mode; /* the SESSION table function alone: rows with their window */
    int n_in;
    SqlType *in_types;
    RowBuf *bufs; /* rows mode: per session id */
    WindowSpec w;
    int n_keys;
    int *key_cols;
    int n_aggs;
    AggCall *aggs;
    bool ignore_lateness;
    char *explain_text;

    KeyTable *kt;     /* keys -> key id */
    uint32_t *head;   /* per key id: first open session, or NO_SESSION */
    uint32_t *n_open; /* per key id: open sessions */
    uint32_t cap_keys;
    Session *sessions; /* by session id; accumulators are indexed by it */
    uint32_t n_sessions, cap_sessions, free_head;
    Accumulator **accs;
    HeapEntry *heap;
    uint32_t n_heap, cap_heap;
    uint64_t next_seq;
    uint64_t n_live; /* open sessions */

    /* per batch */
    const Vector **key_in;
    uint32_t kids[BATCH_CAPACITY];
    uint32_t *emptied; /* key ids whose last session closed: removed at a safe point */
    uint32_t n_emptied, cap_emptied;
    uint32_t *hits; /* place_row's scratch: a key's sessions a row touches */
    uint32_t cap_hits;
    uint16_t q_rows[BATCH_CAPACITY]; /* queued updates: rows and their sessions */
    uint32_t q_sids[BATCH_CAPACITY];
    uint32_t n_queued;
    int8_t signs[BATCH_CAPACITY];
    Batch *in; /* the batch being pushed, for the queue */
    Batch *out;
} SessionAgg;

/* ---- the heap of open sessions by (end, seq) -------------------------------------- */

static bool heap_less(const HeapEntry *x, const HeapEntry *y) {
    return x->end < y->end || (x->end == y->end && x->seq < y->seq);
}

static void heap_push(SessionAgg *a, uint32_t sid) {
    if (a->n_heap == a->cap_heap) {
        a->cap_heap = a->cap_heap ? 2 * a->cap_heap : 256;
        a->heap = xrealloc(a->heap, a->cap_heap * sizeof(HeapEntry));
    }
    uint32_t i = a->n_heap++;
    Session *s = &a->sessions[sid];
    a->heap[i] = (HeapEntry){s->end, s->seq, sid, ++s->version};
    while (i > 0 && heap_less(&a->heap[i], &a->heap[(i - 1) / 2])) {
        HeapEntry t = a->heap[i];
        a->heap[i] = a->heap[(i - 1) / 2];
        a->heap[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static void heap_pop(SessionAgg *a) {
    a->heap[0] = a->heap[--a->n_heap];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < a->n_heap && heap_less(&a->heap[l], &a->heap[m]))
            m = l;
        if (r < a->n_heap && heap_less(&a->heap[r], &a->heap[m]))
            m = r;
        if (m == i)
            return;
        HeapEntry t = a->heap[i];
        a->heap[i] = a->heap[m];
        a->heap[m] = t;
        i = m;
    }
}

/* Drops stale entries from the top; returns the top entry of an open session or NULL. */
static const HeapEntry *heap_top(SessionAgg *a) {
    while (a->n_heap > 0) {
        const HeapEntry *e = &a->heap[0];
        const Session *s = &a->sessions[e->sid];
        if (s->is_open && s->version == e->version)
            return e;
        heap_pop(a);
    }
    return NULL;
}

/* ---- sessions ----------------------------------------------------------------------- */

static uint32_t session_new(SessionAgg *a, uint32_t kid, int64_t start, int64_t end) {
    uint32_t sid, version = 0; /* a reused id keeps counting: its old entries stay stale */
    if (a->free_head != NO_SESSION) {
        sid = a->free_head;
        a->free_head = a->sessions[sid].next;
        version = a->sessions[sid].version;
    } else {
        if (a->n_sessions == a->cap_sessions) {
            a->cap_sessions = a->cap_sessions ? 2 * a->cap_sessions : 1024;
            a->sessions = xrealloc(a->sessions, a->cap_sessions * sizeof(Session));
            for (int c = 0; c < a->n_aggs; c++)
                acc_reserve(a->accs[c], a->cap_sessions);
            if (a->rows_mode) {
                a->bufs = xrealloc(a->bufs, a->cap_sessions * sizeof(RowBuf));
                memset(a->bufs + a->n_sessions, 0,
                       (a->cap_sessions - a->n_sessions) * sizeof(RowBuf));
            }
        }
        sid = a->n_sessions++;
    }
    a->sessions[sid] = (Session){start, end, a->next_seq++, kid, a->head[kid], version, true};
    a->head[kid] = sid;
    a->n_open[kid]++;
    a->n_live++;
    a->base.stats.state_entries = a->n_live;
    heap_push(a, sid);
    return sid;
}

/* Notes that key kid has no open session: remove_emptied_keys drops it later, unless a
 * row opened one again meanwhile (a batch's key ids must stay valid while it runs). */
static void note_emptied(SessionAgg *a, uint32_t kid) {
    if (a->n_emptied == a->cap_emptied) {
        a->cap_emptied = a->cap_emptied ? 2 * a->cap_emptied : 256;
        a->emptied = xrealloc(a->emptied, a->cap_emptied * sizeof(uint32_t));
    }
    a->emptied[a->n_emptied++] = kid;
}

static void remove_emptied_keys(SessionAgg *a) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->n_emptied; i++) {
        uint32_t kid = a->emptied[i];
        if (a->n_open[kid] == 0 && a->head[kid] == NO_SESSION) {
            a->head[kid] = NO_SESSION - 1; /* listed once */
            a->emptied[n++] = kid;
        }
    }
    keytab_remove(a->kt, a->emptied, n);
    for (uint32_t i = 0; i < n; i++)
        a->head[a->emptied[i]] = NO_SESSION;
    a->n_emptied = 0;
}

/* Closes session sid: unlinked from its key (the key dropped later if it was its last),
 * its accumulators cleared, its id free. */
static void session_free(SessionAgg *a, uint32_t sid) {
    Session *s = &a->sessions[sid];
    uint32_t *link = &a->head[s->kid];
    while (*link != sid)
        link = &a->sessions[*link].next;
    *link = s->next;
    if (--a->n_open[s->kid] == 0)
        note_emptied(a, s->kid);
    for (int c = 0; c < a->n_aggs; c++)
        acc_clear(a->accs[c], &sid, 1);
    if (a->rows_mode) {
        free(a->bufs[sid].data);
        a->bufs[sid] = (RowBuf){0};
    }
    s->is_open = false;
    s->next = a->free_head;
    a->free_head = sid;
    a->n_live--;
    a->base.stats.state_entries = a->n_live;
}

static void rowbuf_put(RowBuf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        while (b->cap < b->len + n)
            b->cap *= 2;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* Rows mode: appends batch row r to a session's rows. */
static void rowbuf_append(SessionAgg *a, RowBuf *b, const Batch *in, uint32_t r) {
    for (int c = 0; c < a->n_in; c++) {
        const Vector *v = &in->cols[c];
        uint8_t is_null = vec_is_null(v, r);
        rowbuf_put(b, &is_null, 1);
        if (is_null)
            continue;
        if (type_info(v->type.id)->is_string) {
            const StrRef *s = (const StrRef *)v->data + r;
            rowbuf_put(b, &s->len, sizeof s->len);
            rowbuf_put(b, s->ptr, s->len);
        } else {
            size_t w = type_width(v->type.id);
            rowbuf_put(b, (const char *)v->data + r * w, w);
        }
    }
}

/* Rows mode: reads the row at *p into row i of out (strings copied into its arena). */
static const char *rowbuf_read(const SessionAgg *a, const char *p, Batch *out, uint32_t i) {
    for (int c = 0; c < a->n_in; c++) {
        Vector *v = &out->cols[c];
        if (*p++) {
            vec_set_null(v, i);
            continue;
        }
        vec_set_valid(v, i);
        if (type_info(a->in_types[c].id)->is_string) {
            uint32_t len;
            memcpy(&len, p, sizeof len);
            p += sizeof len;
            ((StrRef *)v->data)[i] = (StrRef){arena_strndup(out->arena, p, len), len};
            p += len;
        } else {
            size_t w = type_width(a->in_types[c].id);
            memcpy((char *)v->data + i * w, p, w);
            p += w;
        }
    }
    return p;
}

/* Applies the queued row updates to the accumulators. */
static int flush_queue(SessionAgg *a, Diag *diag) {
    if (a->n_queued == 0)
        return 0;
    Batch *in = a->in;
    if (a->rows_mode) {
        for (uint32_t i = 0; i < a->n_queued; i++)
            rowbuf_append(a, &a->bufs[a->q_sids[i]], in, a->q_rows[i]);
        a->n_queued = 0;
        return 0;
    }
    for (int c = 0; c < a->n_aggs; c++) {
        const AggCall *call = &a->aggs[c];
        const Vector *arg = call->arg >= 0 ? &in->cols[call->arg] : NULL;
        const Vector *filter = call->filter >= 0 ? &in->cols[call->filter] : NULL;
        if (acc_update(a->accs[c], arg, filter, a->q_rows, a->q_sids, a->signs, a->n_queued, diag) <
            0)
            return -1;
    }
    a->n_queued = 0;
    return 0;
}

/* ---- firing ------------------------------------------------------------------------- */

/* Rows mode: emits the rows of every session whose end - 1 <= wm, each with its
 * window, sessions by (end, seq), rows in the order they came (a merged session's
 * parts in time order). */
static int fire_rows(SessionAgg *a, int64_t wm, Diag *diag) {
    Batch *o = a->out;
    int64_t *ws = o->cols[a->n_in].data, *we = o->cols[a->n_in + 1].data,
            *wt = o->cols[a->n_in + 2].data;
    const HeapEntry *top;
    uint32_t n = 0;
    while ((top = heap_top(a)) && win_sub(top->end, 1) <= wm) {
        uint32_t sid = top->sid;
        heap_pop(a);
        const Session *s = &a->sessions[sid];
        const RowBuf *b = &a->bufs[sid];
        for (const char *p = b->data, *end = b->data + b->len; p < end;) {
            if (n == BATCH_CAPACITY) {
                o->n_rows = n;
                int rc = op_emit(&a->base, o, diag);
                batch_reset(o);
                n = 0;
                if (rc < 0)
                    return -1;
            }
            p = rowbuf_read(a, p, o, n);
            ws[n] = s->start;
            we[n] = s->end;
            wt[n++] = win_sub(s->end, 1);
        }
        session_free(a, sid);
    }
    int rc = 0;
    if (n > 0) {
        o->n_rows = n;
        rc = op_emit(&a->base, o, diag);
        batch_reset(o);
    }
    return rc;
}

/* Emits and frees every open session whose end - 1 <= wm, by (end, seq). */
static int fire(SessionAgg *a, int64_t wm, Diag *diag) {
    const HeapEntry *top = heap_top(a);
    if (!top || win_sub(top->end, 1) > wm)
        return 0;
    if (flush_queue(a, diag) < 0)
        return -1;
    Batch *o = a->out;
    if (a->rows_mode)
        return fire_rows(a, wm, diag);
    uint32_t sids[BATCH_CAPACITY], kids[BATCH_CAPACITY];
    while ((top = heap_top(a)) && win_sub(top->end, 1) <= wm) {
        uint32_t n = 0;
        while (n < BATCH_CAPACITY && (top = heap_top(a)) && win_sub(top->end, 1) <= wm) {
            sids[n] = top->sid;
            kids[n++] = a->sessions[top->sid].kid;
            heap_pop(a);
        }
        int64_t *ws = o->cols[0].data, *we = o->cols[1].data, *wt = o->cols[2].data;
        for (uint32_t i = 0; i < n; i++) {
            ws[i] = a->sessions[sids[i]].start;
            we[i] = a->sessions[sids[i]].end;
            wt[i] = win_sub(we[i], 1);
        }
        Vector *dst[64];
        for (int k = 0; k < a->n_keys; k++)
            dst[k] = &o->cols[3 + k];
        keytab_gather(a->kt, kids, n, dst);
        for (int c = 0; c < a->n_aggs; c++)
            acc_result(a->accs[c], sids, n, &o->cols[3 + a->n_keys + c], o->arena);
        o->n_rows = n;
        int rc = op_emit(&a->base, o, diag);
        batch_reset(o);
        for (uint32_t i = 0; i < n; i++)
            session_free(a, sids[i]);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Over PROCTIME(): a tick wanted when the wall clock reaches the first session's end. */
static void set_timer(SessionAgg *a) {
    if (!a->w.is_proctime)
        return;
    const HeapEntry *top = heap_top(a);
    a->base.timer_at = top ? (top->end > 0 ? top->end : 1) : 0;
}

/* ---- push --------------------------------------------------------------------------- */

/* Is session x before session y: earlier start, then opened earlier? */
static bool session_before(const Session *x, const Session *y) {
    return x->start < y->start || (x->start == y->start && x->seq < y->seq);
}

/*
 * Places batch row r (key kid, time t) in its session; 1 if it is late, -1 on error.
 * The row's window [t, t + gap) joins every open session of the key it overlaps or
 * touches; when it touches several, they merge into the earliest, the others folded
 * in in time order, so FIRST_VALUE, LAST_VALUE and LISTAGG see slices in time order.
 */
static int place_row(SessionAgg *a, uint32_t r, uint32_t kid, int64_t t, int64_t wm, Diag *diag) {
    int64_t start = t, end = win_add(t, a->w.size);
    uint32_t n_hits = 0;
    for (uint32_t sid = a->head[kid]; sid != NO_SESSION; sid = a->sessions[sid].next) {
        const Session *s = &a->sessions[sid];
        if (s->start > end || s->end < start)
            continue;
        if (n_hits == a->cap_hits) {
            a->cap_hits = a->cap_hits ? 2 * a->cap_hits : 16;
            a->hits = xrealloc(a->hits, a->cap_hits * sizeof(uint32_t));
        }
        /* insertion into time order: lists are short */
        uint32_t at = n_hits++;
        while (at > 0 && session_before(s, &a->sessions[a->hits[at - 1]])) {
            a->hits[at] = a->hits[at - 1];
            at--;
        }
        a->hits[at] = sid;
    }
    uint32_t target;
    if (n_hits == 0) {
        if (win_sub(end, 1) <= wm)
            return 1;
        target = session_new(a, kid, start, end);
    } else {
        target = a->hits[0];
        Session *tg = &a->sessions[target];
        int64_t old_end = tg->end;
        uint64_t old_seq = tg->seq;
        if (n_hits > 1 && flush_queue(a, diag) < 0)
            return -1;
        for (uint32_t h = 1; h < n_hits; h++) { /* a bridge: fold the later ones in */
            uint32_t sid = a->hits[h];
            for (int c = 0; c < a->n_aggs; c++)
                acc_merge(a->accs[c], &target, a->accs[c], &sid, 1);
            if (a->rows_mode)
                rowbuf_put(&a->bufs[target], a->bufs[sid].data, a->bufs[sid].len);
            tg->end = tg->end > a->sessions[sid].end ? tg->end : a->sessions[sid].end;
            tg->seq = tg->seq < a->sessions[sid].seq ? tg->seq : a->sessions[sid].seq;
            session_free(a, sid);
        }
        tg->start = start < tg->start ? start : tg->start;
        tg->end = end > tg->end ? end : tg->end;
        if (tg->end != old_end || tg->seq != old_seq) /* its place in the heap moved */
            heap_push(a, target);
    }
    a->q_rows[a->n_queued] = (uint16_t)r;
    a->q_sids[a->n_queued++] = target;
    return 0;
}

static int sessionagg_push(Operator *op, int port, Batch *in, Diag *diag) {
    (void)port;
    SessionAgg *a = (SessionAgg *)op;
    const Vector *tv = &in->cols[a->w.time_col];
    const int64_t *ts = tv->data;
    const int64_t *wms = a->ignore_lateness || a->w.is_proctime ? NULL : in->watermarks;
    uint32_t n = batch_live_rows(in);
    if (in->row_kinds)
        for (uint32_t i = 0; i < n; i++)
            if (in->row_kinds[batch_row(in, i)] != ROWKIND_INSERT)
                return diag_set(diag, -1, "not supported yet: window aggregation over updates");
    for (uint32_t i = 0; i < n; i++)
        if (vec_is_null(tv, batch_row(in, i)))
            return diag_set(diag, -1, "SESSION: the time column is NULL on a row");
    /* The batch's keys, one probe each; keys emptied below stay until the batch ends. */
    for (int k = 0; k < a->n_keys; k++)
        a->key_in[k] = &in->cols[a->key_cols[k]];
    uint32_t n_ids = keytab_find_or_add(a->kt, a->key_in, in->sel, n, a->kids);
    if (n_ids > a->cap_keys) {
        uint32_t cap = a->cap_keys ? a->cap_keys : 1024;
        while (cap < n_ids)
            cap *= 2;
        a->head = xrealloc(a->head, cap * sizeof(uint32_t));
        a->n_open = xrealloc(a->n_open, cap * sizeof(uint32_t));
        for (uint32_t k = a->cap_keys; k < cap; k++) {
            a->head[k] = NO_SESSION;
            a->n_open[k] = 0;
        }
        a->cap_keys = cap;
    }
    for (uint32_t i = 0; i < n; i++) /* new keys have no session yet: emptied until one opens */
        if (a->n_open[a->kids[i]] == 0)
            note_emptied(a, a->kids[i]);
    a->in = in;
    a->n_queued = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = batch_row(in, i);
        int64_t wm = wms ? wms[r] : INT64_MIN;
        if (wm != INT64_MIN && fire(a, wm, diag) < 0)
            return -1;
        int late = place_row(a, r, a->kids[i], ts[r], wm, diag);
        if (late < 0)
            return -1;
        op->stats.late_rows_dropped += (uint64_t)late;
    }
    if (flush_queue(a, diag) < 0)
        return -1;
    remove_emptied_keys(a);
    set_timer(a);
    return 0;
}

static int sessionagg_watermark(Operator *op, int port, int64_t wm, Diag *diag) {
    SessionAgg *a = (SessionAgg *)op;
    if (!a->ignore_lateness && !a->w.is_proctime && fire(a, wm, diag) < 0)
        return -1;
    remove_emptied_keys(a);
    return op_forward_watermark(op, port, wm, diag);
}

/* Over PROCTIME(): the sessions that ended by now fire. */
static int sessionagg_tick(Operator *op, int64_t now, Diag *diag) {
    SessionAgg *a = (SessionAgg *)op;
    if (fire(a, now - 1, diag) < 0)
        return -1;
    remove_emptied_keys(a);
    set_timer(a);
    return 0;
}

static int sessionagg_finish(Operator *op, Diag *diag) {
    if (fire((SessionAgg *)op, INT64_MAX, diag) < 0)
        return -1;
    return op_forward_finish(op, diag);
}

static void sessionagg_explain(const Operator *op, StrBuf *out) {
    sb_append(out, ((const SessionAgg *)op)->explain_text);
}

static void sessionagg_destroy(Operator *op) {
    SessionAgg *a = (SessionAgg *)op;
    keytab_free(a->kt);
    for (int c = 0; c < a->n_aggs; c++)
        acc_free(a->accs[c]);
    free(a->accs);
    free(a->head);
    free(a->n_open);
    free(a->sessions);
    free(a->heap);
    free(a->emptied);
    free(a->hits);
    for (uint32_t i = 0; a->bufs && i < a->n_sessions; i++)
        free(a->bufs[i].data);
    free(a->bufs);
    free(a->in_types);
    free(a->aggs);
    free(a->key_cols);
    free(a->key_in);
    batch_free(a->out);
    free(a->explain_text);
    free(a);
}

static const OperatorVtbl SESSIONAGG_VTBL = {
    .push = sessionagg_push,
    .watermark = sessionagg_watermark,
    .finish = sessionagg_finish,
    .explain = sessionagg_explain,
    .destroy = sessionagg_destroy,
    .tick = sessionagg_tick,
};

Operator *op_sessionagg_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                            int n_keys, const int *key_cols, int n_aggs, const AggCall *aggs,
                            bool ignore_lateness, const char *explain_text, Diag *diag) {
    if (n_keys > 64)
        return diag_set(diag, -1, "not supported yet: more than 64 GROUP BY keys"), NULL;
    if (w->kind != WIN_SESSION || w->size <= 0 || w->time_col < 0 || w->time_col >= n_inputs)
        return diag_set(diag, -1, "internal error: bad session window"), NULL;
    SessionAgg *a = xcalloc(1, sizeof(SessionAgg));
    a->base.vt = &SESSIONAGG_VTBL;
    a->w = *w;
    a->n_keys = n_keys;
    a->n_aggs = n_aggs;
    a->ignore_lateness = ignore_lateness;
    a->free_head = NO_SESSION;
    a->explain_text = xstrdup(explain_text ? explain_text : "WindowAggregate");
    a->key_cols = xcalloc((size_t)n_keys + 1, sizeof(int));
    a->key_in = xcalloc((size_t)n_keys + 1, sizeof(Vector *));
    a->aggs = xcalloc((size_t)n_aggs + 1, sizeof(AggCall));
    a->accs = xcalloc((size_t)n_aggs + 1, sizeof(Accumulator *));
    memset(a->signs, 1, sizeof a->signs);
    int n_out = 3 + n_keys + n_aggs;
    SqlType *types = xcalloc((size_t)n_out + 1, sizeof(SqlType));
    for (int i = 0; i < 3; i++)
        types[i] = type_timestamp(3);
    for (int k = 0; k < n_keys; k++) {
        if (key_cols[k] < 0 || key_cols[k] >= n_inputs) {
            free(types);
            sessionagg_destroy(&a->base);
            return diag_set(diag, -1, "internal error: GROUP BY column out of range"), NULL;
        }
        a->key_cols[k] = key_cols[k];
        types[3 + k] = input_types[key_cols[k]];
    }
    a->kt = keytab_new(n_keys, types + 3);
    for (int c = 0; c < n_aggs; c++) {
        a->aggs[c] = aggs[c];
        a->aggs[c].may_retract = false;
        types[3 + n_keys + c] = aggs[c].result_type;
        if (!acc_can_merge(&a->aggs[c]) || !(a->accs[c] = acc_new(&a->aggs[c]))) {
            acc_refuse(&aggs[c], " over SESSION windows", diag);
            free(types);
            sessionagg_destroy(&a->base);
            return NULL;
        }
    }
    a->out = batch_new(n_out, types);
    free(types);
    return &a->base;
}

Operator *op_session_tvf_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                             int n_partition, const int *partition_cols, bool ignore_lateness,
                             const char *explain_text, Diag *diag) {
    Operator *op = op_sessionagg_new(n_inputs, input_types, w, n_partition, partition_cols, 0, NULL,
                                     ignore_lateness, explain_text, diag);
    if (!op)
        return NULL;
    SessionAgg *a = (SessionAgg *)op;
    a->rows_mode = true;
    a->n_in = n_inputs;
    a->in_types = xcalloc((size_t)n_inputs + 1, sizeof(SqlType));
    memcpy(a->in_types, input_types, (size_t)n_inputs * sizeof(SqlType));
    SqlType *types = xcalloc((size_t)n_inputs + 3, sizeof(SqlType));
    memcpy(types, input_types, (size_t)n_inputs * sizeof(SqlType));
    for (int i = 0; i < 3; i++)
        types[n_inputs + i] = type_timestamp(3);
    batch_free(a->out);
    a->out = batch_new(n_inputs + 3, types);
    free(types);
    return op;
}
