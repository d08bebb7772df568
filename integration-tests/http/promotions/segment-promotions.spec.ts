import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"

jest.setTimeout(240 * 1000)

type Headers = Record<string, string>

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Headers }
    let store: StoreBasics
    let publishable: Headers
    let vip: { customer: any; headers: Headers }
    let other: { customer: any; headers: Headers }
    let vipSegment: string

    /** A manual segment through the admin API; members join through it too, which emits the membership events. */
    const createSegment = async (name: string, customerIds: string[] = []) => {
      const { data } = await api.post("/admin/segments", { name, membership: "manual", refresh_mode: "manual" }, admin)
      if (customerIds.length) await api.post(`/admin/segments/${data.segment.id}/customers`, { add: customerIds }, admin)
      return data.segment.id as string
    }

    /** A 10% promotion on the items, through the admin API, with the given rules. */
    const createPromotion = async (input: {
      code: string
      automatic?: boolean
      rules?: Array<{ attribute: string; operator: string; values: string[] }>
      currency_code?: string
    }) => {
      const { data } = await api.post(
        "/admin/promotions",
        {
          code: input.code,
          type: "standard",
          status: "active",
          is_automatic: input.automatic ?? false,
          application_method: {
            type: "percentage",
            target_type: "items",
            allocation: "across",
            value: 10,
            ...(input.currency_code ? { currency_code: input.currency_code } : {}),
          },
          rules: input.rules ?? [],
        },
        admin
      )
      return data.promotion
    }
    const segmentRule = (operator: "in" | "ne", ids: string[]) => ({ attribute: "customer_segment_ids", operator, values: ids })

    /** A storefront cart with one item, as the shopper's browser makes it. */
    const createCart = async (headers: Headers, regionIndex = 0) => {
      const variant = store.variants[0]
      const { data } = await api.post(
        "/store/carts",
        { region_id: store.regions[regionIndex].id, items: [{ variant_id: variant.id, quantity: 2 }] },
        { headers }
      )
      return data.cart.id as string
    }
    const readCart = async (cartId: string) => {
      const { data } = await api.get(`/store/carts/${cartId}?fields=id,customer_id,item_subtotal,discount_total,*promotions`, {
        headers: publishable,
      })
      return {
        discount: Number(data.cart.discount_total),
        subtotal: Number(data.cart.item_subtotal),
        codes: (data.cart.promotions ?? []).map((p: any) => p.code).sort(),
      }
    }
    const applyCode = async (cartId: string, headers: Headers, code: string) =>
      api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [code] }, { headers }).catch((e: any) => e.response)
    /** Waits for the membership subscriber to recompute the cart (it runs after the admin request returns). */
    const waitForCart = async (cartId: string, predicate: (c: Awaited<ReturnType<typeof readCart>>) => boolean) => {
      const deadline = Date.now() + 15000
      let last = await readCart(cartId)
      while (!predicate(last) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200))
        last = await readCart(cartId)
      }
      return last
    }
    const tenPercent = (c: { discount: number; subtotal: number }) => Math.abs(c.discount - c.subtotal * 0.1) < 0.01

    beforeEach(async () => {
      const container = getContainer()
      store = await createStoreBasics(container, { productCount: 1, variantsPerProduct: 1 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
      admin = await createAdminHeaders(container)
      vip = await registerStoreCustomer(api, publishable, { email: "vip@example.com", first_name: "Vera" })
      other = await registerStoreCustomer(api, publishable, { email: "other@example.com", first_name: "Otto" })
      vipSegment = await createSegment("VIP", [vip.customer.id])
    })

    it("an automatic 10% promotion for segment VIP applies to a VIP customer's cart, not to another's or a guest's", async () => {
      await createPromotion({ code: "VIP10", automatic: true, rules: [segmentRule("in", [vipSegment])] })

      const vipCart = await readCart(await createCart(vip.headers))
      expect(vipCart.codes).toEqual(["VIP10"])
      expect(vipCart.discount).toBeGreaterThan(0)
      expect(tenPercent(vipCart)).toBe(true)

      const otherCart = await readCart(await createCart(other.headers))
      expect(otherCart).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
      const guestCart = await readCart(await createCart(publishable))
      expect(guestCart).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
    })

    it("a promotion code for segment VIP applies for a VIP customer only", async () => {
      await createPromotion({ code: "VIPCODE", rules: [segmentRule("in", [vipSegment])] })

      const vipCartId = await createCart(vip.headers)
      expect(await readCart(vipCartId)).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
      const applied = await applyCode(vipCartId, vip.headers, "VIPCODE")
      expect(applied.status).toBe(200)
      const vipCart = await readCart(vipCartId)
      expect(vipCart.codes).toEqual(["VIPCODE"])
      expect(tenPercent(vipCart)).toBe(true)

      const otherCartId = await createCart(other.headers)
      await applyCode(otherCartId, other.headers, "VIPCODE")
      expect(await readCart(otherCartId)).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
    })

    it('"is not one of" applies to a customer in no segment at all and to a guest, not to a member', async () => {
      await createPromotion({ code: "NOTVIP", automatic: true, rules: [segmentRule("ne", [vipSegment])] })

      const otherCart = await readCart(await createCart(other.headers))
      expect(otherCart.codes).toEqual(["NOTVIP"])
      expect(tenPercent(otherCart)).toBe(true)
      const guestCart = await readCart(await createCart(publishable))
      expect(guestCart.codes).toEqual(["NOTVIP"])
      expect(tenPercent(guestCart)).toBe(true)
      const vipCart = await readCart(await createCart(vip.headers))
      expect(vipCart).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
    })

    it("when a customer enters or leaves the segment, their open cart gains or loses the discount on its own", async () => {
      await createPromotion({ code: "VIP10", automatic: true, rules: [segmentRule("in", [vipSegment])] })
      const cartId = await createCart(other.headers)
      expect(await readCart(cartId)).toEqual(expect.objectContaining({ discount: 0, codes: [] }))

      await api.post(`/admin/segments/${vipSegment}/customers`, { add: [other.customer.id] }, admin)
      const gained = await waitForCart(cartId, (c) => c.discount > 0)
      expect(gained.codes).toEqual(["VIP10"])
      expect(tenPercent(gained)).toBe(true)

      await api.post(`/admin/segments/${vipSegment}/customers`, { remove: [other.customer.id] }, admin)
      const lost = await waitForCart(cartId, (c) => c.discount === 0)
      expect(lost).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
    })

    it("a promotion with a segment rule and a native currency rule applies only when both hold", async () => {
      await createPromotion({ code: "VIPUSD", automatic: true, currency_code: "usd", rules: [segmentRule("in", [vipSegment])] })

      expect(await readCart(await createCart(vip.headers, 0))).toEqual(expect.objectContaining({ discount: 0, codes: [] })) // eur
      const vipUsd = await readCart(await createCart(vip.headers, 1))
      expect(vipUsd.codes).toEqual(["VIPUSD"])
      expect(tenPercent(vipUsd)).toBe(true)
      expect(await readCart(await createCart(other.headers, 1))).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
    })

    it("a promotion with a segment rule and a customer-group rule applies only when both hold", async () => {
      const { data } = await api.post("/admin/customer-groups", { name: "Wholesale" }, admin)
      const group = data.customer_group.id
      await api.post(`/admin/customer-groups/${group}/customers`, { add: [other.customer.id] }, admin)
      await createPromotion({
        code: "VIPGROUP",
        automatic: true,
        rules: [segmentRule("in", [vipSegment]), { attribute: "customer.groups.id", operator: "in", values: [group] }],
      })

      // VIP but not in the group; in the group but not VIP.
      expect(await readCart(await createCart(vip.headers))).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
      expect(await readCart(await createCart(other.headers))).toEqual(expect.objectContaining({ discount: 0, codes: [] }))

      await api.post(`/admin/customer-groups/${group}/customers`, { add: [vip.customer.id] }, admin)
      const both = await readCart(await createCart(vip.headers))
      expect(both.codes).toEqual(["VIPGROUP"])
      expect(tenPercent(both)).toBe(true)
    })

    describe("admin segment rule route", () => {
      it("sets, changes, reads and removes a promotion's segment rule, with segment names", async () => {
        const promotion = await createPromotion({ code: "RULED", automatic: true })
        const url = `/admin/promotions/${promotion.id}/segment-rule`
        const bigSpenders = await createSegment("Big spenders")

        expect((await api.get(url, admin)).data).toEqual({ rule: null })

        const { data: set } = await api.post(url, { operator: "in", segment_ids: [vipSegment] }, admin)
        expect(set.rule).toEqual({
          id: expect.stringMatching(/^prorul_/),
          operator: "in",
          segment_ids: [vipSegment],
          segments: [{ id: vipSegment, name: "VIP" }],
        })
        // It is a real promotion rule: the VIP cart gets the discount.
        expect((await readCart(await createCart(vip.headers))).codes).toEqual(["RULED"])

        const { data: changed } = await api.post(url, { operator: "ne", segment_ids: [vipSegment, bigSpenders, vipSegment] }, admin)
        expect(changed.rule).toEqual({
          id: set.rule.id,
          operator: "ne",
          segment_ids: [vipSegment, bigSpenders],
          segments: [
            { id: vipSegment, name: "VIP" },
            { id: bigSpenders, name: "Big spenders" },
          ],
        })
        expect((await api.get(url, admin)).data).toEqual(changed)
        expect((await readCart(await createCart(vip.headers))).codes).toEqual([])
        expect((await readCart(await createCart(other.headers))).codes).toEqual(["RULED"])

        expect((await api.delete(url, admin)).data).toEqual({ rule: null })
        expect((await api.get(url, admin)).data).toEqual({ rule: null })
        const { data: after } = await api.get(`/admin/promotions/${promotion.id}?fields=id,*rules`, admin)
        expect(after.promotion.rules).toEqual([])
        // Removing twice is harmless.
        expect((await api.delete(url, admin)).data).toEqual({ rule: null })
      })

      it("keeps the promotion's other rules and answers 400/404 for bad input, never a 500", async () => {
        const promotion = await createPromotion({
          code: "OTHERRULES",
          rules: [{ attribute: "currency_code", operator: "in", values: ["eur"] }],
        })
        const url = `/admin/promotions/${promotion.id}/segment-rule`
        await api.post(url, { operator: "in", segment_ids: [vipSegment] }, admin)
        await api.delete(url, admin)
        const { data } = await api.get(`/admin/promotions/${promotion.id}?fields=id,*rules`, admin)
        expect(data.promotion.rules.map((r: any) => r.attribute)).toEqual(["currency_code"])

        const fail = (p: Promise<unknown>) => p.then(() => ({ status: 200, data: null }) as any, (e: any) => e.response)
        const unknownSegment = await fail(api.post(url, { operator: "in", segment_ids: ["cseg_nope"] }, admin))
        expect(unknownSegment.status).toBe(400)
        expect(unknownSegment.data.message).toContain("cseg_nope")
        expect((await fail(api.post(url, { operator: "eq", segment_ids: [vipSegment] }, admin))).status).toBe(400)
        expect((await fail(api.post(url, { operator: "in", segment_ids: [] }, admin))).status).toBe(400)
        expect((await fail(api.post(url, { operator: "in", segment_ids: [vipSegment], extra: 1 }, admin))).status).toBe(400)
        const missing = "/admin/promotions/promo_nope/segment-rule"
        expect((await fail(api.get(missing, admin))).status).toBe(404)
        expect((await fail(api.post(missing, { operator: "in", segment_ids: [vipSegment] }, admin))).status).toBe(404)
        expect((await fail(api.delete(missing, admin))).status).toBe(404)
        expect((await fail(api.get(url, {}))).status).toBe(401)
      })
    })

    it("deleting a segment leaves no promotion that errors, and no VIP-only discount opened to everyone", async () => {
      const loyal = await createSegment("Loyal", [other.customer.id])
      const both = await createPromotion({ code: "BOTH", automatic: true, rules: [segmentRule("in", [vipSegment, loyal])] })
      const onlyVip = await createPromotion({ code: "ONLYVIP", automatic: true, rules: [segmentRule("in", [vipSegment])] })
      const notVip = await createPromotion({ code: "NOTVIP", rules: [segmentRule("ne", [vipSegment])] })
      const vipCartId = await createCart(vip.headers)
      expect((await readCart(vipCartId)).codes).toEqual(["BOTH", "ONLYVIP"])

      await api.delete(`/admin/segments/${vipSegment}`, admin)

      const rule = async (id: string) => (await api.get(`/admin/promotions/${id}/segment-rule`, admin)).data.rule
      expect(await rule(both.id)).toEqual(expect.objectContaining({ operator: "in", segment_ids: [loyal], segments: [{ id: loyal, name: "Loyal" }] }))
      expect(await rule(onlyVip.id)).toBeNull()
      expect(await rule(notVip.id)).toBeNull()
      const status = async (id: string) => (await api.get(`/admin/promotions/${id}`, admin)).data.promotion.status
      expect(await status(onlyVip.id)).toBe("inactive")
      expect(await status(both.id)).toBe("active")
      expect(await status(notVip.id)).toBe("active")

      // The former VIP's open cart loses its discounts on its own; carts still work for everyone.
      const vipCart = await waitForCart(vipCartId, (c) => c.discount === 0)
      expect(vipCart).toEqual(expect.objectContaining({ discount: 0, codes: [] }))
      expect((await readCart(await createCart(other.headers))).codes).toEqual(["BOTH"])
      const guestCartId = await createCart(publishable)
      expect((await applyCode(guestCartId, publishable, "NOTVIP")).status).toBe(200)
      expect((await readCart(guestCartId)).codes).toEqual(["NOTVIP"])
    })
  },
})
