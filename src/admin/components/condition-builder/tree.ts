import type {
  Catalogue,
  CatalogueField,
  ConditionGroup,
  ConditionRule,
  OperatorArity,
} from "../../lib/types"

type AnyNode = Record<string, any>

export const isGroup = (node: AnyNode): node is ConditionGroup =>
  !!node && Array.isArray(node.rules)

export const emptyTree = (): ConditionGroup => ({
  combinator: "and",
  not: false,
  rules: [],
})

export const arityOf = (catalogue: Catalogue | undefined, operator: string): OperatorArity =>
  catalogue?.operators[operator]?.value ?? "single"

/** The value a rule starts with when its field or operator changes. */
export const defaultValueFor = (
  field: CatalogueField | undefined,
  operator: string,
  catalogue: Catalogue | undefined
): unknown => {
  const arity = arityOf(catalogue, operator)
  if (arity === "none") {
    return null
  }
  if (arity === "list") {
    return []
  }
  if (arity === "pair") {
    return field?.type === "number" ? [0, 0] : ["", ""]
  }
  switch (field?.type) {
    case "boolean":
      return true
    case "number":
      return 0
    case "date":
      return isRelativeDateOperator(operator) ? 30 : ""
    case "id_list":
      return []
    default:
      return ""
  }
}

export const isRelativeDateOperator = (operator: string) =>
  /days?_ago|last_days|_days$/.test(operator)

/**
 * The tree the API takes: only `combinator`, `not`, `rules` on groups and
 * `field`, `operator`, `value`, `params` on rules (react-querybuilder adds
 * `id`, `path`, `valueSource`...). Params the field does not declare, or left
 * empty, are dropped.
 */
export const cleanTree = (node: AnyNode, catalogue?: Catalogue): ConditionGroup => {
  const fields = new Map(catalogue?.fields.map((f) => [f.name, f]) ?? [])
  const walk = (n: AnyNode): ConditionGroup | ConditionRule => {
    if (isGroup(n)) {
      return {
        combinator: n.combinator === "or" ? "or" : "and",
        not: !!n.not,
        rules: n.rules.map((r: AnyNode) => walk(r)),
      }
    }
    const out: ConditionRule = { field: n.field, operator: n.operator }
    const arity = arityOf(catalogue, n.operator)
    if (arity !== "none") {
      out.value = n.value
    }
    const declared = fields.get(n.field)?.params
    if (n.params && typeof n.params === "object") {
      const params: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(n.params as Record<string, unknown>)) {
        if (declared && !declared.some((p) => p.name === k)) {
          continue
        }
        if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) {
          continue
        }
        params[k] = v
      }
      if (Object.keys(params).length) {
        out.params = params
      }
    }
    return out
  }
  return walk(node) as ConditionGroup
}

export const countRules = (node: AnyNode): number =>
  isGroup(node) ? node.rules.reduce((n, r) => n + countRules(r), 0) : 1

/**
 * Splits a 400 message such as `rules[1].rules[0].value: expected a number`
 * into the rule path ([1, 0]) and the text to show at that rule.
 */
export const parseErrorPath = (
  message: string
): { path: number[]; message: string } | null => {
  const m = /^\s*(conditions)?\.?((?:rules\[\d+\]\.?)*)([\w.[\]]*)\s*:\s*(.+)$/s.exec(message)
  // only messages about the tree ("conditions...", "rules[0]...") belong to the builder
  if (!m || (!m[1] && !m[2])) {
    return null
  }
  const path = [...m[2].matchAll(/rules\[(\d+)\]/g)].map((x) => Number(x[1]))
  const prop = m[3].replace(/^\./, "")
  return { path, message: prop ? `${prop}: ${m[4]}` : m[4] }
}

export const pathKey = (path: number[]) => path.join(".")
