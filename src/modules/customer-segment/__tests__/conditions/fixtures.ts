import type { ActivityRow, CustomerSnapshot, OrderFactRow, ProductViewRow, PurchaseFactRow, RfmScores, WishlistItemRow } from "../../types"
import {
  CompileContext,
  ConditionGroup,
  ConditionRule,
  EvalContext,
  compileNodeVerdicts,
  compileSegmentQuery,
  evaluateConditions,
  explainConditions,
  ExplainedNode,
  globalAverageQueries,
} from "../../conditions"
import { updateActivitySummaries } from "../../lib/activity-summary"

export const NOW = new Date("2025-06-15T12:00:00.000Z")
export const DAY = 86_400_000
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY)

/** Tree builders for the tests' condition trees. */
export const and = (...rules: Array<ConditionGroup | ConditionRule>): ConditionGroup => ({ combinator: "and", rules })
export const or = (...rules: Array<ConditionGroup | ConditionRule>): ConditionGroup => ({ combinator: "or", rules })
export const not = (g: ConditionGroup): ConditionGroup => ({ ...g, not: true })
export const r = (field: string, operator: string, value?: unknown, params?: Record<string, unknown>): ConditionRule => ({
  field,
  operator,
  ...(value !== undefined ? { value } : {}),
  ...(params ? { params } : {}),
})

export type CustomerFixture = {
  id: string
  activity?: Partial<ActivityRow>
  orders?: Array<Partial<OrderFactRow>>
  purchases?: Array<Partial<PurchaseFactRow>>
  segments?: string[]
  rfm?: RfmScores | null
  rfm?: RfmScores | null
  views?: Array<Partial<ProductViewRow>>
  wishlist?: Array<Partial<WishlistItemRow>>
}

export function snapshotOf(c: CustomerFixture): CustomerSnapshot {
  const activity: ActivityRow = {
    id: c.id,
    email: null,
    email_domain: null,
    first_name: null,
    last_name: null,
    company_name: null,
    phone: null,
    has_account: true,
    customer_created_at: null,
    group_ids: [],
    customer_metadata: null,
    ship_country_code: null,
    ship_province: null,
    ship_city: null,
    ship_postal_code: null,
    bill_country_code: null,
    bill_province: null,
    bill_city: null,
    bill_postal_code: null,
    any_country_codes: [],
    any_provinces: [],
    any_cities: [],
    any_postal_codes: [],
    promotion_codes: [],
    payment_providers: [],
    shipping_options: [],
    region_ids: [],
    sales_channel_ids: [],
    currency_codes: [],
    cart_id: null,
    cart_subtotal: null,
    cart_item_count: null,
    cart_product_ids: [],
    cart_updated_at: null,
    computed_at: NOW,
    ...c.activity,
  }
  const orders = (c.orders ?? []).map(
    (o, i): OrderFactRow => ({
      id: `${c.id}_o${i}`,
      customer_id: c.id,
      status: "completed",
      ordered_at: daysAgo(10),
      total: 100,
      currency_code: "usd",
      region_id: null,
      sales_channel_id: null,
      ...o,
    })
  )
  const purchases = (c.purchases ?? []).map(
    (p, i): PurchaseFactRow => ({
      id: `${c.id}_p${i}`,
      customer_id: c.id,
      order_id: `${c.id}_o0`,
      order_status: "completed",
      ordered_at: daysAgo(10),
      product_id: null,
      variant_id: null,
      sku: null,
      collection_id: null,
      type_id: null,
      category_ids: [],
      tag_ids: [],
      product_metadata: null,
      quantity: 1,
      amount: 10,
      currency_code: "usd",
      ...p,
    })
  )
  const views = (c.views ?? []).map(
    (v, i): ProductViewRow => ({
      id: `${c.id}_v${i}`,
      customer_id: c.id,
      product_id: "prod_x",
      collection_id: null,
      category_ids: [],
      product_metadata: null,
      viewed_at: daysAgo(1),
      ...v,
    })
  )
  const wishlist = (c.wishlist ?? []).map(
    (w, i): WishlistItemRow => ({
      id: `${c.id}_w${i}`,
      customer_id: c.id,
      product_id: `prod_w${i}`,
      variant_id: null,
      sku: null,
      collection_id: null,
      category_ids: [],
      product_metadata: null,
      added_at: daysAgo(1),
      ...w,
    })
  )
  return { activity, orders, purchases, segment_ids: c.segments ?? [], rfm: c.rfm ?? null, views, wishlist }
}

const TABLES = [
  "customer_segment_rfm",
  "customer_segment_product_view",
  "customer_segment_wishlist_item",
  "customer_segment_member",
  "customer_segment",
  "customer_segment_purchase_fact",
  "customer_segment_order_fact",
  "customer_segment_activity",
]

const json = (v: unknown) => (v == null ? null : JSON.stringify(v))

