import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { GuestViewOwner } from "./resolve-guest-view-owners"

export const linkGuestViewsStepId = "link-customer-segment-guest-views"

/**
 * Gives each owner the views of their anonymous ids that nobody owns yet.
 * Returns the customers who got views; compensation hands the views back to nobody.
 */
export const linkGuestViewsStep = createStep(
  linkGuestViewsStepId,
  async (owners: GuestViewOwner[], { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const linked: string[] = []
    const customers = new Set<string>()
    for (const o of owners) {
      const ids = await service.linkAnonymousViews(o.anonymous_ids, o.customer_id)
      if (ids.length) customers.add(o.customer_id)
      linked.push(...ids)
    }
    return new StepResponse({ customer_ids: [...customers], linked: linked.length }, linked)
  },
  async (linked, { container }) => {
    if (!linked?.length) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).unlinkViews(linked)
  }
)
