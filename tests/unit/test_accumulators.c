/*
 * test_accumulators.c - per-group aggregate state (exec/accumulators.c): every kind
 * with NULLs, retraction, DISTINCT and FILTER; integer AVG truncation; DECIMAL scales
 * and overflow; STDDEV/VAR on known data; HyperLogLog accuracy; memory with many
 * groups; strings that outlive the batch they came in; acc_clear emptying groups of
 * every kind (a reused id starts empty) and freeing their memory; acc_merge of slices
 * giving what one accumulator fed every row gives.
 *
 * Rows are staged with add_* (group, sign, value), then flush() applies them in one
 * acc_update: row i sits at vector position 2i+1, so the update must follow `rows`, and
 * afterwards the staged strings are overwritten and their arena reset, so a state that
 * kept a pointer into the batch shows garbage.
 */
#include "exec/acc_internal.h"
#include "exec/agg.h"

#include "tests/unit/unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixture ----------------------------------------------------------------------- */

#define MAX_STAGED (BATCH_CAPACITY / 2)

static Vector g_arg, g_filter, g_out;
static bool g_use_filter;
static uint32_t g_n;
static uint32_t g_gids[MAX_STAGED];
static int8_t g_signs[MAX_STAGED];
static uint16_t g_rows[MAX_STAGED];
static Arena *g_batch_arena; /* the staged strings, wiped after each flush */
static Arena *g_out_arena;   /* result strings */
static SqlType g_res_type;
static Diag g_diag;

static SqlType T(TypeId id) {
    return type_make(id);
}

static void begin(SqlType arg_type) {
    vec_release(&g_arg);
    vec_release(&g_filter);
    vec_init(&g_arg, arg_type.id == TYPE_NULL ? T(TYPE_BIGINT) : arg_type);
    g_arg.type = arg_type;
    vec_init(&g_filter, T(TYPE_BOOLEAN));
    g_use_filter = false;
    g_n = 0;
    if (!g_batch_arena)
        g_batch_arena = arena_new(4096);
    if (!g_out_arena)
        g_out_arena = arena_new(4096);
    diag_init(&g_diag);
}

static Accumulator *mk(AggKind kind, SqlType arg, SqlType res, bool retract) {
    AggCall call = {.kind = kind,
                    .arg = kind == AGG_COUNT_STAR ? -1 : 0,
                    .arg_type = kind == AGG_COUNT_STAR ? T(TYPE_NULL) : arg,
                    .result_type = res,
                    .filter = -1,
                    .may_retract = retract};
    g_res_type = res;
    begin(arg);
    return acc_new(&call);
}

static Accumulator *mk_call(AggCall call) {
    g_res_type = call.result_type;
    begin(call.arg_type);
    return acc_new(&call);
}

/* Stages one row and returns its vector position. */
static uint32_t stage(uint32_t gid, int sign) {
    CU_ASSERT_FATAL(g_n < MAX_STAGED);
    uint32_t pos = 2 * g_n + 1;
    g_gids[g_n] = gid;
    g_signs[g_n] = (int8_t)sign;
    g_rows[g_n] = (uint16_t)pos;
    g_n++;
    vec_set_valid(&g_arg, pos);
    vec_set_valid(&g_filter, pos);
    ((uint8_t *)g_filter.data)[pos] = 1;
    return pos;
}

static void add_i(uint32_t gid, int sign, int64_t v) {
    uint32_t pos = stage(gid, sign);
    switch (g_arg.type.id) {
        case TYPE_BOOLEAN:
            ((uint8_t *)g_arg.data)[pos] = (uint8_t)v;
            break;
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
        case TYPE_DATE:
        case TYPE_TIME:
            ((int32_t *)g_arg.data)[pos] = (int32_t)v;
            break;
        default:
            ((int64_t *)g_arg.data)[pos] = v;
            break;
    }
}

static void add_d(uint32_t gid, int sign, double v) {
    uint32_t pos = stage(gid, sign);
    if (g_arg.type.id == TYPE_FLOAT)
        ((float *)g_arg.data)[pos] = (float)v;
    else
        ((double *)g_arg.data)[pos] = v;
}

static void add_s(uint32_t gid, int sign, const char *s) {
    uint32_t pos = stage(gid, sign);
    size_t len = strlen(s);
    StrRef *d = g_arg.data;
    d[pos].ptr = arena_strndup(g_batch_arena, s, len);
    d[pos].len = (uint32_t)len;
}

static void add_null(uint32_t gid, int sign) {
    uint32_t pos = stage(gid, sign);
    vec_set_null(&g_arg, pos);
}

/* The FILTER value of the last staged row: 1 TRUE, 0 FALSE, -1 NULL. */
static void filter_last(int v) {
    uint32_t pos = g_rows[g_n - 1];
    g_use_filter = true;
    if (v < 0)
        vec_set_null(&g_filter, pos);
    else
        ((uint8_t *)g_filter.data)[pos] = (uint8_t)v;
}

/* Wipes the staged string bytes: the state must have copied what it keeps. */
static void wipe_strings(void) {
    if (g_arg.type.id == TYPE_VARCHAR || g_arg.type.id == TYPE_CHAR) {
        StrRef *d = g_arg.data;
        for (uint32_t i = 0; i < g_n; i++)
            if (d[g_rows[i]].len)
                memset((char *)d[g_rows[i]].ptr, '#', d[g_rows[i]].len);
    }
    arena_reset(g_batch_arena);
}

static int flush_rc(Accumulator *acc) {
    uint32_t max_gid = 0;
    for (uint32_t i = 0; i < g_n; i++)
        max_gid = MAX(max_gid, g_gids[i] + 1);
    acc_reserve(acc, max_gid);
    const Vector *arg = acc && g_arg.type.id != TYPE_NULL ? &g_arg : NULL;
    int rc = acc_update(acc, arg, g_use_filter ? &g_filter : NULL, g_rows, g_gids, g_signs, g_n,
                        &g_diag);
    wipe_strings();
    vec_reset(&g_arg);
    vec_reset(&g_filter);
    g_use_filter = false;
    g_n = 0;
    return rc;
}

static void flush(Accumulator *acc) {
    CU_ASSERT_EQUAL(flush_rc(acc), 0);
}

/* The result of one group into row 0 of g_out; true when it is not NULL. */
static bool result(Accumulator *acc, uint32_t gid) {
    vec_release(&g_out);
    vec_init(&g_out, g_res_type);
    vec_set_null(&g_out, 0); /* acc_result must make it valid again */
    acc_reserve(acc, gid + 1);
    acc_result(acc, &gid, 1, &g_out, g_out_arena);
    return !vec_is_null(&g_out, 0);
}

static bool is_null(Accumulator *acc, uint32_t gid) {
    return !result(acc, gid);
}

static int64_t res_i(Accumulator *acc, uint32_t gid) {
    CU_ASSERT_TRUE(result(acc, gid));
    switch (g_out.type.id) {
        case TYPE_BOOLEAN:
            return ((uint8_t *)g_out.data)[0];
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
        case TYPE_DATE:
        case TYPE_TIME:
            return ((int32_t *)g_out.data)[0];
        default:
            return ((int64_t *)g_out.data)[0];
    }
}

static double res_d(Accumulator *acc, uint32_t gid) {
    CU_ASSERT_TRUE(result(acc, gid));
    if (g_out.type.id == TYPE_FLOAT)
        return ((float *)g_out.data)[0];
    return ((double *)g_out.data)[0];
}

static char g_sbuf[4096];
static const char *res_s(Accumulator *acc, uint32_t gid) {
    if (!result(acc, gid))
        return "<NULL>";
    StrRef s = ((StrRef *)g_out.data)[0];
    size_t len = MIN((size_t)s.len, sizeof g_sbuf - 1);
    memcpy(g_sbuf, s.ptr, len);
    g_sbuf[len] = '\0';
    return g_sbuf;
}

static void done(Accumulator *acc) {
    acc_free(acc);
    arena_reset(g_out_arena);
}

static int cleanup(void) {
    vec_release(&g_arg);
    vec_release(&g_filter);
    vec_release(&g_out);
    arena_free(g_batch_arena);
    arena_free(g_out_arena);
    g_batch_arena = g_out_arena = NULL;
    return 0;
}

#define STR_EQ(acc, gid, want) CU_ASSERT_STRING_EQUAL(res_s(acc, gid), want)

/* ---- COUNT ------------------------------------------------------------------------- */

static void test_count_star_counts_rows_count_skips_nulls(void) {
    Accumulator *star = mk(AGG_COUNT_STAR, T(TYPE_NULL), T(TYPE_BIGINT), true);
    Accumulator *cnt = acc_new(&(AggCall){
        .kind = AGG_COUNT, .arg_type = T(TYPE_INT), .result_type = T(TYPE_BIGINT), .filter = -1});
    begin(T(TYPE_INT));
    add_i(0, 1, 5);
    add_null(0, 1);
    add_i(0, 1, 7);
    add_null(1, 1);
    /* same staged rows for both */
    uint32_t n = g_n;
    acc_reserve(star, 3);
    acc_reserve(cnt, 3);
    CU_ASSERT_EQUAL(acc_update(star, NULL, NULL, g_rows, g_gids, g_signs, n, &g_diag), 0);
    flush(cnt);
    CU_ASSERT_EQUAL(res_i(star, 0), 3);
    CU_ASSERT_EQUAL(res_i(star, 1), 1);
    CU_ASSERT_EQUAL(res_i(star, 2), 0); /* an empty group counts 0, never NULL */
    CU_ASSERT_EQUAL(res_i(cnt, 0), 2);
    CU_ASSERT_EQUAL(res_i(cnt, 1), 0);
    /* retraction down to zero */
    add_i(0, -1, 5);
    add_null(0, -1);
    add_i(0, -1, 7);
    n = g_n;
    CU_ASSERT_EQUAL(acc_update(star, NULL, NULL, g_rows, g_gids, g_signs, n, &g_diag), 0);
    flush(cnt);
    CU_ASSERT_EQUAL(res_i(star, 0), 0);
    CU_ASSERT_EQUAL(res_i(cnt, 0), 0);
    done(star);
    done(cnt);
}

