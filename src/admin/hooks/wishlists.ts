import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

export type WishlistEntry = {
  id: string
  product_id: string
  product_title: string | null
  thumbnail: string | null
  variant_id: string | null
  variant_title: string | null
  sku: string | null
  added_at: string
}

export const wishlistKeys = {
  all: ["customer_segments", "wishlists"] as const,
  customer: (customerId: string) => [...wishlistKeys.all, customerId] as const,
}

/** A customer's wishlist (GET /admin/customers/:id/wishlist), newest first. */
export const useCustomerWishlist = (customerId: string) =>
  useQuery({
    queryKey: wishlistKeys.customer(customerId),
    queryFn: () =>
      sdk.client.fetch<{ wishlist_items: WishlistEntry[]; count: number }>(`/admin/customers/${customerId}/wishlist`),
  })
