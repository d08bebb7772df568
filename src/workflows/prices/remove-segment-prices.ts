import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deletePriceListsWorkflow } from "@medusajs/medusa/core-flows"
import { deleteSegmentPriceRulesStep } from "./steps/delete-segment-price-rules"
import { forgetSegmentPriceListsStep } from "./steps/forget-segment-price-lists"

export const removeSegmentPricesWorkflowId = "remove-customer-segment-prices"

/**
 * Segments are deleted: their price rules go, and their price lists through
 * Medusa's `deletePriceListsWorkflow` (which takes the prices with them).
 */
export const removeSegmentPricesWorkflow = createWorkflow(removeSegmentPricesWorkflowId, (input: { segment_ids: string[] }) => {
  deleteSegmentPriceRulesStep(transform({ input }, ({ input }) => ({ segment_ids: input.segment_ids })))
  const priceListIds = forgetSegmentPriceListsStep(input.segment_ids)
  when({ priceListIds }, ({ priceListIds }) => priceListIds.length > 0).then(() => {
    deletePriceListsWorkflow.runAsStep({ input: transform({ priceListIds }, ({ priceListIds }) => ({ ids: priceListIds })) })
  })
  return new WorkflowResponse(priceListIds)
})
