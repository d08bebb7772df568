import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../../../hooks/segment-promotion-context"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { referencedSegmentIds } from "../../../../../modules/customer-segment/conditions"

/** The price-list rule attribute Medusa uses for customer groups. */
const GROUP_ATTRIBUTE = "customer.groups.id"

export type SegmentDependencies = {
  promotions: Array<{ id: string; code: string | null; status: string; is_automatic: boolean; operator: string }>
  customer_groups: Array<{ id: string; name: string | null }>
  price_lists: Array<{ id: string; title: string; status: string; customer_group_id: string }>
  segments: Array<{ id: string; name: string }>
}

export async function segmentDependencies(
  container: MedusaContainer,
  segmentId: string,
  groupId: string | null
): Promise<SegmentDependencies> {
  const promotionModule = container.resolve(Modules.PROMOTION)
  const pricingModule = container.resolve(Modules.PRICING)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)

  // `attribute` is a column of promotion_rule, filterable though the DTO type omits it.
  const rules = await promotionModule.listPromotionRules({ attribute: SEGMENT_RULE_ATTRIBUTE } as any, {
    relations: ["values", "promotions"],
  })
  const promotions = new Map<string, SegmentDependencies["promotions"][number]>()
  for (const rule of rules as any[]) {
    if (!(rule.values ?? []).some((v: any) => v.value === segmentId)) continue
    for (const p of rule.promotions ?? []) {
      promotions.set(p.id, { id: p.id, code: p.code ?? null, status: p.status, is_automatic: !!p.is_automatic, operator: rule.operator })
    }
  }

  let customerGroups: SegmentDependencies["customer_groups"] = []
  let priceLists: SegmentDependencies["price_lists"] = []
  if (groupId) {
    const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id", "name"], filters: { id: groupId } })
    customerGroups = groups.map((g: any) => ({ id: g.id, name: g.name ?? null }))
    const listRules = await pricingModule.listPriceListRules({ attribute: GROUP_ATTRIBUTE } as any, { relations: ["price_list"] })
    const lists = new Map<string, SegmentDependencies["price_lists"][number]>()
    for (const r of listRules as any[]) {
      const values = Array.isArray(r.value) ? r.value : [r.value]
      if (!r.price_list || !values.includes(groupId)) continue
      lists.set(r.price_list.id, { id: r.price_list.id, title: r.price_list.title, status: r.price_list.status, customer_group_id: groupId })
    }
    priceLists = [...lists.values()]
  }

  const others = await service.listSegments({ membership: "rules" }, { select: ["id", "name", "conditions"] })
  const segments = (others as any[])
    .filter((s) => s.id !== segmentId && s.conditions && safeRefs(s.conditions).includes(segmentId))
    .map((s) => ({ id: s.id, name: s.name }))

  return { promotions: [...promotions.values()], customer_groups: customerGroups, price_lists: priceLists, segments }
}

function safeRefs(conditions: unknown): string[] {
  try {
    return referencedSegmentIds(conditions as any)
  } catch {
    return []
  }
}
