/*
 * test_expr.c - compiled expressions over batches: the logic and conditional kernels
 * (three-valued logic, short-circuits, CASE, COALESCE), arithmetic and comparison,
 * casts, filtering a selection, the built-in functions of expr_func.c, and the regular
 * expressions of regex.c and expr_regex.c.
 *
 * Each test builds bound ExprNode trees by hand over a small batch (with NULLs and,
 * where it matters, a selection vector), compiles them with expr_compile and checks
 * the values and NULLs of the rows that are live.
 */
#include "exec/exec.h"
#include "exec/regex.h"

#include "tests/unit/unit.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

/* ---- fixture ----------------------------------------------------------------------- */

static Arena *g_arena;      /* the nodes */
static Batch *g_batch;      /* the input */
static ExprProgram *g_prog; /* the program last compiled (freed on the next) */
static Diag g_diag;

static void fixture_free(void) {
    expr_free(g_prog);
    g_prog = NULL;
    batch_free(g_batch);
    g_batch = NULL;
    arena_free(g_arena);
    g_arena = NULL;
}

/* A fresh batch with these column types and n_rows rows, all zero and valid. */
static void fixture(int n_cols, const SqlType *types, uint32_t n_rows) {
    fixture_free();
    g_arena = arena_new(4096);
    g_batch = batch_new(n_cols, types);
    g_batch->n_rows = n_rows;
    diag_init(&g_diag);
}

static SqlType T(TypeId id) {
    return type_make(id);
}

static void set_i32(int col, uint32_t row, int32_t v) {
    ((int32_t *)g_batch->cols[col].data)[row] = v;
}
static void set_i64(int col, uint32_t row, int64_t v) {
    ((int64_t *)g_batch->cols[col].data)[row] = v;
}
static void set_f64(int col, uint32_t row, double v) {
    ((double *)g_batch->cols[col].data)[row] = v;
}
static void set_bool(int col, uint32_t row, bool v) {
    ((uint8_t *)g_batch->cols[col].data)[row] = v;
}
static void set_str(int col, uint32_t row, const char *s) {
    StrRef *d = g_batch->cols[col].data;
    d[row].ptr = s;
    d[row].len = (uint32_t)strlen(s);
}
static void set_null_at(int col, uint32_t row) {
    vec_set_null(&g_batch->cols[col], row);
}
static int64_t ts(const char *s) {
    int64_t ms = 0;
    CU_ASSERT_TRUE(time_parse_timestamp(s, strlen(s), &ms));
    return ms;
}

/* ---- node builders ------------------------------------------------------------------ */

static ExprNode *col(int i) {
    return expr_column(g_arena, i, g_batch->cols[i].type);
}

static ExprNode *konst(SqlType t) {
    return expr_node_new(g_arena, EOP_CONST, t, 0);
}
static ExprNode *k_int(int32_t v) {
    ExprNode *e = konst(T(TYPE_INT));
    e->value.i32 = v;
    return e;
}
static ExprNode *k_bigint(int64_t v) {
    ExprNode *e = konst(T(TYPE_BIGINT));
    e->value.i64 = v;
    return e;
}
static ExprNode *k_double(double v) {
    ExprNode *e = konst(T(TYPE_DOUBLE));
    e->value.f64 = v;
    return e;
}
static ExprNode *k_bool(bool v) {
    ExprNode *e = konst(T(TYPE_BOOLEAN));
    e->value.b = v;
    return e;
}
static ExprNode *k_dec(int64_t unscaled, int p, int s) {
    ExprNode *e = konst(type_decimal(p, s));
    e->value.i64 = unscaled;
    return e;
}
static ExprNode *k_str(const char *s) {
    ExprNode *e = konst(type_string());
    e->value.str.ptr = s;
    e->value.str.len = (uint32_t)strlen(s);
    return e;
}
static ExprNode *k_null(SqlType t) {
    ExprNode *e = konst(t);
    e->is_null = true;
    return e;
}

/* An operator node of result type t over n arguments. */
static ExprNode *fn(ExprOp op, SqlType t, int n, ...) {
    ExprNode *e = expr_node_new(g_arena, op, t, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        e->args[i] = va_arg(ap, ExprNode *);
    va_end(ap);
    return e;
}
static ExprNode *op2(ExprOp op, ExprNode *a, ExprNode *b) {
    SqlType t = op >= EOP_EQ && op <= EOP_IS_NOT_FALSE ? T(TYPE_BOOLEAN) : a->type;
    return fn(op, t, 2, a, b);
}
static ExprNode *cast(ExprNode *a, SqlType t, bool is_try) {
    ExprNode *e = fn(EOP_CAST, t, 1, a);
    e->is_try = is_try;
    return e;
}

/* ---- running ------------------------------------------------------------------------ */

static ExprProgram *compile(const ExprNode *e) {
    expr_free(g_prog);
    SqlType types[8];
    for (int i = 0; i < g_batch->n_cols; i++)
        types[i] = g_batch->cols[i].type;
    diag_init(&g_diag);
    g_prog = expr_compile(e, g_batch->n_cols, types, &g_diag);
    return g_prog;
}

/* Evaluates e over the batch; NULL (and a failed assertion) on an error. */
static Vector *eval(const ExprNode *e) {
    if (!compile(e)) {
        fprintf(stderr, "\n  compile failed: %s", g_diag.msg);
        CU_FAIL("compile");
        return NULL;
    }
    Vector *out = NULL;
    if (expr_eval(g_prog, g_batch, &out, &g_diag) < 0) {
        fprintf(stderr, "\n  eval failed: %s", g_diag.msg);
        CU_FAIL("eval");
        return NULL;
    }
    return out;
}

/* Evaluates e expecting a runtime error; returns whether one came. */
static bool eval_fails(const ExprNode *e) {
    if (!compile(e))
        return false;
    Vector *out = NULL;
    return expr_eval(g_prog, g_batch, &out, &g_diag) < 0;
}

#define IS_NULL(v, r) ((v) && vec_is_null((v), (r)))
#define I32(v, r)     (((const int32_t *)(v)->data)[r])
#define I64(v, r)     (((const int64_t *)(v)->data)[r])
#define F32(v, r)     (((const float *)(v)->data)[r])
#define F64(v, r)     (((const double *)(v)->data)[r])
#define U8(v, r)      (((const uint8_t *)(v)->data)[r])

/* The row is a non-NULL string equal to want. */
static bool str_is(const Vector *v, uint32_t r, const char *want) {
    if (!v || vec_is_null(v, r))
        return false;
    StrRef s = ((const StrRef *)v->data)[r];
    bool ok = s.len == strlen(want) && (s.len == 0 || memcmp(s.ptr, want, s.len) == 0);
    if (!ok)
        fprintf(stderr, "\n  row %u: got \"%.*s\" want \"%s\"", r, (int)s.len, s.ptr, want);
    return ok;
}

/* Evaluates a one-row constant expression of string type; "<NULL>" for NULL. */
static bool str_expr_is(ExprNode *e, const char *want) {
    Vector *v = eval(e);
    if (!v)
        return false;
    if (vec_is_null(v, 0))
        return strcmp(want, "<NULL>") == 0;
    return str_is(v, 0, want);
}

/* 0/1 for a BOOLEAN row, 2 for NULL */
static int tri(const Vector *v, uint32_t r) {
    return vec_is_null(v, r) ? 2 : U8(v, r) != 0;
}

/* One row, one unused INT column: for constant expressions. */
static void one_row(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 1);
}

/* ---- logic ------------------------------------------------------------------------- */

/* Rows: a, b over {TRUE, FALSE, NULL} x {TRUE, FALSE, NULL}; 2 stands for NULL. */
static const int TRI_A[9] = {1, 1, 1, 0, 0, 0, 2, 2, 2};
static const int TRI_B[9] = {1, 0, 2, 1, 0, 2, 1, 0, 2};

static void tri_fixture(void) {
    SqlType t[2] = {T(TYPE_BOOLEAN), T(TYPE_BOOLEAN)};
    fixture(2, t, 9);
    for (uint32_t r = 0; r < 9; r++) {
        if (TRI_A[r] == 2)
            set_null_at(0, r);
        else
            set_bool(0, r, TRI_A[r]);
        if (TRI_B[r] == 2)
            set_null_at(1, r);
        else
            set_bool(1, r, TRI_B[r]);
    }
}

static void test_and_is_three_valued(void) {
    tri_fixture();
    static const int WANT[9] = {1, 0, 2, 0, 0, 0, 2, 0, 2};
    Vector *v = eval(op2(EOP_AND, col(0), col(1)));
    for (uint32_t r = 0; v && r < 9; r++)
        CU_ASSERT_EQUAL(tri(v, r), WANT[r]);
    fixture_free();
}

static void test_or_is_three_valued(void) {
    tri_fixture();
    static const int WANT[9] = {1, 1, 1, 1, 0, 2, 1, 2, 2};
    Vector *v = eval(op2(EOP_OR, col(0), col(1)));
    for (uint32_t r = 0; v && r < 9; r++)
        CU_ASSERT_EQUAL(tri(v, r), WANT[r]);
    fixture_free();
}

static void test_not_keeps_null(void) {
    tri_fixture();
    Vector *v = eval(fn(EOP_NOT, T(TYPE_BOOLEAN), 1, col(0)));
    for (uint32_t r = 0; v && r < 9; r++)
        CU_ASSERT_EQUAL(tri(v, r), TRI_A[r] == 2 ? 2 : !TRI_A[r]);
    fixture_free();
}

