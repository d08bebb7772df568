/**
 * The benchmark itself: `medusa exec ./bench/run.ts`, started by
 * scripts/bench.mjs with BENCH_CONFIG in the environment (sizes, runs, where
 * to write the table). Measures inside a real Medusa app on a fresh database:
 *
 * 1. real Medusa orders (order module's bulk `createOrders`, customers through
 *    the customer module), then the activity-data backfill built from them;
 * 2. the baseline a developer would write without the plugin (customers and
 *    orders through `query.graph`, the same 5 conditions filtered in
 *    JavaScript) against the plugin's preview, on those real orders;
 * 3. synthetic activity data in bulk (INSERT ... SELECT generate_series,
 *    deterministic), then: refresh of a 5-condition segment (filling it, no
 *    change, and large differences both ways), preview, export of a segment of
 *    half the customers, the promotion-context hook, and the real-time path
 *    (real customers, 50 realtime segments).
 */
import fs from "node:fs"
import path from "node:path"
import os from "node:os"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStoreBasics, StoreBasics } from "../demo/fixtures"
import { CUSTOMER_SEGMENT_MODULE } from "../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../src/modules/customer-segment/service"
import { runActivityBackfill } from "../src/workflows/activity/activity-backfill-runner"
import { refreshCustomerSegmentsWorkflow } from "../src/workflows/realtime/refresh-customer-segments"
import { recomputeCustomerActivityWorkflow } from "../src/workflows/activity/recompute-customer-activity"
import { refreshSegmentsWorkflow } from "../src/workflows/segments/refresh-segments"
import { resolveDefaultCurrency } from "../src/workflows/segments/steps/resolve-evaluation-clock"
import { getSegmentPromotionContext } from "../src/hooks/segment-promotion-context"
import { exportWriter } from "../src/modules/customer-segment/lib/export-format"
import { compileSegmentQuery, compileSharedSegmentsQuery } from "../src/modules/customer-segment/conditions"
import { SCHEDULED_BATCH } from "../src/jobs/refresh-scheduled-segments"
import { Result, Table, measure, fmtMs } from "./lib/measure"
import { baselineCount } from "./lib/baseline"
import { loadSynthetic, SyntheticSizes, syntheticCustomerId, syntheticTree, SYNTHETIC_COUNTRIES, SYNTHETIC_DOMAINS, SYNTHETIC_PRODUCTS } from "./lib/synthetic"
import { createOrderFor, createRealOrders } from "./lib/real-orders"
import { benchSegmentPrices } from "./lib/segment-prices"
import { createTierGroups, tierBaselineWorkflow } from "./lib/tier-baseline"
import { behaviourTree, loadSyntheticBehaviour } from "./lib/synthetic-behaviour"
import { readProductAttributes, readProductAttributesCached } from "../src/workflows/behaviour/utils/read-product-attributes"
import { Modules } from "@medusajs/framework/utils"

type Config = {
  customers: number
  facts: number
  orders: number
  runs: number
  quick: boolean
  baselineLimitS: number
  outDir: string
  stamp: string
  settings: Record<string, string> | null
  external: boolean
  /** synthetic variants for the segment-price rows */
  variants: number
  /** "prices": only the segment-price rows */
  only: string | null
}

