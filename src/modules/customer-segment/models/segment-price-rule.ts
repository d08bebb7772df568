import { model } from "@medusajs/framework/utils"

/**
 * "Members of the segment pay `percentage` % of the original price": for all
 * products (every list empty) or for those in any of the chosen products,
 * collections, categories, types or tags; in all currencies and regions, or
 * only the chosen ones. The plugin realises a segment's rules as one Medusa
 * price list (see SegmentPriceList).
 */
const SegmentPriceRule = model
  .define(
    { tableName: "customer_segment_price_rule", name: "SegmentPriceRule" },
    {
      id: model.id({ prefix: "csegpr" }).primaryKey(),
      segment_id: model.text(),
      percentage: model.float(),
      product_ids: model.json().nullable(),
      collection_ids: model.json().nullable(),
      category_ids: model.json().nullable(),
      type_ids: model.json().nullable(),
      tag_ids: model.json().nullable(),
      currency_codes: model.json().nullable(),
      region_ids: model.json().nullable(),
    }
  )
  .indexes([{ on: ["segment_id"], where: "deleted_at IS NULL" }])

export default SegmentPriceRule
