import type { WishlistItemRow } from "../../../../../modules/customer-segment/types"

/** What the storefront gets for an item (the product attributes copied for conditions stay internal). */
export function wishlistItemResponse(i: WishlistItemRow) {
  return { id: i.id, product_id: i.product_id, variant_id: i.variant_id, sku: i.sku, added_at: i.added_at }
}
