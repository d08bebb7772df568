import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const resolveGuestViewOwnersStepId = "resolve-customer-segment-guest-view-owners"

export type GuestViewOwner = { anonymous_ids: string[]; customer_id: string }

export type ResolveGuestViewOwnersInput = {
  /** carts that now have a customer (cart.customer_transferred): views recorded with the cart id go to it */
  cart_ids?: string[]
  /** placed orders: views recorded with the order's cart id go to the order's customer */
  order_ids?: string[]
  /** a logged-in customer naming their own anonymous ids (the store route) */
  owner?: GuestViewOwner
}

/** Who owns which guest views, read from Medusa's carts and orders through Query. Reads only. */
export const resolveGuestViewOwnersStep = createStep(
  resolveGuestViewOwnersStepId,
  async (input: ResolveGuestViewOwnersInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const owners: GuestViewOwner[] = input.owner ? [input.owner] : []
    if (input.cart_ids?.length) {
      const { data } = await query.graph({ entity: "cart", fields: ["id", "customer_id"], filters: { id: input.cart_ids } })
      for (const c of data as any[]) if (c.customer_id) owners.push({ anonymous_ids: [c.id], customer_id: c.customer_id })
    }
    if (input.order_ids?.length) {
      const { data } = await query.graph({ entity: "order", fields: ["id", "customer_id", "cart.id"], filters: { id: input.order_ids } })
      for (const o of data as any[]) {
        if (o.customer_id && o.cart?.id) owners.push({ anonymous_ids: [o.cart.id], customer_id: o.customer_id })
      }
    }
    return new StepResponse(owners)
  }
)
