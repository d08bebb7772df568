import { MathBN } from "@medusajs/framework/utils"
import type { ActivityRow, OrderFactRow, PurchaseFactRow } from "../../../modules/customer-segment/types"

/** What the readers return (Query for the fields below, or the SQL reader in the same shape): only what the computation reads. */
export type SourceAddress = {
  country_code?: string | null
  province?: string | null
  city?: string | null
  postal_code?: string | null
  is_default_shipping?: boolean | null
  is_default_billing?: boolean | null
} | null

export type SourceCustomer = {
  id: string
  email?: string | null
  first_name?: string | null
  last_name?: string | null
  company_name?: string | null
  phone?: string | null
  has_account?: boolean | null
  created_at?: string | Date | null
  metadata?: Record<string, unknown> | null
  groups?: ({ id: string } | null)[] | null
  addresses?: SourceAddress[] | null
}

export type SourceOrder = {
  id: string
  customer_id: string | null
  status: string
  created_at: string | Date
  currency_code: string
  region_id?: string | null
  sales_channel_id?: string | null
  summary?: any
  shipping_address?: SourceAddress
  billing_address?: SourceAddress
  shipping_methods?: ({ shipping_option_id?: string | null; adjustments?: { code?: string | null }[] | null } | null)[] | null
  promotions?: ({ code?: string | null } | null)[] | null
  payment_collections?: ({
    payments?: ({ provider_id?: string | null } | null)[] | null
    payment_sessions?: ({ provider_id?: string | null; status?: string | null } | null)[] | null
  } | null)[] | null
  items?: (SourceOrderItem | null)[] | null
}

export type SourceOrderItem = {
  id: string
  quantity?: unknown
  detail?: { quantity?: unknown } | null
  unit_price?: unknown
  raw_unit_price?: unknown
  product_id?: string | null
  variant_id?: string | null
  variant_sku?: string | null
  product_type_id?: string | null
  adjustments?: ({ amount?: unknown; raw_amount?: unknown; code?: string | null } | null)[] | null
}

export type SourceProduct = {
  id: string
  collection_id?: string | null
  type_id?: string | null
  metadata?: Record<string, unknown> | null
  categories?: ({ id: string } | null)[] | null
  tags?: ({ id: string } | null)[] | null
}

export type SourceCart = {
  id: string
  customer_id: string | null
  updated_at: string | Date
  items?: ({ quantity?: unknown; unit_price?: unknown; raw_unit_price?: unknown; product_id?: string | null } | null)[] | null
}

/** Query fields, kept next to the code that reads them. No computed totals: they are expensive in bulk. */
export const CUSTOMER_FIELDS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "company_name",
  "phone",
  "has_account",
  "created_at",
  "metadata",
  "groups.id",
  "addresses.country_code",
  "addresses.province",
  "addresses.city",
  "addresses.postal_code",
  "addresses.is_default_shipping",
  "addresses.is_default_billing",
]

export const ORDER_FIELDS = [
  "id",
  "customer_id",
  "status",
  "created_at",
  "currency_code",
  "region_id",
  "sales_channel_id",
  "summary", // stored order_summary.totals (current_order_total), not computed
  "shipping_address.country_code",
  "shipping_address.province",
  "shipping_address.city",
  "shipping_address.postal_code",
  "billing_address.country_code",
  "billing_address.province",
  "billing_address.city",
  "billing_address.postal_code",
  "shipping_methods.shipping_option_id",
  "shipping_methods.adjustments.code",
  "items.id",
  "items.quantity",
  "items.detail.quantity", // without detail, items.quantity reads 0 for orders placed through a cart
  "items.detail.unit_price", // an order edit's new price lives here; without it items.unit_price is the original one
  "items.unit_price",
  "items.product_id",
  "items.variant_id",
  "items.variant_sku",
  "items.product_type_id",
  "items.adjustments.amount",
  "items.adjustments.code",
  "promotions.code",
  "payment_collections.payments.provider_id",
  "payment_collections.payment_sessions.provider_id",
  "payment_collections.payment_sessions.status",
]

export const PRODUCT_FIELDS = ["id", "collection_id", "type_id", "metadata", "categories.id", "tags.id"]

export const CART_FIELDS = ["id", "customer_id", "updated_at", "items.quantity", "items.unit_price", "items.product_id"]

export type ComputeActivityInput = {
  customer_ids: string[]
  customers: SourceCustomer[]
  orders: SourceOrder[]
  products: SourceProduct[]
  carts: SourceCart[]
  computed_at: Date
}

export type ComputedActivity = {
  customer_ids: string[]
  activities: ActivityRow[]
  orders: OrderFactRow[]
  purchases: PurchaseFactRow[]
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null
  const s = String(v).trim()
  return s === "" ? null : s
}
const lower = (v: unknown): string | null => text(v)?.toLowerCase() ?? null
const toDate = (v: string | Date | null | undefined): Date | null => (v ? new Date(v) : null)

