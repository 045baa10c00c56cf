/*
 * values.c - a source of constant rows, for VALUES and SELECT without FROM.
 *
 * The planner evaluates each value once and hands over the rows; the source emits them
 * in batches of up to BATCH_CAPACITY rows. Strings point into the query's arena, which
 * outlives the source.
 */
#include "exec/exec.h"

#include <stdlib.h>
#include <string.h>

typedef struct ValuesSource {
    Source base;
    int n_cols;
    int n_rows;
    int next_row;
    Value *values; /* row-major, copied */
    bool *is_null; /* row-major, copied */
    Batch *batch;
} ValuesSource;

static int values_next(Source *src, Batch **out, Diag *diag) {
    (void)diag;
    ValuesSource *vs = (ValuesSource *)src;
    if (vs->next_row >= vs->n_rows)
        return 0;
    Batch *b = vs->batch;
    batch_reset(b);
    uint32_t n = 0;
    while (vs->next_row < vs->n_rows && n < BATCH_CAPACITY) {
        int row = vs->next_row++;
        for (int col = 0; col < vs->n_cols; col++) {
            Vector *v = &b->cols[col];
            size_t width = type_width(v->type.id);
            size_t k = (size_t)row * (size_t)vs->n_cols + (size_t)col;
            if (vs->is_null[k]) {
                memset((char *)v->data + n * width, 0, width);
                vec_set_null(v, n);
            } else {
                memcpy((char *)v->data + n * width, &vs->values[k], width);
            }
        }
        n++;
    }
    b->n_rows = n;
    *out = b;
    return 1;
}

static void values_explain(const Source *src, StrBuf *out) {
    const ValuesSource *vs = (const ValuesSource *)src;
    sb_printf(out, "Values(rows=[%d])", vs->n_rows);
}

static void values_destroy(Source *src) {
    ValuesSource *vs = (ValuesSource *)src;
    free(vs->values);
    free(vs->is_null);
    batch_free(vs->batch);
    free(vs);
}

static const SourceVtbl VALUES_VTBL = {
    .next = values_next,
    .explain = values_explain,
    .destroy = values_destroy,
};

Source *source_values_new(int n_cols, const SqlType *types, int n_rows, const Value *values,
                          const bool *is_null) {
    ValuesSource *vs = xcalloc(1, sizeof(ValuesSource));
    vs->base.vt = &VALUES_VTBL;
    vs->base.name = "VALUES";
    vs->n_cols = n_cols;
    vs->n_rows = n_rows;
    size_t n = (size_t)n_cols * (size_t)n_rows;
    vs->values = xcalloc(n ? n : 1, sizeof(Value));
    vs->is_null = xcalloc(n ? n : 1, sizeof(bool));
    if (n) {
        memcpy(vs->values, values, n * sizeof(Value));
        memcpy(vs->is_null, is_null, n * sizeof(bool));
    }
    vs->batch = batch_new(n_cols, types);
    return &vs->base;
}
