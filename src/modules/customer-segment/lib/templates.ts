/** Ready-made segments (SPEC §7): trees a merchant picks and adjusts before saving. */

export type SegmentTemplate = {
  id: string
  name: string
  description: string
  segment: {
    name: string
    description: string
    audience: "all" | "registered"
    refresh_mode: "daily" | "weekly" | "monthly" | "realtime" | "manual"
    conditions: Record<string, unknown>
  }
}

const t = (
  id: string,
  name: string,
  description: string,
  rules: unknown[],
  extra: Partial<SegmentTemplate["segment"]> = {}
): SegmentTemplate => ({
  id,
  name,
  description,
  segment: { name, description, audience: "all", refresh_mode: "daily", conditions: { combinator: "and", not: false, rules }, ...extra },
})

export const SEGMENT_TEMPLATES: SegmentTemplate[] = [
  t("vip", "VIP by lifetime spend", "Customers whose completed orders add up to 2,000 or more.", [
    { field: "orders.total_spent", operator: "gte", value: 2000, params: { status: ["completed"] } },
  ], { refresh_mode: "realtime" }),
  t("departed", "Departed", "Their last completed order was 30 or more days ago.", [
    { field: "orders.last_order_at", operator: "more_than_days_ago", value: 30, params: { status: ["completed"] } },
  ]),
  t("leaving-buyers", "Leaving buyers", "No purchase for 4 months but something in the last 8, with above-average orders.", [
    { field: "orders.last_order_at", operator: "more_than_days_ago", value: 120 },
    { field: "orders.last_order_at", operator: "within_last_days", value: 240 },
    { field: "orders.average_vs_global_pct", operator: "gt", value: 100 },
  ]),
  t("buyers-to-regain", "Buyers to regain", "Nothing for a year, after more than five purchases.", [
    { field: "orders.last_order_at", operator: "more_than_days_ago", value: 365 },
    { field: "orders.count", operator: "gt", value: 5 },
  ], { refresh_mode: "weekly" }),
  t("premium-buyers", "Premium buyers", "Three or more orders in the last year, averaging 300 or more.", [
    { field: "orders.count", operator: "gte", value: 3, params: { within_days: 365 } },
    { field: "orders.average_value", operator: "gte", value: 300, params: { within_days: 365 } },
  ]),
  t("first-time-buyers", "First-time buyers", "Exactly one order so far.", [
    { field: "orders.count", operator: "eq", value: 1 },
  ], { refresh_mode: "realtime" }),
  t("big-spenders", "Big spenders vs store average", "Average order at least twice the store's.", [
    { field: "orders.average_vs_global_pct", operator: "gte", value: 200 },
  ]),
  t("abandoned-carts", "Guests with abandoned carts", "Guests whose open cart has not changed for a day.", [
    { field: "customer.has_account", operator: "eq", value: false },
    { field: "cart.has_open", operator: "eq", value: true },
    { field: "cart.updated_at", operator: "more_than_days_ago", value: 1 },
  ], { refresh_mode: "realtime" }),
  t("champions", "Champions", "RFM champions: bought recently and often (recency and frequency scores 4-5).", [
    { field: "rfm.group", operator: "in", value: ["champions"] },
  ]),
  t("at-risk", "At risk", "RFM: used to buy often, but not lately (at risk, and can't lose them).", [
    { field: "rfm.group", operator: "in", value: ["at_risk", "cant_lose"] },
  ]),
  t("overdue-reorder", "Overdue for reorder", "Their next order, at their own rhythm, is a week or more late.", [
    { field: "orders.overdue_days", operator: "gte", value: 7 },
  ]),
  t("birthday-this-week", "Birthday this week", "Birthday today or in the next six days (metadata birth_date, YYYY-MM-DD).", [
    { field: "customer.days_to_birthday", operator: "lte", value: 6, params: { key: "birth_date" } },
  ]),
  // storefront behaviour (docs/storefront-events.md): views and wishlists
  t("viewed-brand-not-bought", "Viewed brand X but never bought", "Viewed a product of the brand (manufacturer) in the last 30 days, never bought one. Set the brand.", [
    { field: "views.attribute", operator: "eq", value: "Acme", params: { key: "manufacturer", within_days: 30 } },
    { combinator: "and", not: true, rules: [
      { field: "purchases.attribute", operator: "eq", value: "Acme", params: { key: "manufacturer" } },
    ] },
  ], { refresh_mode: "realtime", audience: "registered" }),
  t("wishlist-not-bought", "Wishlist but not bought", "Something on the wishlist that the customer has not bought.", [
    { field: "wishlist.not_purchased_product_ids", operator: "is_set" },
  ], { audience: "registered" }),
]
