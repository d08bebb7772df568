import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { collectCustomerActivityStep } from "./steps/collect-customer-activity"
import { replaceCustomerActivityStep } from "./steps/replace-customer-activity"

export type RecomputeCustomerActivityWorkflowInput = {
  /** Medusa customer ids; ids that no longer exist lose their activity data. */
  customer_ids: string[]
}

export type RecomputeCustomerActivityWorkflowOutput = {
  customers: number
  removed: number
  orders: number
  purchases: number
}

export const recomputeCustomerActivityWorkflowId = "recompute-customer-activity"

/**
 * Recomputes the activity data of a batch of customers from Medusa's data
 * (its tables, or Query with `activity_source: "query"`) and replaces what
 * the plugin stored for them.
 * Idempotent: running it twice gives the same rows.
 */
export const recomputeCustomerActivityWorkflow = createWorkflow(
  recomputeCustomerActivityWorkflowId,
  (input: RecomputeCustomerActivityWorkflowInput) => {
    const computed = collectCustomerActivityStep({ customer_ids: input.customer_ids })
    const counts = replaceCustomerActivityStep(computed)
    return new WorkflowResponse(counts)
  }
)
