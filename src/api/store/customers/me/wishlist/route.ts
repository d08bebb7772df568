import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { addWishlistItemWorkflow } from "../../../../../workflows/behaviour/add-wishlist-item"
import { wishlistItemResponse } from "./helpers"
import type { StoreAddWishlistItemType } from "./validators"

/** The logged-in customer's wishlist, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const items = await service.listCustomerWishlist(req.auth_context.actor_id)
  res.json({ wishlist_items: items.map(wishlistItemResponse), count: items.length })
}

/** Adds a product (or a variant of it) to the logged-in customer's wishlist; adding it again changes nothing. */
export const POST = async (req: AuthenticatedMedusaRequest<StoreAddWishlistItemType>, res: MedusaResponse) => {
  const { result } = await addWishlistItemWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      product_id: req.validatedBody.product_id,
      variant_id: req.validatedBody.variant_id ?? null,
      sales_channel_ids: (req as any).publishable_key_context?.sales_channel_ids,
    },
  })
  res.status(result.created ? 201 : 200).json({ wishlist_item: wishlistItemResponse(result.item), created: result.created })
}
