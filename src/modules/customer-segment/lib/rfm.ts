import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * RFM: recency, frequency and monetary scores 1-5 by quintiles over the store's
 * customers with orders (orders not canceled, the activity summary), and the
 * named groups merchants know. Defined here, in SQL, once:
 *
 * - r = time of the last order (newer is better), f = number of orders,
 *   m = spent in the store's default currency;
 * - the quintile boundaries are percentile_cont(0.2, 0.4, 0.6, 0.8) of each;
 *   a score is 1 + the number of boundaries the value is above, so equal values
 *   always get the same score;
 * - the group comes from r and f (first match): champions r>=4 f>=4; loyal
 *   r=3 f>=4; can't lose r=1 f>=4; at risk r<=2 f>=3; potential loyalist r>=3
 *   f 2-3; new r>=4 f=1; hibernating r 2-3 f<=2; lost r=1 f<=2.
 */
export const RFM_GROUPS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "at_risk",
  "cant_lose",
  "hibernating",
  "lost",
] as const
export type RfmGroup = (typeof RFM_GROUPS)[number]

const QUINTILES_ID = "store"

/** The three values of an activity row `a` with orders; `currency` is trusted SQL (a placeholder or a column). */
const values = (currency: string) => `floor(extract(epoch FROM a.orders_last_at) * 1000)::float8 AS r,
                a.orders_count::float8 AS f,
                COALESCE((a.orders_by_currency -> ${currency} ->> 's')::float8, 0) AS m`

const score = (v: string, q: string) =>
  `(1 + (${v} > (${q} ->> 0)::float8)::int + (${v} > (${q} ->> 1)::float8)::int + (${v} > (${q} ->> 2)::float8)::int + (${v} > (${q} ->> 3)::float8)::int)`

const GROUP = `CASE
    WHEN s.r >= 4 AND s.f >= 4 THEN 'champions'
    WHEN s.r = 3 AND s.f >= 4 THEN 'loyal'
    WHEN s.r = 1 AND s.f >= 4 THEN 'cant_lose'
    WHEN s.r <= 2 AND s.f >= 3 THEN 'at_risk'
    WHEN s.r >= 3 AND s.f >= 2 THEN 'potential_loyalist'
    WHEN s.r >= 4 THEN 'new'
    WHEN s.r >= 2 THEN 'hibernating'
    ELSE 'lost' END`

/** Writes the scores of the customers `filter` selects (trusted SQL on `a`, with its bindings) from the stored quintiles. */
async function writeScores(knex: Knex, filter: string, bindings: unknown[], now: Date): Promise<number> {
  const { rowCount } = await knex.raw(
    `INSERT INTO customer_segment_rfm (id, recency_score, frequency_score, monetary_score, rfm_group, computed_at)
     SELECT s.id, s.r, s.f, s.m, ${GROUP}, ?
       FROM (SELECT v.id, ${score("v.r", "q.boundaries -> 'r'")} AS r, ${score("v.f", "q.boundaries -> 'f'")} AS f,
                    ${score("v.m", "q.boundaries -> 'm'")} AS m
               FROM customer_segment_rfm_quintiles q
               CROSS JOIN LATERAL (SELECT a.id, ${values("q.currency_code")} FROM customer_segment_activity a
                                    WHERE a.deleted_at IS NULL AND a.orders_count > 0 AND ${filter}) v
              WHERE q.id = ? AND q.deleted_at IS NULL) s`,
    [now, ...bindings, QUINTILES_ID] as any[]
  )
  return rowCount ?? 0
}

/**
 * Recomputes the quintiles and every customer's scores, set-based, in the
 * caller's transaction: the old scores stay visible until it commits.
 */
export async function computeAllRfm(knex: Knex, opts: { currency: string; now: Date }): Promise<{ customers: number }> {
  const currency = opts.currency.toLowerCase()
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS n,
            percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY r) AS r,
            percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY f) AS f,
            percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY m) AS m
       FROM (SELECT ${values("?")} FROM customer_segment_activity a WHERE a.deleted_at IS NULL AND a.orders_count > 0) v`,
    [currency]
  )
  const q = rows[0]
  await knex.raw(`DELETE FROM customer_segment_rfm`)
  await knex.raw(`DELETE FROM customer_segment_rfm_quintiles`)
  if (!q.n) return { customers: 0 }
  await knex.raw(
    `INSERT INTO customer_segment_rfm_quintiles (id, currency_code, boundaries, customers, computed_at) VALUES (?, ?, ?::jsonb, ?, ?)`,
    [QUINTILES_ID, currency, JSON.stringify({ r: q.r.map(Number), f: q.f.map(Number), m: q.m.map(Number) }), q.n, opts.now]
  )
  const customers = await writeScores(knex, "true", [], opts.now)
  await knex.raw("ANALYZE customer_segment_rfm")
  return { customers }
}

/**
 * Rescores some customers against the stored quintiles (after their activity
 * data changed). Before the first store-wide pass there are no quintiles and
 * nobody has scores.
 */
export async function rescoreCustomers(knex: Knex, customerIds: string[], now: Date): Promise<void> {
  if (!customerIds.length) return
  await knex.raw(`DELETE FROM customer_segment_rfm WHERE id = ANY(?::text[])`, [customerIds])
  await writeScores(knex, "a.id = ANY(?::text[])", [customerIds], now)
}

/** When the scores were last computed for the whole store, or null. */
export async function rfmComputedAt(knex: Knex): Promise<Date | null> {
  const { rows } = await knex.raw(`SELECT computed_at FROM customer_segment_rfm_quintiles WHERE id = ? AND deleted_at IS NULL`, [QUINTILES_ID])
  return rows[0]?.computed_at ? new Date(rows[0].computed_at) : null
}
