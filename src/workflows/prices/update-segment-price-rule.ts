import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateSegmentPriceRulesStep } from "./steps/update-segment-price-rules"
import { SegmentPriceRuleData, validateSegmentPriceRuleStep } from "./steps/validate-segment-price-rule"
import { syncSegmentPricesWorkflow } from "./sync-segment-prices"

export type UpdateSegmentPriceRuleWorkflowInput = { segment_id: string; rule_id: string; data: SegmentPriceRuleData }

export const updateSegmentPriceRuleWorkflowId = "update-customer-segment-price-rule"

/** Changes a segment's price rule and recomputes the segment's prices. */
export const updateSegmentPriceRuleWorkflow = createWorkflow(updateSegmentPriceRuleWorkflowId, (input: UpdateSegmentPriceRuleWorkflowInput) => {
  validateSegmentPriceRuleStep(input)
  const rules = updateSegmentPriceRulesStep(transform({ input }, ({ input }) => [{ id: input.rule_id, ...input.data }]))
  syncSegmentPricesWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ segment_id: input.segment_id })) })
  return new WorkflowResponse(transform({ rules }, ({ rules }) => rules[0]))
})
