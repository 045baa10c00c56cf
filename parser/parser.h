/*
 * parser.h - SQL text to syntax trees.
 *
 * A hand-written tokenizer feeds a lemon-generated LALR(1) parser (parse.y). The
 * parser knows nothing of types or the catalog: it only checks syntax.
 */
#ifndef PARSER_PARSER_H
#define PARSER_PARSER_H

#include "parser/ast.h"

/*
 * Parses a script of ';'-separated statements (the last ';' optional). On success
 * returns 0 and sets *out to a list of AstStmt. On a syntax error returns -1, fills
 * diag (message "... near \"tok\"" with pos at the offending token) and still sets
 * *out to the statements that parsed completely before the failing one, so the caller
 * can run them first. Everything is allocated in arena.
 */
int parse_script(const char *sql, Arena *arena, AstList **out, Diag *diag);

/* Parses one expression alone (a computed column, a watermark); offsets in the
 * result are relative to `sql`. */
int parse_expression(const char *sql, Arena *arena, AstExpr **out, Diag *diag);

/*
 * True when `sql` holds at least one complete statement: it ends (outside strings,
 * comments and a statement set's BEGIN ... END) with a ';' followed only by space and
 * comments. The REPL uses it to decide between running and a continuation prompt.
 */
bool parse_is_complete(const char *sql);

/* Keywords, for the REPL's completion: a NULL-terminated list, upper-case. */
const char *const *parse_keywords(void);

#endif /* PARSER_PARSER_H */
