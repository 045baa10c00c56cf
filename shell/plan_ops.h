/*
 * plan_ops.h - the operator that runs one plan node (shell/plan_ops.c), shared by the
 * shell's plan builder and the fuzzing harness.
 */
#ifndef SHELL_PLAN_OPS_H
#define SHELL_PLAN_OPS_H

#include "exec/exec.h"
#include "planner/planner.h"

/* The operator of a node with one input (Calc, Aggregate, Watermark, window table
 * function, window aggregation), its input being p->inputs[0]; NULL with diag set on
 * failure or for other node kinds. */
Operator *plan_node_operator(const PlanNode *p, Diag *diag);

#endif /* SHELL_PLAN_OPS_H */
