import type { MedusaContainer } from "@medusajs/framework/types"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { runActivityBackfill } from "../workflows/activity/activity-backfill-runner"

/**
 * Builds the activity data on first boot and resumes a build whose runner
 * stopped (crash, restart). Every minute; a no-op when the build is done or
 * another runner owns it. Off with the module option `backfill_on_boot: false`
 * or SEGMENTS_BACKFILL_ON_BOOT=false; off under NODE_ENV=test unless that
 * variable is "true" (tests run the backfill themselves).
 */
export default async function activityBackfillJob(container: MedusaContainer) {
  const flag = process.env.SEGMENTS_BACKFILL_ON_BOOT
  if (flag === "false" || (process.env.NODE_ENV === "test" && flag !== "true")) return
  const service: CustomerSegmentModuleService = container.resolve(CUSTOMER_SEGMENT_MODULE)
  if (service.getOptions().backfill_on_boot === false) return
  await runActivityBackfill(container)
}

export const config = {
  name: "customer-segment-activity-backfill",
  schedule: "* * * * *",
}