static void test_filter_counts_only_true_rows(void) {
    Accumulator *acc = mk(AGG_COUNT_STAR, T(TYPE_NULL), T(TYPE_BIGINT), false);
    begin(T(TYPE_BIGINT));
    add_i(0, 1, 0);
    filter_last(1);
    add_i(0, 1, 0);
    filter_last(0);
    add_i(0, 1, 0);
    filter_last(-1);
    add_i(0, 1, 0);
    filter_last(1);
    acc_reserve(acc, 1);
    CU_ASSERT_EQUAL(acc_update(acc, NULL, &g_filter, g_rows, g_gids, g_signs, g_n, &g_diag), 0);
    g_n = 0;
    CU_ASSERT_EQUAL(res_i(acc, 0), 2);
    done(acc);

    acc = mk(AGG_SUM, T(TYPE_INT), T(TYPE_INT), false);
    add_i(0, 1, 10);
    filter_last(1);
    add_i(0, 1, 100);
    filter_last(0);
    add_null(0, 1);
    filter_last(1);
    add_i(1, 1, 5);
    filter_last(-1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 10);
    CU_ASSERT_TRUE(is_null(acc, 1)); /* its only row was filtered out */
    done(acc);
}

/* ---- SUM --------------------------------------------------------------------------- */

static void test_sum_null_when_no_values_and_after_retraction(void) {
    Accumulator *acc = mk(AGG_SUM, T(TYPE_INT), T(TYPE_INT), true);
    add_i(0, 1, 3);
    add_null(0, 1);
    add_i(0, 1, 4);
    add_null(1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 7);
    CU_ASSERT_TRUE(is_null(acc, 1));
    CU_ASSERT_TRUE(is_null(acc, 2));
    add_i(0, -1, 3);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 4);
    add_i(0, -1, 4);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0)); /* empty again: NULL, not 0 */
    add_i(0, 1, 0);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 0);
    done(acc);
}

static void test_sum_wraps_like_java(void) {
    Accumulator *acc = mk(AGG_SUM, T(TYPE_INT), T(TYPE_INT), false);
    add_i(0, 1, INT32_MAX);
    add_i(0, 1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), INT32_MIN);
    done(acc);

    acc = mk(AGG_SUM, T(TYPE_TINYINT), T(TYPE_TINYINT), false);
    add_i(0, 1, 100);
    add_i(0, 1, 100);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), -56);
    done(acc);

    acc = mk(AGG_SUM, T(TYPE_BIGINT), T(TYPE_BIGINT), true);
    add_i(0, 1, INT64_MAX);
    add_i(0, 1, 2);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), INT64_MIN + 1);
    add_i(0, -1, 2); /* retraction undoes the wrap exactly */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), INT64_MAX);
    done(acc);
}

static void test_sum_double_and_float(void) {
    Accumulator *acc = mk(AGG_SUM, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, 1, 1.5);
    add_d(0, 1, 2.25);
    add_null(0, 1);
    add_d(1, 1, -0.5);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 3.75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 1), -0.5, 1e-12);
    add_d(1, -1, -0.5);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 1));
    done(acc);

    acc = mk(AGG_SUM, T(TYPE_FLOAT), T(TYPE_FLOAT), false);
    add_d(0, 1, 0.5);
    add_d(0, 1, 0.25);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 0.75, 1e-6);
    done(acc);
}

static void test_sum_decimal_scale_and_overflow(void) {
    Accumulator *acc = mk(AGG_SUM, type_decimal(10, 2), type_decimal(18, 2), true);
    add_i(0, 1, 125); /* 1.25 */
    add_i(0, 1, 250); /* 2.50 */
    add_i(0, 1, -5);  /* -0.05 */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 370); /* 3.70 */
    done(acc);

    /* past 18 digits: NULL (Flink gives NULL on DECIMAL overflow); a retraction that
     * brings the sum back in range gives the exact value again */
    acc = mk(AGG_SUM, type_decimal(18, 0), type_decimal(18, 0), true);
    add_i(0, 1, INT64_C(999999999999999999));
    add_i(0, 1, 1);
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999));
    add_i(1, 1, INT64_C(999999999999999999)); /* 10x: past int64 too */
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0));
    CU_ASSERT_TRUE(is_null(acc, 1));
    add_i(0, -1, 1);
    for (int i = 0; i < 9; i++)
        add_i(1, -1, INT64_C(999999999999999999));
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), INT64_C(999999999999999999));
    CU_ASSERT_EQUAL(res_i(acc, 1), INT64_C(999999999999999999));
    done(acc);

    /* a larger result scale rescales */
    acc = mk(AGG_SUM, type_decimal(5, 1), type_decimal(18, 3), false);
    add_i(0, 1, 15); /* 1.5 */
    add_i(0, 1, 1);  /* 0.1 */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1600);
    done(acc);
}

/* ---- AVG --------------------------------------------------------------------------- */

static void test_avg_integer_truncates(void) {
    Accumulator *acc = mk(AGG_AVG, T(TYPE_INT), T(TYPE_INT), true);
    add_i(0, 1, 1);
    add_i(0, 1, 2);
    add_i(1, 1, -1);
    add_i(1, 1, -2);
    add_i(2, 1, INT32_MAX);
    add_i(2, 1, INT32_MAX); /* the sum is kept wide: no overflow */
    add_null(3, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    CU_ASSERT_EQUAL(res_i(acc, 1), -1); /* toward zero, as Java */
    CU_ASSERT_EQUAL(res_i(acc, 2), INT32_MAX);
    CU_ASSERT_TRUE(is_null(acc, 3));
    add_i(0, -1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2);
    add_i(0, -1, 2);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0));
    done(acc);

    acc = mk(AGG_AVG, T(TYPE_BIGINT), T(TYPE_BIGINT), false);
    add_i(0, 1, 10);
    add_i(0, 1, 11);
    add_i(0, 1, 11);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 10);
    done(acc);
}

static void test_avg_double(void) {
    Accumulator *acc = mk(AGG_AVG, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, 1, 1.0);
    add_d(0, 1, 2.0);
    add_null(0, 1);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 1.5, 1e-12);
    add_d(0, -1, 2.0);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 1.0, 1e-12);
    done(acc);
}

static void test_avg_decimal_rounds_half_up_to_result_scale(void) {
    Accumulator *acc = mk(AGG_AVG, type_decimal(10, 2), type_decimal(18, 6), true);
    add_i(0, 1, 100); /* 1.00 */
    add_i(0, 1, 200);
    add_i(0, 1, 200); /* 5.00 / 3 = 1.6666666... */
    add_i(1, 1, -100);
    add_i(1, 1, -200);
    add_i(1, 1, -200);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1666667);
    CU_ASSERT_EQUAL(res_i(acc, 1), -1666667); /* half-up is away from zero */
    add_i(0, -1, 200);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1500000);
    done(acc);

    /* a tie at the result scale: 0.01 and 0.00 average 0.005 -> 0.01 at scale 2 */
    acc = mk(AGG_AVG, type_decimal(10, 2), type_decimal(18, 2), false);
    add_i(0, 1, 1);
    add_i(0, 1, 0);
    add_i(1, 1, -1);
    add_i(1, 1, 0);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    CU_ASSERT_EQUAL(res_i(acc, 1), -1);
    done(acc);
}

/* ---- MIN / MAX --------------------------------------------------------------------- */

static void test_min_max_append_only_every_type(void) {
    Accumulator *mn = mk(AGG_MIN, T(TYPE_INT), T(TYPE_INT), false);
    add_i(0, 1, 5);
    add_null(0, 1);
    add_i(0, 1, -3);
    add_i(0, 1, 9);
    add_null(1, 1);
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), -3);
    CU_ASSERT_TRUE(is_null(mn, 1));
    done(mn);

    Accumulator *mx = mk(AGG_MAX, T(TYPE_DOUBLE), T(TYPE_DOUBLE), false);
    add_d(0, 1, -1.5);
    add_d(0, 1, -0.25);
    add_d(0, 1, -7.0);
    add_d(1, 1, -INFINITY);
    flush(mx);
    CU_ASSERT_DOUBLE_EQUAL(res_d(mx, 0), -0.25, 0);
    CU_ASSERT_TRUE(isinf(res_d(mx, 1)) && res_d(mx, 1) < 0);
    done(mx);

    mn = mk(AGG_MIN, T(TYPE_FLOAT), T(TYPE_FLOAT), false);
    add_d(0, 1, 2.5);
    add_d(0, 1, -1.25);
    flush(mn);
    CU_ASSERT_DOUBLE_EQUAL(res_d(mn, 0), -1.25, 0);
    done(mn);

    /* strings by bytes (unsigned): "a" < "ab" < "b" < "\xc3\xa9" */
    mn = mk(AGG_MIN, type_string(), type_string(), false);
    mx = acc_new(&(AggCall){
        .kind = AGG_MAX, .arg_type = type_string(), .result_type = type_string(), .filter = -1});
    begin(type_string());
    add_s(0, 1, "b");
    add_s(0, 1, "\xc3\xa9");
    add_s(0, 1, "ab");
    add_s(0, 1, "a");
    add_null(0, 1);
    uint32_t n = g_n;
    acc_reserve(mx, 1);
    CU_ASSERT_EQUAL(acc_update(mx, &g_arg, NULL, g_rows, g_gids, g_signs, n, &g_diag), 0);
    flush(mn); /* wipes the batch's strings */
    STR_EQ(mn, 0, "a");
    STR_EQ(mx, 0, "\xc3\xa9");
    done(mn);
    done(mx);

    mx = mk(AGG_MAX, T(TYPE_BOOLEAN), T(TYPE_BOOLEAN), false);
    add_i(0, 1, 0);
    add_i(0, 1, 1);
    add_i(1, 1, 0);
    flush(mx);
    CU_ASSERT_EQUAL(res_i(mx, 0), 1);
    CU_ASSERT_EQUAL(res_i(mx, 1), 0);
    done(mx);

    mn = mk(AGG_MIN, type_timestamp(3), type_timestamp(3), false);
    add_i(0, 1, INT64_C(1586937900000));
    add_i(0, 1, INT64_C(-1000));
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), -1000);
    done(mn);

    mx = mk(AGG_MAX, T(TYPE_DATE), T(TYPE_DATE), false);
    add_i(0, 1, 18000);
    add_i(0, 1, 18367);
    add_i(0, 1, -5);
    flush(mx);
    CU_ASSERT_EQUAL(res_i(mx, 0), 18367);
    done(mx);

    mx = mk(AGG_MAX, type_decimal(10, 2), type_decimal(10, 2), false);
    add_i(0, 1, -100);
    add_i(0, 1, 250);
    flush(mx);
    CU_ASSERT_EQUAL(res_i(mx, 0), 250);
    done(mx);
}

