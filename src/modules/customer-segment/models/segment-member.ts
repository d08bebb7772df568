import { model } from "@medusajs/framework/utils"
import Segment from "./segment"

/** One row per (segment, customer). `manual` members survive refreshes. */
const SegmentMember = model
  .define(
    { tableName: "customer_segment_member", name: "CustomerSegmentMember" },
    {
      id: model.id({ prefix: "csegm" }).primaryKey(),
      segment: model.belongsTo(() => Segment, { mappedBy: "members" }),
      customer_id: model.text(),
      source: model.enum(["auto", "manual"]).default("auto"),
      added_at: model.dateTime(),
    }
  )
  .indexes([
    { on: ["segment_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
  ])

export default SegmentMember
