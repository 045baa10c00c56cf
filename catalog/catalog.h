/*
 * catalog.h - what exists: the SQL types and their physical representation, tables
 * (streams) and views with their schemas, watermarks and connector options, and the
 * registry of built-in function names.
 *
 * The catalog knows no SQL syntax: a computed column, a watermark or a view is kept as
 * the SQL text it was declared with, and the planner parses and binds that text when a
 * query uses it.
 */
#ifndef CATALOG_CATALOG_H
#define CATALOG_CATALOG_H

#include "common/common.h"

/* ---- types ------------------------------------------------------------------------- */

/*
 * Physical representation of each type in a column vector:
 *   BOOLEAN          uint8_t (0 or 1)
 *   TINYINT..INT     int32_t   (TINYINT and SMALLINT are stored as INT's width)
 *   BIGINT           int64_t
 *   FLOAT            float
 *   DOUBLE           double
 *   DECIMAL(p,s)     int64_t, the value times 10^s (p <= 18)
 *   CHAR/VARCHAR     StrRef (pointer, length) into an arena
 *   TIMESTAMP(3)     int64_t milliseconds since the epoch, no time zone
 *   TIMESTAMP_LTZ(3) int64_t milliseconds since the epoch, UTC
 *   DATE             int32_t days since the epoch
 *   TIME(0)          int32_t milliseconds since midnight
 *   INTERVAL DAY..   int64_t milliseconds
 *   INTERVAL YEAR..  int64_t months
 *   NULL             no data (the type of a bare NULL literal)
 */
typedef enum TypeId {
    TYPE_NULL,
    TYPE_BOOLEAN,
    TYPE_TINYINT,
    TYPE_SMALLINT,
    TYPE_INT,
    TYPE_BIGINT,
    TYPE_FLOAT,
    TYPE_DOUBLE,
    TYPE_DECIMAL,
    TYPE_CHAR,
    TYPE_VARCHAR,
    TYPE_TIMESTAMP,
    TYPE_TIMESTAMP_LTZ,
    TYPE_DATE,
    TYPE_TIME,
    TYPE_INTERVAL_DT, /* INTERVAL DAY TO SECOND family, in ms */
    TYPE_INTERVAL_YM, /* INTERVAL YEAR TO MONTH family, in months */
    TYPE_COUNT_
} TypeId;

#define TYPE_STRING_MAX_LEN   2147483647
#define DECIMAL_MAX_PRECISION 18

typedef struct SqlType {
    TypeId id;
    int32_t precision; /* DECIMAL precision, TIMESTAMP fraction digits, CHAR/VARCHAR length */
    int32_t scale;     /* DECIMAL scale */
    bool not_null;
} SqlType;

typedef struct StrRef {
    const char *ptr;
    uint32_t len;
} StrRef;

/* The one table describing each type. */
typedef struct TypeInfo {
    TypeId id;
    const char *name; /* as Flink prints it: "INT", "STRING" is VARCHAR(max) */
    uint8_t width;    /* bytes per value in a vector */
    bool is_numeric;
    bool is_integer;  /* TINYINT, SMALLINT, INT, BIGINT */
    bool is_string;   /* CHAR, VARCHAR */
    bool is_temporal; /* TIMESTAMP, TIMESTAMP_LTZ, DATE, TIME */
} TypeInfo;

const TypeInfo *type_info(TypeId id);
SqlType type_make(TypeId id);
SqlType type_decimal(int precision, int scale);
SqlType type_varchar(int32_t length);
SqlType type_string(void);
SqlType type_timestamp(int precision);
bool type_equal(const SqlType *a, const SqlType *b); /* ignores not_null */
/* Writes the type as Flink's DESCRIBE prints it: "INT", "DECIMAL(10, 2)", "STRING",
 * "VARCHAR(10)", "TIMESTAMP(3)", "INTERVAL SECOND(3)"; adds " NOT NULL" if set. */
