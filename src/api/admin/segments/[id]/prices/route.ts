import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createSegmentPriceRuleWorkflow } from "../../../../../workflows/prices/create-segment-price-rule"
import { AdminCreateSegmentPriceRuleType } from "../../validators"
import { readSegmentPrices } from "./helpers"

/** The segment's price rules, the price list maintained for them and an example price. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await readSegmentPrices(req.scope, req.params.id))
}

/** Adds a price rule (`{ percentage, product_ids?, collection_ids?, ... }`) and computes its prices. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSegmentPriceRuleType>, res: MedusaResponse) => {
  const { result } = await createSegmentPriceRuleWorkflow(req.scope).run({
    input: { segment_id: req.params.id, data: req.validatedBody },
  })
  const prices = await readSegmentPrices(req.scope, req.params.id)
  res.json({ rule: prices.rules.find((r: any) => r.id === (result as any).id), ...prices })
}
