import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../../modules/customer-segment/service"

/** A refresh run's status: queued, running, succeeded or failed, with its outcome and times. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const run = await service.getRefreshRun(req.params.id, req.params.run_id)
  if (!run) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refresh run ${req.params.run_id} of segment ${req.params.id} was not found`)
  }
  res.json({ refresh_run: run })
}