void type_to_string(const SqlType *t, StrBuf *out);
const char *type_name_arena(const SqlType *t, Arena *arena);
/* Width of the physical value in bytes. */
static inline size_t type_width(TypeId id) {
    return type_info(id)->width;
}

/* Parse a text field as a value of type t (for sources and CAST from string). The
 * accepted forms are Flink's: "true"/"false" any case for BOOLEAN; optional sign and
 * digits for integers (range-checked); decimal or scientific for FLOAT/DOUBLE, also
 * "NaN", "Infinity"; DECIMAL rounded half-up to the scale, overflow of the precision is
 * an error; TIMESTAMP as time_parse_timestamp; DATE "YYYY-MM-DD". Leading and trailing
 * spaces are ignored for numbers, booleans and times. Returns false on a malformed or
 * out-of-range value, writing nothing. `out` points to one value of the physical type. */
bool type_parse_value(const SqlType *t, const char *s, size_t len, void *out);

/* Decimal helpers: 10^n for n in 0..18, and rescaling with half-up rounding. Return
 * false on overflow of int64 or of the target precision. */
extern const int64_t decimal_pow10[19];
bool decimal_rescale(int64_t v, int from_scale, int to_scale, int to_precision, int64_t *out);
bool decimal_fits(int64_t v, int precision);

/* Value formatting styles for the sinks. */
typedef enum FormatStyle {
    FORMAT_SQL,  /* Flink's SQL client and CAST AS STRING: TRUE, 2020-04-15 08:05:00.000 */
    FORMAT_JAVA, /* Flink's print connector (Row.toString): true, 2020-04-15T08:05 */
    FORMAT_TEXT, /* Flink's csv/json formats: true, 2020-04-15 08:05:00 (fraction trimmed) */
} FormatStyle;

/* Appends one non-NULL value (pointed to by `value`, physical representation of t). */
void type_format_value(const SqlType *t, const void *value, FormatStyle style, StrBuf *out);

/* ---- bound expressions (catalog/expr_node.c)
 * ------------------------------------------------------------------- */

/*
 * The planner binds SQL expressions into trees of ExprNode: every node typed, every
 * name resolved to a column index, every implicit conversion made an explicit
 * EOP_CAST, so that an operator's arguments always have the types listed here. This IR lives in the
 * catalog because both the planner (which builds it) and the executor (which compiles it) use it,
 * and neither may include the other. The executor compiles a tree into an ExprProgram: each node
 * gets a kernel specialised for its operator and argument types, chosen once at compile time.
 * Evaluation runs each kernel once per batch over the column arrays; conditional forms (AND, OR,
 * CASE, COALESCE) evaluate a branch only on the rows that reach it.
 *
 * Argument types after binding (T = any type; N = a numeric type; both sides of a
 * binary arithmetic or comparison node have the same type, except where noted):
 */
