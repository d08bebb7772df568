import { z } from "@medusajs/framework/zod"

export const AdminRebuildSegmentActivity = z.strictObject({
  /** customers per batch (default 500) */
  batch_size: z.number().int().min(1).max(5000).optional(),
})
export type AdminRebuildSegmentActivityType = z.infer<typeof AdminRebuildSegmentActivity>
