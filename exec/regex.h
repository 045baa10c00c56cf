/*
 * regex.h - Java regular expressions (the syntax Flink's REGEXP_EXTRACT and
 * REGEXP_REPLACE take) run by glibc's POSIX regex engine, with a matcher of our own
 * for the simple patterns most queries use. Private to exec/; exec/regex.c says how
 * a pattern is translated and where the semantics differ from Java's.
 */
#ifndef EXEC_REGEX_H
#define EXEC_REGEX_H

#include "common/common.h"

typedef struct Regex Regex;

/* Where a match or a group lies: bytes [start, end) of the text; both -1 for a group
 * that took no part in the match. */
typedef struct RegexSpan {
    int32_t start;
    int32_t end;
} RegexSpan;

/* regex_compile's failures. */
enum {
    REGEX_INVALID = -1,     /* Java would reject the pattern too (Flink answers NULL) */
    REGEX_UNSUPPORTED = -2, /* valid Java that POSIX cannot run (lookaround, lazy ...) */
};

/*
 * Compiles the Java pattern p[0..len). Returns 0 with *out set, or REGEX_INVALID or
 * REGEX_UNSUPPORTED with a message in msg (for REGEX_UNSUPPORTED it starts "not
 * supported yet:" and is meant for the user).
 */
int regex_compile(const char *p, uint32_t len, Regex **out, char *msg, size_t msg_cap);
void regex_free(Regex *re);
/* The number of capturing groups, as Java numbers them. */
int regex_group_count(const Regex *re);
/*
 * Finds the leftmost match that starts at or after byte `from` of s[0..len) (the text
 * before `from` still counts for '^' and '\b'). Fills spans[0] with the match and
 * spans[1..n_spans) with its groups; n_spans is at most regex_group_count + 1. Returns
 * false, with every span -1, when there is none.
 */
bool regex_find(Regex *re, const char *s, uint32_t len, uint32_t from, RegexSpan *spans,
                int n_spans);
/* For tests: whether the pattern runs on the one-pass matcher, and a switch that sends
 * it to regexec instead (to check that both give the same answers). */
bool regex_is_one_pass(const Regex *re);
void regex_force_posix(Regex *re, bool force);

#endif /* EXEC_REGEX_H */
