import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../modules/customer-segment/service"
import { linkGuestProductViewsWorkflow } from "../../../../workflows/behaviour/link-guest-product-views"
import { BEHAVIOUR_CHANGED_EVENT } from "../../../../workflows/behaviour/events"
import { assertVisible, readProductAttributesCached } from "../../../../workflows/behaviour/utils/read-product-attributes"
import type { StoreSegmentEventType } from "./validators"

/**
 * Storefront events. `product_viewed` records a view for the logged-in
 * customer (from the session or token, never from the body), or for a guest
 * under their anonymous id / cart id, linked to the customer later. `identify`
 * (logged in) makes the views of a guest id the customer's.
 *
 * A view is the hot path (one cached product read, one statement that inserts
 * the view and links the guest's earlier views), so it calls the service directly
 * rather than a workflow: each statement stands alone, nothing to compensate.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreSegmentEventType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const auth = req.auth_context
  const customerId = auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
  const guestId = body.anonymous_id ?? body.cart_id ?? null
  const guestIds = [body.anonymous_id, body.cart_id].filter((id): id is string => !!id)

  if (body.type === "identify") {
    if (!customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "identify needs a logged-in customer")
    if (!guestIds.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "identify needs anonymous_id or cart_id")
    const { result } = await linkGuestProductViewsWorkflow(req.scope).run({
      input: { owner: { anonymous_ids: guestIds, customer_id: customerId } },
    })
    res.json({ event: { type: "identify", linked: result.linked } })
    return
  }

  if (!customerId && !guestId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "a guest's product_viewed needs anonymous_id or cart_id")
  }
  const product = assertVisible(
    await readProductAttributesCached(req.scope, body.product_id),
    body.product_id,
    (req as any).publishable_key_context?.sales_channel_ids
  )
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const { sales_channel_ids: _, ...attributes } = product
  const view = await service.recordProductView(
    {
      ...attributes,
      customer_id: customerId,
      // a logged-in customer's view keeps the guest id too, so earlier guest views can follow
      anonymous_id: guestId,
      viewed_at: new Date(),
    },
    // a logged-in view that names guest ids takes over their unowned views, in the same statement
    { link_anonymous_ids: customerId ? guestIds : [] }
  )
  if (customerId) {
    // realtime segments follow (the subscriber checks whether any segment reads views)
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: BEHAVIOUR_CHANGED_EVENT, data: { customer_ids: [customerId] } })
  }
  res.status(201).json({
    event: { id: view.id, type: "product_viewed", product_id: product.product_id, viewed_at: view.viewed_at, customer: !!customerId, linked: view.linked },
  })
}
