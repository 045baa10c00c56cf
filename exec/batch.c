/*
 * batch.c - column vectors and batches.
 *
 * A vector owns a buffer for BATCH_CAPACITY values and one for its validity bitmap,
 * allocated once when the batch is made; filling a batch again allocates nothing. A
 * vector's data pointer may alias another vector's buffer (a projected column), so
 * batch_reset points every vector back at its own storage.
 */
#include "exec/exec.h"

#include <stdlib.h>
#include <string.h>

void vec_init(Vector *v, SqlType type) {
    memset(v, 0, sizeof *v);
    v->type = type;
    size_t width = type_width(type.id);
    if (width == 0)
        width = 1;
    v->buf = xcalloc(BATCH_CAPACITY, width);
    v->valid_buf = xcalloc(BATCH_WORDS, sizeof(uint64_t));
    v->data = v->buf;
    v->validity = NULL;
}

void vec_release(Vector *v) {
    if (!v)
        return;
    free(v->buf);
    free(v->valid_buf);
    v->buf = NULL;
    v->valid_buf = NULL;
    v->data = NULL;
    v->validity = NULL;
}

void vec_reset(Vector *v) {
    v->data = v->buf;
    v->validity = NULL;
}

const char *rowkind_short(RowKind k) {
    static const char *const NAMES[] = {"+I", "-U", "+U", "-D"};
    return (unsigned)k < 4 ? NAMES[k] : "?";
}

Batch *batch_new(int n_cols, const SqlType *types) {
    Batch *b = xcalloc(1, sizeof(Batch));
    b->n_cols = n_cols;
    b->cols = xcalloc((size_t)(n_cols ? n_cols : 1), sizeof(Vector));
    for (int col = 0; col < n_cols; col++)
        vec_init(&b->cols[col], types[col]);
    b->arena = arena_new(64 * 1024);
    return b;
}

void batch_free(Batch *b) {
    if (!b)
        return;
    for (int col = 0; col < b->n_cols; col++)
        vec_release(&b->cols[col]);
    free(b->cols);
    arena_free(b->arena);
    free(b);
}

void batch_reset(Batch *b) {
    for (int col = 0; col < b->n_cols; col++)
        vec_reset(&b->cols[col]);
    b->n_rows = 0;
    b->sel = NULL;
    b->n_sel = 0;
    b->row_kinds = NULL;
    b->watermarks = NULL;
    arena_reset(b->arena);
}

void vec_gather(Vector *dst, const Vector *src, const uint16_t *rows, uint32_t n) {
    size_t w = type_width(src->type.id);
    const char *s = src->data;
    char *d = dst->data;
    switch (w) {
        case 1:
            for (uint32_t i = 0; i < n; i++)
                d[i] = s[rows[i]];
            break;
        case 4:
            for (uint32_t i = 0; i < n; i++)
                memcpy(d + i * 4, s + rows[i] * 4u, 4);
            break;
        case 8:
            for (uint32_t i = 0; i < n; i++)
                memcpy(d + i * 8, s + rows[i] * 8u, 8);
            break;
        default:
            for (uint32_t i = 0; i < n; i++)
                memcpy(d + i * w, s + rows[i] * w, w);
            break;
    }
    if (!src->validity) {
        if (dst->validity)
            for (uint32_t i = 0; i < n; i++)
                vec_set_valid(dst, i);
        return;
    }
    if (!dst->validity) {
        dst->validity = dst->valid_buf;
        memset(dst->validity, 0xff, BATCH_WORDS * sizeof(uint64_t));
    }
    for (uint32_t i = 0; i < n; i++) {
        if (vec_is_null(src, rows[i]))
            vec_set_null(dst, i);
        else
            vec_set_valid(dst, i);
    }
}
