import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const planSegmentPriceListStepId = "plan-customer-segment-price-list"

/** The price list attribute Medusa matches a customer's groups against. */
export const GROUP_RULE = "customer.groups.id"

export type SegmentPriceListPlan = {
  segment_id: string
  /** create: the segment has rules and a group but no price list; update: the list targets another group; delete: no rules or no group any more */
  action: "create" | "update" | "delete" | "keep" | "none"
  price_list_id: string | null
  group_id: string | null
  title: string
  description: string
  started_at: number
}

/**
 * Decides what the segment's price list needs before its prices are
 * recomputed: it exists while the segment exists, has price rules and a
 * customer group, and it is limited to that group. Reads only.
 */
export const planSegmentPriceListStep = createStep(
  planSegmentPriceListStepId,
  async (input: { segment_id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [[segment], rules, [record]] = await Promise.all([
      service.listSegments({ id: input.segment_id }, { select: ["id", "name", "handle", "customer_group_id", "deleted_at"], withDeleted: true, take: 1 }),
      service.listSegmentPriceRules({ segment_id: input.segment_id }, { select: ["id"], take: 1 }),
      service.listSegmentPriceLists({ segment_id: input.segment_id }, { take: 1 }),
    ])
    let groupId: string | null = segment && !segment.deleted_at ? (segment.customer_group_id ?? null) : null
    if (groupId) {
      const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { id: groupId } })
      if (!groups.length) groupId = null
    }
    let priceList: any = null
    if (record?.price_list_id) {
      const lists = await container.resolve(Modules.PRICING).listPriceLists({ id: [record.price_list_id] }, { relations: ["price_list_rules"] })
      priceList = lists[0] ?? null
    }
    const wanted = !!segment && !segment.deleted_at && rules.length > 0 && !!groupId
    let action: SegmentPriceListPlan["action"]
    if (!wanted) action = priceList ? "delete" : "none"
    else if (!priceList) action = "create"
    else {
      const groups = (priceList.price_list_rules ?? []).find((r: any) => r.attribute === GROUP_RULE)?.value ?? []
      const same = Array.isArray(groups) && groups.length === 1 && groups[0] === groupId
      // A merchant's edit of the list's condition, type or status is put back.
      const intact = same && (priceList.price_list_rules ?? []).length === 1 && priceList.type === "sale" && priceList.status === "active"
      action = intact ? "keep" : "update"
    }
    return new StepResponse<SegmentPriceListPlan>({
      segment_id: input.segment_id,
      action,
      price_list_id: priceList?.id ?? null,
      group_id: groupId,
      title: `Segment prices: ${segment?.name ?? input.segment_id}`,
      description: `Maintained by the customer segments plugin for segment "${segment?.handle ?? input.segment_id}" (${input.segment_id}): its prices are recomputed from the segment's price rules, so edit the rules, not these prices.`,
      started_at: Date.now(),
    })
  }
)
