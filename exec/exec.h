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
 */
typedef struct Batch {
    int n_cols;
    Vector *cols;
    uint32_t n_rows;
    uint16_t *sel;
    uint32_t n_sel;
    uint8_t *row_kinds;
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

#endif /* EXEC_EXEC_H */
