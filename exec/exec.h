/*
 * exec.h - the executor's public face: column vectors, batches, row kinds, the
 * operator interface and compiled expression programs.
 *
 * The executor runs physical plans and knows nothing of SQL text. Sources push
 * Batches into a pipeline of operators; each operator works a whole batch at a time
 * over column arrays.
 */
#ifndef EXEC_EXEC_H
#define EXEC_EXEC_H

#include "catalog/catalog.h"

/* ---- vectors and batches ----------------------------------------------------------- */

/* Rows per batch; a power of two, at most 65536 (selection indexes are uint16_t). */
#ifndef BATCH_CAPACITY
#define BATCH_CAPACITY 1024
#endif
#define BATCH_WORDS ((BATCH_CAPACITY + 63) / 64)

_Static_assert((BATCH_CAPACITY & (BATCH_CAPACITY - 1)) == 0, "BATCH_CAPACITY power of two");
_Static_assert(BATCH_CAPACITY <= 65536, "selection indexes are 16-bit");

/*
 * One column of up to BATCH_CAPACITY values of one type.
 *  - data: the values, in the physical representation of type (catalog.h). It points
 *    to this vector's own buffer or aliases another vector's (a projection of a plain
 *    column copies nothing).
 *  - validity: bit i set means row i is not NULL; NULL means every row is valid.
 *    The value of a NULL row is unspecified but always safe to read.
 *  - string bytes live in the owning batch's arena (or, for aliases and constants,
 *    somewhere that outlives the batch).
 */
typedef struct Vector {
    SqlType type;
    void *data;
    uint64_t *validity;
    void *buf;           /* owned storage for BATCH_CAPACITY values (or NULL) */
    uint64_t *valid_buf; /* owned storage for the validity bitmap */
} Vector;

void vec_init(Vector *v, SqlType type); /* allocates owned storage */
void vec_release(Vector *v);            /* frees owned storage; accepts a zeroed vector */
/* Points data at the owned buffer again and marks all rows valid. */
void vec_reset(Vector *v);

static inline bool vec_is_null(const Vector *v, uint32_t row) {
    return v->validity && !((v->validity[row >> 6] >> (row & 63)) & 1);
}
/* Makes row NULL, creating the bitmap (all valid) on first use. */
static inline void vec_set_null(Vector *v, uint32_t row) {
    if (!v->validity) {
        v->validity = v->valid_buf;
        for (int w = 0; w < BATCH_WORDS; w++)
            v->validity[w] = ~(uint64_t)0;
    }
    v->validity[row >> 6] &= ~((uint64_t)1 << (row & 63));
}
static inline void vec_set_valid(Vector *v, uint32_t row) {
    if (v->validity)
        v->validity[row >> 6] |= (uint64_t)1 << (row & 63);
}

/* The physical class of a type's values in a vector (catalog.h lists which types share
 * one): how kernels, the key table and the accumulators choose their loops. TYPE_NULL
 * has no values: PHYS_NONE. */
typedef enum Phys { PHYS_U8, PHYS_I32, PHYS_I64, PHYS_F32, PHYS_F64, PHYS_STR, PHYS_NONE } Phys;
Phys phys_of(TypeId id);

typedef enum RowKind {
    ROWKIND_INSERT = 0,        /* +I */
    ROWKIND_UPDATE_BEFORE = 1, /* -U */
    ROWKIND_UPDATE_AFTER = 2,  /* +U */
    ROWKIND_DELETE = 3,        /* -D */
} RowKind;

const char *rowkind_short(RowKind k); /* "+I", "-U", "+U", "-D" */

/*
 * N vectors with the same row count.
 *  - sel: NULL means rows 0..n_rows-1 in order; otherwise the n_sel row indexes (in
 *    increasing order) that are live. A filter narrows sel instead of copying.
 *  - row_kinds: NULL means every row is +I.
 *  - arena: owns the string bytes of this batch; reset with the batch.
 *  - watermarks: NULL without event time; else watermarks[r] is the watermark before
 *    row r (computed from the rows before it, in input order): what decides whether
 *    row r is late. Set by the watermark assigner, kept through Calcs.
 */
