/*
 * bind_expr.c - binding expressions: names to columns, literals to values, operators
 * and functions to typed ExprNodes.
 *
 * Types follow Flink's rules as far as sluice implements them:
 *  - numbers widen TINYINT < SMALLINT < INT < BIGINT < DECIMAL < FLOAT < DOUBLE; an
 *    integer meeting a DECIMAL becomes DECIMAL(10, 0) (INT) or DECIMAL(19, 0) (BIGINT,
 *    capped at 18 digits here); INT / INT is integer division;
 *  - DECIMAL results: p1,s1 + p2,s2 has scale max(s1, s2) and one more integer digit;
 *    * has scale s1 + s2; / has scale max(6, s1 + p2 + 1); precision is capped at 18,
 *    giving up scale (down to 6) before integer digits, as Flink does at 38;
 *  - a string compared with a number, a time or a boolean is cast to that type;
 *  - a NULL literal takes the type its context needs.
 * Rewrites done here so that the executor has fewer forms: BETWEEN becomes two
 * comparisons, IN (list) a chain of OR, NULLIF and IF a CASE, IFNULL a COALESCE.
 */
#include "planner/bind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int bind_pos(const Binder *b, int pos) {
    return b->view_name ? b->view_use_pos : pos;
}

void *bind_error(Binder *b, int pos, const char *fmt, ...) {
    char msg[DIAG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (b->view_name)
        diag_set(b->diag, -1, "in view '%s': %s", b->view_name, msg);
    else
        diag_set(b->diag, pos, "%s", msg);
    return NULL;
}

static const char *type_str(Binder *b, const SqlType *t) {
    return type_name_arena(t, b->arena);
}

/* ---- constants --------------------------------------------------------------------- */

static ExprNode *make_const(Arena *arena, SqlType type) {
    ExprNode *e = expr_node_new(arena, EOP_CONST, type, 0);
    e->type.not_null = true;
    return e;
}

ExprNode *bind_const_string(Arena *arena, const char *s) {
    size_t len = strlen(s);
    ExprNode *e = make_const(arena, (SqlType){TYPE_CHAR, (int32_t)(len ? len : 1), 0, true});
    e->value.str.ptr = arena_strndup(arena, s, len);
    e->value.str.len = (uint32_t)len;
    return e;
}

ExprNode *bind_const_bool(Arena *arena, bool v) {
    ExprNode *e = make_const(arena, type_make(TYPE_BOOLEAN));
    e->value.b = v;
    return e;
}

static ExprNode *const_int(Arena *arena, int32_t v) {
    ExprNode *e = make_const(arena, type_make(TYPE_INT));
    e->value.i32 = v;
    return e;
}

static ExprNode *const_null(Arena *arena, SqlType type) {
    ExprNode *e = expr_node_new(arena, EOP_CONST, type, 0);
    e->is_null = true;
    e->type.not_null = false;
    return e;
}

bool bind_is_true_const(const ExprNode *e) {
    return e->op == EOP_CONST && !e->is_null && e->type.id == TYPE_BOOLEAN && e->value.b;
}

/* ---- types ------------------------------------------------------------------------- */

static int int_rank(TypeId t) {
    switch (t) {
        case TYPE_TINYINT:
            return 1;
        case TYPE_SMALLINT:
            return 2;
        case TYPE_INT:
            return 3;
        case TYPE_BIGINT:
            return 4;
        default:
            return 0;
    }
}

static SqlType int_as_decimal(TypeId t) {
    switch (t) {
        case TYPE_TINYINT:
            return type_decimal(3, 0);
        case TYPE_SMALLINT:
            return type_decimal(5, 0);
        case TYPE_INT:
            return type_decimal(10, 0);
        default:
            return type_decimal(18, 0); /* BIGINT: 19 digits in Flink; 18 is our limit */
    }
}

/* Caps a DECIMAL at 18 digits, giving up scale (but keeping at least 6) first. */
static SqlType decimal_capped(int p, int s) {
    if (p > DECIMAL_MAX_PRECISION) {
        int int_digits = p - s;
        int min_scale = s < 6 ? s : 6;
        s = DECIMAL_MAX_PRECISION - int_digits;
        if (s < min_scale)
            s = min_scale;
        p = DECIMAL_MAX_PRECISION;
    }
    if (s > p)
        s = p;
    return type_decimal(p, s);
}

bool bind_common_type(const SqlType *a, const SqlType *b, SqlType *out) {
    TypeId x = a->id, y = b->id;
    bool nn = a->not_null && b->not_null;
    if (x == TYPE_NULL) {
        *out = *b;
        out->not_null = false;
        return true;
    }
    if (y == TYPE_NULL) {
        *out = *a;
        out->not_null = false;
        return true;
    }
    const TypeInfo *ix = type_info(x), *iy = type_info(y);
    if (ix->is_numeric && iy->is_numeric) {
        if (x == TYPE_DOUBLE || y == TYPE_DOUBLE)
            *out = type_make(TYPE_DOUBLE);
        else if (x == TYPE_FLOAT || y == TYPE_FLOAT)
            *out = type_make((x == TYPE_DECIMAL || y == TYPE_DECIMAL) ? TYPE_DOUBLE : TYPE_FLOAT);
        else if (x == TYPE_DECIMAL || y == TYPE_DECIMAL) {
            SqlType da = x == TYPE_DECIMAL ? *a : int_as_decimal(x);
            SqlType db = y == TYPE_DECIMAL ? *b : int_as_decimal(y);
            int s = MAX(da.scale, db.scale);
            int p = MAX(da.precision - da.scale, db.precision - db.scale) + s;
            *out = decimal_capped(p, s);
        } else {
            *out = type_make(int_rank(x) >= int_rank(y) ? x : y);
        }
        out->not_null = nn;
        return true;
    }
    if (ix->is_string && iy->is_string) {
        if (x == TYPE_CHAR && y == TYPE_CHAR && a->precision == b->precision)
            *out = *a;
        else
            *out = type_varchar(MAX(a->precision, b->precision));
        out->not_null = nn;
        return true;
    }
    if (x == y) {
        *out = *a;
        if (a->precision < b->precision)
            out->precision = b->precision;
        out->not_null = nn;
        return true;
    }
    bool ts_x = x == TYPE_TIMESTAMP || x == TYPE_TIMESTAMP_LTZ;
    bool ts_y = y == TYPE_TIMESTAMP || y == TYPE_TIMESTAMP_LTZ;
    if ((ts_x && y == TYPE_DATE) || (x == TYPE_DATE && ts_y) || (ts_x && ts_y)) {
        *out = type_timestamp(3);
        if (x == TYPE_TIMESTAMP_LTZ && y == TYPE_TIMESTAMP_LTZ)
            out->id = TYPE_TIMESTAMP_LTZ;
        out->not_null = nn;
        return true;
    }
    return false;
}

/* Folds a CAST of a constant that converts exactly (integers widening, to DECIMAL or
 * DOUBLE, DECIMAL to a larger scale, a string to a time): the plan then shows `3.00`
 * rather than `CAST(3 AS DECIMAL(12, 2))`. Returns NULL when it does not apply. */
static ExprNode *fold_cast(Binder *b, const ExprNode *e, SqlType to) {
    if (e->op != EOP_CONST || e->is_null)
        return NULL;
    TypeId f = e->type.id;
    int64_t iv = 0;
    bool is_int = type_info(f)->is_integer;
    if (is_int)
        iv = f == TYPE_BIGINT ? e->value.i64 : e->value.i32;
    ExprNode *c = make_const(b->arena, to);
    c->pos = e->pos;
    if (is_int && to.id == TYPE_BIGINT) {
        c->value.i64 = iv;
    } else if (is_int && to.id == TYPE_DOUBLE) {
        c->value.f64 = (double)iv;
    } else if (is_int && to.id == TYPE_DECIMAL) {
        if (!decimal_rescale(iv, 0, to.scale, to.precision, &c->value.i64))
            return NULL;
    } else if (f == TYPE_DECIMAL && to.id == TYPE_DECIMAL && to.scale >= e->type.scale) {
        if (!decimal_rescale(e->value.i64, e->type.scale, to.scale, to.precision, &c->value.i64))
            return NULL;
    } else if (f == TYPE_DECIMAL && to.id == TYPE_DOUBLE) {
        c->value.f64 = (double)e->value.i64 / (double)decimal_pow10[e->type.scale];
    } else if (type_info(f)->is_string &&
               (to.id == TYPE_TIMESTAMP || to.id == TYPE_DATE || to.id == TYPE_TIME)) {
        Value v;
        if (!type_parse_value(&to, e->value.str.ptr, e->value.str.len, &v))
            return NULL; /* left to fail at run time, with its message */
        c->value = v;
    } else {
        return NULL;
    }
    c->type.not_null = true;
    return c;
}

ExprNode *bind_coerce(Binder *b, ExprNode *e, SqlType to) {
    if (type_equal(&e->type, &to))
        return e;
    if (e->op == EOP_CONST && e->is_null) {
        ExprNode *n = const_null(b->arena, to);
        n->pos = e->pos;
        return n;
    }
    ExprNode *folded = fold_cast(b, e, to);
    if (folded)
        return folded;
    ExprNode *c = expr_node_new(b->arena, EOP_CAST, to, 1);
    c->args[0] = e;
    c->pos = e->pos;
    c->type.not_null = e->type.not_null;
    return c;
}

bool bind_type(Binder *b, const AstType *t, SqlType *out) {
    const char *n = t->name;
    int p0 = t->n_params > 0 ? t->params[0] : -1;
    int p1 = t->n_params > 1 ? t->params[1] : -1;
    SqlType r;
    if (str_ieq(n, "BOOLEAN"))
        r = type_make(TYPE_BOOLEAN);
    else if (str_ieq(n, "TINYINT"))
        r = type_make(TYPE_TINYINT);
    else if (str_ieq(n, "SMALLINT"))
        r = type_make(TYPE_SMALLINT);
    else if (str_ieq(n, "INT") || str_ieq(n, "INTEGER"))
        r = type_make(TYPE_INT);
    else if (str_ieq(n, "BIGINT"))
        r = type_make(TYPE_BIGINT);
    else if (str_ieq(n, "FLOAT") || str_ieq(n, "REAL"))
        r = type_make(TYPE_FLOAT);
    else if (str_ieq(n, "DOUBLE") || str_ieq(n, "DOUBLE PRECISION"))
        r = type_make(TYPE_DOUBLE);
    else if (str_ieq(n, "DECIMAL") || str_ieq(n, "DEC") || str_ieq(n, "NUMERIC")) {
        int p = p0 < 0 ? 10 : p0, s = p1 < 0 ? 0 : p1;
        if (p < 1 || s < 0 || s > p) {
            bind_error(b, t->pos,
                       "invalid DECIMAL(%d, %d): need 1 <= precision, 0 <= scale <= precision", p,
                       s);
            return false;
        }
        if (p > DECIMAL_MAX_PRECISION) {
            bind_error(b, t->pos,
                       "not supported yet: DECIMAL precision %d (at most %d digits for now)", p,
                       DECIMAL_MAX_PRECISION);
            return false;
        }
        r = type_decimal(p, s);
    } else if (str_ieq(n, "STRING"))
        r = type_string();
    else if (str_ieq(n, "VARCHAR") || str_ieq(n, "CHARACTER VARYING"))
        r = type_varchar(p0 < 0 ? 1 : p0);
    else if (str_ieq(n, "CHAR") || str_ieq(n, "CHARACTER")) {
        r = type_make(TYPE_CHAR);
        r.precision = p0 < 0 ? 1 : p0;
    } else if (str_ieq(n, "TIMESTAMP") || str_ieq(n, "TIMESTAMP_LTZ")) {
        int p = p0 < 0 ? (str_ieq(n, "TIMESTAMP") ? 6 : 6) : p0;
        if (p > 9) {
            bind_error(b, t->pos, "invalid TIMESTAMP precision %d: at most 9", p);
            return false;
        }
        r = type_timestamp(p > 3 ? 3 : p); /* sluice keeps milliseconds */
        if (str_ieq(n, "TIMESTAMP_LTZ"))
            r.id = TYPE_TIMESTAMP_LTZ;
    } else if (str_ieq(n, "DATE"))
        r = type_make(TYPE_DATE);
    else if (str_ieq(n, "TIME")) {
        r = type_make(TYPE_TIME);
        r.precision = 0;
    } else if (str_ieq(n, "INTERVAL")) {
        TimeUnit u = TIME_UNIT_SECOND;
        if (t->unit && !time_unit_from_name(t->unit, strlen(t->unit), &u)) {
            bind_error(b, t->pos, "unknown interval unit %s", t->unit);
            return false;
        }
        r = type_make(u == TIME_UNIT_YEAR || u == TIME_UNIT_MONTH ? TYPE_INTERVAL_YM
                                                                  : TYPE_INTERVAL_DT);
    } else {
        bind_error(b, t->pos, "not supported yet: type %s", n);
        return false;
    }
    r.not_null = t->not_null;
    *out = r;
    return true;
}

/* ---- literals ---------------------------------------------------------------------- */

static ExprNode *bind_interval(Binder *b, const AstExpr *e) {
    TimeUnit unit, to_unit;
    if (!e->unit || !time_unit_from_name(e->unit, strlen(e->unit), &unit))
        return bind_error(b, e->pos, "unknown interval unit %s", e->unit ? e->unit : "");
    bool has_to = e->to_unit != NULL;
    if (has_to && !time_unit_from_name(e->to_unit, strlen(e->to_unit), &to_unit))
        return bind_error(b, e->pos, "unknown interval unit %s", e->to_unit);
    const char *s = e->text;
    bool neg = false;
    while (*s == ' ')
        s++;
    if (*s == '-' || *s == '+') {
        neg = *s == '-';
        s++;
    }
    if (e->is_negative)
        neg = !neg;
    /* Split the text into up to 4 numbers: e.g. '1 10:30:05.5' DAY TO SECOND. */
    int64_t parts[4] = {0};
    int n_parts = 0, frac_ms = 0;
    const char *p = s;
    while (*p && n_parts < 4) {
        if (*p < '0' || *p > '9')
            return bind_error(b, e->pos, "invalid interval literal '%s'", e->text);
        int64_t v = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            if (v > 1000000000000LL)
                return bind_error(b, e->pos, "interval literal '%s' is too large", e->text);
            p++;
        }
        parts[n_parts++] = v;
        if (*p == '.') {
            p++;
            int digits = 0;
            while (*p >= '0' && *p <= '9') {
                if (digits < 3)
                    frac_ms = frac_ms * 10 + (*p - '0');
                digits++;
                p++;
            }
            for (; digits < 3; digits++)
                frac_ms *= 10;
            break;
        }
        if (*p == ' ' || *p == ':' || *p == '-')
            p++;
    }
    if (*p || n_parts == 0)
        return bind_error(b, e->pos, "invalid interval literal '%s'", e->text);
    if (unit == TIME_UNIT_YEAR || unit == TIME_UNIT_MONTH) {
        int64_t months = unit == TIME_UNIT_YEAR ? parts[0] * 12 : parts[0];
        if (unit == TIME_UNIT_YEAR && has_to && n_parts > 1)
            months += parts[1];
        ExprNode *c = make_const(b->arena, type_make(TYPE_INTERVAL_YM));
        c->value.i64 = neg ? -months : months;
        c->pos = bind_pos(b, e->pos);
        return c;
    }
    static const int64_t UNIT_MS[] = {
        [TIME_UNIT_MILLISECOND] = 1,        [TIME_UNIT_SECOND] = MS_PER_SECOND,
        [TIME_UNIT_MINUTE] = MS_PER_MINUTE, [TIME_UNIT_HOUR] = MS_PER_HOUR,
        [TIME_UNIT_DAY] = MS_PER_DAY,       [TIME_UNIT_WEEK] = 7 * MS_PER_DAY,
    };
    if (unit > TIME_UNIT_WEEK)
        return bind_error(b, e->pos, "unsupported interval unit %s", e->unit);
    /* Leading field in `unit`, each later one in the next smaller unit. */
    static const TimeUnit NEXT[] = {
        [TIME_UNIT_DAY] = TIME_UNIT_HOUR,      [TIME_UNIT_HOUR] = TIME_UNIT_MINUTE,
        [TIME_UNIT_MINUTE] = TIME_UNIT_SECOND, [TIME_UNIT_SECOND] = TIME_UNIT_MILLISECOND,
        [TIME_UNIT_WEEK] = TIME_UNIT_DAY,      [TIME_UNIT_MILLISECOND] = TIME_UNIT_MILLISECOND,
    };
    int64_t ms = 0;
    TimeUnit u = unit;
    for (int i = 0; i < n_parts; i++) {
        ms += parts[i] * UNIT_MS[u];
        if (i + 1 < n_parts)
            u = NEXT[u];
    }
    ms += (int64_t)frac_ms * UNIT_MS[u] / 1000;
    ExprNode *c = make_const(b->arena, type_make(TYPE_INTERVAL_DT));
    c->value.i64 = neg ? -ms : ms;
    c->pos = bind_pos(b, e->pos);
    return c;
}

