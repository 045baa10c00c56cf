/*
 * expr.c - compiling bound expressions into kernels, and evaluating them per batch.
 *
 * The planner hands over an ExprNode tree whose types are all settled. Compilation
 * walks it once, making a CExpr per node with a kernel chosen for its operator and
 * argument types (expr_arith.c, expr_cast.c, expr_func.c choose within their families;
 * the logic and conditional kernels are here). Evaluation calls the root kernel once
 * per batch; each kernel evaluates its arguments and then loops over the selected rows.
 * So there is one indirect call per node per batch, and none per row.
 *
 * Why a tree and not a flat list: AND, OR, CASE and COALESCE must evaluate a branch
 * only on the rows that reach it (`x <> 0 AND 10 / x > 1` must not divide by zero on
 * the rows where x is 0), and a branch's kernels then run under a narrower selection.
 * A recursive walk over a compiled tree expresses that directly.
 *
 * NULLs: a result's validity is the AND of its arguments' validity, computed 64 rows
 * at a time; a kernel computes a value for NULL rows too (from whatever bytes are
 * there) and never reads anything else for them. Kernels that must not look at a NULL
 * row's value (division, casts from strings) check validity first.
 */
#include "exec/expr_internal.h"

#include <stdlib.h>
#include <string.h>

struct ExprProgram {
    CExpr *root;
    Arena *arena; /* the CExpr tree */
    int n_cexprs;
    CExpr **all; /* for freeing owned vectors */
    int cap_all;
};

Phys phys_of(TypeId id) {
    switch (id) {
        case TYPE_BOOLEAN:
            return PHYS_U8;
        case TYPE_TINYINT:
        case TYPE_SMALLINT:
        case TYPE_INT:
        case TYPE_DATE:
        case TYPE_TIME:
            return PHYS_I32;
        case TYPE_BIGINT:
        case TYPE_DECIMAL:
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMP_LTZ:
        case TYPE_INTERVAL_DT:
        case TYPE_INTERVAL_YM:
            return PHYS_I64;
        case TYPE_FLOAT:
            return PHYS_F32;
        case TYPE_DOUBLE:
            return PHYS_F64;
        case TYPE_CHAR:
        case TYPE_VARCHAR:
            return PHYS_STR;
        default:
            return PHYS_NONE;
    }
}

/* ---- shared helpers ---------------------------------------------------------------- */

int expr_eval_args(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    for (int i = 0; i < e->n_args; i++)
        if (e->args[i]->fn(e->args[i], ctx, sel, n) < 0)
            return -1;
    return 0;
}

void expr_combine_validity(CExpr *e) {
    uint64_t *acc = NULL;
    for (int i = 0; i < e->n_args; i++) {
        const uint64_t *v = e->args[i]->out.validity;
        if (!v)
            continue;
        if (!acc) {
            acc = e->out.valid_buf;
            memcpy(acc, v, BATCH_WORDS * sizeof(uint64_t));
        } else {
            for (int w = 0; w < BATCH_WORDS; w++)
                acc[w] &= v[w];
        }
    }
    e->out.validity = acc;
}

void expr_copy_rows(Vector *dst, const Vector *src, const uint16_t *sel, uint32_t n) {
    switch (type_width(dst->type.id)) {
        case 1: {
            uint8_t *d = dst->data;
            const uint8_t *s = src->data;
            FOR_SEL(r, d[r] = s[r]);
            break;
        }
        case 4: {
            uint32_t *d = dst->data;
            const uint32_t *s = src->data;
            FOR_SEL(r, d[r] = s[r]);
            break;
        }
        case 8: {
            uint64_t *d = dst->data;
            const uint64_t *s = src->data;
            FOR_SEL(r, d[r] = s[r]);
            break;
        }
        default: {
            StrRef *d = dst->data;
            const StrRef *s = src->data;
            FOR_SEL(r, d[r] = s[r]);
            break;
        }
    }
    if (src->validity) {
        FOR_SEL(r, {
            if (vec_is_null(src, r))
                vec_set_null(dst, r);
            else
                vec_set_valid(dst, r);
        });
    } else if (dst->validity) {
        FOR_SEL(r, vec_set_valid(dst, r));
    }
}

