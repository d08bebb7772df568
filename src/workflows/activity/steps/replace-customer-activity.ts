import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { ReplaceActivityInput } from "../../../modules/customer-segment/lib/activity-store"

export const replaceCustomerActivityStepId = "replace-customer-activity"

/**
 * Writes the recomputed rows: one transaction that deletes the customers'
 * activity data and inserts the new rows, so a failure leaves the old rows.
 * No compensation: the write is a replace of derived data (recomputing gives
 * the same rows), and it is the last step of the workflow.
 */
export const replaceCustomerActivityStep = createStep(
  replaceCustomerActivityStepId,
  async (input: ReplaceActivityInput, { container }) => {
    const service: CustomerSegmentModuleService = container.resolve(CUSTOMER_SEGMENT_MODULE)
    await service.replaceCustomerActivity(input)
    return new StepResponse({
      customers: input.activities.length,
      removed: input.customer_ids.length - input.activities.length,
      orders: input.orders.length,
      purchases: input.purchases.length,
    })
  }
)
