/*
 * window.h - window arithmetic shared by the window operators (private to exec/).
 *
 * Times are ms since the epoch. A window or slice of width w aligned at offset o
 * containing t starts at t - floor_mod(t - o, w). Arithmetic wraps instead of
 * overflowing (times near the ends of the int64 range give meaningless windows, not
 * undefined behaviour).
 */
#ifndef EXEC_WINDOW_H
#define EXEC_WINDOW_H

#include "exec/exec.h"

static inline int64_t win_sub(int64_t a, int64_t b) {
    return (int64_t)((uint64_t)a - (uint64_t)b);
}
static inline int64_t win_add(int64_t a, int64_t b) {
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* The start of the width-w span aligned at offset that contains t. */
static inline int64_t win_align(int64_t t, int64_t offset, int64_t w) {
    int64_t r = win_sub(t, offset) % w;
    return win_sub(t, r < 0 ? r + w : r);
}

/* The end of the slice containing t: slices are `slide` wide (TUMBLE: size). */
static inline int64_t win_slice_end(const WindowSpec *w, int64_t t) {
    return win_add(win_align(t, w->offset, w->slide), w->slide);
}

/* The end of the last window that contains the slice ending at s. */
static inline int64_t win_last_end(const WindowSpec *w, int64_t s) {
    switch (w->kind) {
        case WIN_TUMBLE:
            return s;
        case WIN_HOP:
            return win_add(s, w->size - w->slide);
        case WIN_CUMULATE:
            return win_add(win_align(win_sub(s, 1), w->offset, w->size), w->size);
        case WIN_SESSION: /* sessions have no slices (exec/sessionagg.c) */
            break;
    }
    return s;
}

/* The start of the window ending at e. */
static inline int64_t win_start_of(const WindowSpec *w, int64_t e) {
    if (w->kind == WIN_CUMULATE)
        return win_align(win_sub(e, 1), w->offset, w->size);
    return win_sub(e, w->size);
}

#endif /* EXEC_WINDOW_H */
