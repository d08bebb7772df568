import { PriceListStatus, PriceListType } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createPriceListsWorkflow, deletePriceListsWorkflow, updatePriceListsWorkflow } from "@medusajs/medusa/core-flows"
import { acquireCustomerLocksStep } from "../realtime/steps/acquire-customer-locks"
import { releaseCustomerLocksStep } from "../realtime/steps/release-customer-locks"
import { newRunIdStep } from "../segments/steps/new-run-id"
import { applySegmentPricesStep } from "./steps/apply-segment-prices"
import { finishSegmentPriceSyncStep } from "./steps/finish-segment-price-sync"
import { GROUP_RULE, planSegmentPriceListStep } from "./steps/plan-segment-price-list"
import { recordSegmentPriceListStep } from "./steps/record-segment-price-list"

export type SyncSegmentPricesWorkflowInput = {
  segment_id: string
  /** only these products' prices (after a product or variant event); all when absent */
  product_ids?: string[] | null
  /** prices per write (default 10,000) */
  chunk_size?: number
  /** up to this many prices to write go through Medusa's price-list workflow (default 2,000) */
  workflow_limit?: number
}

export const syncSegmentPricesWorkflowId = "sync-customer-segment-prices"

/**
 * Makes the segment's price list match its price rules: creates the list
 * (type `sale`, limited to the segment's customer group) when the first rule
 * appears, points it at the group the segment feeds now, deletes it when no
 * rule (or no group, or no segment) is left, and recomputes its prices from
 * the variants' original prices. Through Medusa's price-list workflows, so a
 * failure undoes what the run wrote. One run per segment at a time (a lock).
 */
export const syncSegmentPricesWorkflow = createWorkflow(syncSegmentPricesWorkflowId, (input: SyncSegmentPricesWorkflowInput) => {
  const owner = newRunIdStep()
  const lock = transform({ input, owner }, ({ input, owner }) => ({ keys: [`customer_segment:prices:${input.segment_id}`], owner_id: owner }))
  acquireCustomerLocksStep(transform({ lock }, ({ lock }) => ({ ...lock, timeout: 120, ttl: 300 })))
  const plan = planSegmentPriceListStep(transform({ input }, ({ input }) => ({ segment_id: input.segment_id })))

  const created = when("create-segment-price-list", { plan }, ({ plan }) => plan.action === "create").then(() =>
    createPriceListsWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({
        price_lists_data: [
          {
            title: plan.title,
            description: plan.description,
            type: PriceListType.SALE,
            status: PriceListStatus.ACTIVE,
            rules: { [GROUP_RULE]: [plan.group_id!] },
          },
        ],
      })),
    })
  )
  when("retarget-segment-price-list", { plan }, ({ plan }) => plan.action === "update").then(() => {
    updatePriceListsWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({
        price_lists_data: [
          { id: plan.price_list_id!, type: PriceListType.SALE, status: PriceListStatus.ACTIVE, rules: { [GROUP_RULE]: [plan.group_id!] } },
        ],
      })),
    })
  })
  when("delete-segment-price-list", { plan }, ({ plan }) => plan.action === "delete").then(() => {
    deletePriceListsWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ ids: [plan.price_list_id!] })) })
  })

  const priceListId = transform({ plan, created }, ({ plan, created }) => {
    if (plan.action === "create") return (created as any)?.[0]?.id as string
    return plan.action === "delete" || plan.action === "none" ? null : plan.price_list_id
  })
  when("record-segment-price-list", { plan }, ({ plan }) => plan.action !== "none").then(() => {
    recordSegmentPriceListStep(
      transform({ plan, priceListId }, ({ plan, priceListId }) => ({
        segment_id: plan.segment_id,
        set: { price_list_id: priceListId, customer_group_id: plan.group_id },
      }))
    )
  })
  const applied = applySegmentPricesStep(
    transform({ input, priceListId }, ({ input, priceListId }) => ({
      segment_id: input.segment_id,
      price_list_id: priceListId,
      product_ids: input.product_ids ?? null,
      chunk_size: input.chunk_size,
      workflow_limit: input.workflow_limit,
    }))
  )
  finishSegmentPriceSyncStep(
    transform({ plan, priceListId }, ({ plan, priceListId }) => ({ segment_id: plan.segment_id, price_list_id: priceListId, started_at: plan.started_at }))
  )
  releaseCustomerLocksStep(lock)
  return new WorkflowResponse(transform({ plan, priceListId, applied }, ({ plan, priceListId, applied }) => ({ action: plan.action, price_list_id: priceListId, ...applied })))
})
