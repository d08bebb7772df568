import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { RuleType } from "@medusajs/framework/utils"
import {
  createPromotionRulesWorkflow,
  deletePromotionRulesWorkflow,
  updatePromotionRulesWorkflow,
} from "@medusajs/medusa/core-flows"
import { SEGMENT_RULE_ATTRIBUTE } from "../../hooks/segment-promotion-context"
import { validatePromotionSegmentRuleStep } from "./steps/validate-promotion-segment-rule"

export type SegmentRuleOperator = "in" | "ne"

export type SetPromotionSegmentRuleInput = {
  promotion_id: string
  /** "in": customer segment is one of; "ne": is not one of. */
  operator: SegmentRuleOperator
  segment_ids: string[]
}

export const setPromotionSegmentRuleWorkflowId = "set-promotion-segment-rule"

/**
 * Sets a promotion's segment rule `{ attribute: "customer_segment_ids",
 * operator, values: segment_ids }` through Medusa's promotion rule workflows:
 * updates the existing one, or creates it; extra segment rules (made through
 * the core API) are removed so the promotion holds exactly one.
 */
export const setPromotionSegmentRuleWorkflow = createWorkflow(
  setPromotionSegmentRuleWorkflowId,
  (input: SetPromotionSegmentRuleInput) => {
    const current = validatePromotionSegmentRuleStep(
      transform({ input }, ({ input }) => ({ promotion_id: input.promotion_id, segment_ids: input.segment_ids }))
    )
    const plan = transform({ input, current }, ({ input, current }) => {
      const rule = { attribute: SEGMENT_RULE_ATTRIBUTE, operator: input.operator, values: input.segment_ids }
      const [keep, ...extra] = current.rule_ids
      return {
        create: keep ? [] : [rule],
        update: keep ? [{ id: keep, ...rule }] : [],
        remove: extra,
      }
    })

    when("create-segment-rule", { plan }, ({ plan }) => plan.create.length > 0).then(() => {
      createPromotionRulesWorkflow.runAsStep({
        input: transform({ input, plan }, ({ input, plan }) => ({
          rule_type: RuleType.RULES,
          data: { id: input.promotion_id, rules: plan.create },
        })),
      })
    })
    when("update-segment-rule", { plan }, ({ plan }) => plan.update.length > 0).then(() => {
      updatePromotionRulesWorkflow.runAsStep({
        input: transform({ plan }, ({ plan }) => ({ data: plan.update })),
      })
    })
    // Last: Medusa's rule-removal compensation re-adds every rule of the promotion.
    when("remove-extra-segment-rules", { plan }, ({ plan }) => plan.remove.length > 0).then(() => {
      deletePromotionRulesWorkflow.runAsStep({
        input: transform({ input, plan }, ({ input, plan }) => ({
          rule_type: RuleType.RULES,
          data: { id: input.promotion_id, rule_ids: plan.remove },
        })),
      })
    })

    return new WorkflowResponse(transform({ input }, ({ input }) => ({ promotion_id: input.promotion_id })))
  }
)
