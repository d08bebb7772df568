import type { RemoteQueryFunction } from "@medusajs/framework/types"
import {
  CART_FIELDS,
  CUSTOMER_FIELDS,
  ORDER_FIELDS,
  PRODUCT_FIELDS,
  SourceCart,
  SourceCustomer,
  SourceOrder,
  SourceProduct,
} from "./compute-customer-activity"

/** What the activity of a batch of customers is computed from. */
export type ActivitySources = {
  customers: SourceCustomer[]
  orders: SourceOrder[]
  products: SourceProduct[]
  carts: SourceCart[]
}

/** Orders come in keyset pages: a customer may have any number of them. */
const ORDER_PAGE = 1000

/**
 * Reads the customers, their non-draft orders, the products those orders
 * bought and their open carts through Query (one query.graph per entity).
 * The reference reader: it goes through Medusa's modules only, and the SQL
 * reader is tested against it.
 */
export async function readSourcesWithQuery(query: Omit<RemoteQueryFunction, symbol>, ids: string[]): Promise<ActivitySources> {
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

  return {
    customers: customers as SourceCustomer[],
    orders,
    products: products as SourceProduct[],
    carts: carts as SourceCart[],
  }
}
