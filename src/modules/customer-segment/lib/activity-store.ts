import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ActivityRow, CustomerSnapshot, OrderFactRow, ProductViewRow, PurchaseFactRow, RfmScores, WishlistItemRow } from "../types"
import { SUMMARY_COLUMNS, summaryJoin, updateActivitySummaries } from "./activity-summary"
import { rescoreCustomers } from "./rfm"

export type ReplaceActivityInput = {
  /** customers whose activity data is replaced; those without an `activities` row are deleted (customer gone) */
  customer_ids: string[]
  activities: ActivityRow[]
  orders: OrderFactRow[]
  purchases: PurchaseFactRow[]
}

const ACTIVITY_TABLE = "customer_segment_activity"
const ORDER_TABLE = "customer_segment_order_fact"
const PURCHASE_TABLE = "customer_segment_purchase_fact"
const MEMBER_TABLE = "customer_segment_member"
const SEGMENT_TABLE = "customer_segment"

/**
 * Column name -> SQL type, in insert order. The rows travel as ONE bound jsonb
 * parameter that `jsonb_to_recordset` turns into a set (JSON arrays become
 * `text[]`), so a batch of any size is one INSERT without hitting the
 * 65,535-parameter limit, and no value is ever spliced into the SQL text.
 */
const ACTIVITY_COLUMNS: [string, string][] = [
  ["id", "text"],
  ["email", "text"],
  ["email_domain", "text"],
  ["first_name", "text"],
  ["last_name", "text"],
  ["company_name", "text"],
  ["phone", "text"],
  ["has_account", "boolean"],
  ["customer_created_at", "timestamptz"],
  ["group_ids", "text[]"],
  ["customer_metadata", "jsonb"],
  ["ship_country_code", "text"],
  ["ship_province", "text"],
  ["ship_city", "text"],
  ["ship_postal_code", "text"],
  ["bill_country_code", "text"],
  ["bill_province", "text"],
  ["bill_city", "text"],
  ["bill_postal_code", "text"],
  ["any_country_codes", "text[]"],
  ["any_provinces", "text[]"],
  ["any_cities", "text[]"],
  ["any_postal_codes", "text[]"],
  ["promotion_codes", "text[]"],
  ["payment_providers", "text[]"],
  ["shipping_options", "text[]"],
  ["region_ids", "text[]"],
  ["sales_channel_ids", "text[]"],
  ["currency_codes", "text[]"],
  ["cart_id", "text"],
  ["cart_subtotal", "numeric"],
  ["raw_cart_subtotal", "jsonb"],
  ["cart_item_count", "integer"],
  ["cart_product_ids", "text[]"],
  ["cart_updated_at", "timestamptz"],
  ["computed_at", "timestamptz"],
]

const ORDER_COLUMNS: [string, string][] = [
  ["id", "text"],
  ["customer_id", "text"],
  ["status", "text"],
  ["ordered_at", "timestamptz"],
  ["total", "numeric"],
  ["raw_total", "jsonb"],
  ["currency_code", "text"],
  ["region_id", "text"],
  ["sales_channel_id", "text"],
]

const PURCHASE_COLUMNS: [string, string][] = [
  ["id", "text"],
  ["customer_id", "text"],
  ["order_id", "text"],
  ["order_status", "text"],
  ["ordered_at", "timestamptz"],
  ["product_id", "text"],
  ["variant_id", "text"],
  ["sku", "text"],
  ["collection_id", "text"],
  ["type_id", "text"],
  ["category_ids", "text[]"],
  ["tag_ids", "text[]"],
  ["product_metadata", "jsonb"],
  ["quantity", "integer"],
  ["amount", "numeric"],
  ["raw_amount", "jsonb"],
  ["currency_code", "text"],
]

/** The `raw_<name>` jsonb Medusa's bigNumber columns carry next to the numeric. */
export function rawBigNumber(value: number | null | undefined): { value: string; precision: number } | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  return { value: String(value), precision: 20 }
}

function toJsonRecord(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof Date ? value.toISOString() : value
  }
  return out
}

async function insertRecordset(
  knex: Knex,
  table: string,
  columns: [string, string][],
  rows: Record<string, unknown>[],
  extra?: { columns: readonly string[]; select: string; joins: string; bindings: unknown[] }
): Promise<void> {
  if (!rows.length) return
  const names = columns.map(([name]) => `"${name}"`).join(", ")
  const definition = columns.map(([name, type]) => `"${name}" ${type}`).join(", ")
  const into = extra ? `${names}, ${extra.columns.map((c) => `"${c}"`).join(", ")}` : names
  const select = extra ? `${columns.map(([name]) => `r."${name}"`).join(", ")}, ${extra.select}` : names
  // Table and column names come from the constants above, never from input.
  await knex.raw(
    `INSERT INTO "${table}" (${into}) SELECT ${select} FROM jsonb_to_recordset(?::jsonb) AS r(${definition}) ${extra?.joins ?? ""}`,
    [JSON.stringify(rows.map(toJsonRecord)), ...((extra?.bindings ?? []) as any[])]
  )
}

