import { model } from "@medusajs/framework/utils"

/**
 * Per-customer profile that segment evaluation reads. `id` is the Medusa
 * customer id. Recomputed from Medusa's data, never incremented.
 */
const CustomerActivity = model
  .define(
    { tableName: "customer_segment_activity", name: "CustomerActivity" },
    {
      id: model.id().primaryKey(),
      email: model.text().nullable(),
      email_domain: model.text().nullable(),
      first_name: model.text().nullable(),
      last_name: model.text().nullable(),
      company_name: model.text().nullable(),
      phone: model.text().nullable(),
      has_account: model.boolean().default(false),
      customer_created_at: model.dateTime().nullable(),
      group_ids: model.array().default([]),
      customer_metadata: model.json().nullable(),
      // shipping: default shipping address, else the last order's
      ship_country_code: model.text().nullable(),
      ship_province: model.text().nullable(),
      ship_city: model.text().nullable(),
      ship_postal_code: model.text().nullable(),
      // billing: default billing address, else the last order's
      bill_country_code: model.text().nullable(),
      bill_province: model.text().nullable(),
      bill_city: model.text().nullable(),
      bill_postal_code: model.text().nullable(),
      // every address the customer has or used on an order
      any_country_codes: model.array().default([]),
      any_provinces: model.array().default([]),
      any_cities: model.array().default([]),
      any_postal_codes: model.array().default([]),
      // what the customer's orders used (drafts excluded)
      promotion_codes: model.array().default([]),
      payment_providers: model.array().default([]),
      shipping_options: model.array().default([]),
      region_ids: model.array().default([]),
      sales_channel_ids: model.array().default([]),
      currency_codes: model.array().default([]),
      // newest cart without an order
      cart_id: model.text().nullable(),
      cart_subtotal: model.bigNumber().nullable(),
      cart_item_count: model.number().nullable(),
      cart_product_ids: model.array().default([]),
      cart_updated_at: model.dateTime().nullable(),
      // Summary of the facts (lib/activity-summary.ts), written with them: the
      // commonest order and purchase conditions read these columns instead of
      // grouping every fact. Orders and purchases that are not canceled.
      orders_count: model.number().default(0),
      orders_first_at: model.dateTime().nullable(),
      orders_last_at: model.dateTime().nullable(),
      // { "<currency, lower-case>": { "n": count, "s": exact sum of totals } }
      orders_by_currency: model.json().nullable(),
      purchased_product_ids: model.array().default([]),
      computed_at: model.dateTime(),
    }
  )
  .indexes([
    { on: ["email_domain"] },
    { on: ["ship_country_code"] },
    { on: ["cart_updated_at"], where: "cart_id IS NOT NULL" },
  ])

export default CustomerActivity
