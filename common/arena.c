/*
 * arena.c - a bump allocator over a list of large blocks.
 *
 * Memory in sluice follows lifetimes: a per-query arena holds plans and long-lived
 * state, a per-batch arena holds the strings of one batch and is reset after it. An
 * allocation bumps a pointer in the current block; a request that does not fit
 * starts a new block (of the block size, or larger for a large request). Reset keeps
 * the first block, so a batch arena that has reached its working size allocates
 * nothing from the system in the steady state: the blocks after the first are freed
 * and the first is grown to the size the batch needed last time.
 */
#include "common/common.h"

#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *prev;
    size_t size; /* bytes usable in data[] */
    size_t used;
    _Alignas(16) unsigned char data[];
};

static ArenaBlock *block_new(size_t size, ArenaBlock *prev) {
    ArenaBlock *b = xmalloc(sizeof(ArenaBlock) + size);
    b->prev = prev;
    b->size = size;
    b->used = 0;
    return b;
}

Arena *arena_new(size_t block_size) {
    Arena *a = xmalloc(sizeof(Arena));
    a->block_size = block_size < 256 ? 256 : block_size;
    a->first = a->head = block_new(a->block_size, NULL);
    a->n_bytes = 0;
    return a;
}

void arena_free(Arena *arena) {
    if (!arena)
        return;
    ArenaBlock *b = arena->head;
    while (b) {
        ArenaBlock *prev = b->prev;
        free(b);
        b = prev;
    }
    free(arena);
}

void arena_reset(Arena *arena) {
    size_t needed = arena->n_bytes;
    ArenaBlock *b = arena->head;
    while (b != arena->first) {
        ArenaBlock *prev = b->prev;
        free(b);
        b = prev;
    }
    /* Grow the first block to what the last round needed, so the next round fits. */
    if (needed > arena->first->size) {
        size_t size = arena->first->size;
        while (size < needed)
            size *= 2;
        free(arena->first);
        arena->first = block_new(size, NULL);
    }
    arena->head = arena->first;
    arena->head->used = 0;
    arena->n_bytes = 0;
}

void *arena_alloc(Arena *arena, size_t size) {
    size_t aligned = (size + 15) & ~(size_t)15;
    ArenaBlock *b = arena->head;
    if (b->used + aligned > b->size) {
        size_t want = arena->block_size;
        while (want < aligned)
            want *= 2;
        b = arena->head = block_new(want, b);
    }
    void *p = b->data + b->used;
    b->used += aligned;
    arena->n_bytes += aligned;
    return p;
}

void *arena_zalloc(Arena *arena, size_t size) {
    void *p = arena_alloc(arena, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len) {
    char *p = arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(Arena *arena, const char *s) {
    return arena_strndup(arena, s, strlen(s));
}

char *arena_printf(Arena *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- aborting malloc wrappers ------------------------------------------------------ */

static void out_of_memory(size_t size) {
    fprintf(stderr, "sluice: out of memory (asked for %zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}
