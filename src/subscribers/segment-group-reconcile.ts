import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reconcileSegmentGroupWorkflow } from "../workflows/groups/reconcile-segment-group"
import { segmentGroupOf } from "../workflows/groups/utils/segment-group-of"
import { SegmentEvents } from "../workflows/segments/steps/emit-membership-events"

/** A segment was refreshed: repair its customer group where an earlier group move failed. */
export default async function segmentGroupReconcile({ event, container }: SubscriberArgs<{ segment_id: string }>) {
  const segmentId = event.data?.segment_id
  // most segments target no group: one read instead of a workflow run
  if (!segmentId || !(await segmentGroupOf(container, segmentId))) return
  await reconcileSegmentGroupWorkflow(container).run({ input: { segment_id: segmentId } })
}

export const config: SubscriberConfig = {
  event: SegmentEvents.REFRESHED,
  context: { subscriberId: "customer-segments-group-reconcile" },
}
