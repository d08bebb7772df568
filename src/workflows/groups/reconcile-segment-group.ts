import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { findSegmentGroupDriftStep } from "./steps/find-segment-group-drift"
import { resolveSegmentGroupStep } from "./steps/resolve-segment-group"
import { syncSegmentGroupWorkflow } from "./sync-segment-group"

export type ReconcileSegmentGroupWorkflowInput = { segment_id: string }

export const reconcileSegmentGroupWorkflowId = "reconcile-customer-segment-group"

/**
 * Brings the segment's customer group back in line with its members after a
 * group move failed and was rolled back (the membership change stands; the
 * move's event is not sent again): the customers that disagree go through the
 * same sync as a membership event.
 */
export const reconcileSegmentGroupWorkflow = createWorkflow(reconcileSegmentGroupWorkflowId, (input: ReconcileSegmentGroupWorkflowInput) => {
  const target = resolveSegmentGroupStep(input)
  const drift = findSegmentGroupDriftStep(
    transform({ input, target }, ({ input, target }) => ({ segment_id: input.segment_id, group_id: target.group_id }))
  )
  when({ drift }, ({ drift }) => drift.length > 0).then(() => {
    syncSegmentGroupWorkflow.runAsStep({
      input: transform({ input, drift }, ({ input, drift }) => ({ segment_id: input.segment_id, customer_ids: drift })),
    })
  })
  return new WorkflowResponse({ customer_ids: drift })
})
