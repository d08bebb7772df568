import path from "path"
import fc from "fast-check"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { ConditionGroup, ConditionRule, describeCatalogue, parseConditions } from "../../conditions"
import { CustomerFixture, NOW, and, bothEngines, daysAgo, loadWorld, not, or, r, snapshotOf } from "./fixtures"

jest.setTimeout(120_000)

const MODULE_DIR = path.resolve(__dirname, "../..")

const iso = (d: Date) => d.toISOString()

// ---------------------------------------------------------------------------
// Fixture customers
// ---------------------------------------------------------------------------

const PEOPLE: CustomerFixture[] = [
  { id: "ann", activity: { email: "Ann@Example.com", email_domain: "example.com", first_name: "Ann", has_account: true } },
  { id: "bob", activity: { email: "bob@x.com", email_domain: "x.com", first_name: "bob", has_account: false } },
  { id: "nul", activity: { email: null, first_name: null } },
  { id: "emp", activity: { email: "", first_name: "" } },
]

const DATED: CustomerFixture[] = [
  { id: "d0", activity: { customer_created_at: daysAgo(0) } },
  { id: "d30", activity: { customer_created_at: daysAgo(30) } },
  { id: "d31", activity: { customer_created_at: daysAgo(31) } },
  { id: "dold", activity: { customer_created_at: new Date("2024-01-01T00:00:00Z") } },
  { id: "dnull", activity: { customer_created_at: null } },
]

const LISTS: CustomerFixture[] = [
  { id: "l0", activity: { group_ids: [], promotion_codes: [] } },
  { id: "l1", activity: { group_ids: ["g1"], promotion_codes: ["SUMMER"] } },
  { id: "l12", activity: { group_ids: ["g1", "g2"], promotion_codes: ["SUMMER", "VIP"] } },
  { id: "l3", activity: { group_ids: ["g3"] } },
]

const META: CustomerFixture[] = [
  { id: "m_f", activity: { customer_metadata: { gender: "F", kids: "22" } } },
  { id: "m_m", activity: { customer_metadata: { gender: "m", kids: 3 } } },
  { id: "m_x", activity: { customer_metadata: { gender: "", kids: "abc" } } },
  { id: "m_none", activity: { customer_metadata: null } },
  { id: "m_obj", activity: { customer_metadata: { gender: { a: 1 }, kids: true } } },
]

const PLACES: CustomerFixture[] = [
  {
    id: "fr",
    activity: { ship_country_code: "fr", bill_country_code: "de", any_country_codes: ["fr", "de"], ship_city: "Paris", any_cities: ["Paris", "Berlin"] },
  },
  { id: "us", activity: { ship_country_code: "us", bill_country_code: "us", any_country_codes: ["us"], any_cities: [""] } },
  { id: "none", activity: {} },
]

const o = (total: number, extra: Record<string, unknown> = {}) => ({ total, ...extra })
const BUYERS: CustomerFixture[] = [
  // 2 counted usd orders (100 + 300) + 1 canceled; avg 200
  {
    id: "big",
    orders: [o(100, { ordered_at: daysAgo(5), region_id: "reg_eu" }), o(300, { ordered_at: daysAgo(40) }), o(1000, { status: "canceled" })],
  },
  // 1 pending usd order 50 + 1 eur order 500 (completed)
  { id: "mid", orders: [o(50, { status: "pending", ordered_at: daysAgo(200) }), o(500, { currency_code: "eur", ordered_at: daysAgo(100) })] },
  // only canceled
  { id: "cxl", orders: [o(80, { status: "canceled", ordered_at: daysAgo(3) })] },
  // exact decimals: 0.1 + 0.2 usd
  { id: "dec", orders: [o(0.1, { ordered_at: daysAgo(1) }), o(0.2, { ordered_at: daysAgo(2), sales_channel_id: "sc_web" })] },
  { id: "nobody", orders: [] },
]
// store usd average over not-canceled orders: (100 + 300 + 50 + 0.1 + 0.2) / 5 = 90.06

const p = (extra: Record<string, unknown>) => extra
const SHOPPERS: CustomerFixture[] = [
  {
    id: "s1",
    purchases: [
      p({ product_id: "prod_a", quantity: 1, category_ids: ["cat_1", "cat_2"], product_metadata: { manufacturer: "ACME" } }),
      p({ product_id: "prod_a", quantity: 1, ordered_at: daysAgo(100) }),
      p({ product_id: "prod_b", quantity: 1, order_status: "canceled", product_metadata: { manufacturer: "Globex" } }),
    ],
  },
  {
    id: "s2",
    purchases: [
      p({ product_id: "prod_b", quantity: 5, category_ids: ["cat_2"], product_metadata: { manufacturer: "globex" } }),
      p({ product_id: null, sku: "SKU-1", quantity: 1, product_metadata: { color: "red" } }),
    ],
  },
  { id: "s3", purchases: [] },
]