static ExprNode *bind_literal(Binder *b, const AstExpr *e) {
    Arena *a = b->arena;
    ExprNode *c = NULL;
    switch (e->lit_kind) {
        case LIT_NULL:
            c = const_null(a, type_make(TYPE_NULL));
            break;
        case LIT_BOOL:
            c = bind_const_bool(a, e->bool_value);
            break;
        case LIT_INTEGER: {
            errno = 0;
            char *end;
            unsigned long long v = strtoull(e->text, &end, 10);
            if (errno == 0 && v <= INT32_MAX) {
                c = const_int(a, (int32_t)v);
            } else if (errno == 0 && v <= INT64_MAX) {
                c = make_const(a, type_make(TYPE_BIGINT));
                c->value.i64 = (int64_t)v;
            } else {
                return bind_error(b, e->pos, "integer literal %s is out of range", e->text);
            }
            break;
        }
        case LIT_DECIMAL: {
            const char *dot = strchr(e->text, '.');
            int scale = dot ? (int)strlen(dot + 1) : 0;
            int digits = 0;
            for (const char *p = e->text; *p; p++)
                digits += *p >= '0' && *p <= '9';
            const char *q = e->text;
            while (*q == '0' || *q == '.')
                q++; /* leading zeros do not count toward the precision */
            int precision = MAX(digits - (int)(q - e->text) + (dot && dot < q ? 1 : 0), scale);
            if (precision < 1)
                precision = 1;
            if (precision > DECIMAL_MAX_PRECISION) {
                c = make_const(a, type_make(TYPE_DOUBLE));
                c->value.f64 = strtod(e->text, NULL);
                break;
            }
            SqlType t = type_decimal(precision, scale);
            c = make_const(a, t);
            if (!type_parse_value(&t, e->text, strlen(e->text), &c->value.i64))
                return bind_error(b, e->pos, "invalid number %s", e->text);
            break;
        }
        case LIT_FLOAT:
            c = make_const(a, type_make(TYPE_DOUBLE));
            c->value.f64 = strtod(e->text, NULL);
            break;
        case LIT_STRING:
            c = bind_const_string(a, e->text);
            break;
        case LIT_TIMESTAMP:
        case LIT_TIMESTAMP_LTZ: {
            /* The precision is the number of fraction digits written, as in Flink (kept to
             * milliseconds: at most 3). */
            const char *dot = strchr(e->text, '.');
            int digits = 0;
            while (dot && dot[1 + digits] >= '0' && dot[1 + digits] <= '9')
                digits++;
            c = make_const(a, type_timestamp(digits > 3 ? 3 : digits));
            if (!time_parse_timestamp(e->text, strlen(e->text), &c->value.i64))
                return bind_error(b, e->pos, "invalid TIMESTAMP literal '%s'", e->text);
            if (e->lit_kind == LIT_TIMESTAMP_LTZ)
                c->type.id = TYPE_TIMESTAMP_LTZ;
            break;
        }
        case LIT_DATE:
            c = make_const(a, type_make(TYPE_DATE));
            if (!time_parse_date(e->text, strlen(e->text), &c->value.i32))
                return bind_error(b, e->pos, "invalid DATE literal '%s'", e->text);
            break;
        case LIT_TIME:
            c = make_const(a, type_make(TYPE_TIME));
            if (!time_parse_time(e->text, strlen(e->text), &c->value.i32))
                return bind_error(b, e->pos, "invalid TIME literal '%s'", e->text);
            break;
        case LIT_INTERVAL:
            return bind_interval(b, e);
    }
    c->pos = bind_pos(b, e->pos);
    return c;
}

