/**
 * Synthetic product views and wishlist items in bulk, in SQL, like
 * synthetic.ts does for purchases: every value a deterministic hash of the row
 * number, over the synthetic customers and the same 200 products, so "viewed
 * but not bought" meets real purchase facts. Indexes are dropped for the load
 * and rebuilt, then the tables are vacuumed and analysed.
 */
import { SYNTHETIC_PRODUCTS } from "./synthetic"

export const SYNTHETIC_MANUFACTURERS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"]

const TABLES = ["customer_segment_product_view", "customer_segment_wishlist_item"]
const CHUNK = 1_000_000
const h = (expr: string) => `(hashint8((${expr})::bigint) & 2147483647)`
const productId = (n: number) => `prod_b${String(n).padStart(3, "0")}`

/**
 * Five conditions on behaviour, over the last 30 days like the templates:
 * viewed a category, viewed a brand at least twice, viewed something not
 * bought, and a wishlist product or brand.
 */
export function behaviourTree() {
  return {
    combinator: "and",
    rules: [
      { field: "views.category_ids", operator: "in", value: ["pcat_b01", "pcat_b02", "pcat_b03", "pcat_b04", "pcat_b05", "pcat_b06"], params: { within_days: 30 } },
      { field: "views.attribute", operator: "eq", value: "Acme", params: { key: "manufacturer", within_days: 30, min_count: 2 } },
      { field: "views.not_purchased_product_ids", operator: "is_set", params: { within_days: 30 } },
      {
        combinator: "or",
        rules: [
          { field: "wishlist.product_ids", operator: "in", value: Array.from({ length: 50 }, (_, i) => productId(i)) },
          { field: "wishlist.attribute", operator: "eq", value: "Globex", params: { key: "manufacturer" } },
        ],
      },
    ],
  }
}

export async function loadSyntheticBehaviour(
  knex: any,
  sizes: { customers: number; views: number; wishlist: number },
  say: (m: string) => void
): Promise<string> {
  const { customers: N, views: V, wishlist: W } = sizes
  let t = Date.now()
  const parts: string[] = []
  const lap = (what: string) => {
    const s = (Date.now() - t) / 1000
    parts.push(`${what} ${s.toFixed(0)} s`)
    say(`synthetic behaviour: ${what} in ${s.toFixed(1)} s`)
    t = Date.now()
  }
  const { rows: indexes } = await knex.raw(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY(?)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES]
  )
  for (const ix of indexes) await knex.raw(`DROP INDEX "${ix.indexname}"`)

  // a product's collection, category and manufacturer follow from its number
  const attrs = (p: string) => ({
    collection: `'pcol_b' || lpad((${p} % 20)::text, 2, '0')`,
    category: `ARRAY['pcat_b' || lpad((${p} % 30)::text, 2, '0')]`,
    metadata: `jsonb_build_object('manufacturer', (?::text[])[1 + ${p} % 6])`,
  })

  for (let a = 1; a <= V; a += CHUNK) {
    const b = Math.min(V, a + CHUNK - 1)
    const x = attrs("s.p")
    // 1 view in 20 is a guest's (anonymous, no customer): conditions must skip them.
    // Views arrive as they happen, so the table is in viewed_at order (a year, the
    // newest last), as a store's table is: a "last 30 days" window reads the newest pages.
    await knex.raw(
      `INSERT INTO customer_segment_product_view (id, customer_id, anonymous_id, product_id, collection_id, category_ids, product_metadata, viewed_at)
       SELECT 'cspv_b' || lpad(k::text, 10, '0'),
              CASE WHEN k % 20 = 0 THEN NULL ELSE 'cus_b' || lpad((1 + ${h("k")} % ${N})::text, 10, '0') END,
              CASE WHEN k % 20 = 0 THEN 'anon-bench-' || lpad(k::text, 10, '0') END,
              'prod_b' || lpad(s.p::text, 3, '0'), ${x.collection}, ${x.category}, ${x.metadata},
              now() - (${V} - k) * (interval '365 days' / ${V}) - (${h("k * 3 + 1")} % 60) * interval '1 second'
         FROM (SELECT k, ${h("k * 7 + 3")} % ${SYNTHETIC_PRODUCTS} AS p FROM generate_series(?::int, ?::int) AS k) s`,
      [SYNTHETIC_MANUFACTURERS, a, b]
    )
  }
  lap(`${V} product views`)

  for (let a = 1; a <= W; a += CHUNK) {
    const b = Math.min(W, a + CHUNK - 1)
    const x = attrs("s.p")
    // row k: customer (k-1) mod N, its ((k-1) div N)-th item, a different product each (unique per customer)
    await knex.raw(
      `INSERT INTO customer_segment_wishlist_item (id, customer_id, product_id, variant_id, sku, collection_id, category_ids, product_metadata, added_at)
       SELECT 'cswl_b' || lpad(k::text, 10, '0'), 'cus_b' || lpad(s.c::text, 10, '0'),
              'prod_b' || lpad(s.p::text, 3, '0'), NULL, 'prod_b' || lpad(s.p::text, 3, '0') || '-sku',
              ${x.collection}, ${x.category}, ${x.metadata},
              now() - (${W} - k) * (interval '365 days' / ${W})
         FROM (SELECT k, 1 + (k - 1) % ${N} AS c,
                      (${h(`1 + (k - 1) % ${N}`)} + ((k - 1) / ${N}) * 7) % ${SYNTHETIC_PRODUCTS} AS p
                 FROM generate_series(?::int, ?::int) AS k) s`,
      [SYNTHETIC_MANUFACTURERS, a, b]
    )
  }
  lap(`${W} wishlist items`)

  for (const ix of indexes) await knex.raw(ix.indexdef)
  lap(`${indexes.length} indexes rebuilt`)
  for (const table of TABLES) await knex.raw(`VACUUM (ANALYZE) ${table}`)
  lap("VACUUM ANALYZE")
  return parts.join(", ")
}
