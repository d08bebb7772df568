import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { sqlId } from "./sql-id"

/** Customers one log row, and so one membership event, holds at most. */
export const LOG_CHUNK = 1000

export type LogRow = { id: string; segment_id: string; customer_ids: string[]; action: "joined" | "left" }

/**
 * SQL that writes the log of `changes`, a relation (trusted SQL) with the
 * columns `segment_id`, `customer_id` and `action`: one row per segment, action
 * and 1,000 customers, in customer order. Its own placeholders come before any
 * in `changes`: reason, run id, time.
 */
export function insertLogSql(changes: string): string {
  return `INSERT INTO customer_segment_log (id, segment_id, customer_ids, action, reason, run_id, at)
    SELECT ${sqlId("csegl", "g.segment_id, g.action, g.chunk")}, g.segment_id, g.customer_ids, g.action, ?, ?, ?
      FROM (SELECT n.segment_id, n.action, n.chunk, array_agg(n.customer_id ORDER BY n.customer_id) AS customer_ids
              FROM (SELECT c.segment_id, c.customer_id, c.action,
                           (row_number() OVER (PARTITION BY c.segment_id, c.action ORDER BY c.customer_id) - 1) / ${LOG_CHUNK} AS chunk
                      FROM ${changes} c) n
             GROUP BY n.segment_id, n.action, n.chunk) g`
}

/** Pages through the log of one run (for events) in id order, without loading it whole. */
export async function logPage(knex: Knex, runId: string, afterId: string | null, limit: number): Promise<LogRow[]> {
  const { rows } = await knex.raw(
    `SELECT id, segment_id, customer_ids, action FROM customer_segment_log
      WHERE run_id = ? AND deleted_at IS NULL AND (?::text IS NULL OR id > ?) ORDER BY id LIMIT ?`,
    [runId, afterId, afterId, limit]
  )
  return rows
}
