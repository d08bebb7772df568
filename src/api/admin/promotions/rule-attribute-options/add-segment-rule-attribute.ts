import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SEGMENT_RULE_ATTRIBUTE_OPTION } from "../segment-rule-attribute"

/**
 * Adds "Customer Segment" to core's answer of
 * `GET /admin/promotions/rule-attribute-options/:rule_type` for the promotion's
 * own rules (`rules`), after "Customer Group". Core still computes the list
 * (its attributes depend on the promotion and application-method types), so
 * its entries stay exactly as core makes them; target and buy rules (items,
 * shipping methods) are left alone: a customer's segments say nothing about an item.
 */
export function addSegmentRuleAttribute(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (req.params.rule_type !== "rules") return next()
  const json = res.json.bind(res)
  res.json = (body: any) => {
    if (res.statusCode < 300 && Array.isArray(body?.attributes)) {
      const attributes = body.attributes.filter((a: any) => a?.id !== SEGMENT_RULE_ATTRIBUTE_OPTION.id)
      const after = attributes.findIndex((a: any) => a?.id === "customer_group")
      attributes.splice(after + 1, 0, { ...SEGMENT_RULE_ATTRIBUTE_OPTION, operators: SEGMENT_RULE_ATTRIBUTE_OPTION.operators.map((o) => ({ ...o })) })
      body = { ...body, attributes }
    }
    return json(body)
  }
  next()
}
