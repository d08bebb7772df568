import { CteBuilder, FIELDS, globalAverageKey, globalAverageSql } from "./catalogue"
import { parseConditions } from "./parse"
import { Sql, join, param, raw, sql, truthy } from "./sql"
import { CompileContext, ConditionGroup, ConditionRule, ConditionValidationError, isGroup } from "./types"

class Builder implements CteBuilder {
  readonly ctes: Array<{ alias: string; body: Sql; joined: boolean }> = []
  private readonly byKey = new Map<string, string>()

  /** With `only`, every per-customer CTE is narrowed to that customer (PostgreSQL pushes the filter below its GROUP BY). */
  constructor(private readonly only?: string) {}

  private add(body: Sql, kind: "joined" | "single" | "rows"): string {
    // explain: every per-customer relation narrowed to the customer (a CTE read twice is
    // computed whole before any filter, so the shared rows are narrowed themselves)
    if (kind !== "single" && this.only !== undefined) {
      body = sql("SELECT * FROM (", body, ") one WHERE one.customer_id = ", param(this.only, "text"))
    }
    const key = `${kind}|${body.text}|${JSON.stringify(body.values)}`
    let alias = this.byKey.get(key)
    if (!alias) {
      alias = `${kind === "joined" ? "c" : kind === "rows" ? "r" : "g"}${this.ctes.length + 1}`
      this.byKey.set(key, alias)
      this.ctes.push({ alias, body, joined: kind === "joined" })
    }
    return alias
  }
  joined(body: Sql): string {
    return this.add(body, "joined")
  }
  single(body: Sql): string {
    return this.add(body, "single")
  }
  rows(body: Sql): string {
    return this.add(body, "rows")
  }
}

function compileNode(node: ConditionGroup | ConditionRule, ctx: CompileContext, b: Builder): Sql {
  if (isGroup(node)) {
    const inner = join(
      node.rules.map((r) => compileNode(r, ctx, b)),
      node.combinator === "or" ? " OR " : " AND "
    )
    return node.not ? sql("(NOT (", inner, "))") : sql("(", inner, ")")
  }
  const field = FIELDS.get(node.field)
  if (!field) throw new ConditionValidationError("", `unknown field "${node.field}"`)
  return truthy(field.compile(node, ctx, b))
}

/**
 * Compiles a condition tree to one SELECT of `customer_id` (each customer once)
 * over customer_segment_activity `a`, for `knex.raw(sql, bindings)`.
 *
 * Every leaf is two-valued (COALESCE(..., false)), so NOT never meets a NULL.
 * Aggregates over orders, purchases and memberships are grouped CTEs (one row
 * per customer) LEFT JOINed to `a`: hash joins, no correlated subqueries over
 * the fact tables. Identical CTEs are shared. A `null` tree selects the whole
 * audience.
 */
export function compileSegmentQuery(
  tree: ConditionGroup | null,
  ctx: CompileContext
): { sql: string; bindings: unknown[]; /** grouped CTEs over the fact tables (0: the activity rows alone) */ ctes: number } {
  const b = new Builder()
  const where: Sql[] = [raw("a.deleted_at IS NULL")]
  if (ctx.audience === "registered") where.push(raw("a.has_account = true"))
  if (tree != null) where.push(compileNode(parseConditions(tree), ctx, b))

  const withClause = b.ctes.length
    ? sql("WITH ", join(b.ctes.map((c) => sql(`${c.alias} AS (`, c.body, ")")), ", "), " ")
    : raw("")
  const joins = b.ctes.filter((c) => c.joined).map((c) => ` LEFT JOIN ${c.alias} ON ${c.alias}.customer_id = a.id`)
  const out = sql(
    withClause,
    "SELECT a.id AS customer_id FROM customer_segment_activity a",
    joins.join(""),
    " WHERE ",
    join(where, " AND ")
  )
  return { sql: out.text, bindings: [...out.values], ctes: b.ctes.length }
}

/**
 * Compiles many segments' trees to ONE SELECT of `(segment_id, customer_id)`
 * pairs over customer_segment_activity `a`: one Builder for all trees, so a CTE
 * two segments need is computed once, and one scan of the activity rows (each
 * row tested against every predicate, the keys of those it meets unnested:
 * `unnest(ARRAY[CASE WHEN p1 THEN key1 END, ...])`). Each entry's
 * audience sits inside its own predicate. A `null` tree matches nobody (a
 * manual segment, or a rules segment without conditions, as the single refresh
 * treats it), unlike compileSegmentQuery.
 */
