import { z } from "@medusajs/framework/zod"

/** A storefront-made id: letters, digits, "_" and "-", 16 to 64 characters (a UUID or ULID fits). */
const anonymousId = z
  .string({ error: "anonymous_id: expected a string" })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "anonymous_id: expected 16 to 64 letters, digits, '_' or '-'" })
const cartId = z.string({ error: "cart_id: expected a string" }).regex(/^cart_[A-Za-z0-9]{10,64}$/, { error: "cart_id: expected a cart id (cart_...)" })

export const StoreSegmentEvent = z.discriminatedUnion("type", [
  // a product page was viewed: by the logged-in customer, else by the guest named by anonymous_id or cart_id
  z.strictObject({
    type: z.literal("product_viewed"),
    product_id: z.string({ error: "product_id: expected a product id" }).min(1, { error: "product_id: expected a product id" }).max(100),
    anonymous_id: anonymousId.optional(),
    cart_id: cartId.optional(),
  }),
  // after login: the views made under these guest ids become the customer's
  z.strictObject({
    type: z.literal("identify"),
    anonymous_id: anonymousId.optional(),
    cart_id: cartId.optional(),
  }),
], { error: "expected type product_viewed or identify" })

export type StoreSegmentEventType = z.infer<typeof StoreSegmentEvent>
