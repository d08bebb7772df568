import { model } from "@medusajs/framework/utils"

/**
 * The quintile boundaries the RFM scores were computed with (one row, id
 * "store"): `boundaries` is `{ r: [4 numbers], f: [...], m: [...] }` over the
 * customers with orders (r: last order time in ms since 1970, f: orders, m:
 * spent in `currency_code`), so one customer's scores can be recomputed
 * between two store-wide passes.
 */
const RfmQuintiles = model.define(
  { tableName: "customer_segment_rfm_quintiles", name: "CustomerSegmentRfmQuintiles" },
  {
    id: model.id().primaryKey(),
    currency_code: model.text(),
    boundaries: model.json(),
    customers: model.number(),
    computed_at: model.dateTime(),
  }
)

export default RfmQuintiles
