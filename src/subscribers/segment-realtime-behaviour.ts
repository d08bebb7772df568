import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"
import { BEHAVIOUR_CHANGED_EVENT, BehaviourChangedData } from "../workflows/behaviour/events"

/**
 * A customer viewed a product or changed their wishlist: re-evaluate their
 * realtime segments, but only when some realtime segment has a views.* or
 * wishlist.* rule (a product view is frequent; most stores' realtime segments
 * cannot change because of it).
 */
export default async function segmentRealtimeBehaviour({ event, container }: SubscriberArgs<BehaviourChangedData>) {
  const ids = (event.data?.customer_ids ?? []).filter(Boolean)
  if (!ids.length) return
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  if (!(await service.realtimeSegmentsUse(["views.", "wishlist."]))) return
  await refreshCustomerSegmentsWorkflow(container).run({ input: { customer_ids: ids, reason: event.name } })
}

export const config: SubscriberConfig = {
  event: BEHAVIOUR_CHANGED_EVENT,
  context: { subscriberId: "customer-segments-realtime-behaviour" },
}
