import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { evaluateConditions, globalAverageQueries, parseConditions, referencedSegmentIds } from "../conditions"
import type { ConditionGroup } from "../conditions"
import type { CustomerSnapshot } from "../types"
import { loadCustomerSnapshots } from "./activity-store"
import { sqlId } from "./sql-id"
import { insertLogSql } from "./segment-log"

export type RealtimeClock = { now: Date; defaultCurrency: string; runId: string; reason: string }

export type RealtimeResult = {
  /** realtime segments evaluated for each customer */
  segments: number
  /** customers evaluated (those with activity data) */
  customers: number
  joined: Array<{ customer_id: string; segment_id: string }>
  left: Array<{ customer_id: string; segment_id: string }>
}

export type RealtimeSegment = { id: string; audience: "all" | "registered"; tree: ConditionGroup; refs: string[] }

/**
 * Parsed trees by segment id, kept while the stored conditions are the same:
 * each tree is validated once, and the evaluator's own cache (by identity) hits.
 */
const treeCache = new Map<string, { stamp: string; segment: RealtimeSegment | null }>()

/**
 * Store-wide averages move slowly and cost a scan of every order: one batched
 * query, reused for a minute. The daily full refresh uses exact figures.
 */
const AVERAGE_TTL_MS = 60_000
const averageCache = new Map<string, { value: number | null; at: number }>()

/** Serialises with every other change of these segments until the transaction ends, in one round trip, in id order. */
export async function lockSegments(knex: Knex, segmentIds: string[]): Promise<void> {
  if (!segmentIds.length) return
  await knex.raw(
    `SELECT count(pg_advisory_xact_lock(hashtext('customer_segment'), hashtext(s)))
       FROM (SELECT DISTINCT unnest(?::text[]) AS s ORDER BY 1) q`,
    [segmentIds]
  )
}

async function loadRealtimeSegments(knex: Knex): Promise<RealtimeSegment[]> {
  const { rows } = await knex.raw(
    `SELECT id, audience, conditions FROM customer_segment
      WHERE refresh_mode = 'realtime' AND membership = 'rules' AND is_active AND deleted_at IS NULL AND conditions IS NOT NULL
      ORDER BY id`
  )
  const out: RealtimeSegment[] = []
  for (const r of rows as Array<{ id: string; audience: "all" | "registered"; conditions: unknown }>) {
    const stamp = `${r.audience}:${JSON.stringify(r.conditions)}`
    let cached = treeCache.get(r.id)
    if (!cached || cached.stamp !== stamp) {
      let segment: RealtimeSegment | null = null
      try {
        const tree = parseConditions(r.conditions)
        segment = { id: r.id, audience: r.audience, tree, refs: referencedSegmentIds(tree) }
      } catch {
        // A tree that no longer validates is skipped, not evaluated as "nobody matches":
        // its members stay until a refresh records the error on the segment.
        segment = null
      }
      cached = { stamp, segment }
      treeCache.set(r.id, cached)
    }
    if (cached.segment) out.push(cached.segment)
  }
  return out
}

/** Segments that read other segments' membership come after those segments. */
export function evaluationOrder(segments: RealtimeSegment[]): RealtimeSegment[] {
  const byId = new Map(segments.map((s) => [s.id, s]))
  const done = new Set<string>()
  const out: RealtimeSegment[] = []
  const visit = (s: RealtimeSegment, path: Set<string>) => {
    if (done.has(s.id) || path.has(s.id)) return // cycles are rejected on save; never loop here
    path.add(s.id)
    for (const ref of s.refs) {
      const dep = byId.get(ref)
      if (dep) visit(dep, path)
    }
    path.delete(s.id)
    done.add(s.id)
    out.push(s)
  }
  for (const s of segments) visit(s, new Set())
  return out
}

