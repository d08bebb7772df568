import { model } from "@medusajs/framework/utils"

/** One row per Medusa order of a customer (drafts excluded). `id` is the order id. */
const OrderFact = model
  .define(
    { tableName: "customer_segment_order_fact", name: "CustomerOrderFact" },
    {
      id: model.id().primaryKey(),
      customer_id: model.text(),
      status: model.text(),
      ordered_at: model.dateTime(),
      total: model.bigNumber(),
      currency_code: model.text(),
      region_id: model.text().nullable(),
      sales_channel_id: model.text().nullable(),
    }
  )
  .indexes([{ on: ["customer_id", "ordered_at"] }])

export default OrderFact