static void test_is_predicates_are_never_null(void) {
    tri_fixture();
    ExprOp ops[6] = {EOP_IS_NULL,     EOP_IS_NOT_NULL, EOP_IS_TRUE,
                     EOP_IS_NOT_TRUE, EOP_IS_FALSE,    EOP_IS_NOT_FALSE};
    for (int k = 0; k < 6; k++) {
        Vector *v = eval(fn(ops[k], T(TYPE_BOOLEAN), 1, col(0)));
        for (uint32_t r = 0; v && r < 9; r++) {
            int a = TRI_A[r];
            int want = ops[k] == EOP_IS_NULL       ? a == 2
                       : ops[k] == EOP_IS_NOT_NULL ? a != 2
                       : ops[k] == EOP_IS_TRUE     ? a == 1
                       : ops[k] == EOP_IS_NOT_TRUE ? a != 1
                       : ops[k] == EOP_IS_FALSE    ? a == 0
                                                   : a != 0;
            CU_ASSERT_EQUAL(tri(v, r), want);
        }
    }
    fixture_free();
}

static void test_is_distinct_from_treats_nulls_as_equal(void) {
    tri_fixture();
    Vector *v = eval(op2(EOP_IS_DISTINCT, col(0), col(1)));
    for (uint32_t r = 0; v && r < 9; r++)
        CU_ASSERT_EQUAL(tri(v, r), TRI_A[r] != TRI_B[r]);
    v = eval(op2(EOP_IS_NOT_DISTINCT, col(0), col(1)));
    for (uint32_t r = 0; v && r < 9; r++)
        CU_ASSERT_EQUAL(tri(v, r), TRI_A[r] == TRI_B[r]);
    fixture_free();
}

/* x <> 0 AND 10 / x > 1 must not divide by zero where x is 0; nor must OR's right side
 * run where the left is TRUE. */
static void test_and_or_short_circuit_skip_division_by_zero(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 5);
    int32_t xs[5] = {0, 5, 0, 2, 20};
    for (uint32_t r = 0; r < 5; r++)
        set_i32(0, r, xs[r]);
    ExprNode *div = op2(EOP_GT, op2(EOP_DIV, k_int(10), col(0)), k_int(1));
    Vector *v = eval(op2(EOP_AND, op2(EOP_NE, col(0), k_int(0)), div));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    int want_and[5] = {0, 1, 0, 1, 0};
    for (uint32_t r = 0; r < 5; r++)
        CU_ASSERT_EQUAL(tri(v, r), want_and[r]);
    v = eval(op2(EOP_OR, op2(EOP_EQ, col(0), k_int(0)), div));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    int want_or[5] = {1, 1, 1, 1, 0};
    for (uint32_t r = 0; r < 5; r++)
        CU_ASSERT_EQUAL(tri(v, r), want_or[r]);
    /* a constant FALSE (or TRUE for OR) on the left decides every row */
    v = eval(op2(EOP_AND, k_bool(false), div));
    CU_ASSERT_TRUE(v && tri(v, 0) == 0 && tri(v, 2) == 0);
    v = eval(op2(EOP_OR, k_bool(true), div));
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 2) == 1);
    /* without the guard it is an error */
    CU_ASSERT_TRUE(eval_fails(div));
    fixture_free();
}

/* ---- conditionals ------------------------------------------------------------------ */

static void test_case_picks_first_true_branch_else_or_null(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 4);
    set_i32(0, 0, 1);
    set_i32(0, 1, 2);
    set_i32(0, 2, 3);
    set_null_at(0, 3);
    /* CASE WHEN x = 1 THEN 10 WHEN x = 2 THEN 20 ELSE 99 END */
    ExprNode *c = fn(EOP_CASE, T(TYPE_INT), 5, op2(EOP_EQ, col(0), k_int(1)), k_int(10),
                     op2(EOP_EQ, col(0), k_int(2)), k_int(20), k_int(99));
    c->has_else = true;
    Vector *v = eval(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), 10);
    CU_ASSERT_EQUAL(I32(v, 1), 20);
    CU_ASSERT_EQUAL(I32(v, 2), 99);
    CU_ASSERT_FALSE(IS_NULL(v, 3));
    CU_ASSERT_EQUAL(I32(v, 3), 99); /* a NULL condition is not TRUE */
    /* without ELSE the unmatched rows are NULL */
    c = fn(EOP_CASE, T(TYPE_INT), 2, op2(EOP_EQ, col(0), k_int(2)), col(0));
    v = eval(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(IS_NULL(v, 0));
    CU_ASSERT_FALSE(IS_NULL(v, 1));
    CU_ASSERT_EQUAL(I32(v, 1), 2);
    CU_ASSERT_TRUE(IS_NULL(v, 2));
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    fixture_free();
}

static void test_case_branch_runs_only_on_its_rows(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 3);
    set_i32(0, 0, 0);
    set_i32(0, 1, 4);
    set_i32(0, 2, 0);
    /* CASE WHEN x = 0 THEN -1 ELSE 100 / x END */
    ExprNode *c = fn(EOP_CASE, T(TYPE_INT), 3, op2(EOP_EQ, col(0), k_int(0)), k_int(-1),
                     op2(EOP_DIV, k_int(100), col(0)));
    c->has_else = true;
    Vector *v = eval(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), -1);
    CU_ASSERT_EQUAL(I32(v, 1), 25);
    CU_ASSERT_EQUAL(I32(v, 2), -1);
    fixture_free();
}

static void test_coalesce_takes_first_non_null(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_INT)};
    fixture(2, t, 3);
    set_i32(0, 0, 1);
    set_null_at(0, 1);
    set_null_at(0, 2);
    set_i32(1, 0, 7);
    set_i32(1, 1, 2);
    set_null_at(1, 2);
    Vector *v = eval(fn(EOP_COALESCE, T(TYPE_INT), 3, col(0), col(1), k_int(3)));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), 1);
    CU_ASSERT_EQUAL(I32(v, 1), 2);
    CU_ASSERT_EQUAL(I32(v, 2), 3);
    for (uint32_t r = 0; r < 3; r++)
        CU_ASSERT_FALSE(IS_NULL(v, r));
    v = eval(fn(EOP_COALESCE, T(TYPE_INT), 2, col(0), col(1)));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(IS_NULL(v, 2));
    fixture_free();
}

/* ---- arithmetic -------------------------------------------------------------------- */

static void test_integer_overflow_wraps(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_BIGINT)};
    fixture(2, t, 1);
    set_i32(0, 0, INT32_MAX);
    set_i64(1, 0, INT64_MAX);
    Vector *v = eval(op2(EOP_ADD, col(0), k_int(1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == INT32_MIN);
    v = eval(op2(EOP_MUL, col(0), k_int(2)));
    CU_ASSERT_TRUE(v && I32(v, 0) == -2);
    v = eval(op2(EOP_ADD, col(1), k_bigint(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == INT64_MIN);
    set_i32(0, 0, INT32_MIN);
    v = eval(fn(EOP_NEG, T(TYPE_INT), 1, col(0)));
    CU_ASSERT_TRUE(v && I32(v, 0) == INT32_MIN);
    v = eval(op2(EOP_SUB, col(0), k_int(1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == INT32_MAX);
    fixture_free();
}

/* TINYINT and SMALLINT arithmetic wraps at their own width, as Java's byte and short. */
static void test_small_integer_overflow_wraps_at_its_width(void) {
    SqlType t[2] = {T(TYPE_TINYINT), T(TYPE_SMALLINT)};
    fixture(2, t, 1);
    set_i32(0, 0, 127);
    set_i32(1, 0, 32767);
    ExprNode *one8 = konst(T(TYPE_TINYINT)), *one16 = konst(T(TYPE_SMALLINT));
    one8->value.i32 = 1;
    one16->value.i32 = 1;
    Vector *v = eval(fn(EOP_ADD, T(TYPE_TINYINT), 2, col(0), one8));
    CU_ASSERT_TRUE(v && I32(v, 0) == -128);
    v = eval(fn(EOP_ADD, T(TYPE_SMALLINT), 2, col(1), one16));
    CU_ASSERT_TRUE(v && I32(v, 0) == -32768);
    set_i32(0, 0, -128);
    one8->value.i32 = -1;
    v = eval(fn(EOP_DIV, T(TYPE_TINYINT), 2, col(0), one8));
    CU_ASSERT_TRUE(v && I32(v, 0) == -128);
    v = eval(fn(EOP_NEG, T(TYPE_TINYINT), 1, col(0)));
    CU_ASSERT_TRUE(v && I32(v, 0) == -128);
    v = eval(fn(EOP_MUL, T(TYPE_TINYINT), 2, col(0), one8));
    CU_ASSERT_TRUE(v && I32(v, 0) == -128);
    fixture_free();
}

static void test_division_by_zero_is_an_error_at_its_position(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_INT)};
    fixture(2, t, 3);
    set_i32(0, 0, 6);
    set_i32(1, 0, 3);
    set_i32(0, 1, 1);
    set_null_at(1, 1); /* NULL divisor: NULL, not an error */
    set_i32(0, 2, 1);
    set_i32(1, 2, 3);
    ExprNode *d = op2(EOP_DIV, col(0), col(1));
    d->pos = 17;
    Vector *v = eval(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), 2);
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    CU_ASSERT_EQUAL(I32(v, 2), 0);
    set_i32(1, 2, 0);
    CU_ASSERT_TRUE(eval_fails(d));
    CU_ASSERT_EQUAL(g_diag.pos, 17);
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "division by zero"));
    ExprNode *m = op2(EOP_MOD, col(0), col(1));
    m->pos = 3;
    CU_ASSERT_TRUE(eval_fails(m));
    CU_ASSERT_EQUAL(g_diag.pos, 3);
    /* a zero divisor on a row the selection leaves out is not looked at */
    g_batch->sel = g_batch->sel_buf;
    g_batch->sel[0] = 0;
    g_batch->sel[1] = 1;
    g_batch->n_sel = 2;
    v = eval(d);
    CU_ASSERT_TRUE(v && I32(v, 0) == 2);
    fixture_free();
}

