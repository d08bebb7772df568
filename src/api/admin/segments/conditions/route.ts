import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { describeCatalogue } from "../../../../modules/customer-segment/conditions"

/** The condition catalogue (fields, types, operators, params) for builders. */
export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(describeCatalogue())
}