export default async function bench({ container }: ExecArgs) {
  const config: Config = JSON.parse(process.env.BENCH_CONFIG ?? "{}")
  if (!config.customers) throw new Error("run the bench with `npm run bench` (BENCH_CONFIG is not set)")
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const say = (m: string) => console.log(`[bench] ${m}`)
  const table = new Table()
  const runs = Math.max(1, config.runs)
  const notes: string[] = []
  const explain: string[] = []
  const started = Date.now()

  // ---------------------------------------------------------------- real orders
  let t = Date.now()
  const basics: StoreBasics = await createStoreBasics(container, { productCount: 4 })
  const defaultCurrency = await resolveDefaultCurrency(container)
  say(`store basics (${Date.now() - t} ms), default currency ${defaultCurrency}`)

  // ------------------------------------------------------------ segment prices
  if (config.variants > 0) {
    await benchSegmentPrices(container, table, { variants: config.variants, runs, collectionIds: Object.values(basics.collections), say })
    notes.push(
      `Segment prices: ${config.variants.toLocaleString("en")} synthetic variants (50 a product) with an eur and a usd price each, written with INSERT ... SELECT into Medusa's product and pricing tables; one segment with a customer group and a 90% rule for all products; \`syncSegmentPricesWorkflow\` computes the difference in one SQL statement and writes it set-based in transactions of 10,000 prices (above 500 prices; a smaller difference, such as one product's, goes through Medusa's price-list workflows).`
    )
  }
  if (config.only === "prices") return await finish()
  // `--only refresh,predictive,views,export,hook,realtime,nightly`: just those sections (after the baseline)
  const want = (section: string) => !config.only || config.only.split(",").includes(section)

  t = Date.now()
  const real = await createRealOrders(container, basics, config.orders, (done) => say(`real orders: ${done}/${config.orders}`))
  const createSeconds = (Date.now() - t) / 1000
  say(`${real.orders} real orders for ${real.customerIds.length} customers in ${createSeconds.toFixed(1)} s`)
  notes.push(
    `Real Medusa orders: ${real.orders.toLocaleString("en")} orders of ${real.customerIds.length.toLocaleString("en")} customers, made with the order module's bulk \`createOrders\` (orders, items, addresses, shipping methods, summaries in Medusa's own tables; no workflow events) and the customer module's \`createCustomers\`, in ${createSeconds.toFixed(0)} s; dates spread over two years with one UPDATE.`
  )

  // backfill: activity data from Medusa's orders (once: it is a one-off build)
  const backfill = await measure(table, {
    size: `${real.orders} orders`,
    operation: "activity-data backfill from real orders",
    runs: 1,
    rows: real.orders,
    rowsUnit: "orders",
    target: { perMinute: 100_000 },
    fn: async () => {
      const r = await runActivityBackfill(container, { batch_size: 500 })
      if (!r.ran) throw new Error("the backfill did not run")
    },
  })
  const { rows: factCount } = await knex.raw("SELECT count(*)::int AS n FROM customer_segment_order_fact")
  if (factCount[0].n !== real.orders) throw new Error(`backfill built ${factCount[0].n} order facts for ${real.orders} orders`)
  say(`backfill: ${fmtMs(backfill.median)} for ${real.orders} orders`)

  // --------------------------------------------------------------- baseline
  const now = new Date()
  const realTree = {
    combinator: "and",
    rules: [
      { field: "orders.total_spent", operator: "gte", value: 100 },
      { field: "orders.last_order_at", operator: "within_last_days", value: 365 },
      { field: "address.country_code", operator: "in", value: ["de", "fr", "us", "it"] },
      { field: "purchases.product_ids", operator: "in", value: basics.products.slice(0, 2).map((p) => p.id) },
      { field: "customer.email_domain", operator: "in", value: ["gmail.com", "outlook.com", "acme.com", "yahoo.com"] },
    ],
  }
  // Right after the backfill: the build ends with ANALYZE of the activity tables (without it,
  // until autovacuum's next pass, this preview took about 1 s instead of 30 ms at 2,000 customers).
  await measure(table, {
    size: `${real.customerIds.length} customers / ${real.orders} orders`,
    operation: "plugin: preview right after the backfill",
    runs: 1,
    rows: real.customerIds.length,
    rowsUnit: "customers",
    fn: async () => {
      await service.previewSegment({ conditions: realTree as any, audience: "all", sample_size: 10 }, { now, defaultCurrency })
    },
  })

  let baselineMatched = -1
  const base = await measure(table, {
    size: `${real.customerIds.length} customers / ${real.orders} orders`,
    operation: "baseline: query.graph + filter in JS (5 conditions)",
    runs: Math.min(runs, 3),
    rows: real.customerIds.length,
    rowsUnit: "customers",
    fn: async () => {
      const r = await baselineCount(container, realTree as any, { now, defaultCurrency, limitSeconds: config.baselineLimitS })
      baselineMatched = r.matched
      if (!r.finished) throw new Error("baseline did not finish in time")
    },
  })
  let pluginMatched = -1
  const ours = await measure(table, {
    size: `${real.customerIds.length} customers / ${real.orders} orders`,
    operation: "plugin: preview count, same 5 conditions",
    runs,
    rows: real.customerIds.length,
    rowsUnit: "customers",
    fn: async () => {
      pluginMatched = (await service.previewSegment({ conditions: realTree as any, audience: "all", sample_size: 10 }, { now, defaultCurrency })).count
    },
  })
  const ratio = base.median / ours.median
  notes.push(
    `Baseline vs plugin on the real orders: both matched ${baselineMatched === pluginMatched ? `${pluginMatched} customers (same set size)` : `baseline ${baselineMatched}, plugin ${pluginMatched} (MISMATCH)`}; the plugin is ${ratio.toFixed(0)}× faster (median ${fmtMs(base.median)} vs ${fmtMs(ours.median)}). The baseline reads ${(real.customerIds.length / (base.median / 1000)).toFixed(0)} customers/s, so 1,000,000 customers would take about ${((1_000_000 / (real.customerIds.length / (base.median / 1000))) / 60).toFixed(0)} minutes (estimate, not run).`
  )
  table.setRatio(`${ratio.toFixed(0)}× (baseline ${fmtMs(base.median)} / plugin ${fmtMs(ours.median)})`)

  // ---------------------------------------------------------- synthetic data
  const sizes: SyntheticSizes = {
    customers: config.customers,
    orders: Math.max(1, Math.round(config.facts / 2)),
    purchases: config.facts,
  }
  t = Date.now()
  const load = await loadSynthetic(knex, sizes, say)
  notes.push(
    `Synthetic activity data: ${sizes.customers.toLocaleString("en")} customers, ${sizes.orders.toLocaleString("en")} order facts, ${sizes.purchases.toLocaleString("en")} purchase facts, generated in SQL (INSERT ... SELECT generate_series, deterministic hashes; indexes dropped during the load and rebuilt, then VACUUM ANALYZE) in ${((Date.now() - t) / 1000).toFixed(0)} s (${load}).`
  )
  const N = sizes.customers
  const sizeLabel = `${N.toLocaleString("en")} customers / ${sizes.purchases.toLocaleString("en")} facts`

  if (want("refresh")) {
  // ---------------------------------------------------- refresh and preview
  const treeA = syntheticTree("wide")
  const treeB = syntheticTree("narrow")
  const [segA] = await service.createSegments([
    { name: "Bench 5 conditions", handle: "bench-5", membership: "rules", audience: "all", refresh_mode: "manual", conditions: treeA },
  ] as any)
  const refreshOnce = async (label: string) => {
    const runId = `bench_${Date.now()}_${Math.random().toString(36).slice(2)}`
    return await service.refreshSegmentMembers(segA.id, { now, defaultCurrency, runId, reason: label })
  }

  const compiled = compileSegmentQuery(treeA as any, { now, defaultCurrency, audience: "all" })
  const plan = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${compiled.sql}) q`, compiled.bindings)
  explain.push("-- 5-condition match query (wide)\n" + plan.rows.map((r: any) => r["QUERY PLAN"]).join("\n"))

  let fill: any
  await measure(table, {
    size: sizeLabel,
    operation: "refresh, first fill (everyone who matches joins)",
    runs: 1,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      fill = await refreshOnce("fill")
    },
    detail: () => `+${fill.added} / -${fill.removed}, size ${fill.size}`,
  })
  let same: any
  await measure(table, {
    size: sizeLabel,
    operation: "refresh, nothing changed",
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      same = await refreshOnce("same")
    },
    detail: () => `+${same.added} / -${same.removed}, size ${same.size}`,
  })
  // Flip the email-domain condition between 8 and 4 domains: about half the members leave, then join again.
  let flip = 0
  const diffs: string[] = []
  await measure(table, {
    size: sizeLabel,
    operation: "refresh, large difference (condition flipped)",
    runs: Math.max(2, runs),
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    before: async () => {
      await service.updateSegments({ id: segA.id, conditions: flip++ % 2 === 0 ? treeB : treeA } as any)
    },
    fn: async () => {
      const r = await refreshOnce("flip")
      diffs.push(r.added ? `+${r.added}` : `-${r.removed}`)
    },
    detail: () => [...new Set(diffs)].slice(0, 4).join(", "),
  })
  await service.updateSegments({ id: segA.id, conditions: treeA } as any)
  await refreshOnce("restore")

  // the whole refresh workflow (events of every join and leave, snapshot) on a large difference
  await service.updateSegments({ id: segA.id, conditions: treeB } as any)
  let wf: any
  await measure(table, {
    size: sizeLabel,
    operation: "refreshSegmentsWorkflow, large difference (with events)",
    runs: 1,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      const { result } = await refreshSegmentsWorkflow(container).run({ input: { segment_ids: [segA.id], now, reason: "bench" } })
      wf = result.results[0]
      if (wf.error) throw new Error(wf.error)
    },
    detail: () => `+${wf.added} / -${wf.removed}, size ${wf.size}`,
  })
  await service.updateSegments({ id: segA.id, conditions: treeA } as any)
  await refreshOnce("restore")

  let previewCount = 0
  await measure(table, {
    size: sizeLabel,
    operation: "preview (\"Calculate\": count + sample)",
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      previewCount = (await service.previewSegment({ conditions: treeA as any, audience: "all", sample_size: 10 }, { now, defaultCurrency })).count
    },
    detail: () => `count ${previewCount}`,
  })

  // "what will this edit change": the filled segment against the narrow tree (about half would leave)
  let change: any
  await measure(table, {
    size: sizeLabel,
    operation: "edit preview (joining / leaving before saving)",
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 2000 },
    fn: async () => {
      change = await service.previewSegmentChange(segA.id, { conditions: treeB as any, audience: "all", sample_size: 10 }, { now, defaultCurrency })
    },
    detail: () => `+${change.joining} / -${change.leaving}, ${change.current} → ${change.count}`,
  })
  // "why is this customer in or out": both engines on one customer's data, every node
  let explained = 0
  let agreed = 0
  await measure(table, {
    size: sizeLabel,
    operation: "explain one customer (both engines, every rule)",
    runs: Math.max(20, runs * 5),
    rows: 1,
    rowsUnit: "customers",
    fn: async () => {
      const e = await service.explainMembership(segA.id, syntheticCustomerId(1 + ((explained++ * 7919) % N)), { now, defaultCurrency })
      if (e.engines_agree) agreed++
    },
    detail: () => `engines agreed on ${agreed} of ${explained}`,
  })

  }
  if (want("predictive")) {
  // RFM: the store-wide pass (quintiles + every customer's scores), then a segment on RFM, rhythm and birthdays
  let rfm: any
  await measure(table, {
    size: sizeLabel,
    operation: "RFM pass (quintiles + every buyer's scores, set-based)",
    runs: 1,
    rows: N,
    rowsUnit: "customers",
    fn: async () => {
      rfm = await service.computeRfmScores({ currency: defaultCurrency, now })
    },
    detail: () => `${rfm.customers} buyers scored`,
  })
  const [segP] = await service.createSegments([
    {
      name: "Bench predictive",
      handle: "bench-predictive",
      membership: "rules",
      audience: "all",
      refresh_mode: "manual",
      conditions: {
        combinator: "or",
        rules: [
          { field: "rfm.group", operator: "in", value: ["champions", "loyal"] },
          { combinator: "and", rules: [
            { field: "orders.overdue_days", operator: "gte", value: 7 },
            { field: "customer.days_to_birthday", operator: "lte", value: 30 },
          ] },
          { field: "orders.days_to_first_order_anniversary", operator: "lte", value: 6 },
        ],
      },
    },
  ] as any)
  let pred: any
  await measure(table, {
    size: sizeLabel,
    operation: "refresh, RFM + order rhythm + birthday conditions (first fill)",
    runs: 1,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      pred = await service.refreshSegmentMembers(segP.id, { now, defaultCurrency, runId: `bench_p_${Date.now()}`, reason: "fill" })
    },
    detail: () => `+${pred.added}, size ${pred.size}`,
  })

  }
  if (want("views")) {
  // ------------------------------------------------ views and wishlists (issue 15)
  // 10 views and 1 wishlist item per customer: 10,000,000 and 1,000,000 at 1,000,000 customers
  const behaviourSizes = { customers: N, views: N * 10, wishlist: N }
  t = Date.now()
  const behaviourLoad = await loadSyntheticBehaviour(knex, behaviourSizes, say)
  notes.push(
    `Synthetic storefront behaviour: ${behaviourSizes.views.toLocaleString("en")} product views (1 in 20 a guest's) and ${behaviourSizes.wishlist.toLocaleString("en")} wishlist items over the same customers and 200 products, generated in SQL in ${((Date.now() - t) / 1000).toFixed(0)} s (${behaviourLoad}).`
  )
  const behaviourLabel = `${N.toLocaleString("en")} customers / ${behaviourSizes.views.toLocaleString("en")} views / ${behaviourSizes.wishlist.toLocaleString("en")} wishlist items`
  const treeV = behaviourTree()
  const compiledV = compileSegmentQuery(treeV as any, { now, defaultCurrency, audience: "all" })
  const planV = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${compiledV.sql}) q`, compiledV.bindings)
  explain.push("-- views and wishlist match query\n" + planV.rows.map((r: any) => r["QUERY PLAN"]).join("\n"))
  const [segV] = await service.createSegments([
    { name: "Bench views and wishlist", handle: "bench-views", membership: "rules", audience: "all", refresh_mode: "manual", conditions: treeV },
  ] as any)
  let fillV: any
  await measure(table, {
    size: behaviourLabel,
    operation: "refresh, views and wishlist conditions (first fill)",
    runs: 1,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      fillV = await service.refreshSegmentMembers(segV.id, { now, defaultCurrency, runId: `bench_v_${Date.now()}`, reason: "fill" })
    },
    detail: () => `+${fillV.added} / -${fillV.removed}, size ${fillV.size}`,
  })
  let sameV: any
  await measure(table, {
    size: behaviourLabel,
    operation: "refresh, views and wishlist conditions (nothing changed)",
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      sameV = await service.refreshSegmentMembers(segV.id, { now, defaultCurrency, runId: `bench_v_${Date.now()}_${Math.random()}`, reason: "same" })
    },
    detail: () => `+${sameV.added} / -${sameV.removed}, size ${sameV.size}`,
  })
  let previewV = 0
  await measure(table, {
    size: behaviourLabel,
    operation: "preview, views and wishlist conditions",
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: 5000 },
    fn: async () => {
      previewV = (await service.previewSegment({ conditions: treeV as any, audience: "all", sample_size: 10 }, { now, defaultCurrency })).count
    },
    detail: () => `count ${previewV}`,
  })
  // a view as POST /store/segments/events records it: product attributes (per-process cache of a
  // minute), one INSERT, the UPDATE linking guest views, the realtime event; a real Medusa product and customer
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const viewer = real.customers[0].id
  let vi = 0
  await measure(table, {
    size: behaviourLabel,
    operation: "product view recorded (store route's service path)",
    runs: Math.max(200, runs * 40),
    rows: 1,
    rowsUnit: "views",
    target: { ms: 5, p95: true },
    fn: async () => {
      const product = await readProductAttributesCached(container, basics.products[vi++ % basics.products.length].id)
      if (!product) throw new Error("bench product not found")
      const { sales_channel_ids: _, ...attributes } = product
      // logged in, with the storefront's anonymous id (as the Next.js snippet sends it): insert, link, event
      await service.recordProductView(
        { ...attributes, customer_id: viewer, anonymous_id: "anon-bench-viewer-0001", viewed_at: new Date() },
        { link_anonymous_ids: ["anon-bench-viewer-0001"] }
      )
      await eventBus.emit({ name: "customer_segment.behaviour_changed", data: { customer_ids: [viewer] } })
    },
  })
  await measure(table, {
    size: "1 product",
    operation: "  of which, on a cache miss: product read through Query",
    runs: Math.max(40, runs * 8),
    rows: 1,
    rowsUnit: "products",
    fn: async () => {
      if (!(await readProductAttributes(container, basics.products[vi++ % basics.products.length].id))) throw new Error("bench product not found")
    },
  })

  }
  if (want("export")) {
  // ------------------------------------------------------------------ export
  const [segE] = await service.createSegments([
    {
      name: "Bench half",
      handle: "bench-half",
      membership: "rules",
      audience: "all",
      refresh_mode: "manual",
      conditions: { combinator: "and", rules: [{ field: "customer.email_domain", operator: "in", value: SYNTHETIC_DOMAINS.slice(0, 5) }] },
    },
  ] as any)
  const filled = await service.refreshSegmentMembers(segE.id, { now, defaultCurrency, runId: `bench_e_${Date.now()}`, reason: "fill" })
  let exported = 0
  let bytes = 0
  await measure(table, {
    size: `${filled.size.toLocaleString("en")} members`,
    operation: "export CSV, streamed (route's paging + writer)",
    runs: Math.min(runs, 3),
    rows: filled.size,
    rowsUnit: "rows",
    memoryTarget: true,
    fn: async () => {
      const r = await exportSegment(service, segE.id)
      exported = r.rows
      bytes = r.bytes
      if (exported !== filled.size) throw new Error(`exported ${exported} of ${filled.size}`)
    },
    detail: () => `${(bytes / 1e6).toFixed(0)} MB of CSV`,
  })

  }
  if (want("hook")) {
  // ------------------------------------------------------- promotion hook
  const hookCustomers = Array.from({ length: 200 }, (_, i) => syntheticCustomerId(1 + ((i * 7919) % N)))
  let hk = 0
  await measure(table, {
    size: sizeLabel,
    operation: "promotion-context hook, per cart",
    runs: 200,
    rows: 1,
    rowsUnit: "carts",
    target: { ms: 5 },
    fn: async () => {
      const ctx = await getSegmentPromotionContext({ cart: { id: `cart_bench_${hk}`, customer_id: hookCustomers[hk++ % hookCustomers.length] } }, container)
      if (!ctx.customer_segment_ids.length) throw new Error("no context")
    },
  })

  }
  if (want("nightly")) {
  // ------------------------------------------- the nightly pass (issue 13)
  // 50 daily segments refreshed one after the other (refreshSegmentMembers) against the shared pass
  // (refreshSegmentsShared), both after a first fill, so little changes (the clock moves a few seconds).
  const created = await service.createSegments(
    Array.from({ length: 50 }, (_, i) => ({
      name: `Bench nightly ${i + 1}`,
      handle: `bench-nightly-${i + 1}`,
      membership: "rules",
      audience: i % 5 === 0 ? "registered" : "all",
      refresh_mode: "daily",
      conditions: nightlyTree(i),
    })) as any
  )
  const nightlyIds = created.map((s: any) => s.id as string)
  const entries = created.map((s: any) => ({ key: s.id, tree: s.conditions, audience: s.audience }))
  const clock = () => ({ now: new Date(), defaultCurrency })
  const shared = compileSharedSegmentsQuery(entries, { now, defaultCurrency })
  const planN = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${shared.sql}) q`, shared.bindings)
  explain.push(`-- nightly: shared match of 50 segments (${shared.ctes} CTEs)\n` + planN.rows.map((r: any) => r["QUERY PLAN"]).join("\n"))
  const singleCtes = entries.reduce((n: number, e: any) => n + compileSegmentQuery(e.tree, { now, defaultCurrency, audience: e.audience }).ctes, 0)
  const nightlyLabel = `50 segments, ${sizeLabel}`
  let pairs = 0
  const fillT = Date.now()
  for (let i = 0; i < nightlyIds.length; i += SCHEDULED_BATCH) {
    const r = await service.refreshSegmentsShared(nightlyIds.slice(i, i + SCHEDULED_BATCH), { ...clock(), runId: `bench_n_fill_${i}`, reason: "fill" })
    for (const c of r.values()) pairs += c.size
  }
  say(`nightly: first fill ${fmtMs(Date.now() - fillT)}, ${pairs} memberships`)
  // the memberships after each way (the smoke test checks they agree)
  const sum = (xs: Array<{ added: number; removed: number; size: number }>) =>
    `+${xs.reduce((n, x) => n + x.added, 0)} / -${xs.reduce((n, x) => n + x.removed, 0)}, ${xs.reduce((n, x) => n + x.size, 0)} memberships`
  // the match alone, both forms of the shared SELECT (count(*) of the pairs)
  for (const form of ["array", "values"] as const) {
    const q = compileSharedSegmentsQuery(entries, { now, defaultCurrency }, form)
    let n = 0
    await measure(table, {
      size: nightlyLabel,
      operation: `nightly: shared match alone, ${form === "values" ? "LATERAL VALUES (key, predicate) (not used)" : "unnest(ARRAY[CASE WHEN predicate THEN key END]) (used)"}`,
      runs,
      rows: N,
      rowsUnit: "customers",
      fn: async () => {
        n = (await knex.raw(`SELECT count(*)::int AS n FROM (${q.sql}) q`, q.bindings)).rows[0].n
      },
      detail: () => `${n.toLocaleString("en")} pairs`,
    })
  }
  let singles: any[] = []
  const one = await measure(table, {
    size: nightlyLabel,
    operation: "nightly: 50 single refreshes, one after the other",
    runs,
    rows: N,
    rowsUnit: "customers",
    fn: async () => {
      singles = []
      for (const id of nightlyIds) singles.push(await service.refreshSegmentMembers(id, { ...clock(), runId: `bench_n_s_${Date.now()}_${id}`, reason: "single" }))
    },
    detail: () => sum(singles),
  })
  // the job's batch (SCHEDULED_BATCH: all 50 in one pass), and runs of 20 (its earlier batch) to show what the batch size costs
  const sharedRun = async (batch: number, tag: string) => {
    const out: any[] = []
    for (let i = 0; i < nightlyIds.length; i += batch) {
      const r = await service.refreshSegmentsShared(nightlyIds.slice(i, i + batch), { ...clock(), runId: `bench_n_${tag}_${Date.now()}_${i}`, reason: "shared" })
      out.push(...r.values())
    }
    return out
  }
  let all: any[] = []
  const sharedAll = await measure(table, {
    size: nightlyLabel,
    operation: `nightly: shared pass in the scheduled job's batches of ${SCHEDULED_BATCH}`,
    runs,
    rows: N,
    rowsUnit: "customers",
    target: { ms: one.median / 2 },
    fn: async () => {
      all = await sharedRun(SCHEDULED_BATCH, "job")
    },
    detail: () => sum(all),
  })
  let batched: any[] = []
  const sharedBatched = await measure(table, {
    size: nightlyLabel,
    operation: "nightly: shared pass in batches of 20",
    runs,
    rows: N,
    rowsUnit: "customers",
    fn: async () => {
      batched = await sharedRun(20, "b20")
    },
    detail: () => sum(batched),
  })
  notes.push(
    `Nightly pass: 50 daily segments (the realtime section's mix over the synthetic data: spend, order count, recency, average value, products bought, countries, email domains, account age; a fifth registered only; OR, AND and NOT groups), after a first fill, so little changes. 50 single refreshes ${fmtMs(one.median)}; the shared pass in the job's batches of ${SCHEDULED_BATCH} ${fmtMs(sharedAll.median)} (${((100 * sharedAll.median) / one.median).toFixed(0)}% of the singles, ${(one.median / sharedAll.median).toFixed(1)}× faster), in batches of 20 ${fmtMs(sharedBatched.median)} (${((100 * sharedBatched.median) / one.median).toFixed(0)}%, ${(one.median / sharedBatched.median).toFixed(1)}×). Target: well under 50 single refreshes, taken as below half their time. The single refreshes compile ${singleCtes} fact CTEs in all, the shared match of the 50 ${shared.ctes} (identical ones computed once).`
  )

  }
  if (want("realtime")) {
  // -------------------------------------------------------- real-time path
  const realtimeSegments = Array.from({ length: 50 }, (_, i) => ({
    name: `Bench realtime ${i + 1}`,
    handle: `bench-rt-${i + 1}`,
    membership: "rules",
    audience: i % 5 === 0 ? "registered" : "all",
    refresh_mode: "realtime",
    conditions: realtimeTree(i, basics),
  }))
  await service.createSegments(realtimeSegments as any)
  const rtRun = async (customerId: string) => {
    const { result } = await refreshCustomerSegmentsWorkflow(container).run({ input: { customer_ids: [customerId], reason: "bench" } })
    if (result.result?.segments !== 50) throw new Error(`evaluated ${result.result?.segments} realtime segments`)
    return (result.result?.joined?.length ?? 0) + (result.result?.left?.length ?? 0)
  }
  // The segments were created without their first fill, so a customer's first evaluation joins every
  // segment it matches at once (a membership event, and its subscribers, for each). That worst case
  // on a row of its own, on customers the path has not seen yet.
  const rtCustomers = real.customers.slice(0, Math.min(20, real.customers.length))
  const firstCustomers = real.customers.slice(rtCustomers.length, rtCustomers.length + 40)
  for (let i = 0; i < 3; i++) await rtRun(rtCustomers[i].id) // warm up (first workflow runs compile and cache)
  let rtChanges = 0
  let rti = 0
  if (firstCustomers.length) {
    await measure(table, {
      size: `50 realtime segments, ${sizeLabel}`,
      operation: "real-time path, a customer's first evaluation (joins all its segments at once)",
      runs: firstCustomers.length,
      rows: 1,
      rowsUnit: "customers",
      fn: async () => {
        rtChanges += await rtRun(firstCustomers[rti++].id)
      },
      detail: () => `${(rtChanges / firstCustomers.length).toFixed(1)} joins per customer, an event each`,
    })
  }
  // The everyday case the target is about: an order arrives for a customer whose memberships are
  // current. Before each timed run (untimed) a new order is written for the next customer.
  for (const c of rtCustomers) await rtRun(c.id)
  rtChanges = 0
  rti = 0
  const rtRuns = Math.max(40, runs * 8)
  await measure(table, {
    size: `50 realtime segments, ${sizeLabel}`,
    operation: "real-time path per new order (recompute + evaluate 50 + apply + events)",
    runs: rtRuns,
    rows: 1,
    rowsUnit: "customers",
    target: { ms: 50, p95: true },
    before: async () => {
      await createOrderFor(container, basics, rtCustomers[rti % rtCustomers.length], 100_000 + rti)
    },
    fn: async () => {
      rtChanges += await rtRun(rtCustomers[rti++ % rtCustomers.length].id)
    },
    detail: () => `${rtChanges} membership changes over ${rtRuns} orders`,
  })
  const pluginPerOrder = table.results[table.results.length - 1]
  // The customer-tiers example's approach for the same orders: one spend rule (sum of order totals
  // through query.graph, in JavaScript) and a customer-group move, on the same customers.
  const tiers = await createTierGroups(container)
  let tierOrder = ""
  let tierMoves = 0
  for (let i = 0; i < 3; i++) await tierBaselineWorkflow(container).run({ input: { order_id: await createOrderFor(container, basics, rtCustomers[i], 200_000 + i), tiers } })
  const tierRow = await measure(table, {
    size: `1 tier rule (3 tiers), ${sizeLabel}`,
    operation: "baseline: customer-tiers approach per new order (query.graph totals summed in JS + group move)",
    runs: rtRuns,
    rows: 1,
    rowsUnit: "customers",
    before: async () => {
      tierOrder = await createOrderFor(container, basics, rtCustomers[rti % rtCustomers.length], 300_000 + rti)
    },
    fn: async () => {
      rti++
      const { result } = await tierBaselineWorkflow(container).run({ input: { order_id: tierOrder, tiers } })
      if (result.moved) tierMoves++
    },
    detail: () => `one rule, where the plugin evaluates 50 segments; ${tierMoves} tier moves over ${rtRuns} orders`,
  })
  const { rows: perCustomer } = await knex.raw("SELECT round(avg(n), 1) AS n FROM (SELECT count(*) AS n FROM \"order\" WHERE customer_id = ANY(?) GROUP BY customer_id) q", [rtCustomers.map((c) => c.id)])
  notes.push(
    `Real-time path vs the customer-tiers example's approach (on order.placed: query.graph of the customer's orders with \`total\`, summed in JavaScript, one tier decided, customer-group move through the customer module), same customers (${perCustomer[0].n} orders each on average), same measurement: plugin ÷ baseline = ${(pluginPerOrder.median / tierRow.median).toFixed(2)} at the median (${fmtMs(pluginPerOrder.median)} / ${fmtMs(tierRow.median)}), ${(pluginPerOrder.p95 / tierRow.p95).toFixed(2)} at p95 (${fmtMs(pluginPerOrder.p95)} / ${fmtMs(tierRow.p95)}). The baseline decides one rule; the plugin recomputes the whole activity profile and evaluates 50 segments. The baseline's cost grows with the customer's order count (it reads every order and computes its total); the plugin's recompute does too, its evaluation does not.`
  )
  // where the real-time path spends its time: the two halves on their own
  await measure(table, {
    size: "1 customer",
    operation: "  of which: recompute activity (workflow)",
    runs: Math.max(40, runs * 8),
    rows: 1,
    rowsUnit: "customers",
    fn: async () => {
      await recomputeCustomerActivityWorkflow(container).run({ input: { customer_ids: [rtCustomers[rti++ % rtCustomers.length].id] } })
    },
  })
  await measure(table, {
    size: "1 customer",
    operation: "  of which: evaluate 50 segments + apply (service)",
    runs: Math.max(40, runs * 8),
    rows: 1,
    rowsUnit: "customers",
    fn: async () => {
      await service.evaluateRealtimeSegments([rtCustomers[rti++ % rtCustomers.length].id], { now: new Date(), defaultCurrency, runId: `bench_rt_${rti}`, reason: "bench" })
    },
  })

  }

  await finish()

  // ------------------------------------------------------------------- report
  async function finish() {
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`
    const { rows: ver } = await knex.raw("SHOW server_version")
    const header = [
      `Run ${config.stamp} (${((Date.now() - started) / 60000).toFixed(1)} min)`,
      `Machine: ${machine}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}`,
      `PostgreSQL ${ver[0].server_version}${config.external ? " (external server, its own settings)" : ` embedded (${Object.entries(config.settings ?? {}).map(([k, v]) => `${k}=${v}`).join(", ")})`}`,
      `Peak RSS of the Node process over the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    ]
    const md = [
      ...header.map((h) => `- ${h}`),
      "",
      table.markdown(),
      "",
      ...notes.map((n) => `- ${n}`),
      "",
    ].join("\n")
    fs.mkdirSync(config.outDir, { recursive: true })
    const base_ = path.join(config.outDir, config.stamp)
    fs.writeFileSync(`${base_}.md`, md)
    fs.writeFileSync(`${base_}.json`, JSON.stringify({ config, header, results: table.results, notes }, null, 2))
    fs.writeFileSync(`${base_}-explain.txt`, explain.join("\n\n"))
    console.log("\n" + md)
    console.log(`[bench] written to ${base_}.md / .json (plans in ${base_}-explain.txt)`)
    const missed = table.results.filter((r: Result) => r.met === false)
    if (missed.length) console.log(`[bench] targets missed: ${missed.map((r) => r.operation).join("; ")}`)
  }
}

