import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BEHAVIOUR_CHANGED_EVENT } from "./events"
import { resolveGuestViewOwnersStep, ResolveGuestViewOwnersInput } from "./steps/resolve-guest-view-owners"
import { linkGuestViewsStep } from "./steps/link-guest-views"

export const linkGuestProductViewsWorkflowId = "link-customer-segment-guest-product-views"

/**
 * A guest became a known customer (their cart got a customer, they placed an
 * order, or, logged in, they named their anonymous id): their earlier product
 * views become the customer's, and their realtime segments are re-evaluated.
 */
export const linkGuestProductViewsWorkflow = createWorkflow(
  linkGuestProductViewsWorkflowId,
  (input: ResolveGuestViewOwnersInput) => {
    const owners = resolveGuestViewOwnersStep(input)
    const result = linkGuestViewsStep(owners)
    when({ result }, ({ result }) => result.customer_ids.length > 0).then(() => {
      emitEventStep({
        eventName: BEHAVIOUR_CHANGED_EVENT,
        data: transform({ result }, ({ result }) => ({ customer_ids: result.customer_ids })),
      })
    })
    return new WorkflowResponse(result)
  }
)
