import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { restartActivityBackfill } from "../../../../../workflows/activity/activity-backfill-runner"
import { AdminRebuildSegmentActivity, type AdminRebuildSegmentActivityType } from "../validators"

/** Restarts the activity-data build from the first customer; the work runs in the background. Answers 202. */
export const POST = async (req: MedusaRequest<AdminRebuildSegmentActivityType>, res: MedusaResponse) => {
  // `activityMiddlewares` validates the body; checked here too in case a store mounts the route without them
  let body = req.validatedBody as AdminRebuildSegmentActivityType | undefined
  if (!body) {
    const parsed = AdminRebuildSegmentActivity.safeParse(req.body ?? {})
    if (!parsed.success) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")
      )
    }
    body = parsed.data
  }
  const activity = await restartActivityBackfill(req.scope, { batch_size: body.batch_size })
  res.status(202).json({ activity })
}
