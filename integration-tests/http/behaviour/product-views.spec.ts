import { integrationTestRunner } from "../../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { PARIS, segmentMembers, waitFor } from "../realtime/helpers"
import { pruneProductViewsWorkflow } from "../../../src/workflows/behaviour/prune-product-views"

jest.setTimeout(240 * 1000)

const ANON = "anon-0123456789abcdef"

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let store: StoreBasics
    let publishable: Record<string, string>
    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const views = async (where: Record<string, unknown> = {}) =>
      knex()("customer_segment_product_view").where(where).orderBy("viewed_at").select("customer_id", "anonymous_id", "product_id", "collection_id", "category_ids", "product_metadata")
    const post = (body: unknown, headers: Record<string, string> = publishable) =>
      api.post("/store/segments/events", body, { headers }).catch((e: any) => e.response)

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      store = await createStoreBasics(container, { productCount: 2, variantsPerProduct: 1 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
    })

    it("records a logged-in customer's view for that customer (from the session), with the product's collection, categories and metadata", async () => {
      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "viewer@example.com" })
      const p = store.products[0]
      const res = await post({ type: "product_viewed", product_id: p.id }, headers)
      expect(res.status).toBe(201)
      expect(res.data.event).toMatchObject({ type: "product_viewed", product_id: p.id, customer: true })
      expect(await views()).toEqual([
        {
          customer_id: customer.id,
          anonymous_id: null,
          product_id: p.id,
          collection_id: p.collection_id,
          category_ids: [p.category_id],
          product_metadata: expect.objectContaining({ manufacturer: p.metadata.manufacturer }),
        },
      ])
      // the in-memory engine sees it
      const [snap] = await getContainer().resolve("customerSegment").loadCustomerSnapshots([customer.id])
      expect(snap.views.map((v: any) => v.product_id)).toEqual([p.id])
    })

    it("never takes a customer id from the body; refuses bad input with a 400 naming it, unknown or unpublished products with a 404; records nothing then", async () => {
      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "other@example.com" })
      const p = store.products[0]
      const bad = [
        [{ type: "product_viewed", product_id: p.id, customer_id: customer.id, anonymous_id: ANON }, 400, /customer_id/],
        [{ type: "product_viewed" }, 400, /product_id/],
        [{ type: "clicked", product_id: p.id }, 400, /type/],
        [{ type: "product_viewed", product_id: p.id, anonymous_id: "short" }, 400, /anonymous_id/],
        [{ type: "product_viewed", product_id: p.id, anonymous_id: "x'; drop table product;--0123" }, 400, /anonymous_id/],
        [{ type: "product_viewed", product_id: p.id, cart_id: "not-a-cart" }, 400, /cart_id/],
        [{ type: "product_viewed", product_id: p.id }, 400, /anonymous_id or cart_id/],
        [{ type: "product_viewed", product_id: "prod_unknown", anonymous_id: ANON }, 404, /prod_unknown/],
        [{ type: "identify", anonymous_id: ANON }, 401, /logged-in/],
      ] as const
      for (const [body, status, message] of bad) {
        const res = await post(body)
        expect({ body, status: res.status }).toEqual({ body, status })
        expect(res.data.type).toEqual(expect.any(String))
        expect(res.data.message).toMatch(message)
      }
      // a draft product is not for the storefront
      await api.post(`/admin/products/${p.id}`, { status: "draft" }, admin)
      const draft = await post({ type: "product_viewed", product_id: p.id }, headers)
      expect(draft.status).toBe(404)
      // without a publishable key Medusa refuses every store route
      const noKey = await api.post("/store/segments/events", { type: "product_viewed", product_id: p.id, anonymous_id: ANON }).catch((e: any) => e.response)
      expect(noKey.status).toBe(400)
      expect(await views()).toEqual([])
    })

    it("a guest's views (anonymous id) count for no one until the customer logs in and identifies; then a segment on them matches, also in real time", async () => {
      const [p1, p2] = store.products
      const { data: s } = await api.post(
        "/admin/segments",
        {
          name: "Viewed the first product twice",
          refresh_mode: "realtime",
          conditions: { combinator: "and", rules: [{ field: "views.product_ids", operator: "in", value: [p1.id], params: { min_count: 2, within_days: 7 } }] },
        },
        admin
      )
      expect((await post({ type: "product_viewed", product_id: p1.id, anonymous_id: ANON })).status).toBe(201)
      expect((await post({ type: "product_viewed", product_id: p2.id, anonymous_id: ANON })).status).toBe(201)
      expect(await views({ anonymous_id: ANON, customer_id: null })).toHaveLength(2)

      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "guest-then-customer@example.com" })
      const preview = (conditions: unknown) => api.post("/admin/segments/preview", { conditions }, admin).then((r: any) => r.data.count)
      const viewedP1 = { combinator: "and", rules: [{ field: "views.product_ids", operator: "in", value: [p1.id] }] }
      expect(await preview(viewedP1)).toBe(0)

      // logged in, the storefront names its anonymous id: the guest's views become the customer's
      const id = await post({ type: "identify", anonymous_id: ANON }, headers)
      expect(id.status).toBe(200)
      expect(id.data.event.linked).toBe(2)
      expect(await views({ customer_id: customer.id })).toHaveLength(2)
      expect(await preview(viewedP1)).toBe(1)
      // identifying again links nothing more; another customer cannot take the views over
      expect((await post({ type: "identify", anonymous_id: ANON }, headers)).data.event.linked).toBe(0)
      const thief = await registerStoreCustomer(api, publishable, { email: "thief@example.com" })
      expect((await post({ type: "identify", anonymous_id: ANON }, thief.headers)).data.event.linked).toBe(0)
      expect(await views({ customer_id: customer.id })).toHaveLength(2)

      // one more view of p1 while logged in: the realtime segment (2 views of p1) takes the customer in
      expect(await segmentMembers(getContainer(), s.segment.id)).toEqual({})
      expect((await post({ type: "product_viewed", product_id: p1.id }, headers)).status).toBe(201)
      const joined = await waitFor(async () => (await segmentMembers(getContainer(), s.segment.id))[customer.id] === "auto", {
        what: "viewer in the realtime segment",
      })
      // how soon is the benchmark's business (npm run bench); here only that it happens
      console.log(`[views] realtime segment joined ${joined.ms} ms after the view`)
    })

    it("views recorded with a cart id become the customer's when the cart is transferred to them, or when a guest places the order", async () => {
      const p = store.products[0]
      const variant = p.variants[0]
      // a guest browses with a cart
      const { data: c1 } = await api.post("/store/carts", { region_id: store.region.id }, { headers: publishable })
      expect((await post({ type: "product_viewed", product_id: p.id, cart_id: c1.cart.id })).status).toBe(201)
      // then logs in; the storefront transfers the cart to the customer (Medusa's own route)
      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "cart-owner@example.com" })
      await api.post(`/store/carts/${c1.cart.id}/customer`, {}, { headers })
      await waitFor(async () => (await views({ customer_id: customer.id })).length === 1, { what: "views linked on cart transfer" })

      // a guest checkout: the order's customer gets the views of its cart
      const h = { headers: publishable }
      const { data: c2 } = await api.post(
        "/store/carts",
        { region_id: store.region.id, email: "guest-buyer@example.com", items: [{ variant_id: variant.id, quantity: 1 }] },
        h
      )
      const cartId = c2.cart.id
      expect((await post({ type: "product_viewed", product_id: p.id, cart_id: cartId })).status).toBe(201)
      await api.post(`/store/carts/${cartId}`, { shipping_address: PARIS, billing_address: PARIS }, h)
      await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shipping_option.id }, h)
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, h)
      const { data: done } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
      expect(done.type).toBe("order")
      const buyer = (await knex()("order").where({ id: done.order.id }).first("customer_id")).customer_id
      expect(buyer).toEqual(expect.any(String))
      await waitFor(async () => (await views({ customer_id: buyer })).length === 1, { what: "views linked on order.placed" })
      expect(await views({ customer_id: null })).toEqual([])
    })

    it("the daily job deletes views older than the retention (365 days by default) and keeps the rest", async () => {
      const p = store.products[0]
      expect((await post({ type: "product_viewed", product_id: p.id, anonymous_id: ANON })).status).toBe(201)
      const day = 86_400_000
      await knex()("customer_segment_product_view").insert([
        { id: "cspv_old", anonymous_id: ANON, product_id: p.id, viewed_at: new Date(Date.now() - 366 * day) },
        { id: "cspv_keep", anonymous_id: ANON, product_id: p.id, viewed_at: new Date(Date.now() - 364 * day) },
      ])
      const { result } = await pruneProductViewsWorkflow(getContainer()).run({ input: {} })
      expect(result).toMatchObject({ deleted: 1, retention_days: 365 })
      const left = await knex()("customer_segment_product_view").pluck("id")
      expect(left).toHaveLength(2)
      expect(left).toContain("cspv_keep")
    })
  },
})
