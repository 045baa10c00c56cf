/*
 * agg.h - the pieces of aggregation (private to exec/): the key table that gives each
 * row its group, and the accumulators that keep each group's aggregate state.
 *
 * Both are columnar and vectorised: the key table takes a batch's key vectors and
 * returns a dense group id per live row; an accumulator takes a batch's argument
 * vector with the group id and the sign (+1 add, -1 retract) of each row, and updates
 * its per-group state arrays in a loop specialised for its kind and argument type.
 */
#ifndef EXEC_AGG_H
#define EXEC_AGG_H

#include "exec/exec.h"

/* ---- key table (exec/keytable.c) --------------------------------------------------- */

/*
 * An open-addressing hash table from group keys to group ids. Ids are dense (0, 1, 2,
 * ... in first-seen order) until groups are removed: a removed group's id becomes free
 * and is handed to a later new group (last removed, first reused), so ids stay below
 * keytab_count() and the caller's per-group arrays need not grow; the caller must
 * treat a reused id as a new, empty group (acc_clear has emptied its accumulators).
 * Keys are hashed with XXH3 (xxhash.h): a batch's keys are hashed column by column
 * into one hash per row, then each row probes once. NULL is a key value of its own
 * (equal to NULL). The table copies key values it keeps: strings into its own arena,
 * so batches may go away. Zero key columns is allowed: every row is group 0 (a global
 * aggregation).
 */
typedef struct KeyTable KeyTable;

KeyTable *keytab_new(int n_keys, const SqlType *key_types);
void keytab_free(KeyTable *t); /* accepts NULL */
/*
 * For the live rows of a batch — rows sel[0..n) or 0..n-1 when sel is NULL — whose key
 * columns are keys[0..n_keys): writes the group id of the i-th live row to gids[i],
 * adding groups that are new. Returns the number of groups after the call.
 */
uint32_t keytab_find_or_add(KeyTable *t, const Vector *const *keys, const uint16_t *sel, uint32_t n,
                            uint32_t *gids);
/* One more than the largest group id ever handed out (the live groups plus free ids). */
uint32_t keytab_count(const KeyTable *t);
/* Removes the groups ids[0..n) (live, each once): their keys are no longer found, and
 * their ids are free for reuse by keytab_find_or_add. May move the stored strings of
 * the other groups (pointers from earlier keytab_gather calls become invalid). */
void keytab_remove(KeyTable *t, const uint32_t *ids, uint32_t n);
/* Removes every group at once (cheaper than keytab_remove of all): the table is as
 * new, and ids start from 0 again; its memory is kept for reuse. */
void keytab_reset(KeyTable *t);
/* The direct map of a one-integer-key table may always span `entries` keys (default
 * 2^20; beyond, 16 per live group). Smaller for the many small tables of window
 * slices, so that sparse keys cost little memory each. */
void keytab_set_direct_floor(KeyTable *t, uint64_t entries);
/* Writes the key values of groups ids[0..n) into rows 0..n-1 of out[0..n_keys) (vectors
 * of the key types; string values point into the table's arena, valid until the next
 * keytab_remove or keytab_free). */
void keytab_gather(const KeyTable *t, const uint32_t *ids, uint32_t n, Vector *const *out);
size_t keytab_bytes(const KeyTable *t); /* memory held, for statistics */

/* ---- accumulators (exec/accumulators.c) -------------------------------------------- */

/*
 * The state of one aggregate call for every group, in arrays indexed by group id.
 * Semantics are Flink's: NULL arguments are ignored (COUNT(*) counts rows); SUM, AVG,
 * MIN, MAX, FIRST_VALUE, LAST_VALUE, STDDEV_*, VAR_*, LISTAGG of a group with no
 * non-NULL value are NULL; COUNT is never NULL; AVG of an integer type is an integer
 * (Flink: sum / count in the argument type); a sign of -1 retracts a value (the row
 * was -U or -D). With a FILTER column, only rows where it is TRUE count. DISTINCT
 * counts each value once per group (with retraction: by reference count).
 */
