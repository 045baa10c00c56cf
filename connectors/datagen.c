/*
 * datagen.c - the 'datagen' connector: rows made up on the fly, as Flink's.
 *
 * Options (Flink's names): 'rows-per-second' (default 10000; the source sleeps to keep
 * the pace), 'number-of-rows' (default: unbounded), and per field 'fields.<f>.kind' =
 * 'random' (default) or 'sequence'; random numbers within 'fields.<f>.min' / 'max'
 * (default: the type's range; [0, 1) for FLOAT/DOUBLE), random strings of
 * 'fields.<f>.length' characters (default 100), random timestamps up to
 * 'fields.<f>.max-past' before now (default 0: now), and 'fields.<f>.null-rate'; a
 * sequence counts from 'fields.<f>.start' to 'fields.<f>.end' (both required) and the
 * input ends after its last value. sluice's own 'seed' makes a run repeatable (the
 * default seed comes from the clock); timestamps still follow the clock unless the
 * field is a sequence.
 *
 * Every field draws from its own generator, seeded from the seed and the field's
 * position, so the values of a column do not depend on which other columns a query
 * reads (only the read ones are generated).
 */
#include "connectors/connectors.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct GenField {
    bool is_sequence;
    int col; /* output column, or -1 when the query does not read the field */
    SqlType type;
    int64_t lo, hi; /* random integers (and DECIMAL as scaled), or the sequence */
    double dlo, dhi;
    int64_t length;   /* strings */
    int64_t max_past; /* timestamps */
    double null_rate;
    uint64_t state; /* xorshift64* */
    int64_t next;   /* sequence: the next value */
    int64_t unit;   /* sequence: the physical value of 1 (10^scale for DECIMAL) */
} GenField;

typedef struct GenSource {
    Source base;
    int n_fields;
    GenField *fields;
    Batch *batch;
    int64_t rows_left; /* -1: unbounded */
    int64_t per_second;
    uint32_t batch_rows;
    int64_t started, produced;
} GenSource;

