import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const resolveSegmentGroupStepId = "resolve-customer-segment-group"

/** The customer group a segment (deleted ones included) targets, or null. Reads only. */
export const resolveSegmentGroupStep = createStep(
  resolveSegmentGroupStepId,
  async (input: { segment_id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const [segment] = (await service.listSegments(
      { id: input.segment_id },
      { select: ["id", "customer_group_id"], withDeleted: true, take: 1 }
    )) as any[]
    return new StepResponse({ group_id: (segment?.customer_group_id as string | null) ?? null })
  }
)
