import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { randomBytes } from "node:crypto"
import { sqlId } from "./sql-id"
import { insertLogSql } from "./segment-log"
import { materializeMatch } from "./match-table"

export type MembershipChange = { added: number; removed: number; size: number; manual: number }

/** Serialises every membership change of one segment, across processes, until the transaction ends. */
export async function lockSegment(knex: Knex, segmentId: string): Promise<void> {
  await knex.raw("SELECT pg_advisory_xact_lock(hashtext('customer_segment'), hashtext(?))", [segmentId])
}

async function counts(knex: Knex, segmentId: string): Promise<{ size: number; manual: number }> {
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS size, count(*) FILTER (WHERE source = 'manual')::int AS manual
       FROM customer_segment_member WHERE segment_id = ? AND deleted_at IS NULL`,
    [segmentId]
  )
  return rows[0]
}

/**
 * Makes the `auto` members of a segment equal to the customers `match` selects
 * (a query with one `customer_id` column), in one statement: adds who matches,
 * removes `auto` members who no longer match, never touches `manual` ones, and
 * logs every join and leave under `runId`.
 */
export async function applyFullRefresh(
  knex: Knex,
  segmentId: string,
  match: { sql: string; bindings: unknown[] },
  opts: { runId: string; reason: string; now: Date }
): Promise<MembershipChange> {
  // The match first, into a temporary table (parallel workers, see materializeMatch).
  const matchedTable = await materializeMatch(knex, match)
  // Every join below is set against set. The member table's statistics lag behind a large
  // change (autoanalyze runs later): right after a first fill the planner took the segment's
  // 100,000 members for one row and anti-joined them to the matches in a nested loop (still
  // running after 5 minutes on PostgreSQL 15's default settings, 1.3 s without it). Hash and
  // merge joins only, for the rest of this transaction (what follows reads one table at a time).
  await knex.raw("SET LOCAL enable_nestloop = off")
  const { rows } = await knex.raw(
    `WITH matched AS MATERIALIZED (SELECT customer_id FROM ${matchedTable}),
     del AS (
       DELETE FROM customer_segment_member m
        WHERE m.segment_id = ? AND m.source = 'auto' AND m.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM matched x WHERE x.customer_id = m.customer_id)
       RETURNING m.segment_id, m.customer_id),
     ins AS (
       INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at, created_at, updated_at)
       SELECT ${sqlId("csegm", "x.customer_id")}, ?, x.customer_id, 'auto', ?, ?, ?
         FROM matched x
        WHERE NOT EXISTS (SELECT 1 FROM customer_segment_member m
                           WHERE m.segment_id = ? AND m.customer_id = x.customer_id AND m.deleted_at IS NULL)
       RETURNING segment_id, customer_id),
     logged AS (${insertLogSql(
       "(SELECT segment_id, customer_id, 'left' AS action FROM del UNION ALL SELECT segment_id, customer_id, 'joined' FROM ins)"
     )})
     SELECT (SELECT count(*) FROM del)::int AS removed, (SELECT count(*) FROM ins)::int AS added`,
    ([
      segmentId,
      segmentId, opts.now, opts.now, opts.now,
      segmentId,
      opts.reason, opts.runId, opts.now,
    ] as any[])
  )
  const { added, removed } = rows[0]
  const { size, manual } = await counts(knex, segmentId)
  await knex.raw(
    `UPDATE customer_segment SET customer_count = ?, last_refreshed_at = ?, last_error = NULL, last_error_at = NULL, updated_at = now() WHERE id = ?`,
    [size, opts.now, segmentId]
  )
  await knex.raw(
    `INSERT INTO customer_segment_snapshot (id, segment_id, at, size, added, removed, manual) SELECT ${sqlId("csegs")}, ?::text, ?::timestamptz, ?::int, ?::int, ?::int, ?::int`,
    [segmentId, opts.now, size, added, removed, manual]
  )
  return { added, removed, size, manual }
}

/**
 * applyFullRefresh for many segments at once: `match` selects
 * `(segment_id, customer_id)` pairs for every segment of `segmentIds` (a
 * segment without pairs matches nobody). The same end state, log rows and one
 * snapshot per segment as applyFullRefresh run for each, in set-based
 * statements over all the segments instead of a handful per segment.
 */
export async function applySharedRefresh(
  knex: Knex,
  segmentIds: string[],
  match: { sql: string; bindings: unknown[] },
  opts: { runId: string; reason: string; now: Date }
): Promise<Map<string, MembershipChange>> {
  if (!segmentIds.length) return new Map()
  // As in applyFullRefresh: CREATE TABLE AS gets parallel workers, a writing statement does not.
  // No DISTINCT: `a.id` is the activity key and every joined CTE has one row per customer, so
  // each (segment, customer) pair comes once.
  const matchedTable = `cseg_shared_${randomBytes(8).toString("hex")}`
  await knex.raw(`CREATE TEMPORARY TABLE ${matchedTable} ON COMMIT DROP AS SELECT segment_id, customer_id FROM (${match.sql}) q`, match.bindings as any[])
  // Temporary tables are never autoanalyzed: without statistics the planner guesses their size.
  await knex.raw(`ANALYZE ${matchedTable}`)
  // Hash and merge joins only, for the reason given in applyFullRefresh.
  await knex.raw("SET LOCAL enable_nestloop = off")
  // One FULL JOIN of the matches and the members finds both who joins and who leaves:
  // at 1,000,000 customers and 50 segments both sides hold 12,000,000 pairs, and the two
  // anti-joins this replaces hashed them twice (27.7 s + 22.5 s, spilling to disk).
  // The leavers are then deleted by primary key.
  const { rows: changed } = await knex.raw(
    `WITH d AS MATERIALIZED (
       SELECT COALESCE(x.segment_id, m.segment_id) AS segment_id, COALESCE(x.customer_id, m.customer_id) AS customer_id,
              m.id AS member_id
         FROM ${matchedTable} x
         FULL JOIN (SELECT id, segment_id, customer_id, source FROM customer_segment_member
                     WHERE segment_id = ANY(?) AND deleted_at IS NULL) m
           ON m.segment_id = x.segment_id AND m.customer_id = x.customer_id
        WHERE m.id IS NULL OR (x.customer_id IS NULL AND m.source = 'auto')),
     del AS (
       DELETE FROM customer_segment_member m
        WHERE m.id = ANY(ARRAY(SELECT member_id FROM d WHERE member_id IS NOT NULL))
       RETURNING m.segment_id, m.customer_id),
     ins AS (
       INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at, created_at, updated_at)
       SELECT ${sqlId("csegm", "d.segment_id, d.customer_id")}, d.segment_id, d.customer_id, 'auto', ?, ?, ?
         FROM d WHERE d.member_id IS NULL
       RETURNING segment_id, customer_id),
     logged AS (${insertLogSql(
       "(SELECT segment_id, customer_id, 'left' AS action FROM del UNION ALL SELECT segment_id, customer_id, 'joined' FROM ins)"
     )})
     SELECT segment_id, count(*) FILTER (WHERE action = 'left')::int AS removed, count(*) FILTER (WHERE action = 'joined')::int AS added
       FROM (SELECT segment_id, 'left' AS action FROM del UNION ALL SELECT segment_id, 'joined' FROM ins) c
      GROUP BY segment_id`,
    [segmentIds, opts.now, opts.now, opts.now, opts.reason, opts.runId, opts.now] as any[]
  )
  const { rows: sizes } = await knex.raw(
    `SELECT s AS segment_id, count(m.id)::int AS size, count(m.id) FILTER (WHERE m.source = 'manual')::int AS manual
       FROM unnest(?::text[]) AS s
       LEFT JOIN customer_segment_member m ON m.segment_id = s AND m.deleted_at IS NULL
      GROUP BY s`,
    [segmentIds]
  )
  const bySegment = new Map<string, MembershipChange>()
  const diff = new Map<string, { added: number; removed: number }>(changed.map((r: any) => [r.segment_id, r]))
  for (const r of sizes) {
    const d = diff.get(r.segment_id)
    bySegment.set(r.segment_id, { added: d?.added ?? 0, removed: d?.removed ?? 0, size: r.size, manual: r.manual })
  }
  const col = (k: keyof MembershipChange) => segmentIds.map((id) => bySegment.get(id)![k])
  await knex.raw(
    `UPDATE customer_segment s SET customer_count = d.size, last_refreshed_at = ?, last_error = NULL, last_error_at = NULL, updated_at = now()
       FROM unnest(?::text[], ?::int[]) AS d(id, size) WHERE s.id = d.id`,
    [opts.now, segmentIds, col("size")]
  )
  await knex.raw(
    `INSERT INTO customer_segment_snapshot (id, segment_id, at, size, added, removed, manual)
     SELECT ${sqlId("csegs", "d.segment_id")}, d.segment_id, ?::timestamptz, d.size, d.added, d.removed, d.manual
       FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::int[]) AS d(segment_id, size, added, removed, manual)`,
    [opts.now, segmentIds, col("size"), col("added"), col("removed"), col("manual")]
  )
  return bySegment
}

/**
 * Applies one customer's evaluation to many segments (the real-time path):
 * joins the `auto` membership of `matching`, leaves `auto` membership of the
 * other `evaluated` segments. Returns the segment ids joined and left.
 */
export async function applyCustomerEvaluation(
  knex: Knex,
  customerId: string,
  evaluated: string[],
  matching: string[],
  opts: { runId: string; reason: string; now: Date }
): Promise<{ joined: string[]; left: string[] }> {
  if (!evaluated.length) return { joined: [], left: [] }
  const ordered = [...evaluated].sort() // same lock order everywhere: no deadlocks
  for (const id of ordered) await lockSegment(knex, id)
  const notMatching = evaluated.filter((id) => !matching.includes(id))
  const { rows: left } = notMatching.length
    ? await knex.raw(
        `DELETE FROM customer_segment_member WHERE customer_id = ? AND source = 'auto' AND deleted_at IS NULL AND segment_id = ANY(?) RETURNING segment_id`,
        [customerId, notMatching]
      )
    : { rows: [] as { segment_id: string }[] }
  const { rows: joined } = matching.length
    ? await knex.raw(
        `INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at)
         SELECT ${sqlId("csegm")}, s, ?, 'auto', ? FROM unnest(?::text[]) AS s
          WHERE NOT EXISTS (SELECT 1 FROM customer_segment_member m WHERE m.segment_id = s AND m.customer_id = ? AND m.deleted_at IS NULL)
         RETURNING segment_id`,
        [customerId, opts.now, matching, customerId]
      )
    : { rows: [] as { segment_id: string }[] }
  const joinedIds = joined.map((r: any) => r.segment_id as string)
  const leftIds = left.map((r: any) => r.segment_id as string)
  await logChanges(knex, customerId, joinedIds, leftIds, opts)
  return { joined: joinedIds, left: leftIds }
}

async function logChanges(
  knex: Knex,
  customerId: string,
  joined: string[],
  left: string[],
  opts: { runId: string; reason: string; now: Date }
) {
  const entries = [
    ...joined.map((s) => ({ s, action: "joined", delta: 1 })),
    ...left.map((s) => ({ s, action: "left", delta: -1 })),
  ]
  if (!entries.length) return
  await knex.raw(
    insertLogSql("(SELECT e.s AS segment_id, ?::text AS customer_id, e.action FROM unnest(?::text[], ?::text[]) AS e(s, action))"),
    [opts.reason, opts.runId, opts.now, customerId, entries.map((e) => e.s), entries.map((e) => e.action)]
  )
  await knex.raw(
    `UPDATE customer_segment s SET customer_count = greatest(0, s.customer_count + d.delta), updated_at = now()
       FROM unnest(?::text[], ?::int[]) AS d(id, delta) WHERE s.id = d.id`,
    [entries.map((e) => e.s), entries.map((e) => e.delta)]
  )
}

export type MemberEdits = { add?: string[]; remove?: string[]; mark_manual?: string[]; mark_auto?: string[] }

/** The merchant's edits of one segment's members, in one transaction under the segment's lock. */
export async function applyMemberEdits(
  knex: Knex,
  segmentId: string,
  edits: MemberEdits,
  opts: { runId: string; now: Date }
): Promise<{ added: number; removed: number; marked_manual: number; marked_auto: number; joined: string[]; left: string[] }> {
  await lockSegment(knex, segmentId)
  const joined: string[] = []
  const left: string[] = []
  let marked_manual = 0
  let marked_auto = 0

  if (edits.remove?.length) {
    const { rows } = await knex.raw(
      `DELETE FROM customer_segment_member WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?) RETURNING customer_id`,
      [segmentId, edits.remove]
    )
    left.push(...rows.map((r: any) => r.customer_id))
  }
  if (edits.add?.length) {
    // Adding by hand makes the member manual, whether it was there as `auto` or not.
    const { rows: upgraded } = await knex.raw(
      `UPDATE customer_segment_member SET source = 'manual', updated_at = now()
        WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?) AND source = 'auto' RETURNING customer_id`,
      [segmentId, edits.add]
    )
    marked_manual += upgraded.length
    const { rows } = await knex.raw(
      `INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at)
       SELECT ${sqlId("csegm")}, ?, c, 'manual', ? FROM unnest(?::text[]) AS c
        WHERE NOT EXISTS (SELECT 1 FROM customer_segment_member m WHERE m.segment_id = ? AND m.customer_id = c AND m.deleted_at IS NULL)
       RETURNING customer_id`,
      [segmentId, opts.now, edits.add, segmentId]
    )
    joined.push(...rows.map((r: any) => r.customer_id))
  }
  if (edits.mark_manual?.length) {
    const { rows } = await knex.raw(
      `UPDATE customer_segment_member SET source = 'manual', updated_at = now()
        WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?) AND source = 'auto' RETURNING customer_id`,
      [segmentId, edits.mark_manual]
    )
    marked_manual += rows.length
  }
  if (edits.mark_auto?.length) {
    const { rows } = await knex.raw(
      `UPDATE customer_segment_member SET source = 'auto', updated_at = now()
        WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?) AND source = 'manual' RETURNING customer_id`,
      [segmentId, edits.mark_auto]
    )
    marked_auto += rows.length
  }

  const entries = [...joined.map((c) => [c, "joined"]), ...left.map((c) => [c, "left"])]
  if (entries.length) {
    await knex.raw(
      insertLogSql("(SELECT ?::text AS segment_id, e.c AS customer_id, e.action FROM unnest(?::text[], ?::text[]) AS e(c, action))"),
      ["manual", opts.runId, opts.now, segmentId, entries.map((e) => e[0]), entries.map((e) => e[1])]
    )
  }
  const { size } = await counts(knex, segmentId)
  await knex.raw(`UPDATE customer_segment SET customer_count = ?, updated_at = now() WHERE id = ?`, [size, segmentId])
  return { added: joined.length, removed: left.length, marked_manual, marked_auto, joined, left }
}

/** Which of `customerIds` are members of the segment, with their source. */
export async function membersAmong(knex: Knex, segmentId: string, customerIds: string[]): Promise<Map<string, "auto" | "manual">> {
  if (!customerIds.length) return new Map()
  const { rows } = await knex.raw(
    `SELECT customer_id, source FROM customer_segment_member WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?)`,
    [segmentId, customerIds]
  )
  return new Map(rows.map((r: any) => [r.customer_id, r.source]))
}

/** Logs every current member as leaving (the segment is being deleted), so side effects and events follow. */
export async function logAllLeaving(knex: Knex, segmentIds: string[], opts: { runId: string; reason: string; now: Date }): Promise<number> {
  const { rows } = await knex.raw(
    `WITH logged AS (${insertLogSql(
      `(SELECT segment_id, customer_id, 'left' AS action FROM customer_segment_member WHERE segment_id = ANY(?) AND deleted_at IS NULL)`
    )} RETURNING cardinality(customer_ids) AS n)
     SELECT coalesce(sum(n), 0)::int AS n FROM logged`,
    [opts.reason, opts.runId, opts.now, segmentIds]
  )
  return rows[0].n
}
