import { z } from "@medusajs/framework/zod"

export const AdminSetPromotionSegmentRule = z.strictObject({
  /** "in": customer segment is one of; "ne": is not one of. */
  operator: z.enum(["in", "ne"]),
  segment_ids: z
    .array(z.string().trim().min(1, "segment_ids must not hold empty ids"))
    .min(1, "segment_ids must name at least one segment")
    .max(100, "segment_ids may name at most 100 segments")
    .transform((ids) => [...new Set(ids)]),
})
export type AdminSetPromotionSegmentRuleType = z.infer<typeof AdminSetPromotionSegmentRule>
