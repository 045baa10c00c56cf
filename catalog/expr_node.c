/*
 * expr_node.c - building and printing bound expression trees (ExprNode).
 *
 * The planner builds these; EXPLAIN prints them in Flink's style, e.g.
 * `*(amount, 2)` is written `(amount * 2)` and a function as `UPPER(name)`.
 */
#include "catalog/catalog.h"

#include <string.h>

ExprNode *expr_node_new(Arena *arena, ExprOp op, SqlType type, int n_args) {
    ExprNode *e = arena_zalloc(arena, sizeof(ExprNode));
    e->op = op;
    e->type = type;
    e->pos = -1;
    e->n_args = n_args;
    if (n_args > 0)
        e->args = arena_zalloc(arena, (size_t)n_args * sizeof(ExprNode *));
    return e;
}

ExprNode *expr_column(Arena *arena, int column, SqlType type) {
    ExprNode *e = expr_node_new(arena, EOP_COLUMN, type, 0);
    e->column = column;
    return e;
}

static const char *const OP_NAMES[EOP_COUNT_] = {
    [EOP_COLUMN] = "COLUMN",
    [EOP_CONST] = "CONST",
    [EOP_ADD] = "+",
    [EOP_SUB] = "-",
    [EOP_MUL] = "*",
    [EOP_DIV] = "/",
    [EOP_MOD] = "MOD",
    [EOP_NEG] = "-",
    [EOP_TS_ADD_INTERVAL] = "+",
    [EOP_TS_SUB_INTERVAL] = "-",
    [EOP_EQ] = "=",
    [EOP_NE] = "<>",
    [EOP_LT] = "<",
    [EOP_LE] = "<=",
    [EOP_GT] = ">",
    [EOP_GE] = ">=",
    [EOP_IS_DISTINCT] = "IS DISTINCT FROM",
    [EOP_IS_NOT_DISTINCT] = "IS NOT DISTINCT FROM",
    [EOP_AND] = "AND",
    [EOP_OR] = "OR",
    [EOP_NOT] = "NOT",
    [EOP_IS_NULL] = "IS NULL",
    [EOP_IS_NOT_NULL] = "IS NOT NULL",
    [EOP_IS_TRUE] = "IS TRUE",
    [EOP_IS_NOT_TRUE] = "IS NOT TRUE",
    [EOP_IS_FALSE] = "IS FALSE",
    [EOP_IS_NOT_FALSE] = "IS NOT FALSE",
    [EOP_IN] = "IN",
    [EOP_LIKE] = "LIKE",
    [EOP_CASE] = "CASE",
    [EOP_COALESCE] = "COALESCE",
    [EOP_NULLIF] = "NULLIF",
    [EOP_CAST] = "CAST",
    [EOP_CONCAT] = "CONCAT",
    [EOP_UPPER] = "UPPER",
    [EOP_LOWER] = "LOWER",
    [EOP_CHAR_LENGTH] = "CHAR_LENGTH",
    [EOP_SUBSTRING] = "SUBSTRING",
    [EOP_TRIM] = "TRIM",
    [EOP_REPLACE] = "REPLACE",
    [EOP_POSITION] = "POSITION",
    [EOP_SPLIT_INDEX] = "SPLIT_INDEX",
    [EOP_REGEXP_EXTRACT] = "REGEXP_EXTRACT",
    [EOP_REGEXP_REPLACE] = "REGEXP_REPLACE",
    [EOP_ABS] = "ABS",
    [EOP_ROUND] = "ROUND",
    [EOP_FLOOR] = "FLOOR",
    [EOP_CEIL] = "CEIL",
    [EOP_POWER] = "POWER",
    [EOP_SQRT] = "SQRT",
    [EOP_TO_TIMESTAMP] = "TO_TIMESTAMP",
    [EOP_DATE_FORMAT] = "DATE_FORMAT",
    [EOP_EXTRACT] = "EXTRACT",
    [EOP_FLOOR_TIME] = "FLOOR",
    [EOP_CEIL_TIME] = "CEIL",
    [EOP_CURRENT_TIMESTAMP] = "CURRENT_TIMESTAMP",
    [EOP_PROCTIME] = "PROCTIME",
    [EOP_LOCALTIMESTAMP] = "LOCALTIMESTAMP",
};