typedef struct Batch {
    int n_cols;
    Vector *cols;
    uint32_t n_rows;
    uint16_t *sel;
    uint32_t n_sel;
    uint8_t *row_kinds;
    const int64_t *watermarks;
    uint16_t sel_buf[BATCH_CAPACITY];
    uint8_t kinds_buf[BATCH_CAPACITY];
    Arena *arena;
} Batch;

/* A batch with one vector per type; the batch owns its vectors and arena. */
Batch *batch_new(int n_cols, const SqlType *types);
void batch_free(Batch *b);
/* Empties the batch for refilling: zero rows, no selection, all valid, arena reset. */
void batch_reset(Batch *b);
/* Number of live rows (n_sel with a selection, n_rows without). */
static inline uint32_t batch_live_rows(const Batch *b) {
    return b->sel ? b->n_sel : b->n_rows;
}
/* Index of the i-th live row. */
static inline uint32_t batch_row(const Batch *b, uint32_t i) {
    return b->sel ? b->sel[i] : i;
}

/* ---- compiled expressions (exec/expr.c) ------------------------------------------ */

typedef struct ExprProgram ExprProgram;

/* Compiles a bound tree for input batches whose columns have `input_types`. Fails
 * (with a message) only for a combination of operator and types that has no kernel,
 * which is a planner bug reported as "not supported yet". */
ExprProgram *expr_compile(const ExprNode *root, int n_inputs, const SqlType *input_types,
                          Diag *diag);
void expr_free(ExprProgram *prog);
/*
 * Evaluates over the live rows of `in` (its selection). The result vector is owned by
 * the program and valid until the next evaluation; its rows are at the same indexes
 * as the input's. Strings it makes are allocated in in->arena. Fails on a runtime
 * error (division by zero, a failed CAST), naming the SQL position.
 */
int expr_eval(ExprProgram *prog, Batch *in, Vector **out, Diag *diag);
/* Evaluates a BOOLEAN program and narrows in's selection to the rows where it is TRUE. */
int expr_filter(ExprProgram *prog, Batch *in, Diag *diag);
/* Evaluates a program with no column references (a constant expression) once. */
int expr_eval_const(ExprProgram *prog, Value *out, bool *is_null, Arena *arena, Diag *diag);

/* ---- operators --------------------------------------------------------------------- */

/* What an operator has done, for EXPLAIN ANALYZE and the shell's statistics. */
typedef struct OpStats {
    uint64_t rows_in;
    uint64_t rows_out;
    uint64_t batches_in;
    uint64_t late_rows_dropped;
    uint64_t state_entries; /* groups, windows, rows held */
} OpStats;

typedef struct Operator Operator;

/*
 * The operator interface. Operators are push-based: the upstream calls push with a
 * batch, the operator does its work and pushes its own output to `next` before
 * returning, so a batch's strings stay valid for exactly the duration of push.
 * Operators with two inputs (joins) tell them apart by `port`.
 *  - push: one batch in. The operator may narrow the batch's selection (writing the
 *    batch's own sel_buf, never through sel), set its watermarks or alias its vectors;
 *    it must not write the values, validity or row kinds it was given, nor keep
 *    pointers into the batch after returning. (A Tee relies on this to give several
 *    consumers one batch.)
 *  - watermark: event time has advanced to ts on port (not used before windows).
 *  - finish: end of input: emit what remains, then finish `next`.
 *  - explain: one line describing the operator, e.g. "Calc(select=[a, b * 2])".
 *  - destroy: frees the operator (not its downstream).
 * Every status-returning call returns 0 or -1 with diag filled.
 */
typedef struct OperatorVtbl {
    int (*push)(Operator *op, int port, Batch *batch, Diag *diag);
    int (*watermark)(Operator *op, int port, int64_t ts, Diag *diag);
    int (*finish)(Operator *op, Diag *diag);
    void (*explain)(const Operator *op, StrBuf *out);
    void (*destroy)(Operator *op);
    /* Optional (NULL: the operator keeps no timers): processing time has reached now
     * (UTC epoch ms) at or after the operator's timer_at. */
    int (*tick)(Operator *op, int64_t now, Diag *diag);
} OperatorVtbl;

