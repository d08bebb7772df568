import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const freezeManualSegmentsStepId = "freeze-manual-customer-segments"

/**
 * A segment switched to `manual` keeps the customers it has: its `auto`
 * members become `manual` (a manual segment has only manual members), rather
 * than being dropped by the next refresh. Compensation turns them back.
 */
export const freezeManualSegmentsStep = createStep(
  freezeManualSegmentsStepId,
  async (segmentIds: string[], { container }) => {
    if (!segmentIds.length) return new StepResponse([] as string[], [] as string[])
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const auto = await service.listSegmentMembers({ segment_id: segmentIds, source: "auto" } as any, { select: ["id"], take: null })
    const ids = auto.map((m: any) => m.id as string)
    if (ids.length) await service.updateSegmentMembers({ selector: { id: ids }, data: { source: "manual" } } as any)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    await service.updateSegmentMembers({ selector: { id: ids }, data: { source: "auto" } } as any)
  }
)
