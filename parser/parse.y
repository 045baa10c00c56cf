/*
 * parse.y - the lemon grammar of sluice's SQL (the Apache Flink SQL dialect).
 *
 * The driver (parser.c) feeds the whole script, token by token, to one parser: a
 * statement is complete when `ecmd ::= cmd SEMI` reduces, and is then appended to the
 * result list, so after a syntax error the list holds exactly the statements before
 * it. A statement set (EXECUTE STATEMENT SET BEGIN ...; ...; END) is one statement
 * whose inner ';' the grammar consumes. A leading EXPR_BEGIN token (never produced by
 * the tokenizer) switches the parser to a single expression, for parse_expression.
 *
 * Expressions are layered rather than resolved by precedence alone:
 *   expr   - OR, AND, NOT, IS ..., and the predicates (comparison, BETWEEN, IN, LIKE,
 *            SIMILAR TO, EXISTS), whose operands are bexprs;
 *   bexpr  - arithmetic and ||, with unary signs binding tightest;
 *   term   - literals, names, calls, CASE, CAST, (expr), (query), rows.
 * Keeping predicates out of bexpr is what lets BETWEEN a AND b, POSITION(a IN b) and
 * IS DISTINCT FROM parse with no conflicts. So `a = b = c` is an error, and
 * `(a = b) = c` is how it is written.
 *
 * Non-reserved keywords fall back to ID (%fallback), so `key`, `comment`, `date`,
 * `timestamp`, `offset`, ... work as names. A fallback keyword must never be a
 * lookahead that reduces in a state where an ID shifts (an optional alias, an optional
 * window name): lemon folds such reduces into the state's default action, and the
 * keyword would then be read as the alias. That is why WINDOW, PARTITION, ROWS,
 * RANGE, ON, FOR and the join words stay reserved. To check after a grammar change: run
 * `lemon -c parse.y` (no compression) and look in parse.out for a state where ID shifts
 * while one of the %fallback keywords reduces; there must be none.
 *
 * Every action is one call to a builder in ast.c (declared in parse_util.h); a node's
 * end offset is taken from the parse state (the end of the last token before the
 * lookahead), its start from its first token or child.
 */

%name sluiceParser
%token_prefix TK_
%token_type {Token}
%extra_context {ParseState *ps}
%stack_size 1000
%start_symbol input

%include {
#include "parser/parse_util.h"
}

%syntax_error {
    ast_syntax_error(ps, yymajor, TOKEN);
}
%stack_overflow {
    /* at the token that overflowed (the end of the one before it): the error has a
     * position, and statements before it end before it */
    ast_error(ps, ps->last_end, "statement is too deeply nested");
}

/* ---- precedence ------------------------------------------------------------------ */

%left OR.
%left AND.
%right NOT.
%left IS.
%left PLUS MINUS CONCAT.
%left STAR SLASH REM.
%right UMINUS.
%left UNION EXCEPT.
%left INTERSECT.
%right TO.
/* ((SELECT ...)) inside an expression: the inner parentheses are the query's. */
%nonassoc SUBQUERY_EXPR.
%nonassoc SUBQUERY_QUERY.

/* Keywords that may also be used as names. See the header comment for the rule. */
%fallback ID
    ANALYZE ASC ASYMMETRIC BEGIN BOTH CHANGELOG_MODE COMMENT CONSTRAINT CURRENT DATE
    DESC DESCRIBE DESCRIPTOR ENFORCED ESTIMATED_COST EXECUTE EXPLAIN FILTER FIRST
    FOLLOWING FUNCTIONS JSON_EXECUTION_PLAN KEY LAST LEADING LOCAL METADATA NULLS OF
    OFFSET OVER OVERWRITE PLAN POSITION PRECEDING PRECISION RESET SET SHOW STATEMENT
    SYMMETRIC SYSTEM_TIME TABLES TEMPORARY TIME TIMESTAMP TRAILING UNBOUNDED UNKNOWN
    VIEWS VIRTUAL WATERMARK WITHOUT ZONE.

/* ---- types of the nonterminals ----------------------------------------------------- */

%type cmd {AstStmt *}
%destructor cmd { (void)ps; (void)$$; }
%type insert {AstStmt *}
%destructor insert { (void)ps; (void)$$; }
%type explainable {AstStmt *}
%destructor explainable { (void)ps; (void)$$; }
%type tblelems {AstStmt *}
%destructor tblelems { (void)ps; (void)$$; }
%type set_body {AstList *}
%destructor set_body { (void)ps; (void)$$; }
%type inserts {AstList *}
%destructor inserts { (void)ps; (void)$$; }
%type tblelem {PsTableElem}
%type coldef {AstColumnDef *}
%destructor coldef { (void)ps; (void)$$; }
%type options {AstList *}
%destructor options { (void)ps; (void)$$; }
%type with_opt {AstList *}
%destructor with_opt { (void)ps; (void)$$; }
%type option {AstOption *}
%destructor option { (void)ps; (void)$$; }
%type comment_opt {const char *}
%destructor comment_opt { (void)ps; (void)$$; }
%type mdfrom_opt {const char *}
%destructor mdfrom_opt { (void)ps; (void)$$; }
%type setval {const char *}
%destructor setval { (void)ps; (void)$$; }
%type string {const char *}
%destructor string { (void)ps; (void)$$; }
%type ident {PsName}
%type tname {PsName}
%type unit {const char *}
%destructor unit { (void)ps; (void)$$; }
%type idlist {AstList *}
%destructor idlist { (void)ps; (void)$$; }
%type collist_opt {AstList *}
%destructor collist_opt { (void)ps; (void)$$; }
%type type {AstType *}
%destructor type { (void)ps; (void)$$; }
%type basetype {AstType *}
%destructor basetype { (void)ps; (void)$$; }
%type typelist {AstList *}
%destructor typelist { (void)ps; (void)$$; }
%type rowfields {AstList *}
%destructor rowfields { (void)ps; (void)$$; }

