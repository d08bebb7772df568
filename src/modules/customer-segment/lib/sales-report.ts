import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export type SegmentSales = {
  id: string
  name: string
  customers: number
  share: number
  orders: number
  revenue: number
  average_order_value: number | null
  top_products: Array<{ product_id: string; quantity: number; revenue: number }>
}

/**
 * Sales by segment in one currency, aggregated in SQL over the activity data:
 * members (and their share of all customers), non-canceled orders, revenue,
 * average order value and the top products bought by each segment's members.
 */
export async function salesBySegment(
  knex: Knex,
  opts: { currency: string; since: Date | null; topProducts: number }
): Promise<{ total_customers: number; segments: SegmentSales[] }> {
  const [{ rows: totals }, { rows: base }, { rows: top }] = await Promise.all([
    knex.raw(`SELECT count(*)::int AS n FROM customer_segment_activity`),
    knex.raw(
      `SELECT s.id, s.name,
              (SELECT count(*) FROM customer_segment_member m WHERE m.segment_id = s.id AND m.deleted_at IS NULL)::int AS customers,
              coalesce(o.orders, 0)::int AS orders, coalesce(o.revenue, 0)::float8 AS revenue
         FROM customer_segment s
         LEFT JOIN (
           SELECT m.segment_id, count(f.id) AS orders, sum(f.total) AS revenue
             FROM customer_segment_member m
             JOIN customer_segment_order_fact f
               ON f.customer_id = m.customer_id AND f.status <> 'canceled' AND f.currency_code = ?
              AND (?::timestamptz IS NULL OR f.ordered_at >= ?::timestamptz)
            WHERE m.deleted_at IS NULL
            GROUP BY m.segment_id) o ON o.segment_id = s.id
        WHERE s.deleted_at IS NULL
        ORDER BY revenue DESC, s.name`,
      [opts.currency, opts.since, opts.since]
    ),
    knex.raw(
      `SELECT segment_id, product_id, quantity::int AS quantity, revenue::float8 AS revenue FROM (
         SELECT m.segment_id, p.product_id, sum(p.quantity) AS quantity, sum(p.amount) AS revenue,
                row_number() OVER (PARTITION BY m.segment_id ORDER BY sum(p.amount) DESC, p.product_id) AS rank
           FROM customer_segment_member m
           JOIN customer_segment_purchase_fact p
             ON p.customer_id = m.customer_id AND p.order_status <> 'canceled' AND p.currency_code = ?
            AND p.product_id IS NOT NULL
            AND (?::timestamptz IS NULL OR p.ordered_at >= ?::timestamptz)
          WHERE m.deleted_at IS NULL
          GROUP BY m.segment_id, p.product_id) ranked
        WHERE rank <= ?`,
      [opts.currency, opts.since, opts.since, opts.topProducts]
    ),
  ])
  const total = totals[0].n as number
  return {
    total_customers: total,
    segments: base.map((s: any) => ({
      id: s.id,
      name: s.name,
      customers: s.customers,
      share: total ? s.customers / total : 0,
      orders: s.orders,
      revenue: Number(s.revenue),
      average_order_value: s.orders ? Number(s.revenue) / s.orders : null,
      top_products: top
        .filter((t: any) => t.segment_id === s.id)
        .map((t: any) => ({ product_id: t.product_id, quantity: t.quantity, revenue: Number(t.revenue) })),
    })),
  }
}
