/*
 * expr_arith.c - arithmetic and comparison kernels.
 *
 * The binder has already cast both operands of a binary node to one type, so each
 * kernel here is for one physical type and one operator: a macro stamps out the loop
 * for every (operator, type) pair, and a table picks one at compile time.
 *
 * Integer arithmetic wraps on overflow, as Java's does in Flink (done on unsigned
 * values here, which C defines). Integer division or modulo by zero is an error, as in
 * Flink. DECIMAL values are int64 scaled by 10^scale; the binder casts both sides of
 * + and - to the result's scale, so those are plain additions checked against the
 * precision; * and / work in 128 bits and round half up to the result scale. A DECIMAL
 * result that does not fit its precision is NULL, as Flink's DecimalData gives.
 */
#include "exec/expr_internal.h"

#include <string.h>

/* ---- integer and floating arithmetic ---------------------------------------------- */

#define WRAP_ADD(T, U, a, b) ((T)((U)(a) + (U)(b)))
#define WRAP_SUB(T, U, a, b) ((T)((U)(a) - (U)(b)))
#define WRAP_MUL(T, U, a, b) ((T)((U)(a) * (U)(b)))

#define DEFINE_ARITH(NAME, T, EXPR)                                                                \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const T *a = e->args[0]->out.data;                                                         \
        const T *b = e->args[1]->out.data;                                                         \
        T *out = e->out.data;                                                                      \
        FOR_SEL(r, out[r] = EXPR);                                                                 \
        expr_combine_validity(e);                                                                  \
        return 0;                                                                                  \
    }

DEFINE_ARITH(k_add_i32, int32_t, WRAP_ADD(int32_t, uint32_t, a[r], b[r]))
DEFINE_ARITH(k_sub_i32, int32_t, WRAP_SUB(int32_t, uint32_t, a[r], b[r]))
DEFINE_ARITH(k_mul_i32, int32_t, WRAP_MUL(int32_t, uint32_t, a[r], b[r]))
DEFINE_ARITH(k_add_i64, int64_t, WRAP_ADD(int64_t, uint64_t, a[r], b[r]))
DEFINE_ARITH(k_sub_i64, int64_t, WRAP_SUB(int64_t, uint64_t, a[r], b[r]))
DEFINE_ARITH(k_mul_i64, int64_t, WRAP_MUL(int64_t, uint64_t, a[r], b[r]))
DEFINE_ARITH(k_add_f32, float, a[r] + b[r])
DEFINE_ARITH(k_sub_f32, float, a[r] - b[r])
DEFINE_ARITH(k_mul_f32, float, a[r] * b[r])
DEFINE_ARITH(k_div_f32, float, a[r] / b[r])
DEFINE_ARITH(k_add_f64, double, a[r] + b[r])
DEFINE_ARITH(k_sub_f64, double, a[r] - b[r])
DEFINE_ARITH(k_mul_f64, double, a[r] * b[r])
DEFINE_ARITH(k_div_f64, double, a[r] / b[r])

/* Division and modulo on integers: zero divisors on non-NULL rows are an error; the
 * one overflowing case (MIN / -1) wraps as Java's does. */
#define DEFINE_INT_DIV(NAME, T, MINV, IS_MOD)                                                      \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const T *a = e->args[0]->out.data;                                                         \
        const T *b = e->args[1]->out.data;                                                         \
        T *out = e->out.data;                                                                      \
        expr_combine_validity(e);                                                                  \
        const Vector *v = &e->out;                                                                 \
        FOR_SEL(r, {                                                                               \
            if (b[r] == 0) {                                                                       \
                if (!vec_is_null(v, r))                                                            \
                    return expr_error(e, ctx, "division by zero");                                 \
                out[r] = 0;                                                                        \
            } else if (b[r] == -1) {                                                               \
                out[r] = (IS_MOD) ? 0 : (a[r] == (MINV) ? a[r] : -a[r]);                           \
            } else {                                                                               \
                out[r] = (IS_MOD) ? a[r] % b[r] : a[r] / b[r];                                     \
            }                                                                                      \
        });                                                                                        \
        return 0;                                                                                  \
    }

DEFINE_INT_DIV(k_div_i32, int32_t, INT32_MIN, 0)
DEFINE_INT_DIV(k_mod_i32, int32_t, INT32_MIN, 1)
DEFINE_INT_DIV(k_div_i64, int64_t, INT64_MIN, 0)
DEFINE_INT_DIV(k_mod_i64, int64_t, INT64_MIN, 1)

DEFINE_UNARY_KERNEL(k_neg_i32, int32_t, int32_t, (int32_t)(0u - (uint32_t)a[r]))
DEFINE_UNARY_KERNEL(k_neg_i64, int64_t, int64_t, (int64_t)(0u - (uint64_t)a[r]))
DEFINE_UNARY_KERNEL(k_neg_f32, float, float, -a[r])
DEFINE_UNARY_KERNEL(k_neg_f64, double, double, -a[r])

