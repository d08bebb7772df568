import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { StoreAddWishlistItem } from "./validators"

// Medusa authenticates every /store/customers/me* route as the customer.
export const storeWishlistMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/customers/me/wishlist",
    middlewares: [validateAndTransformBody(StoreAddWishlistItem)],
  },
]
