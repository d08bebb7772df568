import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const SegmentEvents = {
  MEMBERS_ADDED: "customer_segment.members_added",
  MEMBERS_REMOVED: "customer_segment.members_removed",
  REFRESHED: "customer_segment.refreshed",
  /** a segment's customer_group_id changed: `{ segment_id, previous_group_id }` */
  GROUP_CHANGED: "customer_segment.group_changed",
} as const

export const emitMembershipEventsStepId = "emit-customer-segment-membership-events"

/** Log rows read at a time (each up to 1,000 customer ids). */
const PAGE = 100

/**
 * Emits members_added / members_removed for every join and leave logged under
 * `run_id` (a log row is an event of at most 1,000 customer ids, read in pages,
 * so memory and payloads stay bounded), and `refreshed` for each refreshed segment.
 */
export const emitMembershipEventsStep = createStep(
  emitMembershipEventsStepId,
  async (
    input: { run_id: string; refreshed?: Array<{ segment_id: string; added: number; removed: number; size: number; error?: string }> },
    { container }
  ) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const eventBus = container.resolve(Modules.EVENT_BUS)
    let after: string | null = null
    let emitted = 0
    for (;;) {
      const page = await service.listRunLog(input.run_id, after, PAGE)
      if (!page.length) break
      after = page[page.length - 1].id
      // a log row holds one segment's joins or leaves, at most 1,000 customers: one event each
      await eventBus.emit(
        page.map((row) => ({
          name: row.action === "joined" ? SegmentEvents.MEMBERS_ADDED : SegmentEvents.MEMBERS_REMOVED,
          data: { segment_id: row.segment_id, customer_ids: row.customer_ids },
        }))
      )
      emitted += page.length
      if (page.length < PAGE) break
    }
    const refreshed = (input.refreshed ?? [])
      .filter((r) => !r.error)
      .map((r) => ({ name: SegmentEvents.REFRESHED, data: { segment_id: r.segment_id, added: r.added, removed: r.removed, size: r.size } }))
    if (refreshed.length) await eventBus.emit(refreshed)
    return new StepResponse({ emitted: emitted + refreshed.length })
  }
)