%type query {AstQuery *}
%destructor query { (void)ps; (void)$$; }
%type qbody {AstQuery *}
%destructor qbody { (void)ps; (void)$$; }
%type qterm {AstQuery *}
%destructor qterm { (void)ps; (void)$$; }
%type select {AstQuery *}
%destructor select { (void)ps; (void)$$; }
%type values {AstQuery *}
%destructor values { (void)ps; (void)$$; }
%type rowlist {AstList *}
%destructor rowlist { (void)ps; (void)$$; }
%type sellist {AstList *}
%destructor sellist { (void)ps; (void)$$; }
%type selitem {AstSelectItem *}
%destructor selitem { (void)ps; (void)$$; }
%type alias_opt {const char *}
%destructor alias_opt { (void)ps; (void)$$; }
%type from_opt {AstTableRef *}
%destructor from_opt { (void)ps; (void)$$; }
%type from_list {AstTableRef *}
%destructor from_list { (void)ps; (void)$$; }
%type tref {AstTableRef *}
%destructor tref { (void)ps; (void)$$; }
%type tprimary {AstTableRef *}
%destructor tprimary { (void)ps; (void)$$; }
%type talias_opt {PsAlias}
%type systime_opt {AstExpr *}
%destructor systime_opt { (void)ps; (void)$$; }
%type join_cond {PsJoinCond}
%type where_opt {AstExpr *}
%destructor where_opt { (void)ps; (void)$$; }
%type groupby_opt {AstList *}
%destructor groupby_opt { (void)ps; (void)$$; }
%type having_opt {AstExpr *}
%destructor having_opt { (void)ps; (void)$$; }
%type window_opt {AstList *}
%destructor window_opt { (void)ps; (void)$$; }
%type windefs {AstList *}
%destructor windefs { (void)ps; (void)$$; }
%type windef {AstWindowSpec *}
%destructor windef { (void)ps; (void)$$; }
%type winspec {AstWindowSpec *}
%destructor winspec { (void)ps; (void)$$; }
%type winref_opt {const char *}
%destructor winref_opt { (void)ps; (void)$$; }
%type partition_opt {AstList *}
%destructor partition_opt { (void)ps; (void)$$; }
%type frame_opt {PsFrame}
%type bound {PsBound}
%type orderby_opt {AstList *}
%destructor orderby_opt { (void)ps; (void)$$; }
%type sortlist {AstList *}
%destructor sortlist { (void)ps; (void)$$; }
%type sortitem {AstOrderItem *}
%destructor sortitem { (void)ps; (void)$$; }
%type limit_opt {PsLimit}

%type expr {AstExpr *}
%destructor expr { (void)ps; (void)$$; }
%type bexpr {AstExpr *}
%destructor bexpr { (void)ps; (void)$$; }
%type term {AstExpr *}
%destructor term { (void)ps; (void)$$; }
%type literal {AstExpr *}
%destructor literal { (void)ps; (void)$$; }
%type fcall {AstExpr *}
%destructor fcall { (void)ps; (void)$$; }
%type filter_opt {AstExpr *}
%destructor filter_opt { (void)ps; (void)$$; }
%type over_opt {AstWindowSpec *}
%destructor over_opt { (void)ps; (void)$$; }
%type exprlist {AstList *}
%destructor exprlist { (void)ps; (void)$$; }
%type arglist {AstList *}
%destructor arglist { (void)ps; (void)$$; }
%type arg {AstExpr *}
%destructor arg { (void)ps; (void)$$; }
%type argval {AstExpr *}
%destructor argval { (void)ps; (void)$$; }
%type tablearg {AstExpr *}
%destructor tablearg { (void)ps; (void)$$; }
%type whenlist {AstList *}
%destructor whenlist { (void)ps; (void)$$; }
%type case_operand_opt {AstExpr *}
%destructor case_operand_opt { (void)ps; (void)$$; }
%type else_opt {AstExpr *}
%destructor else_opt { (void)ps; (void)$$; }

%type temp_opt {bool}
%type ifnotexists_opt {bool}
%type ifexists_opt {bool}
%type virtual_opt {bool}
%type colpk_opt {bool}
%type not_opt {bool}
%type sym_opt {bool}
%type setq_opt {bool}
%type dir_opt {bool}
%type nulls_opt {int}
%type join_type {int}
%type cmpop {int}
%type trimspec {int}
%type kwfname {PsName}
%type niladic {PsName}
%type explain_flags {int}
%type explain_flag {int}
%type tprec_opt {int}
%type ltz_opt {bool}

/* ---- scripts and statements -------------------------------------------------------- */

input ::= cmdlist.
input ::= EXPR_BEGIN expr(E).                      { ast_set_result_expr(ps, E); }

cmdlist ::= .
cmdlist ::= cmdlist ecmd.
ecmd ::= SEMI.
ecmd ::= cmd(C) SEMI.                              { ast_add_stmt(ps, C); }

cmd(A) ::= query(Q).                               { A = ast_stmt_query(ps, Q); }
cmd(A) ::= insert(I).                              { A = I; }
cmd(A) ::= EXECUTE insert(I).                      { A = I; }
cmd(A) ::= EXECUTE(T) STATEMENT SET BEGIN set_body(L) END.  { A = ast_stmt_set(ps, T.pos, L); }
cmd(A) ::= BEGIN(T) STATEMENT SET SEMI set_body(L) END.     { A = ast_stmt_set(ps, T.pos, L); }

set_body(A) ::= inserts(L).                        { A = L; }
set_body(A) ::= inserts(L) SEMI.                   { A = L; }
inserts(A) ::= insert(I).                          { A = ast_list1(ps, I); }
inserts(A) ::= inserts(L) SEMI insert(I).          { A = ast_list_add(ps, L, I); }

insert(A) ::= INSERT(T) INTO tname(N) query(Q).
    { A = ast_stmt_insert(ps, T.pos, false, N.s, NULL, Q); }
insert(A) ::= INSERT(T) INTO tname(N) LP idlist(C) RP query(Q).
    { A = ast_stmt_insert(ps, T.pos, false, N.s, C, Q); }
insert(A) ::= INSERT(T) OVERWRITE tname(N) query(Q).
    { A = ast_stmt_insert(ps, T.pos, true, N.s, NULL, Q); }
insert(A) ::= INSERT(T) OVERWRITE tname(N) LP idlist(C) RP query(Q).
    { A = ast_stmt_insert(ps, T.pos, true, N.s, C, Q); }

