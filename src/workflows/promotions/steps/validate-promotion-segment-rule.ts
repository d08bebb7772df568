import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../hooks/segment-promotion-context"

export const validatePromotionSegmentRuleStepId = "validate-promotion-segment-rule"

export type ValidatePromotionSegmentRuleInput = {
  promotion_id: string
  /** Segments the rule will name; each must exist. Omitted when removing the rule. */
  segment_ids?: string[]
}

/**
 * Checks that the promotion exists (404) and that every segment exists (400
 * naming the unknown ids), and returns the ids of the promotion's current
 * segment rules, oldest first.
 */
export const validatePromotionSegmentRuleStep = createStep(
  validatePromotionSegmentRuleStepId,
  async (input: ValidatePromotionSegmentRuleInput, { container }) => {
    const promotionModule = container.resolve(Modules.PROMOTION)
    const [promotion] = await promotionModule.listPromotions({ id: input.promotion_id }, { relations: ["rules"], take: 1 })
    if (!promotion) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Promotion with id: ${input.promotion_id} was not found`)
    }
    if (input.segment_ids) {
      const segments = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const found = await segments.listSegments({ id: input.segment_ids }, { select: ["id"] })
      const known = new Set(found.map((s) => s.id))
      const missing = input.segment_ids.filter((id) => !known.has(id))
      if (missing.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Segments not found: ${missing.join(", ")}`)
      }
    }
    const ruleIds = (promotion.rules ?? [])
      .filter((r) => r.attribute === SEGMENT_RULE_ATTRIBUTE)
      .sort((a: any, b: any) => String(a.created_at ?? a.id).localeCompare(String(b.created_at ?? b.id)))
      .map((r) => r.id)
    return new StepResponse({ rule_ids: ruleIds })
  }
)
