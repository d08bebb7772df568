import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteSegmentsStep } from "./steps/delete-segments"
import { emitMembershipEventsStep } from "./steps/emit-membership-events"
import { newRunIdStep } from "./steps/new-run-id"
import { removeSegmentFromPromotionsStep } from "./steps/remove-segment-from-promotions"
import { removeSegmentPricesWorkflow } from "../prices/remove-segment-prices"

export const deleteSegmentsWorkflowId = "delete-customer-segments"

export const deleteSegmentsWorkflow = createWorkflow(deleteSegmentsWorkflowId, (input: { ids: string[] }) => {
  const runId = newRunIdStep()
  const ids = deleteSegmentsStep(transform({ input, runId }, ({ input, runId }) => ({ ids: input.ids, run_id: runId })))
  removeSegmentFromPromotionsStep(ids)
  // Their price lists go too: nobody should keep a price maintained for a segment that is gone.
  removeSegmentPricesWorkflow.runAsStep({ input: transform({ ids }, ({ ids }) => ({ segment_ids: ids })) })
  emitMembershipEventsStep(transform({ runId }, ({ runId }) => ({ run_id: runId })))
  return new WorkflowResponse(ids)
})
