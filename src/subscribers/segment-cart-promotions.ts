import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerCartPromotionsWorkflow } from "../workflows/promotions/refresh-customer-cart-promotions"
import { membershipReachesCarts } from "../workflows/promotions/utils/membership-reaches-carts"
import { SegmentEvents } from "../workflows/segments/steps/emit-membership-events"

/** Recomputes the promotions of the open carts of customers who joined or left a segment. */
export default async function segmentCartPromotionsHandler({
  event,
  container,
}: SubscriberArgs<{ segment_id: string; customer_ids: string[] }>) {
  const { segment_id, customer_ids } = event.data ?? ({} as any)
  if (!customer_ids?.length) return
  // Nothing a cart shows depends on a segment that no promotion names and that
  // moves nobody into a customer group: no workflow run then (about 3 ms here
  // even when it does nothing, for each of the many such events).
  if (segment_id && !(await membershipReachesCarts(container, segment_id))) return
  await refreshCustomerCartPromotionsWorkflow(container).run({ input: { customer_ids } })
}

export const config: SubscriberConfig = {
  event: [SegmentEvents.MEMBERS_ADDED, SegmentEvents.MEMBERS_REMOVED],
  context: { subscriberId: "customer-segment-cart-promotions" },
}