const char *expr_op_name(ExprOp op) {
    return (unsigned)op < EOP_COUNT_ && OP_NAMES[op] ? OP_NAMES[op] : "?";
}

static bool is_infix(ExprOp op) {
    switch (op) {
        case EOP_ADD:
        case EOP_SUB:
        case EOP_MUL:
        case EOP_DIV:
        case EOP_TS_ADD_INTERVAL:
        case EOP_TS_SUB_INTERVAL:
        case EOP_EQ:
        case EOP_NE:
        case EOP_LT:
        case EOP_LE:
        case EOP_GT:
        case EOP_GE:
        case EOP_IS_DISTINCT:
        case EOP_IS_NOT_DISTINCT:
        case EOP_AND:
        case EOP_OR:
            return true;
        default:
            return false;
    }
}

void expr_to_string(const ExprNode *e, const char *const *names, StrBuf *out) {
    switch (e->op) {
        case EOP_COLUMN:
            if (names)
                sb_append(out, names[e->column]);
            else
                sb_printf(out, "$%d", e->column);
            return;
        case EOP_CONST:
            if (e->is_null) {
                sb_append(out, "null");
            } else if (type_info(e->type.id)->is_string) {
                sb_append_char(out, '\'');
                sb_append_n(out, e->value.str.ptr, e->value.str.len);
                sb_append_char(out, '\'');
            } else {
                type_format_value(&e->type, &e->value, FORMAT_SQL, out);
            }
            return;
        case EOP_CAST:
            sb_append(out, "CAST(");
            expr_to_string(e->args[0], names, out);
            sb_append(out, " AS ");
            type_to_string(&e->type, out);
            sb_append_char(out, ')');
            return;
        case EOP_NEG:
        case EOP_NOT:
            sb_append(out, e->op == EOP_NOT ? "NOT(" : "-(");
            expr_to_string(e->args[0], names, out);
            sb_append_char(out, ')');
            return;
        case EOP_IS_NULL:
        case EOP_IS_NOT_NULL:
        case EOP_IS_TRUE:
        case EOP_IS_NOT_TRUE:
        case EOP_IS_FALSE:
        case EOP_IS_NOT_FALSE:
            sb_append_char(out, '(');
            expr_to_string(e->args[0], names, out);
            sb_printf(out, " %s)", expr_op_name(e->op));
            return;
        case EOP_EXTRACT:
        case EOP_FLOOR_TIME:
        case EOP_CEIL_TIME:
            sb_printf(out, "%s(", expr_op_name(e->op));
            if (e->op == EOP_EXTRACT)
                sb_printf(out, "%s FROM ", time_unit_name(e->unit));
            expr_to_string(e->args[0], names, out);
            if (e->op != EOP_EXTRACT)
                sb_printf(out, " TO %s", time_unit_name(e->unit));
            sb_append_char(out, ')');
            return;
        default:
            break;
    }
    if (is_infix(e->op) && e->n_args == 2) {
        sb_append_char(out, '(');
        expr_to_string(e->args[0], names, out);
        sb_printf(out, " %s ", expr_op_name(e->op));
        expr_to_string(e->args[1], names, out);
        sb_append_char(out, ')');
        return;
    }
    sb_printf(out, "%s(", expr_op_name(e->op));
    for (int i = 0; i < e->n_args; i++) {
        if (i)
            sb_append(out, ", ");
        expr_to_string(e->args[i], names, out);
    }
    sb_append_char(out, ')');
}

ExprNode *expr_remap_columns(Arena *arena, const ExprNode *e, const int *map) {
    ExprNode *c = arena_alloc(arena, sizeof(ExprNode));
    *c = *e;
    if (e->op == EOP_COLUMN)
        c->column = map[e->column];
    if (e->n_args > 0) {
        c->args = arena_alloc(arena, (size_t)e->n_args * sizeof(ExprNode *));
        for (int i = 0; i < e->n_args; i++)
            c->args[i] = expr_remap_columns(arena, e->args[i], map);
    }
    return c;
}
