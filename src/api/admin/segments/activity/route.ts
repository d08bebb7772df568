import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getActivityBackfillProgress } from "../../../../workflows/activity/activity-backfill-runner"

/** Build status of the activity data, with progress, rate and ETA. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const activity = await getActivityBackfillProgress(req.scope)
  res.json({ activity })
}