/** Replaces the activity data of `customer_ids` (delete + bulk insert). Idempotent. */
export async function replaceCustomerActivity(knex: Knex, input: ReplaceActivityInput): Promise<void> {
  const customerIds = [...new Set([...input.customer_ids, ...input.activities.map((a) => a.id)])]
  if (!customerIds.length) return
  const orderIds = input.orders.map((o) => o.id)
  const itemIds = input.purchases.map((p) => p.id)

  // Two replaces of one customer at once (a real-time event during a backfill)
  // would both delete, then both insert the same fact ids: the second waits
  // for the first here, then its deletes see the first one's rows. Sorted, so
  // two batches never wait on each other in a circle.
  await knex.raw(
    `SELECT pg_advisory_xact_lock(hashtext('customer_segment_activity'), hashtext(id)) FROM unnest(?::text[]) AS id`,
    [[...customerIds].sort()]
  )

  // Facts are keyed by order / line item id: also clear ids that moved from
  // another customer (an order transferred to a registered account).
  // `deleted_at IS NULL` lets the customer_id arm use the (partial) customer_id
  // index: without it both DELETEs scanned the whole fact tables (1.1 s per
  // customer at 5,000,000 purchase facts). Facts are never soft-deleted, and an
  // id being inserted again is cleared by the primary-key arm whatever its state.
  // Returns the other customers who lost facts that way: their summary is rewritten below.
  const { rows: movedPurchases } = await knex.raw(
    `WITH d AS (DELETE FROM "${PURCHASE_TABLE}" WHERE (customer_id = ANY(?::text[]) AND deleted_at IS NULL) OR id = ANY(?::text[]) RETURNING customer_id)
     SELECT DISTINCT customer_id FROM d WHERE customer_id <> ALL(?::text[])`,
    [customerIds, itemIds, customerIds]
  )
  const { rows: movedOrders } = await knex.raw(
    `WITH d AS (DELETE FROM "${ORDER_TABLE}" WHERE (customer_id = ANY(?::text[]) AND deleted_at IS NULL) OR id = ANY(?::text[]) RETURNING customer_id)
     SELECT DISTINCT customer_id FROM d WHERE customer_id <> ALL(?::text[])`,
    [customerIds, orderIds, customerIds]
  )
  await knex.raw(`DELETE FROM "${ACTIVITY_TABLE}" WHERE id = ANY(?::text[])`, [customerIds])

  await insertRecordset(
    knex,
    ORDER_TABLE,
    ORDER_COLUMNS,
    input.orders.map((o) => ({ ...o, raw_total: rawBigNumber(o.total) ?? { value: "0", precision: 20 } }))
  )
  await insertRecordset(
    knex,
    PURCHASE_TABLE,
    PURCHASE_COLUMNS,
    input.purchases.map((p) => ({ ...p, raw_amount: rawBigNumber(p.amount) ?? { value: "0", precision: 20 } }))
  )
  // the rows last, with their summary of the facts just written (one version of each row)
  const withFacts = [...new Set([...input.orders.map((o) => o.customer_id), ...input.purchases.map((p) => p.customer_id)])]
  const summary = summaryJoin("r", "customer_id = ANY(?::text[])")
  await insertRecordset(
    knex,
    ACTIVITY_TABLE,
    ACTIVITY_COLUMNS,
    input.activities.map((a) => ({ ...a, raw_cart_subtotal: rawBigNumber(a.cart_subtotal) })),
    { columns: SUMMARY_COLUMNS, select: summary.select, joins: summary.joins, bindings: [withFacts, withFacts] }
  )
  const movedFrom = [...new Set([...movedPurchases, ...movedOrders].map((r: { customer_id: string }) => r.customer_id))]
  await updateActivitySummaries(knex, movedFrom)
  // RFM scores follow the new summary, against the store's stored quintiles
  await rescoreCustomers(knex, [...customerIds, ...movedFrom], new Date())
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string))

function activityFromDb(r: Record<string, any>): ActivityRow {
  const row: Record<string, unknown> = {}
  for (const [name, type] of ACTIVITY_COLUMNS) {
    if (name.startsWith("raw_")) continue
    const v = r[name]
    if (type === "numeric" || type === "integer") row[name] = num(v)
    else if (type === "timestamptz") row[name] = date(v)
    else if (type === "text[]") row[name] = v ?? []
    else row[name] = v ?? null
  }
  row.has_account = !!r.has_account
  return row as ActivityRow
}

function orderFromDb(r: Record<string, any>): OrderFactRow {
  return {
    id: r.id,
    customer_id: r.customer_id,
    status: r.status,
    ordered_at: date(r.ordered_at)!,
    total: Number(r.total),
    currency_code: r.currency_code,
    region_id: r.region_id ?? null,
    sales_channel_id: r.sales_channel_id ?? null,
  }
}

