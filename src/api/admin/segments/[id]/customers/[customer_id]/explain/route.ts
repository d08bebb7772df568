import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../../../modules/customer-segment/service"
import { resolveDefaultCurrency } from "../../../../../../../workflows/segments/steps/resolve-evaluation-clock"

/** Why a customer is in the segment, or not: every rule with its verdict and the customer's value, and the join/leave log. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name", "has_account"],
    filters: { id: req.params.customer_id },
  })
  const customer = data[0]
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${req.params.customer_id} was not found`)
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const explanation = await service.explainMembership(req.params.id, customer.id, {
    now: new Date(),
    defaultCurrency: await resolveDefaultCurrency(req.scope),
  })
  res.json({ explanation: { ...explanation, customer } })
}