/* ---- DECIMAL ----------------------------------------------------------------------- */

/* Divides by 10^shift rounding half away from zero (Java's HALF_UP). */
static __int128 round_shift(__int128 v, int shift) {
    if (shift <= 0)
        return v;
    __int128 p = 1;
    for (int i = 0; i < shift; i++)
        p *= 10;
    __int128 q = v / p, rem = v % p;
    if (rem < 0)
        rem = -rem;
    if (rem * 2 >= p)
        q += v < 0 ? -1 : 1;
    return q;
}

/* Stores v when it fits the precision, else makes the row NULL. */
static inline void dec_store(CExpr *e, int64_t *out, uint32_t r, __int128 v, int64_t limit) {
    if (v >= limit || v <= -limit) {
        out[r] = 0;
        vec_set_null(&e->out, r);
    } else {
        out[r] = (int64_t)v;
    }
}

/* iparam[0] = 10^precision of the result */
static int k_add_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data, limit = e->iparam[0];
    bool is_sub = e->node->op == EOP_SUB;
    expr_combine_validity(e);
    FOR_SEL(r, dec_store(e, out, r, is_sub ? (__int128)a[r] - b[r] : (__int128)a[r] + b[r], limit));
    return 0;
}

/* iparam[0] = 10^precision, iparam[1] = digits to drop: s1 + s2 - s */
static int k_mul_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data, limit = e->iparam[0];
    int shift = (int)e->iparam[1];
    expr_combine_validity(e);
    FOR_SEL(r, dec_store(e, out, r, round_shift((__int128)a[r] * b[r], shift), limit));
    return 0;
}

/* iparam[0] = 10^precision, iparam[1] = 10^(s + s2 - s1 + 1): the dividend is scaled
 * one digit further so the quotient can be rounded half up. */
static int k_div_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data, limit = e->iparam[0];
    __int128 scale_up = e->iparam[1];
    expr_combine_validity(e);
    FOR_SEL(r, {
        if (b[r] == 0) {
            if (!vec_is_null(&e->out, r))
                return expr_error(e, ctx, "division by zero");
            out[r] = 0;
        } else {
            dec_store(e, out, r, round_shift((__int128)a[r] * scale_up / b[r], 1), limit);
        }
    });
    return 0;
}

static int k_mod_dec(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data;
    expr_combine_validity(e);
    FOR_SEL(r, {
        if (b[r] == 0) {
            if (!vec_is_null(&e->out, r))
                return expr_error(e, ctx, "division by zero");
            out[r] = 0;
        } else {
            out[r] = a[r] % b[r];
        }
    });
    return 0;
}

/* ---- time arithmetic --------------------------------------------------------------- */

/* TIMESTAMP +/- INTERVAL DAY TO SECOND (ms): iparam[0] = +1 or -1 */
static int k_ts_add_ms(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data, sign = e->iparam[0];
    FOR_SEL(r, out[r] = WRAP_ADD(int64_t, uint64_t, a[r], sign * b[r]));
    expr_combine_validity(e);
    return 0;
}

/* DATE +/- INTERVAL: whole days of the interval */
static int k_date_add_ms(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int32_t *a = e->args[0]->out.data;
    const int64_t *b = e->args[1]->out.data;
    int32_t *out = e->out.data;
    int64_t sign = e->iparam[0];
    FOR_SEL(r, out[r] = (int32_t)(a[r] + sign * (b[r] / MS_PER_DAY)));
    expr_combine_validity(e);
    return 0;
}

static int k_ts_add_months(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int64_t *a = e->args[0]->out.data, *b = e->args[1]->out.data;
    int64_t *out = e->out.data, sign = e->iparam[0];
    FOR_SEL(r, out[r] = time_add_months(a[r], sign * b[r]));
    expr_combine_validity(e);
    return 0;
}

static int k_date_add_months(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const int32_t *a = e->args[0]->out.data;
    const int64_t *b = e->args[1]->out.data;
    int32_t *out = e->out.data;
    int64_t sign = e->iparam[0];
    FOR_SEL(r, out[r] = (int32_t)(time_add_months(a[r] * MS_PER_DAY, sign * b[r]) / MS_PER_DAY));
    expr_combine_validity(e);
    return 0;
}

static int64_t pow10_i64(int n) {
    int64_t p = 1;
    for (int i = 0; i < n && i < 18; i++)
        p *= 10;
    return p;
}

/* TINYINT and SMALLINT are computed as INT, then wrapped to their width as Java's
 * (byte) and (short) casts do: 127 + 1 = -128. aux = the INT kernel, iparam[3] = bits. */
