import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { pruneProductViewsStep } from "./steps/prune-product-views"

export const pruneProductViewsWorkflowId = "prune-customer-segment-product-views"

/** Deletes product views older than the retention days (the daily job; `now` for tests). */
export const pruneProductViewsWorkflow = createWorkflow(pruneProductViewsWorkflowId, (input: { now?: Date | string }) => {
  return new WorkflowResponse(pruneProductViewsStep(input))
})