static void test_min_max_retracting_the_extreme_reveals_the_next(void) {
    Accumulator *mn = mk(AGG_MIN, T(TYPE_INT), T(TYPE_INT), true);
    add_i(0, 1, 3);
    add_i(0, 1, 1);
    add_i(0, 1, 1);
    add_i(0, 1, 2);
    add_i(1, 1, 10);
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), 1);
    add_i(0, -1, 1); /* one copy of 1 remains */
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), 1);
    add_i(0, -1, 1);
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), 2);
    add_i(0, -1, 2);
    add_i(0, 1, 0); /* in the same batch: a new extreme */
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), 0);
    add_i(0, -1, 0);
    add_i(0, -1, 3);
    add_i(1, -1, 10);
    flush(mn);
    CU_ASSERT_TRUE(is_null(mn, 0));
    CU_ASSERT_TRUE(is_null(mn, 1));
    add_i(0, 1, 42);
    flush(mn);
    CU_ASSERT_EQUAL(res_i(mn, 0), 42);
    done(mn);

    Accumulator *mx = mk(AGG_MAX, type_string(), type_string(), true);
    add_s(0, 1, "pear");
    add_s(0, 1, "zucchini");
    add_s(0, 1, "apple");
    flush(mx);
    STR_EQ(mx, 0, "zucchini");
    add_s(0, -1, "zucchini");
    flush(mx);
    STR_EQ(mx, 0, "pear");
    add_s(0, -1, "pear");
    add_s(0, -1, "apple");
    flush(mx);
    STR_EQ(mx, 0, "<NULL>");
    done(mx);

    /* doubles: -0.0 < 0.0 and NaN above everything, as Java's Double.compare */
    mx = mk(AGG_MAX, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, 1, 1.0);
    add_d(0, 1, NAN);
    add_d(1, 1, -0.0);
    add_d(1, 1, 0.0);
    flush(mx);
    CU_ASSERT_TRUE(isnan(res_d(mx, 0)));
    CU_ASSERT_TRUE(res_d(mx, 1) == 0.0 && !signbit(res_d(mx, 1)));
    add_d(0, -1, NAN);
    add_d(1, -1, 0.0);
    flush(mx);
    CU_ASSERT_DOUBLE_EQUAL(res_d(mx, 0), 1.0, 0);
    CU_ASSERT_TRUE(signbit(res_d(mx, 1)));
    done(mx);
}

static void test_append_only_state_rejects_retraction(void) {
    Accumulator *mn = mk(AGG_MIN, T(TYPE_INT), T(TYPE_INT), false);
    add_i(0, -1, 3);
    CU_ASSERT_EQUAL(flush_rc(mn), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(g_diag.msg, "MIN"));
    done(mn);
}

static void test_many_groups_min_retract(void) {
    Accumulator *mn = mk(AGG_MIN, T(TYPE_BIGINT), T(TYPE_BIGINT), true);
    /* 2000 groups x 8 values, then retract the minimum of the even groups */
    for (int round = 0; round < 8; round++) {
        for (uint32_t g = 0; g < 2000; g++) {
            add_i(g, 1, (int64_t)((g * 7 + (uint32_t)round * 13) % 50));
            if (g_n == MAX_STAGED)
                flush(mn);
        }
    }
    flush(mn);
    for (uint32_t g = 0; g < 2000; g += 2) {
        int64_t m = res_i(mn, g);
        add_i(g, -1, m);
        if (g_n == MAX_STAGED)
            flush(mn);
    }
    flush(mn);
    bool ok = true;
    for (uint32_t g = 0; g < 2000; g++) {
        int64_t want = INT64_MAX, second = INT64_MAX;
        for (int round = 0; round < 8; round++) {
            int64_t v = (int64_t)((g * 7 + (uint32_t)round * 13) % 50);
            if (v < want) {
                second = want;
                want = v;
            } else if (v < second) {
                second = v;
            }
        }
        if (res_i(mn, g) != (g % 2 == 0 ? second : want))
            ok = false;
    }
    CU_ASSERT_TRUE(ok);
    done(mn);
}

/* ---- FIRST_VALUE / LAST_VALUE ------------------------------------------------------ */

static void test_first_last_value_skip_nulls(void) {
    Accumulator *first = mk(AGG_FIRST_VALUE, T(TYPE_INT), T(TYPE_INT), false);
    add_null(0, 1);
    add_i(0, 1, 7);
    add_i(0, 1, 3);
    add_null(1, 1);
    flush(first);
    CU_ASSERT_EQUAL(res_i(first, 0), 7);
    CU_ASSERT_TRUE(is_null(first, 1));
    add_i(0, 1, 1);
    flush(first);
    CU_ASSERT_EQUAL(res_i(first, 0), 7);
    done(first);

    Accumulator *last = mk(AGG_LAST_VALUE, type_string(), type_string(), false);
    add_s(0, 1, "x");
    add_s(0, 1, "y");
    add_null(0, 1);
    flush(last);
    STR_EQ(last, 0, "y");
    add_s(0, 1, "z");
    flush(last);
    STR_EQ(last, 0, "z");
    done(last);

    first = mk(AGG_FIRST_VALUE, type_string(), type_string(), false);
    add_s(0, 1, "early");
    add_s(0, 1, "late");
    flush(first);
    STR_EQ(first, 0, "early"); /* the batch's bytes were wiped: this is a copy */
    done(first);
}

static void test_first_last_value_retraction_keeps_arrival_order(void) {
    Accumulator *first = mk(AGG_FIRST_VALUE, type_string(), type_string(), true);
    add_s(0, 1, "a");
    add_s(0, 1, "b");
    add_s(0, 1, "a");
    add_s(0, 1, "c");
    flush(first);
    STR_EQ(first, 0, "a");
    add_s(0, -1, "a"); /* the earliest "a" goes */
    flush(first);
    STR_EQ(first, 0, "b");
    add_s(0, -1, "b");
    flush(first);
    STR_EQ(first, 0, "a");
    add_s(0, -1, "zzz"); /* never added: ignored */
    add_s(0, -1, "a");
    add_s(0, -1, "c");
    flush(first);
    STR_EQ(first, 0, "<NULL>");
    done(first);

    Accumulator *last = mk(AGG_LAST_VALUE, T(TYPE_BIGINT), T(TYPE_BIGINT), true);
    add_i(0, 1, 1);
    add_i(0, 1, 2);
    add_i(0, 1, 1);
    add_null(0, 1);
    flush(last);
    CU_ASSERT_EQUAL(res_i(last, 0), 1);
    add_i(0, -1, 1); /* removes the first 1; the last 1 stays */
    flush(last);
    CU_ASSERT_EQUAL(res_i(last, 0), 1);
    add_i(0, -1, 1);
    flush(last);
    CU_ASSERT_EQUAL(res_i(last, 0), 2);
    add_i(0, -1, 2);
    flush(last);
    CU_ASSERT_TRUE(is_null(last, 0));
    done(last);
}

/* ---- LISTAGG ----------------------------------------------------------------------- */

static void test_listagg_joins_in_arrival_order(void) {
    Accumulator *acc = mk(AGG_LISTAGG, type_string(), type_string(), false);
    add_s(0, 1, "a");
    add_null(0, 1);
    add_s(0, 1, "bc");
    add_s(1, 1, "");
    add_s(1, 1, "");
    add_null(2, 1);
    flush(acc);
    add_s(0, 1, "d");
    flush(acc);
    STR_EQ(acc, 0, "a,bc,d");
    STR_EQ(acc, 1, ",");
    STR_EQ(acc, 2, "<NULL>");
    done(acc);

    acc = mk_call((AggCall){.kind = AGG_LISTAGG,
                            .arg_type = type_string(),
                            .result_type = type_string(),
                            .filter = -1,
                            .separator = {" | ", 3}});
    add_s(0, 1, "x");
    add_s(0, 1, "y");
    flush(acc);
    STR_EQ(acc, 0, "x | y");
    done(acc);
}

static void test_listagg_retraction_removes_first_equal_value(void) {
    Accumulator *acc = mk_call((AggCall){.kind = AGG_LISTAGG,
                                         .arg_type = type_string(),
                                         .result_type = type_string(),
                                         .filter = -1,
                                         .separator = {";", 1},
                                         .may_retract = true});
    add_s(0, 1, "a");
    add_s(0, 1, "b");
    add_s(0, 1, "a");
    add_s(0, 1, "c");
    flush(acc);
    STR_EQ(acc, 0, "a;b;a;c");
    add_s(0, -1, "a");
    flush(acc);
    STR_EQ(acc, 0, "b;a;c");
    add_s(0, -1, "c");
    flush(acc);
    STR_EQ(acc, 0, "b;a");
    add_s(0, 1, "d");
    add_s(0, -1, "b");
    flush(acc);
    STR_EQ(acc, 0, "a;d");
    add_s(0, -1, "a");
    add_s(0, -1, "d");
    flush(acc);
    STR_EQ(acc, 0, "<NULL>");
    add_s(0, 1, "again");
    flush(acc);
    STR_EQ(acc, 0, "again");
    done(acc);
}