/* ---- columns ----------------------------------------------------------------------- */

/* Whether c is a field of the ROW column named row. */
static bool is_field_of(const BindCol *c, const char *row) {
    return c->row_name_len && (size_t)c->row_name_len == strlen(row) &&
           !strncmp(c->name, row, (size_t)c->row_name_len);
}

static ExprNode *bind_column(Binder *b, const Scope *scope, const AstExpr *e) {
    int found = -1;
    for (int i = 0; i < scope->n_cols; i++) {
        const BindCol *c = &scope->cols[i];
        if (strcmp(c->name, e->text) != 0)
            continue;
        if (e->qualifier && (!c->qualifier || strcmp(c->qualifier, e->qualifier) != 0))
            continue;
        if (found >= 0)
            return bind_error(b, e->pos, "column '%s' is ambiguous", e->text);
        found = i;
    }
    if (found < 0 && e->qualifier) { /* not a table's column: a ROW column's field? */
        for (int i = 0; i < scope->n_cols; i++) {
            const BindCol *c = &scope->cols[i];
            if (!is_field_of(c, e->qualifier) || strcmp(c->name + c->row_name_len + 1, e->text))
                continue;
            if (found >= 0)
                return bind_error(b, e->pos, "column '%s.%s' is ambiguous", e->qualifier, e->text);
            found = i;
        }
    }
    if (found >= 0)
        return scope->cols[found].expr;
    /* Not found: suggest the closest name (same qualifier if one was given). */
    const char *best = NULL;
    int best_d = 3;
    bool qualifier_known = !e->qualifier;
    for (int i = 0; i < scope->n_cols; i++) {
        const BindCol *c = &scope->cols[i];
        if (e->qualifier && c->qualifier && strcmp(c->qualifier, e->qualifier) == 0)
            qualifier_known = true;
        if (e->qualifier && (!c->qualifier || strcmp(c->qualifier, e->qualifier) != 0))
            continue;
        if (c->name[0] == '$') /* an internal column (a legacy group window's) */
            continue;
        int d = str_edit_distance(e->text, c->name, best_d);
        if (d < best_d) {
            best_d = d;
            best = c->name;
        }
    }
    if (!qualifier_known) {
        for (int i = 0; i < scope->n_cols; i++) {
            if (is_field_of(&scope->cols[i], e->qualifier))
                return bind_error(b, e->pos, "ROW column '%s' has no field '%s'", e->qualifier,
                                  e->text);
        }
        return bind_error(b, e->pos, "table or alias '%s' not found", e->qualifier);
    }
    if (best)
        return bind_error(b, e->pos, "column '%s' not found; did you mean '%s'?", e->text, best);
    if (scope->n_cols == 0)
        return bind_error(b, e->pos, "column '%s' not found: the query has no FROM clause",
                          e->text);
    return bind_error(b, e->pos, "column '%s' not found", e->text);
}

/* ---- operators --------------------------------------------------------------------- */

static ExprNode *node2(Binder *b, ExprOp op, SqlType type, ExprNode *x, ExprNode *y, int pos) {
    ExprNode *n = expr_node_new(b->arena, op, type, 2);
    n->args[0] = x;
    n->args[1] = y;
    n->pos = bind_pos(b, pos);
    n->type.not_null = x->type.not_null && y->type.not_null;
    return n;
}

static ExprNode *node1(Binder *b, ExprOp op, SqlType type, ExprNode *x, int pos) {
    ExprNode *n = expr_node_new(b->arena, op, type, 1);
    n->args[0] = x;
    n->pos = bind_pos(b, pos);
    return n;
}

static ExprNode *type_mismatch(Binder *b, int pos, const char *what, ExprNode *x, ExprNode *y) {
    return bind_error(b, pos, "cannot apply '%s' to arguments of type %s and %s", what,
                      type_str(b, &x->type), type_str(b, &y->type));
}

static ExprNode *bind_arith(Binder *b, ExprOp op, ExprNode *x, ExprNode *y, int pos,
                            const char *sym) {
    TypeId tx = x->type.id, ty = y->type.id;
    bool time_x = tx == TYPE_TIMESTAMP || tx == TYPE_TIMESTAMP_LTZ || tx == TYPE_DATE;
    bool iv_y = ty == TYPE_INTERVAL_DT || ty == TYPE_INTERVAL_YM;
    if ((op == EOP_ADD || op == EOP_SUB) && time_x && iv_y)
        return node2(b, op == EOP_ADD ? EOP_TS_ADD_INTERVAL : EOP_TS_SUB_INTERVAL, x->type, x, y,
                     pos);
    bool iv_x = tx == TYPE_INTERVAL_DT || tx == TYPE_INTERVAL_YM;
    bool time_y = ty == TYPE_TIMESTAMP || ty == TYPE_TIMESTAMP_LTZ || ty == TYPE_DATE;
    if (op == EOP_ADD && iv_x && time_y)
        return node2(b, EOP_TS_ADD_INTERVAL, y->type, y, x, pos);
    if ((op == EOP_ADD || op == EOP_SUB) && iv_x && tx == ty)
        return node2(b, op, x->type, x, y, pos);
    /* INTERVAL * integer, integer * INTERVAL, INTERVAL / integer */
    bool int_x = type_info(tx)->is_integer, int_y = type_info(ty)->is_integer;
    if ((op == EOP_MUL || op == EOP_DIV) && iv_x && int_y)
        return node2(b, op, x->type, x, bind_coerce(b, y, type_make(TYPE_BIGINT)), pos);
    if (op == EOP_MUL && int_x && iv_y)
        return node2(b, op, y->type, y, bind_coerce(b, x, type_make(TYPE_BIGINT)), pos);
    if (tx == TYPE_NULL && ty == TYPE_NULL)
        return const_null(b->arena, type_make(TYPE_INT));
    SqlType common;
    bool num_x = type_info(tx)->is_numeric || tx == TYPE_NULL;
    bool num_y = type_info(ty)->is_numeric || ty == TYPE_NULL;
    if (!num_x || !num_y || !bind_common_type(&x->type, &y->type, &common))
        return type_mismatch(b, pos, sym, x, y);
    if (op == EOP_MOD && (common.id == TYPE_DOUBLE || common.id == TYPE_FLOAT))
        return type_mismatch(b, pos, sym, x, y); /* exact numbers only, as Flink's MOD */
    if (common.id != TYPE_DECIMAL || op == EOP_MOD) {
        x = bind_coerce(b, x, (SqlType){common.id, common.precision, common.scale, false});
        y = bind_coerce(b, y, (SqlType){common.id, common.precision, common.scale, false});
        return node2(b, op, (SqlType){common.id, common.precision, common.scale, false}, x, y, pos);
    }
    /* DECIMAL: each side as a DECIMAL of its own precision and scale, then the result's. */
    SqlType dx = tx == TYPE_DECIMAL ? x->type : int_as_decimal(tx == TYPE_NULL ? ty : tx);
    SqlType dy = ty == TYPE_DECIMAL ? y->type : int_as_decimal(ty == TYPE_NULL ? tx : ty);
    if (tx == TYPE_NULL)
        dx = dy;
    if (ty == TYPE_NULL)
        dy = dx;
    dx.not_null = dy.not_null = false;
    SqlType r;
    if (op == EOP_ADD || op == EOP_SUB) {
        int s = MAX(dx.scale, dy.scale);
        r = decimal_capped(MAX(dx.precision - dx.scale, dy.precision - dy.scale) + s + 1, s);
        x = bind_coerce(b, x, type_decimal(MIN(dx.precision - dx.scale + r.scale, 18), r.scale));
        y = bind_coerce(b, y, type_decimal(MIN(dy.precision - dy.scale + r.scale, 18), r.scale));
    } else if (op == EOP_MUL) {
        r = decimal_capped(dx.precision + dy.precision, dx.scale + dy.scale);
        x = bind_coerce(b, x, dx);
        y = bind_coerce(b, y, dy);
    } else { /* EOP_DIV */
        int s = MAX(6, dx.scale + dy.precision + 1);
        r = decimal_capped(dx.precision - dx.scale + dy.scale + s, s);
        x = bind_coerce(b, x, dx);
        y = bind_coerce(b, y, dy);
    }
    return node2(b, op, r, x, y, pos);
}

