/*
 * tokenize.h - the hand-written SQL tokenizer (private to parser/).
 *
 * Token codes are the TK_* constants lemon writes into parse.h, so the tokenizer and
 * the grammar always agree. Spaces and comments are skipped; every token records its
 * byte offset and length in the SQL text, and the grammar reads its text from there.
 */
#ifndef PARSER_TOKENIZE_H
#define PARSER_TOKENIZE_H

#include "common/common.h"

/* A token: its TK_* code, and [pos, pos + len) in the SQL text. A back-quoted
 * identifier is a TK_ID whose text still has its quotes; a string literal a TK_STRING
 * whose text still has its quotes. */
typedef struct Token {
    int type;
    int pos;
    int len;
} Token;

typedef struct Tokenizer {
    const char *sql;
    int len;
    int pos; /* where the next token is looked for */
} Tokenizer;

void tok_init(Tokenizer *tz, const char *sql);

/*
 * Reads the next token. Returns 1 with *out filled, 0 at the end of the input, or -1 on
 * a lexical error (an unterminated string, identifier or comment, a stray character, a
 * malformed number) with diag filled and its pos at the bad text. After an error the
 * tokenizer has moved past the offending text (to the end for an unterminated one), so
 * a caller that only scans (parse_is_complete) may carry on.
 */
int tok_next(Tokenizer *tz, Token *out, Diag *diag);

/* The TK_* code of a keyword spelt s[0..len) in any case, or TK_ID when not one. */
int tok_keyword_code(const char *s, size_t len);

/* The keyword table, upper-case, NULL-terminated, in ascending order. */
const char *const *tok_keyword_names(void);

#endif /* PARSER_TOKENIZE_H */
