/** Example segments for the demo store, in the condition format of SPEC §3. */
export const DEMO_SEGMENTS = [
  {
    name: "VIP customers",
    handle: "vip-customers",
    description: "Spent 1,000 EUR or more in completed orders.",
    membership: "rules",
    audience: "registered",
    refresh_mode: "daily",
    conditions: {
      combinator: "and",
      not: false,
      rules: [{ field: "orders.total_spent", operator: "gte", value: 1000, params: { status: ["completed"], currency_code: "eur" } }],
    },
  },
  {
    name: "Departed buyers",
    handle: "departed-buyers",
    description: "Bought before, but not in the last 180 days.",
    membership: "rules",
    audience: "all",
    refresh_mode: "daily",
    conditions: {
      combinator: "and",
      not: false,
      rules: [{ field: "orders.last_order_at", operator: "more_than_days_ago", value: 180 }],
    },
  },
  {
    name: "Acme fans",
    handle: "acme-fans",
    description: "Bought an Acme product in the last year.",
    membership: "rules",
    audience: "all",
    refresh_mode: "realtime",
    conditions: {
      combinator: "and",
      not: false,
      rules: [{ field: "purchases.attribute", operator: "eq", value: "Acme", params: { key: "manufacturer", within_days: 365 } }],
    },
  },
  {
    name: "North America first-time buyers",
    handle: "na-first-time-buyers",
    description: "Exactly one order, shipped to the US or Canada.",
    membership: "rules",
    audience: "all",
    refresh_mode: "weekly",
    conditions: {
      combinator: "and",
      not: false,
      rules: [
        { field: "orders.count", operator: "eq", value: 1 },
        { field: "address.country_code", operator: "in", value: ["us", "ca"], params: { address: "any" } },
      ],
    },
  },
  {
    name: "Newsletter picks",
    handle: "newsletter-picks",
    description: "Hand-picked customers for the newsletter.",
    membership: "manual",
    audience: "all",
    refresh_mode: "manual",
    conditions: null,
  },
]
