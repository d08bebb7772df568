import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const pruneProductViewsStepId = "prune-customer-segment-product-views"

const BATCH = 10_000

/**
 * Deletes views older than the retention (plugin option view_retention_days)
 * in batches of 10,000, each its own short transaction, so a large backlog
 * never holds one long lock. Nothing to undo: old views are meant to go.
 */
export const pruneProductViewsStep = createStep(pruneProductViewsStepId, async (input: { now?: Date | string }, { container }) => {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const days = service.getOptions().view_retention_days
  const now = input.now ? new Date(input.now) : new Date()
  const before = new Date(now.getTime() - days * 86_400_000)
  let deleted = 0
  for (;;) {
    const n = await service.pruneProductViews(before, BATCH)
    deleted += n
    if (n < BATCH) break
  }
  return new StepResponse({ deleted, before: before.toISOString(), retention_days: days })
})