/* Brings both sides of a comparison to one type. */
static bool unify_compare(Binder *b, ExprNode **x, ExprNode **y) {
    SqlType common;
    const TypeInfo *ix = type_info((*x)->type.id), *iy = type_info((*y)->type.id);
    if (ix->is_string && !iy->is_string && (*y)->type.id != TYPE_NULL) {
        common = (*y)->type;
    } else if (iy->is_string && !ix->is_string && (*x)->type.id != TYPE_NULL) {
        common = (*x)->type;
    } else if (!bind_common_type(&(*x)->type, &(*y)->type, &common)) {
        return false;
    }
    if (common.id == TYPE_NULL)
        common = type_make(TYPE_BOOLEAN);
    common.not_null = false;
    if (type_info(common.id)->is_string) {
        /* strings compare as they are; no cast between CHAR and VARCHAR */
        if ((*x)->type.id == TYPE_NULL)
            *x = bind_coerce(b, *x, common);
        if ((*y)->type.id == TYPE_NULL)
            *y = bind_coerce(b, *y, common);
        return true;
    }
    if (common.id == TYPE_DECIMAL) {
        /* DECIMALs compare as scaled integers: only the scale must agree */
        if ((*x)->type.id == TYPE_DECIMAL && (*x)->type.scale == common.scale)
            common.precision = (*x)->type.precision;
        if ((*x)->type.id != TYPE_DECIMAL || (*x)->type.scale != common.scale)
            *x = bind_coerce(
                b, *x,
                type_decimal(MIN((*x)->type.id == TYPE_DECIMAL
                                     ? (*x)->type.precision - (*x)->type.scale + common.scale
                                     : common.precision,
                                 DECIMAL_MAX_PRECISION),
                             common.scale));
        if ((*y)->type.id != TYPE_DECIMAL || (*y)->type.scale != common.scale)
            *y = bind_coerce(
                b, *y,
                type_decimal(MIN((*y)->type.id == TYPE_DECIMAL
                                     ? (*y)->type.precision - (*y)->type.scale + common.scale
                                     : common.precision,
                                 DECIMAL_MAX_PRECISION),
                             common.scale));
        return true;
    }
    if (!type_equal(&(*x)->type, &common))
        *x = bind_coerce(b, *x, common);
    if (!type_equal(&(*y)->type, &common))
        *y = bind_coerce(b, *y, common);
    return true;
}

static ExprNode *bind_compare(Binder *b, ExprOp op, ExprNode *x, ExprNode *y, int pos,
                              const char *sym) {
    if (!unify_compare(b, &x, &y))
        return type_mismatch(b, pos, sym, x, y);
    ExprNode *n = node2(b, op, type_make(TYPE_BOOLEAN), x, y, pos);
    if (op == EOP_IS_DISTINCT || op == EOP_IS_NOT_DISTINCT)
        n->type.not_null = true;
    return n;
}

static ExprNode *require_bool(Binder *b, ExprNode *x, const char *what) {
    if (x->type.id == TYPE_NULL)
        return bind_coerce(b, x, type_make(TYPE_BOOLEAN));
    if (x->type.id != TYPE_BOOLEAN)
        return bind_error(b, x->pos, "%s needs a BOOLEAN, got %s", what, type_str(b, &x->type));
    return x;
}

static ExprNode *bind_logic(Binder *b, ExprOp op, ExprNode *x, ExprNode *y, int pos) {
    const char *what = op == EOP_AND ? "AND" : "OR";
    if (!(x = require_bool(b, x, what)) || !(y = require_bool(b, y, what)))
        return NULL;
    return node2(b, op, type_make(TYPE_BOOLEAN), x, y, pos);
}

static ExprNode *bind_concat(Binder *b, int n, ExprNode **args, int pos) {
    ExprNode *c = expr_node_new(b->arena, EOP_CONCAT, type_string(), n);
    c->pos = bind_pos(b, pos);
    bool nn = true;
    for (int i = 0; i < n; i++) {
        ExprNode *a = args[i];
        if (!type_info(a->type.id)->is_string)
            a = bind_coerce(b, a, type_string());
        c->args[i] = a;
        nn &= a->type.not_null;
    }
    c->type.not_null = nn;
    return c;
}

/* ---- CASE and friends -------------------------------------------------------------- */

/* Finds the common type of n expressions and casts each to it. */
static bool unify_all(Binder *b, int n, ExprNode **xs, SqlType *out, int pos, const char *what) {
    SqlType t = xs[0]->type;
    for (int i = 1; i < n; i++) {
        SqlType c;
        if (!bind_common_type(&t, &xs[i]->type, &c)) {
            bind_error(b, xs[i]->pos >= 0 ? xs[i]->pos : pos, "%s has incompatible types %s and %s",
                       what, type_str(b, &t), type_str(b, &xs[i]->type));
            return false;
        }
        t = c;
    }
    if (t.id == TYPE_NULL)
        t = type_string();
    bool nn = true;
    for (int i = 0; i < n; i++) {
        nn &= xs[i]->type.not_null;
        SqlType target = t;
        target.not_null = xs[i]->type.not_null;
        if (type_info(t.id)->is_string && type_info(xs[i]->type.id)->is_string)
            continue; /* strings of any length are read the same way */
        xs[i] = bind_coerce(b, xs[i], target);
    }
    t.not_null = nn;
    *out = t;
    return true;
}

static ExprNode *make_case(Binder *b, int n_pairs, ExprNode **conds, ExprNode **vals,
                           ExprNode *else_val, int pos) {
    int n_vals = n_pairs + 1;
    ExprNode **vs = arena_alloc(b->arena, (size_t)n_vals * sizeof(ExprNode *));
    for (int i = 0; i < n_pairs; i++)
        vs[i] = vals[i];
    vs[n_pairs] = else_val ? else_val : const_null(b->arena, type_make(TYPE_NULL));
    SqlType t;
    if (!unify_all(b, n_vals, vs, &t, pos, "CASE"))
        return NULL;
    if (type_info(t.id)->is_string && t.id == TYPE_CHAR) {
        /* branches of different CHAR lengths: the result is VARCHAR */
        for (int i = 0; i < n_vals; i++)
            if (vs[i]->type.id != TYPE_NULL && vs[i]->type.precision != t.precision)
                t = type_varchar(t.precision);
    }
    for (int i = 0; i < n_vals; i++)
        if (vs[i]->type.id == TYPE_NULL || (vs[i]->op == EOP_CONST && vs[i]->is_null))
            vs[i] = const_null(b->arena, t);
    ExprNode *c = expr_node_new(b->arena, EOP_CASE, t, 2 * n_pairs + 1);
    c->has_else = true;
    c->pos = bind_pos(b, pos);
    for (int i = 0; i < n_pairs; i++) {
        c->args[2 * i] = conds[i];
        c->args[2 * i + 1] = vs[i];
    }
    c->args[2 * n_pairs] = vs[n_pairs];
    c->type.not_null = else_val != NULL && t.not_null;
    return c;
}

static ExprNode *bind_case(Binder *b, const Scope *scope, const AstExpr *e) {
    int n_arms = ast_list_len(e->args) / 2;
    ExprNode **conds = arena_alloc(b->arena, (size_t)(n_arms + 1) * sizeof(ExprNode *));
    ExprNode **vals = arena_alloc(b->arena, (size_t)(n_arms + 1) * sizeof(ExprNode *));
    ExprNode *operand = NULL;
    if (e->left && !(operand = bind_expr(b, scope, e->left)))
        return NULL;
    for (int i = 0; i < n_arms; i++) {
        const AstExpr *w = e->args->items[2 * i], *t = e->args->items[2 * i + 1];
        ExprNode *c = bind_expr(b, scope, w);
        if (!c)
            return NULL;
        if (operand) {
            if (!(c = bind_compare(b, EOP_EQ, operand, c, w->pos, "=")))
                return NULL;
        } else if (!(c = require_bool(b, c, "WHEN"))) {
            return NULL;
        }
        conds[i] = c;
        if (!(vals[i] = bind_expr(b, scope, t)))
            return NULL;
    }
    ExprNode *else_val = NULL;
    if (e->right && !(else_val = bind_expr(b, scope, e->right)))
        return NULL;
    return make_case(b, n_arms, conds, vals, else_val, e->pos);
}

/* ---- functions --------------------------------------------------------------------- */

typedef struct FnArgs {
    int n;
    ExprNode **v;
} FnArgs;

static ExprNode *fn_node(Binder *b, ExprOp op, SqlType type, FnArgs *a, int pos) {
    ExprNode *n = expr_node_new(b->arena, op, type, a->n);
    bool nn = true;
    for (int i = 0; i < a->n; i++) {
        n->args[i] = a->v[i];
        nn &= a->v[i]->type.not_null;
    }
    n->pos = bind_pos(b, pos);
    n->type.not_null = nn;
    return n;
}

static bool want_string(Binder *b, FnArgs *a, int i, const char *fn) {
    ExprNode *x = a->v[i];
    if (x->type.id == TYPE_NULL) {
        a->v[i] = bind_coerce(b, x, type_string());
        return true;
    }
    if (!type_info(x->type.id)->is_string) {
        bind_error(b, x->pos, "%s expects a string as argument %d, got %s", fn, i + 1,
                   type_str(b, &x->type));
        return false;
    }
    return true;
}

static bool want_int(Binder *b, FnArgs *a, int i, const char *fn) {
    ExprNode *x = a->v[i];
    if (x->type.id == TYPE_NULL || type_info(x->type.id)->is_integer) {
        a->v[i] = bind_coerce(b, x, type_make(TYPE_INT));
        return true;
    }
    bind_error(b, x->pos, "%s expects an integer as argument %d, got %s", fn, i + 1,
               type_str(b, &x->type));
    return false;
}

