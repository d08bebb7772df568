import { FIELDS } from "./catalogue"
import { OPERATORS, isOperator } from "./operators"
import { parseConditions } from "./parse"
import { ConditionGroup, ConditionRule, CustomerSnapshot, EvalContext, isGroup } from "./types"

export type ExplainedRule = {
  kind: "rule"
  /** as validation errors name it: "rules[1].rules[0]" */
  path: string
  field: string
  label: string
  operator: string
  operator_label: string
  value: unknown
  params: Record<string, unknown>
  /** the customer's value the rule was judged on (null: not set) */
  actual: unknown
  detail?: string
  held: boolean
  /** "orders.total_spent (completed, usd) = 1,840.00, needs >= 2,000: false" */
  text: string
}

export type ExplainedGroup = {
  kind: "group"
  path: string
  combinator: "and" | "or"
  not: boolean
  held: boolean
  /** how many direct children held */
  children_held: number
  text: string
  rules: ExplainedNode[]
}

export type ExplainedNode = ExplainedRule | ExplainedGroup

const SYMBOLS: Record<string, string> = { eq: "=", ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" }
const AMOUNTS = new Set(["orders.total_spent", "orders.average_value", "cart.subtotal"])
const LIST_SHOWN = 10

function formatNumber(n: number, amount: boolean): string {
  return n.toLocaleString("en-US", {
    minimumFractionDigits: amount ? 2 : 0,
    maximumFractionDigits: 2,
  })
}

function formatValue(v: unknown, amount: boolean, now?: Date): string {
  if (v === null || v === undefined) return "not set"
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return "not set"
    const days = now ? Math.floor((now.getTime() - v.getTime()) / 86_400_000) : null
    return `${v.toISOString()}${days == null ? "" : days >= 0 ? ` (${days} days ago)` : ` (in ${-days} days)`}`
  }
  if (typeof v === "number") return formatNumber(v, amount)
  if (typeof v === "boolean") return String(v)
  if (Array.isArray(v)) {
    if (!v.length) return "none"
    const shown = v.slice(0, LIST_SHOWN).map((x) => formatValue(x, amount))
    return `[${shown.join(", ")}${v.length > LIST_SHOWN ? `, +${v.length - LIST_SHOWN} more` : ""}]`
  }
  return JSON.stringify(String(v))
}

function formatParams(params: Record<string, unknown> | undefined): string {
  const p = params ?? {}
  const parts: string[] = []
  if (p.key != null) parts.push(`key ${JSON.stringify(String(p.key))}`)
  if (p.status != null) parts.push([p.status].flat().join("/"))
  if (p.currency_code != null) parts.push(String(p.currency_code).toLowerCase())
  if (p.within_days != null) parts.push(`last ${p.within_days} days`)
  if (p.region_id != null) parts.push(`region ${[p.region_id].flat().join("/")}`)
  if (p.sales_channel_id != null) parts.push(`sales channel ${[p.sales_channel_id].flat().join("/")}`)
  if (p.min_quantity != null) parts.push(`at least ${p.min_quantity} units`)
  if (p.address != null) parts.push(`${p.address} address`)
  return parts.length ? ` (${parts.join(", ")})` : ""
}

function explainRule(rule: ConditionRule, path: string, s: CustomerSnapshot, ctx: EvalContext): ExplainedRule {
  const field = FIELDS.get(rule.field)
  const op = rule.operator
  const opLabel = isOperator(op) ? OPERATORS[op].label : op
  // The same call the evaluator makes, so an explanation never disagrees with evaluateConditions.
  const held = field ? field.evaluate(rule, s, ctx) === true : false
  const actual = field ? field.actual(rule, s, ctx) : { value: null }
  const amount = AMOUNTS.has(rule.field)
  const needs =
    op === "is_set" || op === "is_not_set"
      ? opLabel
      : op === "between" && Array.isArray(rule.value)
        ? `between ${formatValue(rule.value[0], amount)} and ${formatValue(rule.value[1], amount)}`
        : op === "more_than_days_ago" || op === "within_last_days"
          ? opLabel.replace("N", String(rule.value))
          : `${SYMBOLS[op] ?? opLabel} ${formatValue(rule.value, amount)}`
  return {
    kind: "rule",
    path,
    field: rule.field,
    label: field?.label ?? rule.field,
    operator: op,
    operator_label: opLabel,
    value: rule.value ?? null,
    params: rule.params ?? {},
    actual: actual.value instanceof Date ? actual.value.toISOString() : actual.value ?? null,
    ...(actual.detail ? { detail: actual.detail } : {}),
    held,
    text: `${rule.field}${formatParams(rule.params)} = ${formatValue(actual.value, amount, ctx.now)}, needs ${needs}: ${held}`,
  }
}

function explainNode(node: ConditionGroup | ConditionRule, path: string, s: CustomerSnapshot, ctx: EvalContext): ExplainedNode {
  if (!isGroup(node)) return explainRule(node, path, s, ctx)
  const rules = node.rules.map((r, i) => explainNode(r, `${path ? `${path}.` : ""}rules[${i}]`, s, ctx))
  const childrenHeld = rules.filter((r) => r.held).length
  const inner = node.combinator === "or" ? childrenHeld > 0 : childrenHeld === rules.length
  const held = node.not ? !inner : inner
  const what = node.combinator === "or" ? "any of" : "all of"
  return {
    kind: "group",
    path,
    combinator: node.combinator,
    not: !!node.not,
    held,
    children_held: childrenHeld,
    text: `${node.not ? `not (${what})` : what}: ${childrenHeld} of ${rules.length} held${node.not ? `, inverted` : ""}: ${held}`,
    rules,
  }
}

/**
 * The in-memory engine's evaluation of a tree for one customer, node by node,
 * with the value each rule was judged on. The root's `held` equals
 * evaluateConditions(tree, snapshot, ctx).
 */
export function explainConditions(tree: ConditionGroup, snapshot: CustomerSnapshot, ctx: EvalContext): ExplainedGroup {
  return explainNode(parseConditions(tree), "", snapshot, ctx) as ExplainedGroup
}