/** Replaces the whole activity data with these customers (knex from the test database). */
export async function loadWorld(knex: any, snapshots: CustomerSnapshot[]): Promise<void> {
  for (const t of TABLES) await knex.raw(`DELETE FROM ${t}`)
  const segmentIds = [...new Set(snapshots.flatMap((s) => s.segment_ids))]
  if (segmentIds.length) {
    await knex("customer_segment").insert(segmentIds.map((id) => ({ id, name: id, handle: id })))
  }
  const activities = snapshots.map((s) => ({ ...s.activity, customer_metadata: json(s.activity.customer_metadata) }))
  if (activities.length) await knex("customer_segment_activity").insert(activities)
  const orders = snapshots.flatMap((s) => s.orders.map((o) => ({ ...o, raw_total: json({ value: String(o.total), precision: 20 }) })))
  if (orders.length) await knex("customer_segment_order_fact").insert(orders)
  const purchases = snapshots.flatMap((s) =>
    s.purchases.map((p) => ({ ...p, product_metadata: json(p.product_metadata), raw_amount: json({ value: String(p.amount), precision: 20 }) }))
  )
  if (purchases.length) await knex("customer_segment_purchase_fact").insert(purchases)
  const views = snapshots.flatMap((s) => (s.views ?? []).map((v) => ({ ...v, product_metadata: json(v.product_metadata) })))
  if (views.length) await knex("customer_segment_product_view").insert(views)
  // a guest's view (no customer yet) that neither engine may count
  if (snapshots.length) {
    await knex("customer_segment_product_view").insert({ id: "guest_view", anonymous_id: "anon_1", product_id: "x", collection_id: "x", category_ids: ["x"], viewed_at: NOW })
  }
  const wishlist = snapshots.flatMap((s) => (s.wishlist ?? []).map((w) => ({ ...w, product_metadata: json(w.product_metadata) })))
  if (wishlist.length) await knex("customer_segment_wishlist_item").insert(wishlist)
  await updateActivitySummaries(knex, null)
  const members = snapshots.flatMap((s) =>
    s.segment_ids.map((segment_id) => ({ id: `m_${segment_id}_${s.activity.id}`, segment_id, customer_id: s.activity.id, added_at: NOW }))
  )
  if (members.length) await knex("customer_segment_member").insert(members)
  const rfm = snapshots.filter((s) => s.rfm).map((s) => ({ id: s.activity.id, ...s.rfm, computed_at: NOW }))
  if (rfm.length) await knex("customer_segment_rfm").insert(rfm)
}

/** Runs both engines over the loaded world; returns sorted ids from each. */
export async function bothEngines(
  knex: any,
  snapshots: CustomerSnapshot[],
  tree: ConditionGroup | null,
  opts: Partial<CompileContext> = {}
): Promise<{ sql: string[]; memory: string[] }> {
  const ctx: CompileContext = { now: NOW, defaultCurrency: "usd", audience: "all", ...opts }
  const q = compileSegmentQuery(tree, ctx)
  const rows = (await knex.raw(q.sql, q.bindings)).rows as Array<{ customer_id: string }>
  const sqlIds = rows.map((r) => r.customer_id).sort()
  expect(new Set(sqlIds).size).toBe(sqlIds.length)

  const globalAverages: EvalContext["globalAverages"] = {}
  if (tree) {
    for (const g of globalAverageQueries(tree, ctx)) {
      const r = (await knex.raw(g.sql, g.bindings)).rows
      expect(r).toHaveLength(1)
      globalAverages[g.key] = r[0].value == null ? null : Number(r[0].value)
    }
  }
  const evalCtx: EvalContext = { now: ctx.now, defaultCurrency: ctx.defaultCurrency, globalAverages }
  const memory = snapshots
    .filter((s) => ctx.audience === "all" || s.activity.has_account)
    .filter((s) => tree === null || evaluateConditions(tree, s, evalCtx))
    .map((s) => s.activity.id)
    .sort()
  if (tree) await explanationsAgree(knex, snapshots, tree, ctx, evalCtx, memory)
  return { sql: sqlIds, memory }
}

/**
 * Explanations (GET .../explain) for every customer: the in-memory explanation's
 * root equals evaluateConditions, and the SQL engine's verdict on every node,
 * groups and rules alike, equals the in-memory one.
 */
async function explanationsAgree(
  knex: any,
  snapshots: CustomerSnapshot[],
  tree: ConditionGroup,
  ctx: CompileContext,
  evalCtx: EvalContext,
  members: string[]
): Promise<void> {
  const flat = (n: ExplainedNode, out: ExplainedNode[] = []): ExplainedNode[] => {
    out.push(n)
    if (n.kind === "group") n.rules.forEach((r) => flat(r, out))
    return out
  }
  for (const s of snapshots) {
    const explained = explainConditions(tree, s, evalCtx)
    const inAudience = ctx.audience === "all" || s.activity.has_account
    expect({ id: s.activity.id, member: inAudience && explained.held }).toEqual({ id: s.activity.id, member: members.includes(s.activity.id) })
    const q = compileNodeVerdicts(tree, ctx, s.activity.id)
    const [row] = (await knex.raw(q.sql, q.bindings)).rows
    expect(row.in_audience).toBe(inAudience)
    const nodes = flat(explained)
    expect(nodes.map((n) => n.path)).toEqual(q.paths)
    const mismatches = nodes
      .map((n, i) => ({ path: n.path, memory: n.held, sql: row[`n${i}`], text: n.text }))
      .filter((n) => n.memory !== n.sql)
    expect({ customer: s.activity.id, mismatches }).toEqual({ customer: s.activity.id, mismatches: [] })
  }
}
