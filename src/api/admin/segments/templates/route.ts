import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SEGMENT_TEMPLATES } from "../../../../modules/customer-segment/lib/templates"

export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ templates: SEGMENT_TEMPLATES })
}
