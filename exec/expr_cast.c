/*
 * expr_cast.c - CAST between types.
 *
 * Numeric conversions follow Java's as Flink uses them: integer narrowing wraps,
 * floating to integer truncates toward zero and saturates (NaN becomes 0), DECIMAL to
 * integer truncates, anything to DECIMAL rounds half up and gives NULL when the value
 * does not fit the precision. A string is parsed with the type's text form
 * (type_parse_value); a string that does not parse is an error, or NULL under
 * TRY_CAST. Anything cast to a string gets the text Flink's CAST gives (FORMAT_SQL).
 */
#include "exec/expr_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int k_cast_alias(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    e->out.data = e->args[0]->out.data;
    e->out.validity = e->args[0]->out.validity;
    return 0;
}

/* A NULL literal cast to a type: every row NULL (its own vector, of the target's width). */
static int k_cast_null(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    (void)ctx;
    (void)sel;
    (void)n;
    e->out.validity = e->out.valid_buf;
    memset(e->out.validity, 0, BATCH_WORDS * sizeof(uint64_t));
    return 0;
}

/* ---- numbers ----------------------------------------------------------------------- */

static inline int32_t d2i(double d) {
    if (d != d)
        return 0;
    if (d >= 2147483647.0)
        return INT32_MAX;
    if (d <= -2147483648.0)
        return INT32_MIN;
    return (int32_t)d;
}

DEFINE_UNARY_KERNEL(k_i32_to_i32, int32_t, int32_t, NARROW(a[r]))
DEFINE_UNARY_KERNEL(k_i64_to_i32, int64_t, int32_t, NARROW(a[r]))
DEFINE_UNARY_KERNEL(k_f32_to_i32, float, int32_t, NARROW(d2i(a[r])))
DEFINE_UNARY_KERNEL(k_f64_to_i32, double, int32_t, NARROW(d2i(a[r])))
DEFINE_UNARY_KERNEL(k_i32_to_i64, int32_t, int64_t, a[r])
DEFINE_UNARY_KERNEL(k_f32_to_i64, float, int64_t, java_double_to_long(a[r]))
DEFINE_UNARY_KERNEL(k_f64_to_i64, double, int64_t, java_double_to_long(a[r]))
DEFINE_UNARY_KERNEL(k_i32_to_f32, int32_t, float, (float)a[r])
DEFINE_UNARY_KERNEL(k_i64_to_f32, int64_t, float, (float)a[r])
DEFINE_UNARY_KERNEL(k_f64_to_f32, double, float, (float)a[r])
DEFINE_UNARY_KERNEL(k_i32_to_f64, int32_t, double, a[r])
DEFINE_UNARY_KERNEL(k_i64_to_f64, int64_t, double, (double)a[r])
DEFINE_UNARY_KERNEL(k_f32_to_f64, float, double, a[r])
DEFINE_UNARY_KERNEL(k_u8_to_i32, uint8_t, int32_t, a[r] != 0)
DEFINE_UNARY_KERNEL(k_u8_to_i64, uint8_t, int64_t, a[r] != 0)
DEFINE_UNARY_KERNEL(k_i32_to_u8, int32_t, uint8_t, a[r] != 0)
DEFINE_UNARY_KERNEL(k_i64_to_u8, int64_t, uint8_t, a[r] != 0)
/* DECIMAL (iparam[1] = 10^scale of the source) to integers and floating */
DEFINE_UNARY_KERNEL(k_dec_to_i64, int64_t, int64_t, a[r] / e->iparam[1])
DEFINE_UNARY_KERNEL(k_dec_to_i32, int64_t, int32_t, NARROW(a[r] / e->iparam[1]))
DEFINE_UNARY_KERNEL(k_dec_to_f64, int64_t, double, (double)a[r] / (double)e->iparam[1])
DEFINE_UNARY_KERNEL(k_dec_to_f32, int64_t, float, (float)((double)a[r] / (double)e->iparam[1]))
/* TIMESTAMP <-> DATE, TIMESTAMP precision */
DEFINE_UNARY_KERNEL(k_time_to_ts, int32_t, int64_t, (int64_t)a[r])
DEFINE_UNARY_KERNEL(k_ts_to_date, int64_t, int32_t, (int32_t)time_floor_div(a[r], MS_PER_DAY))
DEFINE_UNARY_KERNEL(k_date_to_ts, int32_t, int64_t, (int64_t)a[r] * MS_PER_DAY)
DEFINE_UNARY_KERNEL(k_ts_to_time, int64_t, int32_t, (int32_t)time_floor_mod(a[r], MS_PER_DAY))
DEFINE_UNARY_KERNEL(k_ts_truncate, int64_t, int64_t, a[r] - time_floor_mod(a[r], e->iparam[1]))

