import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { syncSegmentPricesWorkflow } from "../workflows/prices/sync-segment-prices"

export type PriceReconciliationResult = { segments: number; created: number; deleted: number; failed: string[] }

/**
 * Recomputes every priced segment's prices in full: repairs what events missed
 * (a category's product list, an import that wrote prices directly, a crash
 * mid-way) and removes the price list of a segment whose rules are gone. A
 * segment whose prices are right costs one read of the difference. A failure
 * is recorded on the segment's price-list record and retried next time.
 */
export async function runSegmentPriceReconciliation(container: MedusaContainer): Promise<PriceReconciliationResult> {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const result: PriceReconciliationResult = { segments: 0, created: 0, deleted: 0, failed: [] }
  for (const segment_id of await service.listPricedSegmentIds()) {
    result.segments++
    try {
      const { result: run } = await syncSegmentPricesWorkflow(container).run({ input: { segment_id } })
      result.created += run.created
      result.deleted += run.deleted
    } catch (e) {
      result.failed.push(segment_id)
      const message = (e as Error).message
      logger.warn(`customer segments: price reconciliation of segment ${segment_id} failed: ${message}`)
      const [record] = (await service.listSegmentPriceLists({ segment_id }, { select: ["id"], take: 1 })) as any[]
      if (record) await service.updateSegmentPriceLists({ id: record.id, last_error: message.slice(0, 2000) })
    }
  }
  return result
}

/** Off under NODE_ENV=test unless SEGMENTS_SCHEDULED_REFRESH=true (tests call runSegmentPriceReconciliation). */
export default async function reconcileSegmentPrices(container: MedusaContainer) {
  if (process.env.NODE_ENV === "test" && process.env.SEGMENTS_SCHEDULED_REFRESH !== "true") return
  await runSegmentPriceReconciliation(container)
}

export const config = {
  name: "customer-segments-reconcile-prices",
  // Every hour at minute 17 (off the top of the hour, when other jobs run).
  schedule: "17 * * * *",
}