async function globalAverages(knex: Knex, segments: RealtimeSegment[], clock: RealtimeClock) {
  const queries = new Map<string, { sql: string; bindings: unknown[] }>()
  for (const s of segments) {
    for (const q of globalAverageQueries(s.tree, { now: clock.now, defaultCurrency: clock.defaultCurrency, audience: s.audience })) {
      queries.set(q.key, q)
    }
  }
  const values: Record<string, number | null> = {}
  const stale = [...queries.entries()].filter(([key]) => {
    const hit = averageCache.get(key)
    if (hit && Date.now() - hit.at < AVERAGE_TTL_MS) {
      values[key] = hit.value
      return false
    }
    return true
  })
  if (stale.length) {
    // One statement for every average: SELECT (q1) AS v0, (q2) AS v1, ...
    const select = stale.map(([, q], i) => `(${q.sql}) AS v${i}`).join(", ")
    const { rows } = await knex.raw(`SELECT ${select}`, stale.flatMap(([, q]) => q.bindings) as any[])
    stale.forEach(([key], i) => {
      const raw = rows[0]?.[`v${i}`]
      const value = raw === null || raw === undefined ? null : Number(raw)
      values[key] = value
      averageCache.set(key, { value, at: Date.now() })
    })
  }
  return values
}

/**
 * The real-time path for a few customers: under the locks of every realtime
 * segment (so a full refresh of one of them runs wholly before or after),
 * reads the customers' activity data, evaluates each realtime segment in
 * memory and applies the difference (auto members only; manual ones stay).
 * Reading after taking the locks means the last writer always decides on the
 * newest data: nothing is lost when a refresh and an event race.
 */
export async function evaluateRealtimeSegments(knex: Knex, customerIds: string[], clock: RealtimeClock): Promise<RealtimeResult> {
  const result: RealtimeResult = { segments: 0, customers: 0, joined: [], left: [] }
  const ids = [...new Set(customerIds)].filter(Boolean)
  if (!ids.length) return result
  const segments = evaluationOrder(await loadRealtimeSegments(knex))
  result.segments = segments.length
  if (!segments.length) return result

  await lockSegments(
    knex,
    segments.map((s) => s.id)
  )
  const [snapshots, averages] = await Promise.all([
    loadCustomerSnapshots(knex, ids),
    globalAverages(knex, segments, clock),
  ])
  const ctx = { now: clock.now, defaultCurrency: clock.defaultCurrency, globalAverages: averages }
  for (const snapshot of snapshots) {
    const matching = matchingSegments(segments, snapshot, ctx)
    const change = await applyLockedEvaluation(
      knex,
      snapshot.activity.id,
      segments.map((s) => s.id),
      matching,
      { runId: clock.runId, reason: clock.reason, now: clock.now }
    )
    result.customers++
    for (const segment_id of change.joined) result.joined.push({ customer_id: snapshot.activity.id, segment_id })
    for (const segment_id of change.left) result.left.push({ customer_id: snapshot.activity.id, segment_id })
  }
  return result
}


/**
 * What `applyCustomerEvaluation` (lib/membership) does, for a caller that
 * already holds the segments' locks, in one statement: joins the `auto`
 * membership of `matching`, leaves the `auto` membership of the other
 * `evaluated` segments, logs both and moves the counts.
 */
