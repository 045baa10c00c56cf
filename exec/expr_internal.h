/*
 * expr_internal.h - what the expression kernels share (private to exec/).
 *
 * A compiled expression is a tree of CExpr mirroring the bound ExprNode tree. Each
 * CExpr has a kernel chosen at compile time for its operator and argument types. A
 * kernel evaluates its arguments (so conditional kernels can evaluate a branch under a
 * narrower selection), then runs one tight loop over the selected rows, writing its
 * result at the same row indexes as the input (a vector is indexed by row, and only
 * the selected rows of it are meaningful).
 */
#ifndef EXEC_EXPR_INTERNAL_H
#define EXEC_EXPR_INTERNAL_H

#include "exec/exec.h"

typedef struct CExpr CExpr;

typedef struct EvalCtx {
    Batch *in;
    Arena *arena; /* where new strings go: the input batch's arena */
    Diag *diag;
    int64_t now_utc_ms;   /* CURRENT_TIMESTAMP for this batch */
    int64_t now_local_ms; /* LOCALTIMESTAMP for this batch */
} EvalCtx;

/*
 * Evaluates e over rows sel[0..n) (or rows 0..n-1 when sel is NULL) into e->out.
 * Returns 0, or -1 with ctx->diag set.
 */
typedef int (*Kernel)(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n);

struct CExpr {
    Kernel fn;
    const ExprNode *node;
    SqlType type;
    Vector out;
    int n_args;
    CExpr **args;
    int64_t iparam[4]; /* kernel parameters fixed at compile time (scales, factors) */
    void *aux;         /* kernel-specific compiled state (a LIKE pattern, ...) */
    void (*free_aux)(void *aux);
    uint16_t *scratch; /* 3 * BATCH_CAPACITY selection indexes for conditional kernels */
};

/* Evaluates every argument of e under the same selection. */
int expr_eval_args(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n);
/* e->out.validity = AND of its arguments' validity (NULL when all are all-valid). */
void expr_combine_validity(CExpr *e);
/* Copies the selected rows' values and NULLs from src into dst (same physical type). */
void expr_copy_rows(Vector *dst, const Vector *src, const uint16_t *sel, uint32_t n);
/* Runtime error at the node's SQL position. */
int expr_error(CExpr *e, EvalCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- strings ---------------------------------------------------------------------- */

/* Where a kernel writes the strings it makes: arena blocks carved without alignment,
 * so that no row costs an allocation of its own. */
typedef struct StrOut {
    Arena *arena;
    char *cur;
    size_t left;
} StrOut;

#define STROUT_BLOCK 8192

/* Room for at least `need` bytes; commit what was used with so_commit. */
static inline char *so_reserve(StrOut *so, size_t need) {
    if (so->left < need) {
        size_t size = need > STROUT_BLOCK ? need : STROUT_BLOCK;
        so->cur = arena_alloc(so->arena, size);
        so->left = size;
    }
    return so->cur;
}

static inline void so_commit(StrOut *so, size_t used) {
    so->cur += used;
    so->left -= used;
}

/* Bytes in the UTF-8 character that starts with byte b (1 for a byte that cannot start
 * one), as Flink's numBytesForFirstByte; callers clamp it to what is left. */
static inline uint32_t utf8_step(unsigned char b) {
    if (b < 0xC0)
        return 1;
    if (b < 0xE0)
        return 2;
    if (b < 0xF0)
        return 3;
    if (b < 0xF8)
        return 4;
    return 1;
}

/* Bytes of the character at s[i], clamped to the n - i left. */
static inline uint32_t char_len_at(const char *s, uint32_t i, uint32_t n) {
    uint32_t step = utf8_step((unsigned char)s[i]);
    return step <= n - i ? step : n - i;
}

/* Whether argument `arg` of e's node is a constant, and whether that constant is NULL. */
static inline bool is_const(const CExpr *e, int arg) {
    return e->node->args[arg]->op == EOP_CONST;
}

static inline bool const_is_null(const CExpr *e, int arg) {
    const ExprNode *a = e->node->args[arg];
    return a->is_null || a->type.id == TYPE_NULL;
}

/* Kernel choosers, one per family; each returns NULL when it has no kernel for the
 * node's types (expr_compile then reports "not supported yet"). They may fill
 * iparam/aux. */
Kernel expr_kernel_arith(CExpr *e);   /* expr_arith.c: + - * / MOD NEG, time +/- */
Kernel expr_kernel_compare(CExpr *e); /* expr_arith.c: = <> < <= > >= IS [NOT] DISTINCT */
Kernel expr_kernel_cast(CExpr *e);    /* expr_cast.c */
Kernel expr_kernel_func(CExpr *e);    /* expr_func.c: string, number and time functions */
Kernel expr_kernel_regex(CExpr *e);   /* expr_regex.c: REGEXP_EXTRACT, REGEXP_REPLACE */

#define FOR_SEL(i_var, ...)                                                                        \
    do {                                                                                           \
        if (sel) {                                                                                 \
            for (uint32_t i_sel_ = 0; i_sel_ < n; i_sel_++) {                                      \
                uint32_t i_var = sel[i_sel_];                                                      \
                __VA_ARGS__;                                                                       \
            }                                                                                      \
        } else {                                                                                   \
            for (uint32_t i_var = 0; i_var < n; i_var++) {                                         \
                __VA_ARGS__;                                                                       \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* Defines a kernel of one argument: out[r] = EXPR, where EXPR reads a[r] (type TF) and
 * may use e; the result's NULLs are the argument's. */
#define DEFINE_UNARY_KERNEL(NAME, TF, TT, EXPR)                                                    \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const TF *a = e->args[0]->out.data;                                                        \
        TT *out = e->out.data;                                                                     \
        FOR_SEL(r, out[r] = EXPR);                                                                 \
        expr_combine_validity(e);                                                                  \
        return 0;                                                                                  \
    }

/* Wraps an integer to the bit width in e->iparam[0] (8, 16 or 32) as Java's narrowing
 * does: TINYINT and SMALLINT values live in int32 slots. */
#define NARROW(v)                                                                                  \
    ((int32_t)(e->iparam[0] == 8 ? (int8_t)(v) : e->iparam[0] == 16 ? (int16_t)(v) : (int32_t)(v)))

#endif /* EXEC_EXPR_INTERNAL_H */
