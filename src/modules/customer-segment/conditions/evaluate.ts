import { FIELDS } from "./catalogue"
import { parseConditions } from "./parse"
import { ConditionGroup, ConditionRule, CustomerSnapshot, EvalContext, isGroup } from "./types"

/** Trees already validated (by identity), so realtime evaluation parses each tree once. */
const validated = new WeakMap<object, ConditionGroup | null>()

function validatedTree(tree: ConditionGroup): ConditionGroup | null {
  if (!validated.has(tree)) {
    let parsed: ConditionGroup | null = null
    try {
      parsed = parseConditions(tree)
    } catch {
      parsed = null
    }
    validated.set(tree, parsed)
  }
  return validated.get(tree)!
}

function evaluateNode(node: ConditionGroup | ConditionRule, s: CustomerSnapshot, ctx: EvalContext): boolean {
  if (isGroup(node)) {
    const result =
      node.combinator === "or"
        ? node.rules.some((r) => evaluateNode(r, s, ctx))
        : node.rules.every((r) => evaluateNode(r, s, ctx))
    return node.not ? !result : result
  }
  const field = FIELDS.get(node.field)
  // fail closed: whatever is not in the catalogue matches no one
  return field ? field.evaluate(node, s, ctx) === true : false
}

/**
 * Evaluates a tree for one customer in memory, with the same semantics as
 * compileSegmentQuery (audience is the caller's business). A tree that does not
 * validate matches no one.
 */
export function evaluateConditions(tree: ConditionGroup, snapshot: CustomerSnapshot, ctx: EvalContext): boolean {
  const parsed = validatedTree(tree)
  if (!parsed) return false
  return evaluateNode(parsed, snapshot, ctx)
}
