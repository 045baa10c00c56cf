/*
 * test_keytable.c - the key table of hash aggregation (exec/keytable.c): dense group
 * ids in first-seen order that stay stable through many rehashes, keys that collide
 * (forced through the table's test hook), NULL as a key value of its own in one and in
 * several columns, multi-column keys of mixed types, strings that outlive their batch,
 * -0.0 and NaN, selection vectors, zero key columns, gathering keys back into
 * vectors for every type, and removal (free ids reused, colliding keys still found,
 * key strings given back), and the direct map of one integer key column checked
 * against a model (NULLs, the ends of the range, growing both ways, given up).
 *
 * A single fixed-width key column takes the table's fused probe; several columns or a
 * string column take the general one (probe, then compare column by column), so most
 * behaviours are pinned down for both.
 */
#include "exec/agg.h"

#include "tests/unit/unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The table's test hook: every hash is and'ed with mask (0 puts every key in one slot
 * with one tag). Only on an empty table. */
void keytab_set_hash_mask(KeyTable *t, uint64_t mask);

/* ---- fixture ----------------------------------------------------------------------- */

static Batch *g_batch;
static KeyTable *g_table;
static uint32_t g_gids[BATCH_CAPACITY];

static void fixture_free(void) {
    batch_free(g_batch);
    g_batch = NULL;
    keytab_free(g_table);
    g_table = NULL;
}

/* A fresh table keyed by these types, and a batch of those columns with n_rows rows. */
static void fixture(int n_cols, const SqlType *types, uint32_t n_rows) {
    fixture_free();
    g_batch = batch_new(n_cols, types);
    g_batch->n_rows = n_rows;
    g_table = keytab_new(n_cols, types);
}

static SqlType T(TypeId id) {
    return type_make(id);
}

static void set_bool(int col, uint32_t row, bool v) {
    ((uint8_t *)g_batch->cols[col].data)[row] = v;
}
static void set_i32(int col, uint32_t row, int32_t v) {
    ((int32_t *)g_batch->cols[col].data)[row] = v;
}
static void set_i64(int col, uint32_t row, int64_t v) {
    ((int64_t *)g_batch->cols[col].data)[row] = v;
}
static void set_f32(int col, uint32_t row, float v) {
    ((float *)g_batch->cols[col].data)[row] = v;
}
static void set_f64(int col, uint32_t row, double v) {
    ((double *)g_batch->cols[col].data)[row] = v;
}
/* The bytes are copied into the batch's arena, so they go away with the batch. */
static void set_str(int col, uint32_t row, const char *s) {
    StrRef *d = g_batch->cols[col].data;
    size_t len = strlen(s);
    d[row].ptr = arena_strndup(g_batch->arena, s, len);
    d[row].len = (uint32_t)len;
}
static void set_null(int col, uint32_t row) {
    vec_set_null(&g_batch->cols[col], row);
}

/* Looks up the batch's live rows, returning the group count. */
static uint32_t find(void) {
    const Vector *keys[16];
    for (int col = 0; col < g_batch->n_cols; col++)
        keys[col] = &g_batch->cols[col];
    return keytab_find_or_add(g_table, keys, g_batch->sel, batch_live_rows(g_batch), g_gids);
}

static void assert_gids(const uint32_t *want, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(g_gids[i], want[i]);
        if (g_gids[i] != want[i])
            fprintf(stderr, "\n  live row %u: group %u, want %u", i, g_gids[i], want[i]);
    }
}

/* Output vectors for gathering: one per type, freed by gather_free. */
static Vector g_out[16];
static Vector *g_outp[16];
static int g_n_out;

static void gather_vectors(int n, const SqlType *types) {
    g_n_out = n;
    for (int col = 0; col < n; col++) {
        vec_init(&g_out[col], types[col]);
        g_outp[col] = &g_out[col];
    }
}
static void gather_free(void) {
    for (int col = 0; col < g_n_out; col++)
        vec_release(&g_out[col]);
    g_n_out = 0;
}

static bool str_is(const Vector *v, uint32_t row, const char *s) {
    const StrRef *d = v->data;
    return d[row].len == strlen(s) && memcmp(d[row].ptr, s, d[row].len) == 0;
}

/* ---- ids ----------------------------------------------------------------------------- */

static void test_ids_are_dense_in_first_seen_order(void) {
    SqlType types[] = {T(TYPE_BIGINT)};
    fixture(1, types, 6);
    int64_t keys[] = {50, 30, 50, 70, 30, 50};
    for (uint32_t r = 0; r < 6; r++)
        set_i64(0, r, keys[r]);
    CU_ASSERT_EQUAL(find(), 3);
    assert_gids((uint32_t[]){0, 1, 0, 2, 1, 0}, 6);
    /* A second batch finds the old groups and adds after them. */
    set_i64(0, 0, 70);
    set_i64(0, 1, 90);
    g_batch->n_rows = 2;
    CU_ASSERT_EQUAL(find(), 4);
    assert_gids((uint32_t[]){2, 3}, 2);
    CU_ASSERT_EQUAL(keytab_count(g_table), 4);
    fixture_free();
}

/* 1M distinct keys in batches of 1024 grow the slot array many times; every id stays
 * what it was when its key was added, in both the fused and the general probe. */
