import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { MedusaContainer } from "@medusajs/framework/types"
import { syncPricesForCatalog } from "../workflows/prices/utils/sync-prices-for-catalog"

// The pricing module emits one event per price, the plugin's own writes
// included (50,000 for a large recomputation): ids are gathered for a moment
// and looked up together; prices of price lists are then left out.
const WAIT_MS = 250
let pending = new Set<string>()
let timer: NodeJS.Timeout | null = null

function flush(container: MedusaContainer) {
  timer = null
  const price_ids = [...pending]
  pending = new Set()
  syncPricesForCatalog(container, { price_ids }).catch(() => undefined)
}

/** An original price was created or changed outside a product or variant workflow: recompute its product's segment prices. */
export default async function segmentPricesPriceEvents({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  for (const id of [event.data?.id ?? []].flat()) if (id) pending.add(id)
  if (!timer && pending.size) timer = setTimeout(() => flush(container), WAIT_MS)
}

export const config: SubscriberConfig = {
  event: ["pricing.price.created", "pricing.price.updated"],
  context: { subscriberId: "customer-segments-prices-price-events" },
}
