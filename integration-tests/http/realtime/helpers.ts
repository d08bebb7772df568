import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { StoreBasics } from "../../../demo/fixtures"

export const PARIS = {
  first_name: "Jeanne",
  last_name: "Martin",
  address_1: "12 rue de la Paix",
  city: "Paris",
  country_code: "fr",
  postal_code: "75002",
}

/** Polls `probe` until it returns a truthy value or the deadline passes; returns the value and the time it took. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  { timeout = 15_000, interval = 50, what = "condition" }: { timeout?: number; interval?: number; what?: string } = {}
): Promise<{ value: T; ms: number }> {
  const started = Date.now()
  let last: T | undefined
  for (;;) {
    last = await probe()
    if (last) return { value: last, ms: Date.now() - started }
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

/**
 * The storefront checkout, through the store API only: create a cart for the
 * logged-in customer, address it, pick the shipping option, open a payment
 * session with the system provider and complete the cart.
 */
export async function storefrontCheckout(
  api: any,
  store: StoreBasics,
  headers: Record<string, string>,
  items: Array<{ variant_id: string; quantity: number }>
): Promise<{ order_id: string; cart_id: string; total: number }> {
  const h = { headers }
  const { data: created } = await api.post("/store/carts", { region_id: store.region.id, items }, h)
  const cartId = created.cart.id
  await api.post(`/store/carts/${cartId}`, { shipping_address: PARIS, billing_address: PARIS }, h)
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shipping_option.id }, h)
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
  await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, h)
  const { data: done } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
  if (done.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(done.error ?? done)}`)
  return { order_id: done.order.id, cart_id: cartId, total: Number(done.order.total) }
}

/** Ids of the customers in a Medusa customer group, with how many membership rows each has. */
export async function groupMembers(container: MedusaContainer, groupId: string): Promise<Record<string, number>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const rows = await knex("customer_group_customer")
    .where({ customer_group_id: groupId })
    .whereNull("deleted_at")
    .select("customer_id")
    .count({ n: "*" })
    .groupBy("customer_id")
  return Object.fromEntries(rows.map((r: any) => [r.customer_id, Number(r.n)]))
}

/** Customer ids of a segment's members, with their source. */
export async function segmentMembers(container: MedusaContainer, segmentId: string): Promise<Record<string, string>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const rows = await knex("customer_segment_member").where({ segment_id: segmentId }).whereNull("deleted_at").select("customer_id", "source")
  return Object.fromEntries(rows.map((r: any) => [r.customer_id, r.source]))
}

export const vipConditions = (minSpent: number) => ({
  combinator: "and",
  rules: [{ field: "orders.total_spent", operator: "gte", value: minSpent, params: { currency_code: "eur" } }],
})