static void check_million_keys(int n_cols, const SqlType *types) {
    const uint32_t n_keys = 1000000;
    fixture(n_cols, types, BATCH_CAPACITY);
    size_t bytes_empty = keytab_bytes(g_table);
    uint32_t wrong = 0;
    char buf[32];
    for (int pass = 0; pass < 2; pass++) {
        /* Pass 0 adds keys in order; pass 1 looks them up in batches taken backwards. */
        for (uint32_t b = 0; b < (n_keys + BATCH_CAPACITY - 1) / BATCH_CAPACITY; b++) {
            uint32_t batch_no = pass == 0 ? b : (n_keys - 1) / BATCH_CAPACITY - b;
            uint32_t base = batch_no * BATCH_CAPACITY;
            uint32_t n = n_keys - base < BATCH_CAPACITY ? n_keys - base : BATCH_CAPACITY;
            batch_reset(g_batch);
            g_batch->n_rows = n;
            for (uint32_t r = 0; r < n; r++) {
                uint32_t k = base + r;
                if (types[0].id == TYPE_BIGINT)
                    set_i64(0, r, (int64_t)k * 2654435761 - 1000000);
                else {
                    snprintf(buf, sizeof buf, "k%u", k);
                    set_str(0, r, buf);
                }
                if (n_cols > 1)
                    set_i32(1, r, (int32_t)(k % 7));
            }
            find();
            for (uint32_t r = 0; r < n; r++)
                wrong += g_gids[r] != base + r;
        }
        CU_ASSERT_EQUAL(keytab_count(g_table), n_keys);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_TRUE(keytab_bytes(g_table) > bytes_empty + (size_t)n_keys * 8);
    fixture_free();
}

static void test_ids_stable_through_growth_to_a_million_keys(void) {
    check_million_keys(1, (SqlType[]){T(TYPE_BIGINT)});
    check_million_keys(2, (SqlType[]){T(TYPE_BIGINT), T(TYPE_INT)});
    check_million_keys(1, (SqlType[]){type_string()});
}

/* ---- the direct map (one integer key column) ------------------------------------------ */

/*
 * A reference model of the table: keys with their ids, new ids in first-seen order
 * or from the free list (last freed, first reused). Random batches of keys from a
 * band around `center` (the direct map), NULLs, the end of the type's range near
 * the band and, from round `far_from` on, keys so far apart that the map must be given up; every
 * few batches some groups are removed. Each batch's ids must equal the model's.
 */
enum { REF_MAX = 6000 };
typedef struct RefTable {
    int64_t key[REF_MAX];
    bool is_null[REF_MAX], live[REF_MAX];
    uint32_t n_ids, free_ids[REF_MAX], n_free;
} RefTable;

static uint32_t ref_find_or_add(RefTable *m, bool is_null, int64_t key) {
    for (uint32_t g = 0; g < m->n_ids; g++)
        if (m->live[g] && m->is_null[g] == is_null && (is_null || m->key[g] == key))
            return g;
    uint32_t g = m->n_free ? m->free_ids[--m->n_free] : m->n_ids++;
    m->key[g] = key;
    m->is_null[g] = is_null;
    m->live[g] = true;
    return g;
}

static void check_direct_against_model(TypeId type, int64_t center, int far_from) {
    static RefTable m;
    memset(&m, 0, sizeof m);
    SqlType types[] = {T(type)};
    fixture(1, types, 0);
    uint64_t rng = 99 + (uint64_t)type;
    uint32_t wrong = 0;
    int64_t lo = type == TYPE_INT ? INT32_MIN : INT64_MIN;
    int64_t hi = type == TYPE_INT ? INT32_MAX : INT64_MAX;
    for (int round = 0; round < 60; round++) {
        batch_reset(g_batch);
        g_batch->n_rows = 300;
        uint32_t want[300];
        for (uint32_t r = 0; r < 300; r++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t x = (uint32_t)(rng >> 33);
            bool is_null = x % 50 == 0;
            /* mostly a dense band that drifts down then up; near an end of the type's
             * range, sometimes the end value itself */
            int64_t key = center + (int64_t)(x % 3000) - 1500 + (round < 30 ? -round : round) * 100;
            if (center != 0 && x % 97 == 1)
                key = center > 0 ? hi - x % 3 : lo + x % 3;
            if (round >= far_from && x % 89 == 3)
                key = (int64_t)(x % 1000) * (type == TYPE_INT ? 2000000 : 5000000000ll);
            if (type == TYPE_INT)
                set_i32(0, r, (int32_t)key);
            else
                set_i64(0, r, key);
            if (is_null)
                set_null(0, r);
            want[r] = ref_find_or_add(&m, is_null, key);
        }
        CU_ASSERT_EQUAL(find(), m.n_ids);
        for (uint32_t r = 0; r < 300; r++)
            wrong += g_gids[r] != want[r];
        if (round % 7 == 6) { /* remove every third live group */
            uint32_t ids[REF_MAX], n = 0;
            for (uint32_t g = 0; g < m.n_ids; g++)
                if (m.live[g] && g % 3 == (uint32_t)round % 3) {
                    ids[n++] = g;
                    m.live[g] = false;
                    m.free_ids[m.n_free++] = g;
                }
            keytab_remove(g_table, ids, n);
        }
    }
    CU_ASSERT_EQUAL(wrong, 0);
    /* the keys read back */
    gather_vectors(1, types);
    for (uint32_t g = 0; g < m.n_ids; g++) {
        if (!m.live[g])
            continue;
        keytab_gather(g_table, &g, 1, g_outp);
        if (m.is_null[g])
            wrong += !vec_is_null(&g_out[0], 0);
        else if (type == TYPE_INT)
            wrong += ((int32_t *)g_out[0].data)[0] != (int32_t)m.key[g];
        else
            wrong += ((int64_t *)g_out[0].data)[0] != m.key[g];
    }
    CU_ASSERT_EQUAL(wrong, 0);
    gather_free();
    fixture_free();
}

static void test_direct_map_agrees_with_a_model(void) {
    /* the map stays on: keys around 0, at the top and the bottom of the range */
    check_direct_against_model(TYPE_INT, 0, 1000);
    check_direct_against_model(TYPE_INT, INT32_MAX - 10000, 1000);
    check_direct_against_model(TYPE_INT, INT32_MIN + 10000, 1000);
    check_direct_against_model(TYPE_BIGINT, 0, 1000);
    check_direct_against_model(TYPE_BIGINT, INT64_MAX - 10000, 1000);
    check_direct_against_model(TYPE_BIGINT, INT64_MIN + 10000, 1000);
    /* given up part-way */
    check_direct_against_model(TYPE_INT, 0, 20);
    check_direct_against_model(TYPE_BIGINT, INT64_MIN + 10000, 20);
}

/* A dense band of keys far from zero, reached from both sides: the map grows down
 * and up without losing a key. */
static void test_direct_map_grows_both_ways(void) {
    SqlType types[] = {T(TYPE_BIGINT)};
    fixture(1, types, 0);
    const int64_t base = 7000000000000ll;
    uint32_t wrong = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int b = 0; b < 200; b++) {
            batch_reset(g_batch);
            g_batch->n_rows = 1000;
            /* batches alternate below and above base, spreading out */
            for (uint32_t r = 0; r < 1000; r++) {
                int64_t k = (int64_t)(b / 2) * 1000 + r;
                set_i64(0, r, b % 2 ? base + k : base - 1 - k);
            }
            find();
            for (uint32_t r = 0; r < 1000; r++)
                wrong += g_gids[r] != (uint32_t)(b / 2 * 2000 + (b % 2) * 1000 + r);
        }
        CU_ASSERT_EQUAL(keytab_count(g_table), 200000);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    fixture_free();
}

