import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerCartPromotionsWorkflow } from "../workflows/promotions/refresh-customer-cart-promotions"
import { SegmentEvents } from "../workflows/segments/steps/emit-membership-events"

/** Recomputes the promotions of the open carts of customers who joined or left a segment. */
export default async function segmentCartPromotionsHandler({
  event,
  container,
}: SubscriberArgs<{ segment_id: string; customer_ids: string[] }>) {
  if (!event.data?.customer_ids?.length) return
  await refreshCustomerCartPromotionsWorkflow(container).run({
    input: { customer_ids: event.data.customer_ids, segment_id: event.data.segment_id },
  })
}

export const config: SubscriberConfig = {
  event: [SegmentEvents.MEMBERS_ADDED, SegmentEvents.MEMBERS_REMOVED],
  context: { subscriberId: "customer-segment-cart-promotions" },
}