typedef enum ExprOp {
    EOP_COLUMN, /* input column `column` */
    EOP_CONST,  /* `value` (or NULL when is_null) */
    /* arithmetic: N op N -> N (DECIMAL: see exec/expr_arith.c for result scales) */
    EOP_ADD,
    EOP_SUB,
    EOP_MUL,
    EOP_DIV, /* integer division on integers; division by zero is an error */
    EOP_MOD, /* integers or DECIMAL; sign of the dividend */
    EOP_NEG,
    /* time arithmetic: TIMESTAMP/DATE +/- INTERVAL_DT or INTERVAL_YM -> same type */
    EOP_TS_ADD_INTERVAL,
    EOP_TS_SUB_INTERVAL,
    /* comparison: T op T -> BOOLEAN (strings compare by bytes) */
    EOP_EQ,
    EOP_NE,
    EOP_LT,
    EOP_LE,
    EOP_GT,
    EOP_GE,
    EOP_IS_DISTINCT, /* NULL-safe: never NULL */
    EOP_IS_NOT_DISTINCT,
    /* logic (three-valued): BOOLEAN... -> BOOLEAN */
    EOP_AND,
    EOP_OR,
    EOP_NOT,
    EOP_IS_NULL, /* T -> BOOLEAN, never NULL */
    EOP_IS_NOT_NULL,
    EOP_IS_TRUE, /* BOOLEAN -> BOOLEAN, never NULL */
    EOP_IS_NOT_TRUE,
    EOP_IS_FALSE,
    EOP_IS_NOT_FALSE,
    EOP_IN,   /* args[0] T, args[1..] T: SQL IN with NULL semantics */
    EOP_LIKE, /* STRING, STRING pattern [, STRING escape] -> BOOLEAN */
    /* conditionals */
    EOP_CASE,     /* args: when0, then0, when1, then1, ..., [else]; has_else */
    EOP_COALESCE, /* T... -> T */
    EOP_NULLIF,   /* T, T -> T */
    EOP_CAST,     /* args[0] of any type -> `type`; is_try: NULL instead of an error */
    /* strings */
    EOP_CONCAT, /* STRING... -> STRING (NULL if any is NULL) */
    EOP_UPPER,
    EOP_LOWER,
    EOP_CHAR_LENGTH, /* STRING -> INT (characters: code points, as Flink counts) */
    EOP_SUBSTRING,   /* STRING, INT start [, INT length] -> STRING */
    EOP_TRIM,        /* STRING s, STRING chars; trim_spec: 0 both, 1 leading, 2 trailing */
    EOP_REPLACE,     /* STRING, STRING, STRING -> STRING */
    EOP_POSITION,    /* STRING needle, STRING haystack -> INT (1-based, 0 absent) */
    /* STRING, STRING separator (or INT character code), INT index -> STRING */
    EOP_SPLIT_INDEX,
    EOP_REGEXP_EXTRACT, /* STRING, STRING regex [, INT group] -> STRING */
    EOP_REGEXP_REPLACE, /* STRING, STRING regex, STRING replacement -> STRING */
    /* numbers */
    EOP_ABS,   /* N -> N */
    EOP_ROUND, /* N, INT digits -> N (DECIMAL gets scale = digits) */
    EOP_FLOOR, /* N -> N (DECIMAL: scale 0) */
    EOP_CEIL,
    EOP_POWER, /* DOUBLE, DOUBLE -> DOUBLE */
    EOP_SQRT,  /* DOUBLE -> DOUBLE */
    /* time */
    EOP_TO_TIMESTAMP,      /* STRING [, STRING format] -> TIMESTAMP(3); NULL when unparsable */
    EOP_DATE_FORMAT,       /* TIMESTAMP, STRING format -> STRING */
    EOP_EXTRACT,           /* TIMESTAMP or DATE -> BIGINT; `unit` */
    EOP_FLOOR_TIME,        /* TIMESTAMP -> TIMESTAMP; `unit` */
    EOP_CEIL_TIME,         /* TIMESTAMP -> TIMESTAMP; `unit` */
    EOP_CURRENT_TIMESTAMP, /* -> TIMESTAMP_LTZ(3), the time the batch is processed */
    EOP_PROCTIME,          /* PROCTIME(): as CURRENT_TIMESTAMP, and a processing-time
                              attribute (windows over it run on the wall clock) */
    EOP_LOCALTIMESTAMP,    /* -> TIMESTAMP(3), local wall clock */
    EOP_COUNT_
} ExprOp;

/* One value of any type, in its physical representation. */
typedef union Value {
    uint8_t b;
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    StrRef str;
} Value;

