// Small limits for this store (plugin option event_rate_limit, set here through medusa-config's env).
process.env.SEGMENTS_EVENT_RATE_LIMIT = JSON.stringify({ per_customer: { burst: 3, per_minute: 1 }, per_ip: { burst: 8, per_minute: 1 } })

import { integrationTestRunner } from "../../helpers/runner"
import { createStoreBasics } from "../../../demo/fixtures"
import { registerStoreCustomer } from "../../helpers/admin"

jest.setTimeout(240 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it("limits storefront events per customer and per IP with 429 { type, message } and Retry-After", async () => {
      const store = await createStoreBasics(getContainer(), { productCount: 1, variantsPerProduct: 1 })
      const publishable = { "x-publishable-api-key": store.publishable_key.token }
      const { headers } = await registerStoreCustomer(api, publishable, { email: "clicker@example.com" })
      const view = (h: Record<string, string>, extra: Record<string, unknown> = {}) =>
        api
          .post("/store/segments/events", { type: "product_viewed", product_id: store.products[0].id, ...extra }, { headers: h })
          .then((r: any) => r.status)
          .catch((e: any) => e.response)

      // the customer's bucket: 3 at once
      const customer = [await view(headers), await view(headers), await view(headers), await view(headers)]
      expect(customer.slice(0, 3)).toEqual([201, 201, 201])
      const limited = customer[3]
      expect(limited.status).toBe(429)
      expect(limited.data).toEqual({ type: "too_many_requests", message: expect.stringMatching(/this customer/) })
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)

      // guests from the same address: the IP's bucket of 8 (4 already spent above)
      const guest = { ...publishable }
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const r = await view(guest, { anonymous_id: `anon-${String(i).padStart(16, "0")}` })
        statuses.push(typeof r === "number" ? r : r.status)
      }
      expect(statuses).toEqual([201, 201, 201, 201, 429])
      const views = await getContainer().resolve("__pg_connection__")("customer_segment_product_view").count({ n: "*" })
      expect(Number(views[0].n)).toBe(7)
    })
  },
})
