import { integrationTestRunner } from "../../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { syncSegmentPricesWorkflow } from "../../../src/workflows/prices/sync-segment-prices"
import { runSegmentPriceReconciliation } from "../../../src/jobs/reconcile-segment-prices"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { waitFor } from "../realtime/helpers"
import { Headers, manualSegment, storePrice } from "./helpers"

jest.setTimeout(240 * 1000)

// A workflow that recomputes a segment's prices and then fails: everything it wrote must be undone.
const failAfterStep = createStep("test-fail-after-segment-prices", async () => {
  throw new Error("a later step failed")
  return new StepResponse(null)
})
const syncThenFailWorkflow = createWorkflow(
  "test-sync-segment-prices-then-fail",
  (input: { segment_id: string; chunk_size: number; workflow_limit?: number }) => {
    syncSegmentPricesWorkflow.runAsStep({ input })
    failAfterStep()
    return new WorkflowResponse(null)
  }
)

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

    const activePriceLists = async () => {
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      return (await knex("price_list").whereNull("deleted_at").select("id")).map((r: any) => r.id)
    }
    const listPrices = async (priceListId: string) => {
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      return (await knex("price").where({ price_list_id: priceListId }).whereNull("deleted_at").select("id")).length
    }

    it("rejects bad rules with a 400 naming the problem, and applies nothing", async () => {
      const segment = await manualSegment(api, admin, "Careful", [])
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ percentage: 0 }, /'percentage' too small/],
        [{ percentage: 100.5 }, /'percentage' too big, expected at most: '100'/],
        [{ percentage: "90" }, /type: 'number' for field 'percentage'/],
        [{}, /'percentage' is required/],
        [{ percentage: 90, collection_ids: ["pcol_nope"] }, /collection_ids: unknown collection pcol_nope/],
        [{ percentage: 90, category_ids: ["pcat_nope"] }, /category_ids: unknown category pcat_nope/],
        [{ percentage: 90, type_ids: ["ptyp_nope"] }, /type_ids: unknown product type ptyp_nope/],
        [{ percentage: 90, tag_ids: [store.tags.organic, "ptag_nope"] }, /tag_ids: unknown product tag ptag_nope/],
        [{ percentage: 90, product_ids: ["prod_nope"] }, /product_ids: unknown product prod_nope/],
        [{ percentage: 90, region_ids: ["reg_nope"] }, /region_ids: unknown region reg_nope/],
        [{ percentage: 90, currency_codes: ["jpy"] }, /currency_codes: jpy is not a currency of the store/],
        [{ percentage: 90, currency_codes: ["euro"] }, /currency_codes must hold ISO 4217 codes/],
        [{ percentage: 90, colour: "red" }, /Unrecognized fields: 'colour'/],
      ]
      for (const [body, message] of bad) {
        const err = await api.post(`/admin/segments/${segment.id}/prices`, body, admin).catch((e: any) => e.response)
        expect({ body, status: err.status }).toEqual({ body, status: 400 })
        expect(err.data).toMatchObject({ type: "invalid_data", message: expect.stringMatching(message) })
      }
      const missing = await api.post(`/admin/segments/cseg_nope/prices`, { percentage: 90 }, admin).catch((e: any) => e.response)
      expect(missing.status).toBe(404)

      // Nothing half-applied: no rule, no price list, no group made for the segment.
      const { data } = await api.get(`/admin/segments/${segment.id}/prices`, admin)
      expect(data).toEqual({ rules: [], price_list: null, customer_group: null, example: null })
      expect(await activePriceLists()).toEqual([])
      const { data: groups } = await api.get(`/admin/customer-groups?q=Careful`, admin)
      expect(groups.customer_groups).toEqual([])

      // The same checks on an update, which leaves the rule as it was.
      const { data: created } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 90 }, admin)
      const err = await api.post(`/admin/segments/${segment.id}/prices/${created.rule.id}`, { percentage: -5 }, admin).catch((e: any) => e.response)
      expect(err.status).toBe(400)
      const unknownTag = await api
        .post(`/admin/segments/${segment.id}/prices/${created.rule.id}`, { tag_ids: ["ptag_nope"] }, admin)
        .catch((e: any) => e.response)
      expect(unknownTag.data.message).toMatch(/tag_ids: unknown product tag ptag_nope/)
      const noRule = await api.post(`/admin/segments/${segment.id}/prices/csegpr_nope`, { percentage: 50 }, admin).catch((e: any) => e.response)
      expect(noRule.status).toBe(404)
      const { data: after } = await api.get(`/admin/segments/${segment.id}/prices`, admin)
      expect(after.rules).toMatchObject([{ id: created.rule.id, percentage: 90, tag_ids: null }])
    })

    it("limits rules to chosen collections, categories, types, tags, products, currencies and regions, and follows products into them", async () => {
      const [tee, runner] = [store.products[0], store.products[1]] // tee: Essentials, Shirts, Apparel, organic+bestseller; runner: Outdoor, Shoes, Footwear, bestseller
      const customers = await Promise.all(
        ["col", "cat", "typ", "reg"].map((n) => registerStoreCustomer(api, publishable, { email: `${n}@example.com` }))
      )
      const [col, cat, typ, reg] = customers
      const seg = async (name: string, who: typeof col, rule: Record<string, unknown>) => {
        const s = await manualSegment(api, admin, name, [who.customer.id])
        return (await api.post(`/admin/segments/${s.id}/prices`, rule, admin)).data
      }
      await seg("Essentials in euros", col, { percentage: 50, collection_ids: [store.collections.Essentials], currency_codes: ["eur"] })
      await seg("Sweatshirts", cat, { percentage: 70, category_ids: [store.categories.Sweatshirts] })
      await seg("Footwear or organic", typ, { percentage: 60, type_ids: [store.types.Footwear], tag_ids: [store.tags.organic] })
      await seg("Americas", reg, { percentage: 80, region_ids: [store.regions[1].id], product_ids: [tee.id] })
      const price = (who: typeof col, variant: string, region?: string) => storePrice(api, store, who.headers, variant, region)
      const [teeS, runnerS] = [tee.variants[0].id, runner.variants[0].id] // 20 eur / 22 usd; 110 eur / 121 usd

      expect((await price(col, teeS)).calculated).toBe(10)
      expect((await price(col, teeS, store.regions[1].id)).calculated).toBe(22) // euros only
      expect((await price(col, runnerS)).calculated).toBe(110) // not in Essentials
      expect((await price(cat, teeS)).calculated).toBe(20) // no product in Sweatshirts yet
      expect((await price(typ, teeS)).calculated).toBe(12) // organic
      expect((await price(typ, runnerS)).calculated).toBe(66) // Footwear
      expect((await price(reg, teeS, store.regions[1].id)).calculated).toBe(17.6) // the Americas' region
      expect((await price(reg, teeS)).calculated).toBe(20) // not in Europe
      expect((await price(reg, runnerS, store.regions[1].id)).calculated).toBe(121) // not a chosen product

      // The runner joins Essentials (the collection's product list), the tee joins Sweatshirts (the category's).
      await api.post(`/admin/collections/${store.collections.Essentials}/products`, { add: [runner.id] }, admin)
      await api.post(`/admin/product-categories/${store.categories.Sweatshirts}/products`, { add: [tee.id] }, admin)
      await waitFor(async () => (await price(col, runnerS)).calculated === 55, { what: "the runner at 50% once in Essentials" })
      await waitFor(async () => (await price(cat, teeS)).calculated === 14, { what: "the tee at 70% once in Sweatshirts" })

      // A new product in Essentials, then a variant added to it.
      const { data: created } = await api.post(
        "/admin/products",
        {
          title: "Basic Socks",
          status: "published",
          collection_id: store.collections.Essentials,
          shipping_profile_id: store.shipping_profile_id,
          sales_channels: [{ id: store.sales_channel.id }],
          options: [{ title: "Size", values: ["S", "M"] }],
          variants: [{ title: "S", options: { Size: "S" }, manage_inventory: false, prices: [{ currency_code: "eur", amount: 8 }] }],
        },
        admin
      )
      const socks = created.product
      await waitFor(async () => (await price(col, socks.variants[0].id)).calculated === 4, { what: "the new product at 50%" })
      const { data: withVariant } = await api.post(
        `/admin/products/${socks.id}/variants`,
        { title: "M", options: { Size: "M" }, manage_inventory: false, prices: [{ currency_code: "eur", amount: 9 }] },
        admin
      )
      const m = withVariant.product.variants.find((v: any) => v.title === "M")
      await waitFor(async () => (await price(col, m.id)).calculated === 4.5, { what: "the new variant at 50%" })
      expect(await price(col, m.id)).toEqual({ calculated: 4.5, original: 9, price_list_type: "sale" })
    })

    it("removing rules removes the prices, the last one the price list; the list follows the segment's group; deleting the segment deletes its list", async () => {
      const tee = store.products[0].variants[0]
      const member = await registerStoreCustomer(api, publishable, { email: "rm@example.com" })
      const segment = await manualSegment(api, admin, "Removable", [member.customer.id])
      const { data: a } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 90 }, admin)
      const { data: b } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 50, product_ids: [store.products[1].id] }, admin)
      expect(b.price_list.id).toBe(a.price_list.id) // one list for all of a segment's rules
      expect((await storePrice(api, store, member.headers, store.products[1].variants[0].id)).calculated).toBe(55)
      expect((await storePrice(api, store, member.headers, tee.id)).calculated).toBe(18)

      // Editing a rule recomputes at once.
      const { data: edited } = await api.post(`/admin/segments/${segment.id}/prices/${a.rule.id}`, { percentage: 75 }, admin)
      expect(edited.rule.percentage).toBe(75)
      expect((await storePrice(api, store, member.headers, tee.id)).calculated).toBe(15)

      const { data: removed } = await api.delete(`/admin/segments/${segment.id}/prices/${b.rule.id}`, admin)
      expect(removed).toMatchObject({ id: b.rule.id, deleted: true, price_list: { id: a.price_list.id, price_count: 8 } })
      expect((await storePrice(api, store, member.headers, store.products[1].variants[0].id)).calculated).toBe(82.5)

      // The merchant points the segment at another group: the price list follows.
      const { data: g } = await api.post("/admin/customer-groups", { name: "Chosen" }, admin)
      await api.post(`/admin/segments/${segment.id}`, { customer_group_id: g.customer_group.id }, admin)
      await waitFor(
        async () => {
          const { data } = await api.get(`/admin/price-lists/${a.price_list.id}`, admin)
          return data.price_list.rules["customer.groups.id"]?.[0] === g.customer_group.id
        },
        { what: "the price list on the new group" }
      )
      await waitFor(async () => (await storePrice(api, store, member.headers, tee.id)).calculated === 15, { what: "the member still at 75%" })

      await api.delete(`/admin/segments/${segment.id}/prices/${a.rule.id}`, admin)
      const gone = await api.get(`/admin/price-lists/${a.price_list.id}`, admin).catch((e: any) => e.response)
      expect(gone.status).toBe(404)
      expect((await storePrice(api, store, member.headers, tee.id)).calculated).toBe(20)

      // A segment deleted with its rules takes its price list with it.
      const { data: c } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 60 }, admin)
      expect((await storePrice(api, store, member.headers, tee.id)).calculated).toBe(12)
      await api.delete(`/admin/segments/${segment.id}`, admin)
      expect((await api.get(`/admin/price-lists/${c.price_list.id}`, admin).catch((e: any) => e.response)).status).toBe(404)
      expect(await activePriceLists()).toEqual([])
      expect((await storePrice(api, store, member.headers, tee.id)).calculated).toBe(20)
    })

    it("a failure after the prices were written undoes them all (chunks included) and the price list", async () => {
      const container = getContainer()
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const member = await registerStoreCustomer(api, publishable, { email: "rb@example.com" })
      const segment = await manualSegment(api, admin, "Rollback", [member.customer.id])
      const { data } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 90 }, admin)
      const listId = data.price_list.id
      expect(await listPrices(listId)).toBe(8)

      // A second rule stored without recomputing, then a recompute (4 chunks of 2 prices) that fails afterwards.
      await service.createSegmentPriceRules({ segment_id: segment.id, percentage: 50 } as any)
      const { errors } = await syncThenFailWorkflow(container).run({ input: { segment_id: segment.id, chunk_size: 2 }, throwOnError: false })
      expect(errors[0]?.error?.message).toMatch(/a later step failed/)
      expect(await listPrices(listId)).toBe(8)
      expect((await storePrice(api, store, member.headers, store.products[0].variants[0].id)).calculated).toBe(18) // not 10
      // The same through the set-based writer (used above 2,000 prices), in chunks of 3.
      await syncThenFailWorkflow(container).run({ input: { segment_id: segment.id, chunk_size: 3, workflow_limit: 0 }, throwOnError: false })
      expect(await listPrices(listId)).toBe(8)
      expect((await storePrice(api, store, member.headers, store.products[0].variants[0].id)).calculated).toBe(18)

      // A failing first recompute takes its new price list away too.
      const other = await manualSegment(api, admin, "Rollback two", [member.customer.id])
      const { data: g } = await api.post("/admin/customer-groups", { name: "Two" }, admin)
      await api.post(`/admin/segments/${other.id}`, { customer_group_id: g.customer_group.id }, admin)
      await service.createSegmentPriceRules({ segment_id: other.id, percentage: 10 } as any)
      await syncThenFailWorkflow(container).run({ input: { segment_id: other.id, chunk_size: 3 }, throwOnError: false })
      expect(await activePriceLists()).toEqual([listId])
      expect(await service.listSegmentPriceLists({ segment_id: other.id })).toEqual([])
    })

    it("prices written set-based (large recomputations) are Medusa prices like the others: regions, carts, replacement", async () => {
      const container = getContainer()
      const member = await registerStoreCustomer(api, publishable, { email: "sql@example.com" })
      const segment = await manualSegment(api, admin, "Set based", [member.customer.id])
      const { data: g } = await api.post("/admin/customer-groups", { name: "Set based" }, admin)
      await api.post(`/admin/segments/${segment.id}`, { customer_group_id: g.customer_group.id }, admin)
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      await service.createSegmentPriceRules([
        { segment_id: segment.id, percentage: 90 },
        { segment_id: segment.id, percentage: 50, region_ids: [store.regions[1].id] },
      ] as any)
      const { result } = await syncSegmentPricesWorkflow(container).run({ input: { segment_id: segment.id, workflow_limit: 0, chunk_size: 5 } })
      expect(result).toMatchObject({ action: "create", path: "sql", created: 12, deleted: 0, chunks: 3 }) // 4 variants x 2 currencies, + 4 usd prices for the region
      const tee = store.products[0].variants[0]
      expect(await storePrice(api, store, member.headers, tee.id)).toEqual({ calculated: 18, original: 20, price_list_type: "sale" })
      expect(await storePrice(api, store, member.headers, tee.id, store.regions[1].id)).toMatchObject({ calculated: 11, original: 22 })
      const { data: cart } = await api.post("/store/carts", { region_id: store.regions[1].id, items: [{ variant_id: tee.id, quantity: 1 }] }, member)
      expect(Number(cart.cart.items[0].unit_price)).toBe(11)

      // A changed rule replaces the prices set-based too, and Medusa's admin lists them.
      const [rule] = (await service.listSegmentPriceRules({ segment_id: segment.id, percentage: 50 } as any)) as any[]
      await service.updateSegmentPriceRules({ id: rule.id, percentage: 40 } as any)
      const { result: again } = await syncSegmentPricesWorkflow(container).run({ input: { segment_id: segment.id, workflow_limit: 0 } })
      expect(again).toMatchObject({ path: "sql", created: 4, deleted: 4 })
      expect((await storePrice(api, store, member.headers, tee.id, store.regions[1].id)).calculated).toBe(8.8)
      const { data: pl } = await api.get(`/admin/price-lists/${result.price_list_id}?fields=id,prices.id,prices.amount`, admin)
      expect(pl.price_list.prices).toHaveLength(12)
    })

    it("the scheduled reconciliation repairs what no event reported: a product moved into a category behind Medusa's back, a price edited by hand", async () => {
      const container = getContainer()
      const member = await registerStoreCustomer(api, publishable, { email: "rc@example.com" })
      const segment = await manualSegment(api, admin, "Shoe lovers", [member.customer.id])
      const { data } = await api.post(`/admin/segments/${segment.id}/prices`, { percentage: 50, category_ids: [store.categories.Home] }, admin)
      const tee = store.products[0]
      expect((await storePrice(api, store, member.headers, tee.variants[0].id)).calculated).toBe(20)

      // The product module's own method: no workflow, no event.
      await container.resolve(Modules.PRODUCT).updateProducts(tee.id, { category_ids: [store.categories.Shirts, store.categories.Home] })
      // A merchant deletes a price of the maintained list by hand (the admin's price-list editor).
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      expect(await listPrices(data.price_list.id)).toBe(0)
      const first = await runSegmentPriceReconciliation(container)
      expect(first).toMatchObject({ segments: 1, created: 4, deleted: 0, failed: [] }) // 2 variants x 2 currencies
      expect((await storePrice(api, store, member.headers, tee.variants[0].id)).calculated).toBe(10)

      const [one] = await knex("price").where({ price_list_id: data.price_list.id }).whereNull("deleted_at").select("id").limit(1)
      await api.post(`/admin/price-lists/${data.price_list.id}/prices/batch`, { delete: [one.id] }, admin)
      expect(await listPrices(data.price_list.id)).toBe(3)
      expect(await runSegmentPriceReconciliation(container)).toMatchObject({ created: 1, deleted: 0 })
      expect(await listPrices(data.price_list.id)).toBe(4)
      // A merchant switches the maintained list to draft and onto another group: put back.
      const { data: other } = await api.post("/admin/customer-groups", { name: "Someone else" }, admin)
      await api.post(`/admin/price-lists/${data.price_list.id}`, { status: "draft", rules: { "customer.groups.id": [other.customer_group.id] } }, admin)
      expect((await storePrice(api, store, member.headers, tee.variants[0].id)).calculated).toBe(20)
      await runSegmentPriceReconciliation(container)
      const { data: back } = await api.get(`/admin/price-lists/${data.price_list.id}`, admin)
      expect(back.price_list).toMatchObject({ status: "active", type: "sale", rules: { "customer.groups.id": [data.customer_group.id] } })
      expect((await storePrice(api, store, member.headers, tee.variants[0].id)).calculated).toBe(10)
      // Nothing to repair: nothing written.
      expect(await runSegmentPriceReconciliation(container)).toMatchObject({ segments: 1, created: 0, deleted: 0 })
      const { data: shown } = await api.get(`/admin/segments/${segment.id}/prices`, admin)
      expect(shown.price_list).toMatchObject({ price_count: 4, last_synced_at: expect.any(String) })
      expect(shown.example).toMatchObject({ product_id: tee.id, currency_code: "eur" })
      expect(shown.example.segment_amount).toBe(shown.example.original_amount / 2)
      expect([20, 25]).toContain(shown.example.original_amount) // the tee's S or M
    })
  },
})