/** A sorted list of the distinct non-empty values. */
function distinct(values: Iterable<string | null | undefined>): string[] {
  const set = new Set<string>()
  for (const v of values) if (v) set.add(v)
  return [...set].sort()
}

/** Number of a Medusa BigNumber as Query returns it: number, decimal string or `{ value }`. */
export function amountOf(value: unknown, raw?: unknown): number {
  const source = raw && typeof raw === "object" && "value" in (raw as any) ? (raw as any).value : value
  if (source === null || source === undefined) return 0
  if (typeof source === "object" && "value" in (source as any)) return Number((source as any).value) || 0
  const n = Number(source)
  return Number.isFinite(n) ? n : 0
}

/** The order total Medusa stores in the latest `order_summary` version. */
export function orderTotalOf(order: SourceOrder): number {
  let totals = order.summary
  if (Array.isArray(totals)) totals = totals[0]
  if (totals && typeof totals === "object" && "totals" in totals) totals = totals.totals
  if (!totals) return 0
  return amountOf(totals.current_order_total, totals.raw_current_order_total)
}

/**
 * Item amount: unit_price x quantity minus the item's promotion adjustments,
 * before tax and without shipping (what the customer paid for the product).
 */
export function itemAmountOf(item: SourceOrderItem): number {
  const quantity = amountOf(item.quantity ?? item.detail?.quantity)
  const gross = MathBN.mult(amountOf(item.unit_price, item.raw_unit_price), quantity)
  const discounts = (item.adjustments ?? []).reduce(
    (sum, adj) => (adj ? MathBN.add(sum, amountOf(adj.amount, adj.raw_amount)) : sum),
    MathBN.convert(0)
  )
  return MathBN.sub(gross, discounts).toNumber()
}

function addressParts(a: SourceAddress) {
  return {
    country_code: lower(a?.country_code),
    province: text(a?.province),
    city: text(a?.city),
    postal_code: text(a?.postal_code),
  }
}

const hasAddress = (a: SourceAddress) => !!(a && (a.country_code || a.city || a.postal_code || a.province))

