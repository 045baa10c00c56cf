/*
 * parser.c - the driver: tokens from tokenize.c into the lemon parser from parse.y.
 *
 * A script is fed whole to one parser. The grammar appends each statement to the
 * result list when its ';' has been consumed, so when a syntax error stops the parse,
 * the list already holds the statements before the failing one. The last ';' of a
 * script is optional: at the end of the input the driver feeds a ';' of its own when
 * the last token was not one; an error on that token or on the end marker reads
 * "unexpected end of input".
 *
 * Before each token the driver records in the parse state the end offset of the token
 * before it: lemon reduces a rule only when it sees the token after the rule's last
 * one, so that offset is where the text of every node built then ends (see
 * parse_util.h).
 *
 * parse_is_complete does not parse: it scans tokens and tracks statement sets
 * (a BEGIN that opens a set, the END that closes it, CASE ... END inside).
 */
#include "parser/parser.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser/parse_util.h"

/* Runs the parser over sql. first_token is TK_EXPR_BEGIN for an expression, or 0. */
static void run(ParseState *ps, int first_token) {
    void *parser = sluiceParserAlloc(malloc, ps);
    if (!parser) {
        ast_error(ps, -1, "out of memory");
        return;
    }
    Tokenizer tz;
    tok_init(&tz, ps->sql);
    int prev_end = 0, last_type = 0;
    if (first_token) {
        Token t = {first_token, 0, 0};
        ps->last_end = 0;
        sluiceParser(parser, first_token, t);
    }
    for (;;) {
        Token t;
        int rc = tok_next(&tz, &t, ps->diag);
        if (rc < 0) {
            ps->has_error = true;
            /* A statement whose ';' was the last token is complete, but lemon reduces it
             * only on the next token: an extra ';' (an empty statement) flushes it. Any
             * error that ';' causes is dropped: the lexical error is the one reported. */
            if (last_type == TK_SEMI) {
                Token semi = {TK_SEMI, t.pos, 0};
                ps->last_end = prev_end;
                sluiceParser(parser, TK_SEMI, semi);
            }
            break;
        }
        if (rc == 0)
            break;
        ps->last_end = prev_end;
        sluiceParser(parser, t.type, t);
        if (ps->has_error)
            break;
        prev_end = t.pos + t.len;
        last_type = t.type;
    }
    if (!ps->has_error) {
        Token end = {0, tz.len, 0};
        ps->at_end = true;
        ps->last_end = prev_end;
        if (!first_token && last_type != 0 && last_type != TK_SEMI) {
            end.type = TK_SEMI;
            sluiceParser(parser, TK_SEMI, end);
        }
        if (!ps->has_error)
            sluiceParser(parser, 0, end);
    }
    sluiceParserFree(parser, free);
}

static void state_init(ParseState *ps, const char *sql, Arena *arena, Diag *diag) {
    memset(ps, 0, sizeof *ps);
    ps->arena = arena;
    ps->sql = sql;
    ps->diag = diag;
    ps->stmts = ast_list_new(arena);
    diag_init(diag);
}

int parse_script(const char *sql, Arena *arena, AstList **out, Diag *diag) {
    ParseState ps;
    state_init(&ps, sql, arena, diag);
    run(&ps, 0);
    *out = ps.stmts;
    return ps.has_error ? -1 : 0;
}

int parse_expression(const char *sql, Arena *arena, AstExpr **out, Diag *diag) {
    ParseState ps;
    state_init(&ps, sql, arena, diag);
    run(&ps, TK_EXPR_BEGIN);
    *out = ps.has_error ? NULL : ps.expr;
    if (!ps.has_error && !ps.expr) {
        *out = NULL;
        return diag_set(diag, 0, "empty expression");
    }
    return ps.has_error ? -1 : 0;
}

bool parse_is_complete(const char *sql) {
    Tokenizer tz;
    tok_init(&tz, sql);
    Diag diag;
    diag_init(&diag);
    bool in_set = false, at_start = true, complete = false;
    int case_depth = 0, prev = 0, prev2 = 0;
    int set_words = 0; /* BEGIN STATEMENT SET as a statement of its own: words seen */
    for (;;) {
        Token t;
        int rc = tok_next(&tz, &t, &diag);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (tz.pos >= tz.len) /* an unterminated string, identifier or comment */
                return false;
            complete = false;
            continue;
        }
        complete = false;
        switch (t.type) {
            case TK_SEMI:
                if (!in_set) {
                    complete = true;
                    at_start = true;
                    case_depth = 0;
                }
                break;
            case TK_BEGIN:
                /* EXECUTE STATEMENT SET BEGIN or EXPLAIN STATEMENT SET BEGIN */
                if (!in_set && prev == TK_SET && prev2 == TK_STATEMENT) {
                    in_set = true;
                    case_depth = 0;
                }
                break;
            case TK_CASE:
                case_depth++;
                break;
            case TK_END:
                if (case_depth > 0)
                    case_depth--;
                else if (in_set)
                    in_set = false;
                break;
            default:
                break;
        }
        /* BEGIN STATEMENT SET; opens a set only when all three words start a statement */
        if (at_start && t.type == TK_BEGIN)
            set_words = 1;
        else if ((set_words == 1 && t.type == TK_STATEMENT) || (set_words == 2 && t.type == TK_SET))
            set_words++;
        else
            set_words = 0;
        if (set_words == 3 && !in_set) {
            in_set = true;
            case_depth = 0;
        }
        if (t.type != TK_SEMI)
            at_start = false;
        prev2 = prev;
        prev = t.type;
    }
    return complete;
}

const char *const *parse_keywords(void) {
    return tok_keyword_names();
}
