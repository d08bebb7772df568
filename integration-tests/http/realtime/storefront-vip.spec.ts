import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { groupMembers, segmentMembers, storefrontCheckout, vipConditions, waitFor } from "./helpers"

jest.setTimeout(240 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let store: StoreBasics
    let publishable: Record<string, string>

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      store = await createStoreBasics(container, { productCount: 2, variantsPerProduct: 1 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
    })

    it("a registered customer who orders enough through the storefront enters a realtime VIP segment and its group within seconds, gets the group's prices, and leaves both when orders are canceled", async () => {
      const container = getContainer()
      const tee = store.products[0].variants[0] // 20 eur
      const { data: g } = await api.post("/admin/customer-groups", { name: "VIP" }, admin)
      const group = g.customer_group
      // A price list limited to the VIP group: the tee costs 12 instead of 20.
      await api.post(
        "/admin/price-lists",
        {
          title: "VIP prices",
          description: "for the VIP group",
          type: "sale",
          status: "active",
          rules: { "customer.groups.id": [group.id] },
          prices: [{ variant_id: tee.id, amount: 12, currency_code: "eur" }],
        },
        admin
      )
      const { data: s } = await api.post(
        "/admin/segments",
        { name: "VIP", conditions: vipConditions(100), refresh_mode: "realtime", customer_group_id: group.id },
        admin
      )
      const segment = s.segment

      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "vip@example.com", first_name: "Vera" })
      const teePrice = async () => {
        const { data } = await api.get(`/store/products?region_id=${store.region.id}&fields=*variants.calculated_price`, { headers })
        const product = data.products.find((p: any) => p.id === store.products[0].id)
        return Number(product.variants[0].calculated_price.calculated_amount)
      }
      expect(await teePrice()).toBe(20)

      // First order: 3 tees + 5 shipping = 65, below the threshold.
      const first = await storefrontCheckout(api, store, headers, [{ variant_id: tee.id, quantity: 3 }])
      expect(first.total).toBe(65)
      // The realtime path ran for the order (the activity data shows it) without letting the customer in.
      const service: any = container.resolve("customerSegment")
      await waitFor(
        async () => {
          const [snap] = await service.loadCustomerSnapshots([customer.id])
          return snap?.orders.length === 1
        },
        { what: "first order in the activity data" }
      )
      expect(await segmentMembers(container, segment.id)).toEqual({})

      // Second order: 130 in total: the customer enters the segment and the group within seconds.
      const second = await storefrontCheckout(api, store, headers, [{ variant_id: tee.id, quantity: 3 }])
      const entered = await waitFor(async () => (await groupMembers(container, group.id))[customer.id] === 1, {
        what: "customer in the VIP group",
      })
      expect(entered.ms).toBeLessThan(5000)
      console.log(`[storefront VIP] in segment and group ${entered.ms} ms after the cart completed`)
      expect(await segmentMembers(container, segment.id)).toEqual({ [customer.id]: "auto" })
      const { data: seg } = await api.get(`/admin/segments/${segment.id}`, admin)
      expect(seg.segment.customer_count).toBe(1)
      const { data: mine } = await api.get(`/admin/customers/${customer.id}/segments`, admin)
      expect(JSON.stringify(mine)).toContain(segment.id)

      // The group's price list applies to the moved customer in the storefront...
      expect(await teePrice()).toBe(12)
      // ... and in a new cart.
      const { data: cart } = await api.post("/store/carts", { region_id: store.region.id, items: [{ variant_id: tee.id, quantity: 1 }] }, { headers })
      expect(Number(cart.cart.items[0].unit_price)).toBe(12)

      // Canceling the second order brings the spend back to 65: out of the segment and the group.
      await api.post(`/admin/orders/${second.order_id}/cancel`, {}, admin)
      const left = await waitFor(async () => !(customer.id in (await groupMembers(container, group.id))), {
        what: "customer out of the VIP group",
      })
      expect(left.ms).toBeLessThan(5000)
      console.log(`[storefront VIP] out of segment and group ${left.ms} ms after the cancel`)
      expect(await segmentMembers(container, segment.id)).toEqual({})
      expect(await teePrice()).toBe(20)
      expect(first.order_id).toBeTruthy()
    })
  },
})
