import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  compileNodeVerdicts,
  ConditionGroup,
  ConditionValidationError,
  explainConditions,
  ExplainedNode,
  globalAverageQueries,
  parseConditions,
} from "../conditions"
import { loadCustomerSnapshots } from "./activity-store"

type ExplainSegment = {
  id: string
  name: string
  membership: "rules" | "manual"
  audience: "all" | "registered"
  is_active: boolean
  conditions: unknown
}

/** An explained node with the SQL engine's verdict beside the in-memory one. */
export type VerdictNode = ExplainedNode & { sql_held: boolean | null; rules?: VerdictNode[] }

export type Explanation = {
  segment: { id: string; name: string; membership: string; audience: string; is_active: boolean }
  customer_id: string
  /** false: the activity build has not reached this customer yet (nothing can match) */
  has_activity: boolean
  in_audience: boolean
  member: { source: "auto" | "manual"; added_at: Date } | null
  /** the rules' verdict (in-memory engine), audience included; null for a manual segment */
  matches: boolean | null
  /** the SQL engine's verdict on the same data; null for a manual segment */
  sql_matches: boolean | null
  engines_agree: boolean
  /** what the membership and the verdict mean together, in words */
  summary: string
  conditions: VerdictNode | null
  conditions_error: string | null
  /** joins and leaves of this customer, newest first */
  history: Array<{ action: "joined" | "left"; reason: string; run_id: string | null; at: Date }>
  evaluated_at: Date
}

const HISTORY = 50

/** The store-wide averages a tree's average_vs_global rules compare against, exact (no cache). */
async function exactGlobalAverages(knex: Knex, tree: ConditionGroup, ctx: { now: Date; defaultCurrency: string; audience: "all" | "registered" }) {
  const out: Record<string, number | null> = {}
  for (const q of globalAverageQueries(tree, ctx)) {
    const { rows } = await knex.raw(q.sql, q.bindings as any[])
    const v = rows[0]?.value
    out[q.key] = v === null || v === undefined ? null : Number(v)
  }
  return out
}

function attachVerdicts(node: ExplainedNode, verdicts: Map<string, boolean | null>): VerdictNode {
  const sql_held = verdicts.get(node.path) ?? null
  if (node.kind === "group") {
    return { ...node, sql_held, rules: node.rules.map((r) => attachVerdicts(r, verdicts)) } as VerdictNode
  }
  return { ...node, sql_held }
}

function allAgree(node: VerdictNode): boolean {
  if (node.sql_held !== node.held) return false
  return node.kind === "group" ? (node.rules as VerdictNode[]).every(allAgree) : true
}

function summarise(e: Omit<Explanation, "summary">): string {
  const m = e.member
  if (e.segment.membership === "manual") {
    return m ? `In the segment: added by hand ${m.added_at.toISOString()}.` : "Not in the segment: a manual segment holds only customers added by hand."
  }
  if (e.conditions_error) return `The segment's conditions no longer validate (${e.conditions_error}): refreshes leave its members as they are.`
  if (!e.has_activity) return "No activity data for this customer yet: nothing can match until the activity build reaches them."
  if (!e.in_audience) {
    return m?.source === "manual"
      ? "In the segment as a manual member, though the segment is for registered customers and this is a guest."
      : "Not in the audience: the segment is for registered customers and this is a guest."
  }
  if (e.matches) {
    if (!m) return "Matches the conditions but is not a member yet: joins at the next refresh."
    return m.source === "manual" ? "In the segment: matches the conditions, and is a manual member besides." : "In the segment: matches the conditions."
  }
  if (!m) return "Not in the segment: does not match the conditions (see the rules that did not hold)."
  return m.source === "manual"
    ? "In the segment as a manual member, though it does not match the conditions."
    : "A member that no longer matches the conditions: leaves at the next refresh."
}

/**
 * Why a customer is (or is not) in a segment: the rules evaluated by the
 * in-memory engine on the customer's activity data, each with the value it was
 * judged on, checked node by node against the SQL engine's verdict; plus the
 * membership row and the customer's join/leave history.
 */
export async function explainMembership(
  knex: Knex,
  segment: ExplainSegment,
  customerId: string,
  clock: { now: Date; defaultCurrency: string }
): Promise<Explanation> {
  const [snapshot] = await loadCustomerSnapshots(knex, [customerId])
  const { rows: memberRows } = await knex.raw(
    `SELECT source, added_at FROM customer_segment_member WHERE segment_id = ? AND customer_id = ? AND deleted_at IS NULL LIMIT 1`,
    [segment.id, customerId]
  )
  const { rows: history } = await knex.raw(
    `SELECT action, reason, run_id, at FROM customer_segment_log
      WHERE segment_id = ? AND customer_ids @> ARRAY[?::text] AND deleted_at IS NULL
      ORDER BY at DESC, id DESC LIMIT ?`,
    [segment.id, customerId, HISTORY]
  )
  const inAudience = !!snapshot && (segment.audience !== "registered" || !!snapshot.activity.has_account)

  let conditions: VerdictNode | null = null
  let conditionsError: string | null = null
  let matches: boolean | null = null
  let sqlMatches: boolean | null = null
  if (segment.membership === "rules") {
    matches = false
    sqlMatches = false
    let tree: ConditionGroup | null = null
    try {
      tree = parseConditions(segment.conditions)
    } catch (e) {
      if (!(e instanceof ConditionValidationError)) throw e
      conditionsError = e.message
    }
    if (tree && snapshot) {
      const ctx = { now: clock.now, defaultCurrency: clock.defaultCurrency, audience: segment.audience }
      const explained = explainConditions(tree, snapshot, { ...ctx, globalAverages: await exactGlobalAverages(knex, tree, ctx) })
      const q = compileNodeVerdicts(tree, ctx, customerId)
      const { rows } = await knex.raw(q.sql, q.bindings as any[])
      const row = rows[0]
      const verdicts = new Map<string, boolean | null>(q.paths.map((p, i) => [p, row ? row[`n${i}`] === true : null]))
      conditions = attachVerdicts(explained, verdicts)
      matches = inAudience && explained.held
      sqlMatches = !!row && row.in_audience === true && row.n0 === true
    }
  }

  const base = {
    segment: { id: segment.id, name: segment.name, membership: segment.membership, audience: segment.audience, is_active: segment.is_active },
    customer_id: customerId,
    has_activity: !!snapshot,
    in_audience: inAudience,
    member: memberRows[0] ? { source: memberRows[0].source, added_at: new Date(memberRows[0].added_at) } : null,
    matches,
    sql_matches: sqlMatches,
    engines_agree: matches === sqlMatches && (conditions ? allAgree(conditions) : true),
    conditions,
    conditions_error: conditionsError,
    history: history.map((h: any) => ({ action: h.action, reason: h.reason, run_id: h.run_id, at: new Date(h.at) })),
    evaluated_at: clock.now,
  }
  return { ...base, summary: summarise(base) }
}
