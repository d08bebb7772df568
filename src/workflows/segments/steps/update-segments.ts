import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { SegmentInput } from "./validate-segments"

export const updateSegmentsStepId = "update-customer-segments"

const WRITABLE = [
  "name", "handle", "description", "is_active", "membership", "audience", "refresh_mode", "conditions",
  "customer_group_id", "leave_group_on_exit", "storefront_visible", "metadata",
] as const

export const updateSegmentsStep = createStep(
  updateSegmentsStepId,
  async (segments: SegmentInput[], { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const before = await service.listSegments({ id: segments.map((s) => s.id!) }, { select: ["id", ...WRITABLE] })
    const updated = await service.updateSegments(segments as any[])
    return new StepResponse(updated, before)
  },
  async (before, { container }) => {
    if (!before?.length) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    await service.updateSegments(before as any[])
  }
)
