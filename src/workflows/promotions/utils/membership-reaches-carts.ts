import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { segmentGroupOf } from "../../groups/utils/segment-group-of"
import { SEGMENT_RULE_ATTRIBUTE } from "../../../hooks/segment-promotion-context"

/**
 * Whether a change of `segmentId`'s members can change what a cart shows: some
 * promotion names segments, or the segment moves its members into a customer
 * group (group-based promotions and prices). One or two indexed reads.
 */
export async function membershipReachesCarts(container: MedusaContainer, segmentId: string): Promise<boolean> {
  if (await segmentGroupOf(container, segmentId)) return true
  const promotionModule = container.resolve(Modules.PROMOTION)
  const [segmentRule] = await promotionModule.listPromotionRules({ attribute: SEGMENT_RULE_ATTRIBUTE } as any, { take: 1, select: ["id"] })
  return !!segmentRule
}
