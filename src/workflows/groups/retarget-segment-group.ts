import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { linkCustomersToCustomerGroupWorkflow } from "@medusajs/medusa/core-flows"
import { planGroupRetargetStep } from "./steps/plan-group-retarget"
import { recordGroupAssignmentsStep } from "./steps/record-group-assignments"
import { syncSegmentGroupWorkflow } from "./sync-segment-group"

export type RetargetSegmentGroupWorkflowInput = { segment_id: string; previous_group_id: string | null }

export const retargetSegmentGroupWorkflowId = "retarget-customer-segment-group"

/**
 * A segment now feeds another customer group (or none): its customers leave
 * the previous group (only those the plugin put there for it) and enter the
 * new one, through Medusa's customer-group workflows, which undo on failure.
 */
export const retargetSegmentGroupWorkflow = createWorkflow(retargetSegmentGroupWorkflowId, (input: RetargetSegmentGroupWorkflowInput) => {
  const plan = planGroupRetargetStep(input)
  recordGroupAssignmentsStep(
    transform({ plan }, ({ plan }) => ({ segment_id: plan.segment_id, group_id: plan.previous_group_id, assign: [], unassign: plan.unassign }))
  )
  when({ plan }, ({ plan }) => !!plan.previous_group_id && plan.remove.length > 0).then(() => {
    linkCustomersToCustomerGroupWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({ id: plan.previous_group_id!, add: [], remove: plan.remove })),
    })
  })
  syncSegmentGroupWorkflow.runAsStep({
    input: transform({ plan }, ({ plan }) => ({ segment_id: plan.segment_id, customer_ids: plan.members })),
  })
  return new WorkflowResponse(plan)
})