/* To DECIMAL: iparam[0] = 10^precision (the bound), iparam[1] = factor to multiply by
 * (integers, or DECIMAL with a larger target scale) or iparam[2] = 10^digits to drop. */
static inline void dec_put(CExpr *e, int64_t *out, uint32_t r, __int128 v) {
    if (v >= e->iparam[0] || v <= -e->iparam[0]) {
        out[r] = 0;
        vec_set_null(&e->out, r);
    } else {
        out[r] = (int64_t)v;
    }
}

#define DEFINE_TO_DEC(NAME, TF, VALUE)                                                             \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const TF *a = e->args[0]->out.data;                                                        \
        int64_t *out = e->out.data;                                                                \
        expr_combine_validity(e);                                                                  \
        FOR_SEL(r, dec_put(e, out, r, VALUE));                                                     \
        return 0;                                                                                  \
    }

static inline __int128 dec_down(__int128 v, int64_t p) {
    __int128 q = v / p, rem = v % p;
    if (rem < 0)
        rem = -rem;
    if (rem * 2 >= p)
        q += v < 0 ? -1 : 1;
    return q;
}

static inline int64_t pow10_i64_cast(int n) {
    int64_t p = 1;
    for (int i = 0; i < n; i++)
        p *= 10;
    return p;
}

#define DEC_OUT_OF_RANGE ((__int128)1 << 100) /* out of any precision: NULL */

/*
 * d * 10^scale rounded HALF_UP, the way Flink's DecimalDataUtils.castFrom(double) does
 * it: BigDecimal.valueOf(d) - the digits Double.toString prints (fmt_double_java) - set
 * to the scale. So CAST(1.005 AS DECIMAL(3, 2)) is 1.01, not the 1.00 that rounding the
 * binary value 1.00499999... would give.
 */
static __int128 double_to_scaled_exact(double d, int scale) {
    char sig[32];
    int point;
    bool neg;
    int n_sig = fmt_double_java_digits(d, sig, &point, &neg);
    /* d = 0.sig * 10^point; keep the digits above 10^-scale */
    long keep = (long)point + scale;
    if (keep > 36)
        return DEC_OUT_OF_RANGE;
    __int128 v = 0;
    for (long i = 0; i < keep; i++)
        v = v * 10 + (i < n_sig ? sig[i] - '0' : 0);
    if (keep >= 0 && keep < n_sig && sig[keep] >= '5')
        v++;
    return neg ? -v : v;
}

static inline __int128 double_to_scaled(double d, int scale) {
    if (!isfinite(d))
        return DEC_OUT_OF_RANGE;
    /* Fast path: far from a tie, rounding the scaled binary value gives the same. */
    if (scale >= 0 && scale <= 18) {
        double scaled = d * (double)pow10_i64_cast(scale);
        double ax = fabs(scaled);
        if (ax < 4503599627370496.0) { /* 2^52 */
            double frac = ax - floor(ax);
            if (fabs(frac - 0.5) > ax * 1e-15 + 1e-300)
                return (__int128)round(scaled);
        }
    }
    return double_to_scaled_exact(d, scale);
}

