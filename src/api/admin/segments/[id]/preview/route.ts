import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { resolveDefaultCurrency } from "../../../../../workflows/segments/steps/resolve-evaluation-clock"
import { assertReferencedSegments, parseConditionsOrThrow, refetchSegment } from "../../helpers"
import { AdminPreviewSegmentType } from "../../validators"

/**
 * An edit before it is saved: `{ conditions, audience }` → who would join and
 * who would leave (`{ count, joining, leaving, sample_joining, sample_leaving }`).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewSegmentType>, res: MedusaResponse) => {
  const segment = await refetchSegment(req.scope, req.params.id, ["id", "audience"])
  const conditions = parseConditionsOrThrow(req.validatedBody.conditions)
  await assertReferencedSegments(req.scope, conditions, req.params.id)
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const result = await service.previewSegmentChange(
    req.params.id,
    { conditions, audience: req.validatedBody.audience ?? segment.audience, sample_size: req.validatedBody.sample_size },
    { now: new Date(), defaultCurrency: await resolveDefaultCurrency(req.scope) }
  )
  res.json(result)
}