typedef struct Accumulator Accumulator;

Accumulator *acc_new(const AggCall *call);
void acc_free(Accumulator *acc); /* accepts NULL */
/* Sets "not supported yet: SUM DISTINCT of BOOLEAN<where>" for a call an operator
 * cannot compute (where: "" or e.g. " over SESSION windows"); returns -1. */
int acc_refuse(const AggCall *call, const char *where, Diag *diag);
/* Makes room for groups 0..n_groups-1; new groups start empty. */
void acc_reserve(Accumulator *acc, uint32_t n_groups);
/*
 * Applies n rows: the i-th is batch row rows[i] of `arg` (NULL for COUNT(*)) and
 * `filter` (NULL without FILTER), belongs to group gids[i] and has sign signs[i]
 * (+1 or -1). Fails only on overflow that Flink reports as an error (none today).
 */
int acc_update(Accumulator *acc, const Vector *arg, const Vector *filter, const uint16_t *rows,
               const uint32_t *gids, const int8_t *signs, uint32_t n, Diag *diag);
/* Writes the current result of groups ids[0..n) into rows 0..n-1 of out (a vector of
 * the call's result type); strings are copied into arena, so a result taken before an
 * acc_update stays valid after it (the aggregation's "before" rows rely on this). */
void acc_result(Accumulator *acc, const uint32_t *ids, uint32_t n, Vector *out, Arena *arena);
/* Empties groups ids[0..n) (each once): their state is as for a group never updated,
 * and their per-group structures (value maps' entries, lists, buffers, sketches,
 * strings) are freed, so the ids may be reused for new groups. */
void acc_clear(Accumulator *acc, const uint32_t *ids, uint32_t n);
/* Whether acc_merge can combine states of this call (see acc_merge). */
bool acc_can_merge(const AggCall *call);
/*
 * Folds the state of groups src_ids[0..n) of `src` into groups dst_ids[0..n) of `dst`:
 * afterwards dst's group dst_ids[i] is as if it had received, after its own rows, every
 * row src's group src_ids[i] received, in the same order. `dst` and `src` are two
 * accumulators made by acc_new from equal AggCalls; dst_ids are distinct within one
 * call, and acc_reserve has made room for them. src is not changed. Only for calls
 * acc_can_merge accepts.
 */
void acc_merge(Accumulator *dst, const uint32_t *dst_ids, const Accumulator *src,
               const uint32_t *src_ids, uint32_t n);
size_t acc_bytes(const Accumulator *acc); /* memory held, for statistics */

/*
 * Shared DISTINCT state (exec/acc_share.c). The DISTINCT calls of one operator over the
 * same argument column (COUNT(DISTINCT bidder), and the same with FILTERs) keep one
 * set of (group, value) with a reference count per member, so each row probes it once
 * for all of them, not once each. The members are accumulators made by acc_new for
 * which acc_can_share holds, from calls with one argument column and type;
 * acc_share_update then does the work of their acc_update over the batch's columns
 * `cols` (each call's `arg` and `filter` name its columns), and acc_share_clear adds to
 * their acc_clear.
 */
typedef struct AccShare AccShare;
#define ACC_SHARE_MAX 8
bool acc_can_share(const Accumulator *acc);
AccShare *acc_share_new(Accumulator *const *members, int n_members);
void acc_share_free(AccShare *s); /* accepts NULL; not the members */
int acc_share_update(AccShare *s, const Vector *cols, const uint16_t *rows, const uint32_t *gids,
                     const int8_t *signs, uint32_t n, Diag *diag);
void acc_share_clear(AccShare *s, const uint32_t *ids, uint32_t n);
size_t acc_share_bytes(const AccShare *s);

#endif /* EXEC_AGG_H */