/** The route's loop (keyset pages of 2,000 members, the same writer) into a sink that only counts bytes. */
async function exportSegment(service: CustomerSegmentModuleService, segmentId: string) {
  const writer = exportWriter("csv")
  let bytes = writer.head().length
  let rows = 0
  let after: string | null = null
  const PAGE = 2000
  for (;;) {
    const page = await service.exportMembersPage(segmentId, after, PAGE)
    if (!page.length) break
    let out = ""
    for (const row of page) out += writer.row(row, rows++ === 0)
    bytes += Buffer.byteLength(out)
    await new Promise<void>((r) => setImmediate(r)) // a socket write
    after = page[page.length - 1].id
    if (page.length < PAGE) break
  }
  bytes += writer.tail().length
  return { rows, bytes }
}

/** 50 different realtime trees over the kinds of fields merchants use. */
function realtimeTree(i: number, basics: StoreBasics) {
  const product = basics.products[i % basics.products.length].id
  const kinds = [
    { field: "orders.total_spent", operator: "gte", value: 50 * (i % 10) },
    { field: "orders.count", operator: "gte", value: 1 + (i % 6) },
    { field: "orders.last_order_at", operator: "within_last_days", value: 30 * (1 + (i % 12)) },
    { field: "purchases.product_ids", operator: "in", value: [product] },
    { field: "address.country_code", operator: "in", value: [["de", "fr"], ["us"], ["it", "es", "nl"]][i % 3] },
    { field: "customer.email_domain", operator: "in", value: ["gmail.com", "acme.com"] },
    { field: "orders.average_value", operator: "gt", value: 20 + (i % 7) * 10 },
  ]
  const rules = [kinds[i % kinds.length], kinds[(i + 3) % kinds.length]]
  if (i % 4 === 0) rules.push({ combinator: "or", rules: [kinds[(i + 1) % kinds.length], kinds[(i + 5) % kinds.length]] } as any)
  return { combinator: i % 3 === 0 ? "or" : "and", rules }
}