/* ---- collisions ---------------------------------------------------------------------- */

/* With mask 0 every key has hash 0: one probe sequence, one tag, so every lookup walks
 * and compares keys. With mask 0xffff0000ffff tags collide often but slots spread. */
static void check_collisions(uint64_t mask, int n_cols, const SqlType *types) {
    const uint32_t n_keys = 3000;
    fixture(n_cols, types, 0);
    keytab_set_hash_mask(g_table, mask);
    char buf[32];
    uint32_t wrong = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t base = 0; base < n_keys; base += 500) {
            batch_reset(g_batch);
            /* Each key twice in the batch, the copies in reverse order. */
            g_batch->n_rows = 1000;
            for (uint32_t r = 0; r < 1000; r++) {
                uint32_t k = base + (r < 500 ? r : 999 - r);
                for (int col = 0; col < n_cols; col++) {
                    if (types[col].id == TYPE_INT)
                        set_i32(col, r, (int32_t)(k / 2)); /* equal in pairs */
                    else if (types[col].id == TYPE_BIGINT)
                        set_i64(col, r, (int64_t)k * 3);
                    else {
                        snprintf(buf, sizeof buf, "%u", (k + 1) / 2); /* pairs */
                        set_str(col, r, buf);
                    }
                }
            }
            find();
            for (uint32_t r = 0; r < 1000; r++)
                wrong += g_gids[r] != base + (r < 500 ? r : 999 - r);
        }
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(keytab_count(g_table), n_keys);
    fixture_free();
}

static void test_colliding_hashes_still_separate_keys(void) {
    check_collisions(0, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_collisions(0xffff0000ffffull, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_collisions(0, 2, (SqlType[]){T(TYPE_INT), type_string()});
    check_collisions(0xffff0000ffffull, 2, (SqlType[]){type_string(), T(TYPE_INT)});
}

static void test_colliding_null_and_zero_stay_apart(void) {
    SqlType types[] = {T(TYPE_INT)};
    fixture(1, types, 4);
    keytab_set_hash_mask(g_table, 0);
    set_i32(0, 0, 0);
    set_null(0, 1);
    set_i32(0, 2, 0);
    set_null(0, 3);
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 1, 0, 1}, 4);
    fixture_free();
}

/* ---- NULLs --------------------------------------------------------------------------- */

/* The value under a NULL differs from row to row: it must not matter. */
static void test_null_is_one_key_apart_from_zero_and_empty(void) {
    SqlType ints[] = {T(TYPE_INT)};
    fixture(1, ints, 5);
    set_i32(0, 0, 17);
    set_null(0, 0);
    set_i32(0, 1, 0);
    set_i32(0, 2, -4);
    set_null(0, 2);
    set_i32(0, 3, 0);
    set_i32(0, 4, 0);
    set_null(0, 4);
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 1, 0, 1, 0}, 5);

    SqlType strs[] = {type_string()};
    fixture(1, strs, 4);
    set_str(0, 0, "");
    set_str(0, 1, "x");
    set_null(0, 1);
    set_str(0, 2, "");
    set_str(0, 3, "y");
    set_null(0, 3);
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 1, 0, 1}, 4);

    SqlType dbls[] = {T(TYPE_DOUBLE)};
    fixture(1, dbls, 3);
    set_f64(0, 0, 0.0);
    set_f64(0, 1, 1.5);
    set_null(0, 1);
    set_f64(0, 2, 0.0);
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 1, 0}, 3);
    fixture_free();
}

