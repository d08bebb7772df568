import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The summary columns of customer_segment_activity, derived from the facts in
 * SQL here and nowhere else, whenever facts are written:
 *
 * - orders not canceled (the order conditions' default scope): orders_count,
 *   orders_first_at, orders_last_at, orders_by_currency
 *   (`{ "<currency, lower-case>": { "n": count, "s": exact sum of totals } }`);
 * - purchases not canceled: purchased_product_ids (distinct, sorted).
 *
 * The compiler reads these instead of grouping millions of facts when a rule
 * keeps the default scope; the numeric sums stay exact in jsonb, so both read
 * the same value the grouped query would compute.
 */
export const SUMMARY_COLUMNS = ["orders_count", "orders_first_at", "orders_last_at", "orders_by_currency", "purchased_product_ids"] as const

/**
 * `LEFT JOIN`s that bring the summary of the customers `<alias>.id`, and the
 * select list of its columns in SUMMARY_COLUMNS order. `filter` restricts the
 * facts read (trusted SQL text with `?` placeholders for `bindings`, twice:
 * once per fact table), e.g. `customer_id = ANY(?::text[])`.
 */
export function summaryJoin(alias: string, filter: string): { select: string; joins: string } {
  return {
    select: [
      "COALESCE(so.orders_count, 0)",
      "so.orders_first_at",
      "so.orders_last_at",
      "so.orders_by_currency",
      "COALESCE(sp.product_ids, '{}'::text[])",
    ].join(", "),
    joins: `
      LEFT JOIN (
        SELECT o.customer_id, sum(o.n)::int AS orders_count, min(o.first_at) AS orders_first_at, max(o.last_at) AS orders_last_at,
               jsonb_object_agg(o.currency, jsonb_build_object('n', o.n, 's', o.s)) AS orders_by_currency
          FROM (SELECT customer_id, lower(currency_code) AS currency, count(*) AS n, sum(total) AS s,
                       min(ordered_at) AS first_at, max(ordered_at) AS last_at
                  FROM customer_segment_order_fact
                 WHERE deleted_at IS NULL AND status <> 'canceled' AND ${filter}
                 GROUP BY customer_id, lower(currency_code)) o
         GROUP BY o.customer_id) so ON so.customer_id = ${alias}.id
      LEFT JOIN (
        SELECT customer_id, array_agg(DISTINCT product_id ORDER BY product_id) AS product_ids
          FROM customer_segment_purchase_fact
         WHERE deleted_at IS NULL AND order_status <> 'canceled' AND product_id IS NOT NULL AND ${filter}
         GROUP BY customer_id) sp ON sp.customer_id = ${alias}.id`,
  }
}

/**
 * Rewrites the summary of `customerIds` (every customer when `null`) from
 * their facts. For bulk loads and tests; replaceCustomerActivity writes the
 * summary in the same INSERT as the row.
 */
export async function updateActivitySummaries(knex: Knex, customerIds: string[] | null): Promise<void> {
  if (customerIds && !customerIds.length) return
  const scoped = customerIds !== null
  const { select, joins } = summaryJoin("x", scoped ? "customer_id = ANY(?::text[])" : "true")
  await knex.raw(
    `UPDATE customer_segment_activity a
        SET (${SUMMARY_COLUMNS.join(", ")}) = (${SUMMARY_COLUMNS.map((c) => `v.${c}`).join(", ")})
       FROM (SELECT x.id, ${select} FROM customer_segment_activity x ${joins}
              ${scoped ? "WHERE x.id = ANY(?::text[])" : ""}) AS v(id, ${SUMMARY_COLUMNS.join(", ")})
      WHERE a.id = v.id`,
    scoped ? [customerIds, customerIds, customerIds] : []
  )
}