static bool want_numeric(Binder *b, FnArgs *a, int i, const char *fn) {
    ExprNode *x = a->v[i];
    if (x->type.id == TYPE_NULL) {
        a->v[i] = bind_coerce(b, x, type_make(TYPE_INT));
        return true;
    }
    if (!type_info(x->type.id)->is_numeric) {
        bind_error(b, x->pos, "%s expects a number as argument %d, got %s", fn, i + 1,
                   type_str(b, &x->type));
        return false;
    }
    return true;
}

static bool want_timestamp(Binder *b, FnArgs *a, int i, const char *fn) {
    ExprNode *x = a->v[i];
    TypeId t = x->type.id;
    if (t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMP_LTZ)
        return true;
    if (t == TYPE_NULL || t == TYPE_DATE || type_info(t)->is_string) {
        a->v[i] = bind_coerce(b, x, type_timestamp(3));
        return true;
    }
    bind_error(b, x->pos, "%s expects a TIMESTAMP as argument %d, got %s", fn, i + 1,
               type_str(b, &x->type));
    return false;
}

static bool time_unit_arg(Binder *b, const AstExpr *e, TimeUnit *out) {
    if (!e->unit || !time_unit_from_name(e->unit, strlen(e->unit), out)) {
        bind_error(b, e->pos, "unknown time unit %s", e->unit ? e->unit : "(none)");
        return false;
    }
    return true;
}

/* ---- aggregate calls --------------------------------------------------------------- */

static const struct {
    const char *name;
    AggKind kind;
} AGG_NAMES[] = {
    {"COUNT", AGG_COUNT},
    {"SUM", AGG_SUM},
    {"AVG", AGG_AVG},
    {"MIN", AGG_MIN},
    {"MAX", AGG_MAX},
    {"FIRST_VALUE", AGG_FIRST_VALUE},
    {"LAST_VALUE", AGG_LAST_VALUE},
    {"STDDEV_POP", AGG_STDDEV_POP},
    {"STDDEV_SAMP", AGG_STDDEV_SAMP},
    {"VAR_POP", AGG_VAR_POP},
    {"VAR_SAMP", AGG_VAR_SAMP},
    {"LISTAGG", AGG_LISTAGG},
    {"APPROX_COUNT_DISTINCT", AGG_APPROX_COUNT_DISTINCT},
};

/* Flink's result types: COUNT BIGINT NOT NULL; SUM keeps integer and floating types
 * and widens DECIMAL to the most digits (18 here, 38 in Flink); AVG and the
 * deviations keep the argument's type (an integer average is an integer) and give a
 * DECIMAL at least 6 fraction digits; MIN, MAX, FIRST_VALUE, LAST_VALUE keep it. */
static bool agg_result_type(Binder *b, AggKind kind, const ExprNode *arg, SqlType *out, int pos,
                            const char *name) {
    SqlType t = arg ? arg->type : type_make(TYPE_NULL);
    t.not_null = false;
    const TypeInfo *ti = type_info(t.id);
    switch (kind) {
        case AGG_COUNT_STAR:
        case AGG_COUNT:
        case AGG_APPROX_COUNT_DISTINCT:
            *out = type_make(TYPE_BIGINT);
            out->not_null = true;
            return true;
        case AGG_SUM:
        case AGG_AVG:
        case AGG_STDDEV_POP:
        case AGG_STDDEV_SAMP:
        case AGG_VAR_POP:
        case AGG_VAR_SAMP:
            if (!ti->is_numeric) {
                bind_error(b, pos, "%s expects a number, got %s", name, type_str(b, &t));
                return false;
            }
            if (t.id == TYPE_DECIMAL)
                t = kind == AGG_SUM ? type_decimal(DECIMAL_MAX_PRECISION, t.scale)
                                    : type_decimal(DECIMAL_MAX_PRECISION, MAX(6, t.scale));
            *out = t;
            return true;
        case AGG_LISTAGG:
            *out = type_string();
            return true;
        default: /* MIN, MAX, FIRST_VALUE, LAST_VALUE */
            if (t.id == TYPE_NULL) {
                bind_error(b, pos, "%s needs a typed argument, not NULL", name);
                return false;
            }
            *out = t;
            return true;
    }
}

static ExprNode *bind_aggregate(Binder *b, const Scope *scope, const AstExpr *e,
                                const FuncInfo *info) {
    const char *name = info->name;
    if (!b->aggs) {
        if (e->over)
            return bind_error(b, e->pos, "not supported yet: OVER windows (%s ... OVER)", name);
        return bind_error(b, e->pos, "aggregate function %s is not allowed here", name);
    }
    if (e->over)
        return bind_error(b, e->pos, "not supported yet: OVER windows (%s ... OVER)", name);
    AggKind kind = AGG_KIND_COUNT_;
    for (size_t i = 0; i < ARRAY_LEN(AGG_NAMES); i++)
        if (str_ieq(AGG_NAMES[i].name, name))
            kind = AGG_NAMES[i].kind;
    if (kind == AGG_KIND_COUNT_)
        return bind_error(b, e->pos, "not supported yet: aggregate function %s", name);
    int n_args = ast_list_len(e->args);
    if (kind == AGG_COUNT && e->is_star)
        kind = AGG_COUNT_STAR;
    else if (e->is_star)
        return bind_error(b, e->pos, "%s(*) is not allowed; only COUNT(*)", name);
    int max_args = kind == AGG_LISTAGG ? 2 : 1;
    if (kind != AGG_COUNT_STAR && (n_args < 1 || n_args > max_args))
        return bind_error(b, e->pos, "%s takes %s argument%s, got %d", name,
                          max_args == 2 ? "1 or 2" : "1", max_args == 2 ? "s" : "", n_args);
    AggCollector *col = b->aggs;
    b->aggs = NULL; /* aggregates inside aggregates are not allowed */
    ExprNode *arg = NULL, *filter = NULL;
    if (kind != AGG_COUNT_STAR && !(arg = bind_expr(b, scope, e->args->items[0]))) {
        b->aggs = col;
        return NULL;
    }
    if (e->filter) {
        filter = bind_expr(b, scope, e->filter);
        if (filter && filter->type.id != TYPE_BOOLEAN)
            filter = bind_error(b, e->filter->pos, "FILTER needs a BOOLEAN condition");
        if (!filter) {
            b->aggs = col;
            return NULL;
        }
    }
    b->aggs = col;
    AggCall call;
    memset(&call, 0, sizeof call);
    call.kind = kind;
    call.arg = -1;
    call.filter = -1;
    call.is_distinct = e->is_distinct;
    call.arg_type = arg ? arg->type : type_make(TYPE_NULL);
    if (!agg_result_type(b, kind, arg, &call.result_type, e->pos, name))
        return NULL;
    if (kind == AGG_LISTAGG) {
        if (!type_info(call.arg_type.id)->is_string && call.arg_type.id != TYPE_NULL)
            return bind_error(b, e->pos, "LISTAGG expects a string, got %s",
                              type_str(b, &call.arg_type));
        call.separator.ptr = ",";
        call.separator.len = 1;
        if (n_args == 2) {
            const AstExpr *sep = e->args->items[1];
            if (sep->kind != EXPR_LITERAL || sep->lit_kind != LIT_STRING)
                return bind_error(b, sep->pos, "LISTAGG's separator must be a string literal");
            call.separator.ptr = arena_strdup(b->arena, sep->text);
            call.separator.len = (uint32_t)strlen(sep->text);
        }
    }
    /* the same call twice (e.g. in SELECT and HAVING) is computed once */
    int idx = -1;
    for (int i = 0; i < col->n && idx < 0; i++) {
        const AggCall *c = &col->calls[i];
        bool same_arg =
            (!arg && !col->args[i]) || (arg && col->args[i] && bind_expr_equal(arg, col->args[i]));
        bool same_filter = (!filter && !col->filters[i]) ||
                           (filter && col->filters[i] && bind_expr_equal(filter, col->filters[i]));
        bool same_sep = c->separator.len == call.separator.len &&
                        (c->separator.len == 0 ||
                         memcmp(c->separator.ptr, call.separator.ptr, c->separator.len) == 0);
        if (c->kind == kind && c->is_distinct == call.is_distinct && same_arg && same_filter &&
            same_sep)
            idx = i;
    }
    if (idx < 0) {
        if (col->n == col->cap) {
            int cap = col->cap ? col->cap * 2 : 8;
            AggCall *calls = arena_alloc(b->arena, (size_t)cap * sizeof(AggCall));
            ExprNode **args = arena_alloc(b->arena, (size_t)cap * sizeof(ExprNode *));
            ExprNode **filters = arena_alloc(b->arena, (size_t)cap * sizeof(ExprNode *));
            if (col->n) {
                memcpy(calls, col->calls, (size_t)col->n * sizeof(AggCall));
                memcpy(args, col->args, (size_t)col->n * sizeof(ExprNode *));
                memcpy(filters, col->filters, (size_t)col->n * sizeof(ExprNode *));
            }
            col->calls = calls;
            col->args = args;
            col->filters = filters;
            col->cap = cap;
        }
        idx = col->n++;
        col->calls[idx] = call;
        col->args[idx] = arg;
        col->filters[idx] = filter;
    }
    ExprNode *ref = expr_column(b->arena, AGG_REF_BASE + idx, call.result_type);
    ref->pos = bind_pos(b, e->pos);
    return ref;
}

