import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { retargetSegmentGroupWorkflow } from "../workflows/groups/retarget-segment-group"

/** A segment now feeds another customer group: move its customers there. */
export default async function segmentGroupRetarget({ event, container }: SubscriberArgs<{ segment_id: string; previous_group_id: string | null }>) {
  await retargetSegmentGroupWorkflow(container).run({ input: event.data })
}

export const config: SubscriberConfig = { event: "customer_segment.group_changed" }
