import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"

/** The logged-in customer's own segments, only those the merchant made storefront-visible. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const rows = await service.listCustomerSegments(customerId, { storefrontOnly: true })
  res.json({ segments: rows.map((s: any) => ({ id: s.id, name: s.name, handle: s.handle, description: s.description })) })
}