function purchaseFromDb(r: Record<string, any>): PurchaseFactRow {
  return {
    id: r.id,
    customer_id: r.customer_id,
    order_id: r.order_id,
    order_status: r.order_status,
    ordered_at: date(r.ordered_at)!,
    product_id: r.product_id ?? null,
    variant_id: r.variant_id ?? null,
    sku: r.sku ?? null,
    collection_id: r.collection_id ?? null,
    type_id: r.type_id ?? null,
    category_ids: r.category_ids ?? [],
    tag_ids: r.tag_ids ?? [],
    product_metadata: r.product_metadata ?? null,
    quantity: Number(r.quantity),
    amount: Number(r.amount),
    currency_code: r.currency_code,
  }
}

/** Loads what the in-memory evaluator needs for each customer that has activity data. */
export async function loadCustomerSnapshots(knex: Knex, customerIds: string[]): Promise<CustomerSnapshot[]> {
  const ids = [...new Set(customerIds)]
  if (!ids.length) return []
  const cols = (columns: [string, string][]) =>
    columns.filter(([n]) => !n.startsWith("raw_")).map(([n]) => `"${n}"`).join(", ")

  // one after the other: the knex may be a transaction (one connection)
  const activities = await knex.raw(
    `SELECT ${cols(ACTIVITY_COLUMNS)} FROM "${ACTIVITY_TABLE}" WHERE id = ANY(?::text[]) AND deleted_at IS NULL`,
    [ids]
  )
  const orders = await knex.raw(
    `SELECT ${cols(ORDER_COLUMNS)} FROM "${ORDER_TABLE}"
      WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL ORDER BY ordered_at, id`,
    [ids]
  )
  const purchases = await knex.raw(
    `SELECT ${cols(PURCHASE_COLUMNS)} FROM "${PURCHASE_TABLE}"
      WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL ORDER BY ordered_at, order_id, id`,
    [ids]
  )
  const rfm = await knex.raw(
    `SELECT id, recency_score, frequency_score, monetary_score, rfm_group FROM customer_segment_rfm
      WHERE id = ANY(?::text[]) AND deleted_at IS NULL`,
    [ids]
  )
  const members = await knex.raw(
    `SELECT m.customer_id, m.segment_id FROM "${MEMBER_TABLE}" m
       JOIN "${SEGMENT_TABLE}" s ON s.id = m.segment_id AND s.deleted_at IS NULL
      WHERE m.customer_id = ANY(?::text[]) AND m.deleted_at IS NULL
      ORDER BY m.segment_id`,
    [ids]
  )

  // storefront behaviour (views of guests count once linked to the customer)
  const views = await knex.raw(
    `SELECT id, customer_id, product_id, collection_id, category_ids, product_metadata, viewed_at
       FROM "customer_segment_product_view"
      WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL ORDER BY viewed_at, id`,
    [ids]
  )
  const wishlist = await knex.raw(
    `SELECT id, customer_id, product_id, variant_id, sku, collection_id, category_ids, product_metadata, added_at
       FROM "customer_segment_wishlist_item"
      WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL ORDER BY added_at, id`,
    [ids]
  )

  const group = <T extends { customer_id: string }>(rows: T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>()
    for (const row of rows) {
      const list = map.get(row.customer_id)
      if (list) list.push(row)
      else map.set(row.customer_id, [row])
    }
    return map
  }
  const ordersBy = group<OrderFactRow>(orders.rows.map(orderFromDb))
  const purchasesBy = group<PurchaseFactRow>(purchases.rows.map(purchaseFromDb))
  const segmentsBy = group(members.rows as { customer_id: string; segment_id: string }[])
  const viewsBy = group<ProductViewRow>(
    views.rows.map((r: any) => ({ ...r, category_ids: r.category_ids ?? [], product_metadata: r.product_metadata ?? null, viewed_at: date(r.viewed_at)! }))
  )
  const wishlistBy = group<WishlistItemRow>(
    wishlist.rows.map((r: any) => ({ ...r, category_ids: r.category_ids ?? [], product_metadata: r.product_metadata ?? null, added_at: date(r.added_at)! }))
  )
  const activityBy = new Map<string, ActivityRow>(activities.rows.map((r: any) => [r.id, activityFromDb(r)]))
  const rfmBy = new Map<string, RfmScores>(
    rfm.rows.map((r: any) => [
      r.id,
      { recency_score: Number(r.recency_score), frequency_score: Number(r.frequency_score), monetary_score: Number(r.monetary_score), rfm_group: r.rfm_group },
    ])
  )

  const out: CustomerSnapshot[] = []
  for (const id of ids) {
    const activity = activityBy.get(id)
    if (!activity) continue
    out.push({
      activity,
      orders: ordersBy.get(id) ?? [],
      purchases: purchasesBy.get(id) ?? [],
      segment_ids: (segmentsBy.get(id) ?? []).map((m) => m.segment_id),
      rfm: rfmBy.get(id) ?? null,
      views: viewsBy.get(id) ?? [],
      wishlist: wishlistBy.get(id) ?? [],
    })
  }
  return out
}
