import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { refreshSegmentsWorkflow } from "../workflows/segments/refresh-segments"
import { SEGMENT_REFRESH_REQUESTED, SegmentRefreshRequestedData } from "../workflows/segments/events"

/** A refresh queued by the admin API (`async`): runs it here, reporting on its run. */
export default async function segmentRefreshRequested({ event, container }: SubscriberArgs<SegmentRefreshRequestedData>) {
  const { id, run_id } = event.data ?? ({} as any)
  if (!id || !run_id) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info(`[segments] worker refresh of ${id} (run ${run_id}) started, pid ${process.pid}`)
  try {
    await refreshSegmentsWorkflow(container).run({ input: { segment_ids: [id], run_id, reason: "manual refresh (worker)", fail_fast: true } })
    logger.info(`[segments] worker refresh of ${id} (run ${run_id}) done, pid ${process.pid}`)
  } catch (e: any) {
    // already recorded on the run and the segment; a retry by the event bus would only find the run finished
    logger.warn(`[segments] worker refresh of ${id} (run ${run_id}) failed: ${e?.message ?? e}`)
  }
}

export const config: SubscriberConfig = {
  event: SEGMENT_REFRESH_REQUESTED,
  context: { subscriberId: "customer-segments-refresh-requested" },
}
