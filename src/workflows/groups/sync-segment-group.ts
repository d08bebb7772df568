import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { linkCustomersToCustomerGroupWorkflow } from "@medusajs/medusa/core-flows"
import { acquireCustomerLocksStep } from "../realtime/steps/acquire-customer-locks"
import { releaseCustomerLocksStep } from "../realtime/steps/release-customer-locks"
import { newRunIdStep } from "../segments/steps/new-run-id"
import { planSegmentGroupSyncStep } from "./steps/plan-segment-group-sync"
import { recordGroupAssignmentsStep } from "./steps/record-group-assignments"
import { resolveSegmentGroupStep } from "./steps/resolve-segment-group"
import { refreshCustomerCartPromotionsWorkflow } from "../promotions/refresh-customer-cart-promotions"
import { refreshOpenCartPricesStep } from "../prices/steps/refresh-open-cart-prices"

export type SyncSegmentGroupWorkflowInput = {
  segment_id: string
  /** customers who joined or left the segment (the membership events' payload) */
  customer_ids: string[]
}

export const syncSegmentGroupWorkflowId = "sync-customer-segment-group"

/**
 * Moves customers into or out of the segment's `customer_group_id` after they
 * joined or left it, through Medusa's `linkCustomersToCustomerGroupWorkflow`
 * (its compensation undoes the move when a later step fails). Runs under a lock
 * on the group, so two segments feeding one group never race, and diffs
 * against the group's current members, so no one is added twice.
 */
export const syncSegmentGroupWorkflow = createWorkflow(syncSegmentGroupWorkflowId, (input: SyncSegmentGroupWorkflowInput) => {
  const target = resolveSegmentGroupStep(transform({ input }, ({ input }) => ({ segment_id: input.segment_id })))
  // Every segment feeding one group takes the same lock: their moves never interleave.
  const owner = newRunIdStep()
  const lock = transform({ input, target, owner }, ({ input, target, owner }) => ({
    keys: [target.group_id ? `customer_segment:group:${target.group_id}` : `customer_segment:segment-group:${input.segment_id}`],
    owner_id: owner,
  }))
  acquireCustomerLocksStep(transform({ lock }, ({ lock }) => ({ ...lock, timeout: 60, ttl: 120 })))
  const plan = planSegmentGroupSyncStep(input)
  const recorded = recordGroupAssignmentsStep(
    transform({ plan }, ({ plan }) => ({ segment_id: plan.segment_id, group_id: plan.group_id, assign: plan.assign, unassign: plan.unassign }))
  )
  when({ plan }, ({ plan }) => !!plan.group_id && plan.add.length + plan.remove.length > 0).then(() => {
    linkCustomersToCustomerGroupWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({ id: plan.group_id!, add: plan.add, remove: plan.remove })),
    })
    // Group-based promotions must see the new group: the membership event's own cart refresh may have run first.
    refreshCustomerCartPromotionsWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({ customer_ids: [...plan.add, ...plan.remove] })),
    })
    // A price list on the group (segment prices, or the merchant's own) changes the carts' prices too.
    refreshOpenCartPricesStep(transform({ plan }, ({ plan }) => ({ group_id: plan.group_id, customer_ids: [...plan.add, ...plan.remove] })))
  })
  releaseCustomerLocksStep(lock)
  return new WorkflowResponse({ plan, recorded })
})
