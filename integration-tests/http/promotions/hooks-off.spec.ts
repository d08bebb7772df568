// The store turns the plugin's promotion hooks off (plugin option
// register_promotion_hooks: false, set here through medusa-config's env).
process.env.SEGMENTS_PROMOTION_HOOKS = "false"

import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"

jest.setTimeout(240 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it("with register_promotion_hooks off, carts get no customer_segment_ids: segment promotions are left out, others still apply", async () => {
      const container = getContainer()
      const store = await createStoreBasics(container, { productCount: 1, variantsPerProduct: 1 })
      const publishable = { "x-publishable-api-key": store.publishable_key.token }
      const admin = await createAdminHeaders(container)
      const shopper = await registerStoreCustomer(api, publishable, { email: "nobody@example.com" })
      const promotion = (code: string, rules: unknown[]) =>
        api.post(
          "/admin/promotions",
          {
            code,
            type: "standard",
            status: "active",
            is_automatic: true,
            application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
            rules,
          },
          admin
        )
      // With the hook, "is not one of" would apply to a customer in no segment (see segment-promotions.spec.ts).
      // (A real segment: POST /admin/promotions answers 400 for unknown segment ids.)
      const { data: vip } = await api.post("/admin/segments", { name: "VIP", membership: "manual", refresh_mode: "manual" }, admin)
      await promotion("NOTVIP", [{ attribute: "customer_segment_ids", operator: "ne", values: [vip.segment.id] }])
      await promotion("EVERYONE", [])

      const { data } = await api.post(
        "/store/carts",
        { region_id: store.region.id, items: [{ variant_id: store.variants[0].id, quantity: 1 }] },
        { headers: shopper.headers }
      )
      const { data: read } = await api.get(`/store/carts/${data.cart.id}?fields=id,*promotions`, { headers: publishable })
      expect(read.cart.promotions.map((p: any) => p.code).sort()).toEqual(["EVERYONE"])
    })
  },
})
