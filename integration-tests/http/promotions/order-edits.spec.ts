import { integrationTestRunner } from "../../helpers/runner"
import { createCustomers, createStoreBasics, placeOrder, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders } from "../../helpers/admin"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"

jest.setTimeout(240 * 1000)

type Headers = Record<string, string>

const BERLIN = { first_name: "Anna", last_name: "Schmidt", address_1: "Unter den Linden 1", city: "Berlin", country_code: "de", postal_code: "10117" }

/**
 * Order edits (and claims and exchanges) recompute the order's promotions for
 * the items they add through computeAdjustmentsForPreviewWorkflow, whose own
 * setPromotionContext hook the plugin fills: a segment code on the order keeps
 * applying to a new item while the customer is in the segment, and stops when
 * they have left it.
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Headers }
    let store: StoreBasics

    const addItemInEdit = async (orderId: string) => {
      const { data: edit } = await api.post("/admin/order-edits", { order_id: orderId }, admin)
      // carry the order's promotions over to what the edit adds (Medusa recomputes them with the hook's context)
      await api.post(`/admin/order-changes/${edit.order_change.id}`, { carry_over_promotions: true }, admin)
      const { data } = await api.post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: store.variants[1].id, quantity: 1 }] }, admin)
      const added = data.order_preview.items.find((i: any) => i.variant_id === store.variants[1].id)
      return (added?.adjustments ?? []).map((a: any) => a.code)
    }

    it("a segment code on an order applies to the item an order edit adds while the customer is in the segment, not after", async () => {
      const container = getContainer()
      store = await createStoreBasics(container, { productCount: 2, variantsPerProduct: 1 })
      admin = await createAdminHeaders(container)
      const [vip] = await createCustomers(container, [{ email: "vip@example.com", first_name: "Vi" }])
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const [segment] = await service.createSegments([{ name: "VIP", handle: "vip", membership: "manual", refresh_mode: "manual" }])
      await api.post(`/admin/segments/${segment.id}/customers`, { add: [vip.id] }, admin)
      await api.post(
        "/admin/promotions",
        {
          code: "VIPCODE",
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
          rules: [{ attribute: "customer_segment_ids", operator: "in", values: [segment.id] }],
        },
        admin
      )
      const orders = []
      for (let i = 0; i < 2; i++) {
        orders.push(await placeOrder(container, { customer: vip, items: [{ variant_id: store.variants[0].id, quantity: 1 }], promo_code: "VIPCODE", shipping_address: BERLIN }))
      }
      const { data: placed } = await api.get(`/admin/orders/${orders[0].id}?fields=id,*promotions`, admin)
      expect(placed.order.promotions.map((p: any) => p.code)).toEqual(["VIPCODE"])

      expect(await addItemInEdit(orders[0].id)).toEqual(["VIPCODE"])

      await api.post(`/admin/segments/${segment.id}/customers`, { remove: [vip.id] }, admin)
      expect(await addItemInEdit(orders[1].id)).toEqual([])
    })
  },
})
