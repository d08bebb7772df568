import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { linkGuestProductViewsWorkflow } from "../workflows/behaviour"

type CartOrOrderEvent = { id?: string | string[]; customer_id?: string }

/**
 * A cart got a customer (login after browsing as a guest) or an order was
 * placed: product views the storefront recorded with that cart id become the
 * customer's. Medusa's own events prove who owns the cart, never the request body.
 */
export default async function segmentLinkGuestViews({ event, container }: SubscriberArgs<CartOrOrderEvent>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  if (!ids.length) return
  const input = event.name === "order.placed" ? { order_ids: ids } : { cart_ids: ids }
  await linkGuestProductViewsWorkflow(container).run({ input })
}

export const config: SubscriberConfig = {
  event: ["cart.customer_transferred", "order.placed"],
  context: { subscriberId: "customer-segments-link-guest-views" },
}