typedef struct ExprNode ExprNode;
struct ExprNode {
    ExprOp op;
    SqlType type; /* the result type */
    int pos;      /* SQL offset for runtime errors, or -1 */
    int n_args;
    ExprNode **args;
    int column;    /* EOP_COLUMN */
    Value value;   /* EOP_CONST; strings point to memory that outlives the program */
    bool is_null;  /* EOP_CONST NULL */
    bool is_try;   /* EOP_CAST */
    bool has_else; /* EOP_CASE */
    TimeUnit unit; /* EOP_EXTRACT, EOP_FLOOR_TIME, EOP_CEIL_TIME */
    int trim_spec; /* EOP_TRIM */
};

/* Builders; nodes live in `arena` (the query's). */
ExprNode *expr_node_new(Arena *arena, ExprOp op, SqlType type, int n_args);
ExprNode *expr_column(Arena *arena, int column, SqlType type);
const char *expr_op_name(ExprOp op);
/* A copy of e (in arena) that reads column map[c] wherever e reads column c. */
ExprNode *expr_remap_columns(Arena *arena, const ExprNode *e, const int *map);
/* Writes the expression for EXPLAIN, with input columns named by `names` (or $N). */
void expr_to_string(const ExprNode *e, const char *const *names, StrBuf *out);

/* ---- aggregate calls (bound) ------------------------------------------------------- */

typedef enum AggKind {
    AGG_COUNT_STAR, /* COUNT(*): rows */
    AGG_COUNT,      /* COUNT(x): non-NULL values */
    AGG_SUM,
    AGG_AVG,
    AGG_MIN,
    AGG_MAX,
    AGG_FIRST_VALUE,
    AGG_LAST_VALUE,
    AGG_STDDEV_POP,
    AGG_STDDEV_SAMP,
    AGG_VAR_POP,
    AGG_VAR_SAMP,
    AGG_LISTAGG,
    AGG_APPROX_COUNT_DISTINCT,
    AGG_KIND_COUNT_
} AggKind;

/*
 * One aggregate call of a GROUP BY, as the aggregation operator sees it: its argument
 * and optional FILTER are columns of the operator's input (the planner puts a Calc
 * below that computes them).
 */
typedef struct AggCall {
    AggKind kind;
    int arg;          /* input column of the argument, or -1 (COUNT(*)) */
    SqlType arg_type; /* the argument's type (TYPE_NULL for COUNT(*)) */
    SqlType result_type;
    bool is_distinct; /* agg(DISTINCT x) */
    int filter;       /* input BOOLEAN column of FILTER (WHERE ...), or -1 */
    StrRef separator; /* LISTAGG: the separator (default ",") */
    bool may_retract; /* the input has -U/-D rows: keep what retraction needs */
} AggCall;

const char *agg_kind_name(AggKind kind); /* "COUNT", "SUM", ... */
/* Whether partial states of the call can be combined (sliced and session windows):
 * calls without retraction and without DISTINCT (MIN/MAX and APPROX_COUNT_DISTINCT,
 * which ignore DISTINCT, are fine). */
bool agg_call_mergeable(const AggCall *call);

/* ---- windows (bound) ------------------------------------------------------------- */

typedef enum WindowKind { WIN_TUMBLE, WIN_HOP, WIN_CUMULATE, WIN_SESSION } WindowKind;

/*
 * A window table-valued function over event time (ms since the epoch, TIMESTAMP(3)).
 * Windows are half-open [start, end). TUMBLE: windows of `size` at offset + k * size.
 * HOP: windows of `size` starting every `slide` (size a multiple of slide). CUMULATE:
 * periods of `size` at k * size, each with windows [period, period + j * step) for
 * j = 1 .. size / step. Aggregation keeps slices of width `slide` (TUMBLE: size,
 * CUMULATE: step) and combines them when a window fires. SESSION: a row at t opens
 * [t, t + gap) (`size` holds the gap; slide is unused) and windows of one key that
 * overlap or touch merge.
 */
