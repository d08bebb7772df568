import { integrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCustomer, createPromotionCodes, createStoreBasics, placeOrder } from "../../demo/fixtures"

jest.setTimeout(180 * 1000)

const address = {
  first_name: "Jeanne",
  last_name: "Martin",
  address_1: "12 rue de la Paix",
  city: "Paris",
  country_code: "fr",
  postal_code: "75002",
}

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("demo fixtures", () => {
      it.each([
        ["cart", "TEST10"],
        ["order", undefined],
      ] as const)("place a real order (via %s, code %s) whose items, totals and addresses are Medusa's", async (via, code) => {
        const container = getContainer()
        const store = await createStoreBasics(container)
        await createPromotionCodes(container, [{ code: "TEST10", percentage: 10 }])
        const customer = await createCustomer(container, {
          email: "jeanne@example.fr",
          first_name: "Jeanne",
          last_name: "Martin",
          metadata: { gender: "female", birth_date: "1990-04-02" },
          addresses: [address],
        })
        const [tee, teeM] = store.products[0].variants
        const runner = store.products[1].variants[0]
        const createdAt = new Date("2024-03-15T10:00:00.000Z")

        const placed = await placeOrder(container, {
          customer,
          items: [
            { variant_id: tee.id, quantity: 2 },
            { variant_id: runner.id, quantity: 1 },
          ],
          status: "completed",
          via,
          promo_code: code,
          shipping_address: address,
          created_at: createdAt,
        })

        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "order",
          fields: [
            "id",
            "status",
            "email",
            "customer_id",
            "currency_code",
            "region_id",
            "created_at",
            "total",
            "item_subtotal",
            "discount_total",
            "shipping_total",
            "summary.*",
            "items.variant_id",
            "items.quantity",
            "items.unit_price",
            "items.adjustments.code",
            "shipping_address.city",
            "shipping_address.country_code",
            "shipping_address.postal_code",
            "billing_address.city",
            "shipping_methods.name",
            "payment_collections.payments.provider_id",
            "payment_collections.payments.captured_at",
          ],
          filters: { id: placed.id },
        })
        const order = data[0]

        expect(order.status).toBe("completed")
        expect(order.customer_id).toBe(customer.id)
        expect(order.email).toBe("jeanne@example.fr")
        expect(order.currency_code).toBe("eur")
        expect(order.region_id).toBe(store.regions[0].id)
        expect(new Date(order.created_at).toISOString()).toBe(createdAt.toISOString())
        expect(placed.created_at.toISOString()).toBe(createdAt.toISOString())

        const items = order.items!.map((i) => ({ variant_id: i!.variant_id, quantity: Number(i!.quantity), unit_price: Number(i!.unit_price) }))
        expect(items).toEqual(
          expect.arrayContaining([
            { variant_id: tee.id, quantity: 2, unit_price: tee.prices.eur },
            { variant_id: runner.id, quantity: 1, unit_price: runner.prices.eur },
          ])
        )
        expect(items).toHaveLength(2)
        expect(items.some((i) => i.variant_id === teeM.id)).toBe(false)

        const itemSubtotal = 2 * tee.prices.eur + runner.prices.eur
        const discount = code ? itemSubtotal * 0.1 : 0
        expect(Number(order.item_subtotal)).toBeCloseTo(itemSubtotal, 2)
        expect(Number(order.discount_total)).toBeCloseTo(discount, 2)
        expect(Number(order.shipping_total)).toBeCloseTo(5, 2) // Standard Shipping, eur
        expect(Number(order.total)).toBeCloseTo(itemSubtotal - discount + 5, 2)
        expect(Number(order.summary!.current_order_total)).toBeCloseTo(Number(order.total), 2)
        expect(Number(order.summary!.paid_total)).toBeCloseTo(Number(order.total), 2)
        const codes = order.items!.flatMap((i) => i!.adjustments!.map((a) => a!.code))
        expect([...new Set(codes)]).toEqual(code ? [code] : [])

        expect(order.shipping_address).toMatchObject({ city: "Paris", country_code: "fr", postal_code: "75002" })
        expect(order.billing_address?.city).toBe("Paris")
        expect(order.shipping_methods!.map((m) => m!.name)).toEqual(["Standard Shipping"])
        const payments = order.payment_collections!.flatMap((pc) => pc!.payments!)
        expect(payments.map((p) => p!.provider_id)).toEqual(["pp_system_default"])
        expect(payments[0]!.captured_at).toBeTruthy()
      })

      it("place guest and canceled orders, and a registered customer logs in to the store", async () => {
        const container = getContainer()
        const store = await createStoreBasics(container)
        const us = { ...address, city: "Austin", country_code: "us", postal_code: "78701", province: "TX" }
        const guest = await createCustomer(container, { email: "guest@example.com", registered: false })
        const member = await createCustomer(container, { email: "member@example.com", password: "s3cret-pw" })

        const canceled = await placeOrder(container, {
          customer: guest,
          items: [{ variant_id: store.variants[0].id, quantity: 1 }],
          status: "canceled",
          shipping_address: us,
        })
        const anonymous = await placeOrder(container, {
          email: "walk-in@example.com",
          items: [{ variant_id: store.variants[2].id, quantity: 3 }],
          shipping_address: us,
        })

        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: orders } = await query.graph({
          entity: "order",
          fields: ["id", "status", "currency_code", "canceled_at", "customer.email", "customer.has_account"],
          filters: { id: [canceled.id, anonymous.id] },
        })
        const byId = Object.fromEntries(orders.map((o) => [o.id, o]))
        expect(byId[canceled.id]).toMatchObject({ status: "canceled", currency_code: "usd", customer: { email: "guest@example.com", has_account: false } })
        expect(byId[canceled.id].canceled_at).toBeTruthy()
        expect(byId[anonymous.id]).toMatchObject({ status: "pending", customer: { email: "walk-in@example.com", has_account: false } })

        const login = await api.post("/auth/customer/emailpass", { email: "member@example.com", password: "s3cret-pw" })
        expect(login.status).toBe(200)
        const me = await api.get("/store/customers/me", {
          headers: { authorization: `Bearer ${login.data.token}`, "x-publishable-api-key": store.publishable_key.token },
        })
        expect(me.data.customer.id).toBe(member.id)
        await expect(
          placeOrder(container, { via: "order", email: "x@example.com", items: [{ variant_id: store.variants[0].id, quantity: 1 }], promo_code: "ANY", shipping_address: us })
        ).rejects.toThrow(/via "cart"/)
        const wrong = await api.post("/auth/customer/emailpass", { email: "member@example.com", password: "nope" }).catch((e) => e.response)
        expect(wrong.status).toBe(401)

        const products = await api.get("/store/products", { headers: { "x-publishable-api-key": store.publishable_key.token } })
        expect(products.data.products.map((p: { handle: string }) => p.handle).sort()).toEqual(store.products.map((p) => p.handle).sort())
      })
    })
  },
})