/* ---- STDDEV / VAR ------------------------------------------------------------------ */

static const int KNOWN[] = {2, 4, 4, 4, 5, 5, 7, 9}; /* mean 5, M2 32 */

static Accumulator *var_acc(AggKind kind, SqlType arg, SqlType res, bool retract) {
    Accumulator *acc = mk(kind, arg, res, retract);
    for (size_t i = 0; i < ARRAY_LEN(KNOWN); i++) {
        if (arg.id == TYPE_DOUBLE)
            add_d(0, 1, KNOWN[i]);
        else if (arg.id == TYPE_DECIMAL)
            add_i(0, 1, KNOWN[i] * 100);
        else
            add_i(0, 1, KNOWN[i]);
    }
    add_null(0, 1);
    flush(acc);
    return acc;
}

static void test_stddev_var_on_known_data(void) {
    Accumulator *acc = var_acc(AGG_VAR_POP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), false);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 4.0, 1e-12);
    done(acc);
    acc = var_acc(AGG_STDDEV_POP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), false);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 2.0, 1e-12);
    done(acc);
    acc = var_acc(AGG_VAR_SAMP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), false);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 32.0 / 7, 1e-12);
    done(acc);
    acc = var_acc(AGG_STDDEV_SAMP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), false);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), sqrt(32.0 / 7), 1e-12);
    done(acc);

    /* integer arguments give an integer result: truncated */
    acc = var_acc(AGG_VAR_SAMP, T(TYPE_INT), T(TYPE_INT), false);
    CU_ASSERT_EQUAL(res_i(acc, 0), 4); /* 4.571... */
    done(acc);
    acc = var_acc(AGG_STDDEV_SAMP, T(TYPE_BIGINT), T(TYPE_BIGINT), false);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2); /* 2.138... */
    done(acc);

    /* DECIMAL: rounded half-up to the result scale */
    acc = var_acc(AGG_STDDEV_SAMP, type_decimal(10, 2), type_decimal(18, 6), false);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2138090); /* 2.1380899... */
    done(acc);
    acc = var_acc(AGG_VAR_POP, type_decimal(10, 2), type_decimal(18, 2), false);
    CU_ASSERT_EQUAL(res_i(acc, 0), 400);
    done(acc);
}

static void test_var_decimal_result_rounds_java_digits_half_up(void) {
    /* VAR_POP(0.0, 0.3) is the double 0.02249999999999999917, whose Java digits are
     * 0.0225: Flink's CAST to DECIMAL(18, 3) (BigDecimal.valueOf, HALF_UP) gives 0.023 */
    Accumulator *acc = mk(AGG_VAR_POP, type_decimal(10, 1), type_decimal(18, 3), false);
    add_i(0, 1, 0);
    add_i(0, 1, 3);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 23);
    done(acc);
    /* past the result precision: NULL */
    acc = mk(AGG_VAR_POP, type_decimal(10, 0), type_decimal(4, 2), false);
    add_i(0, 1, 0);
    add_i(0, 1, 1000);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0)); /* 250000.00 does not fit DECIMAL(4, 2) */
    done(acc);
}

static void test_stddev_var_one_value_empty_and_retraction(void) {
    Accumulator *samp = mk(AGG_VAR_SAMP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, 1, 3.0);
    flush(samp);
    CU_ASSERT_TRUE(is_null(samp, 0)); /* SAMP of one value */
    CU_ASSERT_TRUE(is_null(samp, 1)); /* no values */
    done(samp);

    Accumulator *pop = mk(AGG_VAR_POP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, 1, 3.0);
    flush(pop);
    CU_ASSERT_DOUBLE_EQUAL(res_d(pop, 0), 0.0, 0);
    done(pop);

    /* retracting 9 from the known data: 2,4,4,4,5,5,7 */
    Accumulator *acc = var_acc(AGG_VAR_POP, T(TYPE_DOUBLE), T(TYPE_DOUBLE), true);
    add_d(0, -1, 9);
    flush(acc);
    double mean = 31.0 / 7, m2 = 0;
    for (int i = 0; i < 7; i++)
        m2 += (KNOWN[i] - mean) * (KNOWN[i] - mean);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), m2 / 7, 1e-9);
    for (int i = 0; i < 6; i++)
        add_d(0, -1, KNOWN[i]);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 0.0, 0); /* one value left: exactly 0 */
    add_d(0, -1, KNOWN[6]);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0));
    add_d(0, 1, 10);
    add_d(0, 1, 20);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 25.0, 1e-12);
    done(acc);
}

/* ---- DISTINCT ---------------------------------------------------------------------- */

static void test_distinct_counts_each_value_once_by_reference_count(void) {
    Accumulator *acc = mk_call((AggCall){.kind = AGG_COUNT,
                                         .arg_type = T(TYPE_INT),
                                         .result_type = T(TYPE_BIGINT),
                                         .filter = -1,
                                         .is_distinct = true,
                                         .may_retract = true});
    add_i(0, 1, 1);
    add_i(0, 1, 1);
    add_i(0, 1, 2);
    add_null(0, 1);
    add_i(1, 1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2);
    CU_ASSERT_EQUAL(res_i(acc, 1), 1); /* per group */
    add_i(0, -1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2); /* one 1 remains */
    add_i(0, -1, 1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    add_i(0, -1, 7); /* never seen: ignored */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    done(acc);

    acc = mk_call((AggCall){.kind = AGG_SUM,
                            .arg_type = T(TYPE_BIGINT),
                            .result_type = T(TYPE_BIGINT),
                            .filter = -1,
                            .is_distinct = true,
                            .may_retract = true});
    add_i(0, 1, 5);
    add_i(0, 1, 5);
    add_i(0, 1, 6);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 11);
    add_i(0, -1, 5);
    add_i(0, -1, 5);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 6);
    done(acc);

    acc = mk_call((AggCall){.kind = AGG_AVG,
                            .arg_type = T(TYPE_DOUBLE),
                            .result_type = T(TYPE_DOUBLE),
                            .filter = -1,
                            .is_distinct = true});
    add_d(0, 1, 1.0);
    add_d(0, 1, 1.0);
    add_d(0, 1, 1.0);
    add_d(0, 1, 4.0);
    flush(acc);
    CU_ASSERT_DOUBLE_EQUAL(res_d(acc, 0), 2.5, 1e-12);
    done(acc);

    acc = mk_call((AggCall){.kind = AGG_LISTAGG,
                            .arg_type = type_string(),
                            .result_type = type_string(),
                            .filter = -1,
                            .is_distinct = true});
    add_s(0, 1, "x");
    add_s(0, 1, "y");
    add_s(0, 1, "x");
    flush(acc);
    add_s(0, 1, "y");
    add_s(0, 1, "z");
    flush(acc);
    STR_EQ(acc, 0, "x,y,z");
    done(acc);

    /* DISTINCT with FILTER: the filter decides first */
    acc = mk_call((AggCall){.kind = AGG_COUNT,
                            .arg_type = type_string(),
                            .result_type = T(TYPE_BIGINT),
                            .filter = 1,
                            .is_distinct = true});
    add_s(0, 1, "a");
    filter_last(0);
    add_s(0, 1, "b");
    filter_last(1);
    add_s(0, 1, "a");
    filter_last(1);
    add_s(0, 1, "b");
    filter_last(1);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 2);
    done(acc);

    acc = mk_call((AggCall){.kind = AGG_MAX,
                            .arg_type = T(TYPE_INT),
                            .result_type = T(TYPE_INT),
                            .filter = -1,
                            .is_distinct = true,
                            .may_retract = true});
    add_i(0, 1, 3);
    add_i(0, 1, 3);
    add_i(0, 1, 1);
    add_i(0, -1, 3);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 3);
    done(acc);
}

/* COUNT(DISTINCT) of integers against a model: many groups and values (the set grows
 * and is rebuilt), retractions (tombstones reused), retractions of absent values,
 * then groups emptied by acc_clear. */
static void test_distinct_set_matches_a_model(void) {
    enum { GROUPS = 40, VALUES = 300 };
    static int64_t model[GROUPS][VALUES]; /* copies of each value per group */
    memset(model, 0, sizeof model);
    Accumulator *acc = mk_call((AggCall){.kind = AGG_COUNT,
                                         .arg_type = T(TYPE_BIGINT),
                                         .result_type = T(TYPE_BIGINT),
                                         .filter = -1,
                                         .is_distinct = true,
                                         .may_retract = true});
    uint64_t rng = 12345;
    for (int round = 0; round < 60; round++) {
        for (uint32_t i = 0; i < MAX_STAGED; i++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t g = (uint32_t)(rng >> 33) % GROUPS;
            uint32_t v = (uint32_t)(rng >> 13) % VALUES;
            bool retract = round > 20 && (rng >> 60) < 7; /* later rounds: ~45% retractions */
            if (retract) {
                if (model[g][v] > 0)
                    model[g][v]--;
                add_i(g, -1, (int64_t)v * 1000003); /* an absent value is ignored */
            } else {
                model[g][v]++;
                add_i(g, 1, (int64_t)v * 1000003);
            }
        }
        flush(acc);
        for (uint32_t g = 0; g < GROUPS; g++) {
            int64_t want = 0;
            for (uint32_t v = 0; v < VALUES; v++)
                want += model[g][v] > 0;
            CU_ASSERT_EQUAL(res_i(acc, g), want);
        }
    }
    uint32_t ids[GROUPS / 2];
    for (uint32_t g = 0; g < GROUPS / 2; g++)
        ids[g] = g;
    acc_clear(acc, ids, GROUPS / 2);
    for (uint32_t g = 0; g < GROUPS; g++) {
        int64_t want = 0;
        for (uint32_t v = 0; v < VALUES && g >= GROUPS / 2; v++)
            want += model[g][v] > 0;
        CU_ASSERT_EQUAL(res_i(acc, g), want);
    }
    add_i(0, 1, 5); /* a cleared group starts empty */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    done(acc);
}

