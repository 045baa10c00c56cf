/*
 * expr_regex.c - kernels for REGEXP_EXTRACT and REGEXP_REPLACE, over the Java regular
 * expressions of exec/regex.c.
 *
 * The pattern is almost always a constant: it is compiled once, when the kernel is
 * chosen, and kept in e->aux. A pattern that varies by row is compiled when it differs
 * from the previous row's (kept with its text), so a column holding a few patterns in
 * runs costs a few compiles per batch, not one per row.
 *
 * Flink's behaviour (SqlFunctionUtils.regexpExtract, regexpReplace):
 *  - NULL when any argument is NULL, and when the pattern is invalid: Flink catches
 *    the PatternSyntaxException, logs it and returns null. A pattern that is valid Java
 *    but beyond POSIX (lookaround, lazy quantifiers ...) is an error instead, at the
 *    first row that uses it: answering NULL there would be answering wrongly.
 *  - REGEXP_EXTRACT(s, regex [, n]): group n (0 = the whole match) of the first match;
 *    without n, the whole match (Flink's two-argument regexpExtract passes 0). NULL when
 *    nothing matches, when n is negative or past the pattern's groups, and when group n
 *    took no part in the match. The result points into s.
 *  - REGEXP_REPLACE(s, regex, replacement): Java's String.replaceAll with the
 *    replacement quoted (Matcher.quoteReplacement), so '$1' and '\' are literal text.
 *    Matches are found as Matcher.find does: after an empty match the next search
 *    starts one character further, so 'x*' on "abc" gives "-a-b-c-" with '-'. Without
 *    a match the result is s itself; otherwise the row's matches are collected first,
 *    then the result is written once at its exact size.
 */
#include "exec/expr_internal.h"
#include "exec/regex.h"

#include <stdlib.h>
#include <string.h>

/* The compiled pattern of a kernel. */
typedef struct RegexState {
    Regex *re;
    int n_groups;  /* re's capturing groups */
    int status;    /* regex_compile's: 0, REGEX_INVALID, REGEX_UNSUPPORTED */
    char msg[320]; /* for REGEX_UNSUPPORTED */
    bool is_const; /* compiled once from a constant (none when the constant is NULL) */
    bool has_last; /* a varying pattern: the text compiled last */
    char *last;
    uint32_t last_len, last_cap;
    RegexSpan *spans; /* n_groups + 1 */
    RegexSpan *found; /* REGEXP_REPLACE: the matches of one row */
    uint32_t found_cap;
} RegexState;

static void regex_state_free(void *p) {
    RegexState *st = p;
    if (!st)
        return;
    regex_free(st->re);
    free(st->last);
    free(st->spans);
    free(st->found);
    free(st);
}

static void regex_state_compile(RegexState *st, StrRef pattern) {
    regex_free(st->re);
    st->re = NULL;
    st->status = regex_compile(pattern.ptr, pattern.len, &st->re, st->msg, sizeof st->msg);
    st->n_groups = st->status == 0 ? regex_group_count(st->re) : 0;
    st->spans = xrealloc(st->spans, ((size_t)st->n_groups + 1) * sizeof(RegexSpan));
}

/* Compiles a row's pattern unless it is the one compiled last. */
static void regex_state_use(RegexState *st, StrRef pattern) {
    if (st->has_last && st->last_len == pattern.len &&
        (pattern.len == 0 || memcmp(st->last, pattern.ptr, pattern.len) == 0))
        return;
    regex_state_compile(st, pattern);
    if (pattern.len > st->last_cap) {
        st->last_cap = pattern.len;
        st->last = xrealloc(st->last, st->last_cap);
    }
    if (pattern.len)
        memcpy(st->last, pattern.ptr, pattern.len);
    st->last_len = pattern.len;
    st->has_last = true;
}

/* REGEXP_EXTRACT(s, regex [, group]) */
static int k_regexp_extract(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    RegexState *st = e->aux;
    const StrRef *a = e->args[0]->out.data;
    const StrRef *pattern = e->args[1]->out.data;
    const int32_t *group = e->n_args > 2 ? e->args[2]->out.data : NULL;
    StrRef *out = e->out.data;
    bool is_const = st->is_const;
    FOR_SEL(r, {
        out[r].ptr = "";
        out[r].len = 0;
        if (vec_is_null(&e->out, r))
            continue;
        if (!is_const)
            regex_state_use(st, pattern[r]);
        if (st->status == REGEX_UNSUPPORTED)
            return expr_error(e, ctx, "%s", st->msg);
        int32_t g = group ? group[r] : 0;
        StrRef s = a[r];
        if (st->status || g < 0 || g > st->n_groups ||
            !regex_find(st->re, s.ptr, s.len, 0, st->spans, g + 1) || st->spans[g].start < 0) {
            vec_set_null(&e->out, r);
            continue;
        }
        out[r].ptr = s.ptr + st->spans[g].start;
        out[r].len = (uint32_t)(st->spans[g].end - st->spans[g].start);
    });
    return 0;
}

