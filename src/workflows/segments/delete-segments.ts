import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteSegmentsStep } from "./steps/delete-segments"
import { emitMembershipEventsStep } from "./steps/emit-membership-events"
import { newRunIdStep } from "./steps/new-run-id"
import { removeSegmentFromPromotionsStep } from "./steps/remove-segment-from-promotions"

export const deleteSegmentsWorkflowId = "delete-customer-segments"

export const deleteSegmentsWorkflow = createWorkflow(deleteSegmentsWorkflowId, (input: { ids: string[] }) => {
  const runId = newRunIdStep()
  const ids = deleteSegmentsStep(transform({ input, runId }, ({ input, runId }) => ({ ids: input.ids, run_id: runId })))
  removeSegmentFromPromotionsStep(ids)
  emitMembershipEventsStep(transform({ runId }, ({ runId }) => ({ run_id: runId })))
  return new WorkflowResponse(ids)
})
