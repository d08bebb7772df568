import { model } from "@medusajs/framework/utils"

/**
 * A customer's RFM scores (1-5 each, by quintiles of the store's customers
 * with orders) and the named group they fall in (lib/rfm.ts). `id` is the
 * Medusa customer id; customers without orders have no row. Rewritten for
 * everyone daily and after the activity build, and for one customer whenever
 * their activity data is recomputed (against the stored quintiles).
 */
const RfmScore = model.define(
  { tableName: "customer_segment_rfm", name: "CustomerSegmentRfmScore" },
  {
    id: model.id().primaryKey(),
    recency_score: model.number(),
    frequency_score: model.number(),
    monetary_score: model.number(),
    rfm_group: model.text(),
    computed_at: model.dateTime(),
  }
)

export default RfmScore