/* CREATE TABLE */
cmd(A) ::= CREATE(T) temp_opt(P) TABLE ifnotexists_opt(E) tname(N)
           LP tblelems(S) RP comment_opt(C) with_opt(W).
    { A = ast_stmt_create_table(ps, T.pos, S, P, E, N.s, C, W); }
temp_opt(A) ::= .                                  { A = false; }
temp_opt(A) ::= TEMPORARY.                         { A = true; }
ifnotexists_opt(A) ::= .                           { A = false; }
ifnotexists_opt(A) ::= IF NOT EXISTS.              { A = true; }
ifexists_opt(A) ::= .                              { A = false; }
ifexists_opt(A) ::= IF EXISTS.                     { A = true; }

tblelems(A) ::= tblelem(E).                        { A = ast_table_elems_add(ps, NULL, E); }
tblelems(A) ::= tblelems(S) COMMA tblelem(E).      { A = ast_table_elems_add(ps, S, E); }

tblelem(A) ::= coldef(C).                          { A = ast_elem_column(C); }
tblelem(A) ::= WATERMARK(T) FOR ident(N) AS expr(E).  { A = ast_elem_watermark(T.pos, N.s, E); }
tblelem(A) ::= PRIMARY(T) KEY LP idlist(L) RP NOT ENFORCED.  { A = ast_elem_primary_key(T.pos, L); }
tblelem(A) ::= CONSTRAINT(T) ident PRIMARY KEY LP idlist(L) RP NOT ENFORCED.
                                                   { A = ast_elem_primary_key(T.pos, L); }

coldef(A) ::= ident(N) type(Y) colpk_opt(K) comment_opt(C).
                                                   { A = ast_coldef_physical(ps, N, Y, K, C); }
coldef(A) ::= ident(N) type(Y) METADATA mdfrom_opt(F) virtual_opt(V) comment_opt(C).
                                                   { A = ast_coldef_metadata(ps, N, Y, F, V, C); }
coldef(A) ::= ident(N) AS expr(E) comment_opt(C).  { A = ast_coldef_computed(ps, N, E, C); }

colpk_opt(A) ::= .                                 { A = false; }
colpk_opt(A) ::= PRIMARY KEY NOT ENFORCED.         { A = true; }
mdfrom_opt(A) ::= .                                { A = NULL; }
mdfrom_opt(A) ::= FROM string(S).                  { A = S; }
virtual_opt(A) ::= .                               { A = false; }
virtual_opt(A) ::= VIRTUAL.                        { A = true; }
comment_opt(A) ::= .                               { A = NULL; }
comment_opt(A) ::= COMMENT string(S).              { A = S; }

with_opt(A) ::= .                                  { A = NULL; }
with_opt(A) ::= WITH LP RP.                        { A = ast_list_new(ps->arena); }
with_opt(A) ::= WITH LP options(L) RP.             { A = L; }
options(A) ::= option(O).                          { A = ast_list1(ps, O); }
options(A) ::= options(L) COMMA option(O).         { A = ast_list_add(ps, L, O); }
option(A) ::= STRING(K) EQ STRING(V).              { A = ast_option(ps, K, V); }

/* CREATE VIEW, DROP */
cmd(A) ::= CREATE(T) temp_opt(P) VIEW ifnotexists_opt(E) tname(N) collist_opt(C) AS query(Q).
    { A = ast_stmt_create_view(ps, T.pos, P, E, N.s, C, Q); }
collist_opt(A) ::= .                               { A = NULL; }
collist_opt(A) ::= LP idlist(L) RP.                { A = L; }

cmd(A) ::= DROP(T) temp_opt(P) TABLE ifexists_opt(E) tname(N).
    { A = ast_stmt_drop(ps, T.pos, STMT_DROP_TABLE, P, E, N.s); }
cmd(A) ::= DROP(T) temp_opt(P) VIEW ifexists_opt(E) tname(N).
    { A = ast_stmt_drop(ps, T.pos, STMT_DROP_VIEW, P, E, N.s); }

/* SET, RESET, SHOW, DESCRIBE */
cmd(A) ::= SET(T).
    { A = ast_stmt_key_value(ps, T.pos, STMT_SET, NULL, NULL); }
cmd(A) ::= SET(T) string(K) EQ setval(V).
    { A = ast_stmt_key_value(ps, T.pos, STMT_SET, K, V); }
cmd(A) ::= RESET(T).
    { A = ast_stmt_key_value(ps, T.pos, STMT_RESET, NULL, NULL); }
cmd(A) ::= RESET(T) string(K).
    { A = ast_stmt_key_value(ps, T.pos, STMT_RESET, K, NULL); }
setval(A) ::= string(S).                           { A = S; }
setval(A) ::= ident(S).                            { A = S.s; }
setval(A) ::= INTEGER(T).                          { A = ast_token_text(ps, T); }
setval(A) ::= DECIMAL(T).                          { A = ast_token_text(ps, T); }
setval(A) ::= TRUE(T).                             { A = ast_token_text(ps, T); }
setval(A) ::= FALSE(T).                            { A = ast_token_text(ps, T); }

cmd(A) ::= SHOW(T) TABLES.
    { A = ast_stmt_named(ps, T.pos, STMT_SHOW_TABLES, NULL); }
cmd(A) ::= SHOW(T) VIEWS.
    { A = ast_stmt_named(ps, T.pos, STMT_SHOW_VIEWS, NULL); }
cmd(A) ::= SHOW(T) FUNCTIONS.
    { A = ast_stmt_named(ps, T.pos, STMT_SHOW_FUNCTIONS, NULL); }
cmd(A) ::= SHOW(T) CREATE TABLE tname(N).
    { A = ast_stmt_named(ps, T.pos, STMT_SHOW_CREATE_TABLE, N.s); }
cmd(A) ::= DESCRIBE(T) tname(N).
    { A = ast_stmt_named(ps, T.pos, STMT_DESCRIBE, N.s); }
cmd(A) ::= DESC(T) tname(N).
    { A = ast_stmt_named(ps, T.pos, STMT_DESCRIBE, N.s); }

