/*
 * regex_internal.h - the pattern tree that regex_syntax.c (Java syntax in, POSIX out)
 * builds and regex.c (matching) analyses. Private to exec/.
 */
#ifndef EXEC_REGEX_INTERNAL_H
#define EXEC_REGEX_INTERNAL_H

#include "exec/regex.h"

#define RX_MAX_CP     0x10FFFF
#define RX_HIGH_COUNT (RX_MAX_CP + 1 - 0x80 - 0x800) /* non-ASCII characters */

typedef enum RxKind {
    RX_EMPTY,
    RX_CHAR,    /* cp */
    RX_SET,     /* the characters in ranges */
    RX_BOL,     /* ^ \A */
    RX_EOL,     /* $ \z \Z */
    RX_WORDB,   /* \b */
    RX_NWORDB,  /* \B */
    RX_BACKREF, /* \N: cp is the Java group */
    RX_GROUP,   /* kids[0]; group: Java capture number, 0 for (?:...) */
    RX_CAT,     /* kids in order */
    RX_ALT,     /* kids are the alternatives */
    RX_REPEAT,  /* kids[0] {min, max}; max < 0: no bound */
} RxKind;

typedef struct RxRange {
    uint32_t lo, hi;
} RxRange;

typedef struct RxNode RxNode;
struct RxNode {
    RxKind kind;
    uint32_t cp;
    int group;
    int min, max;
    int n_ranges; /* RX_SET: sorted, disjoint, not adjacent; no surrogates */
    RxRange *ranges;
    int n_kids;
    RxNode **kids;
};

/* A growable list of nodes; its owner frees v. */
typedef struct NodeList {
    RxNode **v;
    int n, cap;
} NodeList;
void regex_list_push(NodeList *l, RxNode *n);

/* How a set is written in POSIX: a bracket of its members, a negated bracket of the
 * characters it lacks, '.' for every character, or not at all (more non-ASCII
 * characters in and out of it than a bracket should list). */
typedef enum SetForm { SET_LIST, SET_NOT_LIST, SET_ANY, SET_TOO_BIG } SetForm;
SetForm regex_set_form(const RxNode *n);
uint32_t regex_high_count(const RxNode *n); /* the non-ASCII characters in a set */

/*
 * Parses the Java pattern p[0..len) into a tree in arena, counting its capturing groups.
 * NULL with *status REGEX_INVALID or REGEX_UNSUPPORTED and a message on failure.
 */
RxNode *regex_parse(const char *p, uint32_t len, Arena *arena, int *n_groups, int *status,
                    char *msg, size_t msg_cap);
/* Appends the tree as a POSIX ERE to ere and fills posix_of[0..n_groups] (Java group ->
 * POSIX subexpression). Returns 0, or REGEX_UNSUPPORTED with a message. */
int regex_translate(const RxNode *root, int n_groups, StrBuf *ere, int *posix_of, char *msg,
                    size_t msg_cap);

#endif /* EXEC_REGEX_INTERNAL_H */
