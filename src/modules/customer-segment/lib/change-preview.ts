import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { materializeMatch } from "./match-table"

export type ChangePreview = {
  /** the segment's size once saved: matching customers plus manual members that do not match */
  count: number
  /** customers the new conditions match */
  matching: number
  /** customers who would join (match, not a member now) */
  joining: number
  /** auto members who would leave (no longer match; manual members never leave) */
  leaving: number
  /** members now */
  current: number
  sample_joining: Array<Record<string, unknown>>
  sample_leaving: Array<Record<string, unknown>>
}

/**
 * What saving `match` (a compiled tree: SELECT customer_id ...) as a segment's
 * conditions would change, without saving: one evaluation of the match,
 * compared with the current members the way a refresh would apply it.
 * Read-only; the caller runs it in a transaction (SET LOCAL).
 */
export async function previewMembershipChange(
  knex: Knex,
  segmentId: string,
  match: { sql: string; bindings: unknown[]; ctes: number },
  sampleSize: number
): Promise<ChangePreview> {
  // As the refresh's difference: hash joins, never a nested loop over stale member statistics.
  await knex.raw("SET LOCAL enable_nestloop = off")
  const matched = await materializeMatch(knex, match)
  const person = `SELECT a.id, a.email, a.first_name, a.last_name, a.has_account
                    FROM (SELECT customer_id FROM %s ORDER BY customer_id LIMIT ?) t
                    JOIN customer_segment_activity a ON a.id = t.customer_id`
  const { rows } = await knex.raw(
    `WITH m AS MATERIALIZED (SELECT customer_id FROM ${matched}),
          cur AS MATERIALIZED (SELECT customer_id, source FROM customer_segment_member
                                WHERE segment_id = ? AND deleted_at IS NULL),
          j AS MATERIALIZED (SELECT m.customer_id FROM m WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.customer_id = m.customer_id)),
          l AS MATERIALIZED (SELECT cur.customer_id FROM cur
                              WHERE cur.source = 'auto' AND NOT EXISTS (SELECT 1 FROM m WHERE m.customer_id = cur.customer_id))
     SELECT (SELECT count(*)::int FROM m) AS matching,
            (SELECT count(*)::int FROM cur) AS current,
            (SELECT count(*)::int FROM j) AS joining,
            (SELECT count(*)::int FROM l) AS leaving,
            COALESCE((SELECT json_agg(s ORDER BY s.id) FROM (${person.replace("%s", "j")}) s), '[]'::json) AS sample_joining,
            COALESCE((SELECT json_agg(s ORDER BY s.id) FROM (${person.replace("%s", "l")}) s), '[]'::json) AS sample_leaving`,
    [segmentId, sampleSize, sampleSize] as any[]
  )
  const r = rows[0]
  return {
    count: r.current + r.joining - r.leaving,
    matching: r.matching,
    joining: r.joining,
    leaving: r.leaving,
    current: r.current,
    sample_joining: r.sample_joining,
    sample_leaving: r.sample_leaving,
  }
}
