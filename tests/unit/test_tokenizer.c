/* test_tokenizer.c - the hand-written SQL tokenizer (parser/tokenize.c). */
#include "parser/tokenize.h"

#include <string.h>

#include "parse.h"
#include "parser/parser.h"
#include "tests/unit/unit.h"

/* Tokenizes sql into at most max tokens; returns the count, or -1 on an error. */
static int lex(const char *sql, Token *toks, int max, Diag *diag) {
    Tokenizer tz;
    tok_init(&tz, sql);
    int n = 0;
    for (;;) {
        Token t;
        int rc = tok_next(&tz, &t, diag);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return n;
        if (n < max)
            toks[n] = t;
        n++;
    }
}

static void test_keyword_table_is_sorted_and_case_insensitive(void) {
    const char *const *names = tok_keyword_names();
    int n = 0;
    for (; names[n]; n++)
        if (n > 0)
            CU_ASSERT(strcmp(names[n - 1], names[n]) < 0);
    CU_ASSERT(n > 100);
    CU_ASSERT_EQUAL(tok_keyword_code("select", 6), TK_SELECT);
    CU_ASSERT_EQUAL(tok_keyword_code("SeLeCt", 6), TK_SELECT);
    CU_ASSERT_EQUAL(tok_keyword_code("selects", 7), TK_ID);
    CU_ASSERT_EQUAL(tok_keyword_code("sel", 3), TK_ID);
    CU_ASSERT_EQUAL(tok_keyword_code("zone", 4), TK_ZONE);
    CU_ASSERT_EQUAL(tok_keyword_code("all", 3), TK_ALL);
    CU_ASSERT_EQUAL(tok_keyword_code("amount", 6), TK_ID);
    /* every keyword finds itself */
    for (int i = 0; names[i]; i++)
        CU_ASSERT_NOT_EQUAL(tok_keyword_code(names[i], strlen(names[i])), TK_ID);
    /* parse_keywords is the same NULL-terminated list */
    CU_ASSERT_PTR_EQUAL(parse_keywords(), names);
}

static void test_tokens_carry_type_and_byte_offset(void) {
    Token t[16];
    Diag d;
    const char *sql = "SELECT a, `b c` FROM t WHERE x >= 1.5";
    int n = lex(sql, t, 16, &d);
    CU_ASSERT_EQUAL(n, 10);
    int types[] = {TK_SELECT, TK_ID,    TK_COMMA, TK_ID, TK_FROM,
                   TK_ID,     TK_WHERE, TK_ID,    TK_GE, TK_DECIMAL};
    int pos[] = {0, 7, 8, 10, 16, 21, 23, 29, 31, 34};
    for (int i = 0; i < 10 && i < n; i++) {
        CU_ASSERT_EQUAL(t[i].type, types[i]);
        CU_ASSERT_EQUAL(t[i].pos, pos[i]);
    }
    CU_ASSERT_EQUAL(t[3].len, 5); /* `b c` keeps its quotes */
    CU_ASSERT_EQUAL(t[9].len, 3);
}

static void test_every_operator_is_recognised(void) {
    Token t[32];
    Diag d;
    const char *sql = "+ - * / % || = <> != < <= > >= ( ) , . ; =>";
    int expect[] = {TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_REM,  TK_CONCAT, TK_EQ,
                    TK_NE,   TK_NE,    TK_LT,   TK_LE,    TK_GT,   TK_GE,     TK_LP,
                    TK_RP,   TK_COMMA, TK_DOT,  TK_SEMI,  TK_ARROW};
    int n = lex(sql, t, 32, &d);
    CU_ASSERT_EQUAL(n, (int)ARRAY_LEN(expect));
    for (int i = 0; i < n && i < (int)ARRAY_LEN(expect); i++)
        CU_ASSERT_EQUAL(t[i].type, expect[i]);
    /* no spaces needed: a<=b, a||b, x=>y */
    n = lex("a<=b||c=>d", t, 32, &d);
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_EQUAL(t[1].type, TK_LE);
    CU_ASSERT_EQUAL(t[3].type, TK_CONCAT);
    CU_ASSERT_EQUAL(t[5].type, TK_ARROW);
}

static void test_numbers_integer_decimal_and_scientific(void) {
    Token t[8];
    Diag d;
    int n = lex("1 1.5 .5 1e3 1.5E-3 2. 7e+2", t, 8, &d);
    CU_ASSERT_EQUAL(n, 7);
    int expect[] = {TK_INTEGER, TK_DECIMAL, TK_DECIMAL, TK_FLOAT, TK_FLOAT, TK_DECIMAL, TK_FLOAT};
    for (int i = 0; i < n && i < 7; i++)
        CU_ASSERT_EQUAL(t[i].type, expect[i]);
    CU_ASSERT_EQUAL(t[4].len, 6);
    /* a number glued to a word is malformed */
    CU_ASSERT_EQUAL(lex("SELECT 12abc", t, 8, &d), -1);
    CU_ASSERT_EQUAL(d.pos, 7);
    CU_ASSERT(strstr(d.msg, "malformed number") != NULL);
    CU_ASSERT_EQUAL(lex("SELECT 1e", t, 8, &d), -1);
}

