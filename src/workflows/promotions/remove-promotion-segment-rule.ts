import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { RuleType } from "@medusajs/framework/utils"
import { deletePromotionRulesWorkflow } from "@medusajs/medusa/core-flows"
import { validatePromotionSegmentRuleStep } from "./steps/validate-promotion-segment-rule"

export type RemovePromotionSegmentRuleInput = { promotion_id: string }

export const removePromotionSegmentRuleWorkflowId = "remove-promotion-segment-rule"

/** Removes a promotion's segment rules through Medusa's promotion rule workflow. */
export const removePromotionSegmentRuleWorkflow = createWorkflow(
  removePromotionSegmentRuleWorkflowId,
  (input: RemovePromotionSegmentRuleInput) => {
    const current = validatePromotionSegmentRuleStep(
      transform({ input }, ({ input }) => ({ promotion_id: input.promotion_id }))
    )
    when("remove-segment-rules", { current }, ({ current }) => current.rule_ids.length > 0).then(() => {
      deletePromotionRulesWorkflow.runAsStep({
        input: transform({ input, current }, ({ input, current }) => ({
          rule_type: RuleType.RULES,
          data: { id: input.promotion_id, rule_ids: current.rule_ids },
        })),
      })
    })
    return new WorkflowResponse(transform({ current }, ({ current }) => ({ removed: current.rule_ids })))
  }
)
