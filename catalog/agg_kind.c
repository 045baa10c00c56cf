/*
 * agg_kind.c - the names of the aggregate kinds (and of the window kinds), as Flink prints them in
 * plans and messages. COUNT(*) and COUNT(x) are both "COUNT".
 */
#include "catalog/catalog.h"

const char *agg_kind_name(AggKind kind) {
    static const char *const NAMES[AGG_KIND_COUNT_] = {
        [AGG_COUNT_STAR] = "COUNT",
        [AGG_COUNT] = "COUNT",
        [AGG_SUM] = "SUM",
        [AGG_AVG] = "AVG",
        [AGG_MIN] = "MIN",
        [AGG_MAX] = "MAX",
        [AGG_FIRST_VALUE] = "FIRST_VALUE",
        [AGG_LAST_VALUE] = "LAST_VALUE",
        [AGG_STDDEV_POP] = "STDDEV_POP",
        [AGG_STDDEV_SAMP] = "STDDEV_SAMP",
        [AGG_VAR_POP] = "VAR_POP",
        [AGG_VAR_SAMP] = "VAR_SAMP",
        [AGG_LISTAGG] = "LISTAGG",
        [AGG_APPROX_COUNT_DISTINCT] = "APPROX_COUNT_DISTINCT",
    };
    return (unsigned)kind < AGG_KIND_COUNT_ ? NAMES[kind] : "?";
}

bool agg_call_mergeable(const AggCall *call) {
    AggKind k = call->kind;
    bool counts_distinct = call->is_distinct && k != AGG_MIN && k != AGG_MAX &&
                           k != AGG_APPROX_COUNT_DISTINCT && k != AGG_COUNT_STAR &&
                           call->arg_type.id != TYPE_NULL;
    return !call->may_retract && !counts_distinct;
}

const char *window_kind_name(WindowKind kind) {
    switch (kind) {
        case WIN_TUMBLE:
            return "TUMBLE";
        case WIN_HOP:
            return "HOP";
        case WIN_CUMULATE:
            return "CUMULATE";
        case WIN_SESSION:
            return "SESSION";
    }
    return "?";
}
