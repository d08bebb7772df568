import { model } from "@medusajs/framework/utils"

/**
 * One product page view from the storefront. A guest's view carries an
 * `anonymous_id` (the storefront's anonymous id or the cart id) and no
 * `customer_id` until it is linked to the customer who logs in or orders.
 * The product's attributes are copied at view time, so conditions on
 * collections, categories and metadata (manufacturer, ...) need no join.
 */
const ProductView = model
  .define(
    { tableName: "customer_segment_product_view", name: "CustomerProductView" },
    {
      id: model.id({ prefix: "cspv" }).primaryKey(),
      customer_id: model.text().nullable(),
      anonymous_id: model.text().nullable(),
      product_id: model.text(),
      collection_id: model.text().nullable(),
      category_ids: model.array().default([]),
      product_metadata: model.json().nullable(),
      viewed_at: model.dateTime(),
    }
  )
  .indexes([
    // a customer's views (snapshots, explanations) and the condition CTEs' per-customer groups
    { on: ["customer_id", "viewed_at"], where: "customer_id IS NOT NULL AND deleted_at IS NULL" },
    // "viewed product X / collection Y" CTEs start from the value
    { on: ["product_id", "customer_id"], where: "customer_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["collection_id", "customer_id"], where: "customer_id IS NOT NULL AND deleted_at IS NULL" },
    // linking a guest's views when they log in or order: only unowned views (a logged-in
    // customer's views keep their anonymous id, and would otherwise grow every link's scan)
    { name: "IDX_customer_segment_product_view_guest", on: ["anonymous_id"], where: "anonymous_id IS NOT NULL AND customer_id IS NULL AND deleted_at IS NULL" },
    // the retention job
    { on: ["viewed_at"] },
  ])

export default ProductView