static void test_int_min_divided_by_minus_one_wraps(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_BIGINT)};
    fixture(2, t, 1);
    set_i32(0, 0, INT32_MIN);
    set_i64(1, 0, INT64_MIN);
    Vector *v = eval(op2(EOP_DIV, col(0), k_int(-1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == INT32_MIN);
    v = eval(op2(EOP_MOD, col(0), k_int(-1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == 0);
    v = eval(op2(EOP_DIV, col(1), k_bigint(-1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == INT64_MIN);
    v = eval(op2(EOP_MOD, k_int(-7), k_int(3)));
    CU_ASSERT_TRUE(v && I32(v, 0) == -1); /* the sign of the dividend */
    fixture_free();
}

static void test_decimal_arithmetic_scales_and_overflow(void) {
    SqlType t[2] = {type_decimal(10, 2), type_decimal(10, 2)};
    fixture(2, t, 2);
    set_i64(0, 0, 150); /* 1.50 */
    set_i64(1, 0, 225); /* 2.25 */
    set_i64(0, 1, -100);
    set_i64(1, 1, 300);
    Vector *v = eval(fn(EOP_ADD, type_decimal(11, 2), 2, col(0), col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 375 && I64(v, 1) == 200);
    v = eval(fn(EOP_SUB, type_decimal(11, 2), 2, col(0), col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == -75 && I64(v, 1) == -400);
    v = eval(fn(EOP_MUL, type_decimal(18, 4), 2, col(0), col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 33750 && I64(v, 1) == -30000);
    /* 1.50 * 2.25 = 3.375 at scale 3; 1.5625 would round half up */
    v = eval(fn(EOP_MUL, type_decimal(10, 1), 2, col(0), col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 34); /* 3.375 -> 3.4 */
    /* 1.50 / 2.25 = 0.666667, -1.00 / 3.00 = -0.333333 */
    v = eval(fn(EOP_DIV, type_decimal(18, 6), 2, col(0), col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 666667 && I64(v, 1) == -333333);
    /* 999 + 1 does not fit DECIMAL(3, 0): NULL */
    v = eval(fn(EOP_ADD, type_decimal(3, 0), 2, k_dec(999, 3, 0), k_dec(1, 3, 0)));
    CU_ASSERT_TRUE(v && IS_NULL(v, 0));
    /* DECIMAL(18, 0) holds up to 10^18 - 1 */
    v = eval(
        fn(EOP_ADD, type_decimal(18, 0), 2, k_dec(999999999999999999LL, 18, 0), k_dec(1, 18, 0)));
    CU_ASSERT_TRUE(v && IS_NULL(v, 0));
    v = eval(
        fn(EOP_ADD, type_decimal(18, 0), 2, k_dec(999999999999999998LL, 18, 0), k_dec(1, 18, 0)));
    CU_ASSERT_TRUE(v && !IS_NULL(v, 0) && I64(v, 0) == 999999999999999999LL);
    fixture_free();
}

static void test_decimal_division_by_zero_is_an_error(void) {
    SqlType t = type_decimal(10, 2);
    fixture(1, &t, 1);
    set_i64(0, 0, 150);
    CU_ASSERT_TRUE(eval_fails(fn(EOP_DIV, type_decimal(18, 6), 2, col(0), k_dec(0, 10, 2))));
    fixture_free();
}

/* ---- comparison -------------------------------------------------------------------- */

static void test_comparisons_of_each_physical_type(void) {
    SqlType t[4] = {type_string(), T(TYPE_DOUBLE), type_decimal(10, 2), T(TYPE_TIMESTAMP)};
    fixture(4, t, 3);
    const char *strs[3] = {"apple", "b", "apples"};
    double dbls[3] = {-0.5, 2.0, 1e300};
    int64_t decs[3] = {-150, 100, 99};
    const char *tss[3] = {"2020-01-01 00:00:00", "2020-01-01 00:00:00.001", "1969-12-31 23:59:59"};
    for (uint32_t r = 0; r < 3; r++) {
        set_str(0, r, strs[r]);
        set_f64(1, r, dbls[r]);
        set_i64(2, r, decs[r]);
        set_i64(3, r, ts(tss[r]));
    }
    Vector *v = eval(op2(EOP_LT, col(0), k_str("apples")));
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 1) == 0 && tri(v, 2) == 0);
    v = eval(op2(EOP_GE, col(1), k_double(2.0)));
    CU_ASSERT_TRUE(v && tri(v, 0) == 0 && tri(v, 1) == 1 && tri(v, 2) == 1);
    v = eval(op2(EOP_GT, col(2), k_dec(99, 10, 2)));
    CU_ASSERT_TRUE(v && tri(v, 0) == 0 && tri(v, 1) == 1 && tri(v, 2) == 0);
    ExprNode *k = konst(T(TYPE_TIMESTAMP));
    k->value.i64 = ts("2020-01-01 00:00:00");
    v = eval(op2(EOP_LE, col(3), k));
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 1) == 0 && tri(v, 2) == 1);
    v = eval(op2(EOP_EQ, col(0), k_null(type_string())));
    CU_ASSERT_TRUE(v && tri(v, 0) == 2 && tri(v, 1) == 2);
    fixture_free();
}

/* ---- casts ------------------------------------------------------------------------- */

static void test_cast_string_to_int_errors_and_try_cast_gives_null(void) {
    SqlType t = type_string();
    fixture(1, &t, 3);
    set_str(0, 0, "42");
    set_str(0, 1, " -7 ");
    set_str(0, 2, "abc");
    ExprNode *c = cast(col(0), T(TYPE_INT), false);
    c->pos = 5;
    CU_ASSERT_TRUE(eval_fails(c));
    CU_ASSERT_EQUAL(g_diag.pos, 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "abc"));
    Vector *v = eval(cast(col(0), T(TYPE_INT), true));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), 42);
    CU_ASSERT_EQUAL(I32(v, 1), -7);
    CU_ASSERT_TRUE(IS_NULL(v, 2));
    /* a NULL string is a NULL int, not an error */
    set_null_at(0, 2);
    v = eval(c);
    CU_ASSERT_TRUE(v && IS_NULL(v, 2) && I32(v, 0) == 42);
    fixture_free();
}

static void test_cast_double_to_int_truncates_and_saturates(void) {
    SqlType t = T(TYPE_DOUBLE);
    fixture(1, &t, 6);
    double in[6] = {2.9, -2.9, 1e20, -1e20, NAN, 2147483647.5};
    int32_t want[6] = {2, -2, INT32_MAX, INT32_MIN, 0, INT32_MAX};
    for (uint32_t r = 0; r < 6; r++)
        set_f64(0, r, in[r]);
    Vector *v = eval(cast(col(0), T(TYPE_INT), false));
    for (uint32_t r = 0; v && r < 6; r++)
        CU_ASSERT_EQUAL(I32(v, r), want[r]);
    v = eval(cast(col(0), T(TYPE_BIGINT), false));
    CU_ASSERT_TRUE(v && I64(v, 0) == 2 && I64(v, 2) == INT64_MAX && I64(v, 3) == INT64_MIN);
    fixture_free();
}

static void test_cast_decimal_rescale_rounds_half_up(void) {
    SqlType t = type_decimal(10, 3);
    fixture(1, &t, 4);
    int64_t in[4] = {1235, -1235, 1234, 999999};
    for (uint32_t r = 0; r < 4; r++)
        set_i64(0, r, in[r]);
    Vector *v = eval(cast(col(0), type_decimal(10, 2), false));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I64(v, 0), 124);
    CU_ASSERT_EQUAL(I64(v, 1), -124);
    CU_ASSERT_EQUAL(I64(v, 2), 123);
    CU_ASSERT_EQUAL(I64(v, 3), 100000);
    /* 999.999 -> 1000.00 does not fit DECIMAL(5, 2): NULL */
    v = eval(cast(col(0), type_decimal(5, 2), false));
    CU_ASSERT_TRUE(v && IS_NULL(v, 3) && !IS_NULL(v, 0));
    /* to a larger scale, and to INT (truncating) */
    v = eval(cast(col(0), type_decimal(12, 5), false));
    CU_ASSERT_TRUE(v && I64(v, 0) == 123500);
    v = eval(cast(col(0), T(TYPE_INT), false));
    CU_ASSERT_TRUE(v && I32(v, 0) == 1 && I32(v, 1) == -1);
    fixture_free();
}

static void test_cast_to_string_and_back(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_TIMESTAMP)};
    fixture(2, t, 2);
    set_i32(0, 0, -42);
    set_i32(0, 1, 7);
    set_null_at(0, 1);
    set_i64(1, 0, ts("2020-04-15 08:05:00"));
    set_i64(1, 1, ts("1999-12-31 23:59:59.999"));
    Vector *v = eval(cast(col(0), type_string(), false));
    CU_ASSERT_TRUE(str_is(v, 0, "-42"));
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    v = eval(cast(col(1), type_string(), false));
    CU_ASSERT_TRUE(str_is(v, 0, "2020-04-15 08:05:00.000"));
    CU_ASSERT_TRUE(str_is(v, 1, "1999-12-31 23:59:59.999"));
    one_row();
    v = eval(cast(k_str("2020-04-15 08:05:00.5"), type_timestamp(3), false));
    CU_ASSERT_TRUE(v && I64(v, 0) == ts("2020-04-15 08:05:00.500"));
    CU_ASSERT_TRUE(eval_fails(cast(k_str("2020-13-01 00:00:00"), type_timestamp(3), false)));
    v = eval(cast(k_str("2020-13-01 00:00:00"), type_timestamp(3), true));
    CU_ASSERT_TRUE(v && IS_NULL(v, 0));
    fixture_free();
}