const CARTS: CustomerFixture[] = [
  { id: "cart_big", activity: { cart_id: "cart_1", cart_subtotal: 150, cart_item_count: 3, cart_product_ids: ["prod_a"], cart_updated_at: daysAgo(2) } },
  { id: "cart_small", activity: { cart_id: "cart_2", cart_subtotal: 20, cart_item_count: 1, cart_product_ids: [], cart_updated_at: daysAgo(20) } },
  // stale values without an open cart: no cart
  { id: "cart_none", activity: { cart_id: null, cart_subtotal: 500, cart_item_count: 9, cart_product_ids: ["prod_a"], cart_updated_at: daysAgo(40) } },
]

const MEMBERS: CustomerFixture[] = [
  { id: "in1", segments: ["cseg_1"] },
  { id: "in12", segments: ["cseg_1", "cseg_2"] },
  { id: "out", segments: [] },
]

const RHYTHM: CustomerFixture[] = [
  // gap 20 days, next expected now
  { id: "r2", orders: [o(10, { ordered_at: daysAgo(40) }), o(10, { ordered_at: daysAgo(20) })] },
  // gap 30 days, next expected 10 days ago
  { id: "r3", orders: [o(10, { ordered_at: daysAgo(100) }), o(10, { ordered_at: daysAgo(70) }), o(10, { ordered_at: daysAgo(40) })] },
  { id: "r1", orders: [o(10, { ordered_at: daysAgo(5) })] },
  // a canceled order does not count: one order
  { id: "rc", orders: [o(10, { ordered_at: daysAgo(50) }), o(10, { ordered_at: daysAgo(10), status: "canceled" })] },
]

const DOB = (v: unknown, key = "birth_date") => ({ customer_metadata: { [key]: v } })
const BIRTHS: CustomerFixture[] = [
  { id: "b0", activity: DOB("1990-06-15") }, // today
  { id: "b1", activity: DOB("1990-06-16") },
  { id: "bm", activity: DOB("1990-06-14") }, // 364 days
  { id: "bl", activity: DOB("2000-02-29") }, // 2026-02-28: 258 days
  { id: "bad", activity: DOB("1990-02-29") }, // no such day
  { id: "num", activity: DOB(19900615) },
  { id: "dob", activity: DOB("1990-06-17", "dob") },
  { id: "none", activity: {} },
]

const FIRSTS: CustomerFixture[] = [
  { id: "f5", orders: [o(10, { ordered_at: new Date("2024-06-20T09:00:00Z") }), o(10, { ordered_at: daysAgo(3) })] }, // 5 days
  { id: "f360", orders: [o(10, { ordered_at: new Date("2025-06-10T22:00:00Z") })] }, // first this year: 2026-06-10
  { id: "ftoday", orders: [o(10, { ordered_at: daysAgo(0) })] }, // a year from today
  { id: "fcxl", orders: [o(10, { ordered_at: new Date("2020-06-16T09:00:00Z"), status: "canceled" })] },
  { id: "f29", orders: [o(10, { ordered_at: new Date("2024-02-29T23:30:00Z") })] }, // falls on 2026-02-28: 258 days
  { id: "fjan", orders: [o(10, { ordered_at: new Date("2025-01-10T00:00:00Z") })] }, // this year, before today: 2026-01-10, 209 days
  { id: "ffut", orders: [o(10, { ordered_at: new Date("2026-03-01T08:00:00Z") })] }, // after the clock's year: 2027-03-01, 624 days
]

const RFMS: CustomerFixture[] = [
  { id: "champ", rfm: { recency_score: 5, frequency_score: 5, monetary_score: 4, rfm_group: "champions" } },
  { id: "risk", rfm: { recency_score: 2, frequency_score: 4, monetary_score: 5, rfm_group: "at_risk" } },
  { id: "lost", rfm: { recency_score: 1, frequency_score: 1, monetary_score: 1, rfm_group: "lost" } },
  { id: "norfm", rfm: null },
]

type Case = { name: string; tree: ConditionGroup | null; customers: CustomerFixture[]; expected: string[]; audience?: "all" | "registered" }