/* A value with more copies than a slot's 32-bit count keeps the excess exactly. */
static void test_distinct_count_past_32_bits(void) {
    Accumulator *acc = mk_call((AggCall){.kind = AGG_COUNT,
                                         .arg_type = T(TYPE_INT),
                                         .result_type = T(TYPE_BIGINT),
                                         .filter = -1,
                                         .is_distinct = true,
                                         .may_retract = true});
    add_i(0, 1, 7);
    flush(acc);
    DsSlot *slot = NULL;
    for (uint32_t s = 0; s <= acc->dset.mask; s++)
        if (acc->dset.slots[s].gid == 0)
            slot = &acc->dset.slots[s];
    CU_ASSERT_PTR_NOT_NULL_FATAL(slot);
    slot->count = UINT32_MAX - 1; /* as if four billion copies had come */
    add_i(0, 1, 7);
    add_i(0, 1, 7);
    add_i(0, 1, 7); /* UINT32_MAX in the slot, 2 more in the excess map */
    flush(acc);
    CU_ASSERT_EQUAL(slot->count, UINT32_MAX);
    CU_ASSERT_EQUAL(acc->seen.n_live, 1);
    add_i(0, -1, 7);
    add_i(0, -1, 7);
    add_i(0, -1, 7);
    flush(acc);
    CU_ASSERT_EQUAL(acc->seen.n_live, 0);
    CU_ASSERT_EQUAL(slot->count, UINT32_MAX - 1);
    CU_ASSERT_EQUAL(res_i(acc, 0), 1);
    slot->count = 1;
    add_i(0, -1, 7); /* the last copy */
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 0);
    done(acc);
}

/* Shared DISTINCT state: COUNT(DISTINCT x) and the same with FILTER, checked against a
 * model, with retractions (a count per member) and without (a bit per member; narrow
 * slots until values past 32 bits come, then wide ones). */
static void check_share(bool may_retract) {
    enum { GROUPS = 20, VALUES = 100 };
    static int64_t all[GROUPS][VALUES], odd[GROUPS][VALUES]; /* copies per member */
    memset(all, 0, sizeof all);
    memset(odd, 0, sizeof odd);
    AggCall call = {.kind = AGG_COUNT,
                    .arg = 0, /* column 0: g_arg; column 1: g_filter */
                    .arg_type = T(TYPE_BIGINT),
                    .result_type = T(TYPE_BIGINT),
                    .filter = -1,
                    .is_distinct = true,
                    .may_retract = may_retract};
    AggCall filtered = call;
    filtered.filter = 1;
    Accumulator *members[2] = {mk_call(call), acc_new(&filtered)};
    CU_ASSERT_TRUE(acc_can_share(members[0]));
    AccShare *share = acc_share_new(members, 2);
    uint64_t rng = 99;
    for (int round = 0; round < 40; round++) {
        if (round == 10 || round == 30) { /* state TTL empties groups 3 and 7: narrow, wide */
            uint32_t ids[2] = {3, 7};
            acc_share_clear(share, ids, 2);
            acc_clear(members[0], ids, 2);
            acc_clear(members[1], ids, 2);
            for (int c = 0; c < 2; c++) {
                memset(all[ids[c]], 0, sizeof all[ids[c]]);
                memset(odd[ids[c]], 0, sizeof odd[ids[c]]);
            }
        }
        for (uint32_t i = 0; i < MAX_STAGED; i++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t g = (uint32_t)(rng >> 33) % GROUPS, v = (uint32_t)(rng >> 13) % VALUES;
            if (round < 20) /* values of 32 bits first (narrow slots), then wider ones */
                v %= VALUES / 2;
            bool retract = may_retract && round > 10 && (rng >> 60) < 7;
            bool is_odd = (rng >> 40) & 1;
            int sign = retract ? -1 : 1;
            if (!retract || all[g][v] > 0)
                all[g][v] += sign;
            if (is_odd && (!retract || odd[g][v] > 0))
                odd[g][v] += sign;
            add_i(g, sign, v < VALUES / 2 ? (int64_t)v : (int64_t)v << 40);
            filter_last(is_odd);
        }
        acc_reserve(members[0], GROUPS);
        acc_reserve(members[1], GROUPS);
        Vector cols[2] = {g_arg, g_filter};
        CU_ASSERT_EQUAL(acc_share_update(share, cols, g_rows, g_gids, g_signs, g_n, &g_diag), 0);
        g_n = 0;
        for (uint32_t g = 0; g < GROUPS; g++) {
            int64_t want_all = 0, want_odd = 0;
            for (uint32_t v = 0; v < VALUES; v++) {
                want_all += all[g][v] > 0;
                want_odd += odd[g][v] > 0;
            }
            CU_ASSERT_EQUAL(res_i(members[0], g), want_all);
            CU_ASSERT_EQUAL(res_i(members[1], g), want_odd);
        }
    }
    uint32_t ids[2] = {3, 7};
    acc_share_clear(share, ids, 2);
    acc_clear(members[0], ids, 2);
    acc_clear(members[1], ids, 2);
    CU_ASSERT_EQUAL(res_i(members[0], 3), 0);
    CU_ASSERT_EQUAL(res_i(members[1], 7), 0);
    acc_share_free(share);
    acc_free(members[1]);
    done(members[0]);
}

static void test_shared_distinct_matches_a_model(void) {
    check_share(true);
    check_share(false);
}

/* ---- APPROX_COUNT_DISTINCT --------------------------------------------------------- */

static void test_hll_within_error_bound(void) {
    Accumulator *acc = mk(AGG_APPROX_COUNT_DISTINCT, T(TYPE_BIGINT), T(TYPE_BIGINT), false);
    /* group 0: 100k distinct values, each twice; group 1: 10 values; group 2: none */
    for (int rep = 0; rep < 2; rep++) {
        for (int64_t v = 0; v < 100000; v++) {
            add_i(0, 1, v * 7919 + 13);
            if (g_n == MAX_STAGED)
                flush(acc);
        }
    }
    for (int64_t v = 0; v < 10; v++)
        add_i(1, 1, v);
    add_null(2, 1);
    flush(acc);
    int64_t est = res_i(acc, 0);
    /* p = 14: standard error 1.04 / 128 = 0.81%; allow 3 sigma */
    CU_ASSERT_TRUE(llabs(est - 100000) < 2500);
    CU_ASSERT_EQUAL(res_i(acc, 1), 10);
    CU_ASSERT_EQUAL(res_i(acc, 2), 0);
    done(acc);

    acc = mk(AGG_APPROX_COUNT_DISTINCT, type_string(), T(TYPE_BIGINT), false);
    char buf[32];
    for (int v = 0; v < 50000; v++) {
        snprintf(buf, sizeof buf, "user-%d", v);
        add_s(0, 1, buf);
        if (g_n == MAX_STAGED)
            flush(acc);
    }
    flush(acc);
    est = res_i(acc, 0);
    CU_ASSERT_TRUE(llabs(est - 50000) < 1250);
    done(acc);

    /* -0.0 and 0.0 are one value, every NaN is one value */
    acc = mk(AGG_APPROX_COUNT_DISTINCT, T(TYPE_DOUBLE), T(TYPE_BIGINT), false);
    add_d(0, 1, 0.0);
    add_d(0, 1, -0.0);
    add_d(0, 1, NAN);
    add_d(0, 1, -NAN);
    add_d(0, 1, 1.0);
    flush(acc);
    CU_ASSERT_EQUAL(res_i(acc, 0), 3);
    done(acc);
}

static void test_hll_cannot_retract(void) {
    Accumulator *acc = mk(AGG_APPROX_COUNT_DISTINCT, T(TYPE_INT), T(TYPE_BIGINT), true);
    add_i(0, 1, 1);
    add_i(0, -1, 1);
    CU_ASSERT_EQUAL(flush_rc(acc), -1);
    CU_ASSERT_STRING_EQUAL(g_diag.msg, "APPROX_COUNT_DISTINCT cannot retract");
    done(acc);
}

/* ---- memory ------------------------------------------------------------------------ */

static void test_many_groups_memory(void) {
    const uint32_t n_groups = 100000;
    Accumulator *hll = mk(AGG_APPROX_COUNT_DISTINCT, T(TYPE_INT), T(TYPE_BIGINT), false);
    Accumulator *sum = acc_new(&(AggCall){.kind = AGG_SUM,
                                          .arg_type = T(TYPE_INT),
                                          .result_type = T(TYPE_INT),
                                          .filter = -1,
                                          .may_retract = true});
    Accumulator *mx = acc_new(&(AggCall){.kind = AGG_MAX,
                                         .arg_type = T(TYPE_INT),
                                         .result_type = T(TYPE_INT),
                                         .filter = -1,
                                         .may_retract = true});
    begin(T(TYPE_INT));
    acc_reserve(sum, n_groups);
    acc_reserve(mx, n_groups);
    for (uint32_t g = 0; g < n_groups; g++) {
        for (int v = 0; v < 3; v++)
            add_i(g, 1, (int64_t)g * 3 + v);
        if (g_n + 3 > MAX_STAGED) {
            CU_ASSERT_EQUAL(acc_update(sum, &g_arg, NULL, g_rows, g_gids, g_signs, g_n, &g_diag),
                            0);
            CU_ASSERT_EQUAL(acc_update(mx, &g_arg, NULL, g_rows, g_gids, g_signs, g_n, &g_diag), 0);
            flush(hll);
        }
    }
    CU_ASSERT_EQUAL(acc_update(sum, &g_arg, NULL, g_rows, g_gids, g_signs, g_n, &g_diag), 0);
    CU_ASSERT_EQUAL(acc_update(mx, &g_arg, NULL, g_rows, g_gids, g_signs, g_n, &g_diag), 0);
    flush(hll);
    /* dense sketches would be 1.6 GB; sparse ones a few dozen bytes per group */
    CU_ASSERT_TRUE(acc_bytes(hll) < (size_t)n_groups * 128);
    CU_ASSERT_TRUE(acc_bytes(sum) < (size_t)n_groups * 40);
    CU_ASSERT_TRUE(acc_bytes(mx) < (size_t)n_groups * 3 * 120);
    CU_ASSERT_EQUAL(res_i(hll, 77777), 3);
    g_res_type = T(TYPE_INT);
    CU_ASSERT_EQUAL(res_i(sum, 77777), 77777 * 9 + 3);
    CU_ASSERT_EQUAL(res_i(mx, 77777), 77777 * 3 + 2);
    done(hll);
    done(sum);
    done(mx);
}

