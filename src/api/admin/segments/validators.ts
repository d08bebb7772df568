import { z } from "@medusajs/framework/zod"
import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"

export const AdminGetSegmentParams = createSelectParams()
export type AdminGetSegmentParamsType = z.infer<typeof AdminGetSegmentParams>

/** Columns a list may be ordered by (`order=name`, `order=-created_at`). */
export const SEGMENT_ORDER_FIELDS = ["name", "handle", "customer_count", "last_refreshed_at", "created_at", "updated_at", "refresh_mode", "membership"] as const
const SEGMENT_ORDER = new RegExp(`^-?(${SEGMENT_ORDER_FIELDS.join("|")})$`)

// Medusa's createFindParams reads limit with parseInt ("1e9" is 1, "-1" is -1): stricter here.
export const queryInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` })

export const AdminGetSegmentsParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    limit: queryInt("limit", 1, 1000).default(20),
    offset: queryInt("offset", 0, 1_000_000_000).default(0),
    order: z
      .string()
      .regex(SEGMENT_ORDER, { error: `order must be one of ${SEGMENT_ORDER_FIELDS.join(", ")}, optionally with a leading "-"` })
      .optional(),
    q: z.string().max(1000).optional(),
    id: z.union([z.string(), z.array(z.string())]).optional(),
    handle: z.union([z.string(), z.array(z.string())]).optional(),
    membership: z.enum(["rules", "manual"]).optional(),
    refresh_mode: z.union([z.enum(["manual", "daily", "weekly", "monthly", "realtime"]), z.array(z.enum(["manual", "daily", "weekly", "monthly", "realtime"]))]).optional(),
    customer_group_id: z.union([z.string(), z.array(z.string())]).optional(),
    is_active: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()).optional(),
  })
)
export type AdminGetSegmentsParamsType = z.infer<typeof AdminGetSegmentsParams>

const SegmentFields = {
  name: z.string().trim().min(1, "name must not be empty").max(255),
  handle: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "handle may only hold lower-case letters, digits and dashes"),
  description: z.string().max(2000).nullable(),
  is_active: z.boolean(),
  membership: z.enum(["rules", "manual"]),
  audience: z.enum(["registered", "all"]),
  refresh_mode: z.enum(["manual", "daily", "weekly", "monthly", "realtime"]),
  // Checked against the condition catalogue in the workflow, with the path of what is wrong.
  conditions: z.unknown(),
  customer_group_id: z.string().min(1).nullable(),
  leave_group_on_exit: z.boolean(),
  storefront_visible: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
}

export const AdminCreateSegment = z.strictObject({
  name: SegmentFields.name,
  handle: SegmentFields.handle.optional(),
  description: SegmentFields.description.optional(),
  is_active: SegmentFields.is_active.optional(),
  membership: SegmentFields.membership.optional(),
  audience: SegmentFields.audience.optional(),
  refresh_mode: SegmentFields.refresh_mode.optional(),
  conditions: SegmentFields.conditions.optional(),
  customer_group_id: SegmentFields.customer_group_id.optional(),
  leave_group_on_exit: SegmentFields.leave_group_on_exit.optional(),
  storefront_visible: SegmentFields.storefront_visible.optional(),
  metadata: SegmentFields.metadata.optional(),
})
export type AdminCreateSegmentType = z.infer<typeof AdminCreateSegment>

// Every field of a create, none required.
export const AdminUpdateSegment = AdminCreateSegment.partial()
export type AdminUpdateSegmentType = z.infer<typeof AdminUpdateSegment>

export const AdminPreviewSegment = z.strictObject({
  conditions: z.unknown(),
  audience: SegmentFields.audience.optional(),
  sample_size: z.number().int().min(0).max(100).optional(),
})
export type AdminPreviewSegmentType = z.infer<typeof AdminPreviewSegment>

export const MAX_MEMBER_BATCH = 10000
const customerIds = (key: string) =>
  z
    .array(z.string().min(1).max(100), { error: "expected a list of customer ids" })
    .max(MAX_MEMBER_BATCH, { error: `${key}: at most ${MAX_MEMBER_BATCH} customer ids at once` })
    .superRefine((ids, ctx) => {
      const seen = new Set<string>()
      ids.forEach((id, i) => {
        // Medusa's error message leaves the path out: it is in the message
        if (seen.has(id)) ctx.addIssue({ code: "custom", path: [i], message: `${key}[${i}]: duplicate customer id ${id}` })
        seen.add(id)
      })
    })
export const AdminEditSegmentMembers = z
  .strictObject({
    add: customerIds("add").optional(),
    remove: customerIds("remove").optional(),
    mark_manual: customerIds("mark_manual").optional(),
    mark_auto: customerIds("mark_auto").optional(),
  })
  .refine((b) => Object.values(b).some((l) => l && l.length), { message: "give at least one of add, remove, mark_manual, mark_auto" })
export type AdminEditSegmentMembersType = z.infer<typeof AdminEditSegmentMembers>

export const AdminGetSegmentMembersParams = z.object({
  q: z.string().max(1000).optional(),
  source: z.enum(["auto", "manual"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(["added_at", "-added_at", "email", "-email", "source", "-source"]).optional(),
})
export type AdminGetSegmentMembersParamsType = z.infer<typeof AdminGetSegmentMembersParams>

export const AdminExportSegmentParams = z.object({
  format: z.enum(["csv", "json", "xml"]).default("csv"),
})
export type AdminExportSegmentParamsType = z.infer<typeof AdminExportSegmentParams>

export const AdminSegmentSalesParams = z.object({
  currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
  within_days: z.coerce.number().int().min(1).max(3650).optional(),
  top_products: z.coerce.number().int().min(0).max(20).default(5),
})
export type AdminSegmentSalesParamsType = z.infer<typeof AdminSegmentSalesParams>

// ---- segment prices ----

const idList = (what: string) =>
  z
    .array(z.string().trim().min(1, `${what} must not hold empty ids`))
    .max(1000, `${what} may name at most 1000 ids`)
    .nullable()
    .transform((ids) => (ids ? [...new Set(ids)] : ids))

const PriceRuleFields = {
  percentage: z
    .number({ message: "percentage must be a number" })
    .gt(0, "percentage must be more than 0")
    .lte(100, "percentage must be at most 100 (a segment price is a share of the original price)"),
  product_ids: idList("product_ids"),
  collection_ids: idList("collection_ids"),
  category_ids: idList("category_ids"),
  type_ids: idList("type_ids"),
  tag_ids: idList("tag_ids"),
  region_ids: idList("region_ids"),
  currency_codes: z
    .array(z.string().trim().toLowerCase().regex(/^[a-z]{3}$/, "currency_codes must hold ISO 4217 codes such as eur"))
    .max(200)
    .nullable()
    .transform((codes) => (codes ? [...new Set(codes)] : codes)),
}

/** A price rule: `percentage` of the original price; the lists, when given, limit it (empty or null: all). */
export const AdminCreateSegmentPriceRule = z.strictObject({
  percentage: PriceRuleFields.percentage,
  product_ids: PriceRuleFields.product_ids.optional(),
  collection_ids: PriceRuleFields.collection_ids.optional(),
  category_ids: PriceRuleFields.category_ids.optional(),
  type_ids: PriceRuleFields.type_ids.optional(),
  tag_ids: PriceRuleFields.tag_ids.optional(),
  region_ids: PriceRuleFields.region_ids.optional(),
  currency_codes: PriceRuleFields.currency_codes.optional(),
})
export type AdminCreateSegmentPriceRuleType = z.infer<typeof AdminCreateSegmentPriceRule>

export const AdminUpdateSegmentPriceRule = AdminCreateSegmentPriceRule.partial()
export type AdminUpdateSegmentPriceRuleType = z.infer<typeof AdminUpdateSegmentPriceRule>

/**
 * POST /admin/segments/:id/refresh. `async: true` hands the refresh to a worker
 * (202 and a run id); no body is the same as `{}`.
 */
export const AdminRefreshSegment = z
  .strictObject({ async: z.boolean({ error: "async must be true or false" }).optional() })
  .optional()
export type AdminRefreshSegmentType = z.infer<typeof AdminRefreshSegment>

/** GET /admin/segments/:id/refresh-runs/:run_id takes no query parameters. */
export const AdminGetSegmentRefreshRunParams = z.strictObject({})
export type AdminGetSegmentRefreshRunParamsType = z.infer<typeof AdminGetSegmentRefreshRunParams>
