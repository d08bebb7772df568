import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../../../hooks/segment-promotion-context"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"

export type PromotionSegmentRule = {
  id: string
  operator: "in" | "ne"
  segment_ids: string[]
  /** The segments that exist, with their names (an id without a segment is left out). */
  segments: Array<{ id: string; name: string }>
}

/** The promotion's segment rule (its first, if the core API made several), or null; 404 for an unknown promotion. */
export async function readPromotionSegmentRule(container: MedusaContainer, promotionId: string): Promise<PromotionSegmentRule | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: promotions } = await query.graph({
    entity: "promotion",
    fields: ["id", "rules.id", "rules.attribute", "rules.operator", "rules.created_at", "rules.values.value"],
    filters: { id: promotionId },
  })
  const promotion = promotions[0]
  if (!promotion) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Promotion with id: ${promotionId} was not found`)
  const rule = (promotion.rules ?? [])
    .filter((r: any) => r?.attribute === SEGMENT_RULE_ATTRIBUTE)
    .sort((a: any, b: any) => String(a.created_at ?? a.id).localeCompare(String(b.created_at ?? b.id)))[0] as any
  if (!rule) return null
  const segmentIds: string[] = (rule.values ?? []).map((v: any) => v.value)
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const segments = segmentIds.length ? await service.listSegments({ id: segmentIds }, { select: ["id", "name"] }) : []
  const names = new Map(segments.map((s: any) => [s.id, s.name]))
  return {
    id: rule.id,
    operator: rule.operator,
    segment_ids: segmentIds,
    segments: segmentIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id) as string })),
  }
}
