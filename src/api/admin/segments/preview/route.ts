import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../modules/customer-segment/service"
import { resolveDefaultCurrency } from "../../../../workflows/segments/steps/resolve-evaluation-clock"
import { assertReferencedSegments, parseConditionsOrThrow } from "../helpers"
import { AdminPreviewSegmentType } from "../validators"

/** `{ conditions, audience }` → `{ count, sample }`, nothing saved. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewSegmentType>, res: MedusaResponse) => {
  const conditions = parseConditionsOrThrow(req.validatedBody.conditions)
  await assertReferencedSegments(req.scope, conditions)
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const result = await service.previewSegment(
    { conditions, audience: req.validatedBody.audience ?? "all", sample_size: req.validatedBody.sample_size },
    { now: new Date(), defaultCurrency: await resolveDefaultCurrency(req.scope) }
  )
  res.json(result)
}