/*
 * TUMBLE_START(ts, ...), TUMBLE_END, TUMBLE_ROWTIME and the HOP_ and SESSION_ ones: the
 * window columns of the legacy group window the query groups by. NULL (diag unset)
 * when e is no such function.
 */
static ExprNode *bind_group_window_aux(Binder *b, const Scope *scope, const AstExpr *e) {
    static const char *const KINDS[] = {"TUMBLE_", "HOP_", NULL, "SESSION_"};
    static const char *const PARTS[] = {"START", "END", "ROWTIME"};
    for (int k = 0; k < 4; k++) {
        size_t len = KINDS[k] ? strlen(KINDS[k]) : 0;
        if (!len || strncmp(e->name, KINDS[k], len) != 0)
            continue;
        for (int part = 0; part < 3; part++) {
            if (strcmp(e->name + len, PARTS[part]) != 0)
                continue;
            const LegacyWindow *w = b->legacy;
            if (!w || (int)w->kind != k)
                return bind_error(b, e->pos, "%s needs GROUP BY %.*s(time column, ...)", e->name,
                                  (int)len - 1, KINDS[k]);
            /* as in Flink, the arguments must be those of the GROUP BY item */
            bool same = ast_list_len(e->args) == ast_list_len(w->call->args);
            for (int i = 0; same && i < ast_list_len(e->args); i++) {
                ExprNode *x = bind_expr(b, scope, e->args->items[i]);
                ExprNode *y = x ? bind_expr(b, scope, w->call->args->items[i]) : NULL;
                if (!y)
                    return NULL;
                same = bind_expr_equal(x, y);
            }
            if (!same)
                return bind_error(b, e->pos,
                                  "%s must have the same arguments as the %.*s in GROUP BY",
                                  e->name, (int)len - 1, KINDS[k]);
            return expr_column(b->arena, w->start_col + part, w->type);
        }
    }
    return NULL;
}

static ExprNode *bind_function(Binder *b, const Scope *scope, const AstExpr *e) {
    const char *name = e->name;
    const FuncInfo *info = cat_lookup_function(name);
    if (!info) {
        const char *s = cat_suggest_function(name);
        if (s)
            return bind_error(b, e->pos, "unknown function %s; did you mean %s?", name, s);
        return bind_error(b, e->pos, "unknown function %s", name);
    }
    if (e->over)
        return bind_error(b, e->pos, "not supported yet: OVER windows (%s ... OVER)", name);
    if (info->kind == FUNC_AGGREGATE)
        return bind_aggregate(b, scope, e, info);
    if (info->kind == FUNC_WINDOW_TVF)
        return bind_error(b, e->pos,
                          "%s is a group window: use it in GROUP BY, or as a table function in "
                          "FROM TABLE(%s(TABLE t, DESCRIPTOR(ts), ...))",
                          name, name);
    ExprNode *aux = bind_group_window_aux(b, scope, e);
    if (aux || b->diag->is_set)
        return aux;
    if (!info->is_supported)
        return bind_error(b, e->pos, "not supported yet: function %s", name);
    if (e->is_distinct || e->is_star || e->filter)
        return bind_error(b, e->pos, "%s is not an aggregate function", name);

    FnArgs a;
    a.n = ast_list_len(e->args);
    a.v = arena_alloc(b->arena, (size_t)(a.n + 1) * sizeof(ExprNode *));
    for (int i = 0; i < a.n; i++)
        if (!(a.v[i] = bind_expr(b, scope, e->args->items[i])))
            return NULL;
#define ARGS(lo, hi)                                                                               \
    do {                                                                                           \
        if (a.n < (lo) || a.n > (hi)) {                                                            \
            if ((lo) == (hi))                                                                      \
                return bind_error(b, e->pos, "%s takes %d argument%s, got %d", name, (lo),         \
                                  (lo) == 1 ? "" : "s", a.n);                                      \
            return bind_error(b, e->pos, "%s takes %d to %d arguments, got %d", name, (lo), (hi),  \
                              a.n);                                                                \
        }                                                                                          \
    } while (0)

    int pos = e->pos;
    if (str_ieq(name, "UPPER") || str_ieq(name, "LOWER")) {
        ARGS(1, 1);
        if (!want_string(b, &a, 0, name))
            return NULL;
        SqlType t = type_varchar(a.v[0]->type.precision);
        return fn_node(b, str_ieq(name, "UPPER") ? EOP_UPPER : EOP_LOWER, t, &a, pos);
    }
    if (str_ieq(name, "CHAR_LENGTH") || str_ieq(name, "CHARACTER_LENGTH")) {
        ARGS(1, 1);
        if (!want_string(b, &a, 0, name))
            return NULL;
        return fn_node(b, EOP_CHAR_LENGTH, type_make(TYPE_INT), &a, pos);
    }
    if (str_ieq(name, "SUBSTRING") || str_ieq(name, "SUBSTR")) {
        ARGS(2, 3);
        if (!want_string(b, &a, 0, name) || !want_int(b, &a, 1, name) ||
            (a.n == 3 && !want_int(b, &a, 2, name)))
            return NULL;
        return fn_node(b, EOP_SUBSTRING, type_varchar(a.v[0]->type.precision), &a, pos);
    }
    if (str_ieq(name, "TRIM") || str_ieq(name, "LTRIM") || str_ieq(name, "RTRIM")) {
        ARGS(1, 2);
        if (!want_string(b, &a, 0, name) || (a.n == 2 && !want_string(b, &a, 1, name)))
            return NULL;
        if (a.n == 1)
            a.v[a.n++] = bind_const_string(b->arena, " ");
        ExprNode *n = fn_node(b, EOP_TRIM, type_varchar(a.v[0]->type.precision), &a, pos);
        n->trim_spec = str_ieq(name, "LTRIM") ? 1 : str_ieq(name, "RTRIM") ? 2 : (int)e->trim_spec;
        return n;
    }
    if (str_ieq(name, "CONCAT")) {
        if (a.n < 1)
            return bind_error(b, pos, "CONCAT takes at least 1 argument");
        return bind_concat(b, a.n, a.v, pos);
    }
    if (str_ieq(name, "REPLACE")) {
        ARGS(3, 3);
        for (int i = 0; i < 3; i++)
            if (!want_string(b, &a, i, name))
                return NULL;
        return fn_node(b, EOP_REPLACE, type_string(), &a, pos);
    }
    if (str_ieq(name, "POSITION")) {
        ARGS(2, 2);
        if (!want_string(b, &a, 0, name) || !want_string(b, &a, 1, name))
            return NULL;
        return fn_node(b, EOP_POSITION, type_make(TYPE_INT), &a, pos);
    }
    if (str_ieq(name, "SPLIT_INDEX")) {
        /* SPLIT_INDEX(s, separator, index): the separator is a string, or (as in Flink)
         * an integer character code */
        ARGS(3, 3);
        if (!want_string(b, &a, 0, name))
            return NULL;
        ExprNode *sep = a.v[1];
        if (sep->type.id != TYPE_NULL && type_info(sep->type.id)->is_integer) {
            if (!want_int(b, &a, 1, name))
                return NULL;
        } else if (sep->type.id != TYPE_NULL && !type_info(sep->type.id)->is_string) {
            return bind_error(b, sep->pos,
                              "SPLIT_INDEX expects a string or an integer character code as "
                              "argument 2, got %s",
                              type_str(b, &sep->type));
        } else if (!want_string(b, &a, 1, name)) {
            return NULL;
        }
        if (!want_int(b, &a, 2, name))
            return NULL;
        ExprNode *n = fn_node(b, EOP_SPLIT_INDEX, type_string(), &a, pos);
        n->type.not_null = false;
        return n;
    }
    if (str_ieq(name, "REGEXP_EXTRACT") || str_ieq(name, "REGEXP_REPLACE")) {
        bool is_extract = str_ieq(name, "REGEXP_EXTRACT");
        if (is_extract)
            ARGS(2, 3);
        else
            ARGS(3, 3);
        for (int i = 0; i < a.n; i++) {
            bool ok = is_extract && i == 2 ? want_int(b, &a, i, name) : want_string(b, &a, i, name);
            if (!ok)
                return NULL;
        }
        /* NULL also when the regular expression is invalid or (extract) nothing matches */
        ExprNode *n = fn_node(b, is_extract ? EOP_REGEXP_EXTRACT : EOP_REGEXP_REPLACE,
                              type_string(), &a, pos);
        n->type.not_null = false;
        return n;
    }
    if (str_ieq(name, "ABS")) {
        ARGS(1, 1);
        if (!want_numeric(b, &a, 0, name))
            return NULL;
        return fn_node(b, EOP_ABS, a.v[0]->type, &a, pos);
    }
    if (str_ieq(name, "ROUND")) {
        ARGS(1, 2);
        if (!want_numeric(b, &a, 0, name))
            return NULL;
        int digits = 0;
        if (a.n == 2) {
            ExprNode *d = a.v[1];
            if (d->op != EOP_CONST || d->is_null || !type_info(d->type.id)->is_integer)
                return bind_error(b, d->pos, "ROUND expects a constant integer number of digits");
            digits = d->type.id == TYPE_BIGINT ? (int)d->value.i64 : d->value.i32;
        }
        a.v[1] = const_int(b->arena, digits);
        a.n = 2;
        SqlType t = a.v[0]->type;
        t.not_null = false;
        if (t.id == TYPE_DECIMAL) {
            int s = MIN(t.scale, MAX(digits, 0));
            t = type_decimal(MIN(t.precision - t.scale + s + 1, DECIMAL_MAX_PRECISION), s);
        }
        return fn_node(b, EOP_ROUND, t, &a, pos);
    }
    if (str_ieq(name, "FLOOR") || str_ieq(name, "CEIL") || str_ieq(name, "CEILING")) {
        ARGS(1, 1);
        bool is_floor = str_ieq(name, "FLOOR");
        if (e->unit) {
            TimeUnit u;
            if (!time_unit_arg(b, e, &u))
                return NULL;
            TypeId orig = a.v[0]->type.id;
            if (!want_timestamp(b, &a, 0, name))
                return NULL;
            ExprNode *n =
                fn_node(b, is_floor ? EOP_FLOOR_TIME : EOP_CEIL_TIME, type_timestamp(3), &a, pos);
            n->type.id = a.v[0]->type.id;
            n->unit = u;
            if (orig == TYPE_DATE)
                return bind_coerce(b, n, type_make(TYPE_DATE));
            return n;
        }
        if (!want_numeric(b, &a, 0, name))
            return NULL;
        SqlType t = a.v[0]->type;
        if (t.id == TYPE_DECIMAL)
            t = type_decimal(MIN(t.precision - t.scale + 1, DECIMAL_MAX_PRECISION), 0);
        return fn_node(b, is_floor ? EOP_FLOOR : EOP_CEIL, t, &a, pos);
    }
    if (str_ieq(name, "MOD")) {
        ARGS(2, 2);
        if (!want_numeric(b, &a, 0, name) || !want_numeric(b, &a, 1, name))
            return NULL;
        if (!type_info(a.v[0]->type.id)->is_integer && a.v[0]->type.id != TYPE_DECIMAL)
            return bind_error(b, pos, "MOD expects integer or DECIMAL arguments");
        return bind_arith(b, EOP_MOD, a.v[0], a.v[1], pos, "MOD");
    }
    if (str_ieq(name, "POWER") || str_ieq(name, "SQRT")) {
        bool is_pow = str_ieq(name, "POWER");
        ARGS(is_pow ? 2 : 1, is_pow ? 2 : 1);
        for (int i = 0; i < a.n; i++) {
            if (!want_numeric(b, &a, i, name))
                return NULL;
            a.v[i] = bind_coerce(b, a.v[i], type_make(TYPE_DOUBLE));
        }
        return fn_node(b, is_pow ? EOP_POWER : EOP_SQRT, type_make(TYPE_DOUBLE), &a, pos);
    }
    if (str_ieq(name, "COALESCE") || str_ieq(name, "IFNULL")) {
        if (str_ieq(name, "IFNULL"))
            ARGS(2, 2);
        if (a.n < 1)
            return bind_error(b, pos, "COALESCE takes at least 1 argument");
        SqlType t;
        if (!unify_all(b, a.n, a.v, &t, pos, name))
            return NULL;
        ExprNode *n = fn_node(b, EOP_COALESCE, t, &a, pos);
        bool any_nn = false;
        for (int i = 0; i < a.n; i++)
            any_nn |= a.v[i]->type.not_null;
        n->type.not_null = any_nn;
        return n;
    }
    if (str_ieq(name, "NULLIF")) {
        ARGS(2, 2);
        ExprNode *eq = bind_compare(b, EOP_EQ, a.v[0], a.v[1], pos, "NULLIF");
        if (!eq)
            return NULL;
        ExprNode *null_val = const_null(b->arena, a.v[0]->type);
        ExprNode *n = make_case(b, 1, &eq, &null_val, a.v[0], pos);
        if (n)
            n->type.not_null = false;
        return n;
    }
    if (str_ieq(name, "IF")) {
        ARGS(3, 3);
        ExprNode *c = require_bool(b, a.v[0], "IF");
        if (!c)
            return NULL;
        return make_case(b, 1, &c, &a.v[1], a.v[2], pos);
    }
    if (str_ieq(name, "TO_TIMESTAMP")) {
        ARGS(1, 2);
        for (int i = 0; i < a.n; i++)
            if (!want_string(b, &a, i, name))
                return NULL;
        ExprNode *n = fn_node(b, EOP_TO_TIMESTAMP, type_timestamp(3), &a, pos);
        n->type.not_null = false;
        return n;
    }
    if (str_ieq(name, "TO_TIMESTAMP_LTZ")) {
        /* TO_TIMESTAMP_LTZ(epoch, 0 | 3): the epoch in seconds or milliseconds, computed
         * as TIMESTAMP_LTZ 0 + the epoch as an interval of milliseconds. */
        ARGS(2, 2);
        ExprNode *p = a.v[1];
        if (p->op != EOP_CONST || p->is_null || p->type.id != TYPE_INT ||
            (p->value.i32 != 0 && p->value.i32 != 3))
            return bind_error(b, p->pos, "TO_TIMESTAMP_LTZ expects precision 0 or 3");
        if (!want_numeric(b, &a, 0, name) || !type_info(a.v[0]->type.id)->is_integer)
            return bind_error(b, a.v[0]->pos, "TO_TIMESTAMP_LTZ expects an integer epoch");
        ExprNode *ms = bind_coerce(b, a.v[0], type_make(TYPE_BIGINT));
        if (p->value.i32 == 0) {
            ExprNode *k = make_const(b->arena, type_make(TYPE_BIGINT));
            k->value.i64 = 1000;
            ms = node2(b, EOP_MUL, type_make(TYPE_BIGINT), ms, k, pos);
        }
        ExprNode *iv = node1(b, EOP_CAST, type_make(TYPE_INTERVAL_DT), ms, pos);
        iv->type.not_null = ms->type.not_null;
        SqlType ltz = type_timestamp(3);
        ltz.id = TYPE_TIMESTAMP_LTZ;
        ExprNode *epoch = make_const(b->arena, ltz);
        epoch->value.i64 = 0;
        return node2(b, EOP_TS_ADD_INTERVAL, ltz, epoch, iv, pos);
    }
    if (str_ieq(name, "DATE_FORMAT")) {
        ARGS(2, 2);
        if (!want_timestamp(b, &a, 0, name) || !want_string(b, &a, 1, name))
            return NULL;
        return fn_node(b, EOP_DATE_FORMAT, type_string(), &a, pos);
    }
    if (str_ieq(name, "EXTRACT")) {
        ARGS(1, 1);
        TimeUnit u;
        if (!time_unit_arg(b, e, &u))
            return NULL;
        TypeId t = a.v[0]->type.id;
        if (t == TYPE_TIME) {
            if (u != TIME_UNIT_HOUR && u != TIME_UNIT_MINUTE && u != TIME_UNIT_SECOND &&
                u != TIME_UNIT_MILLISECOND)
                return bind_error(b, e->pos, "EXTRACT(%s FROM ...) does not apply to a TIME",
                                  time_unit_name(u));
            a.v[0] = bind_coerce(b, a.v[0], type_timestamp(3)); /* on 1970-01-01 */
        } else if (t != TYPE_DATE && !want_timestamp(b, &a, 0, name)) {
            return NULL;
        }
        ExprNode *n = fn_node(b, EOP_EXTRACT, type_make(TYPE_BIGINT), &a, pos);
        n->unit = u;
        return n;
    }
    if (str_ieq(name, "CURRENT_TIMESTAMP") || str_ieq(name, "NOW") || str_ieq(name, "PROCTIME")) {
        ARGS(0, 0);
        SqlType t = type_timestamp(3);
        t.id = TYPE_TIMESTAMP_LTZ;
        ExprNode *n = fn_node(b, str_ieq(name, "PROCTIME") ? EOP_PROCTIME : EOP_CURRENT_TIMESTAMP,
                              t, &a, pos);
        n->type.not_null = true;
        return n;
    }
    if (str_ieq(name, "LOCALTIMESTAMP")) {
        ARGS(0, 0);
        ExprNode *n = fn_node(b, EOP_LOCALTIMESTAMP, type_timestamp(3), &a, pos);
        n->type.not_null = true;
        return n;
    }
#undef ARGS
    return bind_error(b, pos, "not supported yet: function %s", name);
}

