/*
 * functions.c - the registry of built-in function names.
 *
 * SHOW FUNCTIONS lists this table, and the binder looks names up here to tell an
 * unknown function ("did you mean ...") from a known one that a later version will
 * execute ("not supported yet"). How each function is typed and computed lives in
 * the planner (binding) and the executor (kernels); this is only the names.
 */
#include "catalog/catalog.h"

#include <string.h>

static const FuncInfo FUNCTIONS[] = {
    /* scalar: strings */
    {"UPPER", FUNC_SCALAR, true},
    {"LOWER", FUNC_SCALAR, true},
    {"CHAR_LENGTH", FUNC_SCALAR, true},
    {"CHARACTER_LENGTH", FUNC_SCALAR, true},
    {"SUBSTRING", FUNC_SCALAR, true},
    {"SUBSTR", FUNC_SCALAR, true},
    {"TRIM", FUNC_SCALAR, true},
    {"LTRIM", FUNC_SCALAR, true},
    {"RTRIM", FUNC_SCALAR, true},
    {"CONCAT", FUNC_SCALAR, true},
    {"CONCAT_WS", FUNC_SCALAR, false},
    {"REPLACE", FUNC_SCALAR, true},
    {"POSITION", FUNC_SCALAR, true},
    {"LOCATE", FUNC_SCALAR, false},
    {"INITCAP", FUNC_SCALAR, false},
    {"LPAD", FUNC_SCALAR, false},
    {"RPAD", FUNC_SCALAR, false},
    {"REGEXP_EXTRACT", FUNC_SCALAR, true},
    {"REGEXP_REPLACE", FUNC_SCALAR, true},
    {"SPLIT_INDEX", FUNC_SCALAR, true},
    /* scalar: numbers */
    {"ABS", FUNC_SCALAR, true},
    {"ROUND", FUNC_SCALAR, true},
    {"FLOOR", FUNC_SCALAR, true},
    {"CEIL", FUNC_SCALAR, true},
    {"CEILING", FUNC_SCALAR, true},
    {"MOD", FUNC_SCALAR, true},
    {"POWER", FUNC_SCALAR, true},
    {"SQRT", FUNC_SCALAR, true},
    {"EXP", FUNC_SCALAR, false},
    {"LN", FUNC_SCALAR, false},
    {"LOG10", FUNC_SCALAR, false},
    {"SIGN", FUNC_SCALAR, false},
    {"RAND", FUNC_SCALAR, false},
    /* scalar: conditions */
    {"COALESCE", FUNC_SCALAR, true},
    {"NULLIF", FUNC_SCALAR, true},
    {"IF", FUNC_SCALAR, true},
    {"IFNULL", FUNC_SCALAR, true},
    /* scalar: time */
    {"TO_TIMESTAMP", FUNC_SCALAR, true},
    {"TO_TIMESTAMP_LTZ", FUNC_SCALAR, true},
    {"TO_DATE", FUNC_SCALAR, false},
    {"DATE_FORMAT", FUNC_SCALAR, true},
    {"EXTRACT", FUNC_SCALAR, true},
    {"CURRENT_TIMESTAMP", FUNC_SCALAR, true},
    {"LOCALTIMESTAMP", FUNC_SCALAR, true},
    {"CURRENT_DATE", FUNC_SCALAR, false},
    {"CURRENT_TIME", FUNC_SCALAR, false},
    {"NOW", FUNC_SCALAR, true},
    {"PROCTIME", FUNC_SCALAR, true},
    {"TIMESTAMPADD", FUNC_SCALAR, false},
    {"TIMESTAMPDIFF", FUNC_SCALAR, false},
    {"UNIX_TIMESTAMP", FUNC_SCALAR, false},
    {"FROM_UNIXTIME", FUNC_SCALAR, false},
    /* aggregates */
    {"COUNT", FUNC_AGGREGATE, false},
    {"SUM", FUNC_AGGREGATE, false},
    {"AVG", FUNC_AGGREGATE, false},
    {"MIN", FUNC_AGGREGATE, false},
    {"MAX", FUNC_AGGREGATE, false},
    {"FIRST_VALUE", FUNC_AGGREGATE, false},
    {"LAST_VALUE", FUNC_AGGREGATE, false},
    {"STDDEV_POP", FUNC_AGGREGATE, false},
    {"STDDEV_SAMP", FUNC_AGGREGATE, false},
    {"VAR_POP", FUNC_AGGREGATE, false},
    {"VAR_SAMP", FUNC_AGGREGATE, false},
    {"LISTAGG", FUNC_AGGREGATE, false},
    {"APPROX_COUNT_DISTINCT", FUNC_AGGREGATE, false},
    {"ROW_NUMBER", FUNC_AGGREGATE, false},
    {"RANK", FUNC_AGGREGATE, false},
    {"DENSE_RANK", FUNC_AGGREGATE, false},
    /* window table-valued functions and legacy group windows */
    {"TUMBLE", FUNC_WINDOW_TVF, true},
    {"HOP", FUNC_WINDOW_TVF, true},
    {"CUMULATE", FUNC_WINDOW_TVF, true},
    {"SESSION", FUNC_WINDOW_TVF, true},
    {"TUMBLE_START", FUNC_SCALAR, true},
    {"TUMBLE_END", FUNC_SCALAR, true},
    {"TUMBLE_ROWTIME", FUNC_SCALAR, true},
    {"HOP_START", FUNC_SCALAR, true},
    {"HOP_END", FUNC_SCALAR, true},
    {"HOP_ROWTIME", FUNC_SCALAR, true},
    {"SESSION_START", FUNC_SCALAR, true},
    {"SESSION_END", FUNC_SCALAR, true},
    {"SESSION_ROWTIME", FUNC_SCALAR, true},
};

const FuncInfo *cat_lookup_function(const char *name) {
    for (size_t i = 0; i < ARRAY_LEN(FUNCTIONS); i++)
        if (str_ieq(FUNCTIONS[i].name, name))
            return &FUNCTIONS[i];
    return NULL;
}

int cat_function_count(void) {
    return (int)ARRAY_LEN(FUNCTIONS);
}

const FuncInfo *cat_function_at(int i) {
    return &FUNCTIONS[i];
}

const char *cat_suggest_function(const char *name) {
    const char *best = NULL;
    int best_distance = 3;
    for (size_t i = 0; i < ARRAY_LEN(FUNCTIONS); i++) {
        int d = str_edit_distance(name, FUNCTIONS[i].name, best_distance);
        if (d < best_distance) {
            best_distance = d;
            best = FUNCTIONS[i].name;
        }
    }
    return best;
}