static void test_cast_narrowing_integers_wraps(void) {
    SqlType t[2] = {T(TYPE_INT), T(TYPE_BIGINT)};
    fixture(2, t, 1);
    set_i32(0, 0, 200);
    set_i64(1, 0, 4294967297LL); /* 2^32 + 1 */
    Vector *v = eval(cast(col(0), T(TYPE_TINYINT), false));
    CU_ASSERT_TRUE(v && I32(v, 0) == -56);
    set_i32(0, 0, 40000);
    v = eval(cast(col(0), T(TYPE_SMALLINT), false));
    CU_ASSERT_TRUE(v && I32(v, 0) == 40000 - 65536);
    v = eval(cast(col(1), T(TYPE_INT), false));
    CU_ASSERT_TRUE(v && I32(v, 0) == 1);
    fixture_free();
}

/* ---- filter ------------------------------------------------------------------------ */

static void test_filter_narrows_an_existing_selection(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 8);
    for (uint32_t r = 0; r < 8; r++)
        set_i32(0, r, (int32_t)r);
    set_null_at(0, 6);
    g_batch->sel = g_batch->sel_buf;
    uint16_t sel[5] = {1, 3, 4, 6, 7};
    memcpy(g_batch->sel, sel, sizeof sel);
    g_batch->n_sel = 5;
    /* x > 2: rows 3, 4, 7 (row 6 is NULL: not kept; rows 0, 2, 5 were not live) */
    CU_ASSERT_PTR_NOT_NULL_FATAL(compile(op2(EOP_GT, col(0), k_int(2))));
    CU_ASSERT_EQUAL(expr_filter(g_prog, g_batch, &g_diag), 0);
    CU_ASSERT_EQUAL(g_batch->n_sel, 3);
    CU_ASSERT_EQUAL(g_batch->sel[0], 3);
    CU_ASSERT_EQUAL(g_batch->sel[1], 4);
    CU_ASSERT_EQUAL(g_batch->sel[2], 7);
    /* and again, from the narrowed selection */
    CU_ASSERT_PTR_NOT_NULL_FATAL(compile(op2(EOP_NE, col(0), k_int(4))));
    CU_ASSERT_EQUAL(expr_filter(g_prog, g_batch, &g_diag), 0);
    CU_ASSERT_EQUAL(g_batch->n_sel, 2);
    CU_ASSERT_EQUAL(g_batch->sel[0], 3);
    CU_ASSERT_EQUAL(g_batch->sel[1], 7);
    fixture_free();
}

static void test_filter_without_selection_makes_one(void) {
    SqlType t = T(TYPE_INT);
    fixture(1, &t, 4);
    for (uint32_t r = 0; r < 4; r++)
        set_i32(0, r, (int32_t)r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(compile(op2(EOP_EQ, op2(EOP_MOD, col(0), k_int(2)), k_int(0))));
    CU_ASSERT_EQUAL(expr_filter(g_prog, g_batch, &g_diag), 0);
    CU_ASSERT_PTR_NOT_NULL(g_batch->sel);
    CU_ASSERT_EQUAL(g_batch->n_sel, 2);
    CU_ASSERT_TRUE(g_batch->sel[0] == 0 && g_batch->sel[1] == 2);
    fixture_free();
}

/* ---- strings ----------------------------------------------------------------------- */

static ExprNode *like(ExprNode *s, ExprNode *p) {
    return fn(EOP_LIKE, T(TYPE_BOOLEAN), 2, s, p);
}

static int like_row(const char *pattern, uint32_t r) {
    Vector *v = eval(like(col(0), k_str(pattern)));
    return v ? tri(v, r) : -1;
}

static void test_like_constant_patterns(void) {
    SqlType t = type_string();
    fixture(1, &t, 4);
    set_str(0, 0, "banana");
    set_str(0, 1, "b\xc3\xa9t"); /* "bét" */
    set_str(0, 2, "");
    set_null_at(0, 3);
    CU_ASSERT_EQUAL(like_row("ban%", 0), 1);
    CU_ASSERT_EQUAL(like_row("%ana", 0), 1);
    CU_ASSERT_EQUAL(like_row("%nan%", 0), 1);
    CU_ASSERT_EQUAL(like_row("banana", 0), 1);
    CU_ASSERT_EQUAL(like_row("Banana", 0), 0); /* case-sensitive */
    CU_ASSERT_EQUAL(like_row("b_n_n_", 0), 1);
    CU_ASSERT_EQUAL(like_row("%a%a%a", 0), 1);
    CU_ASSERT_EQUAL(like_row("%a%a%a%a%", 0), 0);
    CU_ASSERT_EQUAL(like_row("b%n", 0), 0);
    CU_ASSERT_EQUAL(like_row("_", 0), 0);
    CU_ASSERT_EQUAL(like_row("b_t", 1), 1); /* '_' is one character, two bytes here */
    CU_ASSERT_EQUAL(like_row("b__t", 1), 0);
    CU_ASSERT_EQUAL(like_row("%", 2), 1);
    CU_ASSERT_EQUAL(like_row("", 2), 1);
    CU_ASSERT_EQUAL(like_row("_", 2), 0);
    CU_ASSERT_EQUAL(like_row("%", 3), 2); /* NULL in, NULL out */
    Vector *v = eval(like(col(0), k_null(type_string())));
    CU_ASSERT_TRUE(v && tri(v, 0) == 2);
    fixture_free();
}

static void test_like_escape(void) {
    SqlType t = type_string();
    fixture(1, &t, 3);
    set_str(0, 0, "100%");
    set_str(0, 1, "1000");
    set_str(0, 2, "a_b!");
    ExprNode *e = fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, col(0), k_str("%0!%"), k_str("!"));
    Vector *v = eval(e);
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 1) == 0 && tri(v, 2) == 0);
    e = fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, col(0), k_str("a!_b!!"), k_str("!"));
    v = eval(e);
    CU_ASSERT_TRUE(v && tri(v, 2) == 1 && tri(v, 0) == 0);
    /* without ESCAPE a backslash is an ordinary character */
    set_str(0, 1, "a\\b");
    v = eval(like(col(0), k_str("a\\b")));
    CU_ASSERT_TRUE(v && tri(v, 1) == 1);
    /* the escape before an ordinary character, at the end, or two characters long */
    e = fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, col(0), k_str("a!b"), k_str("!"));
    e->pos = 9;
    CU_ASSERT_TRUE(eval_fails(e));
    CU_ASSERT_EQUAL(g_diag.pos, 9);
    CU_ASSERT_TRUE(eval_fails(fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, col(0), k_str("a!"), k_str("!"))));
    CU_ASSERT_TRUE(eval_fails(fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, col(0), k_str("a"), k_str("!!"))));
    fixture_free();
}

static void test_like_pattern_from_a_column(void) {
    SqlType t[2] = {type_string(), type_string()};
    fixture(2, t, 4);
    const char *s[4] = {"abc", "abc", "xyz", "q"};
    const char *p[4] = {"a%", "a%", "%y_", "r"};
    for (uint32_t r = 0; r < 4; r++) {
        set_str(0, r, s[r]);
        set_str(1, r, p[r]);
    }
    set_null_at(1, 3);
    Vector *v = eval(like(col(0), col(1)));
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 1) == 1 && tri(v, 2) == 1 && tri(v, 3) == 2);
    fixture_free();
}

static void test_concat_is_null_if_any_argument_is(void) {
    SqlType t[2] = {type_string(), type_string()};
    fixture(2, t, 3);
    set_str(0, 0, "ab");
    set_str(1, 0, "c\xc3\xa9");
    set_str(0, 1, "x");
    set_null_at(1, 1);
    set_str(0, 2, "");
    set_str(1, 2, "");
    Vector *v = eval(fn(EOP_CONCAT, type_string(), 3, col(0), k_str("-"), col(1)));
    CU_ASSERT_TRUE(str_is(v, 0, "ab-c\xc3\xa9"));
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    CU_ASSERT_TRUE(str_is(v, 2, "-"));
    v = eval(fn(EOP_CONCAT, type_string(), 2, col(0), col(1)));
    CU_ASSERT_TRUE(str_is(v, 2, ""));
    fixture_free();
}

static void test_upper_lower_are_unicode_aware(void) {
    setlocale(LC_CTYPE, "C.UTF-8");
    SqlType t = type_string();
    fixture(1, &t, 4);
    set_str(0, 0, "Hello, W\xc3\xb6rld");      /* Hello, Wörld */
    set_str(0, 1, "\xce\xb1\xce\xb2\xce\x93"); /* αβΓ */
    set_str(0, 2,
            "a\xff"
            "b"); /* an invalid byte */
    set_null_at(0, 3);
    Vector *v = eval(fn(EOP_UPPER, type_string(), 1, col(0)));
    CU_ASSERT_TRUE(str_is(v, 0, "HELLO, W\xc3\x96RLD"));
    CU_ASSERT_TRUE(str_is(v, 1, "\xce\x91\xce\x92\xce\x93"));
    CU_ASSERT_TRUE(str_is(v, 2,
                          "A\xff"
                          "B"));
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    v = eval(fn(EOP_LOWER, type_string(), 1, col(0)));
    CU_ASSERT_TRUE(str_is(v, 0, "hello, w\xc3\xb6rld"));
    CU_ASSERT_TRUE(str_is(v, 1, "\xce\xb1\xce\xb2\xce\xb3"));
    fixture_free();
}

static void test_char_length_counts_characters(void) {
    SqlType t = type_string();
    fixture(1, &t, 4);
    set_str(0, 0, "h\xc3\xa9llo");
    set_str(0, 1, "\xf0\x9f\x98\x80"); /* one emoji: one character, as Flink's numChars */
    set_str(0, 2, "");
    set_null_at(0, 3);
    Vector *v = eval(fn(EOP_CHAR_LENGTH, T(TYPE_INT), 1, col(0)));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I32(v, 0), 5);
    CU_ASSERT_EQUAL(I32(v, 1), 1);
    CU_ASSERT_EQUAL(I32(v, 2), 0);
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    fixture_free();
}

static ExprNode *substr3(const char *s, int start, int len) {
    return fn(EOP_SUBSTRING, type_string(), 3, k_str(s), k_int(start), k_int(len));
}

