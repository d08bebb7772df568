/**
 * The real-time baseline of Medusa's `customer-tiers` example, imitated (not
 * copied): on order.placed, a workflow reads the order and its customer's tier
 * through `query.graph`, reads every non-canceled, non-draft order of that
 * customer in the order's currency with `total` (computed at read time from
 * items, shipping and adjustments), sums the totals in JavaScript, picks the
 * highest tier whose threshold the sum reaches and moves the customer to it.
 * The example keeps tiers in a module of its own with a link to the customer;
 * here a tier is a Medusa customer group, and the move is the customer
 * module's group membership (the same two writes: drop the old, add the new).
 * One tier rule per order, where the plugin evaluates 50 segments.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, OrderStatus } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"

export type Tier = { group_id: string; min: number }

type DecideInput = { customer_id: string; current_group_ids: string[]; purchase_value: number; tiers: Tier[] }

/** The highest tier reached (thresholds read like the example's tier rules), then the group move if it changed. */
const applyTierStep = createStep("bench-tier-baseline-apply", async (input: DecideInput, { container }) => {
  const tiers = [...input.tiers].sort((a, b) => b.min - a.min)
  const reached = tiers.find((t) => input.purchase_value >= t.min)?.group_id ?? null
  const tierGroups = new Set(tiers.map((t) => t.group_id))
  const current = input.current_group_ids.find((g) => tierGroups.has(g)) ?? null
  if (current === reached) return new StepResponse({ tier: reached, moved: false })
  const customers = container.resolve(Modules.CUSTOMER)
  if (current) await customers.removeCustomerFromGroup({ customer_id: input.customer_id, customer_group_id: current })
  if (reached) await customers.addCustomerToGroup({ customer_id: input.customer_id, customer_group_id: reached })
  return new StepResponse({ tier: reached, moved: true })
})

export const tierBaselineWorkflow = createWorkflow("bench-tier-baseline-on-order", (input: { order_id: string; tiers: Tier[] }) => {
  const { data: orders } = useQueryGraphStep({
    entity: "order",
    fields: ["id", "currency_code", "customer_id", "customer.groups.id"],
    filters: { id: input.order_id },
    options: { throwIfKeyNotFound: true },
  })
  const { data: history } = useQueryGraphStep({
    entity: "order",
    fields: ["id", "total", "currency_code"],
    filters: transform({ orders }, ({ orders }) => ({
      customer_id: orders[0].customer_id,
      currency_code: orders[0].currency_code,
      status: { $nin: [OrderStatus.CANCELED, OrderStatus.DRAFT] },
    })),
  }).config({ name: "bench-tier-baseline-history" })
  // the example's sum: in JavaScript, over the totals query.graph computed
  const decide = transform({ orders, history, input }, ({ orders, history, input }) => ({
    customer_id: orders[0].customer_id as string,
    current_group_ids: ((orders[0] as any).customer?.groups ?? []).map((g: any) => g.id),
    purchase_value: history.reduce((sum: number, o: any) => sum + Number(o.total ?? 0), 0),
    tiers: input.tiers,
  }))
  return new WorkflowResponse(applyTierStep(decide))
})

/** Three tier groups (bronze 0+, silver 500+, gold 2,000+), created once for the bench. */
export async function createTierGroups(container: MedusaContainer): Promise<Tier[]> {
  const groups = await container.resolve(Modules.CUSTOMER).createCustomerGroups([{ name: "Bench tier bronze" }, { name: "Bench tier silver" }, { name: "Bench tier gold" }])
  return groups.map((g: any, i: number) => ({ group_id: g.id, min: [0, 500, 2000][i] }))
}
