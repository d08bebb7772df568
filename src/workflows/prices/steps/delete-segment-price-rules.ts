import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const deleteSegmentPriceRulesStepId = "delete-customer-segment-price-rules"

/** Soft-deletes price rules (by id, or all of some segments); the compensation restores them. */
export const deleteSegmentPriceRulesStep = createStep(
  deleteSegmentPriceRulesStepId,
  async (input: { ids?: string[]; segment_ids?: string[] }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const filters: Record<string, string[]> = {}
    if (input.ids) filters.id = input.ids
    if (input.segment_ids) filters.segment_id = input.segment_ids
    if (!input.ids?.length && !input.segment_ids?.length) return new StepResponse([] as string[], [] as string[])
    const rules = await service.listSegmentPriceRules(filters, { select: ["id"], take: null })
    const ids = rules.map((r: any) => r.id as string)
    if (ids.length) await service.softDeleteSegmentPriceRules(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).restoreSegmentPriceRules(ids)
  }
)