static void test_comments_are_skipped(void) {
    Token t[8];
    Diag d;
    int n = lex("-- a line comment\nSELECT /* a\nblock */ 1 -- trailing", t, 8, &d);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(t[0].type, TK_SELECT);
    CU_ASSERT_EQUAL(t[0].pos, 18);
    CU_ASSERT_EQUAL(t[1].type, TK_INTEGER);
    /* a minus followed by a minus is a comment, a single minus an operator */
    n = lex("1 - -2", t, 8, &d);
    CU_ASSERT_EQUAL(n, 4);
    n = lex("1 --2", t, 8, &d);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(lex("/* only a comment */", t, 8, &d), 0);
}

static void test_unterminated_comment_is_an_error_at_its_start(void) {
    Token t[8];
    Diag d;
    CU_ASSERT_EQUAL(lex("SELECT 1 /* never closed", t, 8, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "unterminated comment");
    CU_ASSERT_EQUAL(d.pos, 9);
}

static void test_strings_with_doubled_quotes(void) {
    Token t[8];
    Diag d;
    int n = lex("'it''s' 'a' ''", t, 8, &d);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(t[0].type, TK_STRING);
    CU_ASSERT_EQUAL(t[0].len, 7);
    CU_ASSERT_EQUAL(t[2].len, 2);
    CU_ASSERT_EQUAL(lex("SELECT 'abc", t, 8, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "unterminated string literal");
    CU_ASSERT_EQUAL(d.pos, 7);
    /* the doubled quote at the end does not close it */
    CU_ASSERT_EQUAL(lex("SELECT 'abc''", t, 8, &d), -1);
}

static void test_back_quoted_identifiers(void) {
    Token t[8];
    Diag d;
    int n = lex("`my col` `a``b` `SELECT`", t, 8, &d);
    CU_ASSERT_EQUAL(n, 3);
    for (int i = 0; i < n; i++)
        CU_ASSERT_EQUAL(t[i].type, TK_ID); /* a quoted keyword is a name */
    CU_ASSERT_EQUAL(t[1].len, 6);
    CU_ASSERT_EQUAL(lex("SELECT `oops", t, 8, &d), -1);
    CU_ASSERT_STRING_EQUAL(d.msg, "unterminated quoted identifier");
    CU_ASSERT_EQUAL(d.pos, 7);
}

static void test_identifiers_keep_case_and_allow_utf8(void) {
    Token t[8];
    Diag d;
    const char *sql = "UserId user_id2 prénom";
    int n = lex(sql, t, 8, &d);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(t[2].type, TK_ID);
    CU_ASSERT_EQUAL(t[2].len, 7); /* é is two bytes */
}

static void test_stray_character_is_an_error_and_scanning_can_resume(void) {
    Diag d;
    Tokenizer tz;
    Token t;
    tok_init(&tz, "a # b");
    CU_ASSERT_EQUAL(tok_next(&tz, &t, &d), 1);
    CU_ASSERT_EQUAL(tok_next(&tz, &t, &d), -1);
    CU_ASSERT_EQUAL(d.pos, 2);
    CU_ASSERT_STRING_EQUAL(d.msg, "unexpected character '#'");
    CU_ASSERT_EQUAL(tok_next(&tz, &t, &d), 1);
    CU_ASSERT_EQUAL(t.pos, 4);
    CU_ASSERT_EQUAL(tok_next(&tz, &t, &d), 0);
    Token toks[4];
    CU_ASSERT_EQUAL(lex("SELECT \"x\"", toks, 4, &d), -1);
    CU_ASSERT(strstr(d.msg, "back-quotes") != NULL);
}

void suite_tokenizer(void) {
    static CU_TestInfo tests[] = {
        {"keyword_table_is_sorted_and_case_insensitive",
         test_keyword_table_is_sorted_and_case_insensitive},
        {"tokens_carry_type_and_byte_offset", test_tokens_carry_type_and_byte_offset},
        {"every_operator_is_recognised", test_every_operator_is_recognised},
        {"numbers_integer_decimal_and_scientific", test_numbers_integer_decimal_and_scientific},
        {"comments_are_skipped", test_comments_are_skipped},
        {"unterminated_comment_is_an_error_at_its_start",
         test_unterminated_comment_is_an_error_at_its_start},
        {"strings_with_doubled_quotes", test_strings_with_doubled_quotes},
        {"back_quoted_identifiers", test_back_quoted_identifiers},
        {"identifiers_keep_case_and_allow_utf8", test_identifiers_keep_case_and_allow_utf8},
        {"stray_character_is_an_error_and_scanning_can_resume",
         test_stray_character_is_an_error_and_scanning_can_resume},
        CU_TEST_INFO_NULL,
    };
    unit_add_suite("tokenizer", tests);
}
