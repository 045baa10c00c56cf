/*
 * ast.h - the syntax tree the grammar builds.
 *
 * The AST is syntax only: names are strings, types are names with parameters, nothing
 * is resolved. Every node records `pos`, the byte offset in the SQL text of its first
 * token, so that later errors can point at it. All nodes and strings live in the
 * arena passed to the parser; nothing here is freed one by one.
 *
 * Identifiers keep their case as written (back-quotes removed, `` `` `` unescaped);
 * keywords are matched case-insensitively and function names are stored upper-cased.
 */
#ifndef PARSER_AST_H
#define PARSER_AST_H

#include "common/common.h"

typedef struct AstExpr AstExpr;
typedef struct AstQuery AstQuery;
typedef struct AstTableRef AstTableRef;
typedef struct AstStmt AstStmt;

/* A growable array of pointers, allocated in the arena. */
typedef struct AstList {
    int n;
    int cap;
    void **items;
} AstList;

AstList *ast_list_new(Arena *arena);
void ast_list_push(Arena *arena, AstList *list, void *item);
static inline int ast_list_len(const AstList *l) {
    return l ? l->n : 0;
}

/* A source span: [start, end) byte offsets into the SQL text. */
typedef struct AstSpan {
    int start;
    int end;
} AstSpan;

/* A type as written: base name upper-cased ("INT", "INTEGER", "DECIMAL", "VARCHAR",
 * "STRING", "TIMESTAMP", "TIMESTAMP_LTZ", "INTERVAL", ...) with up to two numeric
 * parameters. `TIMESTAMP(3) WITH LOCAL TIME ZONE` is stored as "TIMESTAMP_LTZ".
 * For INTERVAL, unit and to_unit hold the unit names ("DAY", "SECOND"), else NULL. */
typedef struct AstType {
    int pos;
    const char *name;
    int n_params;
    int params[2];
    bool not_null;
    const char *unit;
    const char *to_unit;
    AstList *fields; /* ROW<name type, ...>: the AstRowField list; NULL for other types */
} AstType;

/* One field of a ROW type. */
typedef struct AstRowField {
    int pos;
    const char *name;
    AstType *type;
} AstRowField;

/* ---- expressions ------------------------------------------------------------------- */

typedef enum AstExprKind {
    EXPR_LITERAL,
    EXPR_COLUMN,     /* [qualifier.]name */
    EXPR_STAR,       /* * or qualifier.*  (select list, COUNT(*)) */
    EXPR_UNARY,      /* op, left */
    EXPR_BINARY,     /* op, left, right */
    EXPR_IS,         /* left IS [NOT] NULL | TRUE | FALSE | UNKNOWN: is_what, negated */
    EXPR_BETWEEN,    /* left [NOT] BETWEEN [SYMMETRIC] low AND high: args = {low, high} */
    EXPR_IN_LIST,    /* left [NOT] IN (args) */
    EXPR_IN_QUERY,   /* left [NOT] IN (query) */
    EXPR_EXISTS,     /* [NOT] EXISTS (query) */
    EXPR_SUBQUERY,   /* (query) used as a scalar */
    EXPR_LIKE,       /* left [NOT] LIKE|SIMILAR TO right [ESCAPE escape] */
    EXPR_CASE,       /* CASE [left] WHEN args[2i] THEN args[2i+1] ... [ELSE right] END */
    EXPR_CAST,       /* CAST(left AS type), TRY_CAST when is_try */
    EXPR_FUNC,       /* name(args) with the flags below; also special forms (see below) */
    EXPR_DESCRIPTOR, /* DESCRIPTOR(names...) : args are EXPR_COLUMN */
    EXPR_TABLE_ARG,  /* TABLE name, as an argument of a table function: name */
    EXPR_NAMED_ARG,  /* name => left (named arguments of table functions) */
    EXPR_ROW,        /* ROW(args) or (a, b, ...) */
} AstExprKind;

typedef enum AstLiteralKind {
    LIT_NULL,
    LIT_BOOL,      /* bool_value */
    LIT_INTEGER,   /* text: digits only, no sign (a sign is an EXPR_UNARY) */
    LIT_DECIMAL,   /* text: digits with a '.', no exponent */
    LIT_FLOAT,     /* text: with an exponent, e.g. 1.5E3 */
    LIT_STRING,    /* text: the value, quotes removed and '' unescaped */
    LIT_TIMESTAMP, /* TIMESTAMP '...': text is the quoted part */
    LIT_TIMESTAMP_LTZ,
    LIT_DATE,     /* DATE '...' */
    LIT_TIME,     /* TIME '...' */
    LIT_INTERVAL, /* INTERVAL [-]'text' unit [TO to_unit]; negative when written -'...' */
} AstLiteralKind;