int expr_error(CExpr *e, EvalCtx *ctx, const char *fmt, ...) {
    char msg[DIAG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_set(ctx->diag, e->node ? e->node->pos : -1, "%s", msg);
}

/* ---- leaves ------------------------------------------------------------------------ */

static int k_column(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    (void)sel;
    (void)n;
    const Vector *src = &ctx->in->cols[e->node->column];
    e->out.data = src->data;
    e->out.validity = src->validity;
    return 0;
}

static int k_const(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    (void)e;
    (void)ctx;
    (void)sel;
    (void)n;
    return 0; /* filled once at compile time */
}

static void fill_const(CExpr *e) {
    const ExprNode *node = e->node;
    if (node->is_null || node->type.id == TYPE_NULL) {
        e->out.validity = e->out.valid_buf;
        memset(e->out.validity, 0, BATCH_WORDS * sizeof(uint64_t));
        return;
    }
    size_t width = type_width(node->type.id);
    for (uint32_t r = 0; r < BATCH_CAPACITY; r++)
        memcpy((char *)e->out.data + r * width, &node->value, width);
}

/* ---- logic ------------------------------------------------------------------------- */

/* AND: FALSE if either side is FALSE, else NULL if either is NULL, else TRUE. The
 * right side runs only on the rows where the left is not FALSE. */
static int k_and_or(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    bool is_and = e->node->op == EOP_AND;
    CExpr *l = e->args[0], *rt = e->args[1];
    if (l->fn(l, ctx, sel, n) < 0)
        return -1;
    const uint8_t *lv = l->out.data;
    uint16_t *sub = e->scratch;
    uint32_t n_sub = 0;
    /* rows whose answer the left side does not decide */
    FOR_SEL(r, {
        bool decided = !vec_is_null(&l->out, r) && (lv[r] != 0) == !is_and;
        if (!decided)
            sub[n_sub++] = (uint16_t)r;
    });
    uint8_t *out = e->out.data;
    e->out.validity = NULL;
    FOR_SEL(r, out[r] = is_and ? 0 : 1);
    if (n_sub == 0)
        return 0;
    if (rt->fn(rt, ctx, sub, n_sub) < 0)
        return -1;
    const uint8_t *rv = rt->out.data;
    for (uint32_t i = 0; i < n_sub; i++) {
        uint32_t r = sub[i];
        bool l_null = vec_is_null(&l->out, r), r_null = vec_is_null(&rt->out, r);
        if (!r_null && (rv[r] != 0) == !is_and) {
            out[r] = is_and ? 0 : 1; /* the right side decides */
        } else if (l_null || r_null) {
            vec_set_null(&e->out, r);
        } else {
            out[r] = is_and ? 1 : 0;
        }
    }
    return 0;
}

static int k_not(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const uint8_t *a = e->args[0]->out.data;
    uint8_t *out = e->out.data;
    FOR_SEL(r, out[r] = !a[r]);
    expr_combine_validity(e);
    return 0;
}

/* IS [NOT] NULL / TRUE / FALSE: never NULL themselves. */
static int k_is(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    const Vector *a = &e->args[0]->out;
    const uint8_t *av = a->data;
    uint8_t *out = e->out.data;
    switch (e->node->op) {
        case EOP_IS_NULL:
            FOR_SEL(r, out[r] = vec_is_null(a, r));
            break;
        case EOP_IS_NOT_NULL:
            FOR_SEL(r, out[r] = !vec_is_null(a, r));
            break;
        case EOP_IS_TRUE:
            FOR_SEL(r, out[r] = !vec_is_null(a, r) && av[r]);
            break;
        case EOP_IS_NOT_TRUE:
            FOR_SEL(r, out[r] = vec_is_null(a, r) || !av[r]);
            break;
        case EOP_IS_FALSE:
            FOR_SEL(r, out[r] = !vec_is_null(a, r) && !av[r]);
            break;
        default: /* EOP_IS_NOT_FALSE */
            FOR_SEL(r, out[r] = vec_is_null(a, r) || av[r]);
            break;
    }
    e->out.validity = NULL;
    return 0;
}

/* ---- conditionals ------------------------------------------------------------------ */

/*
 * CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ELSE v3 END: c1 runs on all rows; v1 on the rows
 * where c1 is TRUE; c2 on the rest; and so on. Three selection buffers: the rows still
 * undecided (two, used in turn) and the rows a WHEN just matched.
 */
static int k_case(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    uint16_t *bufs[2] = {e->scratch, e->scratch + BATCH_CAPACITY};
    uint16_t *matched = e->scratch + 2 * BATCH_CAPACITY;
    const uint16_t *rest = sel;
    uint32_t n_rest = n;
    bool all_rows = sel == NULL;
    int n_pairs = e->n_args / 2;
    e->out.validity = NULL;
    for (int p = 0; p < n_pairs && n_rest > 0; p++) {
        CExpr *cond = e->args[2 * p], *val = e->args[2 * p + 1];
        if (cond->fn(cond, ctx, all_rows ? NULL : rest, n_rest) < 0)
            return -1;
        const uint8_t *cv = cond->out.data;
        uint16_t *next_rest = bufs[p & 1];
        uint32_t n_matched = 0, n_next = 0;
        for (uint32_t i = 0; i < n_rest; i++) {
            uint32_t r = all_rows ? i : rest[i];
            if (!vec_is_null(&cond->out, r) && cv[r])
                matched[n_matched++] = (uint16_t)r;
            else
                next_rest[n_next++] = (uint16_t)r;
        }
        if (n_matched > 0) {
            if (val->fn(val, ctx, matched, n_matched) < 0)
                return -1;
            expr_copy_rows(&e->out, &val->out, matched, n_matched);
        }
        rest = next_rest;
        n_rest = n_next;
        all_rows = false;
    }
    if (n_rest == 0)
        return 0;
    const uint16_t *rest_sel = all_rows ? NULL : rest;
    if (e->node->has_else) {
        CExpr *val = e->args[e->n_args - 1];
        if (val->fn(val, ctx, rest_sel, n_rest) < 0)
            return -1;
        expr_copy_rows(&e->out, &val->out, rest_sel, n_rest);
    } else {
        for (uint32_t i = 0; i < n_rest; i++)
            vec_set_null(&e->out, rest_sel ? rest_sel[i] : i);
    }
    return 0;
}

/* COALESCE(a, b, ...): b runs only on the rows where a is NULL, and so on. */
static int k_coalesce(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    uint16_t *bufs[2] = {e->scratch, e->scratch + BATCH_CAPACITY};
    const uint16_t *rest = sel;
    uint32_t n_rest = n;
    e->out.validity = NULL;
    for (int a = 0; a < e->n_args && n_rest > 0; a++) {
        CExpr *arg = e->args[a];
        if (arg->fn(arg, ctx, rest, n_rest) < 0)
            return -1;
        expr_copy_rows(&e->out, &arg->out, rest, n_rest);
        uint16_t *next = bufs[a & 1];
        uint32_t n_next = 0;
        for (uint32_t i = 0; i < n_rest; i++) {
            uint32_t r = rest ? rest[i] : i;
            if (vec_is_null(&arg->out, r))
                next[n_next++] = (uint16_t)r;
        }
        rest = next;
        n_rest = n_next;
    }
    return 0;
}

/* ---- compiling --------------------------------------------------------------------- */

static void track(ExprProgram *prog, CExpr *c) {
    if (prog->n_cexprs == prog->cap_all) {
        prog->cap_all = prog->cap_all ? prog->cap_all * 2 : 16;
        prog->all = xrealloc(prog->all, (size_t)prog->cap_all * sizeof(CExpr *));
    }
    prog->all[prog->n_cexprs++] = c;
}

static Kernel choose_kernel(CExpr *c) {
    switch (c->node->op) {
        case EOP_COLUMN:
            return k_column;
        case EOP_CONST:
            return k_const;
        case EOP_AND:
        case EOP_OR:
            return k_and_or;
        case EOP_NOT:
            return k_not;
        case EOP_IS_NULL:
        case EOP_IS_NOT_NULL:
        case EOP_IS_TRUE:
        case EOP_IS_NOT_TRUE:
        case EOP_IS_FALSE:
        case EOP_IS_NOT_FALSE:
            return k_is;
        case EOP_CASE:
            return k_case;
        case EOP_COALESCE:
            return k_coalesce;
        case EOP_ADD:
        case EOP_SUB:
        case EOP_MUL:
        case EOP_DIV:
        case EOP_MOD:
        case EOP_NEG:
        case EOP_TS_ADD_INTERVAL:
        case EOP_TS_SUB_INTERVAL:
            return expr_kernel_arith(c);
        case EOP_EQ:
        case EOP_NE:
        case EOP_LT:
        case EOP_LE:
        case EOP_GT:
        case EOP_GE:
        case EOP_IS_DISTINCT:
        case EOP_IS_NOT_DISTINCT:
            return expr_kernel_compare(c);
        case EOP_CAST:
            return expr_kernel_cast(c);
        default:
            return expr_kernel_func(c);
    }
}

static CExpr *compile_node(ExprProgram *prog, const ExprNode *node, int n_inputs,
                           const SqlType *input_types, Diag *diag) {
    CExpr *c = arena_zalloc(prog->arena, sizeof(CExpr));
    track(prog, c);
    c->node = node;
    c->type = node->type;
    c->n_args = node->n_args;
    if (node->op == EOP_COLUMN) {
        if (node->column < 0 || node->column >= n_inputs) {
            diag_set(diag, node->pos, "internal error: column $%d out of range", node->column);
            return NULL;
        }
        c->out.type = input_types[node->column];
    } else {
        vec_init(&c->out, node->type);
    }
    if (c->n_args > 0) {
        c->args = arena_zalloc(prog->arena, (size_t)c->n_args * sizeof(CExpr *));
        for (int i = 0; i < c->n_args; i++) {
            c->args[i] = compile_node(prog, node->args[i], n_inputs, input_types, diag);
            if (!c->args[i])
                return NULL;
        }
    }
    if (node->op == EOP_AND || node->op == EOP_OR || node->op == EOP_CASE ||
        node->op == EOP_COALESCE)
        c->scratch = arena_alloc(prog->arena, 3 * BATCH_CAPACITY * sizeof(uint16_t));
    c->fn = choose_kernel(c);
    if (!c->fn) {
        StrBuf sb;
        sb_init(&sb);
        for (int i = 0; i < c->n_args; i++) {
            sb_append(&sb, i ? ", " : "");
            type_to_string(&node->args[i]->type, &sb);
        }
        diag_set(diag, node->pos, "not supported yet: %s(%s) returning %s", expr_op_name(node->op),
                 sb_cstr(&sb), type_info(node->type.id)->name);
        sb_free(&sb);
        return NULL;
    }
    if (node->op == EOP_CONST)
        fill_const(c);
    return c;
}

ExprProgram *expr_compile(const ExprNode *root, int n_inputs, const SqlType *input_types,
                          Diag *diag) {
    ExprProgram *prog = xcalloc(1, sizeof(ExprProgram));
    prog->arena = arena_new(16 * 1024);
    prog->root = compile_node(prog, root, n_inputs, input_types, diag);
    if (!prog->root) {
        expr_free(prog);
        return NULL;
    }
    return prog;
}

void expr_free(ExprProgram *prog) {
    if (!prog)
        return;
    for (int i = 0; i < prog->n_cexprs; i++) {
        CExpr *c = prog->all[i];
        if (c->free_aux)
            c->free_aux(c->aux);
        vec_release(&c->out);
    }
    free(prog->all);
    arena_free(prog->arena);
    free(prog);
}

/* ---- evaluating -------------------------------------------------------------------- */

static void ctx_init(EvalCtx *ctx, Batch *in, Arena *arena, Diag *diag) {
    ctx->in = in;
    ctx->arena = arena;
    ctx->diag = diag;
    ctx->now_utc_ms = time_now_utc_ms();
    ctx->now_local_ms = time_now_local_ms();
}

int expr_eval(ExprProgram *prog, Batch *in, Vector **out, Diag *diag) {
    EvalCtx ctx;
    ctx_init(&ctx, in, in->arena, diag);
    if (prog->root->fn(prog->root, &ctx, in->sel, batch_live_rows(in)) < 0)
        return -1;
    *out = &prog->root->out;
    return 0;
}

int expr_filter(ExprProgram *prog, Batch *in, Diag *diag) {
    Vector *v;
    if (expr_eval(prog, in, &v, diag) < 0)
        return -1;
    const uint8_t *keep = v->data;
    uint32_t n = batch_live_rows(in), n_out = 0;
    const uint16_t *sel = in->sel;
    uint16_t *out = in->sel_buf; /* in place is safe: n_out never passes i */
    if (v->validity) {
        FOR_SEL(r, {
            out[n_out] = (uint16_t)r;
            n_out += keep[r] & !vec_is_null(v, r);
        });
    } else {
        FOR_SEL(r, {
            out[n_out] = (uint16_t)r;
            n_out += keep[r];
        });
    }
    in->sel = out;
    in->n_sel = n_out;
    return 0;
}

int expr_eval_const(ExprProgram *prog, Value *out, bool *is_null, Arena *arena, Diag *diag) {
    Batch dummy;
    memset(&dummy, 0, sizeof dummy);
    dummy.n_rows = 1;
    dummy.arena = arena;
    EvalCtx ctx;
    ctx_init(&ctx, &dummy, arena, diag);
    if (prog->root->fn(prog->root, &ctx, NULL, 1) < 0)
        return -1;
    const Vector *v = &prog->root->out;
    *is_null = vec_is_null(v, 0);
    memset(out, 0, sizeof *out);
    if (!*is_null)
        memcpy(out, v->data, type_width(v->type.id));
    return 0;
}
