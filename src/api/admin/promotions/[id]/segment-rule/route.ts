import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setPromotionSegmentRuleWorkflow } from "../../../../../workflows/promotions/set-promotion-segment-rule"
import { removePromotionSegmentRuleWorkflow } from "../../../../../workflows/promotions/remove-promotion-segment-rule"
import { AdminSetPromotionSegmentRuleType } from "./validators"
import { readPromotionSegmentRule } from "./helpers"

/** The promotion's "customer segment is one of / is not one of" rule, or `{ rule: null }`. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ rule: await readPromotionSegmentRule(req.scope, req.params.id) })
}

/** Sets (creates or changes) the segment rule: `{ operator: "in" | "ne", segment_ids }`. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetPromotionSegmentRuleType>, res: MedusaResponse) => {
  await setPromotionSegmentRuleWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, operator: req.validatedBody.operator, segment_ids: req.validatedBody.segment_ids },
  })
  res.json({ rule: await readPromotionSegmentRule(req.scope, req.params.id) })
}

/** Removes the segment rule. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await removePromotionSegmentRuleWorkflow(req.scope).run({ input: { promotion_id: req.params.id } })
  res.json({ rule: null })
}
