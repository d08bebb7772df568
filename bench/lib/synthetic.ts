/**
 * Synthetic activity data in bulk, in SQL: customers, order facts and
 * purchase facts from generate_series, every value a deterministic function
 * of the row number (hashint4/hashint8), so two runs of one size hold the
 * same data. The plugin's secondary indexes are dropped for the load and
 * rebuilt after it (faster than maintaining them row by row), then the tables
 * are vacuumed and analysed, as autovacuum would have left them.
 */

import { SUMMARY_COLUMNS, summaryJoin } from "../../src/modules/customer-segment/lib/activity-summary"

export const SYNTHETIC_DOMAINS = [
  "gmail.com", "outlook.com", "yahoo.com", "web.de", "orange.fr",
  "icloud.com", "acme.com", "globex.com", "proton.me", "example.org",
]
export const SYNTHETIC_COUNTRIES = ["de", "fr", "es", "it", "nl", "be", "at", "us", "ca"]
export const SYNTHETIC_PRODUCTS = 200

export type SyntheticSizes = { customers: number; orders: number; purchases: number }

const TABLES = ["customer_segment_activity", "customer_segment_order_fact", "customer_segment_purchase_fact"]
const CHUNK = 1_000_000

export const syntheticCustomerId = (i: number) => `cus_b${String(i).padStart(10, "0")}`
const productId = (n: number) => `prod_b${String(n).padStart(3, "0")}`

/**
 * The 5-condition segment of the bench: spend, recency, country, a product
 * bought, email domain. "wide" matches about 4 customers in 10; "narrow" takes
 * half of the email domains away, so flipping between them moves about a fifth
 * of all customers in or out at once.
 */
export function syntheticTree(kind: "wide" | "narrow") {
  return {
    combinator: "and",
    rules: [
      { field: "orders.total_spent", operator: "gte", value: 100 },
      { field: "orders.last_order_at", operator: "within_last_days", value: 730 },
      { field: "address.country_code", operator: "in", value: SYNTHETIC_COUNTRIES.slice(0, 6) },
      { field: "purchases.product_ids", operator: "in", value: Array.from({ length: 100 }, (_, i) => productId(i)) },
      { field: "customer.email_domain", operator: "in", value: SYNTHETIC_DOMAINS.slice(0, kind === "wide" ? 8 : 4) },
    ],
  }
}

// positive 31-bit hash of an integer expression
const h = (expr: string) => `(hashint8((${expr})::bigint) & 2147483647)`