const CASES: Case[] = [
  // strings
  { name: "eq is case-insensitive", tree: and(r("customer.email", "eq", "ann@EXAMPLE.com")), customers: PEOPLE, expected: ["ann"] },
  { name: "ne is false on missing (null and empty)", tree: and(r("customer.email", "ne", "bob@x.com")), customers: PEOPLE, expected: ["ann"] },
  { name: "not of eq is true on missing", tree: not(and(r("customer.email", "eq", "bob@x.com"))), customers: PEOPLE, expected: ["ann", "emp", "nul"] },
  { name: "is_not_set counts empty string", tree: and(r("customer.email", "is_not_set")), customers: PEOPLE, expected: ["emp", "nul"] },
  { name: "is_set", tree: and(r("customer.first_name", "is_set")), customers: PEOPLE, expected: ["ann", "bob"] },
  { name: "contains", tree: and(r("customer.email", "contains", "EXAMPLE")), customers: PEOPLE, expected: ["ann"] },
  { name: "not_contains skips missing", tree: and(r("customer.email", "not_contains", "example")), customers: PEOPLE, expected: ["bob"] },
  { name: "starts_with", tree: and(r("customer.first_name", "starts_with", "B")), customers: PEOPLE, expected: ["bob"] },
  { name: "ends_with", tree: and(r("customer.email", "ends_with", ".COM")), customers: PEOPLE, expected: ["ann", "bob"] },
  { name: "in", tree: and(r("customer.email_domain", "in", ["X.com", "nope"])), customers: PEOPLE, expected: ["bob"] },
  { name: "not_in skips missing", tree: and(r("customer.email_domain", "not_in", ["x.com"])), customers: PEOPLE, expected: ["ann"] },
  { name: "boolean eq", tree: and(r("customer.has_account", "eq", false)), customers: PEOPLE, expected: ["bob"] },
  { name: "audience registered", tree: and(r("customer.email", "is_not_set")), customers: PEOPLE, expected: ["emp", "nul"], audience: "registered" },
  { name: "null tree = audience", tree: null, customers: PEOPLE, expected: ["ann", "emp", "nul"], audience: "registered" },

  // dates
  { name: "more_than_days_ago is strict", tree: and(r("customer.created_at", "more_than_days_ago", 30)), customers: DATED, expected: ["d31", "dold"] },
  { name: "within_last_days is inclusive", tree: and(r("customer.created_at", "within_last_days", 30)), customers: DATED, expected: ["d0", "d30"] },
  { name: "before date-only (00:00 UTC)", tree: and(r("customer.created_at", "before", "2024-01-02")), customers: DATED, expected: ["dold"] },
  { name: "after", tree: and(r("customer.created_at", "after", iso(daysAgo(30)))), customers: DATED, expected: ["d0"] },
  {
    name: "between is inclusive",
    tree: and(r("customer.created_at", "between", [iso(daysAgo(31)), iso(daysAgo(30))])),
    customers: DATED,
    expected: ["d30", "d31"],
  },
  { name: "date is_not_set", tree: and(r("customer.created_at", "is_not_set")), customers: DATED, expected: ["dnull"] },
  { name: "not(more_than_days_ago) includes missing", tree: not(and(r("customer.created_at", "more_than_days_ago", 30))), customers: DATED, expected: ["d0", "d30", "dnull"] },

  // id lists on the profile
  { name: "id list in = any of", tree: and(r("customer.group_ids", "in", ["g2", "g3"])), customers: LISTS, expected: ["l12", "l3"] },
  { name: "id list not_in = none of (empty list included)", tree: and(r("customer.group_ids", "not_in", ["g1"])), customers: LISTS, expected: ["l0", "l3"] },
  { name: "id list all", tree: and(r("customer.group_ids", "all", ["g1", "g2"])), customers: LISTS, expected: ["l12"] },
  { name: "id list is_set", tree: and(r("orders.promotion_codes", "is_set")), customers: LISTS, expected: ["l1", "l12"] },
  { name: "id list is_not_set", tree: and(r("orders.promotion_codes", "is_not_set")), customers: LISTS, expected: ["l0", "l3"] },

  // customer.attribute
  { name: "attribute text eq, case-insensitive", tree: and(r("customer.attribute", "eq", "f", { key: "gender" })), customers: META, expected: ["m_f"] },
  { name: "attribute numeric gt: 22 > 3, non-numeric is missing", tree: and(r("customer.attribute", "gt", 3, { key: "kids" })), customers: META, expected: ["m_f"] },
  { name: "attribute numeric eq with a number", tree: and(r("customer.attribute", "eq", 3, { key: "kids" })), customers: META, expected: ["m_m"] },
  { name: "attribute between", tree: and(r("customer.attribute", "between", [3, 22], { key: "kids" })), customers: META, expected: ["m_f", "m_m"] },
  { name: "attribute is_not_set (empty, object, missing)", tree: and(r("customer.attribute", "is_not_set", undefined, { key: "gender" })), customers: META, expected: ["m_none", "m_obj", "m_x"] },
  { name: "attribute text of a boolean", tree: and(r("customer.attribute", "eq", "TRUE", { key: "kids" })), customers: META, expected: ["m_obj"] },

  // addresses
  { name: "address defaults to shipping", tree: and(r("address.country_code", "eq", "FR")), customers: PLACES, expected: ["fr"] },
  { name: "address billing", tree: and(r("address.country_code", "eq", "de", { address: "billing" })), customers: PLACES, expected: ["fr"] },
  { name: "address any: some address", tree: and(r("address.country_code", "in", ["de"], { address: "any" })), customers: PLACES, expected: ["fr"] },
  { name: "address any: ne = has addresses, none equal", tree: and(r("address.country_code", "ne", "de", { address: "any" })), customers: PLACES, expected: ["us"] },
  { name: "address any: empty strings are not set", tree: and(r("address.city", "is_not_set", undefined, { address: "any" })), customers: PLACES, expected: ["none", "us"] },
  { name: "address shipping city is_set", tree: and(r("address.city", "is_set")), customers: PLACES, expected: ["fr"] },

  // orders
  { name: "count excludes canceled, 0 without orders", tree: and(r("orders.count", "eq", 0)), customers: BUYERS, expected: ["cxl", "nobody"] },
  { name: "count counts every currency", tree: and(r("orders.count", "gte", 2)), customers: BUYERS, expected: ["big", "dec", "mid"] },
  { name: "count with status param", tree: and(r("orders.count", "gte", 1, { status: ["canceled"] })), customers: BUYERS, expected: ["big", "cxl"] },
  { name: "count within_days", tree: and(r("orders.count", "eq", 1, { within_days: 30 })), customers: BUYERS, expected: ["big"] },
  { name: "count by region", tree: and(r("orders.count", "gt", 0, { region_id: "reg_eu" })), customers: BUYERS, expected: ["big"] },
  { name: "count by sales channel list", tree: and(r("orders.count", "gt", 0, { sales_channel_id: ["sc_web", "sc_pos"] })), customers: BUYERS, expected: ["dec"] },
  { name: "total_spent in the default currency", tree: and(r("orders.total_spent", "gte", 400)), customers: BUYERS, expected: ["big"] },
  { name: "total_spent in a given currency", tree: and(r("orders.total_spent", "gte", 400, { currency_code: "EUR" })), customers: BUYERS, expected: ["mid"] },
  { name: "total_spent of no orders is 0", tree: and(r("orders.total_spent", "lt", 1)), customers: BUYERS, expected: ["cxl", "dec", "nobody"] },
  { name: "total_spent sums decimals exactly (0.1 + 0.2 = 0.3)", tree: and(r("orders.total_spent", "eq", 0.3)), customers: BUYERS, expected: ["dec"] },
  { name: "total_spent with completed status only", tree: and(r("orders.total_spent", "between", [50, 400], { status: ["completed"] })), customers: BUYERS, expected: ["big"] },
  { name: "average_value is missing without orders", tree: and(r("orders.average_value", "lt", 1000)), customers: BUYERS, expected: ["big", "dec", "mid"] },
  { name: "average_value is_not_set", tree: and(r("orders.average_value", "is_not_set")), customers: BUYERS, expected: ["cxl", "nobody"] },
  { name: "average_value eq", tree: and(r("orders.average_value", "eq", 200)), customers: BUYERS, expected: ["big"] },
  { name: "average_vs_global_pct >= 200", tree: and(r("orders.average_vs_global_pct", "gte", 200)), customers: BUYERS, expected: ["big"] },
  { name: "average_vs_global_pct < 100 (missing excluded)", tree: and(r("orders.average_vs_global_pct", "lt", 100)), customers: BUYERS, expected: ["dec", "mid"] },
  { name: "average_vs_global_pct with two param sets", tree: or(r("orders.average_vs_global_pct", "gt", 150, { currency_code: "eur" }), r("orders.average_vs_global_pct", "lt", 1)), customers: BUYERS, expected: ["dec"] },
  { name: "completed_pct counts canceled orders in the base", tree: and(r("orders.completed_pct", "between", [60, 70])), customers: BUYERS, expected: ["big"] },
  { name: "completed_pct is missing without orders", tree: and(r("orders.completed_pct", "lt", 1)), customers: BUYERS, expected: ["cxl"] },
  { name: "canceled_count", tree: and(r("orders.canceled_count", "gte", 1)), customers: BUYERS, expected: ["big", "cxl"] },
  { name: "last_order_at more_than_days_ago: never ordered is false", tree: and(r("orders.last_order_at", "more_than_days_ago", 30)), customers: BUYERS, expected: ["mid"] },
  { name: "last_order_at is_not_set = never ordered (canceled excluded)", tree: and(r("orders.last_order_at", "is_not_set")), customers: BUYERS, expected: ["cxl", "nobody"] },
  { name: "first_order_at within_last_days", tree: and(r("orders.first_order_at", "within_last_days", 30)), customers: BUYERS, expected: ["dec"] },
  {
    name: "departed-but-recent: last order > 30 days but bought within 250",
    tree: and(r("orders.last_order_at", "more_than_days_ago", 30), r("orders.count", "gte", 1, { within_days: 250 })),
    customers: BUYERS,
    expected: ["mid"],
  },

  // purchases
  { name: "product in (canceled purchases ignored)", tree: and(r("purchases.product_ids", "in", ["prod_b"])), customers: SHOPPERS, expected: ["s2"] },
  { name: "product not_in", tree: and(r("purchases.product_ids", "not_in", ["prod_b"])), customers: SHOPPERS, expected: ["s1", "s3"] },
  { name: "min_quantity sums quantities per value", tree: and(r("purchases.product_ids", "in", ["prod_a"], { min_quantity: 2 })), customers: SHOPPERS, expected: ["s1"] },
  { name: "min_quantity with within_days", tree: and(r("purchases.product_ids", "in", ["prod_a"], { min_quantity: 2, within_days: 30 })), customers: SHOPPERS, expected: [] },
  { name: "min_quantity 5", tree: and(r("purchases.product_ids", "is_set", undefined, { min_quantity: 5 })), customers: SHOPPERS, expected: ["s2"] },
  { name: "product all", tree: and(r("purchases.product_ids", "all", ["prod_a", "prod_b"])), customers: SHOPPERS, expected: [] },
  { name: "category all (array facts)", tree: and(r("purchases.category_ids", "all", ["cat_1", "cat_2"])), customers: SHOPPERS, expected: ["s1"] },
  { name: "category in", tree: and(r("purchases.category_ids", "in", ["cat_2"])), customers: SHOPPERS, expected: ["s1", "s2"] },
  { name: "sku is_not_set", tree: and(r("purchases.skus", "is_not_set")), customers: SHOPPERS, expected: ["s1", "s3"] },
  { name: "attribute eq, case-insensitive", tree: and(r("purchases.attribute", "eq", "acme", { key: "manufacturer" })), customers: SHOPPERS, expected: ["s1"] },
  { name: "attribute ignores canceled purchases", tree: and(r("purchases.attribute", "in", ["GLOBEX"], { key: "manufacturer" })), customers: SHOPPERS, expected: ["s2"] },
  { name: "attribute is_not_set = some purchase lacks it", tree: and(r("purchases.attribute", "is_not_set", undefined, { key: "manufacturer" })), customers: SHOPPERS, expected: ["s1", "s2"] },
  { name: "attribute with min_quantity", tree: and(r("purchases.attribute", "contains", "glob", { key: "manufacturer", min_quantity: 5 })), customers: SHOPPERS, expected: ["s2"] },

  // cart
  { name: "cart.has_open", tree: and(r("cart.has_open", "eq", true)), customers: CARTS, expected: ["cart_big", "cart_small"] },
  { name: "cart.has_open false", tree: and(r("cart.has_open", "eq", false)), customers: CARTS, expected: ["cart_none"] },
  { name: "cart.subtotal ignores stale values without a cart", tree: and(r("cart.subtotal", "gte", 100)), customers: CARTS, expected: ["cart_big"] },
  { name: "cart.item_count is_not_set", tree: and(r("cart.item_count", "is_not_set")), customers: CARTS, expected: ["cart_none"] },
  { name: "cart.updated_at more_than_days_ago (abandoned)", tree: and(r("cart.updated_at", "more_than_days_ago", 7)), customers: CARTS, expected: ["cart_small"] },
  { name: "cart.product_ids in", tree: and(r("cart.product_ids", "in", ["prod_a"])), customers: CARTS, expected: ["cart_big"] },

  // segments
  { name: "member_of in", tree: and(r("segment.member_of", "in", ["cseg_2"])), customers: MEMBERS, expected: ["in12"] },
  { name: "member_of not_in", tree: and(r("segment.member_of", "not_in", ["cseg_2"])), customers: MEMBERS, expected: ["in1", "out"] },
  { name: "member_of all", tree: and(r("segment.member_of", "all", ["cseg_1", "cseg_2"])), customers: MEMBERS, expected: ["in12"] },
  { name: "member_of is_not_set", tree: and(r("segment.member_of", "is_not_set")), customers: MEMBERS, expected: ["out"] },

  // RFM
  { name: "rfm.group in", tree: and(r("rfm.group", "in", ["champions", "at_risk"])), customers: RFMS, expected: ["champ", "risk"] },
  { name: "rfm.group ne skips customers without scores", tree: and(r("rfm.group", "ne", "lost")), customers: RFMS, expected: ["champ", "risk"] },
  { name: "rfm.group is_not_set", tree: and(r("rfm.group", "is_not_set")), customers: RFMS, expected: ["norfm"] },
  { name: "rfm.monetary_score >= 4", tree: and(r("rfm.monetary_score", "gte", 4)), customers: RFMS, expected: ["champ", "risk"] },
  { name: "rfm.recency_score between", tree: and(r("rfm.recency_score", "between", [1, 2])), customers: RFMS, expected: ["lost", "risk"] },

  // order rhythm
  { name: "average_gap_days", tree: and(r("orders.average_gap_days", "eq", 30)), customers: RHYTHM, expected: ["r3"] },
  { name: "average_gap_days not set below 2 orders (canceled ones excluded)", tree: and(r("orders.average_gap_days", "is_not_set")), customers: RHYTHM, expected: ["r1", "rc"] },
  { name: "overdue_days >= 5", tree: and(r("orders.overdue_days", "gte", 5)), customers: RHYTHM, expected: ["r3"] },
  { name: "overdue_days around 0 (due now)", tree: and(r("orders.overdue_days", "between", [-1, 1])), customers: RHYTHM, expected: ["r2"] },
  { name: "next_order_expected_at within_last_days", tree: and(r("orders.next_order_expected_at", "within_last_days", 15)), customers: RHYTHM, expected: ["r2", "r3"] },

  // dates that recur
  { name: "birthday within the week (today counts)", tree: and(r("customer.days_to_birthday", "lte", 6)), customers: BIRTHS, expected: ["b0", "b1"] },
  { name: "birthday yesterday is 364 days away", tree: and(r("customer.days_to_birthday", "eq", 364)), customers: BIRTHS, expected: ["bm"] },
  { name: "29 February falls on the 28th in other years", tree: and(r("customer.days_to_birthday", "eq", 258)), customers: BIRTHS, expected: ["bl"] },
  { name: "birthday not set: no such day, not a date string, missing", tree: and(r("customer.days_to_birthday", "is_not_set")), customers: BIRTHS, expected: ["bad", "dob", "none", "num"] },
  { name: "birthday from another metadata key", tree: and(r("customer.days_to_birthday", "eq", 2, { key: "dob" })), customers: BIRTHS, expected: ["dob"] },
  { name: "first-order anniversary", tree: and(r("orders.days_to_first_order_anniversary", "lte", 7)), customers: FIRSTS, expected: ["f5"] },
  { name: "first-order anniversary of this year's first order is next year", tree: and(r("orders.days_to_first_order_anniversary", "gte", 360)), customers: FIRSTS, expected: ["f360", "ffut", "ftoday"] },
  { name: "first-order anniversary of 29 February falls on the 28th", tree: and(r("orders.days_to_first_order_anniversary", "eq", 258)), customers: FIRSTS, expected: ["f29"] },
  { name: "first-order anniversary of a first order earlier this year", tree: and(r("orders.days_to_first_order_anniversary", "eq", 209)), customers: FIRSTS, expected: ["fjan"] },
  { name: "first-order anniversary of a first order dated after this year", tree: and(r("orders.days_to_first_order_anniversary", "eq", 624)), customers: FIRSTS, expected: ["ffut"] },
  { name: "first-order anniversary of a canceled order only: not set", tree: and(r("orders.days_to_first_order_anniversary", "is_not_set")), customers: FIRSTS, expected: ["fcxl"] },

  // logic
  {
    name: "nested and/or/not",
    tree: or(and(r("orders.count", "gte", 1), not(or(r("orders.total_spent", "gt", 100), r("orders.canceled_count", "gt", 0)))), r("orders.last_order_at", "is_not_set")),
    customers: BUYERS,
    expected: ["cxl", "dec", "mid", "nobody"],
  },
]