/* EXPLAIN */
cmd(A) ::= EXPLAIN(T) explainable(S).              { A = ast_stmt_explain(ps, T.pos, 0, S); }
cmd(A) ::= EXPLAIN(T) PLAN FOR explainable(S).     { A = ast_stmt_explain(ps, T.pos, 0, S); }
cmd(A) ::= EXPLAIN(T) explain_flags(F) explainable(S).  { A = ast_stmt_explain(ps, T.pos, F, S); }
explain_flags(A) ::= explain_flag(F).              { A = F; }
explain_flags(A) ::= explain_flags(L) COMMA explain_flag(F).  { A = L | F; }
explain_flag(A) ::= CHANGELOG_MODE.                { A = EXPLAIN_CHANGELOG_MODE; }
explain_flag(A) ::= ESTIMATED_COST.                { A = EXPLAIN_ESTIMATED_COST; }
explain_flag(A) ::= JSON_EXECUTION_PLAN.           { A = EXPLAIN_JSON_EXECUTION_PLAN; }
explain_flag(A) ::= ANALYZE.                       { A = EXPLAIN_ANALYZE; }
explainable(A) ::= query(Q).                       { A = ast_stmt_query(ps, Q); }
explainable(A) ::= insert(I).                      { A = I; }
explainable(A) ::= EXECUTE insert(I).              { A = I; }
explainable(A) ::= STATEMENT(T) SET BEGIN set_body(L) END.  { A = ast_stmt_set(ps, T.pos, L); }
explainable(A) ::= EXECUTE(T) STATEMENT SET BEGIN set_body(L) END.
                                                   { A = ast_stmt_set(ps, T.pos, L); }

/* ---- names --------------------------------------------------------------------------- */

ident(A) ::= ID(T).                                { A = ast_ident(ps, T); }
tname(A) ::= ident(N).                             { A = N; }
tname(A) ::= ident(P) DOT ident(N).                { A = ast_dotted(ps, P, N); }
tname(A) ::= ident(C) DOT ident(D) DOT ident(N).   { A = ast_dotted(ps, ast_dotted(ps, C, D), N); }
idlist(A) ::= ident(N).                            { A = ast_list1(ps, (void *)N.s); }
idlist(A) ::= idlist(L) COMMA ident(N).            { A = ast_list_add(ps, L, (void *)N.s); }
string(A) ::= STRING(T).                           { A = ast_string(ps, T); }
unit(A) ::= ID(T).                                 { A = ast_unit(ps, T); }

/* ---- types --------------------------------------------------------------------------- */

type(A) ::= basetype(T).                           { A = T; }
type(A) ::= basetype(T) NOT NULL.                  { A = ast_type_not_null(T); }
type(A) ::= basetype(T) NULL.                      { A = T; }

basetype(A) ::= ID(T).                             { A = ast_type(ps, T, 0, 0, 0); }
basetype(A) ::= ID(T) LP INTEGER(P) RP.            { A = ast_type(ps, T, 1, ast_int(ps, P), 0); }
basetype(A) ::= ID(T) LP INTEGER(P) COMMA INTEGER(S) RP.
    { A = ast_type(ps, T, 2, ast_int(ps, P), ast_int(ps, S)); }
basetype(A) ::= ID(T) PRECISION.                   { A = ast_type_double_precision(ps, T); }
basetype(A) ::= DATE(T).                           { A = ast_type(ps, T, 0, 0, 0); }
basetype(A) ::= TIME(T) tprec_opt(P) ltz_opt(Z).   { A = ast_type_time(ps, T, P, Z); }
basetype(A) ::= TIMESTAMP(T) tprec_opt(P) ltz_opt(Z).  { A = ast_type_time(ps, T, P, Z); }
basetype(A) ::= INTERVAL(T) unit(U).               { A = ast_type_interval(ps, T, U, NULL); }
basetype(A) ::= INTERVAL(T) unit(U) TO unit(V).    { A = ast_type_interval(ps, T, U, V); }
basetype(A) ::= ID(T) LT typelist GT.             { A = ast_type(ps, T, 0, 0, 0); }
basetype(A) ::= ROW(T) LT rowfields(L) GT.         { A = ast_type_row(ps, T, L); }
basetype(A) ::= ROW(T) LP rowfields(L) RP.         { A = ast_type_row(ps, T, L); }
tprec_opt(A) ::= .                                 { A = -1; }
tprec_opt(A) ::= LP INTEGER(P) RP.                 { A = ast_int(ps, P); }
ltz_opt(A) ::= .                                   { A = false; }
ltz_opt(A) ::= WITH LOCAL TIME ZONE.               { A = true; }
ltz_opt(A) ::= WITHOUT TIME ZONE.                  { A = false; }
typelist(A) ::= type(T).                           { A = ast_list1(ps, T); }
typelist(A) ::= typelist(L) COMMA type(T).         { A = ast_list_add(ps, L, T); }
rowfields(A) ::= ident(N) type(T).                 { A = ast_list1(ps, ast_row_field(ps, N, T)); }
rowfields(A) ::= rowfields(L) COMMA ident(N) type(T).
    { A = ast_list_add(ps, L, ast_row_field(ps, N, T)); }

/* ---- queries ------------------------------------------------------------------------- */

query(A) ::= qbody(Q) orderby_opt(O) limit_opt(L). { A = ast_query_finish(ps, Q, O, L); }

qbody(A) ::= qterm(Q).                             { A = Q; }
qbody(A) ::= qbody(L) UNION qbody(R).              { A = ast_setop(ps, L, SETOP_UNION, R); }
qbody(A) ::= qbody(L) UNION DISTINCT qbody(R).     { A = ast_setop(ps, L, SETOP_UNION, R); }
qbody(A) ::= qbody(L) UNION ALL qbody(R).          { A = ast_setop(ps, L, SETOP_UNION_ALL, R); }
qbody(A) ::= qbody(L) INTERSECT qbody(R).          { A = ast_setop(ps, L, SETOP_INTERSECT, R); }
qbody(A) ::= qbody(L) INTERSECT DISTINCT qbody(R). { A = ast_setop(ps, L, SETOP_INTERSECT, R); }
qbody(A) ::= qbody(L) INTERSECT ALL qbody(R).      { A = ast_setop(ps, L, SETOP_INTERSECT_ALL, R); }
qbody(A) ::= qbody(L) EXCEPT qbody(R).             { A = ast_setop(ps, L, SETOP_EXCEPT, R); }
qbody(A) ::= qbody(L) EXCEPT DISTINCT qbody(R).    { A = ast_setop(ps, L, SETOP_EXCEPT, R); }
qbody(A) ::= qbody(L) EXCEPT ALL qbody(R).         { A = ast_setop(ps, L, SETOP_EXCEPT_ALL, R); }

