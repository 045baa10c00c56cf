/*
 * test_tee.c - the Tee operator (exec/tee.c) driven directly: each output gets the
 * input's columns through its own column map, sharing the input's vectors (no copy);
 * a consumer that narrows the selection, sets watermarks or re-points a vector does
 * not change what the next consumer or the input sees; an input selection reaches
 * every consumer; watermarks and finish reach every output in order; a consumer's
 * error stops the push.
 *
 * Consumers are recording operators over BIGINT columns that may also misbehave as the
 * push contract allows (narrow the selection to even values, re-point column 0).
 */
#include "exec/exec.h"

#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>

/* ---- a recording consumer ----------------------------------------------------------- */

#define REC_ROWS 64

typedef struct Rec {
    Operator base;
    int n_cols;
    uint32_t n_rows;
    int64_t rows[REC_ROWS][4];
    const void *data0; /* the data pointer of column 0 in the last batch */
    bool keep_even;    /* narrow the selection to even values of column 0 first */
    bool scribble;     /* then re-point column 0 and set watermarks, as operators may */
    bool fail;
    int64_t wms[4];
    int n_wms;
    int n_finish;
    int *order; /* shared log of finish calls: which consumer */
    int *n_order;
    int id;
} Rec;

static int64_t scratch_col[BATCH_CAPACITY];
static int64_t scratch_wms[BATCH_CAPACITY];

static int rec_push(Operator *op, int port, Batch *b, Diag *diag) {
    (void)port;
    Rec *r = (Rec *)op;
    if (r->fail)
        return diag_set(diag, -1, "consumer %d failed", r->id);
    r->n_cols = b->n_cols;
    r->data0 = b->n_cols ? b->cols[0].data : NULL;
    if (r->keep_even) {
        const int64_t *v = b->cols[0].data;
        uint32_t n = 0, live = batch_live_rows(b);
        for (uint32_t i = 0; i < live; i++) {
            uint32_t row = batch_row(b, i);
            if (v[row] % 2 == 0)
                b->sel_buf[n++] = (uint16_t)row;
        }
        b->sel = b->sel_buf;
        b->n_sel = n;
    }
    for (uint32_t i = 0; i < batch_live_rows(b); i++) {
        uint32_t row = batch_row(b, i);
        CU_ASSERT_FATAL(r->n_rows < REC_ROWS);
        for (int col = 0; col < b->n_cols && col < 4; col++)
            r->rows[r->n_rows][col] = ((const int64_t *)b->cols[col].data)[row];
        r->n_rows++;
    }
    if (r->scribble) {
        b->cols[0].data = scratch_col;
        b->watermarks = scratch_wms;
    }
    return 0;
}

static int rec_watermark(Operator *op, int port, int64_t ts, Diag *diag) {
    (void)port, (void)diag;
    Rec *r = (Rec *)op;
    if (r->n_wms < 4)
        r->wms[r->n_wms++] = ts;
    return 0;
}

static int rec_finish(Operator *op, Diag *diag) {
    (void)diag;
    Rec *r = (Rec *)op;
    r->n_finish++;
    if (r->order)
        r->order[(*r->n_order)++] = r->id;
    return 0;
}

static void rec_explain(const Operator *op, StrBuf *out) {
    (void)op;
    sb_append(out, "Rec");
}

static void rec_destroy(Operator *op) {
    (void)op; /* on the stack */
}

static const OperatorVtbl REC_VTBL = {rec_push,    rec_watermark, rec_finish,
                                      rec_explain, rec_destroy,   NULL};

static void rec_init(Rec *r, int id) {
    memset(r, 0, sizeof *r);
    r->base.vt = &REC_VTBL;
    r->id = id;
}

