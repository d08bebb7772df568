import { model } from "@medusajs/framework/utils"

/**
 * The Medusa price list the plugin maintains for a segment's price rules
 * (type `sale`, limited to the segment's customer group), and how its last
 * recomputation went. `group_created`: the plugin created the segment's
 * customer group for it, because the segment had none.
 */
const SegmentPriceList = model
  .define(
    { tableName: "customer_segment_price_list", name: "SegmentPriceList" },
    {
      id: model.id({ prefix: "csegpl" }).primaryKey(),
      segment_id: model.text(),
      price_list_id: model.text().nullable(),
      customer_group_id: model.text().nullable(),
      group_created: model.boolean().default(false),
      price_count: model.number().default(0),
      last_synced_at: model.dateTime().nullable(),
      last_sync_ms: model.number().nullable(),
      last_error: model.text().nullable(),
    }
  )
  .indexes([
    { on: ["segment_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["price_list_id"], where: "deleted_at IS NULL" },
  ])

export default SegmentPriceList