qterm(A) ::= select(S).                            { A = S; }
qterm(A) ::= values(V).                            { A = V; }
qterm(A) ::= LP(T) query(Q) RP. [SUBQUERY_QUERY]   { A = ast_query_paren(ps, T.pos, Q); }

select(A) ::= SELECT(T) setq_opt(D) sellist(L) from_opt(F) where_opt(W) groupby_opt(G)
              having_opt(H) window_opt(X).
    { A = ast_select(ps, T.pos, D, L, F, W, G, H, X); }
setq_opt(A) ::= .                                  { A = false; }
setq_opt(A) ::= ALL.                               { A = false; }
setq_opt(A) ::= DISTINCT.                          { A = true; }

values(A) ::= VALUES(T) rowlist(L).                { A = ast_values(ps, T.pos, L); }
rowlist(A) ::= LP exprlist(R) RP.                  { A = ast_list1(ps, R); }
rowlist(A) ::= rowlist(L) COMMA LP exprlist(R) RP. { A = ast_list_add(ps, L, R); }

sellist(A) ::= selitem(I).                         { A = ast_list1(ps, I); }
sellist(A) ::= sellist(L) COMMA selitem(I).        { A = ast_list_add(ps, L, I); }
selitem(A) ::= expr(E) alias_opt(N).               { A = ast_select_item(ps, E, N); }
selitem(A) ::= STAR(T).
    { A = ast_select_item(ps, ast_star(ps, T.pos, NULL), NULL); }
selitem(A) ::= ident(Q) DOT STAR.
    { A = ast_select_item(ps, ast_star(ps, Q.pos, Q.s), NULL); }
alias_opt(A) ::= .                                 { A = NULL; }
alias_opt(A) ::= AS ident(N).                      { A = N.s; }
alias_opt(A) ::= ident(N).                         { A = N.s; }

from_opt(A) ::= .                                  { A = NULL; }
from_opt(A) ::= FROM from_list(F).                 { A = F; }
from_list(A) ::= tref(T).                          { A = T; }
from_list(A) ::= from_list(L) COMMA tref(R).
    { A = ast_tref_join(ps, L, JOIN_CROSS, R, ast_no_cond()); }

tref(A) ::= tprimary(T).                           { A = T; }
tref(A) ::= tref(L) join_type(J) JOIN tprimary(R) join_cond(C).
                                                   { A = ast_tref_join(ps, L, J, R, C); }
tref(A) ::= tref(L) CROSS JOIN tprimary(R).
    { A = ast_tref_join(ps, L, JOIN_CROSS, R, ast_no_cond()); }
join_type(A) ::= .                                 { A = JOIN_INNER; }
join_type(A) ::= INNER.                            { A = JOIN_INNER; }
join_type(A) ::= LEFT.                             { A = JOIN_LEFT; }
join_type(A) ::= LEFT OUTER.                       { A = JOIN_LEFT; }
join_type(A) ::= RIGHT.                            { A = JOIN_RIGHT; }
join_type(A) ::= RIGHT OUTER.                      { A = JOIN_RIGHT; }
join_type(A) ::= FULL.                             { A = JOIN_FULL; }
join_type(A) ::= FULL OUTER.                       { A = JOIN_FULL; }
join_cond(A) ::= .                                 { A = ast_no_cond(); }
join_cond(A) ::= ON expr(E).                       { A = ast_on_cond(E); }
join_cond(A) ::= USING LP idlist(L) RP.            { A = ast_using_cond(L); }

tprimary(A) ::= tname(N) systime_opt(S) talias_opt(L).  { A = ast_tref_named(ps, N, S, L); }
tprimary(A) ::= LP(T) query(Q) RP talias_opt(L).   { A = ast_tref_query(ps, T.pos, Q, L); }
tprimary(A) ::= TABLE(T) LP fcall(F) RP talias_opt(L).
    { A = ast_tref_function(ps, T.pos, F, false, L); }
tprimary(A) ::= LATERAL(T) TABLE LP fcall(F) RP talias_opt(L).
                                                   { A = ast_tref_function(ps, T.pos, F, true, L); }
tprimary(A) ::= UNNEST(T) LP exprlist(E) RP talias_opt(L).
                                                   { A = ast_tref_unnest(ps, T, E, L); }
systime_opt(A) ::= .                               { A = NULL; }
systime_opt(A) ::= FOR SYSTEM_TIME AS OF bexpr(E). { A = E; }
talias_opt(A) ::= .                                { A = ast_alias(NULL, NULL); }
talias_opt(A) ::= ident(N).                        { A = ast_alias(N.s, NULL); }
talias_opt(A) ::= AS ident(N).                     { A = ast_alias(N.s, NULL); }
talias_opt(A) ::= ident(N) LP idlist(C) RP.        { A = ast_alias(N.s, C); }
talias_opt(A) ::= AS ident(N) LP idlist(C) RP.     { A = ast_alias(N.s, C); }

where_opt(A) ::= .                                 { A = NULL; }
where_opt(A) ::= WHERE expr(E).                    { A = E; }
groupby_opt(A) ::= .                               { A = NULL; }
groupby_opt(A) ::= GROUP BY exprlist(L).           { A = L; }
having_opt(A) ::= .                                { A = NULL; }
having_opt(A) ::= HAVING expr(E).                  { A = E; }
window_opt(A) ::= .                                { A = NULL; }
window_opt(A) ::= WINDOW windefs(L).               { A = L; }
windefs(A) ::= windef(W).                          { A = ast_list1(ps, W); }
windefs(A) ::= windefs(L) COMMA windef(W).         { A = ast_list_add(ps, L, W); }
windef(A) ::= ident(N) AS LP winspec(W) RP.        { A = ast_window_name(W, N); }