typedef enum AstOp {
    OP_NONE,
    /* unary */
    OP_NEG,
    OP_PLUS,
    OP_NOT,
    /* binary arithmetic */
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD, /* the % operator */
    /* comparison */
    OP_EQ,
    OP_NE, /* <> and != */
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_IS_DISTINCT,     /* IS DISTINCT FROM */
    OP_IS_NOT_DISTINCT, /* IS NOT DISTINCT FROM */
    /* logic */
    OP_AND,
    OP_OR,
    /* strings */
    OP_CONCAT, /* || */
} AstOp;

typedef enum AstIsWhat { IS_NULL, IS_TRUE, IS_FALSE, IS_UNKNOWN } AstIsWhat;

typedef enum AstTrimSpec { TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING } AstTrimSpec;

typedef enum AstFrameUnit { FRAME_NONE, FRAME_ROWS, FRAME_RANGE } AstFrameUnit;

typedef enum AstBoundKind {
    BOUND_UNBOUNDED_PRECEDING,
    BOUND_PRECEDING, /* expr PRECEDING */
    BOUND_CURRENT_ROW,
    BOUND_FOLLOWING, /* expr FOLLOWING */
    BOUND_UNBOUNDED_FOLLOWING,
} AstBoundKind;

typedef struct AstOrderItem {
    int pos;
    AstExpr *expr;
    bool is_desc;
    int nulls; /* 0 unspecified, 1 NULLS FIRST, 2 NULLS LAST */
} AstOrderItem;

/* OVER (...) or WINDOW w AS (...). */
typedef struct AstWindowSpec {
    int pos;
    const char *name;      /* WINDOW name AS (...): the name; else NULL */
    const char *ref_name;  /* OVER w  or  OVER (w ...): the referenced window, or NULL */
    AstList *partition_by; /* of AstExpr, or NULL */
    AstList *order_by;     /* of AstOrderItem, or NULL */
    AstFrameUnit frame_unit;
    AstBoundKind start_kind;
    AstExpr *start_expr;
    AstBoundKind end_kind; /* CURRENT ROW when the frame has no BETWEEN */
    AstExpr *end_expr;
} AstWindowSpec;

struct AstExpr {
    AstExprKind kind;
    int pos;
    AstSpan span; /* the whole expression's text */

    /* EXPR_LITERAL */
    AstLiteralKind lit_kind;
    const char *text; /* literal text; for EXPR_COLUMN/TABLE_ARG/NAMED_ARG the name */
    bool bool_value;
    const char *unit;    /* LIT_INTERVAL; FLOOR/CEIL(x TO unit); EXTRACT(unit FROM x) */
    const char *to_unit; /* LIT_INTERVAL: INTERVAL '1 10' DAY TO HOUR */
    bool is_negative;    /* LIT_INTERVAL written with a minus inside the quotes is in text */

    /* EXPR_COLUMN / EXPR_STAR: qualifier (table or alias), or NULL */
    const char *qualifier;

    AstOp op;
    AstExpr *left;
    AstExpr *right;
    AstExpr *escape; /* LIKE ... ESCAPE */
    AstList *args;   /* of AstExpr: function arguments, IN list, BETWEEN bounds, CASE arms */

    bool negated;      /* NOT IN, NOT LIKE, NOT BETWEEN, IS NOT, NOT EXISTS */
    bool is_symmetric; /* BETWEEN SYMMETRIC */
    bool is_similar;   /* SIMILAR TO instead of LIKE */
    AstIsWhat is_what;

    AstType *type; /* EXPR_CAST */
    /* EXPR_COLUMN t.r.f: text is "r.f", the column of field f of ROW column r */
    bool is_field_path;
    bool is_try; /* TRY_CAST */

