import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { detachDeletedGroupStep } from "./steps/detach-deleted-group"

export type DetachDeletedGroupWorkflowInput = { customer_group_ids: string[] }

export const detachDeletedGroupWorkflowId = "detach-deleted-customer-group"

/** Segments stop feeding a customer group Medusa deleted. */
export const detachDeletedGroupWorkflow = createWorkflow(detachDeletedGroupWorkflowId, (input: DetachDeletedGroupWorkflowInput) => {
  const result = detachDeletedGroupStep(input)
  return new WorkflowResponse(result)
})
