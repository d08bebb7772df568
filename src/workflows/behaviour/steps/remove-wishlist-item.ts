import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const removeWishlistItemStepId = "remove-customer-segment-wishlist-item"

/**
 * Removes one of the customer's own items: another customer's item is "not
 * found", exactly like an id that does not exist. Compensation puts it back.
 */
export const removeWishlistItemStep = createStep(
  removeWishlistItemStepId,
  async (input: { customer_id: string; id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const removed = await service.removeWishlistItem(input.customer_id, input.id)
    if (!removed) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Wishlist item with id: ${input.id} was not found`)
    return new StepResponse(removed, removed)
  },
  async (removed, { container }) => {
    if (!removed) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).createWishlistItems(removed as any)
  }
)
