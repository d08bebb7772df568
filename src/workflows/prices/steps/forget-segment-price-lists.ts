import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const forgetSegmentPriceListsStepId = "forget-customer-segment-price-lists"

/** Deletes the price-list records of segments, returning their price lists; the compensation restores the records. */
export const forgetSegmentPriceListsStep = createStep(
  forgetSegmentPriceListsStepId,
  async (segmentIds: string[], { container }) => {
    if (!segmentIds?.length) return new StepResponse([] as string[], [] as string[])
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const records = (await service.listSegmentPriceLists({ segment_id: segmentIds }, { take: null })) as any[]
    if (records.length) await service.softDeleteSegmentPriceLists(records.map((r) => r.id))
    const priceListIds = records.map((r) => r.price_list_id).filter(Boolean) as string[]
    return new StepResponse(priceListIds, records.map((r) => r.id as string))
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).restoreSegmentPriceLists(ids)
  }
)
