import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteSegmentsStep } from "./steps/delete-segments"

export const deleteSegmentsWorkflowId = "delete-customer-segments"

export const deleteSegmentsWorkflow = createWorkflow(deleteSegmentsWorkflowId, (input: { ids: string[] }) => {
  const ids = deleteSegmentsStep(input.ids)
  return new WorkflowResponse(ids)
})
