import { z } from "@medusajs/framework/zod"

export const StoreAddWishlistItem = z.strictObject({
  product_id: z.string().min(1).max(100),
  variant_id: z.string().min(1).max(100).optional(),
})
export type StoreAddWishlistItemType = z.infer<typeof StoreAddWishlistItem>
