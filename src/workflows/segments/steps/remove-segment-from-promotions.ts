import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules, PromotionStatus, RuleType } from "@medusajs/framework/utils"
import {
  createPromotionRulesWorkflow,
  deletePromotionRulesWorkflow,
  updatePromotionRulesWorkflow,
  updatePromotionsStatusWorkflow,
} from "@medusajs/medusa/core-flows"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../hooks/segment-promotion-context"

export const removeSegmentFromPromotionsStepId = "remove-segment-from-promotions"

type RuleState = { id: string; promotion_ids: string[]; attribute: string; operator: string; description?: string | null; values: string[] }

type Compensation = {
  /** Rules whose values lost the deleted segments: their values before. */
  updated: Array<{ id: string; values: string[] }>
  /** Rules deleted because no segment was left, to re-create. */
  deleted: RuleState[]
  /** Promotions set inactive, with their status before. */
  deactivated: Array<{ id: string; status: string }>
}

/**
 * Takes deleted segments out of promotion rules on `customer_segment_ids`,
 * through Medusa's promotion rule workflows, so no promotion is left naming a
 * segment that no longer exists:
 * - a rule that keeps other segments keeps them;
 * - an "is not one of" rule left with no segment is deleted (nobody is in a
 *   deleted segment, so it held for everyone already);
 * - an "is one of" rule left with no segment is deleted and its promotion, if
 *   active, is set inactive: deleting the rule alone would open a discount meant
 *   for a segment to every customer.
 * Compensation restores values, rules and statuses.
 */
export const removeSegmentFromPromotionsStep = createStep(
  removeSegmentFromPromotionsStepId,
  async (segmentIds: string[], { container }) => {
    const compensation: Compensation = { updated: [], deleted: [], deactivated: [] }
    if (!segmentIds?.length) return new StepResponse(compensation, compensation)
    const gone = new Set(segmentIds)
    const promotionModule = container.resolve(Modules.PROMOTION)
    const rules = await promotionModule.listPromotionRules(
      // `attribute` is a column of promotion_rule, filterable though the DTO type omits it.
      { attribute: SEGMENT_RULE_ATTRIBUTE } as any,
      { relations: ["values", "promotions"] }
    )
    const toUpdate: Array<{ id: string; values: string[] }> = []
    const toDelete: RuleState[] = []
    for (const rule of rules as any[]) {
      const values: string[] = (rule.values ?? []).map((v: any) => v.value)
      if (!values.some((v) => gone.has(v))) continue
      const kept = values.filter((v) => !gone.has(v))
      const state: RuleState = {
        id: rule.id,
        promotion_ids: (rule.promotions ?? []).map((p: any) => p.id),
        attribute: rule.attribute,
        operator: rule.operator,
        description: rule.description,
        values,
      }
      if (kept.length || !state.promotion_ids.length) {
        // A rule with no promotion (a target or buy rule) cannot be removed through the promotion; keep what is left.
        if (kept.length) toUpdate.push({ id: rule.id, values: kept })
        continue
      }
      toDelete.push(state)
    }

    if (toUpdate.length) {
      await updatePromotionRulesWorkflow(container).run({ input: { data: toUpdate } })
      compensation.updated = toUpdate.map((u) => ({ id: u.id, values: (rules as any[]).find((r) => r.id === u.id)!.values.map((v: any) => v.value) }))
    }

    const toDeactivate = new Set<string>()
    for (const rule of toDelete) {
      for (const promotionId of rule.promotion_ids) {
        await deletePromotionRulesWorkflow(container).run({
          input: { rule_type: RuleType.RULES, data: { id: promotionId, rule_ids: [rule.id] } },
        })
        compensation.deleted.push({ ...rule, promotion_ids: [promotionId] })
        if (rule.operator === "in") toDeactivate.add(promotionId)
      }
    }

    if (toDeactivate.size) {
      const promotions = await promotionModule.listPromotions({ id: [...toDeactivate] }, { select: ["id", "status"] })
      const active = promotions.filter((p) => p.status === PromotionStatus.ACTIVE)
      if (active.length) {
        await updatePromotionsStatusWorkflow(container).run({
          input: { promotionsData: active.map((p) => ({ id: p.id, status: PromotionStatus.INACTIVE })) },
        })
        compensation.deactivated = active.map((p) => ({ id: p.id, status: p.status as string }))
      }
    }
    return new StepResponse(compensation, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const { updated, deleted, deactivated } = compensation
    if (deactivated.length) {
      await updatePromotionsStatusWorkflow(container).run({
        input: { promotionsData: deactivated.map((p) => ({ id: p.id, status: p.status as PromotionStatus })) },
      })
    }
    for (const rule of deleted) {
      await createPromotionRulesWorkflow(container).run({
        input: {
          rule_type: RuleType.RULES,
          data: {
            id: rule.promotion_ids[0],
            rules: [{ attribute: rule.attribute, operator: rule.operator as any, values: rule.values, description: rule.description ?? undefined }],
          },
        },
      })
    }
    if (updated.length) {
      await updatePromotionRulesWorkflow(container).run({ input: { data: updated } })
    }
  }
)