static void test_nulls_in_several_columns(void) {
    SqlType types[] = {T(TYPE_INT), type_string(), T(TYPE_BIGINT)};
    fixture(3, types, 9);
    /* (NULL,'a',1) (1,NULL,1) (NULL,NULL,NULL) (NULL,'a',1) (1,NULL,1) (0,'',0)
     * (NULL,'',1) (NULL,NULL,NULL) (0,'',NULL) */
    struct {
        int32_t a;
        const char *b;
        int64_t c;
        bool a_null, b_null, c_null;
    } rows[] = {
        {9, "a", 1, true, false, false}, {1, "q", 1, false, true, false},
        {5, "r", 2, true, true, true},   {8, "a", 1, true, false, false},
        {1, "s", 1, false, true, false}, {0, "", 0, false, false, false},
        {0, "", 1, true, false, false},  {7, "t", 3, true, true, true},
        {0, "", 5, false, false, true},
    };
    for (uint32_t r = 0; r < 9; r++) {
        set_i32(0, r, rows[r].a);
        set_str(1, r, rows[r].b);
        set_i64(2, r, rows[r].c);
        if (rows[r].a_null)
            set_null(0, r);
        if (rows[r].b_null)
            set_null(1, r);
        if (rows[r].c_null)
            set_null(2, r);
    }
    CU_ASSERT_EQUAL(find(), 6);
    assert_gids((uint32_t[]){0, 1, 2, 0, 1, 3, 4, 2, 5}, 9);

    /* Gathered back: NULLs where they were, values elsewhere. */
    gather_vectors(3, types);
    keytab_gather(g_table, (uint32_t[]){2, 4, 5}, 3, g_outp);
    CU_ASSERT_TRUE(vec_is_null(&g_out[0], 0) && vec_is_null(&g_out[1], 0));
    CU_ASSERT_TRUE(vec_is_null(&g_out[2], 0));
    CU_ASSERT_TRUE(vec_is_null(&g_out[0], 1));
    CU_ASSERT_TRUE(!vec_is_null(&g_out[1], 1) && str_is(&g_out[1], 1, ""));
    CU_ASSERT_TRUE(!vec_is_null(&g_out[2], 1) && ((int64_t *)g_out[2].data)[1] == 1);
    CU_ASSERT_TRUE(!vec_is_null(&g_out[0], 2) && ((int32_t *)g_out[0].data)[2] == 0);
    CU_ASSERT_TRUE(vec_is_null(&g_out[2], 2));
    gather_free();
    fixture_free();
}

/* A column of the NULL type (GROUP BY NULL) is one group. */
static void test_null_type_column_is_one_group(void) {
    SqlType types[] = {T(TYPE_NULL), T(TYPE_INT)};
    fixture(2, types, 4);
    for (uint32_t r = 0; r < 4; r++)
        set_i32(1, r, (int32_t)(r % 2));
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 1, 0, 1}, 4);
    gather_vectors(2, types);
    keytab_gather(g_table, (uint32_t[]){1, 0}, 2, g_outp);
    CU_ASSERT_TRUE(vec_is_null(&g_out[0], 0) && vec_is_null(&g_out[0], 1));
    CU_ASSERT_EQUAL(((int32_t *)g_out[1].data)[0], 1);
    gather_free();
    fixture_free();
}

/* ---- types and values -------------------------------------------------------------- */

static void test_multi_column_keys_of_mixed_types(void) {
    SqlType types[] = {T(TYPE_BOOLEAN), T(TYPE_INT),   T(TYPE_BIGINT),
                       T(TYPE_DOUBLE),  type_string(), T(TYPE_DATE)};
    fixture(6, types, 8);
    /* Row 0 is the base; rows 1..6 each differ from it in one column; row 7 equals it. */
    for (uint32_t r = 0; r < 8; r++) {
        set_bool(0, r, r == 1);
        set_i32(1, r, r == 2 ? 11 : 10);
        set_i64(2, r, r == 3 ? ((int64_t)1 << 40) + 1 : (int64_t)1 << 40);
        set_f64(3, r, r == 4 ? 2.25 : 2.5);
        set_str(4, r, r == 5 ? "abd" : "abc");
        set_i32(5, r, r == 6 ? 19000 : 19001);
    }
    CU_ASSERT_EQUAL(find(), 7);
    assert_gids((uint32_t[]){0, 1, 2, 3, 4, 5, 6, 0}, 8);

    /* Strings that differ only in length, or at the end, are different keys. */
    SqlType strs[] = {type_string(), T(TYPE_INT)};
    fixture(2, strs, 5);
    const char *words[] = {"ab", "ab ", "abc", "abd", "ab"};
    for (uint32_t r = 0; r < 5; r++) {
        set_str(0, r, words[r]);
        set_i32(1, r, 1);
    }
    CU_ASSERT_EQUAL(find(), 4);
    assert_gids((uint32_t[]){0, 1, 2, 3, 0}, 5);
    fixture_free();
}

