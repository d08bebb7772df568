import { model } from "@medusajs/framework/utils"

/** One row per order line item, with the product's attributes at compute time. `id` is the line item id. */
const PurchaseFact = model
  .define(
    { tableName: "customer_segment_purchase_fact", name: "CustomerPurchaseFact" },
    {
      id: model.id().primaryKey(),
      customer_id: model.text(),
      order_id: model.text(),
      order_status: model.text(),
      ordered_at: model.dateTime(),
      product_id: model.text().nullable(),
      variant_id: model.text().nullable(),
      sku: model.text().nullable(),
      collection_id: model.text().nullable(),
      type_id: model.text().nullable(),
      category_ids: model.array().default([]),
      tag_ids: model.array().default([]),
      product_metadata: model.json().nullable(),
      quantity: model.number(),
      amount: model.bigNumber(),
      currency_code: model.text(),
    }
  )
  .indexes([
    { on: ["customer_id"] },
    { on: ["product_id", "customer_id"] },
    { on: ["variant_id"] },
    { on: ["collection_id"] },
  ])

export default PurchaseFact
