import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import type { OrderFactRow } from "../../../src/modules/customer-segment/types"
import { resolveDefaultCurrency } from "../../../src/workflows/segments/steps/resolve-evaluation-clock"
import { runRfmPass } from "../../../src/jobs/compute-rfm-scores"
import { createAdminHeaders } from "../../helpers/admin"
import { activityRow } from "../../helpers/activity"

jest.setTimeout(180 * 1000)

const DAY = 86_400_000

/**
 * RFM scores by quintiles: ten buyers whose recency, frequency and spend all
 * rank 1..10 (two per quintile) and one customer without orders; the groups,
 * the conditions through the API, a customer's own new orders rescoring them at
 * once, and the daily pass.
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let service: CustomerSegmentModuleService
    let admin: { headers: Record<string, string> }
    let ids: string[]
    let currency: string
    const now = new Date()

    const orders = (customerId: string, count: number, lastDaysAgo: number): OrderFactRow[] =>
      Array.from({ length: count }, (_, i) => ({
        id: `order_${customerId}_${i}`,
        customer_id: customerId,
        status: "completed",
        ordered_at: new Date(now.getTime() - (lastDaysAgo + i) * DAY),
        total: 100,
        currency_code: currency,
        region_id: null,
        sales_channel_id: null,
      }))
    const setOrders = async (index: number, count: number, lastDaysAgo: number) =>
      service.replaceCustomerActivity({
        customer_ids: [ids[index]],
        activities: [activityRow(ids[index], { email: `c${index}@rfm.test` })],
        orders: count ? orders(ids[index], count, lastDaysAgo) : [],
        purchases: [],
      })
    const scores = async () =>
      Object.fromEntries(
        ((await service.listRfmScores({ id: ids })) as any[]).map((r) => [
          ids.indexOf(r.id),
          `${r.recency_score}${r.frequency_score}${r.monetary_score} ${r.rfm_group}`,
        ])
      )
    const members = async (conditions: unknown) => {
      const { data } = await api.post("/admin/segments/preview", { conditions, sample_size: 100 }, admin)
      return data.sample.map((c: any) => ids.indexOf(c.id)).sort((a: number, b: number) => a - b)
    }
    const rule = (field: string, operator: string, value?: unknown) => ({ combinator: "and", rules: [{ field, operator, value }] })

    beforeEach(async () => {
      container = getContainer()
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
      admin = await createAdminHeaders(container)
      currency = await resolveDefaultCurrency(container)
      const customers = await container.resolve(Modules.CUSTOMER).createCustomers(
        Array.from({ length: 11 }, (_, i) => ({ email: `c${i}@rfm.test` }))
      )
      ids = customers.map((c) => c.id)
      // customer i (1..10): i orders of 100, the last one 100 - 10 i days ago; customer 0: none
      for (let i = 0; i <= 10; i++) await setOrders(i, i, 100 - 10 * i)
    })

    it("scores 1-5 by quintiles (two buyers each), names the groups, leaves customers without orders unscored", async () => {
      const pass = await runRfmPass(container, now, true)
      expect(pass).toEqual({ customers: 10 })
      expect(await scores()).toEqual({
        1: "111 lost",
        2: "111 lost",
        3: "222 hibernating",
        4: "222 hibernating",
        5: "333 potential_loyalist",
        6: "333 potential_loyalist",
        7: "444 champions",
        8: "444 champions",
        9: "555 champions",
        10: "555 champions",
      })
      expect(await members(rule("rfm.group", "in", ["champions"]))).toEqual([7, 8, 9, 10])
      expect(await members(rule("rfm.frequency_score", "lte", 2))).toEqual([1, 2, 3, 4])
      expect(await members(rule("rfm.group", "is_not_set"))).toEqual([0])
      const bad = await api.post("/admin/segments/preview", { conditions: rule("rfm.group", "in", ["vip"]) }, admin).catch((e) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/rules\[0\]\.value/)

      // the explanation says what the scores are
      const { data: made } = await api.post("/admin/segments", { name: "Champions", refresh_mode: "manual", conditions: rule("rfm.group", "in", ["champions"]) }, admin)
      const { data } = await api.get(`/admin/segments/${made.segment.id}/customers/${ids[7]}/explain`, admin)
      expect(data.explanation.conditions.rules[0]).toEqual(
        expect.objectContaining({ actual: "champions", detail: "R4 F4 M4, champions", held: true, sql_held: true })
      )
    })

    it("a customer's own new orders rescore them against the stored quintiles, before the next pass", async () => {
      await runRfmPass(container, now, true)
      await setOrders(1, 10, 0) // ten orders, the last today: more than the top boundary of each
      expect((await scores())[1]).toBe("555 champions")
      await setOrders(10, 0, 0) // no orders any more: no scores
      expect((await scores())[10]).toBeUndefined()
    })

    it("the daily pass runs once a day, and not before the first store-wide scores", async () => {
      expect(await runRfmPass(container, now)).toEqual({ customers: 10 }) // never ran: runs
      const first = await service.getRfmComputedAt()
      expect(await runRfmPass(container, new Date(now.getTime() + 3600_000))).toBeNull() // an hour later: not due
      const later = new Date(now.getTime() + 24 * 3600_000)
      expect(await runRfmPass(container, later)).toEqual({ customers: 10 })
      expect((await service.getRfmComputedAt())!.getTime()).toBe(later.getTime())
      expect(first!.getTime()).toBe(now.getTime())
    })
  },
})
