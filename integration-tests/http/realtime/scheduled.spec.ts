import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createCustomer } from "../../../demo/fixtures"
import { createSegmentsWorkflow } from "../../../src/workflows/segments/create-segments"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { refreshCustomerSegmentsWorkflow } from "../../../src/workflows/realtime"
import { runScheduledRefresh } from "../../../src/jobs/refresh-scheduled-segments"
import { createAdminHeaders } from "../../helpers/admin"
import { segmentMembers, waitFor } from "./helpers"

jest.setTimeout(240 * 1000)

const zed = { combinator: "and", rules: [{ field: "customer.first_name", operator: "eq", value: "Zed" }] }

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let service: CustomerSegmentModuleService

    beforeEach(async () => {
      container = getContainer()
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
    })

    it("a scheduled segment changes only when its job runs and it is due; a failing one shows the error and is retried at the next run", async () => {
      const admin = await createAdminHeaders(container)
      const ann = await createCustomer(container, { email: "ann@example.com", first_name: "Ann" })
      const { result: segments } = await createSegmentsWorkflow(container).run({
        input: {
          segments: (["daily", "weekly", "monthly"] as const).map((mode) => ({ name: `Zed ${mode}`, conditions: zed, refresh_mode: mode })) as any[],
        },
      })
      const [daily, weekly, monthly] = segments.map((s: any) => s.id as string)
      // Last refreshed on Tuesday 2030-01-01 10:00 UTC (the plugin runs at 02:00 UTC by default).
      const t0 = new Date("2030-01-01T10:00:00Z")
      await service.updateSegments(segments.map((s: any) => ({ id: s.id, last_refreshed_at: t0 })))

      // Ann becomes a Zed: the activity data follows at once (realtime path), scheduled segments do not.
      await api.post(`/admin/customers/${ann.id}`, { first_name: "Zed" }, admin)
      await waitFor(async () => (await service.loadCustomerSnapshots([ann.id]))[0]?.activity.first_name === "Zed", { what: "activity data" })
      const members = async () => ({
        daily: Object.keys(await segmentMembers(container, daily)),
        weekly: Object.keys(await segmentMembers(container, weekly)),
        monthly: Object.keys(await segmentMembers(container, monthly)),
      })
      expect(await members()).toEqual({ daily: [], weekly: [], monthly: [] })

      // Wednesday 01:59: nothing is due yet.
      expect((await runScheduledRefresh(container, new Date("2030-01-02T01:59:00Z"))).due).toEqual([])
      expect(await members()).toEqual({ daily: [], weekly: [], monthly: [] })

      // Wednesday 02:00: the daily segment is due, and only it.
      const wed = await runScheduledRefresh(container, new Date("2030-01-02T02:00:00Z"))
      expect(wed.due).toEqual([daily])
      expect(await members()).toEqual({ daily: [ann.id], weekly: [], monthly: [] })
      const [d] = await service.listSegments({ id: daily })
      expect(new Date(d.last_refreshed_at!).toISOString()).toBe("2030-01-02T02:00:00.000Z")
      // Running again in the same slot does nothing.
      expect((await runScheduledRefresh(container, new Date("2030-01-02T05:00:00Z"))).due).toEqual([])

      // Sunday 02:30: daily and weekly.
      const sun = await runScheduledRefresh(container, new Date("2030-01-06T02:30:00Z"))
      expect(sun.due.sort()).toEqual([daily, weekly].sort())
      expect(await members()).toEqual({ daily: [ann.id], weekly: [ann.id], monthly: [] })

      // The monthly segment's conditions break (written around validation): its refresh on day 1 fails.
      const broken = { combinator: "and", rules: [{ field: "no.such_field", operator: "eq", value: 1 }] }
      await service.updateSegments({ id: monthly, conditions: broken })
      const first = await runScheduledRefresh(container, new Date("2030-02-01T03:00:00Z"))
      expect(first.due.sort()).toEqual([daily, weekly, monthly].sort())
      expect(first.results.find((r) => r.segment_id === monthly)?.error).toBeTruthy()
      let [m] = await service.listSegments({ id: monthly })
      expect(m.last_error).toMatch(/no\.such_field/)
      expect(m.last_error_at).toBeTruthy()
      expect(new Date(m.last_refreshed_at!).toISOString()).toBe(t0.toISOString())
      expect(await members()).toEqual({ daily: [ann.id], weekly: [ann.id], monthly: [] })
      // the shared pass failed with it; the others were then refreshed one by one all the same
      const [dly] = await service.listSegments({ id: daily })
      expect(new Date(dly.last_refreshed_at!).toISOString()).toBe("2030-02-01T03:00:00.000Z")
      expect(dly.last_error).toBeNull()

      // Fixed before the next run: retried then (only it is due), and the error clears.
      await service.updateSegments({ id: monthly, conditions: zed })
      const retry = await runScheduledRefresh(container, new Date("2030-02-01T03:15:00Z"))
      expect(retry.due).toEqual([monthly])
      ;[m] = await service.listSegments({ id: monthly })
      expect(m.last_error).toBeNull()
      expect(m.last_error_at).toBeNull()
      expect(new Date(m.last_refreshed_at!).toISOString()).toBe("2030-02-01T03:15:00.000Z")
      expect(await members()).toEqual({ daily: [ann.id], weekly: [ann.id], monthly: [ann.id] })
    })

    it("realtime segments get the daily full refresh, so relative dates move without events; manual and inactive ones are skipped", async () => {
      const customer = await createCustomer(container, { email: "old@example.com", first_name: "Olga", created_at: new Date("2029-12-20T00:00:00Z") })
      // The backdating is a direct UPDATE after customer.created: recompute the activity data after it.
      await refreshCustomerSegmentsWorkflow(container).run({ input: { customer_ids: [customer.id] } })
      const [snap] = await service.loadCustomerSnapshots([customer.id])
      expect(snap.activity.customer_created_at?.toISOString()).toBe("2029-12-20T00:00:00.000Z")
      const older = { combinator: "and", rules: [{ field: "customer.created_at", operator: "more_than_days_ago", value: 14 }] }
      const { result } = await createSegmentsWorkflow(container).run({
        input: {
          segments: [
            { name: "Old accounts", conditions: older, refresh_mode: "realtime" },
            { name: "Old accounts (manual refresh)", conditions: older, refresh_mode: "manual" },
            { name: "Old accounts (off)", conditions: older, refresh_mode: "daily", is_active: false },
          ] as any[],
        },
      })
      const [realtime, manual, inactive] = result.map((s: any) => s.id as string)
      // Recreate the state of 2030-01-01: the account was 12 days old, nobody matched.
      await service.updateSegments(result.map((s: any) => ({ id: s.id, last_refreshed_at: new Date("2030-01-01T02:00:00Z") })))
      await (service as any).refreshSegmentMembers(realtime, { now: new Date("2030-01-01T02:00:00Z"), defaultCurrency: "eur", runId: "test", reason: "test" })
      expect(await segmentMembers(container, realtime)).toEqual({})

      // On 2030-01-05 the account is 16 days old: the daily pass of the realtime segment lets the customer in.
      const run = await runScheduledRefresh(container, new Date("2030-01-05T02:00:00Z"))
      expect(run.due).toEqual([realtime])
      expect(await segmentMembers(container, realtime)).toEqual({ [customer.id]: "auto" })
      expect(manual && inactive).toBeTruthy()
    })
  },
})
