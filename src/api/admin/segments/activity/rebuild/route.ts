import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { restartActivityBackfill } from "../../../../../workflows/activity/activity-backfill-runner"
import type { AdminRebuildSegmentActivityType } from "../validators"

/** Restarts the activity-data build from the first customer; the work runs in the background. */
export const POST = async (req: MedusaRequest<AdminRebuildSegmentActivityType>, res: MedusaResponse) => {
  const body = (req.validatedBody ?? {}) as AdminRebuildSegmentActivityType
  const activity = await restartActivityBackfill(req.scope, { batch_size: body.batch_size })
  res.status(202).json({ activity })
}