export async function loadSynthetic(knex: any, sizes: SyntheticSizes, say: (m: string) => void): Promise<string> {
  const { customers: N, orders: O, purchases: P } = sizes
  const lap = (() => {
    let t = Date.now()
    const parts: string[] = []
    return (what: string) => {
      const s = (Date.now() - t) / 1000
      parts.push(`${what} ${s.toFixed(0)} s`)
      say(`synthetic: ${what} in ${s.toFixed(1)} s`)
      t = Date.now()
      return parts
    }
  })()

  const { rows: indexes } = await knex.raw(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY(?)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES]
  )
  for (const ix of indexes) await knex.raw(`DROP INDEX "${ix.indexname}"`)

  const customerOf = (j: string) => `'cus_b' || lpad((1 + ${h(j)} % ${N})::text, 10, '0')`
  const orderCols = (j: string) => ({
    status: `(CASE WHEN ${j} % 20 = 0 THEN 'canceled' WHEN ${j} % 3 = 0 THEN 'pending' ELSE 'completed' END)`,
    ordered_at: `(now() - (${h(`${j} * 3 + 1`)} % (1095 * 24)) * interval '1 hour')`,
    total: `(5 + (${h(`${j} * 3 + 2`)} % 40000) / 100.0)`,
    currency: `(CASE WHEN ${j} % 5 = 0 THEN 'usd' ELSE 'eur' END)`,
  })


  const oc = orderCols("j")
  for (let a = 1; a <= O; a += CHUNK) {
    const b = Math.min(O, a + CHUNK - 1)
    await knex.raw(
      `INSERT INTO customer_segment_order_fact (id, customer_id, status, ordered_at, total, raw_total, currency_code, region_id, sales_channel_id)
       SELECT 'ord_b' || lpad(j::text, 10, '0'), ${customerOf("j")}, ${oc.status}, ${oc.ordered_at}, t.total,
              jsonb_build_object('value', t.total::text, 'precision', 20), ${oc.currency}, 'reg_bench', 'sc_bench'
         FROM generate_series(?::int, ?::int) AS j
        CROSS JOIN LATERAL (SELECT ${oc.total} AS total) t`,
      [a, b]
    )
  }
  lap(`${O} order facts`)

  for (let a = 1; a <= P; a += CHUNK) {
    const b = Math.min(P, a + CHUNK - 1)
    await knex.raw(
      `INSERT INTO customer_segment_purchase_fact
         (id, customer_id, order_id, order_status, ordered_at, product_id, variant_id, sku, quantity, amount, raw_amount, currency_code)
       SELECT 'pf_b' || lpad(k::text, 10, '0'), ${customerOf("j")}, 'ord_b' || lpad(j::text, 10, '0'),
              ${oc.status}, ${oc.ordered_at}, p.product, p.product || '_v', p.product || '-sku',
              1 + k % 3, p.amount, jsonb_build_object('value', p.amount::text, 'precision', 20), ${oc.currency}
         FROM (SELECT k, 1 + ${h("k")} % ${O} AS j FROM generate_series(?::int, ?::int) AS k) s
        CROSS JOIN LATERAL (SELECT 'prod_b' || lpad((${h("k * 7 + 3")} % ${SYNTHETIC_PRODUCTS})::text, 3, '0') AS product,
                                   (5 + (${h("k * 5 + 4")} % 20000) / 100.0) AS amount) p`,
      [a, b]
    )
  }
  lap(`${P} purchase facts`)

  // the customers last: their rows carry the summary of their facts, as the plugin writes them
  const summary = summaryJoin("g", "customer_id BETWEEN ? AND ?")
  for (let a = 1; a <= N; a += CHUNK) {
    const b = Math.min(N, a + CHUNK - 1)
    const [lo, hi] = [syntheticCustomerId(a), syntheticCustomerId(b)]
    await knex.raw(
      `INSERT INTO customer_segment_activity
         (id, email, email_domain, first_name, last_name, has_account, customer_created_at,
          ship_country_code, bill_country_code, any_country_codes, currency_codes, computed_at, customer_metadata,
          ${SUMMARY_COLUMNS.join(", ")})
       SELECT g.id,
              'c' || i || '@' || d.domain, d.domain,
              'First' || (i % 1000), 'Last' || (i % 777),
              i % 4 <> 0,
              now() - (i % 1500) * interval '1 day',
              c.country, c.country, ARRAY[c.country], ARRAY['eur'],
              now(),
              jsonb_build_object('birth_date', to_char(date '1950-01-01' + (${h("i * 3 + 2")} % 20000), 'YYYY-MM-DD')),
              ${summary.select}
         FROM (SELECT i, 'cus_b' || lpad(i::text, 10, '0') AS id FROM generate_series(?::int, ?::int) AS i) g
        CROSS JOIN LATERAL (SELECT (?::text[])[1 + ${h("i")} % 10] AS domain) d
        CROSS JOIN LATERAL (SELECT (?::text[])[1 + ${h("i * 7 + 1")} % 9] AS country) c
        ${summary.joins}`,
      [a, b, SYNTHETIC_DOMAINS, SYNTHETIC_COUNTRIES, lo, hi, lo, hi]
    )
  }
  lap(`${N} customers with their summaries`)

  for (const ix of indexes) await knex.raw(ix.indexdef)
  lap(`${indexes.length} indexes rebuilt`)
  for (const table of TABLES) await knex.raw(`VACUUM (ANALYZE) ${table}`)
  return lap("VACUUM ANALYZE").join(", ")
}