static void test_substring_follows_flink(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 2, 3), "ell"));
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 0, 2), "he"));  /* 0 acts as 1 */
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", -3, 2), "ll")); /* from the end */
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", -10, 2), ""));
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 10, 2), ""));
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 2, 100), "ello"));
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 2, 0), ""));
    CU_ASSERT_TRUE(str_expr_is(substr3("hello", 2, -1), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(substr3("h\xc3\xa9llo", 2, 2), "\xc3\xa9l"));
    CU_ASSERT_TRUE(
        str_expr_is(fn(EOP_SUBSTRING, type_string(), 2, k_str("hello"), k_int(3)), "llo"));
    CU_ASSERT_TRUE(str_expr_is(
        fn(EOP_SUBSTRING, type_string(), 2, k_str("hello"), k_null(T(TYPE_INT))), "<NULL>"));
    fixture_free();
}

static void test_substring_points_into_its_input(void) {
    SqlType t = type_string();
    fixture(1, &t, 1);
    static const char text[] = "streaming";
    set_str(0, 0, text);
    Vector *v = eval(fn(EOP_SUBSTRING, type_string(), 3, col(0), k_int(3), k_int(4)));
    CU_ASSERT_TRUE(str_is(v, 0, "ream"));
    CU_ASSERT_PTR_EQUAL(((StrRef *)v->data)[0].ptr, text + 2);
    fixture_free();
}

static ExprNode *trim(int spec, const char *chars, const char *s) {
    ExprNode *e = fn(EOP_TRIM, type_string(), 2, k_str(s), k_str(chars));
    e->trim_spec = spec;
    return e;
}

static void test_trim_removes_any_character_of_the_set(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(trim(0, " ", "  a b  "), "a b"));
    CU_ASSERT_TRUE(str_expr_is(trim(1, " ", "  a b  "), "a b  "));
    CU_ASSERT_TRUE(str_expr_is(trim(2, " ", "  a b  "), "  a b"));
    CU_ASSERT_TRUE(str_expr_is(trim(0, "xy", "xyyxaxbyx"), "axb"));
    CU_ASSERT_TRUE(str_expr_is(trim(0, "xy", "xyxy"), ""));
    CU_ASSERT_TRUE(str_expr_is(trim(0, "\xc3\xa9",
                                    "\xc3\xa9"
                                    "a\xc3\xa9"),
                               "a"));
    CU_ASSERT_TRUE(str_expr_is(trim(0, "", " a "), " a "));
    fixture_free();
}

static ExprNode *replace(const char *s, const char *from, const char *to) {
    return fn(EOP_REPLACE, type_string(), 3, k_str(s), k_str(from), k_str(to));
}

static void test_replace_every_occurrence(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(replace("a-b-c", "-", "+="), "a+=b+=c"));
    CU_ASSERT_TRUE(str_expr_is(replace("aaaa", "aa", "b"), "bb"));
    CU_ASSERT_TRUE(str_expr_is(replace("abc", "x", "y"), "abc"));
    CU_ASSERT_TRUE(str_expr_is(replace("abcabc", "bc", ""), "aa"));
    CU_ASSERT_TRUE(str_expr_is(replace("abc", "", "-"), "-a-b-c-")); /* Java's replace */
    CU_ASSERT_TRUE(str_expr_is(replace("", "", "-"), "-"));
    fixture_free();
}

static ExprNode *split_index(const char *s, const char *sep, int index) {
    return fn(EOP_SPLIT_INDEX, type_string(), 3, k_str(s), k_str(sep), k_int(index));
}

static void test_split_index_keeps_empty_pieces(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(split_index("a,b,c", ",", 1), "b"));
    CU_ASSERT_TRUE(str_expr_is(split_index(",a,,b,", ",", 0), ""));
    CU_ASSERT_TRUE(str_expr_is(split_index(",a,,b,", ",", 2), ""));
    CU_ASSERT_TRUE(str_expr_is(split_index(",a,,b,", ",", 4), ""));
    CU_ASSERT_TRUE(str_expr_is(split_index(",a,,b,", ",", 5), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(split_index("a,b", ",", -1), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(split_index("", ",", 0), "<NULL>")); /* no pieces at all */
    CU_ASSERT_TRUE(str_expr_is(split_index("a::b::", "::", 2), ""));
    CU_ASSERT_TRUE(str_expr_is(split_index("a\xe2\x80\x83"
                                           "b c",
                                           "", 1),
                               "b")); /* an em space splits */
    CU_ASSERT_TRUE(str_expr_is(split_index("a\xc2\xa0"
                                           "b",
                                           "", 0),
                               "a\xc2\xa0"
                               "b")); /* a no-break space does not */
    CU_ASSERT_TRUE(str_expr_is(
        fn(EOP_SPLIT_INDEX, type_string(), 3, k_str("a;b"), k_int(';'), k_int(1)), "b"));
    CU_ASSERT_TRUE(str_expr_is(
        fn(EOP_SPLIT_INDEX, type_string(), 3, k_str("a;b"), k_int(300), k_int(0)), "<NULL>"));
    fixture_free();
}

/* SPLIT_INDEX copies nothing: the piece is a pointer into the row's string. */
static void test_split_index_points_into_its_input(void) {
    SqlType t = type_string();
    fixture(1, &t, 2);
    static const char url[] = "https://www.nexmark.com/abc/def/item.htm";
    set_str(0, 0, url);
    set_null_at(0, 1);
    Vector *v = eval(fn(EOP_SPLIT_INDEX, type_string(), 3, col(0), k_str("/"), k_int(4)));
    CU_ASSERT_TRUE(str_is(v, 0, "def"));
    CU_ASSERT_PTR_EQUAL(((StrRef *)v->data)[0].ptr, url + 28);
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    fixture_free();
}

static ExprNode *regexp_extract(ExprNode *s, const char *re, int group) {
    return fn(EOP_REGEXP_EXTRACT, type_string(), 3, s, k_str(re), k_int(group));
}

/* The Nexmark query 21 pattern over a column, under a selection: NULL rows stay NULL,
 * a row without a match is NULL, and the group points into the input. */
static void test_regexp_extract_over_a_column(void) {
    SqlType t = type_string();
    fixture(1, &t, 5);
    static const char with_id[] = "https://x.com/item.htm?query=1&channel_id=1234&y=2";
    set_str(0, 0, with_id);
    set_str(0, 1, "https://x.com/item.htm?query=1");
    set_null_at(0, 2);
    set_str(0, 3, "channel_id=7");
    set_str(0, 4, "not a live row: channel_id=99");
    g_batch->sel = g_batch->sel_buf;
    for (uint16_t r = 0; r < 4; r++)
        g_batch->sel[r] = r;
    g_batch->n_sel = 4;
    Vector *v = eval(regexp_extract(col(0), "(&|^)channel_id=([^&]*)", 2));
    CU_ASSERT_TRUE(str_is(v, 0, "1234"));
    CU_ASSERT_PTR_EQUAL(((StrRef *)v->data)[0].ptr, with_id + 42);
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    CU_ASSERT_TRUE(IS_NULL(v, 2));
    CU_ASSERT_TRUE(str_is(v, 3, "7"));
    fixture_free();
}

static void test_regexp_extract_groups_and_nulls(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("a1b22"), "[a-z](\\d+)", 1), "1"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("a1b22"), "[a-z](\\d+)", 0), "a1"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("a1b22"), "[a-z](\\d+)", 2), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("a1b22"), "[a-z](\\d+)", -1), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("abc"), "x", 0), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("b"), "(a)?b", 1), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(regexp_extract(k_str("abc"), "(a", 0), "<NULL>")); /* invalid */
    CU_ASSERT_TRUE(
        str_expr_is(fn(EOP_REGEXP_EXTRACT, type_string(), 2, k_str("xaay"), k_str("a+")), "aa"));
    fixture_free();
}

/* A construct POSIX cannot run is an error at the call's position, on the first row
 * that needs the pattern, not a NULL. */
static void test_regexp_unsupported_construct_is_an_error(void) {
    one_row();
    ExprNode *e = regexp_extract(k_str("abc"), "a(?=b)", 0);
    e->pos = 7;
    CU_ASSERT_TRUE(eval_fails(e));
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "not supported yet: lookahead"));
    CU_ASSERT_EQUAL(g_diag.pos, 7);
    ExprNode *null_row = regexp_extract(k_null(type_string()), "a*?", 0);
    CU_ASSERT_TRUE(str_expr_is(null_row, "<NULL>")); /* no row needs it */
    fixture_free();
}

static ExprNode *regexp_replace(const char *s, const char *re, const char *to) {
    return fn(EOP_REGEXP_REPLACE, type_string(), 3, k_str(s), k_str(re), k_str(to));
}

static void test_regexp_replace_as_java_replace_all(void) {
    one_row();
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("a1b22c", "\\d+", "<$0>"), "a<$0>b<$0>c"));
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("abc", "x*", "-"), "-a-b-c-"));
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("abc", "b*", "-"), "-a--c-"));
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("\xc3\xa9\xc3\xa9", "", "."), ".\xc3\xa9.\xc3\xa9."));
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("abc", "(b", "x"), "<NULL>"));
    CU_ASSERT_TRUE(str_expr_is(regexp_replace("abab", "(a)|(b)", ""), ""));
    fixture_free();
}

/* REGEXP_REPLACE without a match gives its input back, not a copy. */
static void test_regexp_replace_without_a_match_is_its_input(void) {
    SqlType t = type_string();
    fixture(1, &t, 1);
    static const char text[] = "no digits here";
    set_str(0, 0, text);
    Vector *v = eval(fn(EOP_REGEXP_REPLACE, type_string(), 3, col(0), k_str("\\d"), k_str("#")));
    CU_ASSERT_TRUE(str_is(v, 0, text));
    CU_ASSERT_PTR_EQUAL(((StrRef *)v->data)[0].ptr, text);
    fixture_free();
}

