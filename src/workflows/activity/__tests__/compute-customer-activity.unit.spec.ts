import {
  computeCustomerActivity,
  itemAmountOf,
  orderTotalOf,
  SourceCart,
  SourceOrder,
} from "../utils/compute-customer-activity"

const at = new Date("2026-01-01T00:00:00Z")

const order = (partial: Partial<SourceOrder>): SourceOrder => ({
  id: "order_1",
  customer_id: "cus_1",
  status: "pending",
  created_at: "2026-01-01T00:00:00Z",
  currency_code: "EUR",
  summary: { current_order_total: 10 },
  items: [],
  ...partial,
})

describe("computeCustomerActivity", () => {
  it("uses the newest order's addresses when the customer has no default address", () => {
    const { activities } = computeCustomerActivity({
      customer_ids: ["cus_1"],
      customers: [{ id: "cus_1", email: " Jo@Mail.Example.COM ", addresses: [{ city: "Lyon", country_code: "FR" }] }],
      orders: [
        order({ id: "order_old", created_at: "2025-01-01T00:00:00Z", shipping_address: { city: "Rome", country_code: "it" } }),
        order({ id: "order_new", created_at: "2025-06-01T00:00:00Z", shipping_address: { city: "Oslo", country_code: "NO" }, billing_address: null }),
      ],
      products: [],
      carts: [],
      computed_at: at,
    })
    expect(activities[0]).toMatchObject({
      email: "Jo@Mail.Example.COM",
      email_domain: "mail.example.com",
      ship_city: "Oslo",
      ship_country_code: "no",
      bill_city: null, // no billing address anywhere
      any_cities: ["lyon", "oslo", "rome"],
      any_country_codes: ["fr", "it", "no"],
      currency_codes: ["eur"],
    })
  })

  it("takes the newest open cart that holds items, and ignores empty ones", () => {
    const cart = (id: string, updated_at: string, items: SourceCart["items"]): SourceCart => ({ id, customer_id: "cus_1", updated_at, items })
    const { activities } = computeCustomerActivity({
      customer_ids: ["cus_1"],
      customers: [{ id: "cus_1" }],
      orders: [],
      products: [],
      carts: [
        cart("cart_old", "2026-01-01T00:00:00Z", [{ quantity: 1, unit_price: 5, product_id: "prod_a" }]),
        cart("cart_mid", "2026-01-02T00:00:00Z", [
          { quantity: 2, unit_price: 0.1, product_id: "prod_b" },
          { quantity: 1, unit_price: 0.2, product_id: "prod_a" },
        ]),
        cart("cart_empty", "2026-01-03T00:00:00Z", []),
      ],
      computed_at: at,
    })
    expect(activities[0]).toMatchObject({
      cart_id: "cart_mid",
      cart_subtotal: 0.4, // decimal arithmetic, not 0.30000000000000004 + ...
      cart_item_count: 3,
      cart_product_ids: ["prod_a", "prod_b"],
    })
  })

  it("reads amounts in every shape Query returns them", () => {
    expect(orderTotalOf(order({ summary: { current_order_total: 12.5 } }))).toBe(12.5)
    expect(orderTotalOf(order({ summary: [{ totals: { current_order_total: { value: "7", precision: 20 } } }] }))).toBe(7)
    expect(orderTotalOf(order({ summary: { raw_current_order_total: { value: "99.99" }, current_order_total: 99.99 } }))).toBe(99.99)
    expect(orderTotalOf(order({ summary: null }))).toBe(0)
    expect(itemAmountOf({ id: "i", quantity: 3, unit_price: 19.99, adjustments: [{ amount: 0.97 }] })).toBe(59)
    expect(itemAmountOf({ id: "i", detail: { quantity: 2 }, unit_price: "10" })).toBe(20)
  })

  it("returns nothing for ids Medusa no longer has (the write removes them)", () => {
    const out = computeCustomerActivity({ customer_ids: ["cus_gone", "cus_gone"], customers: [], orders: [], products: [], carts: [], computed_at: at })
    expect(out).toEqual({ customer_ids: ["cus_gone"], activities: [], orders: [], purchases: [] })
  })
})