static void test_negative_zero_and_nans_group_as_sql_values(void) {
    uint64_t bits = 0x7ff0000000000123ull; /* a NaN with another payload */
    double odd_nan;
    memcpy(&odd_nan, &bits, sizeof odd_nan);

    SqlType dbls[] = {T(TYPE_DOUBLE)};
    fixture(1, dbls, 6);
    set_f64(0, 0, 0.0);
    set_f64(0, 1, -0.0);
    set_f64(0, 2, (double)NAN);
    set_f64(0, 3, odd_nan);
    set_f64(0, 4, -(double)NAN);
    set_f64(0, 5, 1.0);
    CU_ASSERT_EQUAL(find(), 3);
    assert_gids((uint32_t[]){0, 0, 1, 1, 1, 2}, 6);
    gather_vectors(1, dbls);
    keytab_gather(g_table, (uint32_t[]){0, 1}, 2, g_outp);
    CU_ASSERT_TRUE(((double *)g_out[0].data)[0] == 0.0);
    CU_ASSERT_TRUE(isnan(((double *)g_out[0].data)[1]));
    gather_free();

    /* FLOAT, and DOUBLE beside another column (the general probe). */
    SqlType flts[] = {T(TYPE_FLOAT), T(TYPE_DOUBLE)};
    fixture(2, flts, 4);
    set_f32(0, 0, -0.0f);
    set_f32(0, 1, 0.0f);
    set_f32(0, 2, NAN);
    set_f32(0, 3, -NAN);
    set_f64(1, 0, (double)NAN);
    set_f64(1, 1, odd_nan);
    set_f64(1, 2, -0.0);
    set_f64(1, 3, 0.0);
    CU_ASSERT_EQUAL(find(), 2);
    assert_gids((uint32_t[]){0, 0, 1, 1}, 4);
    fixture_free();
}

