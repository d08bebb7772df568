import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { editSegmentMembersWorkflow } from "../../../../../workflows/segments/edit-segment-members"
import { refetchSegment } from "../../helpers"
import { AdminEditSegmentMembersType, AdminGetSegmentMembersParamsType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetSegmentMembersParamsType>, res: MedusaResponse) => {
  await refetchSegment(req.scope, req.params.id, ["id"])
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const { q, source, limit, offset, order } = req.validatedQuery as AdminGetSegmentMembersParamsType
  const { rows, count } = await service.listMembersWithCustomers(req.params.id, { q, source }, { limit, offset, order })
  res.json({ customers: rows, count, offset, limit })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminEditSegmentMembersType>, res: MedusaResponse) => {
  const { result } = await editSegmentMembersWorkflow(req.scope).run({
    input: { segment_id: req.params.id, ...req.validatedBody },
  })
  res.json({ added: result.added, removed: result.removed, marked_manual: result.marked_manual, marked_auto: result.marked_auto })
}
