import { model } from "@medusajs/framework/utils"

/**
 * One product (optionally one variant) on a customer's wishlist, with the
 * product's attributes at the time it was added, for the wishlist conditions.
 */
const WishlistItem = model
  .define(
    { tableName: "customer_segment_wishlist_item", name: "CustomerWishlistItem" },
    {
      id: model.id({ prefix: "cswl" }).primaryKey(),
      customer_id: model.text(),
      product_id: model.text(),
      variant_id: model.text().nullable(),
      sku: model.text().nullable(),
      collection_id: model.text().nullable(),
      category_ids: model.array().default([]),
      product_metadata: model.json().nullable(),
      added_at: model.dateTime(),
    }
  )
  .indexes([
    // a product, or a variant of it, is on a wishlist once
    { on: ["customer_id", "product_id", "variant_id"], unique: true, where: "variant_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["customer_id", "product_id"], unique: true, where: "variant_id IS NULL AND deleted_at IS NULL" },
    { on: ["customer_id", "added_at"], where: "deleted_at IS NULL" },
    { on: ["product_id", "customer_id"], where: "deleted_at IS NULL" },
    { on: ["sku", "customer_id"], where: "sku IS NOT NULL AND deleted_at IS NULL" },
    { on: ["collection_id", "customer_id"], where: "collection_id IS NOT NULL AND deleted_at IS NULL" },
  ])

export default WishlistItem