/* The table keeps its own copy of string keys: the batch may be freed. */
static void test_strings_outlive_their_batch(void) {
    SqlType types[] = {type_string(), T(TYPE_INT)};
    fixture(2, types, 3);
    char long_key[300];
    memset(long_key, 'z', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = '\0';
    set_str(0, 0, "apple");
    set_str(0, 1, long_key);
    set_str(0, 2, "");
    for (uint32_t r = 0; r < 3; r++)
        set_i32(1, r, 1);
    CU_ASSERT_EQUAL(find(), 3);
    /* Overwrite the batch's bytes, then free it. */
    for (uint32_t r = 0; r < 3; r++) {
        StrRef *s = &((StrRef *)g_batch->cols[0].data)[r];
        memset((char *)s->ptr, '#', s->len);
    }
    batch_free(g_batch);
    g_batch = NULL;

    gather_vectors(2, types);
    keytab_gather(g_table, (uint32_t[]){2, 1, 0}, 3, g_outp);
    CU_ASSERT_TRUE(str_is(&g_out[0], 0, ""));
    CU_ASSERT_TRUE(str_is(&g_out[0], 1, long_key));
    CU_ASSERT_TRUE(str_is(&g_out[0], 2, "apple"));
    CU_ASSERT_PTR_NULL(g_out[0].validity);
    gather_free();

    /* A new batch with the same strings at new addresses finds the same groups. */
    g_batch = batch_new(2, types);
    g_batch->n_rows = 2;
    set_str(0, 0, long_key);
    set_str(0, 1, "apple");
    set_i32(1, 0, 1);
    set_i32(1, 1, 1);
    CU_ASSERT_EQUAL(find(), 3);
    assert_gids((uint32_t[]){1, 0}, 2);
    fixture_free();
}

/* ---- selection, zero keys, gather -------------------------------------------------- */

static void test_selection_vector_picks_the_live_rows(void) {
    SqlType types[] = {T(TYPE_INT)};
    SqlType two[] = {T(TYPE_INT), type_string()};
    for (int form = 0; form < 2; form++) {
        fixture(form + 1, form ? two : types, 6);
        int32_t keys[] = {100, 200, 300, 200, 400, 100};
        for (uint32_t r = 0; r < 6; r++) {
            set_i32(0, r, keys[r]);
            if (form)
                set_str(1, r, "s");
        }
        uint16_t sel[] = {1, 3, 4, 5};
        g_batch->sel = sel;
        g_batch->n_sel = 4;
        CU_ASSERT_EQUAL(find(), 3); /* 300 (row 2) and row 0 are not live */
        assert_gids((uint32_t[]){0, 0, 1, 2}, 4);
        gather_vectors(form + 1, form ? two : types);
        keytab_gather(g_table, (uint32_t[]){0, 1, 2}, 3, g_outp);
        CU_ASSERT_EQUAL(((int32_t *)g_out[0].data)[0], 200);
        CU_ASSERT_EQUAL(((int32_t *)g_out[0].data)[1], 400);
        CU_ASSERT_EQUAL(((int32_t *)g_out[0].data)[2], 100);
        gather_free();
        g_batch->sel = NULL;
    }
    fixture_free();
}

static void test_zero_keys_make_one_group(void) {
    KeyTable *t = keytab_new(0, NULL);
    CU_ASSERT_EQUAL(keytab_count(t), 0);
    uint32_t gids[5] = {9, 9, 9, 9, 9};
    CU_ASSERT_EQUAL(keytab_find_or_add(t, NULL, NULL, 0, gids), 0);
    CU_ASSERT_EQUAL(keytab_find_or_add(t, NULL, NULL, 5, gids), 1);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(gids[i], 0);
    uint16_t sel[] = {3, 7};
    gids[0] = gids[1] = 9;
    CU_ASSERT_EQUAL(keytab_find_or_add(t, NULL, sel, 2, gids), 1);
    CU_ASSERT_EQUAL(gids[0], 0);
    CU_ASSERT_EQUAL(gids[1], 0);
    keytab_gather(t, (uint32_t[]){0}, 1, NULL);
    CU_ASSERT_TRUE(keytab_bytes(t) > 0);
    keytab_free(t);
    keytab_free(NULL);
}

/* Every type, one column each, with NULLs on some rows; the groups gathered in reverse
 * order give back each row's values. */
static void test_gather_round_trips_every_type(void) {
    SqlType types[] = {
        T(TYPE_BOOLEAN),  T(TYPE_TINYINT), T(TYPE_SMALLINT),    T(TYPE_INT),
        T(TYPE_BIGINT),   T(TYPE_FLOAT),   T(TYPE_DOUBLE),      type_decimal(10, 2),
        type_varchar(20), T(TYPE_CHAR),    type_timestamp(3),   T(TYPE_TIMESTAMP_LTZ),
        T(TYPE_DATE),     T(TYPE_TIME),    T(TYPE_INTERVAL_DT), T(TYPE_INTERVAL_YM)};
    const int n_cols = (int)(sizeof types / sizeof types[0]);
    const uint32_t n = 300;
    for (int single = 0; single < 2; single++) {
        /* All columns together (general probe), then each alone (fused when fixed). */
        for (int only = single ? 0 : -1; only < (single ? n_cols : 0); only++) {
            int first = only < 0 ? 0 : only;
            int count = only < 0 ? n_cols : 1;
            fixture(count, types + first, n);
            char buf[32];
            for (uint32_t r = 0; r < n; r++) {
                for (int c = 0; c < count; c++) {
                    int col = first + c;
                    /* Distinct rows in every column but BOOLEAN: r mixed per column. */
                    int64_t v = (int64_t)r * 7919 + col * 13 - 1000;
                    switch (types[col].id) {
                        case TYPE_BOOLEAN:
                            set_bool(c, r, r & 1);
                            break;
                        case TYPE_TINYINT:
                        case TYPE_SMALLINT:
                        case TYPE_INT:
                        case TYPE_DATE:
                        case TYPE_TIME:
                            set_i32(c, r, (int32_t)v);
                            break;
                        case TYPE_FLOAT:
                            set_f32(c, r, (float)v * 0.25f);
                            break;
                        case TYPE_DOUBLE:
                            set_f64(c, r, (double)v * 0.125);
                            break;
                        case TYPE_CHAR:
                        case TYPE_VARCHAR:
                            snprintf(buf, sizeof buf, "v%lld", (long long)v);
                            set_str(c, r, buf);
                            break;
                        default:
                            set_i64(c, r, v * 1000003);
                            break;
                    }
                    if (r % 5 == 3)
                        set_null(c, r);
                }
            }
            uint32_t n_groups = find();
            uint32_t ids[300];
            for (uint32_t r = 0; r < n; r++)
                ids[r] = g_gids[n - 1 - r];
            gather_vectors(count, types + first);
            /* A stale NULL in an output row must not survive the gather. */
            for (int c = 0; c < count; c++) {
                vec_set_null(&g_out[c], 0);
                vec_set_null(&g_out[c], 2);
            }
            keytab_gather(g_table, ids, n, g_outp);
            uint32_t wrong = 0;
            for (int c = 0; c < count; c++) {
                const Vector *in = &g_batch->cols[c], *out = &g_out[c];
                size_t width = type_width(in->type.id);
                for (uint32_t r = 0; r < n; r++) {
                    uint32_t src = n - 1 - r;
                    if (vec_is_null(in, src) != vec_is_null(out, r)) {
                        wrong++;
                        continue;
                    }
                    if (vec_is_null(in, src))
                        continue;
                    if (in->type.id == TYPE_CHAR || in->type.id == TYPE_VARCHAR) {
                        StrRef a = ((StrRef *)in->data)[src], b = ((StrRef *)out->data)[r];
                        wrong += a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0;
                    } else {
                        wrong += memcmp((char *)in->data + src * width,
                                        (char *)out->data + r * width, width) != 0;
                    }
                }
            }
            CU_ASSERT_EQUAL(wrong, 0);
            if (only < 0)
                CU_ASSERT_EQUAL(n_groups, n - n / 5 + 1); /* the all-NULL rows are one */
            if (only >= 0 && types[only].id == TYPE_BOOLEAN)
                CU_ASSERT_EQUAL(n_groups, 3);
            gather_free();
        }
    }
    fixture_free();
}

/* Gathering rows with no NULL into a vector that had NULLs makes those rows valid and
 * leaves the rows past n alone. */
static void test_gather_resets_validity_of_written_rows(void) {
    SqlType types[] = {T(TYPE_BIGINT)};
    fixture(1, types, 2);
    set_i64(0, 0, 5);
    set_i64(0, 1, 6);
    find();
    gather_vectors(1, types);
    vec_set_null(&g_out[0], 0);
    vec_set_null(&g_out[0], 70);
    keytab_gather(g_table, (uint32_t[]){1, 0, 1}, 3, g_outp);
    CU_ASSERT_FALSE(vec_is_null(&g_out[0], 0));
    CU_ASSERT_TRUE(vec_is_null(&g_out[0], 70));
    CU_ASSERT_EQUAL(((int64_t *)g_out[0].data)[0], 6);
    CU_ASSERT_EQUAL(((int64_t *)g_out[0].data)[1], 5);
    CU_ASSERT_EQUAL(((int64_t *)g_out[0].data)[2], 6);
    gather_free();
    fixture_free();
}

/* ---- removal ------------------------------------------------------------------------- */

static void test_removed_key_comes_back_as_a_new_group_on_a_free_id(void) {
    SqlType types[] = {type_string()};
    fixture(1, types, 3);
    set_str(0, 0, "alpha");
    set_str(0, 1, "beta");
    set_str(0, 2, "gamma");
    CU_ASSERT_EQUAL(find(), 3);
    keytab_remove(g_table, (uint32_t[]){1}, 1);
    /* the others are still found where they were; the count of ids stays */
    batch_reset(g_batch);
    g_batch->n_rows = 2;
    set_str(0, 0, "gamma");
    set_str(0, 1, "alpha");
    CU_ASSERT_EQUAL(find(), 3);
    assert_gids((uint32_t[]){2, 0}, 2);
    /* "beta" again takes the free id 1, and then "delta" a new one */
    batch_reset(g_batch);
    g_batch->n_rows = 3;
    set_str(0, 0, "beta");
    set_str(0, 1, "delta");
    set_str(0, 2, "beta");
    CU_ASSERT_EQUAL(find(), 4);
    assert_gids((uint32_t[]){1, 3, 1}, 3);
    gather_vectors(1, types);
    keytab_gather(g_table, (uint32_t[]){0, 1, 2, 3}, 4, g_outp);
    CU_ASSERT_TRUE(str_is(&g_out[0], 0, "alpha"));
    CU_ASSERT_TRUE(str_is(&g_out[0], 1, "beta"));
    CU_ASSERT_TRUE(str_is(&g_out[0], 2, "gamma"));
    CU_ASSERT_TRUE(str_is(&g_out[0], 3, "delta"));
    gather_free();
    fixture_free();

    /* zero keys: the one group goes and comes back */
    fixture(0, NULL, 2);
    CU_ASSERT_EQUAL(find(), 1);
    keytab_remove(g_table, (uint32_t[]){0}, 1);
    CU_ASSERT_EQUAL(keytab_count(g_table), 0);
    CU_ASSERT_EQUAL(find(), 1);
    assert_gids((uint32_t[]){0, 0}, 2);
    fixture_free();
}

/* Key k of the removal tests, in column col. */
static void set_key(int n_cols, const SqlType *types, uint32_t row, uint32_t k) {
    char buf[32];
    for (int col = 0; col < n_cols; col++) {
        if (types[col].id == TYPE_BIGINT)
            set_i64(col, row, (int64_t)k * 7 - 5000);
        else if (types[col].id == TYPE_INT)
            set_i32(col, row, (int32_t)(k / 3));
        else {
            snprintf(buf, sizeof buf, "key-%u", k);
            set_str(col, row, buf);
        }
    }
}

/*
 * Rounds of removing a pseudo-random third of the keys then adding them back, under
 * forced collisions: after each removal every other key is still found on its id (the
 * backward shift kept its probe run whole) and no key is added twice; the removed keys
 * come back on exactly the freed ids.
 */
static void check_removal(uint64_t mask, int n_cols, const SqlType *types) {
    enum { N = 3000 };
    static uint32_t id_of[N], removed[N], freed[N];
    static bool present[N];
    fixture(n_cols, types, 0);
    keytab_set_hash_mask(g_table, mask);
    for (uint32_t base = 0; base < N; base += 500) {
        batch_reset(g_batch);
        g_batch->n_rows = 500;
        for (uint32_t r = 0; r < 500; r++)
            set_key(n_cols, types, r, base + r);
        find();
        for (uint32_t r = 0; r < 500; r++) {
            id_of[base + r] = g_gids[r];
            present[base + r] = true;
        }
    }
    uint64_t rng = 12345;
    uint32_t wrong = 0;
    for (int round = 0; round < 6; round++) {
        uint32_t n_removed = 0;
        for (uint32_t k = 0; k < N; k++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            if ((rng >> 33) % 3 == 0) {
                removed[n_removed] = k;
                freed[n_removed++] = id_of[k];
                present[k] = false;
            }
        }
        keytab_remove(g_table, freed, n_removed);
        /* every present key, a batch at a time: found on its id, nothing added */
        for (uint32_t base = 0; base < N; base += 500) {
            batch_reset(g_batch);
            uint32_t n = 0;
            uint32_t which[500];
            for (uint32_t k = base; k < base + 500; k++)
                if (present[k]) {
                    which[n] = k;
                    set_key(n_cols, types, n++, k);
                }
            g_batch->n_rows = n;
            CU_ASSERT_EQUAL(find(), N);
            for (uint32_t i = 0; i < n; i++)
                wrong += g_gids[i] != id_of[which[i]];
        }
        /* the removed keys come back, each on a distinct freed id */
        static uint8_t is_freed[N];
        memset(is_freed, 0, sizeof is_freed);
        for (uint32_t i = 0; i < n_removed; i++)
            is_freed[freed[i]] = 1;
        for (uint32_t base = 0; base < n_removed; base += 500) {
            uint32_t n = n_removed - base < 500 ? n_removed - base : 500;
            batch_reset(g_batch);
            g_batch->n_rows = n;
            for (uint32_t i = 0; i < n; i++)
                set_key(n_cols, types, i, removed[base + i]);
            CU_ASSERT_EQUAL(find(), N);
            for (uint32_t i = 0; i < n; i++) {
                uint32_t g = g_gids[i];
                wrong += g >= N || is_freed[g] != 1;
                if (g < N)
                    is_freed[g] = 2;
                id_of[removed[base + i]] = g;
                present[removed[base + i]] = true;
            }
        }
    }
    CU_ASSERT_EQUAL(wrong, 0);
    /* and the keys read back right */
    gather_vectors(n_cols, types);
    uint32_t ids[500];
    for (uint32_t base = 0; base < N; base += 500) {
        for (uint32_t i = 0; i < 500; i++)
            ids[i] = id_of[base + i];
        keytab_gather(g_table, ids, 500, g_outp);
        for (uint32_t i = 0; i < 500; i++) {
            uint32_t k = base + i;
            for (int col = 0; col < n_cols; col++) {
                if (types[col].id == TYPE_BIGINT)
                    wrong += ((int64_t *)g_out[col].data)[i] != (int64_t)k * 7 - 5000;
                else if (types[col].id == TYPE_INT)
                    wrong += ((int32_t *)g_out[col].data)[i] != (int32_t)(k / 3);
                else {
                    char buf[32];
                    snprintf(buf, sizeof buf, "key-%u", k);
                    wrong += !str_is(&g_out[col], i, buf);
                }
            }
        }
    }
    CU_ASSERT_EQUAL(wrong, 0);
    gather_free();
    fixture_free();
}

static void test_removal_keeps_colliding_keys_findable(void) {
    check_removal(~(uint64_t)0, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_removal(0, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_removal(0xffff0000ffffull, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_removal(0xffff000003ffull, 1, (SqlType[]){T(TYPE_BIGINT)});
    check_removal(0, 2, (SqlType[]){T(TYPE_INT), type_string()});
    check_removal(0xffff0000ffffull, 2, (SqlType[]){type_string(), T(TYPE_INT)});
    check_removal(~(uint64_t)0, 1, (SqlType[]){type_string()});
}

/* Removing most string keys gives their bytes back (the arena is compacted). */
static void test_removal_releases_key_strings(void) {
    SqlType types[] = {type_string()};
    enum { N = 40000 };
    static uint32_t ids[N];
    fixture(1, types, 0);
    char buf[128];
    for (uint32_t base = 0; base < N; base += 1000) {
        batch_reset(g_batch);
        g_batch->n_rows = 1000;
        for (uint32_t r = 0; r < 1000; r++) {
            snprintf(buf, sizeof buf, "%0100u", base + r);
            set_str(0, r, buf);
        }
        find();
        memcpy(&ids[base], g_gids, 1000 * sizeof(uint32_t));
    }
    size_t full = keytab_bytes(g_table);
    keytab_remove(g_table, ids, N - 1);
    CU_ASSERT_TRUE(keytab_bytes(g_table) + (size_t)N * 90 < full);
    batch_reset(g_batch);
    g_batch->n_rows = 1;
    snprintf(buf, sizeof buf, "%0100u", N - 1);
    set_str(0, 0, buf);
    CU_ASSERT_EQUAL(find(), N);
    CU_ASSERT_EQUAL(g_gids[0], ids[N - 1]);
    gather_vectors(1, types);
    keytab_gather(g_table, &ids[N - 1], 1, g_outp);
    CU_ASSERT_TRUE(str_is(&g_out[0], 0, buf));
    gather_free();
    fixture_free();
}

void suite_keytable(void) {
    static CU_TestInfo tests[] = {
        {"ids_are_dense_in_first_seen_order", test_ids_are_dense_in_first_seen_order},
        {"ids_stable_through_growth_to_a_million_keys",
         test_ids_stable_through_growth_to_a_million_keys},
        {"direct_map_agrees_with_a_model", test_direct_map_agrees_with_a_model},
        {"direct_map_grows_both_ways", test_direct_map_grows_both_ways},
        {"colliding_hashes_still_separate_keys", test_colliding_hashes_still_separate_keys},
        {"colliding_null_and_zero_stay_apart", test_colliding_null_and_zero_stay_apart},
        {"null_is_one_key_apart_from_zero_and_empty",
         test_null_is_one_key_apart_from_zero_and_empty},
        {"nulls_in_several_columns", test_nulls_in_several_columns},
        {"null_type_column_is_one_group", test_null_type_column_is_one_group},
        {"multi_column_keys_of_mixed_types", test_multi_column_keys_of_mixed_types},
        {"negative_zero_and_nans_group_as_sql_values",
         test_negative_zero_and_nans_group_as_sql_values},
        {"strings_outlive_their_batch", test_strings_outlive_their_batch},
        {"selection_vector_picks_the_live_rows", test_selection_vector_picks_the_live_rows},
        {"zero_keys_make_one_group", test_zero_keys_make_one_group},
        {"gather_round_trips_every_type", test_gather_round_trips_every_type},
        {"gather_resets_validity_of_written_rows", test_gather_resets_validity_of_written_rows},
        {"removed_key_comes_back_as_a_new_group_on_a_free_id",
         test_removed_key_comes_back_as_a_new_group_on_a_free_id},
        {"removal_keeps_colliding_keys_findable", test_removal_keeps_colliding_keys_findable},
        {"removal_releases_key_strings", test_removal_releases_key_strings},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("keytable", tests);
}
