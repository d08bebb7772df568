import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const removeDeletedCustomersStepId = "remove-deleted-customers-from-segments"

/**
 * Customers deleted in Medusa leave every segment, manual memberships too.
 * No compensation: the customers no longer exist, so there is no membership
 * to give back.
 */
export const removeDeletedCustomersStep = createStep(
  removeDeletedCustomersStepId,
  async (input: { customer_ids: string[]; run_id: string; now: Date | string }, { container }) => {
    if (!input.customer_ids.length) return new StepResponse([] as Array<{ customer_id: string; segment_id: string }>)
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const left = await service.removeCustomersFromAllSegments(input.customer_ids, {
      runId: input.run_id,
      reason: "customer deleted",
      now: new Date(input.now),
    })
    return new StepResponse(left)
  }
)