static int k_narrow_small(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    Kernel inner = (Kernel)e->aux;
    if (inner(e, ctx, sel, n) < 0)
        return -1;
    int32_t *out = e->out.data;
    if (e->iparam[3] == 8)
        FOR_SEL(r, out[r] = (int8_t)out[r]);
    else
        FOR_SEL(r, out[r] = (int16_t)out[r]);
    return 0;
}

static Kernel small_int_kernel(ExprOp op) {
    switch (op) {
        case EOP_ADD:
            return k_add_i32;
        case EOP_SUB:
            return k_sub_i32;
        case EOP_MUL:
            return k_mul_i32;
        case EOP_DIV:
            return k_div_i32;
        case EOP_MOD:
            return k_mod_i32;
        case EOP_NEG:
            return k_neg_i32;
        default:
            return NULL;
    }
}

Kernel expr_kernel_arith(CExpr *e) {
    const ExprNode *node = e->node;
    ExprOp op = node->op;
    if (op == EOP_TS_ADD_INTERVAL || op == EOP_TS_SUB_INTERVAL) {
        e->iparam[0] = op == EOP_TS_ADD_INTERVAL ? 1 : -1;
        TypeId t = node->args[0]->type.id, iv = node->args[1]->type.id;
        bool is_date = t == TYPE_DATE;
        if (iv == TYPE_INTERVAL_DT)
            return is_date ? k_date_add_ms : k_ts_add_ms;
        if (iv == TYPE_INTERVAL_YM)
            return is_date ? k_date_add_months : k_ts_add_months;
        return NULL;
    }
    TypeId t = node->type.id;
    if (t == TYPE_TINYINT || t == TYPE_SMALLINT) {
        Kernel inner = small_int_kernel(op);
        if (!inner)
            return NULL;
        e->aux = (void *)inner;
        e->iparam[3] = t == TYPE_TINYINT ? 8 : 16;
        return k_narrow_small;
    }
    if (op == EOP_NEG) {
        if (t == TYPE_INTERVAL_DT || t == TYPE_INTERVAL_YM || t == TYPE_DECIMAL)
            return k_neg_i64;
        switch (phys_of(t)) {
            case PHYS_I32:
                return k_neg_i32;
            case PHYS_I64:
                return k_neg_i64;
            case PHYS_F32:
                return k_neg_f32;
            case PHYS_F64:
                return k_neg_f64;
            default:
                return NULL;
        }
    }
    if (t == TYPE_DECIMAL) {
        int p = node->type.precision, s = node->type.scale;
        int s1 = node->args[0]->type.scale, s2 = node->args[1]->type.scale;
        e->iparam[0] = pow10_i64(p); /* 10^18 for p = 18, which fits an int64 */
        switch (op) {
            case EOP_ADD:
            case EOP_SUB:
                return s1 == s && s2 == s ? k_add_dec : NULL;
            case EOP_MUL:
                e->iparam[1] = s1 + s2 - s;
                return e->iparam[1] >= 0 ? k_mul_dec : NULL;
            case EOP_DIV:
                if (s + s2 - s1 + 1 < 0 || s + s2 - s1 + 1 > 18)
                    return NULL;
                e->iparam[1] = pow10_i64(s + s2 - s1 + 1);
                return k_div_dec;
            case EOP_MOD:
                return s1 == s && s2 == s ? k_mod_dec : NULL;
            default:
                return NULL;
        }
    }
    if (t == TYPE_INTERVAL_DT || t == TYPE_INTERVAL_YM) {
        if (op == EOP_ADD)
            return k_add_i64;
        if (op == EOP_SUB)
            return k_sub_i64;
        if (op == EOP_MUL)
            return k_mul_i64; /* by a BIGINT */
        if (op == EOP_DIV)
            return k_div_i64;
        return NULL;
    }
    switch (phys_of(t)) {
        case PHYS_I32:
            switch (op) {
                case EOP_ADD:
                    return k_add_i32;
                case EOP_SUB:
                    return k_sub_i32;
                case EOP_MUL:
                    return k_mul_i32;
                case EOP_DIV:
                    return k_div_i32;
                case EOP_MOD:
                    return k_mod_i32;
                default:
                    return NULL;
            }
        case PHYS_I64:
            if (t != TYPE_BIGINT)
                return NULL;
            switch (op) {
                case EOP_ADD:
                    return k_add_i64;
                case EOP_SUB:
                    return k_sub_i64;
                case EOP_MUL:
                    return k_mul_i64;
                case EOP_DIV:
                    return k_div_i64;
                case EOP_MOD:
                    return k_mod_i64;
                default:
                    return NULL;
            }
        case PHYS_F32:
            switch (op) {
                case EOP_ADD:
                    return k_add_f32;
                case EOP_SUB:
                    return k_sub_f32;
                case EOP_MUL:
                    return k_mul_f32;
                case EOP_DIV:
                    return k_div_f32;
                default:
                    return NULL;
            }
        case PHYS_F64:
            switch (op) {
                case EOP_ADD:
                    return k_add_f64;
                case EOP_SUB:
                    return k_sub_f64;
                case EOP_MUL:
                    return k_mul_f64;
                case EOP_DIV:
                    return k_div_f64;
                default:
                    return NULL;
            }
        default:
            return NULL;
    }
}

