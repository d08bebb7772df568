import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { groupMembers, segmentMembers, waitFor } from "../realtime/helpers"
import { cartUnitPrice, cartWith, Headers, manualSegment, storePrice } from "./helpers"

jest.setTimeout(240 * 1000)

/**
 * Segment prices as a shopper sees them, through the store API: the price list
 * the plugin maintains for a segment's members reaches /store/products and
 * carts through Medusa's own pricing, for members only.
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Headers
    let store: StoreBasics
    let publishable: Record<string, string>

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      store = await createStoreBasics(container, { productCount: 2, variantsPerProduct: 2 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
    })

    it("a member sees 90% in /store/products and in a logged-in cart; a non-member and a guest see the original price; the plugin made the segment's group", async () => {
      const container = getContainer()
      const tee = store.products[0].variants[0] // 20 eur, 22 usd
      const member = await registerStoreCustomer(api, publishable, { email: "member@example.com", first_name: "Mia" })
      const other = await registerStoreCustomer(api, publishable, { email: "other@example.com", first_name: "Otto" })
      const segment = await manualSegment(api, admin, "Friends", [member.customer.id])

      const { data } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 90 }, admin)
      expect(data.rule).toMatchObject({ percentage: 90, segment_id: segment.id })
      // No group was set: the plugin made one, says so, and put the member in it at once.
      expect(data.customer_group).toMatchObject({ name: "Segment: Friends", created_by_plugin: true })
      expect(await groupMembers(container, data.customer_group.id)).toEqual({ [member.customer.id]: 1 })
      const { data: seg } = await api.get(`/admin/segments/${segment.id}`, admin)
      expect(seg.segment.customer_group_id).toBe(data.customer_group.id)
      // One sale price list, limited to that group, holding every variant in both currencies.
      expect(data.price_list).toMatchObject({ type: "sale", status: "active", price_count: 8 })
      const { data: pl } = await api.get(`/admin/price-lists/${data.price_list.id}`, admin)
      expect(pl.price_list.rules).toEqual({ "customer.groups.id": [data.customer_group.id] })
      expect(data.example).toMatchObject({ original_amount: expect.any(Number), segment_amount: expect.any(Number) })
      expect(data.example.segment_amount).toBeCloseTo(data.example.original_amount * 0.9, 2)

      expect(await storePrice(api, store, member.headers, tee.id)).toEqual({ calculated: 18, original: 20, price_list_type: "sale" })
      expect(await storePrice(api, store, member.headers, tee.id, store.regions[1].id)).toMatchObject({ calculated: 19.8, original: 22 })
      expect(await storePrice(api, store, other.headers, tee.id)).toMatchObject({ calculated: 20, original: 20 })
      expect(await storePrice(api, store, publishable, tee.id)).toMatchObject({ calculated: 20, original: 20 })

      expect((await cartWith(api, store, member.headers, tee.id)).unit_price).toBe(18)
      expect((await cartWith(api, store, other.headers, tee.id)).unit_price).toBe(20)
      expect((await cartWith(api, store, publishable, tee.id)).unit_price).toBe(20)
    })

    it("a customer in two segments at 90% and 80% gets the lower price; a customer who joins later gets it too", async () => {
      const container = getContainer()
      const runner = store.products[1].variants[1] // 115 eur
      const both = await registerStoreCustomer(api, publishable, { email: "both@example.com", first_name: "Bo" })
      const late = await registerStoreCustomer(api, publishable, { email: "late@example.com", first_name: "Lea" })
      const ninety = await manualSegment(api, admin, "Ninety", [both.customer.id])
      const eighty = await manualSegment(api, admin, "Eighty", [both.customer.id])
      await api.post(`/admin/segments/${ninety.id}/prices`, { percentage: 90 }, admin)
      const { data } = await api.post(`/admin/segments/${eighty.id}/prices`, { percentage: 80 }, admin)

      expect(await storePrice(api, store, both.headers, runner.id)).toMatchObject({ calculated: 92, original: 115 })
      expect((await cartWith(api, store, both.headers, runner.id)).unit_price).toBe(92)

      // Joining after the rule exists: the membership event moves the customer into the group.
      await api.post(`/admin/segments/${ninety.id}/customers`, { add: [late.customer.id] }, admin)
      await waitFor(async () => (await storePrice(api, store, late.headers, runner.id)).calculated === 103.5, { what: "90% for the late member" })
      expect(await storePrice(api, store, late.headers, runner.id)).toMatchObject({ calculated: 103.5, original: 115 })
      expect(await groupMembers(container, data.customer_group.id)).toEqual({ [both.customer.id]: 1 })
    })

    it("after an original price changes, the segment price follows", async () => {
      const tee = store.products[0].variants[0]
      const member = await registerStoreCustomer(api, publishable, { email: "m2@example.com" })
      const segment = await manualSegment(api, admin, "Members", [member.customer.id])
      await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 90 }, admin)
      expect(await storePrice(api, store, member.headers, tee.id)).toMatchObject({ calculated: 18, original: 20 })

      // The merchant changes the tee's euro price in the admin (Medusa's variant workflow).
      const { data: v } = await api.get(`/admin/products/${tee.product_id}/variants/${tee.id}?fields=*prices`, admin)
      const prices = v.variant.prices.map((p: any) => ({ id: p.id, currency_code: p.currency_code, amount: p.currency_code === "eur" ? 30 : p.amount }))
      await api.post(`/admin/products/${tee.product_id}/variants/${tee.id}`, { prices }, admin)

      await waitFor(async () => (await storePrice(api, store, member.headers, tee.id)).calculated === 27, { what: "the segment price to follow" })
      expect(await storePrice(api, store, member.headers, tee.id)).toEqual({ calculated: 27, original: 30, price_list_type: "sale" })
      expect((await cartWith(api, store, member.headers, tee.id)).unit_price).toBe(27)
    })

    it("after a customer leaves a realtime segment, the prices of their open cart change back", async () => {
      const container = getContainer()
      const tee = store.products[0].variants[0]
      const { data: s } = await api.post(
        "/admin/segments",
        {
          name: "Ritas",
          refresh_mode: "realtime",
          conditions: { combinator: "and", rules: [{ field: "customer.first_name", operator: "eq", value: "Rita" }] },
        },
        admin
      )
      await api.post(`/admin/segments/${s.segment.id}/prices`, { percentage: 90 }, admin)
      const rita = await registerStoreCustomer(api, publishable, { email: "rita@example.com", first_name: "Rita" })
      await waitFor(async () => rita.customer.id in (await segmentMembers(container, s.segment.id)), { what: "Rita in the segment" })
      await waitFor(async () => (await storePrice(api, store, rita.headers, tee.id)).calculated === 18, { what: "Rita sees 90%" })
      const cart = await cartWith(api, store, rita.headers, tee.id)
      expect(cart.unit_price).toBe(18)

      await api.post(`/admin/customers/${rita.customer.id}`, { first_name: "Rosa" }, admin)
      await waitFor(async () => !(rita.customer.id in (await segmentMembers(container, s.segment.id))), { what: "out of the segment" })
      const back = await waitFor(async () => (await cartUnitPrice(api, rita.headers, cart.id)) === 20, { what: "the open cart back at 20" })
      console.log(`[segment prices] open cart repriced ${back.ms} ms after the customer left`)
      expect(await storePrice(api, store, rita.headers, tee.id)).toMatchObject({ calculated: 20, original: 20 })
    })
  },
})
