import { model } from "@medusajs/framework/utils"

/** Who joined or left a segment, when and why (refresh, realtime, manual). */
const SegmentLog = model
  .define(
    { tableName: "customer_segment_log", name: "CustomerSegmentLog" },
    {
      id: model.id({ prefix: "csegl" }).primaryKey(),
      segment_id: model.text(),
      customer_id: model.text(),
      action: model.enum(["joined", "left"]),
      reason: model.text(),
      run_id: model.text().nullable(),
      at: model.dateTime(),
    }
  )
  .indexes([
    { on: ["segment_id", "at"] },
    { on: ["run_id", "id"], where: "run_id IS NOT NULL" },
    { on: ["customer_id"] },
  ])

export default SegmentLog