/* A pattern from a column is compiled again only when it changes. */
static void test_regexp_pattern_from_a_column(void) {
    SqlType t[2] = {type_string(), type_string()};
    fixture(2, t, 4);
    const char *s[4] = {"a1", "b2", "c3", "d4"};
    const char *p[4] = {"([a-z])", "([a-z])", "(\\d)", "(["};
    for (uint32_t r = 0; r < 4; r++) {
        set_str(0, r, s[r]);
        set_str(1, r, p[r]);
    }
    Vector *v = eval(fn(EOP_REGEXP_EXTRACT, type_string(), 3, col(0), col(1), k_int(1)));
    CU_ASSERT_TRUE(str_is(v, 0, "a") && str_is(v, 1, "b") && str_is(v, 2, "3"));
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    fixture_free();
}

/* A tiny xorshift generator: the same texts on every run. */
static uint64_t rng_state;
static uint32_t rng(uint32_t n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* The one-pass matcher and regexec agree - match, start, end and every group - on
 * patterns of every shape it takes, over random texts of ASCII, non-ASCII characters
 * and line breaks, searched from random starts. */
static void test_regex_one_pass_agrees_with_regexec(void) {
    setlocale(LC_CTYPE, "C.UTF-8");
    static const char *const patterns[] = {
        "(&|^)channel_id=([^&]*)", "\\d+",          "([a-c]+)=(\\d*)", "x{1,3}[^x]+", "^a*(b+)",
        "(\\w+)@(\\w+)\\.com$",    "[^,]*,([^,]*)", "[^=]*=",          "(a|b|^)c",    "[0-9]{2,}x?",
        "\\s*(\\S+)\\s*$",         "\xc3\xa9(b*)",  "(?:ab)c",         "a(?:b|c)d",
    };
    static const char *const chars[] = {"a", "b", "c", "x", "=",  "&",        ",", "1",
                                        "2", " ", "@", ".", "\n", "\xc3\xa9", "_"};
    rng_state = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < ARRAY_LEN(patterns); i++) {
        Regex *re = NULL;
        char msg[256];
        CU_ASSERT_EQUAL_FATAL(
            regex_compile(patterns[i], (uint32_t)strlen(patterns[i]), &re, msg, sizeof msg), 0);
        if (!regex_is_one_pass(re))
            fprintf(stderr, "\n  not one-pass: %s", patterns[i]);
        CU_ASSERT_TRUE(regex_is_one_pass(re));
        int n_spans = regex_group_count(re) + 1;
        for (int t = 0; t < 2000; t++) {
            char text[96] = "";
            int n_chars = (int)rng(20);
            for (int k = 0; k < n_chars; k++)
                strcat(text, chars[rng(ARRAY_LEN(chars))]);
            uint32_t len = (uint32_t)strlen(text), from = rng(3) ? 0 : rng(len + 1);
            while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
                from--;
            RegexSpan fast[4], posix[4];
            regex_force_posix(re, false);
            bool found_fast = regex_find(re, text, len, from, fast, n_spans);
            regex_force_posix(re, true);
            bool found_posix = regex_find(re, text, len, from, posix, n_spans);
            bool same = found_fast == found_posix &&
                        memcmp(fast, posix, (size_t)n_spans * sizeof(RegexSpan)) == 0;
            if (!same)
                fprintf(stderr, "\n  %s on \"%s\" from %u: one-pass and regexec differ",
                        patterns[i], text, from);
            CU_ASSERT_TRUE(same);
        }
        regex_free(re);
    }
}

/* Java syntax that POSIX spells otherwise is translated; what Java rejects is invalid;
 * what POSIX cannot do is unsupported. */
static void test_regex_translation_and_refusals(void) {
    setlocale(LC_CTYPE, "C.UTF-8");
    static const struct {
        const char *pattern, *text, *want; /* want: the match, or NULL for none */
    } cases[] = {
        {"[\\d.]+", "v1.5b", "1.5"},
        {"[^\\s,]+", " ,ab", "ab"},
        {"[]a]+", "x]a]", "]a]"},
        {"[\\]]", "a]", "]"},
        {"[a\\-z]+", "b-az", "-az"},
        {"[\\^x]", "a^", "^"},
        {"\\p{Punct}+", "ab!?c", "!?"},
        {"[\\D\\d]", "\xc3\xa9", "\xc3\xa9"},
        {"[^\\D]+", "ab12", "12"},
        {"\\Qa.b\\E", "axb a.b", "a.b"},
        {"\\x{e9}", "caf\xc3\xa9", "\xc3\xa9"},
        {"\\0101\\u0042", "ABC", "AB"},
        {"(?:a|b)+c", "xabac", "abac"},
        {"a{2}", "aaa", "aa"},
        {"\\.", "a.b", "."},
        {"[.]", "a.b", "."},
        {"$", "ab", ""},
        {"\\bb", "ab b", "b"},
        {"x*", "", ""},
        {"[\xc3\xa0-\xc3\xbf]+", "na\xc3\xafve", "\xc3\xaf"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        Regex *re = NULL;
        char msg[256];
        int rc = regex_compile(cases[i].pattern, (uint32_t)strlen(cases[i].pattern), &re, msg,
                               sizeof msg);
        if (rc)
            fprintf(stderr, "\n  %s: %s", cases[i].pattern, msg);
        CU_ASSERT_EQUAL_FATAL(rc, 0);
        RegexSpan m;
        const char *text = cases[i].text;
        bool found = regex_find(re, text, (uint32_t)strlen(text), 0, &m, 1);
        bool ok = found && (size_t)(m.end - m.start) == strlen(cases[i].want) &&
                  memcmp(text + m.start, cases[i].want, strlen(cases[i].want)) == 0;
        if (!ok)
            fprintf(stderr, "\n  %s on \"%s\": got [%d, %d)", cases[i].pattern, text, m.start,
                    m.end);
        CU_ASSERT_TRUE(ok);
        regex_free(re);
    }
    static const struct {
        const char *pattern;
        int status;
    } refused[] = {
        {"(a", REGEX_INVALID},         {"a)", REGEX_INVALID},
        {"[a", REGEX_INVALID},         {"*a", REGEX_INVALID},
        {"a**", REGEX_INVALID},        {"a{,2}", REGEX_INVALID},
        {"a{3,2}", REGEX_INVALID},     {"[z-a]", REGEX_INVALID},
        {"\\y", REGEX_INVALID},        {"\\", REGEX_INVALID},
        {"a*?", REGEX_UNSUPPORTED},    {"a++", REGEX_UNSUPPORTED},
        {"(?=a)", REGEX_UNSUPPORTED},  {"(?<!a)", REGEX_UNSUPPORTED},
        {"(?i)a", REGEX_UNSUPPORTED},  {"[a&&b]", REGEX_UNSUPPORTED},
        {"[a[b]]", REGEX_UNSUPPORTED}, {"\\pL", REGEX_UNSUPPORTED},
        {"\\x00", REGEX_UNSUPPORTED},  {"\\2(a)(b)", REGEX_UNSUPPORTED},
    };
    for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
        Regex *re = NULL;
        char msg[256];
        int rc = regex_compile(refused[i].pattern, (uint32_t)strlen(refused[i].pattern), &re, msg,
                               sizeof msg);
        if (rc != refused[i].status)
            fprintf(stderr, "\n  %s: status %d (%s)", refused[i].pattern, rc, msg);
        CU_ASSERT_EQUAL(rc, refused[i].status);
        CU_ASSERT_PTR_NULL(re);
        regex_free(re);
    }
}

static int position(const char *needle, const char *hay) {
    Vector *v = eval(fn(EOP_POSITION, T(TYPE_INT), 2, k_str(needle), k_str(hay)));
    return v ? I32(v, 0) : -99;
}

static void test_position_is_a_character_index(void) {
    one_row();
    CU_ASSERT_EQUAL(position("lo", "hello"), 4);
    CU_ASSERT_EQUAL(position("x", "hello"), 0);
    CU_ASSERT_EQUAL(position("", "hello"), 1);
    CU_ASSERT_EQUAL(position("l", "h\xc3\xa9llo"), 3);
    CU_ASSERT_EQUAL(position("hello!", "hello"), 0);
    fixture_free();
}

/* ---- numbers ----------------------------------------------------------------------- */

