import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { measurePromotionHookOverhead, seedSegmentMembers } from "./measure-hook-overhead"

jest.setTimeout(300 * 1000)

const SEGMENTS = 50
const CUSTOMER_SEGMENTS = 20
const MEMBER_ROWS = 200_000

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it(`the promotion context hook reads one indexed query per cart among ${MEMBER_ROWS} member rows, and its overhead is measured`, async () => {
      const container = getContainer()
      const store = await createStoreBasics(container, { productCount: 1, variantsPerProduct: 1 })
      const publishable = { "x-publishable-api-key": store.publishable_key.token }
      const admin = await createAdminHeaders(container)
      const shopper = await registerStoreCustomer(api, publishable, { email: "bench@example.com" })

      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const segments = await service.createSegments(
        Array.from({ length: SEGMENTS }, (_, i) => ({ name: `Bench ${i}`, handle: `bench-${i}`, membership: "manual" as const, refresh_mode: "manual" as const }))
      )
      const ids = segments.map((s: any) => s.id)
      await seedSegmentMembers(container, ids, MEMBER_ROWS)
      for (const id of ids.slice(0, CUSTOMER_SEGMENTS)) {
        await api.post(`/admin/segments/${id}/customers`, { add: [shopper.customer.id] }, admin)
      }
      // A real segment promotion, so the refresh evaluates a segment rule.
      await api.post(
        "/admin/promotions",
        {
          code: "BENCH10",
          type: "standard",
          status: "active",
          is_automatic: true,
          application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
          rules: [{ attribute: "customer_segment_ids", operator: "in", values: [ids[0]] }],
        },
        admin
      )
      const { data } = await api.post(
        "/store/carts",
        { region_id: store.region.id, items: [{ variant_id: store.variants[0].id, quantity: 1 }] },
        { headers: shopper.headers }
      )
      expect(data.cart.promotions.map((p: any) => p.code)).toEqual(["BENCH10"])

      const result = await measurePromotionHookOverhead(container, {
        cart_id: data.cart.id,
        customer_id: shopper.customer.id,
        member_rows: MEMBER_ROWS,
        customer_segments: CUSTOMER_SEGMENTS,
      })
      // eslint-disable-next-line no-console
      console.log(`[bench] promotion context hook\n${JSON.stringify(result, null, 2)}`)
      expect(result.plan.index).toMatch(/customer_id/) // one indexed query, not a scan
      // the figures are printed; their targets are checked by npm run bench (a timed test would be flaky, not informative)
      expect(result.handler.median_ms).toBeGreaterThan(0)
    })
  },
})
