import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"

type OrderEvent = { id?: string | string[]; order_id?: string }

/** An order changed: recompute its customer's activity data and re-evaluate realtime segments for them. */
export default async function segmentRealtimeOrders({ event, container }: SubscriberArgs<OrderEvent>) {
  const ids = [event.data?.order_id, ...[event.data?.id ?? []].flat()].filter((id): id is string => !!id)
  if (!ids.length) return
  await refreshCustomerSegmentsWorkflow(container).run({ input: { order_ids: ids, reason: event.name } })
}

export const config: SubscriberConfig = {
  event: [
    "order.placed",
    "order.updated",
    "order.canceled",
    "order.completed",
    "order.archived",
    "order.fulfillment_created",
    "order.fulfillment_canceled",
    "order.return_requested",
    "order.return_received",
    "order.claim_created",
    "order.exchange_created",
    "order-edit.confirmed",
  ],
  context: { subscriberId: "customer-segments-realtime-orders" },
}
