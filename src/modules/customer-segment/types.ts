/** Options a store passes in `plugins: [{ resolve, options }]` (or the module entry). */
export type CustomerSegmentOptions = {
  /** Hour of the day (0-23) at which scheduled refreshes run. Default 2. */
  refresh_hour?: number
  /** IANA time zone for `refresh_hour`, weekly (Sunday) and monthly (day 1). Default "UTC". */
  timezone?: string
  /** Register the promotion-context hook handlers. Default true. */
  register_promotion_hooks?: boolean
  /** Start the activity-data backfill on boot when it has never run. Default true. */
  backfill_on_boot?: boolean
  /**
   * How activity data reads Medusa's customers, orders, products and carts:
   * `"sql"` (default) reads Medusa 2.21's tables directly, about 20 times
   * faster; `"query"` goes through Query and Medusa's modules only (slower,
   * but independent of their table layout).
   */
  activity_source?: "sql" | "query"
  /** Product views older than this many days are deleted by a daily job. Default 365. */
  view_retention_days?: number
  /**
   * Rate limits of POST /store/segments/events, token buckets kept in each
   * server process's memory: `burst` requests at once, then `per_minute`.
   */
  event_rate_limit?: { per_customer?: RateLimit; per_ip?: RateLimit }
  /**
   * A manual refresh of a segment whose last size is above this many customers
   * is handed to a worker (202 and a run id) instead of answered in the request.
   * Default 50,000.
   */
  async_refresh_threshold?: number
  /**
   * A queued or running refresh run whose process has not reported for this
   * many seconds is marked failed ("abandoned"), so the segment can be refreshed
   * again. Default 120.
   */
  refresh_run_stale_seconds?: number
}

export type RateLimit = { burst: number; per_minute: number }

export const DEFAULT_OPTIONS: Required<CustomerSegmentOptions> = {
  refresh_hour: 2,
  timezone: "UTC",
  register_promotion_hooks: true,
  backfill_on_boot: true,
  activity_source: "sql",
  view_retention_days: 365,
  event_rate_limit: { per_customer: { burst: 30, per_minute: 60 }, per_ip: { burst: 120, per_minute: 600 } },
  async_refresh_threshold: 50_000,
  refresh_run_stale_seconds: 120,
}

/** A row of `customer_segment_activity` (the per-customer profile). Amounts are numbers in major units. */
export type ActivityRow = {
  id: string // the Medusa customer id
  email: string | null
  email_domain: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  phone: string | null
  has_account: boolean
  customer_created_at: Date | null
  group_ids: string[]
  customer_metadata: Record<string, unknown> | null
  ship_country_code: string | null
  ship_province: string | null
  ship_city: string | null
  ship_postal_code: string | null
  bill_country_code: string | null
  bill_province: string | null
  bill_city: string | null
  bill_postal_code: string | null
  any_country_codes: string[]
  any_provinces: string[]
  any_cities: string[]
  any_postal_codes: string[]
  promotion_codes: string[]
  payment_providers: string[]
  shipping_options: string[]
  region_ids: string[]
  sales_channel_ids: string[]
  currency_codes: string[]
  cart_id: string | null
  cart_subtotal: number | null
  cart_item_count: number | null
  cart_product_ids: string[]
  cart_updated_at: Date | null
  computed_at: Date
}

/** A row of `customer_segment_order_fact`: one non-draft order. */
export type OrderFactRow = {
  id: string // order id
  customer_id: string
  status: string // Medusa order status: pending, completed, canceled, archived, requires_action
  ordered_at: Date
  total: number
  currency_code: string
  region_id: string | null
  sales_channel_id: string | null
}

/** A row of `customer_segment_purchase_fact`: one line item of a non-draft order. */
export type PurchaseFactRow = {
  id: string // line item id
  customer_id: string
  order_id: string
  order_status: string
  ordered_at: Date
  product_id: string | null
  variant_id: string | null
  sku: string | null
  collection_id: string | null
  type_id: string | null
  category_ids: string[]
  tag_ids: string[]
  product_metadata: Record<string, unknown> | null
  quantity: number
  amount: number
  currency_code: string
}

/** Everything the in-memory evaluator needs for one customer. */
export type CustomerSnapshot = {
  activity: ActivityRow
  orders: OrderFactRow[]
  purchases: PurchaseFactRow[]
  /** ids of segments the customer is a member of now */
  segment_ids: string[]
  /** RFM scores (lib/rfm.ts); null without orders or before the first store-wide pass */
  rfm?: RfmScores | null
  /** the customer's product views (linked guest views included), oldest first; absent = none */
  views?: ProductViewRow[]
  /** the customer's wishlist items; absent = none */
  wishlist?: WishlistItemRow[]
}

/** A row of `customer_segment_product_view` that belongs to a customer. */
export type ProductViewRow = {
  id: string
  customer_id: string
  product_id: string
  collection_id: string | null
  category_ids: string[]
  product_metadata: Record<string, unknown> | null
  viewed_at: Date
}

/** A row of `customer_segment_wishlist_item`. */
export type WishlistItemRow = {
  id: string
  customer_id: string
  product_id: string
  variant_id: string | null
  sku: string | null
  collection_id: string | null
  category_ids: string[]
  product_metadata: Record<string, unknown> | null
  added_at: Date
}

/** A row of `customer_segment_rfm`. */
export type RfmScores = { recency_score: number; frequency_score: number; monetary_score: number; rfm_group: string }