/* A 100-byte string that starts with i's digits. */
static const char *long_str(char *buf, int i) {
    memset(buf, 'v', 100);
    buf[100] = '\0';
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%011d", i);
    memcpy(buf, digits, (size_t)n);
    return buf;
}

static void test_replaced_strings_do_not_grow_memory(void) {
    /* LAST_VALUE over 200k distinct 100-byte strings in one group: the pool compacts */
    Accumulator *acc = mk(AGG_LAST_VALUE, type_string(), type_string(), false);
    char buf[128];
    for (int i = 0; i < 200000; i++) {
        add_s(0, 1, long_str(buf, i));
        if (g_n == MAX_STAGED)
            flush(acc);
    }
    flush(acc);
    CU_ASSERT_TRUE(acc_bytes(acc) < 4u << 20); /* 20 MB without compaction */
    STR_EQ(acc, 0, long_str(buf, 199999));
    done(acc);

    /* and a multiset of strings that churns */
    acc = mk(AGG_MIN, type_string(), type_string(), true);
    for (int i = 0; i < 100000; i++) {
        add_s(0, 1, long_str(buf, i));
        if (i > 0)
            add_s(0, -1, long_str(buf, i - 1));
        if (g_n + 2 > MAX_STAGED)
            flush(acc);
    }
    flush(acc);
    CU_ASSERT_TRUE(acc_bytes(acc) < 4u << 20);
    STR_EQ(acc, 0, long_str(buf, 99999));
    done(acc);
}

/* ---- results ----------------------------------------------------------------------- */

static void test_result_writes_many_rows_and_resets_nulls(void) {
    Accumulator *acc = mk(AGG_SUM, T(TYPE_BIGINT), T(TYPE_BIGINT), false);
    add_i(0, 1, 10);
    add_i(2, 1, 30);
    add_null(1, 1);
    flush(acc);
    vec_release(&g_out);
    vec_init(&g_out, T(TYPE_BIGINT));
    for (uint32_t r = 0; r < 4; r++)
        vec_set_null(&g_out, r);
    uint32_t ids[] = {2, 1, 0, 2};
    acc_result(acc, ids, 4, &g_out, g_out_arena);
    const int64_t *d = g_out.data;
    CU_ASSERT_FALSE(vec_is_null(&g_out, 0));
    CU_ASSERT_EQUAL(d[0], 30);
    CU_ASSERT_TRUE(vec_is_null(&g_out, 1));
    CU_ASSERT_FALSE(vec_is_null(&g_out, 2));
    CU_ASSERT_EQUAL(d[2], 10);
    CU_ASSERT_EQUAL(d[3], 30);
    done(acc);
}

static void test_strings_outlive_later_updates(void) {
    /* a result taken before an update stays valid after it (it is in the caller's arena) */
    Accumulator *acc = mk(AGG_MAX, type_string(), type_string(), true);
    add_s(0, 1, "old");
    flush(acc);
    vec_release(&g_out);
    vec_init(&g_out, type_string());
    uint32_t id = 0;
    acc_result(acc, &id, 1, &g_out, g_out_arena);
    add_s(0, -1, "old");
    add_s(0, 1, "new");
    flush(acc);
    StrRef s = ((StrRef *)g_out.data)[0];
    CU_ASSERT_EQUAL(s.len, 3);
    CU_ASSERT_EQUAL(memcmp(s.ptr, "old", 3), 0);
    STR_EQ(acc, 0, "new");
    done(acc);
}

static void test_kind_names_and_unsupported_calls(void) {
    CU_ASSERT_STRING_EQUAL(agg_kind_name(AGG_COUNT_STAR), "COUNT");
    CU_ASSERT_STRING_EQUAL(agg_kind_name(AGG_COUNT), "COUNT");
    CU_ASSERT_STRING_EQUAL(agg_kind_name(AGG_STDDEV_SAMP), "STDDEV_SAMP");
    CU_ASSERT_STRING_EQUAL(agg_kind_name(AGG_APPROX_COUNT_DISTINCT), "APPROX_COUNT_DISTINCT");
    for (int k = 0; k < AGG_KIND_COUNT_; k++)
        CU_ASSERT_PTR_NOT_NULL(agg_kind_name((AggKind)k));
    CU_ASSERT_PTR_NULL(acc_new(&(AggCall){
        .kind = AGG_SUM, .arg_type = type_string(), .result_type = type_string(), .filter = -1}));
    CU_ASSERT_PTR_NULL(acc_new(&(AggCall){
        .kind = AGG_LISTAGG, .arg_type = T(TYPE_INT), .result_type = type_string(), .filter = -1}));
    /* SUM(NULL): nothing ever counts */
    Accumulator *acc = mk(AGG_SUM, T(TYPE_NULL), T(TYPE_INT), false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(acc);
    add_null(0, 1);
    flush(acc);
    CU_ASSERT_TRUE(is_null(acc, 0));
    done(acc);
}

/* ---- clearing groups (state TTL) --------------------------------------------------- */

/* Group gid's result as text: "NULL", the string, or the value's bytes in hex. */
static void res_repr(Accumulator *acc, uint32_t gid, char *buf, size_t size) {
    if (!result(acc, gid)) {
        snprintf(buf, size, "NULL");
        return;
    }
    if (type_info(g_out.type.id)->is_string) {
        StrRef v = ((StrRef *)g_out.data)[0];
        snprintf(buf, size, "'%.*s'", (int)MIN(v.len, 200u), v.ptr);
        return;
    }
    size_t w = type_width(g_out.type.id);
    const uint8_t *b = g_out.data;
    for (size_t i = 0; i < w && 2 * i + 2 < size; i++)
        snprintf(buf + 2 * i, 3, "%02x", b[i]);
}

/* Stages value number v (of group gid) in the argument's type. */
static void add_value(uint32_t gid, int sign, uint32_t v) {
    if (type_info(g_arg.type.id)->is_string) {
        char buf[320];
        memset(buf, 'x', 300);
        buf[300] = '\0';
        char digits[16];
        int n = snprintf(digits, sizeof digits, "%010u", v % 5000);
        memcpy(buf, digits, (size_t)n);
        add_s(gid, sign, buf);
    } else if (g_arg.type.id == TYPE_DOUBLE) {
        add_d(gid, sign, (double)(v % 5000) / 4);
    } else {
        add_i(gid, sign, (int64_t)(v % 5000));
    }
}

static void check_clear(AggCall call, bool frees_memory) {
    const uint32_t n_groups = 4000, per_group = 8;
    const uint32_t fresh = n_groups + 10, fresh2 = n_groups + 11; /* never updated */
    Accumulator *acc = mk_call(call);
    CU_ASSERT_PTR_NOT_NULL_FATAL(acc);
    acc_reserve(acc, n_groups + 20);
    for (uint32_t g = 0; g < n_groups; g++) {
        for (uint32_t v = 0; v < per_group; v++)
            add_value(g, 1, g * 3 + v);
        if (call.may_retract)
            add_value(g, -1, g * 3 + 1);
        if (g_n + per_group + 1 > MAX_STAGED)
            flush(acc);
    }
    flush(acc);
    size_t full = acc_bytes(acc);
    char want[512], got[512];
    res_repr(acc, n_groups - 1, want, sizeof want);
    uint32_t ids[4000];
    for (uint32_t g = 0; g < n_groups - 1; g++)
        ids[g] = g;
    acc_clear(acc, ids, n_groups - 1);
    size_t cleared = acc_bytes(acc);
    if (frees_memory) {
        CU_ASSERT_TRUE(cleared < full / 2);
    } else {
        CU_ASSERT_TRUE(cleared <= full);
    }
    /* the last group is untouched; the cleared ones read as never updated */
    res_repr(acc, n_groups - 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, want);
    res_repr(acc, fresh, want, sizeof want);
    uint32_t wrong = 0;
    for (uint32_t g = 0; g < n_groups - 1; g += 7) {
        res_repr(acc, g, got, sizeof got);
        wrong += strcmp(got, want) != 0;
    }
    CU_ASSERT_EQUAL(wrong, 0);
    /* a reused id starts empty: the same rows give what they give a new group */
    for (uint32_t v = 0; v < 3; v++) {
        add_value(5, 1, 100 + v);
        add_value(fresh2, 1, 100 + v);
    }
    flush(acc);
    res_repr(acc, fresh2, want, sizeof want);
    res_repr(acc, 5, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n  %s: reused group %s, new group %s", agg_kind_name(call.kind), got,
                want);
    done(acc);
}

static AggCall clear_call(AggKind kind, SqlType arg, SqlType res, bool retract, bool distinct) {
    return (AggCall){.kind = kind,
                     .arg = kind == AGG_COUNT_STAR ? -1 : 0,
                     .arg_type = kind == AGG_COUNT_STAR ? T(TYPE_NULL) : arg,
                     .result_type = res,
                     .filter = -1,
                     .is_distinct = distinct,
                     .may_retract = retract};
}

static void test_clear_empties_groups_and_frees_memory(void) {
    SqlType i64 = T(TYPE_BIGINT), dbl = T(TYPE_DOUBLE), str = type_string();
    SqlType dec = type_decimal(10, 2), dec_res = type_decimal(38, 2);
    check_clear(clear_call(AGG_COUNT_STAR, i64, i64, true, false), false);
    check_clear(clear_call(AGG_COUNT, str, i64, true, false), false);
    check_clear(clear_call(AGG_SUM, i64, i64, true, false), false);
    check_clear(clear_call(AGG_SUM, dbl, dbl, true, false), false);
    check_clear(clear_call(AGG_SUM, dec, dec_res, true, false), false);
    check_clear(clear_call(AGG_AVG, i64, i64, true, false), false);
    check_clear(clear_call(AGG_VAR_POP, dbl, dbl, true, false), false);
    check_clear(clear_call(AGG_MIN, i64, i64, false, false), false);
    check_clear(clear_call(AGG_MAX, str, str, false, false), true);
    check_clear(clear_call(AGG_MIN, i64, i64, true, false), true);
    check_clear(clear_call(AGG_MAX, str, str, true, false), true);
    check_clear(clear_call(AGG_FIRST_VALUE, str, str, false, false), true);
    check_clear(clear_call(AGG_LAST_VALUE, i64, i64, true, false), true);
    check_clear(clear_call(AGG_FIRST_VALUE, str, str, true, false), true);
    check_clear(clear_call(AGG_LISTAGG, str, str, false, false), true);
    check_clear(clear_call(AGG_LISTAGG, str, str, true, false), true);
    check_clear(clear_call(AGG_APPROX_COUNT_DISTINCT, str, i64, false, false), true);
    check_clear(clear_call(AGG_COUNT, str, i64, true, true), true);
    check_clear(clear_call(AGG_SUM, i64, i64, true, true), true);
}

/* ---- merging states (sliced windows) ---------------------------------------------- */

#define MERGE_GROUPS 40
#define MERGE_IDS    45 /* ids the slices use */
#define MERGE_SLICES 3

/* Group g's id in a slice: slice 0 (the merge's dst) uses g, the others other ids. */
static uint32_t slice_gid(int slice, uint32_t g) {
    if (slice == 0)
        return g;
    return slice == 1 ? MERGE_IDS - 1 - g : (g * 7 + 3) % MERGE_GROUPS + 2;
}

/*
 * Stages the rows group g has in a slice, as group `gid`. Each slice leaves a quarter of
 * the groups empty, groups 9, 19, ... are empty in all, and in slice 0 groups 8, 18, ...
 * have only NULLs and groups 6, 16, ... one empty string; elsewhere a fifth of the
 * values are NULL.
 */
static void stage_slice(int slice, uint32_t g, uint32_t gid) {
    if (g % 10 == 9 || (g + (uint32_t)slice) % 4 == 0)
        return;
    uint32_t n = slice == 0 && g % 10 == 6 ? 1 : 1 + (g * 5 + (uint32_t)slice * 3) % 4;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t v = g * 31 + (uint32_t)slice * 17 + j * 7;
        TypeId t = g_arg.type.id;
        if (t == TYPE_NULL || v % 5 == 2 || (slice == 0 && g % 10 == 8)) {
            add_null(gid, 1);
        } else if (type_info(t)->is_string) {
            char buf[16];
            snprintf(buf, sizeof buf, "v%u", v % 23);
            add_s(gid, 1, v % 9 == 0 || (slice == 0 && g % 10 == 6) ? "" : buf);
        } else if (t == TYPE_DOUBLE || t == TYPE_FLOAT) {
            add_d(gid, 1, ((int)(v % 41) - 20) / 4.0);
        } else {
            add_i(gid, 1, t == TYPE_BOOLEAN ? v & 1 : (int64_t)(v % 53) - 26);
        }
    }
}