/* ---- the dispatcher ---------------------------------------------------------------- */

static ExprNode *bind_in_list(Binder *b, const Scope *scope, const AstExpr *e) {
    ExprNode *x = bind_expr(b, scope, e->left);
    if (!x)
        return NULL;
    ExprNode *acc = NULL;
    for (int i = 0; i < ast_list_len(e->args); i++) {
        const AstExpr *item = e->args->items[i];
        ExprNode *y = bind_expr(b, scope, item);
        if (!y)
            return NULL;
        ExprNode *eq = bind_compare(b, EOP_EQ, x, y, item->pos, "IN");
        if (!eq)
            return NULL;
        acc = acc ? node2(b, EOP_OR, type_make(TYPE_BOOLEAN), acc, eq, e->pos) : eq;
    }
    if (!acc)
        return bind_error(b, e->pos, "IN needs at least one value");
    if (e->negated)
        acc = node1(b, EOP_NOT, type_make(TYPE_BOOLEAN), acc, e->pos);
    return acc;
}

static ExprNode *bind_between(Binder *b, const Scope *scope, const AstExpr *e) {
    ExprNode *x = bind_expr(b, scope, e->left);
    ExprNode *lo = x ? bind_expr(b, scope, e->args->items[0]) : NULL;
    ExprNode *hi = lo ? bind_expr(b, scope, e->args->items[1]) : NULL;
    if (!hi)
        return NULL;
    SqlType bt = type_make(TYPE_BOOLEAN);
    ExprNode *ge = bind_compare(b, EOP_GE, x, lo, e->pos, "BETWEEN");
    ExprNode *le = ge ? bind_compare(b, EOP_LE, x, hi, e->pos, "BETWEEN") : NULL;
    if (!le)
        return NULL;
    ExprNode *r = node2(b, EOP_AND, bt, ge, le, e->pos);
    if (e->is_symmetric) {
        ExprNode *ge2 = bind_compare(b, EOP_GE, x, hi, e->pos, "BETWEEN");
        ExprNode *le2 = bind_compare(b, EOP_LE, x, lo, e->pos, "BETWEEN");
        r = node2(b, EOP_OR, bt, r, node2(b, EOP_AND, bt, ge2, le2, e->pos), e->pos);
    }
    if (e->negated)
        r = node1(b, EOP_NOT, bt, r, e->pos);
    r->type.not_null = x->type.not_null && lo->type.not_null && hi->type.not_null;
    return r;
}

