import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteSegmentPriceRulesStep } from "./steps/delete-segment-price-rules"
import { validateSegmentPriceRuleStep } from "./steps/validate-segment-price-rule"
import { syncSegmentPricesWorkflow } from "./sync-segment-prices"

export type DeleteSegmentPriceRuleWorkflowInput = { segment_id: string; rule_id: string }

export const deleteSegmentPriceRuleWorkflowId = "delete-customer-segment-price-rule"

/** Removes a segment's price rule; its prices go, and the price list with the last rule. */
export const deleteSegmentPriceRuleWorkflow = createWorkflow(deleteSegmentPriceRuleWorkflowId, (input: DeleteSegmentPriceRuleWorkflowInput) => {
  validateSegmentPriceRuleStep(transform({ input }, ({ input }) => ({ ...input, data: {} })))
  const ids = deleteSegmentPriceRulesStep(transform({ input }, ({ input }) => ({ ids: [input.rule_id] })))
  syncSegmentPricesWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ segment_id: input.segment_id })) })
  return new WorkflowResponse(ids)
})