/* Group gid's result as text ("NULL", 'text' or the integer); a FLOAT/DOUBLE result's
 * value goes to *num instead, as merged sums and moments round differently. */
static void merge_repr(Accumulator *acc, uint32_t gid, char *buf, size_t size, double *num) {
    *num = 0;
    TypeId t = g_res_type.id;
    if (!result(acc, gid)) {
        snprintf(buf, size, "NULL");
    } else if (type_info(t)->is_string) {
        snprintf(buf, size, "'%.200s'", res_s(acc, gid));
    } else if (t == TYPE_DOUBLE || t == TYPE_FLOAT) {
        snprintf(buf, size, "number");
        *num = res_d(acc, gid);
    } else {
        snprintf(buf, size, "%lld", (long long)res_i(acc, gid));
    }
}

static AggKind g_merge_kind; /* for messages */

/* Whether group ga of a and gb of b have the same result; prints the difference. */
static bool same_result(Accumulator *a, uint32_t ga, Accumulator *b, uint32_t gb) {
    char ra[256], rb[256];
    double na, nb;
    merge_repr(a, ga, ra, sizeof ra, &na);
    merge_repr(b, gb, rb, sizeof rb, &nb);
    if (strcmp(ra, rb) == 0 && fabs(na - nb) <= 1e-9 * MAX(1.0, fabs(nb)))
        return true;
    fprintf(stderr, "\n  %s(type %d): group %u: %s %.17g, want %s %.17g",
            agg_kind_name(g_merge_kind), (int)g_arg.type.id, ga, ra, na, rb, nb);
    return false;
}

/*
 * Feeds each slice's rows to its own accumulator and, in slice order, to one that gets
 * them all; merges slices 1 and 2 into slice 0 (each in two calls), checking that a
 * merge leaves its source unchanged; frees the sources, so slice 0 must have copied
 * the strings it keeps; then every group must read as in the one that got all rows.
 */
static void check_merge(AggCall call) {
    CU_ASSERT_TRUE(acc_can_merge(&call));
    g_merge_kind = call.kind;
    Accumulator *all = mk_call(call), *slices[MERGE_SLICES];
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    acc_reserve(all, MERGE_GROUPS);
    for (int slice = 0; slice < MERGE_SLICES; slice++) {
        slices[slice] = acc_new(&call);
        acc_reserve(slices[slice], MERGE_IDS);
        for (uint32_t g = 0; g < MERGE_GROUPS; g++)
            stage_slice(slice, g, slice_gid(slice, g));
        flush(slices[slice]);
        for (uint32_t g = 0; g < MERGE_GROUPS; g++)
            stage_slice(slice, g, g);
        flush(all);
    }
    uint32_t dst_ids[MERGE_GROUPS], src_ids[MERGE_GROUPS], wrong = 0;
    for (int slice = 1; slice < MERGE_SLICES; slice++) {
        Accumulator *copy = acc_new(&call); /* the source, fed again, to compare with */
        acc_reserve(copy, MERGE_IDS);
        for (uint32_t g = 0; g < MERGE_GROUPS; g++) {
            dst_ids[g] = g;
            src_ids[g] = slice_gid(slice, g);
            stage_slice(slice, g, src_ids[g]);
        }
        flush(copy);
        acc_merge(slices[0], dst_ids, slices[slice], src_ids, MERGE_GROUPS / 2);
        acc_merge(slices[0], dst_ids + MERGE_GROUPS / 2, slices[slice], src_ids + MERGE_GROUPS / 2,
                  MERGE_GROUPS - MERGE_GROUPS / 2);
        for (uint32_t id = 0; id < MERGE_IDS; id++)
            wrong += !same_result(slices[slice], id, copy, id);
        acc_free(copy);
        acc_free(slices[slice]);
    }
    for (uint32_t g = 0; g < MERGE_GROUPS; g++)
        wrong += !same_result(slices[0], g, all, g);
    CU_ASSERT_EQUAL(wrong, 0);
    acc_free(slices[0]);
    done(all);
}

static AggCall merge_call(AggKind kind, SqlType arg, SqlType res) {
    return clear_call(kind, arg, res, false, false);
}

static void test_merge_counts_sums_and_averages(void) {
    SqlType i64 = T(TYPE_BIGINT), i32 = T(TYPE_INT), dbl = T(TYPE_DOUBLE), str = type_string();
    SqlType dec = type_decimal(10, 2);
    check_merge(merge_call(AGG_COUNT_STAR, i64, i64));
    check_merge(merge_call(AGG_COUNT, i64, i64));
    check_merge(merge_call(AGG_COUNT, str, i64));
    check_merge(merge_call(AGG_SUM, i64, i64));
    check_merge(merge_call(AGG_SUM, i32, i32));
    check_merge(merge_call(AGG_SUM, dbl, dbl));
    check_merge(merge_call(AGG_SUM, T(TYPE_FLOAT), T(TYPE_FLOAT)));
    check_merge(merge_call(AGG_SUM, dec, type_decimal(38, 2)));
    check_merge(merge_call(AGG_AVG, i64, i64));
    check_merge(merge_call(AGG_AVG, i32, i32));
    check_merge(merge_call(AGG_AVG, dbl, dbl));
    check_merge(merge_call(AGG_AVG, dec, type_decimal(18, 6)));
    /* the NULL literal: nothing counts on either side */
    check_merge(merge_call(AGG_SUM, T(TYPE_NULL), i32));
    check_merge(merge_call(AGG_COUNT, T(TYPE_NULL), i64));
    check_merge(clear_call(AGG_SUM, T(TYPE_NULL), i32, false, true));
}

