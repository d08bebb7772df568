import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { editSegmentMembersStep } from "./steps/edit-segment-members"
import { emitMembershipEventsStep } from "./steps/emit-membership-events"
import { newRunIdStep } from "./steps/new-run-id"

export type EditSegmentMembersWorkflowInput = {
  segment_id: string
  add?: string[]
  remove?: string[]
  mark_manual?: string[]
  mark_auto?: string[]
}

export const editSegmentMembersWorkflowId = "edit-customer-segment-members"

/** add / remove / mark_manual / mark_auto, all or nothing, then the membership events. */
export const editSegmentMembersWorkflow = createWorkflow(editSegmentMembersWorkflowId, (input: EditSegmentMembersWorkflowInput) => {
  const runId = newRunIdStep()
  const result = editSegmentMembersStep(transform({ input, runId }, ({ input, runId }) => ({ ...input, run_id: runId })))
  emitMembershipEventsStep(transform({ runId }, ({ runId }) => ({ run_id: runId })))
  return new WorkflowResponse(
    transform({ result, runId }, ({ result, runId }) => ({
      added: result.added,
      removed: result.removed,
      marked_manual: result.marked_manual,
      marked_auto: result.marked_auto,
      run_id: runId,
    }))
  )
})
