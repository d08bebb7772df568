import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BEHAVIOUR_CHANGED_EVENT } from "./events"
import { removeWishlistItemStep } from "./steps/remove-wishlist-item"

export const removeWishlistItemWorkflowId = "remove-customer-segment-wishlist-item"

/** Removes an item of the customer's own wishlist and re-evaluates their realtime segments. */
export const removeWishlistItemWorkflow = createWorkflow(
  removeWishlistItemWorkflowId,
  (input: { customer_id: string; id: string }) => {
    const removed = removeWishlistItemStep(input)
    emitEventStep({
      eventName: BEHAVIOUR_CHANGED_EVENT,
      data: transform({ input }, ({ input }) => ({ customer_ids: [input.customer_id] })),
    })
    return new WorkflowResponse(removed)
  }
)