typedef struct WindowSpec {
    WindowKind kind;
    int time_col;     /* input column with the event time */
    int64_t size;     /* ms (SESSION: the gap) */
    int64_t slide;    /* ms: HOP's slide, CUMULATE's step, TUMBLE's size */
    int64_t offset;   /* ms */
    bool is_proctime; /* over PROCTIME(): windows fire on the wall clock, none is late */
} WindowSpec;

const char *window_kind_name(WindowKind kind); /* "TUMBLE", "HOP", "CUMULATE", "SESSION" */

/* ---- tables and views -------------------------------------------------------------- */

typedef struct CatColumn {
    char *name;
    SqlType type;
    char *computed_sql; /* the SQL text of `name AS expr`, or NULL for a physical column */
    int computed_pos;   /* byte offset of computed_sql within the table's ddl_sql */
    char *comment;      /* or NULL */
    /* A field of a ROW column: `person ROW<id BIGINT, ...>` is kept as the physical
     * columns "person.id", ... (one vector each), and `person.id` in SQL names one.
     * row_name_len is the length of the ROW column's name ("person": 6), 0 for a column
     * that is no ROW's field. */
    int row_name_len;
} CatColumn;

typedef struct CatOption {
    char *key;
    char *value;
} CatOption;

typedef enum CatKind { CAT_TABLE, CAT_VIEW } CatKind;

typedef struct CatTable {
    CatKind kind;
    char *name;
    bool is_temporary;
    int n_columns;
    CatColumn *columns;
    /* WATERMARK FOR watermark_column AS watermark_sql; NULLs when absent. */
    char *watermark_column;
    char *watermark_sql;
    int n_primary_key;
    char **primary_key;
    int n_options;
    CatOption *options;
    char *view_sql; /* CAT_VIEW: the query text */
    char *ddl_sql;  /* the full statement text, for SHOW CREATE and re-parsing */
} CatTable;

typedef struct Catalog Catalog;

Catalog *cat_new(void);
void cat_free(Catalog *cat);
/* Adds a table or view; the catalog takes ownership of t (allocated with
 * cat_table_new and filled with xstrdup'ed strings). Fails if the name exists. */
int cat_add(Catalog *cat, CatTable *t, Diag *diag);
CatTable *cat_table_new(CatKind kind, const char *name);
void cat_table_free(CatTable *t);
/* Case-sensitive lookup, as Flink's identifiers are; NULL when absent. */
CatTable *cat_lookup(const Catalog *cat, const char *name);
/* The closest existing name by edit distance, or NULL (for "did you mean"). */
const char *cat_suggest(const Catalog *cat, const char *name);
int cat_drop(Catalog *cat, const char *name);
/* Names of all tables or views, in creation order. */
int cat_count(const Catalog *cat);
const CatTable *cat_at(const Catalog *cat, int i);
const char *cat_table_option(const CatTable *t, const char *key); /* NULL when absent */
int cat_column_index(const CatTable *t, const char *name);        /* -1 when absent */

/* ---- session settings (SET 'k' = 'v') ---------------------------------------------- */

void cat_set_option(Catalog *cat, const char *key, const char *value);
int cat_reset_option(Catalog *cat, const char *key); /* key NULL resets all */
const char *cat_get_option(const Catalog *cat, const char *key);
int cat_option_count(const Catalog *cat);
const CatOption *cat_option_at(const Catalog *cat, int i);

/* ---- built-in functions ------------------------------------------------------------ */

typedef enum FuncKind { FUNC_SCALAR, FUNC_AGGREGATE, FUNC_WINDOW_TVF, FUNC_TABLE } FuncKind;

typedef struct FuncInfo {
    const char *name;
    FuncKind kind;
    bool is_supported; /* false: parsed and known, but not executed yet */
} FuncInfo;

const FuncInfo *cat_lookup_function(const char *name); /* case-insensitive */
int cat_function_count(void);
const FuncInfo *cat_function_at(int i);
const char *cat_suggest_function(const char *name);

#endif /* CATALOG_CATALOG_H */
