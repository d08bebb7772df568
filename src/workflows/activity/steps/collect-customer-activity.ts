import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  CART_FIELDS,
  ComputedActivity,
  computeCustomerActivity,
  CUSTOMER_FIELDS,
  ORDER_FIELDS,
  PRODUCT_FIELDS,
  SourceCart,
  SourceCustomer,
  SourceOrder,
  SourceProduct,
} from "../utils/compute-customer-activity"

export type CollectCustomerActivityStepInput = { customer_ids: string[] }

export const collectCustomerActivityStepId = "collect-customer-activity"

/** Orders come in keyset pages: a customer may have any number of them. */
const ORDER_PAGE = 1000

/**
 * Reads the customers, their non-draft orders, the products those orders
 * bought and their open carts through Query (one query.graph per entity per
 * batch) and computes their activity rows. Reads only: nothing to compensate.
 */
export const collectCustomerActivityStep = createStep(
  collectCustomerActivityStepId,
  async (input: CollectCustomerActivityStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const ids = [...new Set(input.customer_ids ?? [])].filter(Boolean)
    if (!ids.length) {
      return new StepResponse<ComputedActivity>({ customer_ids: [], activities: [], orders: [], purchases: [] })
    }

    // A keyset page of order ids, then those orders with every field: a
    // paginated read of all the fields cost twice as much (the order module
    // paginates its joins in a subquery and counts), 50 ms for one customer's
    // five orders against 27 ms.
    const readOrders = async () => {
      const orders: SourceOrder[] = []
      let after: string | undefined
      for (;;) {
        const { data: page } = await query.graph({
          entity: "order",
          fields: ["id"],
          filters: {
            customer_id: ids,
            is_draft_order: false,
            ...(after ? { id: { $gt: after } } : {}),
          } as any,
          pagination: { take: ORDER_PAGE, order: { id: "ASC" } },
        })
        if (page.length) {
          const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: page.map((o: any) => o.id) } })
          orders.push(...(data as SourceOrder[]))
        }
        if (page.length < ORDER_PAGE) return orders
        after = page[page.length - 1].id
      }
    }

    const [{ data: customers }, orders, { data: carts }] = await Promise.all([
      query.graph({ entity: "customer", fields: CUSTOMER_FIELDS, filters: { id: ids } }),
      readOrders(),
      query.graph({ entity: "cart", fields: CART_FIELDS, filters: { customer_id: ids, completed_at: null } as any }),
    ])

    const productIds = [
      ...new Set(orders.flatMap((o) => (o.items ?? []).map((i) => i?.product_id)).filter(Boolean) as string[]),
    ]
    const products = productIds.length
      ? (await query.graph({ entity: "product", fields: PRODUCT_FIELDS, filters: { id: productIds } })).data
      : []

    const computed = computeCustomerActivity({
      customer_ids: ids,
      customers: customers as SourceCustomer[],
      orders,
      products: products as SourceProduct[],
      carts: carts as SourceCart[],
      computed_at: new Date(),
    })
    return new StepResponse(computed)
  }
)
