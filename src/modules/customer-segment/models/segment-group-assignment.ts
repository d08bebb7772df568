import { model } from "@medusajs/framework/utils"

/**
 * The plugin added `customer_id` to `customer_group_id` because the customer
 * entered segment `segment_id`. Customers the merchant put in a group by hand
 * have no row, so the plugin never removes them. One row per (segment, group,
 * customer).
 */
const SegmentGroupAssignment = model
  .define(
    { tableName: "customer_segment_group_assignment", name: "CustomerSegmentGroupAssignment" },
    {
      id: model.id({ prefix: "csegga" }).primaryKey(),
      segment_id: model.text(),
      customer_group_id: model.text(),
      customer_id: model.text(),
    }
  )
  .indexes([
    { on: ["segment_id", "customer_group_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_group_id", "customer_id"], where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
  ])

export default SegmentGroupAssignment
