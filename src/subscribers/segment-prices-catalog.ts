import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncPricesForCatalog } from "../workflows/prices/utils/sync-prices-for-catalog"

const VARIANT_EVENTS = new Set(["product-variant.created", "product-variant.updated"])

/**
 * Products or variants were created or changed (prices, collection, categories,
 * type, tags): recompute the segment prices of those products.
 * `product.product.updated` is the product module's own event, the only one a
 * product's move to another collection emits; `customer_segment.catalog_changed`
 * is the plugin's, for a category's product list (Medusa 2.21 emits nothing then).
 */
export default async function segmentPricesCatalog({ event, container }: SubscriberArgs<{ id?: string | string[]; product_ids?: string[] }>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  if (event.name === "customer_segment.catalog_changed") {
    await syncPricesForCatalog(container, { product_ids: event.data?.product_ids ?? [] })
  } else if (VARIANT_EVENTS.has(event.name)) {
    await syncPricesForCatalog(container, { variant_ids: ids })
  } else {
    await syncPricesForCatalog(container, { product_ids: ids })
  }
}

export const config: SubscriberConfig = {
  event: [
    "product.created",
    "product.updated",
    "product.product.updated",
    "product-variant.created",
    "product-variant.updated",
    "customer_segment.catalog_changed",
  ],
  context: { subscriberId: "customer-segments-prices-catalog" },
}
