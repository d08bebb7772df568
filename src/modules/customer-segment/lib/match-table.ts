import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { randomBytes } from "node:crypto"

/**
 * Evaluates a compiled match (a query with one `customer_id` column) into a
 * temporary table dropped at commit, each customer once, and returns its name.
 * A statement that writes (or reads through a data-modifying CTE) never gets
 * parallel workers; a CREATE TABLE AS does: 2.2 s → 1.5 s for 1,000,000
 * customers on 2 cores when the match reads the activity rows alone. Refresh
 * and previews share it, so a preview costs what the refresh's match costs.
 *
 * The match hands back ids only, yet the planner prices each row a worker
 * returns at parallel_tuple_cost (0.1) and overestimates the rows of trees
 * with ORs (814,431 estimated, 219,445 real for the benchmark's predictive
 * segment), so it kept such matches serial. A tenth of that, for this one
 * statement, lets them split the scan (and share one hash of the RFM scores).
 */
export async function materializeMatch(knex: Knex, match: { sql: string; bindings: unknown[] }): Promise<string> {
  const table = `cseg_matched_${randomBytes(8).toString("hex")}`
  const { rows } = await knex.raw("SELECT current_setting('parallel_tuple_cost') AS v, set_config('parallel_tuple_cost', '0.01', true)")
  try {
    await knex.raw(
      `CREATE TEMPORARY TABLE ${table} ON COMMIT DROP AS SELECT DISTINCT customer_id FROM (${match.sql}) q`,
      match.bindings as any[]
    )
  } finally {
    // a failed statement aborts the transaction: nothing to restore then
    await knex.raw("SELECT set_config('parallel_tuple_cost', ?, true)", [rows[0].v]).catch(() => undefined)
  }
  return table
}
