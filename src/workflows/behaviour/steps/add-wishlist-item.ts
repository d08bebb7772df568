import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { WishlistProduct } from "./resolve-wishlist-product"

export const addWishlistItemStepId = "add-customer-segment-wishlist-item"

/** Adds the item (adding it twice changes nothing); compensation removes it only if this step created it. */
export const addWishlistItemStep = createStep(
  addWishlistItemStepId,
  async (input: { customer_id: string; product: WishlistProduct }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const { sales_channel_ids: _, ...product } = input.product
    const { item, created } = await service.addWishlistItem({ ...product, customer_id: input.customer_id, added_at: new Date() })
    return new StepResponse({ item, created }, created ? item.id : null)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).deleteWishlistItems([createdId])
  }
)