moduleIntegrationTestRunner({
  moduleName: "customerSegment",
  resolve: MODULE_DIR,
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ MikroOrmWrapper }) => {
    const knexOf = () => MikroOrmWrapper.forkManager().getKnex()

    it("one table of cases: SQL and in-memory evaluation both give the expected customers", async () => {
      const knex = knexOf()
      const failures: string[] = []
      for (const c of CASES) {
        if (c.tree) parseConditions(c.tree)
        const snapshots = c.customers.map(snapshotOf)
        await loadWorld(knex, snapshots)
        const got = await bothEngines(knex, snapshots, c.tree, { audience: c.audience ?? "all" })
        const expected = [...c.expected].sort()
        if (JSON.stringify(got.sql) !== JSON.stringify(expected)) failures.push(`${c.name}: SQL ${JSON.stringify(got.sql)} != ${JSON.stringify(expected)}`)
        if (JSON.stringify(got.memory) !== JSON.stringify(expected)) failures.push(`${c.name}: memory ${JSON.stringify(got.memory)} != ${JSON.stringify(expected)}`)
      }
      expect(failures).toEqual([])
    })

    it("dates that recur across year ends and 29 February, on other clocks", async () => {
      const knex = knexOf()
      const people: CustomerFixture[] = [
        { id: "jan2", activity: DOB("1980-01-02") },
        { id: "dec30", activity: DOB("1980-12-30") },
        { id: "dec29", activity: DOB("1980-12-29") },
        { id: "leap", activity: DOB("2000-02-29") },
        { id: "mar1", activity: DOB("1999-03-01") },
      ]
      const snapshots = people.map(snapshotOf)
      await loadWorld(knex, snapshots)
      const days = async (now: string, n: number) =>
        bothEngines(knex, snapshots, and(r("customer.days_to_birthday", "eq", n)), { now: new Date(now) })
      const cases: Array<[string, number, string[]]> = [
        ["2025-12-30T08:00:00Z", 3, ["jan2"]], // across the year end
        ["2025-12-30T23:59:59Z", 0, ["dec30"]], // today, whatever the hour (UTC)
        ["2025-12-30T08:00:00Z", 364, ["dec29"]],
        ["2028-02-28T12:00:00Z", 1, ["leap"]], // a leap year: the 29th itself
        ["2027-02-27T12:00:00Z", 1, ["leap"]], // not a leap year: the 28th
        ["2027-03-01T12:00:00Z", 0, ["mar1"]],
        ["2027-03-01T12:00:00Z", 365, ["leap"]], // next is 2028-02-29
      ]
      const failures: string[] = []
      for (const [now, n, expected] of cases) {
        const got = await days(now, n)
        if (JSON.stringify(got.sql) !== JSON.stringify(expected)) failures.push(`${now} = ${n}: SQL ${JSON.stringify(got.sql)}`)
        if (JSON.stringify(got.memory) !== JSON.stringify(expected)) failures.push(`${now} = ${n}: memory ${JSON.stringify(got.memory)}`)
      }
      expect(failures).toEqual([])
    })

    it("random trees over random customers: SQL and in-memory evaluation agree", async () => {
      const knex = knexOf()
      let runs = 0
      let splits = 0 // runs where some customers match and some do not
      await fc.assert(
        fc.asyncProperty(worldArb, treeArb, async (customers, tree) => {
          const parsed = parseConditions(tree)
          const snapshots = customers.map(snapshotOf)
          await loadWorld(knex, snapshots)
          for (const audience of ["all", "registered"] as const) {
            const got = await bothEngines(knex, snapshots, parsed, { audience })
            expect(got.sql).toEqual(got.memory)
            if (audience === "all") {
              runs++
              if (got.sql.length > 0 && got.sql.length < snapshots.length) splits++
            }
          }
        }),
        { numRuns: Number(process.env.CONDITIONS_PROPERTY_RUNS ?? 300), endOnFailure: true }
      )
      // the generators must produce trees that tell customers apart, or agreement proves little
      expect(splits / runs).toBeGreaterThan(0.15)
      console.log(`[conditions] ${runs} random trees, ${splits} split the customers`)
    })
  },
})

