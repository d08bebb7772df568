import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { segmentMembers, storefrontCheckout, waitFor } from "../realtime/helpers"

jest.setTimeout(240 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let store: StoreBasics
    let publishable: Record<string, string>
    const call = (p: Promise<any>) => p.catch((e: any) => e.response)

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      store = await createStoreBasics(container, { productCount: 3, variantsPerProduct: 2 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
    })

    it("a customer lists, adds and removes only their own wishlist items; bad input is a 400, unknown products and others' items a 404, nothing half-applied", async () => {
      const ann = await registerStoreCustomer(api, publishable, { email: "ann@example.com" })
      const bob = await registerStoreCustomer(api, publishable, { email: "bob@example.com" })
      const [p1, p2] = store.products
      const W = "/store/customers/me/wishlist"

      const added = await api.post(W, { product_id: p1.id, variant_id: p1.variants[1].id }, { headers: ann.headers })
      expect(added.status).toBe(201)
      expect(added.data.wishlist_item).toMatchObject({ product_id: p1.id, variant_id: p1.variants[1].id, sku: p1.variants[1].sku })
      // adding it again changes nothing
      const again = await api.post(W, { product_id: p1.id, variant_id: p1.variants[1].id }, { headers: ann.headers })
      expect(again.status).toBe(200)
      expect(again.data).toMatchObject({ created: false, wishlist_item: { id: added.data.wishlist_item.id } })
      expect((await api.post(W, { product_id: p2.id }, { headers: ann.headers })).status).toBe(201)

      const list = await api.get(W, { headers: ann.headers })
      expect(list.data.count).toBe(2)
      expect(list.data.wishlist_items.map((i: any) => i.product_id)).toEqual([p2.id, p1.id])
      expect((await api.get(W, { headers: bob.headers })).data.count).toBe(0)

      const bad = [
        [{ product_id: p1.id, customer_id: bob.customer.id }, 400, /customer_id/],
        [{}, 400, /product_id/],
        [{ product_id: p1.id, variant_id: p2.variants[0].id }, 400, /not a variant/],
        [{ product_id: "prod_nope" }, 404, /prod_nope/],
      ] as const
      for (const [body, status, message] of bad) {
        const res = await call(api.post(W, body, { headers: bob.headers }))
        expect({ body, status: res.status }).toEqual({ body, status })
        expect(res.data.message).toMatch(message)
      }
      expect((await api.get(W, { headers: bob.headers })).data.count).toBe(0)

      // Bob cannot remove Ann's item: not found, and it stays
      const annItem = added.data.wishlist_item.id
      const stolen = await call(api.delete(`${W}/${annItem}`, { headers: bob.headers }))
      expect(stolen.status).toBe(404)
      expect((await api.get(W, { headers: ann.headers })).data.count).toBe(2)
      const removed = await api.delete(`${W}/${annItem}`, { headers: ann.headers })
      expect(removed.data).toEqual({ id: annItem, object: "wishlist_item", deleted: true })
      expect((await api.get(W, { headers: ann.headers })).data.wishlist_items.map((i: any) => i.product_id)).toEqual([p2.id])
      expect((await call(api.delete(`${W}/${annItem}`, { headers: ann.headers }))).status).toBe(404)

      // without a session: 401
      expect((await call(api.get(W, { headers: publishable }))).status).toBe(401)

      // the admin sees Ann's wishlist on her page, with titles
      const { data: adm } = await api.get(`/admin/customers/${ann.customer.id}/wishlist`, admin)
      expect(adm.wishlist_items).toEqual([expect.objectContaining({ product_id: p2.id, product_title: p2.title })])
      expect((await call(api.get(`/admin/customers/cus_nope/wishlist`, admin))).status).toBe(404)
    })

    it("GET /admin/segments/conditions lists the views and wishlist fields with their pickers and params", async () => {
      const { data } = await api.get("/admin/segments/conditions", admin)
      const byName = Object.fromEntries(data.fields.map((f: any) => [f.name, f]))
      expect(byName["views.product_ids"]).toMatchObject({ group: "Views", type: "id_list", picker: "product" })
      expect(byName["views.product_ids"].params.map((p: any) => p.name)).toEqual(["within_days", "min_count"])
      expect(byName["views.attribute"].params.map((p: any) => p.name)).toEqual(["key", "within_days", "min_count"])
      expect(byName["views.not_purchased_product_ids"]).toMatchObject({ picker: "product" })
      expect(byName["wishlist.skus"]).toMatchObject({ group: "Wishlist", picker: "sku" })
      expect(byName["wishlist.collection_ids"]).toMatchObject({ picker: "collection" })
      expect(byName["wishlist.attribute"]).toMatchObject({ type: "string" })
      // a rule on them validates like any other: a bad param is a 400 naming its path
      const res = await call(
        api.post("/admin/segments/preview", { conditions: { combinator: "and", rules: [{ field: "views.product_ids", operator: "in", value: ["p"], params: { min_count: 0 } }] } }, admin)
      )
      expect(res.status).toBe(400)
      expect(res.data.message).toMatch(/rules\[0\]\.params\.min_count/)
    })

    it("'Wishlist but not bought' and wishlist conditions follow the wishlist in real time, and a purchase takes the customer out", async () => {
      const { data: tpl } = await api.get("/admin/segments/templates", admin)
      const template = tpl.templates.find((t: any) => t.id === "wishlist-not-bought")
      expect(template).toBeTruthy()
      const { data: s } = await api.post("/admin/segments", { ...template.segment, refresh_mode: "realtime" }, admin)
      const { data: byBrand } = await api.post(
        "/admin/segments",
        {
          name: "Wishes for a brand",
          refresh_mode: "realtime",
          conditions: {
            combinator: "and",
            rules: [{ field: "wishlist.attribute", operator: "eq", value: store.products[0].metadata.manufacturer, params: { key: "manufacturer" } }],
          },
        },
        admin
      )
      const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "wisher@example.com" })
      const p = store.products[0]
      const member = (id: string) => async () => (await segmentMembers(getContainer(), id))[customer.id] === "auto"
      const { data: added } = await api.post("/store/customers/me/wishlist", { product_id: p.id }, { headers })
      const joined = await waitFor(member(s.segment.id), { what: "wisher in 'Wishlist but not bought'" })
      await waitFor(member(byBrand.segment.id), { what: "wisher in the brand segment" })
      console.log(`[wishlist] realtime segment joined ${joined.ms} ms after the add`)

      // buying the product: no longer "not bought"
      await storefrontCheckout(api, store, headers, [{ variant_id: p.variants[0].id, quantity: 1 }])
      await waitFor(async () => !(await member(s.segment.id)()), { what: "buyer out of 'Wishlist but not bought'" })
      expect(await member(byBrand.segment.id)()).toBe(true)

      // removing the item: out of the brand segment
      await api.delete(`/store/customers/me/wishlist/${added.wishlist_item.id}`, { headers })
      await waitFor(async () => !(await member(byBrand.segment.id)()), { what: "out of the brand segment" })
    })
  },
})
