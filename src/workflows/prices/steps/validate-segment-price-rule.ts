import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const validateSegmentPriceRuleStepId = "validate-customer-segment-price-rule"

export type SegmentPriceRuleData = {
  percentage?: number
  product_ids?: string[] | null
  collection_ids?: string[] | null
  category_ids?: string[] | null
  type_ids?: string[] | null
  tag_ids?: string[] | null
  currency_codes?: string[] | null
  region_ids?: string[] | null
}

export type ValidateSegmentPriceRuleInput = { segment_id: string; rule_id?: string; data: SegmentPriceRuleData }

const ENTITIES: Array<[keyof SegmentPriceRuleData, string, string]> = [
  ["product_ids", "product", "product"],
  ["collection_ids", "product_collection", "collection"],
  ["category_ids", "product_category", "category"],
  ["type_ids", "product_type", "product type"],
  ["tag_ids", "product_tag", "product tag"],
  ["region_ids", "region", "region"],
]

/**
 * A 404 for an unknown segment or rule, a 400 naming the first unknown id
 * (`collection_ids: unknown collection pcol_x`) or a percentage out of
 * (0, 100]. Currencies must be ones the store supports. Reads only.
 */
export const validateSegmentPriceRuleStep = createStep(
  validateSegmentPriceRuleStepId,
  async (input: ValidateSegmentPriceRuleInput, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [segment] = await service.listSegments({ id: input.segment_id }, { select: ["id"], take: 1 })
    if (!segment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${input.segment_id} was not found`)
    if (input.rule_id) {
      const [rule] = await service.listSegmentPriceRules({ id: input.rule_id, segment_id: input.segment_id }, { select: ["id"], take: 1 })
      if (!rule) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Price rule with id: ${input.rule_id} was not found in segment ${input.segment_id}`)
    }
    const { data } = input
    if (data.percentage !== undefined && !(data.percentage > 0 && data.percentage <= 100)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `percentage: must be more than 0 and at most 100 (got ${data.percentage})`)
    }
    for (const [key, entity, label] of ENTITIES) {
      const ids = data[key] as string[] | null | undefined
      if (!ids?.length) continue
      const { data: found } = await query.graph({ entity, fields: ["id"], filters: { id: ids } })
      const known = new Set(found.map((f: any) => f.id))
      const unknown = ids.filter((id) => !known.has(id))
      if (unknown.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${key}: unknown ${label} ${unknown.join(", ")}`)
    }
    if (data.currency_codes?.length) {
      const [store] = await container.resolve(Modules.STORE).listStores({}, { relations: ["supported_currencies"], take: 1 })
      const supported = new Set((store?.supported_currencies ?? []).map((c: any) => c.currency_code.toLowerCase()))
      const unknown = data.currency_codes.filter((c) => !supported.has(c))
      if (unknown.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `currency_codes: ${unknown.join(", ")} is not a currency of the store`)
      }
    }
    return new StepResponse(input)
  }
)