// ---------------------------------------------------------------------------
// Generators for the property test
// ---------------------------------------------------------------------------

const STRS = ["a", "A", "ab", "Ab", "b", "abc", "B", "3", "22"]
const IDS = ["x", "y", "z"]
const STATUSES = ["pending", "completed", "canceled", "archived", "requires_action"]
const DAY_OFFSETS = [-1, 0, 1, 29, 30, 31, 100, 400]
const NUMS = [0, 0.3, 1, 2, 2.5, 3, 10, 22, 50, 100, 150, 200]
const AMOUNTS = [0, 0.1, 0.2, 1, 2.5, 10, 100, 150]

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs)
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 })
const strOrEmpty = maybe(pick(["", ...STRS]))
const sub = <T>(xs: readonly T[]) => fc.subarray([...xs])
const dateArb = pick(DAY_OFFSETS).map((d) => daysAgo(d))
// dates of birth around the clock's day (2025-06-15), on 29 February, in the clock's year or
// later (the SQL's general formula; earlier years take its month-day table), and invalid ones
const BIRTHDAYS = ["2025-06-20", "2025-06-15", "2025-01-10", "2031-07-01", "1990-06-15", "1990-06-14", "1990-06-16", "2000-02-29", "1990-02-29", "1985-12-31", "1999-04-31", "2001-13-01", "0000-01-01", "1970-01-01T10:00:00Z"]
const metaArb = maybe(
  fc.dictionary(
    pick(["k", "m", "birth_date"]),
    pick<unknown>(["", "a", "A", "3", 3, 22, "22", "x1", true, 2.5, null, { n: 1 }, ...BIRTHDAYS]),
    { maxKeys: 3 }
  )
)
const RFM_GROUPS = ["champions", "loyal", "potential_loyalist", "new", "at_risk", "cant_lose", "hibernating", "lost"]
const rfmArb = maybe(
  fc.record({
    recency_score: fc.integer({ min: 1, max: 5 }),
    frequency_score: fc.integer({ min: 1, max: 5 }),
    monetary_score: fc.integer({ min: 1, max: 5 }),
    rfm_group: pick(RFM_GROUPS),
  })
)

