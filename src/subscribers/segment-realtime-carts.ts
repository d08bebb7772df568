import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"

type CartEvent = { id?: string | string[]; customer_id?: string }

/** A cart changed (or moved to a customer): re-evaluate realtime segments for its customer (open-cart conditions). */
export default async function segmentRealtimeCarts({ event, container }: SubscriberArgs<CartEvent>) {
  const cartIds = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  const customerIds = event.data?.customer_id ? [event.data.customer_id] : []
  if (!cartIds.length && !customerIds.length) return
  await refreshCustomerSegmentsWorkflow(container).run({
    input: { cart_ids: cartIds, customer_ids: customerIds, reason: event.name },
  })
}

export const config: SubscriberConfig = {
  event: ["cart.created", "cart.updated", "cart.customer_updated", "cart.customer_transferred"],
  context: { subscriberId: "customer-segments-realtime-carts" },
}
