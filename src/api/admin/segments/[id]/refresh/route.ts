import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refreshSegmentsWorkflow } from "../../../../../workflows/segments/refresh-segments"
import { refetchSegment } from "../../helpers"

/** Refreshes now and answers `{ added, removed, size, duration_ms }`. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchSegment(req.scope, req.params.id, ["id"])
  const started = Date.now()
  const { result } = await refreshSegmentsWorkflow(req.scope).run({
    input: { segment_ids: [req.params.id], reason: "manual refresh", fail_fast: true },
  })
  const r = result.results[0]
  res.json({ added: r.added, removed: r.removed, size: r.size, duration_ms: Date.now() - started })
}