const customerArb = (id: string): fc.Arbitrary<CustomerFixture> =>
  fc.record({
    activity: fc.record({
      email: strOrEmpty,
      email_domain: strOrEmpty,
      first_name: strOrEmpty,
      has_account: fc.boolean(),
      customer_created_at: maybe(dateArb),
      group_ids: sub(IDS),
      customer_metadata: metaArb,
      ship_country_code: strOrEmpty,
      bill_city: strOrEmpty,
      any_country_codes: fc.array(pick(["", ...STRS]), { maxLength: 3 }),
      promotion_codes: sub(IDS),
      cart_id: maybe(fc.constant(`cart_${id}`)),
      cart_subtotal: maybe(pick(AMOUNTS)),
      cart_item_count: maybe(fc.integer({ min: 0, max: 4 })),
      cart_product_ids: sub(IDS),
      cart_updated_at: maybe(dateArb),
    }),
    orders: fc.array(
      fc.record({
        status: pick(STATUSES),
        ordered_at: dateArb,
        total: pick(AMOUNTS),
        currency_code: pick(["usd", "eur", "USD"]),
        region_id: maybe(pick(["r1", "r2"])),
        sales_channel_id: maybe(pick(["sc1", "sc2"])),
      }),
      { maxLength: 4 }
    ),
    purchases: fc.array(
      fc.record({
        order_status: pick(STATUSES),
        ordered_at: dateArb,
        product_id: maybe(pick(IDS)),
        sku: maybe(pick(IDS)),
        category_ids: sub(IDS),
        product_metadata: metaArb,
        quantity: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 4 }
    ),
    segments: sub(["cseg_1", "cseg_2"]),
    rfm: rfmArb,
    views: fc.array(
      fc.record({
        product_id: pick(IDS),
        collection_id: maybe(pick(IDS)),
        category_ids: fc.array(pick(IDS), { maxLength: 2 }),
        product_metadata: metaArb,
        viewed_at: dateArb,
      }),
      { maxLength: 5 }
    ),
    // a product is on a wishlist once (unique index)
    wishlist: fc.uniqueArray(
      fc.record({ product_id: pick(IDS), sku: maybe(pick(IDS)), collection_id: maybe(pick(IDS)), product_metadata: metaArb, added_at: dateArb }),
      { maxLength: 3, selector: (w) => w.product_id }
    ),
  }).map((c) => ({ id, ...c }) as CustomerFixture)

const worldArb = fc
  .integer({ min: 3, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => customerArb(`cus_${i}`))))

