import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BEHAVIOUR_CHANGED_EVENT } from "./events"
import { resolveWishlistProductStep } from "./steps/resolve-wishlist-product"
import { addWishlistItemStep } from "./steps/add-wishlist-item"

export const addWishlistItemWorkflowId = "add-customer-segment-wishlist-item"

export type AddWishlistItemWorkflowInput = {
  /** the logged-in customer (from the session, never from the body) */
  customer_id: string
  product_id: string
  variant_id?: string | null
  sales_channel_ids?: string[]
}

/** Adds a product (or a variant) to the customer's wishlist and re-evaluates their realtime segments when it is new. */
export const addWishlistItemWorkflow = createWorkflow(addWishlistItemWorkflowId, (input: AddWishlistItemWorkflowInput) => {
  const product = resolveWishlistProductStep(
    transform({ input }, ({ input }) => ({ product_id: input.product_id, variant_id: input.variant_id, sales_channel_ids: input.sales_channel_ids }))
  )
  const result = addWishlistItemStep(transform({ input, product }, ({ input, product }) => ({ customer_id: input.customer_id, product })))
  when({ result }, ({ result }) => result.created).then(() => {
    emitEventStep({
      eventName: BEHAVIOUR_CHANGED_EVENT,
      data: transform({ input }, ({ input }) => ({ customer_ids: [input.customer_id] })),
    })
  })
  return new WorkflowResponse(result)
})
