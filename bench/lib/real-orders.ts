/**
 * Real Medusa orders for the backfill figure and the baseline, made in bulk:
 * customers (with a default address) through the customer module's
 * `createCustomers`, orders through the order module's `createOrders`, which
 * writes Medusa's own rows (order, items, line items, addresses, shipping
 * methods, summary with its totals). Faster than a workflow per order
 * (demo/fixtures placeOrders), and what the activity data reads is the same.
 * No workflow runs, so no events: subscribers are not part of the figure.
 * Then one UPDATE spreads the order dates over two years.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { StoreBasics } from "../../demo/fixtures"

const DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "acme.com", "web.de", "icloud.com", "globex.com"]
const COUNTRIES = ["de", "fr", "es", "it", "nl", "us", "ca", "us", "de"]
const ORDERS_PER_CUSTOMER = 5
const BATCH = 250

export async function createRealOrders(
  container: MedusaContainer,
  basics: StoreBasics,
  count: number,
  progress: (done: number) => void
): Promise<{ orders: number; customerIds: string[]; customers: BenchCustomer[] }> {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const orderModule = container.resolve(Modules.ORDER)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const customerCount = Math.max(1, Math.ceil(count / ORDERS_PER_CUSTOMER))

  const customers: BenchCustomer[] = []
  for (let a = 0; a < customerCount; a += 1000) {
    const inputs = Array.from({ length: Math.min(1000, customerCount - a) }, (_, k) => {
      const i = a + k
      const country = COUNTRIES[i % COUNTRIES.length]
      return {
        email: `rc${i}@${DOMAINS[(i * 7) % DOMAINS.length]}`,
        first_name: `Real${i}`,
        last_name: "Customer",
        has_account: i % 4 !== 0,
        addresses: [
          {
            address_1: `${i} Main Street`,
            city: "Town",
            country_code: country,
            postal_code: "10000",
            is_default_shipping: true,
            is_default_billing: true,
          },
        ],
      }
    })
    const created = await customerModule.createCustomers(inputs as any)
    created.forEach((c: any, k: number) => customers.push({ id: c.id, email: c.email, country: inputs[k].addresses[0].country_code }))
  }

  let done = 0
  const ids: string[] = []
  for (let a = 0; a < count; a += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, count - a) }, (_, k) => {
      const j = a + k
      return orderInput(basics, customers[j % customers.length], j)
    })
    const created = await orderModule.createOrders(inputs as any)
    ids.push(...created.map((o: any) => o.id))
    done += created.length
    if (done % 2000 < BATCH || done === count) progress(done)
  }
  await knex.raw(
    `UPDATE "order" SET created_at = now() - (abs(hashtext(id)) % (730 * 24)) * interval '1 hour' WHERE id = ANY(?::text[])`,
    [ids]
  )
  return { orders: ids.length, customerIds: customers.map((c) => c.id), customers }
}

export type BenchCustomer = { id: string; email: string; country: string }

/** One more order for a customer, dated now (the real-time figure: an order arrives). */
export async function createOrderFor(container: MedusaContainer, basics: StoreBasics, customer: BenchCustomer, j: number): Promise<string> {
  const [order] = await container.resolve(Modules.ORDER).createOrders([orderInput(basics, customer, j)] as any)
  return order.id
}

/** The j-th bench order of a customer: one or two of the store's variants, its region's currency. */
function orderInput(basics: StoreBasics, customer: BenchCustomer, j: number) {
  const region = basics.regions.find((r) => r.countries.includes(customer.country)) ?? basics.region
  const variants = [basics.variants[(j * 3) % basics.variants.length], ...(j % 2 ? [basics.variants[(j * 5 + 1) % basics.variants.length]] : [])]
  const address = { first_name: "Real", last_name: "Customer", address_1: "1 Main Street", city: "Town", country_code: customer.country, postal_code: "10000" }
  return {
    region_id: region.id,
    currency_code: region.currency_code,
    customer_id: customer.id,
    email: customer.email,
    sales_channel_id: basics.sales_channel.id,
    status: j % 10 === 0 ? "canceled" : j % 3 === 0 ? "pending" : "completed",
    items: variants.map((v, n) => ({
      title: v.title,
      product_id: v.product_id,
      product_title: v.product_title,
      variant_id: v.id,
      variant_sku: v.sku,
      quantity: 1 + ((j + n) % 3),
      unit_price: v.prices[region.currency_code],
    })),
    shipping_address: address,
    billing_address: address,
    shipping_methods: [{ name: basics.shipping_option.name, shipping_option_id: basics.shipping_option.id, amount: 10 }],
  }
}