static uint64_t next_random(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* True (and a draw made) when this row of a random field is NULL by its null-rate. */
static bool draw_null(GenField *f) {
    return !f->is_sequence && f->null_rate > 0 &&
           (double)(next_random(&f->state) >> 11) / 9007199254740992.0 < f->null_rate;
}

static void fill_strings(GenField *f, Vector *v, Arena *arena, uint32_t n) {
    static const char ALNUM[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StrRef *out = v->data;
    for (uint32_t r = 0; r < n; r++) {
        (void)next_random(&f->state); /* each row draws once first, as the other types */
        if (draw_null(f)) {
            vec_set_null(v, r);
            continue;
        }
        if (f->is_sequence) {
            char buf[24];
            int len = snprintf(buf, sizeof buf, "%lld", (long long)f->next++);
            out[r] = (StrRef){arena_strndup(arena, buf, (size_t)len), (uint32_t)len};
            continue;
        }
        char *p = arena_alloc(arena, (size_t)f->length + 1);
        for (int64_t k = 0; k < f->length; k++)
            p[k] = ALNUM[next_random(&f->state) % 62];
        out[r] = (StrRef){p, (uint32_t)f->length};
    }
}

/* Rows 0..n-1 of a field's column: the values drawn first (one loop), then stored in
 * the column's physical form (one loop per form, chosen once). */
static void fill_column(GenField *f, Vector *v, Arena *arena, uint32_t n, int64_t now) {
    Phys phys = phys_of(f->type.id);
    if (phys == PHYS_STR) {
        fill_strings(f, v, arena, n);
        return;
    }
    int64_t iv[BATCH_CAPACITY];
    double dv[BATCH_CAPACITY];
    bool is_ts = f->type.id == TYPE_TIMESTAMP || f->type.id == TYPE_TIMESTAMP_LTZ;
    bool is_bool = f->type.id == TYPE_BOOLEAN;
    bool is_float = phys == PHYS_F32 || phys == PHYS_F64;
    uint64_t span = (uint64_t)f->hi - (uint64_t)f->lo + 1; /* 0: the whole range */
    for (uint32_t r = 0; r < n; r++) {
        uint64_t x = next_random(&f->state);
        if (draw_null(f)) {
            vec_set_null(v, r);
            continue;
        }
        int64_t i64 = f->is_sequence ? f->next++ * f->unit
                                     : (int64_t)((uint64_t)f->lo + (span ? x % span : x));
        if (is_ts && !f->is_sequence)
            i64 = now - (f->max_past > 0 ? (int64_t)(x % (uint64_t)f->max_past) : 0);
        iv[r] = is_bool ? (int64_t)(x >> 63) : i64;
        if (is_float)
            dv[r] = f->is_sequence
                        ? (double)i64
                        : f->dlo + (f->dhi - f->dlo) * ((double)(x >> 11) / 9007199254740992.0);
    }
    switch (phys) {
        case PHYS_U8:
            for (uint32_t r = 0; r < n; r++)
                ((uint8_t *)v->data)[r] = (uint8_t)iv[r];
            break;
        case PHYS_I32:
            for (uint32_t r = 0; r < n; r++)
                ((int32_t *)v->data)[r] = (int32_t)iv[r];
            break;
        case PHYS_I64:
            memcpy(v->data, iv, n * sizeof(int64_t));
            break;
        case PHYS_F32:
            for (uint32_t r = 0; r < n; r++)
                ((float *)v->data)[r] = (float)dv[r];
            break;
        case PHYS_F64:
            memcpy(v->data, dv, n * sizeof(double));
            break;
        case PHYS_STR:
        case PHYS_NONE:
            break;
    }
}

static int gen_next(Source *src, Batch **out, Diag *diag) {
    (void)diag;
    GenSource *g = (GenSource *)src;
    if (g->rows_left == 0)
        return 0;
    uint32_t n = g->batch_rows;
    if (g->rows_left > 0 && (int64_t)n > g->rows_left)
        n = (uint32_t)g->rows_left;
    for (int i = 0; i < g->n_fields; i++) { /* a sequence ends the input */
        const GenField *f = &g->fields[i];
        if (f->is_sequence && f->next > f->hi)
            return 0;
        if (f->is_sequence && (int64_t)n > f->hi - f->next + 1)
            n = (uint32_t)(f->hi - f->next + 1);
    }
    if (g->per_second > 0) { /* keep the pace: wait until these rows are due */
        int64_t due = g->started + (g->produced + n) * 1000 / g->per_second;
        int64_t now = time_now_utc_ms();
        if (due > now) {
            if (src->wake_at > 0 && src->wake_at < due) { /* a timer comes first */
                int64_t wait = src->wake_at > now ? src->wake_at - now : 0;
                struct timespec ts = {wait / 1000, (wait % 1000) * 1000000};
                nanosleep(&ts, NULL);
                g->batch->n_rows = 0;
                *out = g->batch;
                return 1;
            }
            struct timespec ts = {(due - now) / 1000, ((due - now) % 1000) * 1000000};
            nanosleep(&ts, NULL);
        }
    }
    Batch *b = g->batch;
    batch_reset(b);
    int64_t now = time_now_utc_ms();
    for (int i = 0; i < g->n_fields; i++) {
        GenField *f = &g->fields[i];
        if (f->col >= 0)
            fill_column(f, &b->cols[f->col], b->arena, n, now);
        else if (f->is_sequence)
            f->next += n; /* unread, it still counts */
    }
    b->n_rows = n;
    g->produced += n;
    if (g->rows_left > 0)
        g->rows_left -= n;
    *out = b;
    return 1;
}

static void gen_explain(const Source *src, StrBuf *out) {
    sb_printf(out, "DataGen(table=[%s])", src->name);
}

static void gen_destroy(Source *src) {
    GenSource *g = (GenSource *)src;
    batch_free(g->batch);
    free(g->fields);
    free((char *)g->base.name);
    free(g);
}

static const SourceVtbl GEN_VTBL = {gen_next, gen_explain, gen_destroy};

/* The option fields.<name>.<what>, or NULL. */
static const char *field_option(const CatTable *t, const char *name, const char *what) {
    char key[256];
    snprintf(key, sizeof key, "fields.%s.%s", name, what);
    return cat_table_option(t, key);
}

static bool parse_i64(const char *s, int64_t *out) {
    char *end;
    *out = strtoll(s, &end, 10);
    return *s && !*end;
}

Source *source_datagen_new(const CatTable *t, int n_fields, const char *const *field_names,
                           const SqlType *field_types, const int *field_to_col, int n_cols,
                           const SqlType *col_types, uint32_t batch_rows, Diag *diag) {
    (void)n_cols, (void)col_types;
    GenSource *g = xcalloc(1, sizeof(GenSource));
    g->base.vt = &GEN_VTBL;
    g->base.name = xstrdup(t->name);
    g->n_fields = n_fields;
    g->fields = xcalloc((size_t)n_fields + 1, sizeof(GenField));
    g->batch_rows = batch_rows ? batch_rows : BATCH_CAPACITY;
    g->rows_left = -1;
    g->per_second = 10000;
    g->started = time_now_utc_ms();
    const char *v;
    int64_t seed = g->started ^ (int64_t)(uintptr_t)g;
    for (int i = 0; i < t->n_options; i++) { /* every option is one datagen knows */
        const char *k = t->options[i].key;
        if (!strcmp(k, "connector") || !strcmp(k, "rows-per-second") ||
            !strcmp(k, "number-of-rows") || !strcmp(k, "seed"))
            continue;
        bool known = false;
        for (int f = 0; f < n_fields && !known; f++) {
            size_t len = strlen(field_names[f]);
            if (!strncmp(k, "fields.", 7) && !strncmp(k + 7, field_names[f], len) &&
                k[7 + len] == '.') {
                const char *what = k + 8 + len;
                static const char *const WHATS[] = {"kind",  "min", "max",       "length",
                                                    "start", "end", "null-rate", "max-past"};
                for (size_t w = 0; w < ARRAY_LEN(WHATS); w++)
                    known |= !strcmp(what, WHATS[w]);
            }
        }
        if (!known) {
            diag_set(diag, -1, "unknown option '%s' for connector 'datagen' (table '%s')", k,
                     t->name);
            goto fail;
        }
    }
    if ((v = cat_table_option(t, "rows-per-second")) &&
        (!parse_i64(v, &g->per_second) || g->per_second < 0)) {
        diag_set(diag, -1, "'rows-per-second' must be a number of rows, not '%s'", v);
        goto fail;
    }
    if ((v = cat_table_option(t, "number-of-rows")) &&
        (!parse_i64(v, &g->rows_left) || g->rows_left < 0)) {
        diag_set(diag, -1, "'number-of-rows' must be a number of rows, not '%s'", v);
        goto fail;
    }
    if ((v = cat_table_option(t, "seed")) && !parse_i64(v, &seed)) {
        diag_set(diag, -1, "'seed' must be an integer, not '%s'", v);
        goto fail;
    }
    for (int i = 0; i < n_fields; i++) {
        GenField *f = &g->fields[i];
        const char *name = field_names[i];
        f->col = field_to_col[i];
        f->type = field_types[i];
        f->state =
            (uint64_t)seed * 0x9E3779B97F4A7C15ull + (uint64_t)(i + 1) * 0xBF58476D1CE4E5B9ull;
        if (!f->state)
            f->state = 1;
        TypeId id = f->type.id;
        bool is_int =
            id == TYPE_TINYINT || id == TYPE_SMALLINT || id == TYPE_INT || id == TYPE_BIGINT;
        bool is_num = is_int || id == TYPE_FLOAT || id == TYPE_DOUBLE || id == TYPE_DECIMAL;
        bool is_str = type_info(id)->is_string;
        bool is_ts = id == TYPE_TIMESTAMP || id == TYPE_TIMESTAMP_LTZ;
        if (!is_num && !is_str && !is_ts && id != TYPE_BOOLEAN) {
            diag_set(diag, -1, "not supported yet: datagen for %s (field '%s')",
                     type_info(id)->name, name);
            goto fail;
        }
        const char *kind = field_option(t, name, "kind");
        f->is_sequence = kind && !strcmp(kind, "sequence");
        if (kind && !f->is_sequence && strcmp(kind, "random")) {
            diag_set(diag, -1, "'fields.%s.kind' must be 'random' or 'sequence', not '%s'", name,
                     kind);
            goto fail;
        }
        int64_t bits = id == TYPE_TINYINT ? 7 : id == TYPE_SMALLINT ? 15 : id == TYPE_INT ? 31 : 62;
        f->lo = -(INT64_C(1) << bits);
        f->hi = (INT64_C(1) << bits) - 1;
        f->dlo = 0, f->dhi = 1;
        f->length = 100;
        if (f->is_sequence) {
            const char *start = field_option(t, name, "start"), *end = field_option(t, name, "end");
            if (!start || !end || !parse_i64(start, &f->lo) || !parse_i64(end, &f->hi) ||
                f->lo > f->hi || !(is_int || is_str || id == TYPE_DECIMAL)) {
                diag_set(diag, -1,
                         "a sequence field ('%s') needs integer 'fields.%s.start' <= "
                         "'fields.%s.end' and an integer or string type",
                         name, name, name);
                goto fail;
            }
            f->next = f->lo;
            f->unit = id == TYPE_DECIMAL ? decimal_pow10[f->type.scale] : 1;
            if (id == TYPE_DECIMAL && !decimal_fits(f->hi * f->unit, f->type.precision)) {
                diag_set(diag, -1, "'fields.%s.end' does not fit DECIMAL(%d, %d)", name,
                         f->type.precision, f->type.scale);
                goto fail;
            }
            continue;
        }
        const char *mn = field_option(t, name, "min"), *mx = field_option(t, name, "max");
        if (mn || mx) {
            double dmn = mn ? atof(mn) : f->dlo, dmx = mx ? atof(mx) : f->dhi;
            if (dmn > dmx || !is_num) {
                diag_set(diag, -1, "'fields.%s.min' / 'max' need a numeric field and min <= max",
                         name);
                goto fail;
            }
            f->dlo = dmn, f->dhi = dmx;
            f->lo = mn ? (int64_t)dmn : f->lo, f->hi = mx ? (int64_t)dmx : f->hi;
        }
        if ((v = field_option(t, name, "length")) &&
            (!parse_i64(v, &f->length) || f->length < 0 || f->length > 1 << 20)) {
            diag_set(diag, -1, "'fields.%s.length' must be a length, not '%s'", name, v);
            goto fail;
        }
        if ((v = field_option(t, name, "max-past")) &&
            time_parse_duration_ms(v, &f->max_past) < 0) {
            diag_set(diag, -1, "'fields.%s.max-past' must be a duration, not '%s'", name, v);
            goto fail;
        }
        if ((v = field_option(t, name, "null-rate"))) {
            f->null_rate = atof(v);
            if (f->null_rate < 0 || f->null_rate > 1) {
                diag_set(diag, -1, "'fields.%s.null-rate' must be within 0 and 1, not '%s'", name,
                         v);
                goto fail;
            }
        }
        if (id == TYPE_DECIMAL && (mn || mx)) { /* scaled by the type's scale */
            int64_t p = 1;
            for (int s = 0; s < f->type.scale; s++)
                p *= 10;
            f->lo = (int64_t)(f->dlo * (double)p), f->hi = (int64_t)(f->dhi * (double)p);
        }
    }
    SqlType *types = xcalloc((size_t)n_cols + 1, sizeof(SqlType));
    memcpy(types, col_types, (size_t)n_cols * sizeof(SqlType));
    g->batch = batch_new(n_cols, types);
    free(types);
    return &g->base;
fail:
    gen_destroy(&g->base);
    return NULL;
}
