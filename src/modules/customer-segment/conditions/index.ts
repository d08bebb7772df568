/**
 * The condition engine (SPEC §3): a closed catalogue of fields and operators,
 * validation, a SQL compiler and an in-memory evaluator that agree exactly.
 *
 * Semantics shared by both engines:
 * - two-valued logic: a condition on missing data (null or "" scalars, no
 *   orders for averages and first/last order dates) is false for every
 *   operator except is_not_set; `not` inverts a group's final boolean;
 * - string comparisons are case-insensitive for every string field (lower() in
 *   SQL, toLowerCase() in memory; identical for ASCII, non-ASCII case folding
 *   follows the database's locale); "" counts as not set;
 * - id lists compare exactly; an empty list is a value (is_not_set);
 * - numbers compare as numbers (float8 in SQL; amounts are summed exactly and
 *   rounded once, like sum(numeric)::float8);
 * - dates: ISO strings, date-only = 00:00 UTC; relative dates use ctx.now.
 */
export type {
  ConditionRule,
  ConditionGroup,
  CompileContext,
  EvalContext,
} from "./types"
export { ConditionValidationError } from "./types"
export { parseConditions, MAX_DEPTH, MAX_RULES } from "./parse"
export { compileNodeVerdicts, compileSegmentQuery, compileSharedSegmentsQuery, globalAverageQueries, referencedSegmentIds } from "./compile"
export { explainConditions } from "./explain"
export type { ExplainedGroup, ExplainedNode, ExplainedRule } from "./explain"
export { evaluateConditions } from "./evaluate"
export { describeCatalogue } from "./describe"
export type { CatalogueDescription } from "./describe"
export { OPERATORS, OPERATORS_BY_TYPE } from "./operators"
export type { Operator, FieldType } from "./operators"
