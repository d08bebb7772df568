import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const finishSegmentPriceSyncStepId = "finish-customer-segment-price-sync"

/** Records when the segment's prices were recomputed, how long it took and how many prices the list holds. */
export const finishSegmentPriceSyncStep = createStep(
  finishSegmentPriceSyncStepId,
  async (input: { segment_id: string; price_list_id: string | null; started_at: number }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const [record] = (await service.listSegmentPriceLists({ segment_id: input.segment_id }, { take: 1 })) as any[]
    if (!record) return new StepResponse(null)
    const price_count = input.price_list_id ? await service.countPriceListPrices(input.price_list_id) : 0
    const updated = await service.updateSegmentPriceLists({
      id: record.id,
      price_count,
      last_synced_at: new Date(),
      last_sync_ms: Date.now() - input.started_at,
      last_error: null,
    })
    return new StepResponse(updated)
  }
)
