import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../../../hooks/segment-promotion-context"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { SEGMENT_RULE_ATTRIBUTE_OPTION } from "../../segment-rule-attribute"

// Static siblings that Express also matches as ":id/:rule_type".
const NOT_A_PROMOTION = new Set(["rule-attribute-options", "rule-value-options"])

/**
 * Adds the promotion's segment rules to core's answer of
 * `GET /admin/promotions/:id/rules`, which leaves out every rule on an
 * attribute it does not list. The dashboard's conditions section and its edit
 * form read this answer: with the rule in it (attribute option, `id`,
 * `attribute_label`, `operator_label`, values with the segments' names) they
 * show it, edit it and remove it like a "Customer Group" rule. Reads the rules
 * before core answers, so the answer is only amended, never delayed or redone.
 */
export async function addSegmentRules(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const { id, rule_type } = req.params
  if (rule_type !== "rules" || NOT_A_PROMOTION.has(id)) return next()
  try {
    const segmentRules = await readSegmentRules(req, id)
    if (!segmentRules.length) return next()
    const json = res.json.bind(res)
    res.json = (body: any) => {
      if (res.statusCode < 300 && Array.isArray(body?.rules)) {
        const listed = new Set(body.rules.map((r: any) => r?.id).filter(Boolean))
        body = { ...body, rules: [...body.rules, ...segmentRules.filter((r) => !listed.has(r.id))] }
      }
      return json(body)
    }
    next()
  } catch (e) {
    next(e)
  }
}

async function readSegmentRules(req: MedusaRequest, promotionId: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "promotion",
    fields: ["id", "rules.id", "rules.description", "rules.attribute", "rules.operator", "rules.created_at", "rules.values.value"],
    filters: { id: promotionId },
  })
  const rules = (data[0]?.rules ?? [])
    .filter((r: any) => r?.attribute === SEGMENT_RULE_ATTRIBUTE)
    .sort((a: any, b: any) => String(a.created_at ?? a.id).localeCompare(String(b.created_at ?? b.id)))
  if (!rules.length) return []

  const ids = [...new Set(rules.flatMap((r: any) => (r.values ?? []).map((v: any) => v.value as string)))]
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const segments = await service.listSegments({ id: ids }, { select: ["id", "name"] })
  const names = new Map(segments.map((s: any) => [s.id, s.name as string]))
  const operatorLabel = (op: string) => SEGMENT_RULE_ATTRIBUTE_OPTION.operators.find((o) => o.value === op)?.label ?? op

  return rules.map((r: any) => ({
    ...SEGMENT_RULE_ATTRIBUTE_OPTION,
    id: r.id,
    description: r.description ?? null,
    attribute: r.attribute,
    operator: r.operator,
    // A deleted segment keeps its id as the label, as core does for values it cannot name.
    values: (r.values ?? []).map((v: any) => ({ value: v.value, label: names.get(v.value) ?? v.value })),
    attribute_label: SEGMENT_RULE_ATTRIBUTE_OPTION.label,
    operator_label: operatorLabel(r.operator),
  }))
}