DEFINE_TO_DEC(k_i32_to_dec, int32_t, (__int128)a[r] * e->iparam[1])
DEFINE_TO_DEC(k_i64_to_dec, int64_t, (__int128)a[r] * e->iparam[1])
DEFINE_TO_DEC(k_dec_up, int64_t, (__int128)a[r] * e->iparam[1])
DEFINE_TO_DEC(k_dec_down, int64_t, dec_down(a[r], e->iparam[2]))
/* FLOAT and DOUBLE to DECIMAL: NaN and the infinities have no decimal value, and Flink's
 * BigDecimal.valueOf fails on them, so they are an error rather than NULL. */
#define DEFINE_FLOAT_TO_DEC(NAME, TF)                                                              \
    static int NAME(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {                     \
        if (expr_eval_args(e, ctx, sel, n) < 0)                                                    \
            return -1;                                                                             \
        const TF *a = e->args[0]->out.data;                                                        \
        int64_t *out = e->out.data;                                                                \
        expr_combine_validity(e);                                                                  \
        FOR_SEL(r, {                                                                               \
            if (!isfinite(a[r]) && !vec_is_null(&e->out, r)) {                                     \
                char text[32];                                                                     \
                fmt_double_java(a[r], text);                                                       \
                return expr_error(e, ctx, "cannot cast %s to DECIMAL(%d, %d)", text,               \
                                  e->type.precision, e->type.scale);                               \
            }                                                                                      \
            dec_put(e, out, r, double_to_scaled(a[r], (int)e->iparam[3]));                         \
        });                                                                                        \
        return 0;                                                                                  \
    }

DEFINE_FLOAT_TO_DEC(k_f64_to_dec, double)
DEFINE_FLOAT_TO_DEC(k_f32_to_dec, float)

/* ---- strings ----------------------------------------------------------------------- */

/*
 * Fits a string to CHAR(n) or VARCHAR(n) as Flink's cast does: at most n characters, and
 * for CHAR(n) padded with spaces to exactly n (the padded copy goes into the arena).
 */
static StrRef fit_string(EvalCtx *ctx, StrRef v, uint32_t max_chars, bool pad) {
    uint32_t chars = 0, i = 0;
    while (i < v.len && chars < max_chars) {
        i++;
        while (i < v.len && ((unsigned char)v.ptr[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    v.len = i;
    if (pad && chars < max_chars) {
        uint32_t extra = max_chars - chars;
        char *p = arena_alloc(ctx->arena, (size_t)v.len + extra);
        if (v.len)
            memcpy(p, v.ptr, v.len);
        memset(p + v.len, ' ', extra);
        v.ptr = p;
        v.len += extra;
    }
    return v;
}

/* Anything to a string: the value's SQL text, copied into the batch's arena. */
static int k_to_string(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const Vector *a = &e->args[0]->out;
    const SqlType *from = &e->args[0]->type;
    size_t width = type_width(from->id);
    StrRef *out = e->out.data;
    int32_t max_len = e->type.precision;
    StrBuf sb;
    sb_init(&sb);
    FOR_SEL(r, {
        if (vec_is_null(a, r)) {
            out[r].ptr = "";
            out[r].len = 0;
            continue;
        }
        sb_clear(&sb);
        type_format_value(from, (const char *)a->data + (size_t)r * width, FORMAT_SQL, &sb);
        StrRef v = {arena_strndup(ctx->arena, sb_cstr(&sb), sb.len), (uint32_t)sb.len};
        out[r] = fit_string(ctx, v, (uint32_t)max_len, e->type.id == TYPE_CHAR);
    });
    sb_free(&sb);
    expr_combine_validity(e);
    return 0;
}

/*
 * Flink's string-to-integer cast (BinaryStringDataUtil.toInt/toLong) accepts a fraction
 * and drops it: '1.5' is 1, '-2.' is -2, as long as only digits follow the point. When
 * the plain parse fails, parse the part before the point that way.
 */
static bool parse_integer_with_fraction(const SqlType *t, const char *p, uint32_t len, void *out) {
    uint32_t dot = 0;
    while (dot < len && p[dot] != '.')
        dot++;
    if (dot == len)
        return false;
    for (uint32_t i = dot + 1; i < len; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    uint32_t digits = 0;
    for (uint32_t i = 0; i < dot; i++)
        if (p[i] >= '0' && p[i] <= '9')
            digits++;
    if (digits == 0) {
        /* '.5' or '-.5': Flink's loop stops at the point with nothing read: 0 */
        uint32_t i = 0;
        while (i < dot && p[i] == ' ')
            i++;
        if (i < dot && (p[i] == '-' || p[i] == '+'))
            i++;
        while (i < dot && p[i] == ' ')
            i++;
        return i == dot && type_parse_value(t, "0", 1, out);
    }
    return type_parse_value(t, p, dot, out);
}

/* A string to any other type, through its text form. */
static int k_from_string(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const Vector *a = &e->args[0]->out;
    const StrRef *s = a->data;
    size_t width = type_width(e->type.id);
    char *out = e->out.data;
    expr_combine_validity(e);
    FOR_SEL(r, {
        if (vec_is_null(a, r))
            continue;
        if (!type_parse_value(&e->type, s[r].ptr, s[r].len, out + (size_t)r * width) &&
            !(type_info(e->type.id)->is_integer &&
              parse_integer_with_fraction(&e->type, s[r].ptr, s[r].len, out + (size_t)r * width))) {
            if (e->node->is_try) {
                memset(out + (size_t)r * width, 0, width);
                vec_set_null(&e->out, r);
                continue;
            }
            StrBuf tn;
            sb_init(&tn);
            SqlType target = e->type;
            target.not_null = false;
            type_to_string(&target, &tn);
            int len = s[r].len > 60 ? 60 : (int)s[r].len;
            expr_error(e, ctx, "cannot cast '%.*s%s' to %s", len, s[r].ptr,
                       s[r].len > 60 ? "..." : "", sb_cstr(&tn));
            sb_free(&tn);
            return -1;
        }
    });
    return 0;
}

/* A string to a CHAR(n) or a shorter VARCHAR(n). */
static int k_str_fit(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const Vector *a = &e->args[0]->out;
    const StrRef *in = a->data;
    StrRef *out = e->out.data;
    uint32_t max_chars = (uint32_t)e->type.precision;
    bool pad = e->type.id == TYPE_CHAR;
    FOR_SEL(r, out[r] = vec_is_null(a, r) ? in[r] : fit_string(ctx, in[r], max_chars, pad));
    expr_combine_validity(e);
    return 0;
}

/* ---- choosing ---------------------------------------------------------------------- */

static int64_t pow10_of(int n) {
    int64_t p = 1;
    for (int i = 0; i < n && i < 18; i++)
        p *= 10;
    return p;
}

static int narrow_bits(TypeId t) {
    return t == TYPE_TINYINT ? 8 : t == TYPE_SMALLINT ? 16 : 32;
}

Kernel expr_kernel_cast(CExpr *e) {
    const SqlType *from = &e->node->args[0]->type, *to = &e->node->type;
    TypeId f = from->id, t = to->id;
    const TypeInfo *fi = type_info(f), *ti = type_info(t);
    if (f == TYPE_NULL)
        return k_cast_null;
    if (type_equal(from, to))
        return k_cast_alias;
    if (ti->is_string) {
        if (fi->is_string)
            return t == TYPE_VARCHAR && to->precision >= from->precision ? k_cast_alias : k_str_fit;
        return k_to_string;
    }
    if (fi->is_string)
        return k_from_string;
    if (t == TYPE_DECIMAL) {
        e->iparam[0] = to->precision >= 18 ? INT64_MAX : pow10_of(to->precision);
        if (f == TYPE_DECIMAL) {
            if (to->scale >= from->scale) {
                e->iparam[1] = pow10_of(to->scale - from->scale);
                return k_dec_up;
            }
            e->iparam[2] = pow10_of(from->scale - to->scale);
            return k_dec_down;
        }
        e->iparam[1] = pow10_of(to->scale);
        e->iparam[3] = to->scale;
        switch (phys_of(f)) {
            case PHYS_I32:
                return fi->is_integer ? k_i32_to_dec : NULL;
            case PHYS_I64:
                return f == TYPE_BIGINT ? k_i64_to_dec : NULL;
            case PHYS_F32:
                return k_f32_to_dec;
            case PHYS_F64:
                return k_f64_to_dec;
            default:
                return NULL;
        }
    }
    if (f == TYPE_DECIMAL) {
        e->iparam[0] = narrow_bits(t);
        e->iparam[1] = pow10_of(from->scale);
        if (ti->is_integer)
            return t == TYPE_BIGINT ? k_dec_to_i64 : k_dec_to_i32;
        if (t == TYPE_DOUBLE)
            return k_dec_to_f64;
        if (t == TYPE_FLOAT)
            return k_dec_to_f32;
        return NULL;
    }
    if (ti->is_integer || t == TYPE_FLOAT || t == TYPE_DOUBLE || t == TYPE_BOOLEAN) {
        bool from_num = fi->is_numeric || f == TYPE_BOOLEAN;
        if (!from_num)
            return NULL;
        Phys pf = phys_of(f);
        e->iparam[0] = narrow_bits(t);
        if (t == TYPE_BOOLEAN)
            return pf == PHYS_I32 ? k_i32_to_u8 : pf == PHYS_I64 ? k_i64_to_u8 : NULL;
        if (t == TYPE_BIGINT) {
            switch (pf) {
                case PHYS_U8:
                    return k_u8_to_i64;
                case PHYS_I32:
                    return k_i32_to_i64;
                case PHYS_F32:
                    return k_f32_to_i64;
                case PHYS_F64:
                    return k_f64_to_i64;
                default:
                    return NULL;
            }
        }
        if (ti->is_integer) {
            switch (pf) {
                case PHYS_U8:
                    return k_u8_to_i32;
                case PHYS_I32:
                    return k_i32_to_i32;
                case PHYS_I64:
                    return k_i64_to_i32;
                case PHYS_F32:
                    return k_f32_to_i32;
                case PHYS_F64:
                    return k_f64_to_i32;
                default:
                    return NULL;
            }
        }
        if (t == TYPE_FLOAT) {
            switch (pf) {
                case PHYS_I32:
                    return k_i32_to_f32;
                case PHYS_I64:
                    return k_i64_to_f32;
                case PHYS_F64:
                    return k_f64_to_f32;
                default:
                    return NULL;
            }
        }
        switch (pf) { /* DOUBLE */
            case PHYS_I32:
                return k_i32_to_f64;
            case PHYS_I64:
                return k_i64_to_f64;
            case PHYS_F32:
                return k_f32_to_f64;
            default:
                return NULL;
        }
    }
    if (f == TYPE_BIGINT && t == TYPE_INTERVAL_DT)
        return k_cast_alias; /* milliseconds either way */
    if (f == TYPE_TIME && t == TYPE_TIMESTAMP)
        return k_time_to_ts; /* the time of day on 1970-01-01 */
    if ((f == TYPE_TIMESTAMP || f == TYPE_TIMESTAMP_LTZ) && t == TYPE_DATE)
        return k_ts_to_date;
    if ((f == TYPE_TIMESTAMP || f == TYPE_TIMESTAMP_LTZ) && t == TYPE_TIME)
        return k_ts_to_time;
    if (f == TYPE_DATE && (t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMP_LTZ))
        return k_date_to_ts;
    if ((f == TYPE_TIMESTAMP || f == TYPE_TIMESTAMP_LTZ) &&
        (t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMP_LTZ)) {
        /* LTZ and TIMESTAMP share the instant here: the session zone is UTC for
         * conversions (see docs/sql.md). Lower precision truncates. */
        if (to->precision >= 3)
            return k_cast_alias;
        e->iparam[1] = to->precision == 0 ? 1000 : to->precision == 1 ? 100 : 10;
        return k_ts_truncate;
    }
    return NULL;
}
