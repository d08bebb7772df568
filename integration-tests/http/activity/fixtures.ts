import type { MedusaContainer } from "@medusajs/framework/types"
import {
  cancelOrderWorkflow,
  completeOrderWorkflow,
  createCartWorkflow,
  createCollectionsWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createProductTagsWorkflow,
  createProductTypesWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkCustomersToCustomerGroupWorkflow,
} from "@medusajs/medusa/core-flows"

export type Store = Awaited<ReturnType<typeof seedStore>>

/** A region, a sales channel and one product with a collection, category, tag, type and metadata. */
export async function seedStore(container: MedusaContainer) {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de", "fr"] }] },
  })
  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web shop" }] },
  })
  const {
    result: [collection],
  } = await createCollectionsWorkflow(container).run({
    input: { collections: [{ title: "Summer", handle: "summer" }] },
  })
  const {
    result: [category],
  } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: [{ name: "Shirts", handle: "shirts", is_active: true }] },
  })
  const {
    result: [tag],
  } = await createProductTagsWorkflow(container).run({ input: { product_tags: [{ value: "organic" }] } })
  const {
    result: [type],
  } = await createProductTypesWorkflow(container).run({ input: { product_types: [{ value: "apparel" }] } })
  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Linen shirt",
          status: "published",
          collection_id: collection.id,
          type_id: type.id,
          category_ids: [category.id],
          tag_ids: [tag.id],
          metadata: { manufacturer: "Acme" },
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              sku: "LINEN-M",
              options: { Size: "M" },
              manage_inventory: false,
              prices: [{ amount: 40, currency_code: "eur" }],
            },
          ],
          sales_channels: [{ id: channel.id }],
        },
      ],
    },
  })
  const variant = product.variants[0]
  return { region, channel, collection, category, tag, type, product, variant }
}

export async function createCustomers(
  container: MedusaContainer,
  customers: Record<string, unknown>[]
): Promise<any[]> {
  const { result } = await createCustomersWorkflow(container).run({
    input: { customersData: customers as any },
  })
  return result
}

export async function createGroupWith(container: MedusaContainer, name: string, customerIds: string[]) {
  const {
    result: [group],
  } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name }] } })
  await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: group.id, add: customerIds } })
  return group
}

export async function createPromotion(container: MedusaContainer, code: string, value: number) {
  const {
    result: [promotion],
  } = await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: {
            type: "fixed",
            target_type: "items",
            allocation: "across",
            value,
            currency_code: "eur",
          },
        } as any,
      ],
    },
  })
  return promotion
}

export const BERLIN = {
  first_name: "Ann",
  last_name: "Buyer",
  address_1: "Hauptstr. 1",
  city: "Berlin",
  province: "BE",
  postal_code: "10115",
  country_code: "de",
}
export const PARIS = {
  first_name: "Ann",
  last_name: "Buyer",
  address_1: "1 rue de Rivoli",
  city: "Paris",
  province: "IDF",
  postal_code: "75001",
  country_code: "fr",
}

export async function placeOrder(
  container: MedusaContainer,
  store: Store,
  customer: { id: string; email: string },
  opts: { quantity?: number; unit_price?: number; promo_codes?: string[]; shipping?: Record<string, unknown>; billing?: Record<string, unknown>; shipping_amount?: number } = {}
) {
  const { result } = await createOrderWorkflow(container).run({
    input: {
      region_id: store.region.id,
      sales_channel_id: store.channel.id,
      // only the id: with an email too, Medusa matches guests by the lower-cased address
      customer_id: customer.id,
      currency_code: "eur",
      shipping_address: opts.shipping ?? BERLIN,
      billing_address: opts.billing ?? opts.shipping ?? BERLIN,
      items: [
        {
          variant_id: store.variant.id,
          quantity: opts.quantity ?? 1,
          unit_price: opts.unit_price ?? 40,
          is_tax_inclusive: false,
        },
      ],
      shipping_methods: [{ name: "Standard", amount: opts.shipping_amount ?? 5, shipping_option_id: "so_standard" }],
      promo_codes: opts.promo_codes,
    } as any,
  })
  return result
}

export async function cancelOrder(container: MedusaContainer, orderId: string) {
  await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
}

export async function completeOrder(container: MedusaContainer, orderId: string) {
  await completeOrderWorkflow(container).run({ input: { orderIds: [orderId] } })
}

export async function openCart(container: MedusaContainer, store: Store, customer: { id: string; email: string }, quantity: number) {
  const { result } = await createCartWorkflow(container).run({
    input: {
      region_id: store.region.id,
      sales_channel_id: store.channel.id,
      customer_id: customer.id,
      currency_code: "eur",
      items: [{ variant_id: store.variant.id, quantity }],
    } as any,
  })
  return result
}

/**
 * Lets the plugin's real-time subscribers (which recompute activity on
 * customer, order and cart events) finish, so a test's own runs are not raced.
 */
export async function settle(waitWorkflowExecutions: () => Promise<void>, rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 150))
    await waitWorkflowExecutions()
  }
}

/** Empties the activity tables (after `settle`), for tests of the backfill itself. */
export async function clearActivity(knex: any) {
  await knex("customer_segment_purchase_fact").delete()
  await knex("customer_segment_order_fact").delete()
  await knex("customer_segment_activity").delete()
}