winspec(A) ::= winref_opt(R) partition_opt(P) orderby_opt(O) frame_opt(F).
                                                   { A = ast_window(ps, R, P, O, F); }
winref_opt(A) ::= .                                { A = NULL; }
winref_opt(A) ::= ident(N).                        { A = N.s; }
partition_opt(A) ::= .                             { A = NULL; }
partition_opt(A) ::= PARTITION BY exprlist(L).     { A = L; }
frame_opt(A) ::= .
                                                   { A = ast_frame_none(); }
frame_opt(A) ::= ROWS bound(S).
    { A = ast_frame(FRAME_ROWS, S, ast_bound(BOUND_CURRENT_ROW, NULL)); }
frame_opt(A) ::= RANGE bound(S).
    { A = ast_frame(FRAME_RANGE, S, ast_bound(BOUND_CURRENT_ROW, NULL)); }
frame_opt(A) ::= ROWS BETWEEN bound(S) AND bound(E).   { A = ast_frame(FRAME_ROWS, S, E); }
frame_opt(A) ::= RANGE BETWEEN bound(S) AND bound(E).  { A = ast_frame(FRAME_RANGE, S, E); }
bound(A) ::= UNBOUNDED PRECEDING.
    { A = ast_bound(BOUND_UNBOUNDED_PRECEDING, NULL); }
bound(A) ::= UNBOUNDED FOLLOWING.
    { A = ast_bound(BOUND_UNBOUNDED_FOLLOWING, NULL); }
bound(A) ::= CURRENT ROW.                          { A = ast_bound(BOUND_CURRENT_ROW, NULL); }
bound(A) ::= bexpr(E) PRECEDING.                   { A = ast_bound(BOUND_PRECEDING, E); }
bound(A) ::= bexpr(E) FOLLOWING.                   { A = ast_bound(BOUND_FOLLOWING, E); }

orderby_opt(A) ::= .                               { A = NULL; }
orderby_opt(A) ::= ORDER BY sortlist(L).           { A = L; }
sortlist(A) ::= sortitem(I).                       { A = ast_list1(ps, I); }
sortlist(A) ::= sortlist(L) COMMA sortitem(I).     { A = ast_list_add(ps, L, I); }
sortitem(A) ::= expr(E) dir_opt(D) nulls_opt(N).   { A = ast_order_item(ps, E, D, N); }
dir_opt(A) ::= .                                   { A = false; }
dir_opt(A) ::= ASC.                                { A = false; }
dir_opt(A) ::= DESC.                               { A = true; }
nulls_opt(A) ::= .                                 { A = 0; }
nulls_opt(A) ::= NULLS FIRST.                      { A = 1; }
nulls_opt(A) ::= NULLS LAST.                       { A = 2; }

limit_opt(A) ::= .                                 { A = ast_limit(NULL, NULL); }
limit_opt(A) ::= LIMIT bexpr(N).                   { A = ast_limit(N, NULL); }
limit_opt(A) ::= LIMIT bexpr(N) OFFSET bexpr(M).   { A = ast_limit(N, M); }

/* ---- expressions: boolean level ------------------------------------------------------ */

expr(A) ::= bexpr(E).                              { A = E; }
expr(A) ::= expr(L) OR expr(R).                    { A = ast_binary(ps, L, OP_OR, R); }
expr(A) ::= expr(L) AND expr(R).                   { A = ast_binary(ps, L, OP_AND, R); }
expr(A) ::= NOT(T) expr(E).                        { A = ast_not(ps, T.pos, E); }
expr(A) ::= expr(E) IS not_opt(N) NULL.            { A = ast_is(ps, E, N, IS_NULL); }
expr(A) ::= expr(E) IS not_opt(N) TRUE.            { A = ast_is(ps, E, N, IS_TRUE); }
expr(A) ::= expr(E) IS not_opt(N) FALSE.           { A = ast_is(ps, E, N, IS_FALSE); }
expr(A) ::= expr(E) IS not_opt(N) UNKNOWN.         { A = ast_is(ps, E, N, IS_UNKNOWN); }
expr(A) ::= expr(L) IS not_opt(N) DISTINCT FROM bexpr(R).
    { A = ast_binary(ps, L, N ? OP_IS_NOT_DISTINCT : OP_IS_DISTINCT, R); }
expr(A) ::= bexpr(L) cmpop(O) bexpr(R).            { A = ast_binary(ps, L, (AstOp)O, R); }
expr(A) ::= bexpr(E) not_opt(N) BETWEEN sym_opt(S) bexpr(L) AND bexpr(H).
                                                   { A = ast_between(ps, E, N, S, L, H); }
expr(A) ::= bexpr(E) not_opt(N) IN LP exprlist(L) RP.  { A = ast_in_list(ps, E, N, L); }
expr(A) ::= bexpr(E) not_opt(N) IN LP query(Q) RP.     { A = ast_in_query(ps, E, N, Q); }
expr(A) ::= bexpr(E) not_opt(N) LIKE bexpr(P).     { A = ast_like(ps, E, N, false, P, NULL); }
expr(A) ::= bexpr(E) not_opt(N) LIKE bexpr(P) ESCAPE bexpr(C).
                                                   { A = ast_like(ps, E, N, false, P, C); }
expr(A) ::= bexpr(E) not_opt(N) SIMILAR TO bexpr(P).   { A = ast_like(ps, E, N, true, P, NULL); }
expr(A) ::= bexpr(E) not_opt(N) SIMILAR TO bexpr(P) ESCAPE bexpr(C).
                                                   { A = ast_like(ps, E, N, true, P, C); }
expr(A) ::= EXISTS(T) LP query(Q) RP.              { A = ast_exists(ps, T.pos, Q); }

not_opt(A) ::= .                                   { A = false; }
not_opt(A) ::= NOT.                                { A = true; }
sym_opt(A) ::= .                                   { A = false; }
sym_opt(A) ::= ASYMMETRIC.                         { A = false; }
sym_opt(A) ::= SYMMETRIC.                          { A = true; }
cmpop(A) ::= EQ.                                   { A = OP_EQ; }
cmpop(A) ::= NE.                                   { A = OP_NE; }
cmpop(A) ::= LT.                                   { A = OP_LT; }
cmpop(A) ::= LE.                                   { A = OP_LE; }
cmpop(A) ::= GT.                                   { A = OP_GT; }
cmpop(A) ::= GE.                                   { A = OP_GE; }

