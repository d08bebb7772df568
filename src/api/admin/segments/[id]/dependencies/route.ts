import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchSegment } from "../../helpers"
import { segmentDependencies } from "./helpers"

/**
 * What depends on the segment: promotions whose rules name it, the customer
 * group it moves members into, the price lists of that group, and segments
 * whose conditions read its membership. The admin names them before a
 * delete or deactivation.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const segment = await refetchSegment(req.scope, req.params.id, ["id", "customer_group_id"])
  res.json({ dependencies: await segmentDependencies(req.scope, segment.id, segment.customer_group_id ?? null) })
}
