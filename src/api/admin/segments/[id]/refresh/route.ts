import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { refreshSegmentsWorkflow } from "../../../../../workflows/segments/refresh-segments"
import { SEGMENT_REFRESH_REQUESTED } from "../../../../../workflows/segments/events"
import { refetchSegment } from "../../helpers"
import type { AdminRefreshSegmentType } from "../../validators"

/**
 * Refreshes now and answers `{ run_id, added, removed, size, duration_ms }`;
 * with `{ "async": true }`, or when the segment last held more customers than
 * the `async_refresh_threshold` option, queues the refresh for a worker and
 * answers 202 `{ run_id, status: "queued" }` (progress: GET .../refresh-runs/:run_id).
 * A refresh of the segment already queued or running, from any process: 409.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRefreshSegmentType>, res: MedusaResponse) => {
  const segment = await refetchSegment(req.scope, req.params.id, ["id", "customer_count"])
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const async = req.validatedBody?.async ?? Number(segment.customer_count ?? 0) > service.getOptions().async_refresh_threshold
  const claim = await service.claimRefreshRun({
    id: generateEntityId(undefined, "csegrun"),
    segment_id: segment.id,
    mode: async ? "async" : "sync",
  })
  if (!claim.claimed) {
    // Answered here: Medusa's error handler replaces a CONFLICT's message with a generic idempotency one.
    res.status(409).json({
      type: "conflict",
      message: `a refresh of segment ${segment.id} is already ${claim.running.status === "queued" ? "queued" : "running"} (run ${claim.running.id})`,
      run_id: claim.running.id,
      status: claim.running.status,
    })
    return
  }
  const runId = claim.run.id
  if (async) {
    // The subscriber runs it where subscribers consume events: the worker with the Redis event bus.
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: SEGMENT_REFRESH_REQUESTED, data: { id: segment.id, run_id: runId } })
    res.status(202).json({ run_id: runId, status: "queued" })
    return
  }
  const started = Date.now()
  const { result } = await refreshSegmentsWorkflow(req.scope).run({
    input: { segment_ids: [segment.id], reason: "manual refresh", fail_fast: true, run_id: runId },
  })
  const r = result.results[0]
  res.json({ run_id: runId, added: r.added, removed: r.removed, size: r.size, duration_ms: Date.now() - started })
}
