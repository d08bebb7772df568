import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { SegmentPriceRuleData } from "./validate-segment-price-rule"

export const updateSegmentPriceRulesStepId = "update-customer-segment-price-rules"

const FIELDS = ["percentage", "product_ids", "collection_ids", "category_ids", "type_ids", "tag_ids", "currency_codes", "region_ids"]

/** Changes price rules; the compensation puts back the fields they had. */
export const updateSegmentPriceRulesStep = createStep(
  updateSegmentPriceRulesStepId,
  async (input: Array<SegmentPriceRuleData & { id: string }>, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const before = await service.listSegmentPriceRules({ id: input.map((r) => r.id) }, { select: ["id", ...FIELDS] as any })
    const rules = await service.updateSegmentPriceRules(input as any)
    return new StepResponse(rules, before)
  },
  async (before, { container }) => {
    if (!before?.length) return
    await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).updateSegmentPriceRules(before as any)
  }
)
