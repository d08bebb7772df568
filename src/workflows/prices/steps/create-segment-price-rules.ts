import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { SegmentPriceRuleData } from "./validate-segment-price-rule"

export const createSegmentPriceRulesStepId = "create-customer-segment-price-rules"

/** Stores price rules; the compensation deletes them. */
export const createSegmentPriceRulesStep = createStep(
  createSegmentPriceRulesStepId,
  async (input: Array<SegmentPriceRuleData & { segment_id: string }>, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const rules: any[] = await service.createSegmentPriceRules(input as any[])
    return new StepResponse(rules, rules.map((r: any) => r.id as string))
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).deleteSegmentPriceRules(ids)
  }
)
