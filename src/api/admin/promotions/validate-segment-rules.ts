import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../hooks/segment-promotion-context"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { isSegmentRuleOperator, SEGMENT_RULE_OPERATORS } from "./segment-rule-attribute"

const MAX_SEGMENTS = 100

type RuleInput = { id?: string; attribute?: string; operator?: string; values?: string | string[] }

/**
 * Checks the segment rules (`customer_segment_ids`) of `POST /admin/promotions`
 * (`rules`) and `POST /admin/promotions/:id/rules/batch` (`create`, `update`),
 * the two requests the dashboard's promotion form saves rules with, before core
 * stores them: operator "in" or "ne" (the form's "In" / "Not In"; the promotion
 * module would store any of its operators, and `eq`, `gt`... never match a
 * segment list), 1 to 100 values, every one an existing segment. A 400 names
 * the rule and the unknown ids. Core accepts any attribute, so without this a
 * typo'd id would make a promotion that silently never applies. Other rules
 * are core's business. Runs after core's body validator on the same route.
 */
export async function validateSegmentRules(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = (req.validatedBody ?? {}) as { rules?: RuleInput[]; create?: RuleInput[]; update?: RuleInput[] }
    const entries: Array<{ path: string; rule: RuleInput }> = [
      ...(body.rules ?? []).map((rule, i) => ({ path: `rules[${i}]`, rule })),
      ...(body.create ?? []).map((rule, i) => ({ path: `create[${i}]`, rule })),
      ...(await withStoredFields(req, body.update ?? [])).map((rule, i) => ({ path: `update[${i}]`, rule })),
    ].filter(({ rule }) => rule.attribute === SEGMENT_RULE_ATTRIBUTE)
    if (!entries.length) return next()

    const allowed = SEGMENT_RULE_OPERATORS.map((o) => `"${o.value}"`).join(" or ")
    for (const { path, rule } of entries) {
      if (!isSegmentRuleOperator(rule.operator)) {
        throw invalid(`${path}.operator: ${SEGMENT_RULE_ATTRIBUTE} rules take the operator ${allowed}, not "${rule.operator}"`)
      }
      const values = toList(rule.values)
      if (!values.length) throw invalid(`${path}.values: name at least one segment`)
      if (values.length > MAX_SEGMENTS) throw invalid(`${path}.values: at most ${MAX_SEGMENTS} segments`)
    }

    const ids = [...new Set(entries.flatMap(({ rule }) => toList(rule.values)))]
    const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const known = new Set((await service.listSegments({ id: ids }, { select: ["id"] })).map((s) => s.id))
    for (const { path, rule } of entries) {
      const missing = toList(rule.values).filter((id) => !known.has(id))
      if (missing.length) throw invalid(`${path}.values: segments not found: ${missing.join(", ")}`)
    }
    next()
  } catch (e) {
    next(e)
  }
}

const toList = (values: RuleInput["values"]) => (values === undefined ? [] : Array.isArray(values) ? values : [values])

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/** An update may leave out `attribute` or `operator`: take them from the stored rule, so a segment rule is still checked. */
async function withStoredFields(req: MedusaRequest, updates: RuleInput[]): Promise<RuleInput[]> {
  const partial = updates.filter((u) => u.id && (u.attribute === undefined || u.operator === undefined)).map((u) => u.id as string)
  if (!partial.length) return updates
  const promotionModule = req.scope.resolve(Modules.PROMOTION)
  const stored = new Map((await promotionModule.listPromotionRules({ id: partial }, { select: ["id", "attribute", "operator"] })).map((r) => [r.id, r]))
  return updates.map((u) => {
    const s = u.id ? stored.get(u.id) : undefined
    return s ? { ...u, attribute: u.attribute ?? s.attribute, operator: u.operator ?? s.operator } : u
  })
}
