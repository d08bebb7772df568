import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { syncSegmentPricesWorkflow } from "../sync-segment-prices"

export type CatalogChange = { product_ids?: string[]; variant_ids?: string[]; price_ids?: string[] }

/**
 * Recomputes every priced segment's prices for the products a catalogue change
 * touched. Most stores have no segment prices: one read decides then. A
 * failure is logged (the scheduled reconciliation repairs what it missed).
 */
export async function syncPricesForCatalog(container: MedusaContainer, change: CatalogChange): Promise<number> {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const segments = await service.listPricedSegmentIds()
  if (!segments.length) return 0
  const products = await service.productsOf(change)
  if (!products.length) return 0
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const segment_id of segments) {
    try {
      await syncSegmentPricesWorkflow(container).run({ input: { segment_id, product_ids: products } })
    } catch (e) {
      logger.warn(`customer segments: could not recompute the prices of segment ${segment_id}: ${(e as Error).message}`)
    }
  }
  return segments.length
}