// rules for every catalogue field, driven by describeCatalogue()
const CATALOGUE = describeCatalogue()

function valueArb(type: string, op: string, field: string): fc.Arbitrary<unknown> | null {
  const shape = CATALOGUE.operators[op].value
  if (shape === "none") return null
  const numberish = type === "number" || ["gt", "gte", "lt", "lte", "between"].includes(op)
  if (field === "customer.attribute" && (op === "eq" || op === "ne")) return fc.oneof(pick(STRS), pick(NUMS))
  if (field === "rfm.group") return shape === "list" ? fc.uniqueArray(pick(RFM_GROUPS), { minLength: 1, maxLength: 3 }) : pick(RFM_GROUPS)
  if (field === "customer.days_to_birthday" || field === "orders.days_to_first_order_anniversary") {
    const n = pick([0, 1, 2, 30, 180, 364, 365])
    return op === "between" ? fc.tuple(n, n).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]) : n
  }
  if (field.startsWith("rfm.")) {
    const n = pick([1, 2, 3, 4, 5, 2.5])
    return op === "between" ? fc.tuple(n, n).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]) : n
  }
  if (type === "date" && (op === "more_than_days_ago" || op === "within_last_days")) return pick([0, 1, 29, 30, 31, 100])
  if (type === "date") {
    const d = fc.oneof(dateArb.map((x) => x.toISOString()), pick(["2025-05-16", "2025-06-15", "2024-01-01"]))
    return op === "between" ? fc.tuple(d, d).map(([a, b]) => (a <= b ? [a, b] : [b, a])) : d
  }
  if (numberish) {
    const n = pick(NUMS)
    return op === "between" ? fc.tuple(n, n).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]) : n
  }
  if (type === "boolean") return fc.boolean()
  if (type === "id_list") {
    const vals = field === "segment.member_of" ? ["cseg_1", "cseg_2", "x"] : IDS
    return fc.uniqueArray(pick(vals), { minLength: 1, maxLength: 3 })
  }
  return shape === "list" ? fc.uniqueArray(pick(STRS), { minLength: 1, maxLength: 3 }) : pick(STRS)
}