    /*
     * EXPR_FUNC: name upper-cased. Special syntax maps onto ordinary calls:
     *   EXTRACT(unit FROM x)        name "EXTRACT", unit, args {x}
     *   FLOOR(x TO unit), CEIL(...)  name "FLOOR"/"CEIL", unit, args {x}
     *   POSITION(a IN b)            name "POSITION", args {a, b}
     *   SUBSTRING(s FROM a [FOR b]) name "SUBSTRING", args {s, a[, b]} (same as commas)
     *   TRIM([BOTH|LEADING|TRAILING] [c] FROM s) name "TRIM", trim_spec, args {s[, c]}
     *   CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, ... (no parentheses): args NULL
     *   TIMESTAMPADD(unit, n, t), TIMESTAMPDIFF(unit, a, b)  unit, args {n, t} / {a, b}
     *   COUNT(*)                    is_star
     */
    const char *name;
    bool is_distinct; /* agg(DISTINCT x) */
    bool is_star;
    AstTrimSpec trim_spec;
    AstExpr *filter;     /* agg(...) FILTER (WHERE filter) */
    AstWindowSpec *over; /* f(...) OVER (...) or OVER w */

    AstQuery *query; /* EXPR_IN_QUERY, EXPR_EXISTS, EXPR_SUBQUERY */
};

/* ---- queries ----------------------------------------------------------------------- */

typedef enum AstJoinType {
    JOIN_INNER,
    JOIN_LEFT,
    JOIN_RIGHT,
    JOIN_FULL,
    JOIN_CROSS, /* CROSS JOIN, or the comma in FROM a, b */
} AstJoinType;

typedef enum AstTableRefKind {
    TREF_NAMED,    /* name [FOR SYSTEM_TIME AS OF expr] [[AS] alias] */
    TREF_SUBQUERY, /* (query) [AS] alias */
    TREF_JOIN,     /* left join_type JOIN right [ON on | USING (names)] */
    TREF_FUNCTION, /* TABLE(func(args)) [[AS] alias], e.g. TABLE(TUMBLE(TABLE t, ...));
                      also LATERAL TABLE(func(args)) with is_lateral */
    TREF_VALUES,   /* (VALUES ...) [AS] alias (col, ...) */
} AstTableRefKind;

struct AstTableRef {
    AstTableRefKind kind;
    int pos;
    const char *name;        /* TREF_NAMED */
    const char *alias;       /* or NULL */
    AstList *column_aliases; /* of const char*: alias (a, b, c), or NULL */
    AstExpr *system_time;    /* FOR SYSTEM_TIME AS OF expr, or NULL */
    AstQuery *query;         /* TREF_SUBQUERY, TREF_VALUES */
    AstExpr *func;           /* TREF_FUNCTION: an EXPR_FUNC */
    bool is_lateral;
    AstJoinType join_type;     /* TREF_JOIN */
    AstTableRef *left, *right; /* TREF_JOIN */
    AstExpr *on;               /* TREF_JOIN: ON condition, or NULL */
    AstList *using_columns;    /* TREF_JOIN: USING (names) of const char*, or NULL */
};

typedef struct AstSelectItem {
    int pos;
    AstExpr *expr;     /* may be EXPR_STAR */
    const char *alias; /* or NULL */
} AstSelectItem;

typedef enum AstQueryKind {
    QUERY_SELECT,
    QUERY_SET_OP, /* left set_op right */
    QUERY_VALUES, /* VALUES (row), (row), ... : rows is a list of AstList* of AstExpr */
} AstQueryKind;

typedef enum AstSetOp {
    SETOP_UNION_ALL,
    SETOP_UNION,
    SETOP_INTERSECT,
    SETOP_INTERSECT_ALL,
    SETOP_EXCEPT,
    SETOP_EXCEPT_ALL,
} AstSetOp;

struct AstQuery {
    AstQueryKind kind;
    int pos;
    AstSpan span;
    /* QUERY_SELECT */
    bool is_distinct;
    AstList *select_list; /* of AstSelectItem */
    AstTableRef *from;    /* or NULL (SELECT 1) */
    AstExpr *where;
    AstList *group_by; /* of AstExpr, or NULL */
    AstExpr *having;
    AstList *windows; /* WINDOW w AS (...), of AstWindowSpec, or NULL */
    /* QUERY_SET_OP */
    AstSetOp set_op;
    AstQuery *left, *right;
    /* QUERY_VALUES */
    AstList *rows;
    /* any kind, at the outermost level of a query expression */
    AstList *order_by; /* of AstOrderItem, or NULL */
    AstExpr *limit;    /* or NULL */
    AstExpr *offset;   /* or NULL */
};

