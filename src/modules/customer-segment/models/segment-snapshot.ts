import { model } from "@medusajs/framework/utils"

/** The size of a segment after a refresh, for its evolution chart. */
const SegmentSnapshot = model
  .define(
    { tableName: "customer_segment_snapshot", name: "CustomerSegmentSnapshot" },
    {
      id: model.id({ prefix: "csegs" }).primaryKey(),
      segment_id: model.text(),
      at: model.dateTime(),
      size: model.number(),
      added: model.number(),
      removed: model.number(),
      manual: model.number(),
    }
  )
  .indexes([{ on: ["segment_id", "at"] }])

export default SegmentSnapshot