struct Operator {
    const OperatorVtbl *vt;
    Operator *next; /* downstream, or NULL for a sink */
    int next_port;
    OpStats stats;
    /* Processing time (UTC epoch ms) at which the operator wants a tick, 0 for none:
     * the pipeline waits for input no longer than that. */
    int64_t timer_at;
};

static inline int op_push(Operator *op, int port, Batch *batch, Diag *diag) {
    op->stats.rows_in += batch_live_rows(batch);
    op->stats.batches_in++;
    return op->vt->push(op, port, batch, diag);
}
static inline int op_finish(Operator *op, Diag *diag) {
    return op->vt->finish(op, diag);
}
/* Pushes to the operator's downstream, counting rows out. */
static inline int op_emit(Operator *op, Batch *batch, Diag *diag) {
    op->stats.rows_out += batch_live_rows(batch);
    return op_push(op->next, op->next_port, batch, diag);
}
static inline void op_destroy(Operator *op) {
    if (op)
        op->vt->destroy(op);
}
/* The default watermark: pass it on. */
int op_forward_watermark(Operator *op, int port, int64_t ts, Diag *diag);
/* The default finish: finish the downstream. */
int op_forward_finish(Operator *op, Diag *diag);

/* Calc: a filter (may be NULL) then a projection (n_exprs expressions; NULL exprs with
 * n_exprs < 0 means "keep the input columns"). Takes nothing over: the ExprNodes are
 * compiled and may be freed after. */
Operator *op_calc_new(int n_inputs, const SqlType *input_types, const ExprNode *filter, int n_exprs,
                      const ExprNode *const *exprs, const char *explain_text, Diag *diag);

/*
 * HashAgg: GROUP BY over an unbounded stream (exec/hashagg.c). Output columns are the
 * key columns, then one column per aggregate call. In changelog mode (streaming) each
 * batch emits, once per group it changed: +I for a new group, -U/+U for a group whose
 * result changed (nothing when it did not), -D for a group that retractions emptied.
 * In final mode (Flink's batch runtime mode) it emits nothing until finish, then +I
 * for every group. The input may carry retractions (-U, -D). With state_ttl_ms > 0
 * (streaming only; ignored in final mode) groups idle that long in processing time are
 * dropped silently and a later row of their key starts a new group (+I).
 */
Operator *op_hashagg_new(int n_inputs, const SqlType *input_types, int n_keys, const int *key_cols,
                         int n_aggs, const AggCall *aggs, bool emit_final_only,
                         int64_t state_ttl_ms, const char *explain_text, Diag *diag);

/*
 * WatermarkAssigner (exec/window.c): computes the event-time watermark per row, in
 * input order: W starts at -infinity and after each row W = max(W, watermark(row)).
 * Each batch goes on with watermarks[r] = W before row r, then the operator calls
 * `watermark` downstream with W when it advanced. A NULL event time (`rowtime`) fails
 * the query, as in Flink. Both expressions are over the input columns. With an idle
 * timeout > 0, once no row has come for that long the input is idle and W follows the
 * wall clock: W = (W at the last row) + (time since the last row), sent downstream on
 * ticks, until a row comes again.
 */
/* The watermark a WatermarkAssigner has reached (INT64_MIN before any; also for an
 * operator that is no assigner), for the shell's status line. */
int64_t op_watermark_reached(const Operator *op);
Operator *op_watermark_new(int n_inputs, const SqlType *input_types, const ExprNode *rowtime,
                           const ExprNode *watermark, const char *rowtime_name,
                           int64_t idle_timeout_ms, const char *explain_text, Diag *diag);

/*
 * WindowTableFunction (exec/window.c): each input row once per window containing it
 * (TUMBLE: one; HOP: size / slide, by descending start; CUMULATE: size / step, by
 * ascending end), with window_start, window_end and window_time (end - 1 ms) appended.
 */
Operator *op_window_tvf_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                            const char *explain_text, Diag *diag);

/*
 * WindowAggregate (exec/windowagg.c): GROUP BY window_start, window_end and keys over
 * an insert-only input. Output columns: window_start, window_end, window_time, the
 * keys, one per aggregate call; each window is emitted once, as +I, when the
 * watermark reaches its end - 1 ms (or at the end of the input), then its state is
 * freed. A row whose windows have all fired (by the watermark before it) is dropped
 * and counted in stats.late_rows_dropped. With ignore_lateness (batch runtime mode)
 * nothing is late and windows fire at the end of the input.
 */
