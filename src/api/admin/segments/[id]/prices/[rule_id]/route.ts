import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSegmentPriceRuleWorkflow } from "../../../../../../workflows/prices/delete-segment-price-rule"
import { updateSegmentPriceRuleWorkflow } from "../../../../../../workflows/prices/update-segment-price-rule"
import { AdminUpdateSegmentPriceRuleType } from "../../../validators"
import { readSegmentPrices } from "../helpers"

/** Changes a price rule and recomputes the segment's prices. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateSegmentPriceRuleType>, res: MedusaResponse) => {
  await updateSegmentPriceRuleWorkflow(req.scope).run({
    input: { segment_id: req.params.id, rule_id: req.params.rule_id, data: req.validatedBody },
  })
  const prices = await readSegmentPrices(req.scope, req.params.id)
  res.json({ rule: prices.rules.find((r: any) => r.id === req.params.rule_id), ...prices })
}

/** Removes a price rule; with the last one, the segment's price list goes too. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteSegmentPriceRuleWorkflow(req.scope).run({ input: { segment_id: req.params.id, rule_id: req.params.rule_id } })
  res.json({ id: req.params.rule_id, object: "customer_segment_price_rule", deleted: true, ...(await readSegmentPrices(req.scope, req.params.id)) })
}