/** 50 different nightly trees over the synthetic data, in the style of the realtime ones. */
function nightlyTree(i: number) {
  const product = (n: number) => `prod_b${String(n % SYNTHETIC_PRODUCTS).padStart(3, "0")}`
  const kinds = [
    { field: "orders.total_spent", operator: "gte", value: 50 * (i % 10) },
    { field: "orders.count", operator: "gte", value: 1 + (i % 6) },
    { field: "orders.last_order_at", operator: "within_last_days", value: 30 * (1 + (i % 12)) },
    { field: "purchases.product_ids", operator: "in", value: [product(i * 7), product(i * 7 + 1), product(i * 13 + 5)] },
    { field: "address.country_code", operator: "in", value: [SYNTHETIC_COUNTRIES.slice(0, 2), SYNTHETIC_COUNTRIES.slice(7), SYNTHETIC_COUNTRIES.slice(2, 5)][i % 3] },
    { field: "customer.email_domain", operator: "in", value: SYNTHETIC_DOMAINS.slice(i % 8, (i % 8) + 2) },
    { field: "orders.average_value", operator: "gt", value: 20 + (i % 7) * 10 },
    { field: "purchases.product_ids", operator: "in", value: [product(i)], params: { within_days: 180 } },
    { field: "customer.created_at", operator: "within_last_days", value: 180 * (1 + (i % 4)) },
  ]
  const rules: any[] = [kinds[i % kinds.length], kinds[(i + 4) % kinds.length]]
  if (i % 4 === 0) rules.push({ combinator: "or", rules: [kinds[(i + 1) % kinds.length], kinds[(i + 5) % kinds.length]] })
  if (i % 6 === 1) rules.push({ combinator: "and", not: true, rules: [kinds[(i + 2) % kinds.length]] })
  return { combinator: i % 3 === 0 ? "or" : "and", rules }
}