Operator *op_windowagg_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                           int n_keys, const int *key_cols, int n_aggs, const AggCall *aggs,
                           bool ignore_lateness, const char *explain_text, Diag *diag);

/*
 * Session window aggregation (exec/sessionagg.c): as op_windowagg_new for SESSION
 * windows (w->size is the gap): per key, sessions that overlap or touch merge; each
 * fires once, as +I, when the watermark reaches its end - 1 ms. Every aggregate must
 * be mergeable (acc_can_merge).
 */
Operator *op_sessionagg_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                            int n_keys, const int *key_cols, int n_aggs, const AggCall *aggs,
                            bool ignore_lateness, const char *explain_text, Diag *diag);

/* SESSION without aggregation: each input row, with window_start, window_end and
 * window_time appended, once its session (per PARTITION BY key) has closed; late rows
 * are dropped and counted as for the aggregation. */
Operator *op_session_tvf_new(int n_inputs, const SqlType *input_types, const WindowSpec *w,
                             int n_partition, const int *partition_cols, bool ignore_lateness,
                             const char *explain_text, Diag *diag);

/*
 * Tee (exec/tee.c): one input pushed to several consumers, for a table that a statement
 * set reads once for several INSERTs. Each output gets every batch as its own shallow
 * Batch (vectors, selection, row kinds, watermarks and arena shared, never copied row by
 * row) with columns cols[0..n_cols) of the input, so a consumer may narrow the selection
 * or alias vectors without the others seeing it. watermark and finish reach every
 * output, in the order they were added. The tee's `next` is unused.
 */
Operator *op_tee_new(const char *explain_text);
/* UNION ALL of n_inputs branches (exec/union.c): batches and watermarks pass through;
 * the downstream is finished once, when every branch has finished this operator. */
Operator *op_union_new(int n_inputs, const char *explain_text); /* text: may be NULL */
/* Adds an output pushing to (next, port); cols is copied. */
void op_tee_add_output(Operator *tee, Operator *next, int port, int n_cols, const int *cols);
int op_tee_n_outputs(const Operator *tee); /* 0 for an operator that is no tee */

/* Copies rows rows[0..n) of src into rows 0..n-1 of dst (same type; strings keep
 * pointing at src's bytes; NULLs kept). */
void vec_gather(Vector *dst, const Vector *src, const uint16_t *rows, uint32_t n);

/* ---- sources ----------------------------------------------------------------------- */

/*
 * A source produces batches; the pipeline driver pulls them and pushes them into the
 * source's downstream operator. A source's batch (and its strings) stay valid until
 * the next call to next.
 */
typedef struct Source Source;
typedef struct SourceVtbl {
    /* 1 and *out set: a batch; 0: end of input; -1: error (diag). A source that has
     * rows before a bad record returns them first and the error on the next call. */
    int (*next)(Source *src, Batch **out, Diag *diag);
    void (*explain)(const Source *src, StrBuf *out);
    void (*destroy)(Source *src);
} SourceVtbl;

struct Source {
    const SourceVtbl *vt;
    /* Set by the pipeline before each next: when a blocking read should give up and
     * return an empty batch (UTC epoch ms), 0 to wait as long as it takes. */
    int64_t wake_at;
    Operator *downstream;
    int port;
    OpStats stats;
    uint64_t rows_skipped; /* malformed rows skipped under *.ignore-parse-errors */
    const char *name;      /* for messages: the table name */
};

/* A source of constant rows (VALUES): n_rows rows of n_cols constants, row-major. */
Source *source_values_new(int n_cols, const SqlType *types, int n_rows, const Value *values,
                          const bool *is_null);

/* ---- running a pipeline ------------------------------------------------------------ */

/*
 * Pulls every source to its end, pushing each batch downstream, then finishes the
 * downstream operators. Stops early, finishing cleanly, when *cancel becomes true
 * (Ctrl-C). On an error, what was already pushed to the sink stays written.
 */
int pipeline_run(Source **sources, int n_sources, Operator *const *ops, int n_ops,
                 volatile int *cancel, Diag *diag);

#endif /* EXEC_EXEC_H */
