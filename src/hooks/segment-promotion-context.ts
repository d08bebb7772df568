import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"

/** The promotion-rule attribute that names customer segments. */
export const SEGMENT_RULE_ATTRIBUTE = "customer_segment_ids"

/**
 * Always present in `customer_segment_ids`, so the key exists for customers in
 * no segment, guests and carts without a customer: Medusa drops an automatic
 * promotion whose rule names an attribute missing from the context, whatever
 * the operator, and "is not one of" must hold for them.
 */
export const NO_SEGMENT_SENTINEL = "__none__"

export type SegmentPromotionContext = { [SEGMENT_RULE_ATTRIBUTE]: string[] }

/**
 * What a `setPromotionContext` hook receives: `{ cart }` (cart promotions),
 * `{ order, orderChange }` (draft-order adjustments), `{ order, orderChange,
 * previewedOrder }` (order edits, claims, exchanges) or `{ order, promo_codes }`
 * (draft-order refresh on creation).
 */
export type PromotionContextHookInput = {
  cart?: { id?: string; customer_id?: string | null; customer?: { id?: string | null } | null } | null
  order?: { id?: string; customer_id?: string | null; customer?: { id?: string | null } | null } | null
  previewedOrder?: { customer_id?: string | null } | null
  [key: string]: unknown
}

function customerIdOf(input: PromotionContextHookInput): string | null | undefined {
  for (const holder of [input?.cart, input?.order, input?.previewedOrder as PromotionContextHookInput["order"]]) {
    if (!holder) continue
    if (holder.customer_id) return holder.customer_id
    if (holder.customer?.id) return holder.customer.id
    if ("customer_id" in holder) return null // loaded and empty: a guest
  }
  return undefined // not loaded by the calling workflow
}

/**
 * The context the plugin adds: `{ customer_segment_ids: [...ids of the active
 * segments the customer is in, "__none__"] }`. One indexed query. Use it to
 * combine with a store's own handler:
 *
 * ```ts
 * updateCartPromotionsWorkflow.hooks.setPromotionContext(async (input, { container }) => {
 *   const segments = await getSegmentPromotionContext(input, container)
 *   return new StepResponse({ ...segments, my_tier: "gold" })
 * })
 * ```
 */
export async function getSegmentPromotionContext(
  input: PromotionContextHookInput,
  container: MedusaContainer
): Promise<SegmentPromotionContext> {
  let customerId = customerIdOf(input)
  if (customerId === undefined && input?.order?.id) {
    // Some workflows (draft-order refresh on creation) pass an order without its customer.
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["customer_id"], filters: { id: input.order.id } })
    customerId = data[0]?.customer_id ?? null
  }
  if (!customerId) return { [SEGMENT_RULE_ATTRIBUTE]: [NO_SEGMENT_SENTINEL] }
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const ids = await service.listCustomerSegmentIds(customerId)
  return { [SEGMENT_RULE_ATTRIBUTE]: [...ids, NO_SEGMENT_SENTINEL] }
}

/**
 * The hook handler itself: pass it to `setPromotionContext` of
 * `updateCartPromotionsWorkflow`, `computeDraftOrderAdjustmentsWorkflow` or
 * `computeAdjustmentsForPreviewWorkflow` when the plugin's own registration is
 * off (`register_promotion_hooks: false`).
 */
export async function segmentPromotionContextHandler(
  input: PromotionContextHookInput,
  { container }: { container: MedusaContainer }
) {
  return new StepResponse(await getSegmentPromotionContext(input, container))
}

export default segmentPromotionContextHandler
