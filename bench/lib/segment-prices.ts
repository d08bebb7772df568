/**
 * Segment prices at scale: N synthetic variants (50 a product, products spread
 * over the fixture's collections), each with an eur and a usd price, written in
 * bulk SQL into Medusa's product and pricing tables (as the product and pricing
 * modules would, without their per-row work); then a segment with a customer
 * group and a 90% rule, and the recompute the plugin runs:
 * - first fill (every price of the list created),
 * - nothing changed (what the hourly reconciliation costs when all is right),
 * - every original price changed (every segment price replaced),
 * - one product's recompute, as after a product or variant event.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../src/modules/customer-segment/service"
import { syncSegmentPricesWorkflow } from "../../src/workflows/prices/sync-segment-prices"
import { measure, Table } from "./measure"

const PER_PRODUCT = 50
const pad = (n: number) => String(n).padStart(7, "0")

export async function benchSegmentPrices(
  container: MedusaContainer,
  table: Table,
  opts: { variants: number; runs: number; collectionIds: string[]; say: (m: string) => void }
) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const N = opts.variants
  const products = Math.ceil(N / PER_PRODUCT)
  let t = Date.now()
  await knex.raw(
    `INSERT INTO product (id, title, handle, status, collection_id)
     SELECT 'prod_sp' || lpad(i::text, 7, '0'), 'Bench product ' || i, 'bench-product-' || i, 'published', (?::text[])[1 + i % ?]
       FROM generate_series(1, ?) i`,
    [opts.collectionIds, opts.collectionIds.length, products]
  )
  await knex.raw(
    `INSERT INTO product_variant (id, title, product_id, manage_inventory, variant_rank)
     SELECT 'variant_sp' || lpad(i::text, 7, '0'), 'V' || i, 'prod_sp' || lpad((1 + (i - 1) / ?)::text, 7, '0'), false, 0
       FROM generate_series(1, ?) i`,
    [PER_PRODUCT, N]
  )
  await knex.raw(`INSERT INTO price_set (id) SELECT 'pset_sp' || lpad(i::text, 7, '0') FROM generate_series(1, ?) i`, [N])
  await knex.raw(
    `INSERT INTO product_variant_price_set (id, variant_id, price_set_id)
     SELECT 'pvps_sp' || lpad(i::text, 7, '0'), 'variant_sp' || lpad(i::text, 7, '0'), 'pset_sp' || lpad(i::text, 7, '0')
       FROM generate_series(1, ?) i`,
    [N]
  )
  await knex.raw(
    `INSERT INTO price (id, price_set_id, currency_code, amount, raw_amount, rules_count)
     SELECT 'price_sp' || c.code || lpad(i::text, 7, '0'), 'pset_sp' || lpad(i::text, 7, '0'), c.code, a.amount,
            jsonb_build_object('value', a.amount::text, 'precision', 20), 0
       FROM generate_series(1, ?) i
       CROSS JOIN (VALUES ('eur', 1.0), ('usd', 1.1)) AS c(code, f)
       CROSS JOIN LATERAL (SELECT round((5 + (hashint4(i) & 1023) / 10.0) * c.f, 2) AS amount) a`,
    [N]
  )
  await knex.raw("ANALYZE product; ANALYZE product_variant; ANALYZE price_set; ANALYZE product_variant_price_set; ANALYZE price")
  opts.say(`segment prices: ${N} variants in ${products} products, ${2 * N} original prices (${Date.now() - t} ms)`)

  const [group] = await container.resolve(Modules.CUSTOMER).createCustomerGroups([{ name: "Bench segment prices" }])
  const [segment] = await service.createSegments([
    { name: "Bench segment prices", handle: "bench-segment-prices", membership: "manual", refresh_mode: "manual", customer_group_id: group.id },
  ] as any)
  await service.createSegmentPriceRules([{ segment_id: segment.id, percentage: 90 }] as any)
  const size = `${N.toLocaleString("en")} variants (${(2 * N).toLocaleString("en")} prices)`
  let last: any = null
  const sync = async (input: Record<string, unknown> = {}) => {
    const { result } = await syncSegmentPricesWorkflow(container).run({ input: { segment_id: segment.id, ...input } })
    last = result
  }
  const detail = () => `+${last.created} / -${last.deleted} prices in ${last.chunks} chunks`

  await measure(table, {
    size,
    operation: "segment price recompute, first fill (price list created)",
    runs: 1,
    rows: N,
    rowsUnit: "variants",
    target: { ms: 60_000 },
    fn: () => sync(),
    detail,
  })
  // The fixture's few products are priced too.
  const { rows: all } = await knex.raw(
    "SELECT count(*)::int AS n FROM price WHERE price_list_id IS NULL AND deleted_at IS NULL AND price_set_id IN (SELECT price_set_id FROM product_variant_price_set)"
  )
  const expected = all[0].n
  if (last.created !== expected) throw new Error(`first fill created ${last.created} prices for ${expected}`)
  await measure(table, {
    size,
    operation: "segment price recompute, nothing changed (reconciliation)",
    runs: Math.max(1, opts.runs),
    rows: N,
    rowsUnit: "variants",
    target: { ms: 60_000 },
    fn: () => sync(),
    detail,
  })
  if (last.created || last.deleted) throw new Error(`an unchanged recompute wrote ${last.created} / ${last.deleted}`)
  await measure(table, {
    size,
    operation: "segment price recompute, every original price changed",
    runs: 1,
    rows: N,
    rowsUnit: "variants",
    target: { ms: 60_000 },
    before: async () => {
      await knex.raw("UPDATE price SET amount = amount + 1, raw_amount = jsonb_build_object('value', (amount + 1)::text, 'precision', 20) WHERE id LIKE 'price_sp%'")
    },
    fn: () => sync(),
    detail,
  })
  if (last.created !== 2 * N || last.deleted !== 2 * N) throw new Error(`a full change replaced ${last.created} / ${last.deleted}`)
  let p = 0
  await measure(table, {
    size: `1 product (${PER_PRODUCT} variants) of ${N.toLocaleString("en")}`,
    operation: "segment price recompute, one product (after a product event)",
    runs: Math.max(5, opts.runs * 2),
    rows: PER_PRODUCT,
    rowsUnit: "variants",
    before: async () => {
      p++
      await knex.raw(
        `UPDATE price SET amount = amount + 1, raw_amount = jsonb_build_object('value', (amount + 1)::text, 'precision', 20)
          WHERE price_list_id IS NULL AND price_set_id IN (
            SELECT l.price_set_id FROM product_variant_price_set l JOIN product_variant v ON v.id = l.variant_id WHERE v.product_id = ?)`,
        [`prod_sp${pad(p)}`]
      )
    },
    fn: () => sync({ product_ids: [`prod_sp${pad(p)}`] }),
    detail,
  })
}
