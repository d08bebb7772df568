import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { SegmentInput } from "./validate-segments"

export const createSegmentsStepId = "create-customer-segments"

export const createSegmentsStep = createStep(
  createSegmentsStepId,
  async (segments: SegmentInput[], { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const created = await service.createSegments(segments as any[])
    return new StepResponse(created, created.map((s: any) => s.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    await service.deleteSegments(ids)
  }
)
