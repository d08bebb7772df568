import type { ActivityRow } from "../../src/modules/customer-segment/types"

/** An activity row with everything empty but what the test says. */
export function activityRow(id: string, partial: Partial<ActivityRow> = {}): ActivityRow {
  const email = partial.email ?? `${id}@example.com`
  return {
    id,
    email,
    email_domain: email.split("@")[1]?.toLowerCase() ?? null,
    first_name: null,
    last_name: null,
    company_name: null,
    phone: null,
    has_account: true,
    customer_created_at: new Date("2025-01-01T00:00:00Z"),
    group_ids: [],
    customer_metadata: null,
    ship_country_code: null,
    ship_province: null,
    ship_city: null,
    ship_postal_code: null,
    bill_country_code: null,
    bill_province: null,
    bill_city: null,
    bill_postal_code: null,
    any_country_codes: [],
    any_provinces: [],
    any_cities: [],
    any_postal_codes: [],
    promotion_codes: [],
    payment_providers: [],
    shipping_options: [],
    region_ids: [],
    sales_channel_ids: [],
    currency_codes: [],
    cart_id: null,
    cart_subtotal: null,
    cart_item_count: null,
    cart_product_ids: [],
    cart_updated_at: null,
    computed_at: new Date(),
    ...partial,
  }
}
