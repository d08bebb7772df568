import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { refreshCartItemsWorkflow } from "@medusajs/medusa/core-flows"
import { GROUP_RULE } from "./plan-segment-price-list"

export const refreshOpenCartPricesStepId = "refresh-open-cart-prices"

const CUSTOMER_CHUNK = 500
const CART_PAGE = 200
const ATTEMPTS = 5

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * After customers entered or left a customer group that a price list targets,
 * recomputes the prices of their open carts (no `completed_at`, with items)
 * through Medusa's `refreshCartItemsWorkflow` with `force_refresh`, which also
 * recomputes promotions, taxes and the payment collection. Does nothing when
 * no price list names the group. A cart locked by the customer's own request
 * is retried a few times, then logged and skipped. Nothing to compensate: a
 * recomputation is idempotent.
 */
export const refreshOpenCartPricesStep = createStep(
  refreshOpenCartPricesStepId,
  async (input: { group_id: string | null; customer_ids: string[] }, { container }) => {
    const result = { carts: 0, refreshed: 0, failed: 0, priced: false }
    const customerIds = [...new Set(input.customer_ids ?? [])]
    if (!input.group_id || !customerIds.length) return new StepResponse(result)
    const rules = await container.resolve(Modules.PRICING).listPriceListRules({ attribute: GROUP_RULE } as any, { select: ["value"], take: null })
    result.priced = rules.some((r: any) => (Array.isArray(r.value) ? r.value : [r.value]).includes(input.group_id))
    if (!result.priced) return new StepResponse(result)

    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    for (let i = 0; i < customerIds.length; i += CUSTOMER_CHUNK) {
      const chunk = customerIds.slice(i, i + CUSTOMER_CHUNK)
      let after: string | null = null
      for (;;) {
        const filters: Record<string, unknown> = { customer_id: chunk, completed_at: null }
        if (after) filters.id = { $gt: after }
        const { data: carts } = await query.graph({
          entity: "cart",
          fields: ["id", "items.id"],
          filters,
          pagination: { take: CART_PAGE, order: { id: "ASC" } },
        })
        if (!carts.length) break
        after = carts[carts.length - 1].id
        for (const cart of carts as any[]) {
          if (!cart.items?.length) continue
          result.carts++
          for (let attempt = 1; ; attempt++) {
            try {
              await refreshCartItemsWorkflow(container).run({ input: { cart_id: cart.id, force_refresh: true } })
              result.refreshed++
              break
            } catch (e) {
              if (attempt < ATTEMPTS) {
                await sleep(200 * attempt)
                continue
              }
              result.failed++
              logger.warn(`customer segments: could not recompute the prices of cart ${cart.id}: ${(e as Error).message}`)
              break
            }
          }
        }
        if (carts.length < CART_PAGE) break
      }
    }
    return new StepResponse(result)
  }
)
