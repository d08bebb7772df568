import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncSegmentGroupWorkflow } from "../workflows/groups"
import { segmentGroupOf } from "../workflows/groups/utils/segment-group-of"
import { SegmentEvents } from "../workflows/segments/steps/emit-membership-events"

/** Customers joined or left a segment: move them into or out of the segment's customer group. */
export default async function segmentGroupSync({
  event,
  container,
}: SubscriberArgs<{ segment_id: string; customer_ids: string[] }>) {
  const { segment_id, customer_ids } = event.data ?? ({} as any)
  if (!segment_id || !customer_ids?.length) return
  // Most segments target no group. A workflow run costs about 3 ms here even
  // when it does nothing, and one customer's real-time update can emit an event
  // for each of dozens of segments: one read decides instead.
  if (!(await segmentGroupOf(container, segment_id))) return
  await syncSegmentGroupWorkflow(container).run({ input: { segment_id, customer_ids } })
}

export const config: SubscriberConfig = {
  event: [SegmentEvents.MEMBERS_ADDED, SegmentEvents.MEMBERS_REMOVED],
  context: { subscriberId: "customer-segments-group-sync" },
}