ExprNode *bind_expr(Binder *b, const Scope *scope, const AstExpr *e) {
    switch (e->kind) {
        case EXPR_LITERAL:
            return bind_literal(b, e);
        case EXPR_COLUMN:
            return bind_column(b, scope, e);
        case EXPR_STAR:
            return bind_error(b, e->pos, "'*' is only allowed in the SELECT list or COUNT(*)");
        case EXPR_UNARY: {
            ExprNode *x = bind_expr(b, scope, e->left);
            if (!x)
                return NULL;
            if (e->op == OP_NOT) {
                if (!(x = require_bool(b, x, "NOT")))
                    return NULL;
                ExprNode *n = node1(b, EOP_NOT, type_make(TYPE_BOOLEAN), x, e->pos);
                n->type.not_null = x->type.not_null;
                return n;
            }
            TypeId t = x->type.id;
            if (!type_info(t)->is_numeric && t != TYPE_INTERVAL_DT && t != TYPE_INTERVAL_YM)
                return bind_error(b, e->pos, "cannot apply unary '%s' to %s",
                                  e->op == OP_NEG ? "-" : "+", type_str(b, &x->type));
            if (e->op == OP_PLUS)
                return x;
            if (x->op == EOP_CONST && !x->is_null) { /* fold -literal */
                ExprNode *c = make_const(b->arena, x->type);
                c->pos = bind_pos(b, e->pos);
                c->value = x->value;
                if (t == TYPE_INT)
                    c->value.i32 = (int32_t)(0u - (uint32_t)x->value.i32);
                else if (t == TYPE_DOUBLE)
                    c->value.f64 = -x->value.f64;
                else if (t == TYPE_FLOAT)
                    c->value.f32 = -x->value.f32;
                else
                    c->value.i64 = (int64_t)(0u - (uint64_t)x->value.i64);
                return c;
            }
            ExprNode *n = node1(b, EOP_NEG, x->type, x, e->pos);
            n->type.not_null = x->type.not_null;
            return n;
        }
        case EXPR_BINARY: {
            ExprNode *x = bind_expr(b, scope, e->left);
            ExprNode *y = x ? bind_expr(b, scope, e->right) : NULL;
            if (!y)
                return NULL;
            const char *sym = ast_op_name(e->op);
            switch (e->op) {
                case OP_ADD:
                    return bind_arith(b, EOP_ADD, x, y, e->pos, sym);
                case OP_SUB:
                    return bind_arith(b, EOP_SUB, x, y, e->pos, sym);
                case OP_MUL:
                    return bind_arith(b, EOP_MUL, x, y, e->pos, sym);
                case OP_DIV:
                    return bind_arith(b, EOP_DIV, x, y, e->pos, sym);
                case OP_MOD:
                    return bind_arith(b, EOP_MOD, x, y, e->pos, sym);
                case OP_EQ:
                    return bind_compare(b, EOP_EQ, x, y, e->pos, sym);
                case OP_NE:
                    return bind_compare(b, EOP_NE, x, y, e->pos, sym);
                case OP_LT:
                    return bind_compare(b, EOP_LT, x, y, e->pos, sym);
                case OP_LE:
                    return bind_compare(b, EOP_LE, x, y, e->pos, sym);
                case OP_GT:
                    return bind_compare(b, EOP_GT, x, y, e->pos, sym);
                case OP_GE:
                    return bind_compare(b, EOP_GE, x, y, e->pos, sym);
                case OP_IS_DISTINCT:
                    return bind_compare(b, EOP_IS_DISTINCT, x, y, e->pos, "IS DISTINCT FROM");
                case OP_IS_NOT_DISTINCT:
                    return bind_compare(b, EOP_IS_NOT_DISTINCT, x, y, e->pos,
                                        "IS NOT DISTINCT FROM");
                case OP_AND:
                    return bind_logic(b, EOP_AND, x, y, e->pos);
                case OP_OR:
                    return bind_logic(b, EOP_OR, x, y, e->pos);
                case OP_CONCAT: {
                    if ((!type_info(x->type.id)->is_string && x->type.id != TYPE_NULL) ||
                        (!type_info(y->type.id)->is_string && y->type.id != TYPE_NULL))
                        return type_mismatch(b, e->pos, "||", x, y);
                    ExprNode *args[2] = {x, y};
                    return bind_concat(b, 2, args, e->pos);
                }
                default:
                    return bind_error(b, e->pos, "not supported yet: operator");
            }
        }
        case EXPR_IS: {
            ExprNode *x = bind_expr(b, scope, e->left);
            if (!x)
                return NULL;
            ExprOp op;
            if (e->is_what == IS_NULL) {
                op = e->negated ? EOP_IS_NOT_NULL : EOP_IS_NULL;
            } else {
                if (!(x = require_bool(b, x, "IS TRUE/FALSE/UNKNOWN")))
                    return NULL;
                if (e->is_what == IS_TRUE)
                    op = e->negated ? EOP_IS_NOT_TRUE : EOP_IS_TRUE;
                else if (e->is_what == IS_FALSE)
                    op = e->negated ? EOP_IS_NOT_FALSE : EOP_IS_FALSE;
                else
                    op = e->negated ? EOP_IS_NOT_NULL : EOP_IS_NULL;
            }
            ExprNode *n = node1(b, op, type_make(TYPE_BOOLEAN), x, e->pos);
            n->type.not_null = true;
            return n;
        }
        case EXPR_BETWEEN:
            return bind_between(b, scope, e);
        case EXPR_IN_LIST:
            return bind_in_list(b, scope, e);
        case EXPR_IN_QUERY:
        case EXPR_EXISTS:
        case EXPR_SUBQUERY:
            return bind_error(b, e->pos, "not supported yet: subqueries in expressions");
        case EXPR_LIKE: {
            if (e->is_similar)
                return bind_error(b, e->pos, "not supported yet: SIMILAR TO");
            int n = e->escape ? 3 : 2;
            FnArgs a = {n, arena_alloc(b->arena, 3 * sizeof(ExprNode *))};
            if (!(a.v[0] = bind_expr(b, scope, e->left)) ||
                !(a.v[1] = bind_expr(b, scope, e->right)))
                return NULL;
            if (e->escape && !(a.v[2] = bind_expr(b, scope, e->escape)))
                return NULL;
            for (int i = 0; i < n; i++)
                if (!want_string(b, &a, i, "LIKE"))
                    return NULL;
            ExprNode *like = fn_node(b, EOP_LIKE, type_make(TYPE_BOOLEAN), &a, e->pos);
            if (e->negated) {
                ExprNode *nl = node1(b, EOP_NOT, type_make(TYPE_BOOLEAN), like, e->pos);
                nl->type.not_null = like->type.not_null;
                return nl;
            }
            return like;
        }
        case EXPR_CASE:
            return bind_case(b, scope, e);
        case EXPR_CAST: {
            ExprNode *x = bind_expr(b, scope, e->left);
            SqlType t;
            if (!x || !bind_type(b, e->type, &t))
                return NULL;
            t.not_null = x->type.not_null && !e->is_try;
            if (type_equal(&x->type, &t))
                return x;
            ExprNode *c = node1(b, EOP_CAST, t, x, e->pos);
            c->is_try = e->is_try;
            if (x->op == EOP_CONST && x->is_null)
                return const_null(b->arena, t);
            return c;
        }
        case EXPR_FUNC:
            return bind_function(b, scope, e);
        case EXPR_DESCRIPTOR:
        case EXPR_TABLE_ARG:
        case EXPR_NAMED_ARG:
            return bind_error(b, e->pos, "this argument is only allowed in a table function call");
        case EXPR_ROW:
            return bind_error(b, e->pos, "not supported yet: ROW values");
    }
    return bind_error(b, e->pos, "not supported yet: this expression");
}

/* ---- tree utilities ---------------------------------------------------------------- */

void bind_visit_columns(const ExprNode *e, void (*fn)(int column, void *ctx), void *ctx) {
    if (e->op == EOP_COLUMN)
        fn(e->column, ctx);
    for (int i = 0; i < e->n_args; i++)
        bind_visit_columns(e->args[i], fn, ctx);
}

bool bind_expr_equal(const ExprNode *a, const ExprNode *b) {
    if (a == b)
        return true;
    if (a->op != b->op || !type_equal(&a->type, &b->type) || a->n_args != b->n_args ||
        a->is_null != b->is_null || a->is_try != b->is_try || a->has_else != b->has_else ||
        a->unit != b->unit || a->trim_spec != b->trim_spec)
        return false;
    if (a->op == EOP_COLUMN && a->column != b->column)
        return false;
    if (a->op == EOP_CONST && !a->is_null) {
        if (type_info(a->type.id)->is_string) {
            if (a->value.str.len != b->value.str.len ||
                (a->value.str.len &&
                 memcmp(a->value.str.ptr, b->value.str.ptr, a->value.str.len) != 0))
                return false;
        } else if (memcmp(&a->value, &b->value, type_width(a->type.id)) != 0) {
            return false;
        }
    }
    for (int i = 0; i < a->n_args; i++)
        if (!bind_expr_equal(a->args[i], b->args[i]))
            return false;
    return true;
}