/* ---- expressions: arithmetic level --------------------------------------------------- */

bexpr(A) ::= term(E).                              { A = E; }
bexpr(A) ::= bexpr(L) PLUS bexpr(R).               { A = ast_binary(ps, L, OP_ADD, R); }
bexpr(A) ::= bexpr(L) MINUS bexpr(R).              { A = ast_binary(ps, L, OP_SUB, R); }
bexpr(A) ::= bexpr(L) CONCAT bexpr(R).             { A = ast_binary(ps, L, OP_CONCAT, R); }
bexpr(A) ::= bexpr(L) STAR bexpr(R).               { A = ast_binary(ps, L, OP_MUL, R); }
bexpr(A) ::= bexpr(L) SLASH bexpr(R).              { A = ast_binary(ps, L, OP_DIV, R); }
bexpr(A) ::= bexpr(L) REM bexpr(R).                { A = ast_binary(ps, L, OP_MOD, R); }
bexpr(A) ::= MINUS(T) bexpr(E). [UMINUS]           { A = ast_unary(ps, T.pos, OP_NEG, E); }
bexpr(A) ::= PLUS(T) bexpr(E). [UMINUS]            { A = ast_unary(ps, T.pos, OP_PLUS, E); }

/* ---- expressions: terms -------------------------------------------------------------- */

term(A) ::= literal(L).                            { A = L; }
term(A) ::= ident(N).                              { A = ast_column(ps, N.pos, NULL, N.s); }
term(A) ::= ident(Q) DOT ident(N).                 { A = ast_column(ps, Q.pos, Q.s, N.s); }
/* table.rowcolumn.field: the name "rowcolumn.field" is the field's column (see ddl.c) */
term(A) ::= ident(Q) DOT ident(R) DOT ident(N).
    { A = ast_column(ps, Q.pos, Q.s, ast_dotted(ps, R, N).s); A->is_field_path = true; }
term(A) ::= DATE(T).
    { A = ast_column(ps, T.pos, NULL, ast_token_text(ps, T)); }
term(A) ::= TIME(T).
    { A = ast_column(ps, T.pos, NULL, ast_token_text(ps, T)); }
term(A) ::= TIMESTAMP(T).
    { A = ast_column(ps, T.pos, NULL, ast_token_text(ps, T)); }
term(A) ::= POSITION(T).
    { A = ast_column(ps, T.pos, NULL, ast_token_text(ps, T)); }
term(A) ::= LP(T) expr(E) RP.                      { A = ast_paren(ps, T.pos, E); }
term(A) ::= LP(T) expr(E) COMMA exprlist(L) RP.
    { A = ast_row(ps, T.pos, ast_list_prepend(ps, E, L)); }
term(A) ::= LP(T) query(Q) RP. [SUBQUERY_EXPR]     { A = ast_subquery(ps, T.pos, Q); }
term(A) ::= ROW(T) LP RP.
    { A = ast_row(ps, T.pos, ast_list_new(ps->arena)); }
term(A) ::= ROW(T) LP exprlist(L) RP.              { A = ast_row(ps, T.pos, L); }
term(A) ::= CASE(T) case_operand_opt(O) whenlist(W) else_opt(E) END.
                                                   { A = ast_case(ps, T.pos, O, W, E); }
term(A) ::= CAST(T) LP expr(E) AS type(Y) RP.      { A = ast_cast(ps, T.pos, E, Y, false); }
term(A) ::= TRY_CAST(T) LP expr(E) AS type(Y) RP.  { A = ast_cast(ps, T.pos, E, Y, true); }
term(A) ::= EXTRACT(T) LP unit(U) FROM expr(E) RP. { A = ast_func_unit(ps, T, U, E); }
term(A) ::= POSITION(T) LP bexpr(X) IN bexpr(Y) RP.
                                                   { A = ast_func2(ps, T, X, Y, NULL); }
term(A) ::= SUBSTRING(T) LP expr(S) FROM expr(F) RP.   { A = ast_func2(ps, T, S, F, NULL); }
term(A) ::= SUBSTRING(T) LP expr(S) FROM expr(F) FOR expr(N) RP.
                                                   { A = ast_func2(ps, T, S, F, N); }
term(A) ::= SUBSTRING(T) LP exprlist(L) RP.
    { A = ast_func(ps, T.pos, ast_token_upper(ps, T), L, false); }
term(A) ::= TRIM(T) LP expr(S) RP.                 { A = ast_trim(ps, T.pos, TRIM_BOTH, NULL, S); }
term(A) ::= TRIM(T) LP expr(C) FROM expr(S) RP.    { A = ast_trim(ps, T.pos, TRIM_BOTH, C, S); }
term(A) ::= TRIM(T) LP trimspec(P) FROM expr(S) RP.
    { A = ast_trim(ps, T.pos, (AstTrimSpec)P, NULL, S); }
term(A) ::= TRIM(T) LP trimspec(P) expr(C) FROM expr(S) RP.
    { A = ast_trim(ps, T.pos, (AstTrimSpec)P, C, S); }
term(A) ::= DESCRIPTOR(T) LP idlist(L) RP.         { A = ast_descriptor(ps, T.pos, L); }
term(A) ::= niladic(N).                            { A = ast_func(ps, N.pos, N.s, NULL, false); }
term(A) ::= fcall(F) filter_opt(W) over_opt(O).    { A = ast_func_finish(ps, F, W, O); }

trimspec(A) ::= BOTH.                              { A = TRIM_BOTH; }
trimspec(A) ::= LEADING.                           { A = TRIM_LEADING; }
trimspec(A) ::= TRAILING.                          { A = TRIM_TRAILING; }