/* A batch of n_cols BIGINT columns; column col of row i holds 10 * col + i. */
static Batch *make_batch(int n_cols, uint32_t n_rows) {
    SqlType types[4];
    for (int col = 0; col < n_cols; col++)
        types[col] = type_make(TYPE_BIGINT);
    Batch *b = batch_new(n_cols, types);
    for (int col = 0; col < n_cols; col++)
        for (uint32_t i = 0; i < n_rows; i++)
            ((int64_t *)b->cols[col].data)[i] = 10 * col + (int64_t)i;
    b->n_rows = n_rows;
    return b;
}

static int push(Operator *tee, Batch *b) {
    Diag d;
    diag_init(&d);
    return op_push(tee, 0, b, &d);
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_each_output_gets_its_columns_without_a_copy(void) {
    Batch *in = make_batch(3, 4);
    Rec r1, r2;
    rec_init(&r1, 1);
    rec_init(&r2, 2);
    Operator *tee = op_tee_new(NULL);
    op_tee_add_output(tee, &r1.base, 0, 2, (const int[]){2, 0});
    op_tee_add_output(tee, &r2.base, 0, 1, (const int[]){1});
    CU_ASSERT_EQUAL(op_tee_n_outputs(tee), 2);
    CU_ASSERT_EQUAL(push(tee, in), 0);
    CU_ASSERT_EQUAL(r1.n_cols, 2);
    CU_ASSERT_EQUAL(r1.n_rows, 4);
    CU_ASSERT_EQUAL(r1.rows[3][0], 23);
    CU_ASSERT_EQUAL(r1.rows[3][1], 3);
    CU_ASSERT_EQUAL(r2.n_cols, 1);
    CU_ASSERT_EQUAL(r2.n_rows, 4);
    CU_ASSERT_EQUAL(r2.rows[2][0], 12);
    /* shared, not copied: the consumer reads the input's own buffer */
    CU_ASSERT_PTR_EQUAL(r1.data0, in->cols[2].data);
    CU_ASSERT_PTR_EQUAL(r2.data0, in->cols[1].data);
    CU_ASSERT_EQUAL(tee->stats.rows_in, 4);
    CU_ASSERT_EQUAL(tee->stats.rows_out, 8);
    CU_ASSERT_EQUAL(r1.base.stats.rows_in, 4);
    op_destroy(tee);
    batch_free(in);
}

static void test_a_consumer_narrowing_or_aliasing_does_not_change_the_next(void) {
    Batch *in = make_batch(2, 6);
    Rec r1, r2, r3;
    rec_init(&r1, 1);
    rec_init(&r2, 2);
    rec_init(&r3, 3);
    r1.keep_even = r1.scribble = true;
    r2.keep_even = true;
    Operator *tee = op_tee_new(NULL);
    op_tee_add_output(tee, &r1.base, 0, 1, (const int[]){0});
    op_tee_add_output(tee, &r2.base, 0, 2, (const int[]){1, 0});
    op_tee_add_output(tee, &r3.base, 0, 2, (const int[]){0, 1});
    for (int round = 0; round < 2; round++) { /* the shells are reused batch after batch */
        r1.n_rows = r2.n_rows = r3.n_rows = 0;
        CU_ASSERT_EQUAL(push(tee, in), 0);
        CU_ASSERT_EQUAL(r1.n_rows, 3); /* 0, 2, 4 */
        CU_ASSERT_EQUAL(r2.n_rows, 3); /* 10, 12, 14 of column 1 */
        CU_ASSERT_EQUAL(r2.rows[1][0], 12);
        CU_ASSERT_EQUAL(r2.rows[1][1], 2);
        CU_ASSERT_EQUAL(r3.n_rows, 6); /* every row, the input's values */
        CU_ASSERT_EQUAL(r3.rows[5][0], 5);
        CU_ASSERT_EQUAL(r3.rows[5][1], 15);
        CU_ASSERT_PTR_EQUAL(r3.data0, in->cols[0].data);
    }
    CU_ASSERT_PTR_NULL(in->sel);
    CU_ASSERT_PTR_NULL(in->watermarks);
    CU_ASSERT_PTR_EQUAL(in->cols[0].data, in->cols[0].buf);
    op_destroy(tee);
    batch_free(in);
}

static void test_an_input_selection_reaches_every_consumer(void) {
    Batch *in = make_batch(1, 8);
    in->sel = in->sel_buf;
    in->sel_buf[0] = 1, in->sel_buf[1] = 2, in->sel_buf[2] = 6;
    in->n_sel = 3;
    Rec r1, r2;
    rec_init(&r1, 1);
    rec_init(&r2, 2);
    r1.keep_even = true;
    Operator *tee = op_tee_new(NULL);
    op_tee_add_output(tee, &r1.base, 0, 1, (const int[]){0});
    op_tee_add_output(tee, &r2.base, 0, 1, (const int[]){0});
    CU_ASSERT_EQUAL(push(tee, in), 0);
    CU_ASSERT_EQUAL(r1.n_rows, 2); /* 2, 6 */
    CU_ASSERT_EQUAL(r1.rows[1][0], 6);
    CU_ASSERT_EQUAL(r2.n_rows, 3); /* 1, 2, 6: the first consumer's narrowing is its own */
    CU_ASSERT_EQUAL(r2.rows[0][0], 1);
    CU_ASSERT_EQUAL(in->n_sel, 3);
    CU_ASSERT_EQUAL(in->sel_buf[0], 1);
    op_destroy(tee);
    batch_free(in);
}

static void test_watermark_and_finish_reach_every_output_in_order(void) {
    Rec r1, r2;
    rec_init(&r1, 1);
    rec_init(&r2, 2);
    int order[4], n_order = 0;
    r1.order = r2.order = order;
    r1.n_order = r2.n_order = &n_order;
    Operator *tee = op_tee_new(NULL);
    op_tee_add_output(tee, &r1.base, 0, 0, NULL);
    op_tee_add_output(tee, &r2.base, 0, 0, NULL);
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(tee->vt->watermark(tee, 0, 42, &d), 0);
    CU_ASSERT_EQUAL(op_finish(tee, &d), 0);
    CU_ASSERT_EQUAL(r1.n_wms, 1);
    CU_ASSERT_EQUAL(r1.wms[0], 42);
    CU_ASSERT_EQUAL(r2.n_wms, 1);
    CU_ASSERT_EQUAL(r2.wms[0], 42);
    CU_ASSERT_EQUAL(n_order, 2);
    CU_ASSERT_EQUAL(order[0], 1);
    CU_ASSERT_EQUAL(order[1], 2);
    op_destroy(tee);
}

static void test_a_consumer_error_stops_the_push(void) {
    Batch *in = make_batch(1, 2);
    Rec r1, r2;
    rec_init(&r1, 1);
    rec_init(&r2, 2);
    r1.fail = true;
    Operator *tee = op_tee_new(NULL);
    op_tee_add_output(tee, &r1.base, 0, 1, (const int[]){0});
    op_tee_add_output(tee, &r2.base, 0, 1, (const int[]){0});
    Diag d;
    diag_init(&d);
    CU_ASSERT_EQUAL(op_push(tee, 0, in, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "consumer 1 failed");
    CU_ASSERT_EQUAL(r2.n_rows, 0);
    op_destroy(tee);
    batch_free(in);
}

void suite_tee(void) {
    static CU_TestInfo tests[] = {
        {"each output gets its columns without a copy",
         test_each_output_gets_its_columns_without_a_copy},
        {"a consumer narrowing or aliasing does not change the next",
         test_a_consumer_narrowing_or_aliasing_does_not_change_the_next},
        {"an input selection reaches every consumer",
         test_an_input_selection_reaches_every_consumer},
        {"watermark and finish reach every output in order",
         test_watermark_and_finish_reach_every_output_in_order},
        {"a consumer error stops the push", test_a_consumer_error_stops_the_push},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("tee", tests);
}
