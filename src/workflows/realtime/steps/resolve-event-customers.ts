import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const resolveEventCustomersStepId = "resolve-customer-segment-event-customers"

export type ResolveEventCustomersInput = {
  customer_ids?: string[]
  order_ids?: string[]
  payment_ids?: string[]
  cart_ids?: string[]
  /** ids of customer_group_customer rows (the customer module's membership events) */
  group_membership_ids?: string[]
  /**
   * a group membership was removed: Medusa's event names only the deleted
   * row, so find the customers whose recorded groups differ from Medusa's
   */
  reconcile_groups?: boolean
}

export type ResolvedEventCustomers = {
  /** every customer the event touches, existing or not */
  customer_ids: string[]
  /** customers that exist in Medusa */
  existing: string[]
  /** customers that no longer exist (deleted): they leave every segment */
  gone: string[]
}

const uniq = (ids: Array<string | null | undefined>) => [...new Set(ids.filter((id): id is string => !!id))]

const PAGE = 500

/** Customers whose groups in the activity data are not their groups in Medusa, in keyset pages. */
async function changedGroupCustomers(container: any): Promise<string[]> {
  const service = container.resolve(CUSTOMER_SEGMENT_MODULE) as CustomerSegmentModuleService
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const changed: string[] = []
  let after: string | null = null
  for (;;) {
    const page = await service.listGroupedCustomersPage(after, PAGE)
    if (!page.length) break
    after = page[page.length - 1].id
    const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: page.map((p) => p.id) } })
    const actual = new Map<string, Set<string>>(data.map((c: any) => [c.id, new Set<string>((c.groups ?? []).map((g: any) => g?.id))]))
    for (const row of page) {
      const now = actual.get(row.id)
      if (!now || now.size !== row.group_ids.length || row.group_ids.some((g) => !now.has(g))) changed.push(row.id)
    }
    if (page.length < PAGE) break
  }
  return changed
}

/**
 * Turns what an event names (an order, a payment, a cart, a group membership
 * or a customer) into customer ids, through Query. Reads only.
 */
export const resolveEventCustomersStep = createStep(
  resolveEventCustomersStepId,
  async (input: ResolveEventCustomersInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const ids: Array<string | null | undefined> = [...(input.customer_ids ?? [])]

    const orderIds = uniq(input.order_ids ?? [])
    const paymentIds = uniq(input.payment_ids ?? [])
    const cartIds = uniq(input.cart_ids ?? [])
    const membershipIds = uniq(input.group_membership_ids ?? [])
    const reads: Promise<void>[] = []
    if (orderIds.length) {
      reads.push(
        query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: orderIds } }).then(({ data }) => {
          ids.push(...data.map((o: any) => o.customer_id))
        })
      )
    }
    if (cartIds.length) {
      reads.push(
        query.graph({ entity: "cart", fields: ["id", "customer_id"], filters: { id: cartIds } }).then(({ data }) => {
          ids.push(...data.map((c: any) => c.customer_id))
        })
      )
    }
    if (paymentIds.length) {
      reads.push(
        query
          .graph({
            entity: "payment",
            fields: ["id", "payment_collection.order.customer_id", "payment_collection.cart.customer_id"],
            filters: { id: paymentIds },
          })
          .then(({ data }) => {
            for (const p of data as any[]) {
              ids.push(p.payment_collection?.order?.customer_id, p.payment_collection?.cart?.customer_id)
            }
          })
      )
    }
    if (membershipIds.length) {
      reads.push(
        (async () => {
          const customerModule: any = container.resolve("customer")
          const rows = await customerModule.listCustomerGroupCustomers({ id: membershipIds }, { select: ["id", "customer_id"] })
          ids.push(...rows.map((r: any) => r.customer_id))
        })()
      )
    }
    if (input.reconcile_groups) reads.push(changedGroupCustomers(container).then((changed) => void ids.push(...changed)))
    await Promise.all(reads)

    const customerIds = uniq(ids)
    if (!customerIds.length) return new StepResponse<ResolvedEventCustomers>({ customer_ids: [], existing: [], gone: [] })
    const { data: found } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: customerIds } })
    const known = new Set(found.map((c: any) => c.id))
    return new StepResponse<ResolvedEventCustomers>({
      customer_ids: customerIds,
      existing: customerIds.filter((id) => known.has(id)),
      gone: customerIds.filter((id) => !known.has(id)),
    })
  }
)
