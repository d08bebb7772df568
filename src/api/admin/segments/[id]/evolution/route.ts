import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { refetchSegment } from "../../helpers"

/** Snapshots after each refresh, oldest first: the newest 1000 (a daily segment makes 1000 in under three years). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchSegment(req.scope, req.params.id, ["id"])
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const snapshots = await service.listSegmentSnapshots(
    { segment_id: req.params.id },
    // newest first, so that the cap drops the oldest snapshots and not every refresh after the 1000th
    { select: ["at", "size", "added", "removed", "manual"], order: { at: "DESC" }, take: 1000 }
  )
  res.json({ snapshots: snapshots.reverse() })
}