niladic(A) ::= CURRENT_TIMESTAMP(T).          { A = ast_kwname(ps, T); }
niladic(A) ::= CURRENT_DATE(T).               { A = ast_kwname(ps, T); }
niladic(A) ::= CURRENT_TIME(T).               { A = ast_kwname(ps, T); }
niladic(A) ::= LOCALTIMESTAMP(T).             { A = ast_kwname(ps, T); }
niladic(A) ::= LOCALTIME(T).                  { A = ast_kwname(ps, T); }

case_operand_opt(A) ::= .                          { A = NULL; }
case_operand_opt(A) ::= expr(E).                   { A = E; }
whenlist(A) ::= WHEN expr(C) THEN expr(R).         { A = ast_list_add(ps, ast_list1(ps, C), R); }
whenlist(A) ::= whenlist(L) WHEN expr(C) THEN expr(R).
    { A = ast_list_add(ps, ast_list_add(ps, L, C), R); }
else_opt(A) ::= .                                  { A = NULL; }
else_opt(A) ::= ELSE expr(E).                      { A = E; }

/* Function calls. FLOOR(x TO unit) and CEIL(x TO unit) take the TO form. */
fcall(A) ::= ident(N) LP RP.
    { A = ast_func(ps, N.pos, ast_upper(ps, N.s), ast_list_new(ps->arena), false); }
fcall(A) ::= ident(N) LP STAR RP.
    { A = ast_func_star(ps, N.pos, ast_upper(ps, N.s)); }
fcall(A) ::= ident(N) LP arglist(L) RP.
    { A = ast_func(ps, N.pos, ast_upper(ps, N.s), L, false); }
fcall(A) ::= ident(N) LP ALL arglist(L) RP.
    { A = ast_func(ps, N.pos, ast_upper(ps, N.s), L, false); }
fcall(A) ::= ident(N) LP DISTINCT arglist(L) RP.
    { A = ast_func(ps, N.pos, ast_upper(ps, N.s), L, true); }
fcall(A) ::= ident(N) LP expr(E) TO unit(U) RP.    { A = ast_func_to_unit(ps, N, E, U); }
fcall(A) ::= kwfname(K) LP arglist(L) RP.          { A = ast_func(ps, K.pos, K.s, L, false); }

kwfname(A) ::= LEFT(T).                       { A = ast_kwname(ps, T); }
kwfname(A) ::= RIGHT(T).                      { A = ast_kwname(ps, T); }
kwfname(A) ::= IF(T).                         { A = ast_kwname(ps, T); }

filter_opt(A) ::= .                                { A = NULL; }
filter_opt(A) ::= FILTER LP WHERE expr(E) RP.      { A = E; }
over_opt(A) ::= .                                  { A = NULL; }
over_opt(A) ::= OVER ident(N).                     { A = ast_window_ref(ps, N); }
over_opt(A) ::= OVER(T) LP winspec(W) RP.          { A = ast_window_at(W, T.pos); }

arglist(A) ::= arg(E).                             { A = ast_list1(ps, E); }
arglist(A) ::= arglist(L) COMMA arg(E).            { A = ast_list_add(ps, L, E); }
arg(A) ::= argval(E).                              { A = E; }
arg(A) ::= ident(N) ARROW argval(E).               { A = ast_named_arg(ps, N, E); }
argval(A) ::= expr(E).                             { A = E; }
argval(A) ::= tablearg(E).                         { A = E; }
tablearg(A) ::= TABLE(T) tname(N).                 { A = ast_table_arg(ps, T.pos, N.s, NULL); }
tablearg(A) ::= TABLE(T) tname(N) PARTITION BY ident(K).
    { A = ast_table_arg(ps, T.pos, N.s, ast_list1(ps, (void *)K.s)); }
tablearg(A) ::= TABLE(T) tname(N) PARTITION BY LP idlist(K) RP.
                                                   { A = ast_table_arg(ps, T.pos, N.s, K); }

exprlist(A) ::= expr(E).                           { A = ast_list1(ps, E); }
exprlist(A) ::= exprlist(L) COMMA expr(E).         { A = ast_list_add(ps, L, E); }

/* ---- literals ------------------------------------------------------------------------ */

literal(A) ::= INTEGER(T).                         { A = ast_literal(ps, T, LIT_INTEGER); }
literal(A) ::= DECIMAL(T).                         { A = ast_literal(ps, T, LIT_DECIMAL); }
literal(A) ::= FLOAT(T).                           { A = ast_literal(ps, T, LIT_FLOAT); }
literal(A) ::= STRING(T).                          { A = ast_literal(ps, T, LIT_STRING); }
literal(A) ::= NULL(T).                            { A = ast_literal(ps, T, LIT_NULL); }
literal(A) ::= TRUE(T).                            { A = ast_literal(ps, T, LIT_BOOL); }
literal(A) ::= FALSE(T).                           { A = ast_literal(ps, T, LIT_BOOL); }
literal(A) ::= DATE(T) STRING(S).
    { A = ast_typed_literal(ps, T.pos, LIT_DATE, S); }
literal(A) ::= TIME(T) STRING(S).
    { A = ast_typed_literal(ps, T.pos, LIT_TIME, S); }
literal(A) ::= TIMESTAMP(T) STRING(S).
    { A = ast_typed_literal(ps, T.pos, LIT_TIMESTAMP, S); }
literal(A) ::= TIMESTAMP(T) WITH LOCAL TIME ZONE STRING(S).
    { A = ast_typed_literal(ps, T.pos, LIT_TIMESTAMP_LTZ, S); }
literal(A) ::= INTERVAL(T) STRING(S) unit(U). [TO]
    { A = ast_interval(ps, T.pos, false, S, U, NULL); }
literal(A) ::= INTERVAL(T) STRING(S) unit(U) TO unit(V).
                                                   { A = ast_interval(ps, T.pos, false, S, U, V); }
literal(A) ::= INTERVAL(T) MINUS STRING(S) unit(U). [TO]
    { A = ast_interval(ps, T.pos, true, S, U, NULL); }
literal(A) ::= INTERVAL(T) MINUS STRING(S) unit(U) TO unit(V).
                                                   { A = ast_interval(ps, T.pos, true, S, U, V); }
literal(A) ::= INTERVAL(T) INTEGER(S) unit(U). [TO]
    { A = ast_interval(ps, T.pos, false, S, U, NULL); }