const byCreatedDesc = (a: SourceOrder, b: SourceOrder) => {
  const d = new Date(b.created_at).getTime() - new Date(a.created_at).getTime()
  return d !== 0 ? d : a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/**
 * Builds the activity rows and facts of `customer_ids` from Medusa's data.
 * Pure and deterministic (apart from `computed_at`): the same input gives the
 * same rows, so recomputing is idempotent.
 */
export function computeCustomerActivity(input: ComputeActivityInput): ComputedActivity {
  const productsById = new Map(input.products.map((p) => [p.id, p]))
  const ordersByCustomer = new Map<string, SourceOrder[]>()
  for (const order of input.orders) {
    if (!order?.customer_id) continue
    const list = ordersByCustomer.get(order.customer_id)
    if (list) list.push(order)
    else ordersByCustomer.set(order.customer_id, [order])
  }
  // newest open cart that holds items
  const cartByCustomer = new Map<string, SourceCart>()
  for (const cart of input.carts) {
    if (!cart?.customer_id || !(cart.items ?? []).some(Boolean)) continue
    const current = cartByCustomer.get(cart.customer_id)
    const newer =
      !current ||
      new Date(cart.updated_at).getTime() > new Date(current.updated_at).getTime() ||
      (new Date(cart.updated_at).getTime() === new Date(current.updated_at).getTime() && cart.id > current.id)
    if (newer) cartByCustomer.set(cart.customer_id, cart)
  }

  const activities: ActivityRow[] = []
  const orderRows: OrderFactRow[] = []
  const purchaseRows: PurchaseFactRow[] = []

  for (const customer of input.customers) {
    if (!customer?.id) continue
    const orders = (ordersByCustomer.get(customer.id) ?? []).slice().sort(byCreatedDesc)
    const addresses = (customer.addresses ?? []).filter(Boolean) as NonNullable<SourceAddress>[]

    const defaultShipping = addresses.find((a) => a.is_default_shipping)
    const defaultBilling = addresses.find((a) => a.is_default_billing)
    const lastShipping = orders.find((o) => hasAddress(o.shipping_address ?? null))?.shipping_address ?? null
    const lastBilling = orders.find((o) => hasAddress(o.billing_address ?? null))?.billing_address ?? null
    const ship = addressParts(defaultShipping ?? lastShipping)
    const bill = addressParts(defaultBilling ?? lastBilling)

    const allAddresses = [
      ...addresses,
      ...orders.flatMap((o) => [o.shipping_address ?? null, o.billing_address ?? null]),
    ].filter(hasAddress)

    const email = text(customer.email)
    const at = email ? email.lastIndexOf("@") : -1
    const cart = cartByCustomer.get(customer.id)
    type CartItem = NonNullable<NonNullable<SourceCart["items"]>[number]>
    const cartItems = (cart?.items ?? []).filter((i): i is CartItem => !!i)

    activities.push({
      id: customer.id,
      email,
      email_domain: at >= 0 ? lower(email!.slice(at + 1)) : null,
      first_name: text(customer.first_name),
      last_name: text(customer.last_name),
      company_name: text(customer.company_name),
      phone: text(customer.phone),
      has_account: !!customer.has_account,
      customer_created_at: toDate(customer.created_at),
      group_ids: distinct((customer.groups ?? []).map((g) => g?.id)),
      customer_metadata: customer.metadata ?? null,
      ship_country_code: ship.country_code,
      ship_province: ship.province,
      ship_city: ship.city,
      ship_postal_code: ship.postal_code,
      bill_country_code: bill.country_code,
      bill_province: bill.province,
      bill_city: bill.city,
      bill_postal_code: bill.postal_code,
      any_country_codes: distinct(allAddresses.map((a) => lower(a!.country_code))),
      any_provinces: distinct(allAddresses.map((a) => lower(a!.province))),
      any_cities: distinct(allAddresses.map((a) => lower(a!.city))),
      any_postal_codes: distinct(allAddresses.map((a) => lower(a!.postal_code))),
      promotion_codes: distinct(
        orders.flatMap((o) => [
          ...(o.promotions ?? []).map((p) => text(p?.code)),
          ...(o.items ?? []).flatMap((i) => (i?.adjustments ?? []).map((a) => text(a?.code))),
          ...(o.shipping_methods ?? []).flatMap((s) => (s?.adjustments ?? []).map((a) => text(a?.code))),
        ])
      ),
      payment_providers: distinct(
        orders.flatMap((o) =>
          (o.payment_collections ?? []).flatMap((pc) => [
            ...(pc?.payments ?? []).map((p) => text(p?.provider_id)),
            // an authorized session is a payment in progress; pending ones were only offered
            ...(pc?.payment_sessions ?? [])
              .filter((s) => s?.status === "authorized" || s?.status === "captured")
              .map((s) => text(s?.provider_id)),
          ])
        )
      ),
      shipping_options: distinct(orders.flatMap((o) => (o.shipping_methods ?? []).map((s) => text(s?.shipping_option_id)))),
      region_ids: distinct(orders.map((o) => text(o.region_id))),
      sales_channel_ids: distinct(orders.map((o) => text(o.sales_channel_id))),
      currency_codes: distinct(orders.map((o) => lower(o.currency_code))),
      cart_id: cart?.id ?? null,
      cart_subtotal: cart
        ? cartItems
            .reduce((sum, i) => MathBN.add(sum, MathBN.mult(amountOf(i.unit_price, i.raw_unit_price), amountOf(i.quantity))), MathBN.convert(0))
            .toNumber()
        : null,
      cart_item_count: cart ? Math.round(cartItems.reduce((sum, i) => sum + amountOf(i.quantity), 0)) : null,
      cart_product_ids: distinct(cartItems.map((i) => text(i.product_id))),
      cart_updated_at: cart ? toDate(cart.updated_at) : null,
      computed_at: input.computed_at,
    })

    for (const order of orders) {
      const orderedAt = new Date(order.created_at)
      const currency = lower(order.currency_code) ?? ""
      orderRows.push({
        id: order.id,
        customer_id: customer.id,
        status: order.status,
        ordered_at: orderedAt,
        total: orderTotalOf(order),
        currency_code: currency,
        region_id: text(order.region_id),
        sales_channel_id: text(order.sales_channel_id),
      })
      for (const item of order.items ?? []) {
        if (!item?.id) continue
        const product = item.product_id ? productsById.get(item.product_id) : undefined
        purchaseRows.push({
          id: item.id,
          customer_id: customer.id,
          order_id: order.id,
          order_status: order.status,
          ordered_at: orderedAt,
          product_id: text(item.product_id),
          variant_id: text(item.variant_id),
          sku: text(item.variant_sku),
          collection_id: product?.collection_id ?? null,
          type_id: product?.type_id ?? text(item.product_type_id),
          category_ids: distinct((product?.categories ?? []).map((c) => c?.id)),
          tag_ids: distinct((product?.tags ?? []).map((t) => t?.id)),
          product_metadata: product?.metadata ?? null,
          quantity: Math.round(amountOf(item.quantity ?? item.detail?.quantity)),
          amount: itemAmountOf(item),
          currency_code: currency,
        })
      }
    }
  }

  return { customer_ids: [...new Set(input.customer_ids)], activities, orders: orderRows, purchases: purchaseRows }
}
