import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCartWorkflow, createCustomerGroupsWorkflow, linkCustomersToCustomerGroupWorkflow } from "@medusajs/medusa/core-flows"
import { createCustomers, createPromotionCodes, createStoreBasics, placeOrders } from "../../../demo/fixtures"
import { ComputedActivity, computeCustomerActivity } from "../../../src/workflows/activity/utils/compute-customer-activity"
import { readSourcesWithQuery } from "../../../src/workflows/activity/utils/read-sources-query"
import { readSourcesWithSql } from "../../../src/workflows/activity/utils/read-sources-sql"
import { createAdminHeaders } from "../../helpers/admin"
import { settle } from "./fixtures"

jest.setTimeout(300 * 1000)

const PARIS = { first_name: "Jeanne", last_name: "Martin", address_1: "12 rue de la Paix", city: "Paris", country_code: "fr", postal_code: "75002" }
const BERLIN = { first_name: "Anna", last_name: "Schmidt", address_1: "Unter den Linden 1", city: "Berlin", country_code: "de", postal_code: "10117", province: "BE" }

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
const normalized = (c: ComputedActivity) => ({
  customer_ids: [...c.customer_ids].sort(),
  activities: byId(c.activities),
  orders: byId(c.orders),
  purchases: byId(c.purchases),
})

/**
 * The SQL reader (default) reads Medusa's tables directly; Query is the
 * reference. Both must give the same activity for every kind of data the
 * computation reads: versions after an order edit, adjustments, payments,
 * guests, canceled orders, open carts, product categories and tags.
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer, utils }) => {
    let container: MedusaContainer

    const sources = async (ids: string[]) => {
      const at = new Date()
      const [viaQuery, viaSql] = await Promise.all([
        readSourcesWithQuery(container.resolve(ContainerRegistrationKeys.QUERY), ids),
        readSourcesWithSql(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), ids),
      ])
      return {
        query: computeCustomerActivity({ customer_ids: ids, ...viaQuery, computed_at: at }),
        sql: computeCustomerActivity({ customer_ids: ids, ...viaSql, computed_at: at }),
      }
    }

    it("the SQL reader gives the same activity as Query, order edits, payments and guests included", async () => {
      container = getContainer()
      const store = await createStoreBasics(container, { productCount: 3, variantsPerProduct: 1 })
      await createPromotionCodes(container, [{ code: "TENOFF", percentage: 10 }])
      const [ann, bob, guestLike, cleo] = await createCustomers(container, [
        { email: "ann@example.com", first_name: "Ann", company_name: "Acme", metadata: { tier: "gold" }, addresses: [BERLIN, PARIS] },
        { email: "bob@example.com", first_name: "Bob" },
        { email: "gus@example.com", registered: false },
        { email: "cleo@example.com", first_name: "Cleo" },
      ])
      const {
        result: [group],
      } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name: "VIP" }] } })
      await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: group.id, add: [ann.id] } })

      const [v0, v1, v2] = store.variants
      const placed = await placeOrders(
        container,
        [
          { customer: ann, items: [{ variant_id: v0.id, quantity: 2 }, { variant_id: v1.id, quantity: 1 }], promo_code: "TENOFF", status: "completed", shipping_address: BERLIN },
          { customer: ann, items: [{ variant_id: v2.id, quantity: 1 }], status: "canceled", shipping_address: PARIS },
          { customer: bob, items: [{ variant_id: v1.id, quantity: 4 }], via: "order", status: "completed", shipping_address: PARIS },
          { customer: bob, items: [{ variant_id: v0.id, quantity: 1 }], shipping_address: PARIS, billing_address: BERLIN },
          { email: guestLike.email, items: [{ variant_id: v2.id, quantity: 2 }], shipping_address: BERLIN },
        ],
        { concurrency: 1 }
      )
      const edited = placed[3]

      // An order edit: the item's quantity and price change, a new item is added; the order moves to version 2.
      const admin = await createAdminHeaders(container)
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [before],
      } = await query.graph({ entity: "order", fields: ["id", "version", "items.id"], filters: { id: edited.id } })
      const { data: edit } = await api.post("/admin/order-edits", { order_id: edited.id }, admin)
      const changeId = edit.order_change.id
      await api.post(`/admin/order-edits/${edited.id}/items/item/${before.items[0].id}`, { quantity: 3, unit_price: 12.5 }, admin)
      await api.post(`/admin/order-edits/${edited.id}/items`, { items: [{ variant_id: v2.id, quantity: 1 }] }, admin)
      await api.post(`/admin/order-edits/${edited.id}/request`, {}, admin)
      await api.post(`/admin/order-edits/${edited.id}/confirm`, {}, admin)
      expect(changeId).toBeTruthy()

      await createCartWorkflow(container).run({
        input: { region_id: store.region.id, customer_id: ann.id, currency_code: "eur", items: [{ variant_id: v1.id, quantity: 5 }] } as any,
      })
      await settle(utils.waitWorkflowExecutions)

      const ids = [ann.id, bob.id, guestLike.id, cleo.id, "cus_missing"]
      const { query: viaQuery, sql: viaSql } = await sources(ids)
      expect(normalized(viaSql)).toEqual(normalized(viaQuery))

      // The data really held what the readers must get right.
      const {
        data: [after],
      } = await query.graph({ entity: "order", fields: ["id", "version"], filters: { id: edited.id } })
      expect(after.version).toBeGreaterThan(before.version)
      const editedFacts = viaSql.purchases.filter((p) => p.order_id === edited.id)
      expect(editedFacts.map((p) => [p.quantity, p.amount]).sort()).toEqual([
        [1, expect.any(Number)],
        [3, 37.5],
      ])
      const annRow = viaSql.activities.find((a) => a.id === ann.id)!
      expect(annRow).toEqual(
        expect.objectContaining({
          group_ids: [group.id],
          promotion_codes: ["TENOFF"],
          payment_providers: ["pp_system_default"],
          ship_country_code: "de",
          cart_item_count: 5,
          company_name: "Acme",
          customer_metadata: { tier: "gold" },
        })
      )
      expect(viaSql.orders.filter((o) => o.customer_id === ann.id).map((o) => o.status).sort()).toEqual(["canceled", "completed"])
      const annFacts = viaSql.purchases.filter((p) => p.customer_id === ann.id)
      expect(annFacts.every((p) => p.category_ids.length === 1 && p.tag_ids.length > 0 && p.collection_id)).toBe(true)
      expect(viaSql.activities.map((a) => a.id).sort()).toEqual([ann.id, bob.id, guestLike.id, cleo.id].sort())
    })
  },
})