static void test_abs_wraps_on_the_minimum(void) {
    SqlType t[4] = {T(TYPE_INT), T(TYPE_BIGINT), T(TYPE_DOUBLE), type_decimal(5, 2)};
    fixture(4, t, 2);
    set_i32(0, 0, -5);
    set_i32(0, 1, INT32_MIN);
    set_i64(1, 0, -5);
    set_i64(1, 1, INT64_MIN);
    set_f64(2, 0, -0.5);
    set_null_at(2, 1);
    set_i64(3, 0, -12345);
    Vector *v = eval(fn(EOP_ABS, T(TYPE_INT), 1, col(0)));
    CU_ASSERT_TRUE(v && I32(v, 0) == 5 && I32(v, 1) == INT32_MIN);
    v = eval(fn(EOP_ABS, T(TYPE_BIGINT), 1, col(1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 5 && I64(v, 1) == INT64_MIN);
    v = eval(fn(EOP_ABS, T(TYPE_DOUBLE), 1, col(2)));
    CU_ASSERT_TRUE(v && F64(v, 0) == 0.5 && IS_NULL(v, 1));
    v = eval(fn(EOP_ABS, type_decimal(5, 2), 1, col(3)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 12345);
    fixture_free();
}

static double round_d(double x, int digits) {
    Vector *v = eval(fn(EOP_ROUND, T(TYPE_DOUBLE), 2, k_double(x), k_int(digits)));
    return v ? F64(v, 0) : NAN;
}

static void test_round_double_half_up_on_decimal_digits(void) {
    one_row();
    CU_ASSERT_EQUAL(round_d(2.5, 0), 3.0);
    CU_ASSERT_EQUAL(round_d(-2.5, 0), -3.0);
    CU_ASSERT_EQUAL(round_d(2.4999, 0), 2.0);
    CU_ASSERT_EQUAL(round_d(1.005, 2), 1.01); /* BigDecimal.valueOf(1.005) is 1.005 */
    CU_ASSERT_EQUAL(round_d(0.125, 2), 0.13);
    CU_ASSERT_EQUAL(round_d(-0.125, 2), -0.13);
    CU_ASSERT_EQUAL(round_d(3.14159, 3), 3.142);
    CU_ASSERT_EQUAL(round_d(1234.5678, -2), 1200.0);
    CU_ASSERT_EQUAL(round_d(1250.0, -2), 1300.0);
    CU_ASSERT_EQUAL(round_d(1e300, 2), 1e300);
    CU_ASSERT_EQUAL(round_d(1.5e-10, 10), 2e-10);
    CU_ASSERT_EQUAL(round_d(0.1 + 0.2, 1), 0.3);
    double z = round_d(-0.4, 0);
    CU_ASSERT_TRUE(z == 0.0 && !signbit(z)); /* BigDecimal has no negative zero */
    CU_ASSERT_TRUE(isnan(round_d(NAN, 1)));
    /* FLOAT goes through double */
    ExprNode *f = konst(T(TYPE_FLOAT));
    f->value.f32 = 2.5f;
    Vector *v = eval(fn(EOP_ROUND, T(TYPE_FLOAT), 2, f, k_int(0)));
    CU_ASSERT_TRUE(v && F32(v, 0) == 3.0f);
    /* one argument: zero digits */
    v = eval(fn(EOP_ROUND, T(TYPE_DOUBLE), 1, k_double(-7.5)));
    CU_ASSERT_TRUE(v && F64(v, 0) == -8.0);
    fixture_free();
}

static void test_round_integers_and_decimals(void) {
    one_row();
    Vector *v = eval(fn(EOP_ROUND, T(TYPE_INT), 2, k_int(15), k_int(-1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == 20);
    v = eval(fn(EOP_ROUND, T(TYPE_INT), 2, k_int(-15), k_int(-1)));
    CU_ASSERT_TRUE(v && I32(v, 0) == -20);
    v = eval(fn(EOP_ROUND, T(TYPE_INT), 2, k_int(1449), k_int(-2)));
    CU_ASSERT_TRUE(v && I32(v, 0) == 1400);
    v = eval(fn(EOP_ROUND, T(TYPE_BIGINT), 2, k_bigint(123), k_int(2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 123);
    /* DECIMAL(10, 3) 1.235 at 2 digits -> DECIMAL(10, 2) 1.24; -1.235 -> -1.24 */
    v = eval(fn(EOP_ROUND, type_decimal(10, 2), 2, k_dec(1235, 10, 3), k_int(2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 124);
    v = eval(fn(EOP_ROUND, type_decimal(10, 2), 2, k_dec(-1235, 10, 3), k_int(2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == -124);
    /* 125.5 at -1 digits -> 130 (scale 0) */
    v = eval(fn(EOP_ROUND, type_decimal(5, 0), 2, k_dec(1255, 5, 1), k_int(-1)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 130);
    /* digits beyond the scale: unchanged */
    v = eval(fn(EOP_ROUND, type_decimal(10, 3), 2, k_dec(1235, 10, 3), k_int(5)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 1235);
    /* 9.99 to 1 digit -> 10.0, which does not fit DECIMAL(2, 1): NULL */
    v = eval(fn(EOP_ROUND, type_decimal(2, 1), 2, k_dec(999, 3, 2), k_int(1)));
    CU_ASSERT_TRUE(v && IS_NULL(v, 0));
    fixture_free();
}

static void test_floor_and_ceil_numbers(void) {
    one_row();
    Vector *v = eval(fn(EOP_FLOOR, T(TYPE_DOUBLE), 1, k_double(-1.5)));
    CU_ASSERT_TRUE(v && F64(v, 0) == -2.0);
    v = eval(fn(EOP_CEIL, T(TYPE_DOUBLE), 1, k_double(-1.5)));
    CU_ASSERT_TRUE(v && F64(v, 0) == -1.0);
    v = eval(fn(EOP_FLOOR, type_decimal(4, 0), 1, k_dec(-150, 5, 2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == -2);
    v = eval(fn(EOP_CEIL, type_decimal(4, 0), 1, k_dec(-150, 5, 2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == -1);
    v = eval(fn(EOP_CEIL, type_decimal(4, 0), 1, k_dec(101, 5, 2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 2);
    v = eval(fn(EOP_FLOOR, type_decimal(4, 0), 1, k_dec(300, 5, 2)));
    CU_ASSERT_TRUE(v && I64(v, 0) == 3);
    v = eval(fn(EOP_CEIL, T(TYPE_INT), 1, k_int(7)));
    CU_ASSERT_TRUE(v && I32(v, 0) == 7);
    fixture_free();
}

static void test_power_and_sqrt_as_java(void) {
    one_row();
    Vector *v = eval(fn(EOP_POWER, T(TYPE_DOUBLE), 2, k_double(2), k_double(10)));
    CU_ASSERT_TRUE(v && F64(v, 0) == 1024.0);
    v = eval(fn(EOP_POWER, T(TYPE_DOUBLE), 2, k_double(1), k_double(NAN)));
    CU_ASSERT_TRUE(v && isnan(F64(v, 0))); /* C says 1, Java NaN */
    v = eval(fn(EOP_POWER, T(TYPE_DOUBLE), 2, k_double(-1), k_double(INFINITY)));
    CU_ASSERT_TRUE(v && isnan(F64(v, 0)));
    v = eval(fn(EOP_POWER, T(TYPE_DOUBLE), 2, k_double(NAN), k_double(0)));
    CU_ASSERT_TRUE(v && F64(v, 0) == 1.0);
    v = eval(fn(EOP_SQRT, T(TYPE_DOUBLE), 1, k_double(2.25)));
    CU_ASSERT_TRUE(v && F64(v, 0) == 1.5);
    v = eval(fn(EOP_SQRT, T(TYPE_DOUBLE), 1, k_double(-1)));
    CU_ASSERT_TRUE(v && isnan(F64(v, 0)));
    fixture_free();
}

/* ---- time -------------------------------------------------------------------------- */

static void test_to_timestamp_parses_or_gives_null(void) {
    SqlType t = type_string();
    fixture(1, &t, 5);
    set_str(0, 0, "2020-04-15 08:05:00");
    set_str(0, 1, "2020-04-15 08:05:00.123");
    set_str(0, 2, "2020-4-5");
    set_str(0, 3, "not a time");
    set_null_at(0, 4);
    Vector *v = eval(fn(EOP_TO_TIMESTAMP, type_timestamp(3), 1, col(0)));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I64(v, 0), ts("2020-04-15 08:05:00"));
    CU_ASSERT_EQUAL(I64(v, 1), ts("2020-04-15 08:05:00.123"));
    CU_ASSERT_EQUAL(I64(v, 2), ts("2020-04-05 00:00:00"));
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    CU_ASSERT_TRUE(IS_NULL(v, 4));
    set_str(0, 0, "15/04/2020 08:05");
    v = eval(fn(EOP_TO_TIMESTAMP, type_timestamp(3), 2, col(0), k_str("dd/MM/yyyy HH:mm")));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(I64(v, 0), ts("2020-04-15 08:05:00"));
    CU_ASSERT_TRUE(IS_NULL(v, 3));
    fixture_free();
}

static void test_date_format_uses_the_pattern(void) {
    SqlType t[2] = {T(TYPE_TIMESTAMP), type_string()};
    fixture(2, t, 2);
    set_i64(0, 0, ts("2020-04-15 08:05:09"));
    set_null_at(0, 1);
    set_str(1, 0, "yyyy/MM/dd");
    set_str(1, 1, "HH");
    Vector *v = eval(fn(EOP_DATE_FORMAT, type_string(), 2, col(0), k_str("yyyy-MM-dd HH:mm:ss")));
    CU_ASSERT_TRUE(str_is(v, 0, "2020-04-15 08:05:09"));
    CU_ASSERT_TRUE(IS_NULL(v, 1));
    v = eval(fn(EOP_DATE_FORMAT, type_string(), 2, col(0), col(1)));
    CU_ASSERT_TRUE(str_is(v, 0, "2020/04/15"));
    fixture_free();
}

static void test_extract_from_timestamp_and_date(void) {
    SqlType t[2] = {T(TYPE_TIMESTAMP), T(TYPE_DATE)};
    fixture(2, t, 1);
    set_i64(0, 0, ts("2020-04-15 08:05:09.250"));
    set_i32(1, 0, (int32_t)time_days_from_civil(2021, 12, 31));
    TimeUnit units[4] = {TIME_UNIT_YEAR, TIME_UNIT_MONTH, TIME_UNIT_HOUR, TIME_UNIT_MILLISECOND};
    int64_t want[4] = {2020, 4, 8, 250};
    for (int k = 0; k < 4; k++) {
        ExprNode *e = fn(EOP_EXTRACT, T(TYPE_BIGINT), 1, col(0));
        e->unit = units[k];
        Vector *v = eval(e);
        CU_ASSERT_TRUE(v && I64(v, 0) == want[k]);
    }
    ExprNode *e = fn(EOP_EXTRACT, T(TYPE_BIGINT), 1, col(1));
    e->unit = TIME_UNIT_DAY;
    Vector *v = eval(e);
    CU_ASSERT_TRUE(v && I64(v, 0) == 31);
    e->unit = TIME_UNIT_DOY;
    v = eval(e);
    CU_ASSERT_TRUE(v && I64(v, 0) == 365);
    fixture_free();
}

static void test_floor_and_ceil_to_a_unit(void) {
    SqlType t = T(TYPE_TIMESTAMP);
    fixture(1, &t, 2);
    set_i64(0, 0, ts("2020-04-15 08:05:09"));
    set_i64(0, 1, ts("2020-04-15 09:00:00"));
    ExprNode *f = fn(EOP_FLOOR_TIME, type_timestamp(3), 1, col(0));
    f->unit = TIME_UNIT_HOUR;
    Vector *v = eval(f);
    CU_ASSERT_TRUE(v && I64(v, 0) == ts("2020-04-15 08:00:00"));
    ExprNode *c = fn(EOP_CEIL_TIME, type_timestamp(3), 1, col(0));
    c->unit = TIME_UNIT_HOUR;
    v = eval(c);
    CU_ASSERT_TRUE(v && I64(v, 0) == ts("2020-04-15 09:00:00"));
    CU_ASSERT_TRUE(v && I64(v, 1) == ts("2020-04-15 09:00:00")); /* already aligned */
    c->unit = TIME_UNIT_MONTH;
    v = eval(c);
    CU_ASSERT_TRUE(v && I64(v, 0) == ts("2020-05-01 00:00:00"));
    fixture_free();
}

static void test_current_and_local_timestamp_are_now(void) {
    one_row();
    int64_t before = time_now_utc_ms();
    Vector *v = eval(fn(EOP_CURRENT_TIMESTAMP, T(TYPE_TIMESTAMP_LTZ), 0));
    int64_t after = time_now_utc_ms();
    CU_ASSERT_TRUE(v && I64(v, 0) >= before && I64(v, 0) <= after && !IS_NULL(v, 0));
    before = time_now_local_ms();
    v = eval(fn(EOP_LOCALTIMESTAMP, type_timestamp(3), 0));
    after = time_now_local_ms();
    CU_ASSERT_TRUE(v && I64(v, 0) >= before && I64(v, 0) <= after);
    fixture_free();
}

static void test_unsupported_ops_are_reported_at_compile_time(void) {
    one_row();
    ExprNode *e = fn(EOP_IN, T(TYPE_BOOLEAN), 2, k_int(1), k_int(2));
    e->pos = 4;
    CU_ASSERT_PTR_NULL(compile(e));
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "not supported yet"));
    CU_ASSERT_EQUAL(g_diag.pos, 4);
    fixture_free();
}

/* Functions look only at the live rows: a row left out of the selection may hold text
 * that would be an error. */
static void test_functions_skip_rows_outside_the_selection(void) {
    SqlType t[2] = {type_string(), type_string()};
    fixture(2, t, 3);
    set_str(0, 0, "a%");
    set_str(0, 1, "b");
    set_str(0, 2, "c%");
    set_str(1, 0, "A!%");
    set_str(1, 1, "bad!");
    set_str(1, 2, "C!%");
    g_batch->sel = g_batch->sel_buf;
    g_batch->sel[0] = 0;
    g_batch->sel[1] = 2;
    g_batch->n_sel = 2;
    ExprNode *up = fn(EOP_UPPER, type_string(), 1, col(0));
    ExprNode *e = fn(EOP_LIKE, T(TYPE_BOOLEAN), 3, up, col(1), k_str("!"));
    Vector *v = eval(e);
    CU_ASSERT_TRUE(v && tri(v, 0) == 1 && tri(v, 2) == 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(compile(e));
    CU_ASSERT_EQUAL(expr_filter(g_prog, g_batch, &g_diag), 0);
    CU_ASSERT_EQUAL(g_batch->n_sel, 2);
    g_batch->sel = NULL; /* now row 1's pattern is live, and invalid */
    CU_ASSERT_TRUE(eval_fails(e));
    fixture_free();
}

/* A program runs again over a second batch with other NULLs: no state leaks between. */
static void test_program_reruns_on_a_new_batch(void) {
    SqlType t = type_string();
    fixture(1, &t, 2);
    set_str(0, 0, "ab");
    set_null_at(0, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(compile(fn(EOP_CONCAT, type_string(), 2, col(0), k_str("!"))));
    Vector *v = NULL;
    CU_ASSERT_EQUAL(expr_eval(g_prog, g_batch, &v, &g_diag), 0);
    CU_ASSERT_TRUE(str_is(v, 0, "ab!") && IS_NULL(v, 1));
    batch_reset(g_batch);
    g_batch->n_rows = 2;
    set_str(0, 0, "x");
    set_str(0, 1, "y");
    CU_ASSERT_EQUAL(expr_eval(g_prog, g_batch, &v, &g_diag), 0);
    CU_ASSERT_TRUE(str_is(v, 0, "x!") && str_is(v, 1, "y!"));
    fixture_free();
}

/* ---- registration ------------------------------------------------------------------ */

void suite_expr(void) {
    static CU_TestInfo tests[] = {
        {"and_is_three_valued", test_and_is_three_valued},
        {"or_is_three_valued", test_or_is_three_valued},
        {"not_keeps_null", test_not_keeps_null},
        {"is_predicates_are_never_null", test_is_predicates_are_never_null},
        {"is_distinct_from_treats_nulls_as_equal", test_is_distinct_from_treats_nulls_as_equal},
        {"and_or_short_circuit_skip_division_by_zero",
         test_and_or_short_circuit_skip_division_by_zero},
        {"case_picks_first_true_branch_else_or_null",
         test_case_picks_first_true_branch_else_or_null},
        {"case_branch_runs_only_on_its_rows", test_case_branch_runs_only_on_its_rows},
        {"coalesce_takes_first_non_null", test_coalesce_takes_first_non_null},
        {"integer_overflow_wraps", test_integer_overflow_wraps},
        {"small_integer_overflow_wraps_at_its_width",
         test_small_integer_overflow_wraps_at_its_width},
        {"division_by_zero_is_an_error_at_its_position",
         test_division_by_zero_is_an_error_at_its_position},
        {"int_min_divided_by_minus_one_wraps", test_int_min_divided_by_minus_one_wraps},
        {"decimal_arithmetic_scales_and_overflow", test_decimal_arithmetic_scales_and_overflow},
        {"decimal_division_by_zero_is_an_error", test_decimal_division_by_zero_is_an_error},
        {"comparisons_of_each_physical_type", test_comparisons_of_each_physical_type},
        {"cast_string_to_int_errors_and_try_cast_gives_null",
         test_cast_string_to_int_errors_and_try_cast_gives_null},
        {"cast_double_to_int_truncates_and_saturates",
         test_cast_double_to_int_truncates_and_saturates},
        {"cast_decimal_rescale_rounds_half_up", test_cast_decimal_rescale_rounds_half_up},
        {"cast_to_string_and_back", test_cast_to_string_and_back},
        {"cast_narrowing_integers_wraps", test_cast_narrowing_integers_wraps},
        {"filter_narrows_an_existing_selection", test_filter_narrows_an_existing_selection},
        {"filter_without_selection_makes_one", test_filter_without_selection_makes_one},
        {"like_constant_patterns", test_like_constant_patterns},
        {"like_escape", test_like_escape},
        {"like_pattern_from_a_column", test_like_pattern_from_a_column},
        {"concat_is_null_if_any_argument_is", test_concat_is_null_if_any_argument_is},
        {"upper_lower_are_unicode_aware", test_upper_lower_are_unicode_aware},
        {"char_length_counts_characters", test_char_length_counts_characters},
        {"substring_follows_flink", test_substring_follows_flink},
        {"substring_points_into_its_input", test_substring_points_into_its_input},
        {"trim_removes_any_character_of_the_set", test_trim_removes_any_character_of_the_set},
        {"replace_every_occurrence", test_replace_every_occurrence},
        {"position_is_a_character_index", test_position_is_a_character_index},
        {"split_index_keeps_empty_pieces", test_split_index_keeps_empty_pieces},
        {"split_index_points_into_its_input", test_split_index_points_into_its_input},
        {"regexp_extract_over_a_column", test_regexp_extract_over_a_column},
        {"regexp_extract_groups_and_nulls", test_regexp_extract_groups_and_nulls},
        {"regexp_unsupported_construct_is_an_error", test_regexp_unsupported_construct_is_an_error},
        {"regexp_replace_as_java_replace_all", test_regexp_replace_as_java_replace_all},
        {"regexp_replace_without_a_match_is_its_input",
         test_regexp_replace_without_a_match_is_its_input},
        {"regexp_pattern_from_a_column", test_regexp_pattern_from_a_column},
        {"regex_one_pass_agrees_with_regexec", test_regex_one_pass_agrees_with_regexec},
        {"regex_translation_and_refusals", test_regex_translation_and_refusals},
        {"abs_wraps_on_the_minimum", test_abs_wraps_on_the_minimum},
        {"round_double_half_up_on_decimal_digits", test_round_double_half_up_on_decimal_digits},
        {"round_integers_and_decimals", test_round_integers_and_decimals},
        {"floor_and_ceil_numbers", test_floor_and_ceil_numbers},
        {"power_and_sqrt_as_java", test_power_and_sqrt_as_java},
        {"to_timestamp_parses_or_gives_null", test_to_timestamp_parses_or_gives_null},
        {"date_format_uses_the_pattern", test_date_format_uses_the_pattern},
        {"extract_from_timestamp_and_date", test_extract_from_timestamp_and_date},
        {"floor_and_ceil_to_a_unit", test_floor_and_ceil_to_a_unit},
        {"current_and_local_timestamp_are_now", test_current_and_local_timestamp_are_now},
        {"unsupported_ops_are_reported_at_compile_time",
         test_unsupported_ops_are_reported_at_compile_time},
        {"functions_skip_rows_outside_the_selection",
         test_functions_skip_rows_outside_the_selection},
        {"program_reruns_on_a_new_batch", test_program_reruns_on_a_new_batch},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("expr", tests);
}
