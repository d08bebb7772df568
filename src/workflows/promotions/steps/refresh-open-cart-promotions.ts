import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, PromotionActions } from "@medusajs/framework/utils"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"

export const refreshOpenCartPromotionsStepId = "refresh-open-cart-promotions"

export type RefreshOpenCartPromotionsInput = {
  customer_ids: string[]
}

export type RefreshOpenCartPromotionsOutput = { carts: number; refreshed: number; failed: number }

const CUSTOMER_CHUNK = 500
const CART_PAGE = 200

/**
 * Recomputes the promotions of the open carts (no `completed_at`, with items)
 * of the given customers through Medusa's `updateCartPromotionsWorkflow`, with
 * the cart's own codes and `replace`, as Medusa does when a cart changes.
 * Customers and carts are read in pages. A cart that fails (locked by the
 * customer's own request, which recomputes its promotions anyway) is logged
 * and skipped. Nothing to compensate: a recomputation is idempotent.
 */
export const refreshOpenCartPromotionsStep = createStep(
  refreshOpenCartPromotionsStepId,
  async (input: RefreshOpenCartPromotionsInput, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const customerIds = [...new Set(input.customer_ids ?? [])]
    const result: RefreshOpenCartPromotionsOutput = { carts: 0, refreshed: 0, failed: 0 }
    if (!customerIds.length) return new StepResponse(result)

    for (let i = 0; i < customerIds.length; i += CUSTOMER_CHUNK) {
      const chunk = customerIds.slice(i, i + CUSTOMER_CHUNK)
      let after: string | null = null
      for (;;) {
        const filters: Record<string, unknown> = { customer_id: chunk, completed_at: null }
        if (after) filters.id = { $gt: after }
        const { data: carts } = await query.graph({
          entity: "cart",
          fields: ["id", "items.id", "promotions.code"],
          filters,
          pagination: { take: CART_PAGE, order: { id: "ASC" } },
        })
        if (!carts.length) break
        after = carts[carts.length - 1].id
        for (const cart of carts as any[]) {
          if (!cart.items?.length) continue
          result.carts++
          try {
            await updateCartPromotionsWorkflow(container).run({
              input: {
                cart_id: cart.id,
                promo_codes: (cart.promotions ?? []).map((p: any) => p?.code).filter(Boolean),
                action: PromotionActions.REPLACE,
                force_refresh_payment_collection: true,
              },
            })
            result.refreshed++
          } catch (e) {
            result.failed++
            logger.warn(`customer segments: could not recompute the promotions of cart ${cart.id}: ${(e as Error).message}`)
          }
        }
        if (carts.length < CART_PAGE) break
      }
    }
    return new StepResponse(result)
  }
)
