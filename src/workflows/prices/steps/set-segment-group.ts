import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const setSegmentGroupStepId = "set-customer-segment-group"

/**
 * Points the segment at the customer group made for its prices (without the
 * `group_changed` event: the calling workflow moves the members itself). The
 * compensation puts the previous group back.
 */
export const setSegmentGroupStep = createStep(
  setSegmentGroupStepId,
  async (input: { segment_id: string; group_id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const [before] = await service.listSegments({ id: input.segment_id }, { select: ["id", "customer_group_id"], take: 1 })
    await service.updateSegments({ id: input.segment_id, customer_group_id: input.group_id })
    return new StepResponse(input.group_id, { id: input.segment_id, customer_group_id: before?.customer_group_id ?? null })
  },
  async (before, { container }) => {
    if (!before) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).updateSegments(before)
  }
)