/* The matches of re in s, as Java's Matcher.find finds them one after another, into
 * st->found; returns how many. */
static uint32_t find_all(RegexState *st, StrRef s) {
    uint32_t n_found = 0;
    int64_t prev_start = -1;
    uint32_t prev_end = 0;
    RegexSpan m;
    for (;;) {
        uint32_t from = prev_end;
        if ((int64_t)from == prev_start) { /* after an empty match: one character on */
            if (from >= s.len)
                break;
            from += char_len_at(s.ptr, from, s.len);
        }
        if (!regex_find(st->re, s.ptr, s.len, from, &m, 1))
            break;
        if (n_found == st->found_cap) {
            st->found_cap = st->found_cap ? 2 * st->found_cap : 16;
            st->found = xrealloc(st->found, st->found_cap * sizeof(RegexSpan));
        }
        st->found[n_found++] = m;
        prev_start = m.start;
        prev_end = (uint32_t)m.end;
    }
    return n_found;
}

/* REGEXP_REPLACE(s, regex, replacement) */
static int k_regexp_replace(CExpr *e, EvalCtx *ctx, const uint16_t *sel, uint32_t n) {
    if (expr_eval_args(e, ctx, sel, n) < 0)
        return -1;
    expr_combine_validity(e);
    RegexState *st = e->aux;
    const StrRef *a = e->args[0]->out.data;
    const StrRef *pattern = e->args[1]->out.data;
    const StrRef *repl = e->args[2]->out.data;
    StrRef *out = e->out.data;
    StrOut so = {ctx->arena, NULL, 0};
    bool is_const = st->is_const;
    FOR_SEL(r, {
        StrRef s = a[r], t = repl[r];
        out[r] = s;
        if (vec_is_null(&e->out, r))
            continue;
        if (!is_const)
            regex_state_use(st, pattern[r]);
        if (st->status == REGEX_UNSUPPORTED)
            return expr_error(e, ctx, "%s", st->msg);
        if (st->status) {
            out[r].ptr = "";
            out[r].len = 0;
            vec_set_null(&e->out, r);
            continue;
        }
        uint32_t n_found = find_all(st, s);
        if (n_found == 0)
            continue; /* nothing replaced: the input itself */
        size_t size = s.len + (size_t)n_found * t.len;
        for (uint32_t k = 0; k < n_found; k++)
            size -= (size_t)(st->found[k].end - st->found[k].start);
        char *dst = so_reserve(&so, size ? size : 1);
        size_t o = 0;
        uint32_t copied = 0;
        for (uint32_t k = 0; k < n_found; k++) {
            uint32_t start = (uint32_t)st->found[k].start;
            memcpy(dst + o, s.ptr + copied, start - copied);
            o += start - copied;
            if (t.len)
                memcpy(dst + o, t.ptr, t.len);
            o += t.len;
            copied = (uint32_t)st->found[k].end;
        }
        if (s.len > copied)
            memcpy(dst + o, s.ptr + copied, s.len - copied);
        o += s.len - copied;
        out[r].ptr = dst;
        out[r].len = (uint32_t)o;
        so_commit(&so, o);
    });
    return 0;
}

Kernel expr_kernel_regex(CExpr *e) {
    const ExprNode *node = e->node;
    bool is_extract = node->op == EOP_REGEXP_EXTRACT;
    if (phys_of(node->type.id) != PHYS_STR ||
        (is_extract ? node->n_args < 2 || node->n_args > 3 : node->n_args != 3))
        return NULL;
    for (int i = 0; i < node->n_args; i++) {
        Phys want = is_extract && i == 2 ? PHYS_I32 : PHYS_STR;
        if (phys_of(node->args[i]->type.id) != want)
            return NULL;
    }
    RegexState *st = xcalloc(1, sizeof(RegexState));
    e->aux = st;
    e->free_aux = regex_state_free;
    if (is_const(e, 1)) {
        st->is_const = true;
        if (!const_is_null(e, 1)) /* a NULL pattern: every row is NULL anyway */
            regex_state_compile(st, node->args[1]->value.str);
    }
    return is_extract ? k_regexp_extract : k_regexp_replace;
}
