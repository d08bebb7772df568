import { model } from "@medusajs/framework/utils"
import SegmentMember from "./segment-member"

/** A group of customers defined by rules (or by hand), kept current by refreshes. */
const Segment = model
  .define(
    { tableName: "customer_segment", name: "Segment" },
    {
      id: model.id({ prefix: "cseg" }).primaryKey(),
      name: model.text().searchable(),
      handle: model.text(),
      description: model.text().nullable(),
      is_active: model.boolean().default(true),
      membership: model.enum(["rules", "manual"]).default("rules"),
      audience: model.enum(["registered", "all"]).default("all"),
      refresh_mode: model
        .enum(["manual", "daily", "weekly", "monthly", "realtime"])
        .default("daily"),
      conditions: model.json().nullable(),
      customer_group_id: model.text().nullable(),
      leave_group_on_exit: model.boolean().default(true),
      storefront_visible: model.boolean().default(false),
      customer_count: model.number().default(0),
      last_refreshed_at: model.dateTime().nullable(),
      last_refresh_ms: model.number().nullable(),
      last_error: model.text().nullable(),
      last_error_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
      members: model.hasMany(() => SegmentMember, { mappedBy: "segment" }),
    }
  )
  .cascades({ delete: ["members"] })
  .indexes([
    { on: ["handle"], unique: true, where: "deleted_at IS NULL" },
    { on: ["refresh_mode"], where: "deleted_at IS NULL" },
    { on: ["customer_group_id"], where: "deleted_at IS NULL AND customer_group_id IS NOT NULL" },
  ])

export default Segment
