import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { refreshOpenCartPromotionsStep, RefreshOpenCartPromotionsInput } from "./steps/refresh-open-cart-promotions"

export const refreshCustomerCartPromotionsWorkflowId = "refresh-customer-cart-promotions"

/**
 * Recomputes the promotions of the customers' open carts, so a segment (or
 * group) discount appears or disappears without the customer doing anything.
 * Started by the membership events; usable after any change that affects the
 * promotion context (e.g. a group assignment made from a segment).
 */
export const refreshCustomerCartPromotionsWorkflow = createWorkflow(
  refreshCustomerCartPromotionsWorkflowId,
  (input: RefreshOpenCartPromotionsInput) => {
    return new WorkflowResponse(refreshOpenCartPromotionsStep(input))
  }
)