export function compileSharedSegmentsQuery(
  entries: Array<{ key: string; tree: ConditionGroup | null; audience: "all" | "registered" }>,
  ctx: Omit<CompileContext, "audience">,
  /**
   * "values": `LATERAL (VALUES (key1, p1), ...) WHERE ok` instead, kept for the bench: its
   * Values Scan per activity row made the match 4.5× slower (2,000 customers, 50 segments)
   */
  form: "array" | "values" = "array"
): { sql: string; bindings: unknown[]; ctes: number } {
  const b = new Builder()
  const preds = entries.map((e) => {
    const parts: Sql[] = []
    if (e.audience === "registered") parts.push(raw("a.has_account = true"))
    if (e.tree != null) parts.push(compileNode(parseConditions(e.tree), { ...ctx, audience: e.audience }, b))
    return e.tree == null ? raw("false") : join(parts, " AND ")
  })
  const withClause = b.ctes.length
    ? sql("WITH ", join(b.ctes.map((c) => sql(`${c.alias} AS (`, c.body, ")")), ", "), " ")
    : raw("")
  const joins = b.ctes.filter((c) => c.joined).map((c) => ` LEFT JOIN ${c.alias} ON ${c.alias}.customer_id = a.id`)
  const pairs =
    form === "values"
      ? sql(
          " CROSS JOIN LATERAL (VALUES ",
          preds.length ? join(preds.map((p, i) => sql("(", param(entries[i].key, "text"), ", ", p, ")")), ", ") : raw("(NULL::text, false)"),
          ") s(segment_id, ok) WHERE a.deleted_at IS NULL AND s.ok"
        )
      : sql(
          " CROSS JOIN LATERAL unnest(ARRAY[",
          preds.length ? join(preds.map((p, i) => sql("CASE WHEN ", p, " THEN ", param(entries[i].key, "text"), " END")), ", ") : raw("NULL"),
          "]::text[]) s(segment_id) WHERE a.deleted_at IS NULL AND s.segment_id IS NOT NULL"
        )
  const out = sql(withClause, "SELECT s.segment_id, a.id AS customer_id FROM customer_segment_activity a", joins.join(""), pairs)
  return { sql: out.text, bindings: [...out.values], ctes: b.ctes.length }
}

function collectRules(node: ConditionGroup | ConditionRule, out: ConditionRule[]): ConditionRule[] {
  if (isGroup(node)) node.rules.forEach((r) => collectRules(r, out))
  else out.push(node)
  return out
}

/**
 * One query per distinct params set of orders.average_vs_global_pct: the
 * store-wide average order value (all customers) as column `value`, null
 * without orders. Fill EvalContext.globalAverages[key] with it.
 */
export function globalAverageQueries(
  tree: ConditionGroup,
  ctx: CompileContext
): Array<{ key: string; sql: string; bindings: unknown[] }> {
  const seen = new Map<string, { key: string; sql: string; bindings: unknown[] }>()
  for (const rule of collectRules(parseConditions(tree), [])) {
    if (rule.field !== "orders.average_vs_global_pct") continue
    const key = globalAverageKey(rule, ctx)
    if (seen.has(key)) continue
    const q = globalAverageSql(rule, ctx)
    seen.set(key, { key, sql: `SELECT v AS value FROM (${q.text}) avg_q`, bindings: [...q.values] })
  }
  return [...seen.values()]
}

/** segment ids named by segment.member_of rules (to reject unknown ids and cycles). */
export function referencedSegmentIds(tree: ConditionGroup): string[] {
  const ids = new Set<string>()
  for (const rule of collectRules(tree, [])) {
    if (rule.field !== "segment.member_of") continue
    const v = rule.value
    for (const id of Array.isArray(v) ? v : v == null ? [] : [v]) ids.add(String(id))
  }
  return [...ids]
}

/**
 * The SQL engine's verdict on every node of a tree for one customer: one
 * SELECT with a boolean column per node (`n0` the root, then depth first in
 * rule order), sharing the CTEs, narrowed to the customer. `paths[i]` names
 * node i as validation errors do ("" for the root, "rules[1].rules[0]").
 * `in_audience` says whether the customer is in the audience at all; no row
 * means no activity data for the customer.
 */
export function compileNodeVerdicts(
  tree: ConditionGroup,
  ctx: CompileContext,
  customerId: string
): { sql: string; bindings: unknown[]; paths: string[] } {
  const b = new Builder(customerId)
  const columns: Sql[] = []
  const paths: string[] = []
  const visit = (node: ConditionGroup | ConditionRule, path: string): Sql => {
    const index = columns.length
    columns.push(raw("NULL"))
    paths.push(path)
    let out: Sql
    if (isGroup(node)) {
      const inner = join(
        node.rules.map((r, i) => visit(r, `${path ? `${path}.` : ""}rules[${i}]`)),
        node.combinator === "or" ? " OR " : " AND "
      )
      out = node.not ? sql("(NOT (", inner, "))") : sql("(", inner, ")")
    } else {
      const field = FIELDS.get(node.field)
      if (!field) throw new ConditionValidationError(path, `unknown field "${node.field}"`)
      out = truthy(field.compile(node, ctx, b))
    }
    columns[index] = out
    return out
  }
  visit(parseConditions(tree), "")

  const withClause = b.ctes.length
    ? sql("WITH ", join(b.ctes.map((c) => sql(`${c.alias} AS (`, c.body, ")")), ", "), " ")
    : raw("")
  const joins = b.ctes.filter((c) => c.joined).map((c) => ` LEFT JOIN ${c.alias} ON ${c.alias}.customer_id = a.id`)
  const out = sql(
    withClause,
    "SELECT ",
    ctx.audience === "registered" ? "a.has_account = true" : "true",
    " AS in_audience, ",
    join(columns.map((c, i) => sql(c, ` AS n${i}`)), ", "),
    " FROM customer_segment_activity a",
    joins.join(""),
    " WHERE a.deleted_at IS NULL AND a.id = ",
    param(customerId, "text")
  )
  return { sql: out.text, bindings: [...out.values], paths }
}