/* ---- statements -------------------------------------------------------------------- */

typedef struct AstColumnDef {
    int pos;
    const char *name;
    AstType *type;     /* physical column: its type; computed column: NULL */
    AstExpr *computed; /* `name AS expr`: the expression, else NULL */
    bool is_metadata;  /* `name type METADATA [FROM 'key'] [VIRTUAL]` */
    const char *metadata_key;
    bool is_virtual;
    const char *comment; /* COMMENT 'text', or NULL */
    bool is_primary_key; /* inline PRIMARY KEY NOT ENFORCED */
} AstColumnDef;

typedef struct AstOption {
    int pos;
    const char *key;
    const char *value;
} AstOption;

typedef enum AstStmtKind {
    STMT_CREATE_TABLE,
    STMT_CREATE_VIEW,
    STMT_DROP_TABLE,
    STMT_DROP_VIEW,
    STMT_QUERY,
    STMT_INSERT,
    STMT_STATEMENT_SET, /* EXECUTE STATEMENT SET BEGIN insert; ... END (also BEGIN
                           STATEMENT SET; ... END;) */
    STMT_SET,           /* SET 'key' = 'value', or SET alone (key NULL) */
    STMT_RESET,         /* RESET 'key', or RESET alone (key NULL) */
    STMT_SHOW_TABLES,
    STMT_SHOW_VIEWS,
    STMT_SHOW_FUNCTIONS,
    STMT_SHOW_CREATE_TABLE, /* name */
    STMT_DESCRIBE,          /* DESCRIBE name | DESC name */
    STMT_EXPLAIN,           /* EXPLAIN [PLAN FOR | details] inner */
} AstStmtKind;

/* EXPLAIN detail flags */
#define EXPLAIN_CHANGELOG_MODE      1
#define EXPLAIN_ESTIMATED_COST      2
#define EXPLAIN_JSON_EXECUTION_PLAN 4
#define EXPLAIN_ANALYZE             8 /* EXPLAIN ANALYZE: run the query and report statistics */

struct AstStmt {
    AstStmtKind kind;
    int pos;
    AstSpan span; /* the statement's text, without the ';' */

    const char *name; /* table or view name */
    bool if_not_exists;
    bool if_exists;
    bool is_temporary;

    /* CREATE TABLE */
    AstList *columns;             /* of AstColumnDef */
    const char *watermark_column; /* WATERMARK FOR col AS expr */
    AstExpr *watermark_expr;
    int watermark_pos;
    AstList *primary_key; /* of const char*, or NULL */
    AstList *options;     /* of AstOption: WITH (...) */
    const char *comment;

    /* CREATE VIEW: name [(column_names)] AS query; also STMT_QUERY and INSERT */
    AstList *column_names; /* of const char*, or NULL */
    AstQuery *query;

    /* INSERT [INTO|OVERWRITE] name [(column_names)] query */
    bool is_overwrite;

    /* STMT_STATEMENT_SET */
    AstList *statements; /* of AstStmt (INSERTs) */

    /* SET / RESET */
    const char *key;
    const char *value;

    /* EXPLAIN */
    int explain_flags;
    AstStmt *inner;
};

/* The operator as SQL writes it: "+", "<>", "AND", "||" (IS_DISTINCT for the two
 * distinct forms, as the dumps show them). */
const char *ast_op_name(AstOp op);

/* Builders used by the grammar's actions (parser/ast.c). */
AstExpr *ast_expr_new(Arena *arena, AstExprKind kind, int pos);
AstStmt *ast_stmt_new(Arena *arena, AstStmtKind kind, int pos);
AstQuery *ast_query_new(Arena *arena, AstQueryKind kind, int pos);
AstTableRef *ast_tref_new(Arena *arena, AstTableRefKind kind, int pos);

/* For debugging and the grammar's unit tests: a compact S-expression of a node,
 * e.g. (BINARY + (COLUMN a) (LITERAL INTEGER 1)). */
void ast_expr_dump(const AstExpr *e, StrBuf *out);
void ast_query_dump(const AstQuery *q, StrBuf *out);
void ast_stmt_dump(const AstStmt *s, StrBuf *out);

#endif /* PARSER_AST_H */
