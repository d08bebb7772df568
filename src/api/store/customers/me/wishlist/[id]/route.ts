import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { removeWishlistItemWorkflow } from "../../../../../../workflows/behaviour/remove-wishlist-item"

/** Removes an item of the logged-in customer's wishlist (another customer's item is not found). */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await removeWishlistItemWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id, id: req.params.id } })
  res.json({ id: req.params.id, object: "wishlist_item", deleted: true })
}