static void test_merge_min_max_first_last(void) {
    SqlType types[] = {T(TYPE_BIGINT),      T(TYPE_INT),   T(TYPE_DOUBLE),
                       type_decimal(10, 2), type_string(), T(TYPE_BOOLEAN)};
    AggKind kinds[] = {AGG_MIN, AGG_MAX, AGG_FIRST_VALUE, AGG_LAST_VALUE};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
            check_merge(merge_call(kinds[k], types[t], types[t]));
    /* MIN/MAX ignore DISTINCT */
    check_merge(clear_call(AGG_MIN, T(TYPE_BIGINT), T(TYPE_BIGINT), false, true));
    check_merge(clear_call(AGG_MAX, type_string(), type_string(), false, true));
}

static void test_merge_stddev_var_by_pairwise_moments(void) {
    SqlType types[] = {T(TYPE_BIGINT), T(TYPE_INT), T(TYPE_DOUBLE), type_decimal(10, 2)};
    AggKind kinds[] = {AGG_STDDEV_POP, AGG_STDDEV_SAMP, AGG_VAR_POP, AGG_VAR_SAMP};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
            check_merge(merge_call(kinds[k], types[t], T(TYPE_DOUBLE)));
    /* known data (mean 5, M2 32) in two parts of different means: 2 4 4 | 4 5 5 7 9 */
    AggCall call = merge_call(AGG_VAR_POP, T(TYPE_INT), T(TYPE_DOUBLE));
    Accumulator *dst = mk_call(call), *src = acc_new(&call);
    for (int i = 0; i < 8; i++) {
        add_i(i < 3 ? 0 : 1, 1, KNOWN[i]);
        if (i == 2)
            flush(dst);
    }
    flush(src);
    acc_reserve(dst, 2);
    acc_merge(dst, (uint32_t[]){0}, src, (uint32_t[]){1}, 1);
    CU_ASSERT_DOUBLE_EQUAL(res_d(dst, 0), 4.0, 1e-12);
    acc_free(src);
    done(dst);
}

static void test_merge_listagg_joins_dst_then_src(void) {
    check_merge(merge_call(AGG_LISTAGG, type_string(), type_string()));
    AggCall call = merge_call(AGG_LISTAGG, type_string(), type_string());
    call.separator = (StrRef){" | ", 3};
    check_merge(call);
    call.separator = (StrRef){"", 0};
    check_merge(call);
    /* an empty string is a value: ('' then 'a') is ",a", not "a" */
    call.separator = (StrRef){0};
    Accumulator *dst = mk_call(call), *src = acc_new(&call);
    add_s(0, 1, "");
    flush(dst);
    add_s(3, 1, "a");
    add_s(3, 1, "b");
    flush(src);
    acc_merge(dst, (uint32_t[]){0}, src, (uint32_t[]){3}, 1);
    STR_EQ(dst, 0, ",a,b");
    acc_free(src);
    done(dst);
}

static void test_merge_hll_sparse_and_dense_sketches(void) {
    check_merge(merge_call(AGG_APPROX_COUNT_DISTINCT, T(TYPE_BIGINT), T(TYPE_BIGINT)));
    check_merge(merge_call(AGG_APPROX_COUNT_DISTINCT, T(TYPE_DOUBLE), T(TYPE_BIGINT)));
    check_merge(clear_call(AGG_APPROX_COUNT_DISTINCT, type_string(), T(TYPE_BIGINT), false, true));
    /* groups 0..4 of dst and src: (dense, dense), (sparse, dense), (dense, sparse),
     * (none, dense), (sparse, sparse); src's values overlap dst's by half */
    static const uint32_t N_VALUES[5][2] = {
        {6000, 6000}, {10, 6000}, {6000, 10}, {0, 6000}, {10, 10}};
    AggCall call = merge_call(AGG_APPROX_COUNT_DISTINCT, T(TYPE_BIGINT), T(TYPE_BIGINT));
    Accumulator *dst = mk_call(call), *src = acc_new(&call), *all = acc_new(&call);
    for (int side = 0; side < 2; side++) {
        for (int pass = 0; pass < 2; pass++) {
            for (uint32_t g = 0; g < 5; g++) {
                for (uint32_t v = 0; v < N_VALUES[g][side]; v++) {
                    add_i(g, 1, (int64_t)(v + (uint32_t)side * N_VALUES[g][0] / 2) * 7919);
                    if (g_n == MAX_STAGED)
                        flush(pass ? all : side ? src : dst);
                }
            }
            flush(pass ? all : side ? src : dst);
        }
    }
    uint32_t ids[5] = {0, 1, 2, 3, 4};
    acc_reserve(dst, 5);
    acc_merge(dst, ids, src, ids, 5);
    acc_free(src);
    uint32_t wrong = 0;
    for (uint32_t g = 0; g < 5; g++)
        wrong += !same_result(dst, g, all, g);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_TRUE(llabs(res_i(dst, 0) - 9000) < 300);
    CU_ASSERT_TRUE(llabs(res_i(dst, 1) - 6010) < 200);
    CU_ASSERT_EQUAL(res_i(dst, 4), 15);
    acc_free(all);
    done(dst);
}

static void test_merge_refuses_retraction_and_distinct_counts(void) {
    SqlType i64 = T(TYPE_BIGINT), str = type_string();
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_SUM, .arg_type = i64, .may_retract = true}));
    CU_ASSERT_FALSE(acc_can_merge(
        &(AggCall){.kind = AGG_COUNT_STAR, .arg_type = T(TYPE_NULL), .may_retract = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_MIN, .arg_type = i64, .may_retract = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_LISTAGG, .arg_type = str, .may_retract = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_SUM, .arg_type = i64, .is_distinct = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_COUNT, .arg_type = str, .is_distinct = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_AVG, .arg_type = i64, .is_distinct = true}));
    CU_ASSERT_FALSE(
        acc_can_merge(&(AggCall){.kind = AGG_LISTAGG, .arg_type = str, .is_distinct = true}));
    CU_ASSERT_TRUE(acc_can_merge(&(AggCall){.kind = AGG_SUM, .arg_type = i64}));
    CU_ASSERT_TRUE(
        acc_can_merge(&(AggCall){.kind = AGG_MAX, .arg_type = str, .is_distinct = true}));
    CU_ASSERT_TRUE(acc_can_merge(
        &(AggCall){.kind = AGG_APPROX_COUNT_DISTINCT, .arg_type = i64, .is_distinct = true}));
}

void suite_accumulators(void) {
    static CU_TestInfo tests[] = {
        {"count_star_counts_rows_count_skips_nulls", test_count_star_counts_rows_count_skips_nulls},
        {"filter_counts_only_true_rows", test_filter_counts_only_true_rows},
        {"sum_null_when_no_values_and_after_retraction",
         test_sum_null_when_no_values_and_after_retraction},
        {"sum_wraps_like_java", test_sum_wraps_like_java},
        {"sum_double_and_float", test_sum_double_and_float},
        {"sum_decimal_scale_and_overflow", test_sum_decimal_scale_and_overflow},
        {"avg_integer_truncates", test_avg_integer_truncates},
        {"avg_double", test_avg_double},
        {"avg_decimal_rounds_half_up_to_result_scale",
         test_avg_decimal_rounds_half_up_to_result_scale},
        {"min_max_append_only_every_type", test_min_max_append_only_every_type},
        {"min_max_retracting_the_extreme_reveals_the_next",
         test_min_max_retracting_the_extreme_reveals_the_next},
        {"append_only_state_rejects_retraction", test_append_only_state_rejects_retraction},
        {"many_groups_min_retract", test_many_groups_min_retract},
        {"first_last_value_skip_nulls", test_first_last_value_skip_nulls},
        {"first_last_value_retraction_keeps_arrival_order",
         test_first_last_value_retraction_keeps_arrival_order},
        {"listagg_joins_in_arrival_order", test_listagg_joins_in_arrival_order},
        {"listagg_retraction_removes_first_equal_value",
         test_listagg_retraction_removes_first_equal_value},
        {"stddev_var_on_known_data", test_stddev_var_on_known_data},
        {"var_decimal_result_rounds_java_digits_half_up",
         test_var_decimal_result_rounds_java_digits_half_up},
        {"stddev_var_one_value_empty_and_retraction",
         test_stddev_var_one_value_empty_and_retraction},
        {"distinct_counts_each_value_once_by_reference_count",
         test_distinct_counts_each_value_once_by_reference_count},
        {"DISTINCT of integers matches a model through growth, retraction, clearing",
         test_distinct_set_matches_a_model},
        {"DISTINCT keeps counts past 32 bits exactly", test_distinct_count_past_32_bits},
        {"shared DISTINCT state matches a model, with and without retraction",
         test_shared_distinct_matches_a_model},
        {"hll_within_error_bound", test_hll_within_error_bound},
        {"hll_cannot_retract", test_hll_cannot_retract},
        {"many_groups_memory", test_many_groups_memory},
        {"replaced_strings_do_not_grow_memory", test_replaced_strings_do_not_grow_memory},
        {"result_writes_many_rows_and_resets_nulls", test_result_writes_many_rows_and_resets_nulls},
        {"strings_outlive_later_updates", test_strings_outlive_later_updates},
        {"kind_names_and_unsupported_calls", test_kind_names_and_unsupported_calls},
        {"clear_empties_groups_and_frees_memory", test_clear_empties_groups_and_frees_memory},
        {"merge_counts_sums_and_averages", test_merge_counts_sums_and_averages},
        {"merge_min_max_first_last", test_merge_min_max_first_last},
        {"merge_stddev_var_by_pairwise_moments", test_merge_stddev_var_by_pairwise_moments},
        {"merge_listagg_joins_dst_then_src", test_merge_listagg_joins_dst_then_src},
        {"merge_hll_sparse_and_dense_sketches", test_merge_hll_sparse_and_dense_sketches},
        {"merge_refuses_retraction_and_distinct_counts",
         test_merge_refuses_retraction_and_distinct_counts},
        CU_TEST_INFO_NULL,
    };
    CU_pSuite suite = CU_add_suite("accumulators", NULL, cleanup);
    for (CU_TestInfo *t = tests; t->pName; t++)
        CU_add_test(suite, t->pName, t->pTestFunc);
}
