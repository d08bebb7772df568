import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const planSegmentPriceGroupStepId = "plan-customer-segment-price-group"

export type SegmentPriceGroupPlan = {
  segment_id: string
  /** the segment feeds no (existing) customer group: the plugin creates one */
  create: boolean
  name: string
  member_ids: string[]
}

/**
 * Segment prices reach customers through a customer group. A segment that
 * moves its members into none gets one of its own, named after it (group names
 * are unique in Medusa: the handle is added when the name is taken). Reads only.
 */
export const planSegmentPriceGroupStep = createStep(
  planSegmentPriceGroupStepId,
  async (input: { segment_id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [segment] = await service.listSegments({ id: input.segment_id }, { select: ["id", "name", "handle", "customer_group_id"], take: 1 })
    const plan: SegmentPriceGroupPlan = { segment_id: input.segment_id, create: false, name: "", member_ids: [] }
    if (segment.customer_group_id) {
      const { data } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { id: segment.customer_group_id } })
      if (data.length) return new StepResponse(plan)
    }
    const names = [`Segment: ${segment.name}`, `Segment: ${segment.name} (${segment.handle})`]
    const { data: taken } = await query.graph({ entity: "customer_group", fields: ["name"], filters: { name: names } })
    const used = new Set(taken.map((g: any) => g.name))
    plan.create = true
    plan.name = names.find((n) => !used.has(n)) ?? `${names[1]} ${Date.now()}`
    const members = await service.listSegmentMembers({ segment_id: input.segment_id } as any, { select: ["customer_id"], take: null })
    plan.member_ids = members.map((m: any) => m.customer_id)
    return new StepResponse(plan)
  }
)