/* ---- comparison -------------------------------------------------------------------- */

static inline int str_cmp(StrRef a, StrRef b) {
    uint32_t m = a.len < b.len ? a.len : b.len;
    int c = m ? memcmp(a.ptr, b.ptr, m) : 0;
    if (c)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

#define CMP_NUM(a, b) (((a) > (b)) - ((a) < (b)))

#define DEFINE_CMP(NAME, T, CMP, PRED)                                                             \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const T *a = e->args[0]->out.data;                                                         \
        const T *b = e->args[1]->out.data;                                                         \
        uint8_t *out = e->out.data;                                                                \
        FOR_SEL(r, out[r] = (CMP(a[r], b[r]))PRED 0);                                              \
        expr_combine_validity(e);                                                                  \
        return 0;                                                                                  \
    }

#define DEFINE_CMP_SET(SUFFIX, T, CMP)                                                             \
    DEFINE_CMP(k_eq_##SUFFIX, T, CMP, ==)                                                          \
    DEFINE_CMP(k_ne_##SUFFIX, T, CMP, !=)                                                          \
    DEFINE_CMP(k_lt_##SUFFIX, T, CMP, <)                                                           \
    DEFINE_CMP(k_le_##SUFFIX, T, CMP, <=)                                                          \
    DEFINE_CMP(k_gt_##SUFFIX, T, CMP, >)                                                           \
    DEFINE_CMP(k_ge_##SUFFIX, T, CMP, >=)                                                          \
    static const Kernel CMP_##SUFFIX[6] = {k_eq_##SUFFIX, k_ne_##SUFFIX, k_lt_##SUFFIX,            \
                                           k_le_##SUFFIX, k_gt_##SUFFIX, k_ge_##SUFFIX};

DEFINE_CMP_SET(u8, uint8_t, CMP_NUM)
DEFINE_CMP_SET(i32, int32_t, CMP_NUM)
DEFINE_CMP_SET(i64, int64_t, CMP_NUM)
DEFINE_CMP_SET(f32, float, CMP_NUM)
DEFINE_CMP_SET(f64, double, CMP_NUM)
DEFINE_CMP_SET(str, StrRef, str_cmp)

/* IS [NOT] DISTINCT FROM: two NULLs are not distinct; never NULL. iparam[0] = 1 for
 * IS DISTINCT. Values are compared through the EQ kernel's result. */
static int k_distinct(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    Kernel eq = (Kernel)e->aux;
    if (eq(e, ctx, sel, n) < 0)
        return -1;
    uint8_t *out = e->out.data;
    const Vector *a = &e->args[0]->out, *b = &e->args[1]->out;
    bool want_distinct = e->iparam[0] != 0;
    FOR_SEL(r, {
        bool an = vec_is_null(a, r), bn = vec_is_null(b, r);
        bool same = (an && bn) || (!an && !bn && out[r]);
        out[r] = want_distinct ? !same : same;
    });
    e->out.validity = NULL;
    return 0;
}

Kernel expr_kernel_compare(CExpr *e) {
    const ExprNode *node = e->node;
    const Kernel *set;
    switch (phys_of(node->args[0]->type.id)) {
        case PHYS_U8:
            set = CMP_u8;
            break;
        case PHYS_I32:
            set = CMP_i32;
            break;
        case PHYS_I64:
            set = CMP_i64;
            break;
        case PHYS_F32:
            set = CMP_f32;
            break;
        case PHYS_F64:
            set = CMP_f64;
            break;
        case PHYS_STR:
            set = CMP_str;
            break;
        default:
            return NULL;
    }
    if (phys_of(node->args[1]->type.id) != phys_of(node->args[0]->type.id))
        return NULL;
    switch (node->op) {
        case EOP_EQ:
            return set[0];
        case EOP_NE:
            return set[1];
        case EOP_LT:
            return set[2];
        case EOP_LE:
            return set[3];
        case EOP_GT:
            return set[4];
        case EOP_GE:
            return set[5];
        case EOP_IS_DISTINCT:
        case EOP_IS_NOT_DISTINCT:
            e->aux = (void *)set[0];
            e->iparam[0] = node->op == EOP_IS_DISTINCT;
            return k_distinct;
        default:
            return NULL;
    }
}