function paramArb(name: string, field: string): fc.Arbitrary<unknown> {
  switch (name) {
    case "status":
      return fc.uniqueArray(pick(STATUSES), { minLength: 1, maxLength: 3 })
    case "within_days":
      return pick([1, 30, 31, 100])
    case "region_id":
      return fc.oneof(pick(["r1", "r2"]), fc.constant(["r1", "r2"]))
    case "sales_channel_id":
      return fc.oneof(pick(["sc1"]), fc.constant(["sc1", "sc2"]))
    case "currency_code":
      return pick(["usd", "EUR"])
    case "min_quantity":
    case "min_count":
      return pick([1, 2, 3])
    case "key":
      return field === "customer.days_to_birthday" ? pick(["birth_date", "k", "nope"]) : pick(["k", "m", "nope"])
    case "address":
      return pick(["shipping", "billing", "any"])
  }
  throw new Error(`no generator for param ${name} of ${field}`)
}

const ruleArb: fc.Arbitrary<ConditionRule> = fc.constantFrom(...CATALOGUE.fields).chain((f) =>
  pick(f.operators).chain((op) => {
    const value = valueArb(f.type, op, f.name)
    const params = fc.record(
      Object.fromEntries(f.params.map((p) => [p.name, paramArb(p.name, f.name)])),
      { requiredKeys: f.params.filter((p) => p.required).map((p) => p.name) }
    )
    return fc.record({ field: fc.constant(f.name), operator: fc.constant(op), value: value ?? fc.constant(undefined), params }).map((rule) => {
      const out: ConditionRule = { field: rule.field, operator: rule.operator }
      if (value) out.value = rule.value
      if (Object.keys(rule.params).length) out.params = rule.params as Record<string, unknown>
      return out
    })
  })
)

const treeArb: fc.Arbitrary<ConditionGroup> = fc.letrec<{ group: ConditionGroup; node: ConditionGroup | ConditionRule }>((tie) => ({
  group: fc.record(
    {
      combinator: pick(["and", "or"] as const),
      not: fc.boolean(),
      rules: fc.array(tie("node"), { minLength: 1, maxLength: 3, depthIdentifier: "tree" }),
    },
    { requiredKeys: ["combinator", "rules"] }
  ),
  node: fc.oneof({ depthSize: "small", maxDepth: 3 }, { arbitrary: ruleArb, weight: 3 }, { arbitrary: tie("group"), weight: 1 }),
})).group

void NOW