async function applyLockedEvaluation(
  knex: Knex,
  customerId: string,
  evaluated: string[],
  matching: string[],
  opts: { runId: string; reason: string; now: Date }
): Promise<{ joined: string[]; left: string[] }> {
  const { rows } = await knex.raw(
    `WITH want AS (SELECT DISTINCT unnest(?::text[]) AS segment_id),
     del AS (
       DELETE FROM customer_segment_member m
        WHERE m.customer_id = ? AND m.source = 'auto' AND m.deleted_at IS NULL
          AND m.segment_id = ANY(?::text[]) AND NOT EXISTS (SELECT 1 FROM want w WHERE w.segment_id = m.segment_id)
       RETURNING m.segment_id),
     ins AS (
       INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at)
       SELECT ${sqlId("csegm")}, w.segment_id, ?, 'auto', ? FROM want w
        WHERE NOT EXISTS (SELECT 1 FROM customer_segment_member m
                           WHERE m.segment_id = w.segment_id AND m.customer_id = ? AND m.deleted_at IS NULL)
       RETURNING segment_id),
     changes AS (SELECT segment_id, 'left' AS action, -1 AS delta FROM del UNION ALL SELECT segment_id, 'joined', 1 FROM ins),
     logged AS (${insertLogSql("(SELECT c.segment_id, ?::text AS customer_id, c.action FROM changes c)")}),
     counted AS (
       UPDATE customer_segment s SET customer_count = greatest(0, s.customer_count + c.delta), updated_at = now()
         FROM changes c WHERE s.id = c.segment_id)
     SELECT coalesce((SELECT array_agg(segment_id) FROM ins), '{}') AS "joined",
            coalesce((SELECT array_agg(segment_id) FROM del), '{}') AS "left"`,
    [matching, customerId, evaluated, customerId, opts.now, customerId, opts.reason, opts.runId, opts.now, customerId] as any[]
  )
  return { joined: rows[0].joined ?? [], left: rows[0].left ?? [] }
}

/** Which of `segments` (in evaluation order) the customer matches; later segments see earlier results. */
export function matchingSegments(
  segments: RealtimeSegment[],
  snapshot: CustomerSnapshot,
  ctx: { now: Date; defaultCurrency: string; globalAverages: Record<string, number | null> }
): string[] {
  // membership as it will be once applied: other segments as stored, realtime ones as evaluated so far
  const current = new Set(snapshot.segment_ids)
  const view: CustomerSnapshot = { ...snapshot, segment_ids: [...current] }
  const matching: string[] = []
  for (const s of segments) {
    const ok =
      (s.audience !== "registered" || snapshot.activity.has_account) && evaluateConditions(s.tree, view, ctx)
    if (ok) {
      matching.push(s.id)
      current.add(s.id)
    } else {
      current.delete(s.id)
    }
    view.segment_ids = [...current]
  }
  return matching
}

/**
 * A customer deleted in Medusa leaves every segment, manual memberships too:
 * deletes the member rows under the segments' locks, logs the leaves under
 * `runId` and updates the counts.
 */
export async function removeCustomersFromAllSegments(
  knex: Knex,
  customerIds: string[],
  opts: { runId: string; reason: string; now: Date }
): Promise<Array<{ customer_id: string; segment_id: string }>> {
  if (!customerIds.length) return []
  const { rows: held } = await knex.raw(
    `SELECT DISTINCT segment_id FROM customer_segment_member WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL`,
    [customerIds]
  )
  if (!held.length) return []
  await lockSegments(
    knex,
    held.map((r: any) => r.segment_id)
  )
  const { rows: left } = await knex.raw(
    `DELETE FROM customer_segment_member WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL RETURNING segment_id, customer_id`,
    [customerIds]
  )
  if (!left.length) return []
  await knex.raw(
    insertLogSql("(SELECT e.s AS segment_id, e.c AS customer_id, 'left' AS action FROM unnest(?::text[], ?::text[]) AS e(s, c))"),
    [opts.reason, opts.runId, opts.now, left.map((r: any) => r.segment_id), left.map((r: any) => r.customer_id)]
  )
  await knex.raw(
    `UPDATE customer_segment s
        SET customer_count = (SELECT count(*) FROM customer_segment_member m WHERE m.segment_id = s.id AND m.deleted_at IS NULL),
            updated_at = now()
      WHERE s.id = ANY(?::text[])`,
    [[...new Set(left.map((r: any) => r.segment_id as string))]] as any[]
  )
  return left.map((r: any) => ({ customer_id: r.customer_id, segment_id: r.segment_id }))
}
