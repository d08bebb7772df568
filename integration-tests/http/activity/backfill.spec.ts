import { TestEventUtils } from "@medusajs/test-utils"
import { integrationTestRunner } from "../../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { runActivityBackfill } from "../../../src/workflows/activity/activity-backfill-runner"
import { recomputeCustomerActivityWorkflow } from "../../../src/workflows/activity/recompute-customer-activity"
import activityBackfillJob from "../../../src/jobs/activity-backfill"
import { createAdminHeaders } from "../../helpers/admin"
import { activityRow } from "../../helpers/activity"
import { clearActivity, createCustomers, placeOrder, seedStore, settle } from "./fixtures"

jest.setTimeout(240 * 1000)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer, utils }) => {
    let container: any
    let service: CustomerSegmentModuleService
    let knex: any

    const customerIds = async () =>
      (await knex("customer").whereNull("deleted_at").select("id").orderBy("id")).map((r: any) => r.id)
    const activityRows = async () =>
      (await knex("customer_segment_activity").select("id", "computed_at").orderBy("id")) as { id: string; computed_at: Date }[]

    beforeEach(async () => {
      container = getContainer()
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    })

    /** Customers without activity data: what the plugin's subscribers computed for them is cleared. */
    async function seedCustomers(n: number) {
      const created = TestEventUtils.waitSubscribersExecution("customer.created", container.resolve(Modules.EVENT_BUS), {
        triggerCount: n,
        timeout: 120_000,
      })
      const customers = await createCustomers(
        container,
        Array.from({ length: n }, (_, i) => ({ email: `c${String(i).padStart(4, "0")}@backfill.example`, first_name: `C${i}` }))
      )
      await created
      await settle(utils.waitWorkflowExecutions)
      await clearActivity(knex)
      return customers
    }

    describe("backfill runner", () => {
      it("processes every customer in keyset batches and ends with done = total", async () => {
        await seedCustomers(25)
        // a profile left over from a customer that no longer exists is removed on the way
        await service.replaceCustomerActivity({ customer_ids: ["cus_gone"], activities: [activityRow("cus_gone")], orders: [], purchases: [] })

        const result = await runActivityBackfill(container, { batch_size: 7 })
        expect(result.ran).toBe(true)
        expect(result.batches).toBe(4)
        expect(result.progress).toMatchObject({ status: "done", done: 25, total: 25, percent: 100, eta_seconds: 0, error: null })
        expect(result.progress.finished_at).toBeInstanceOf(Date)
        expect((await activityRows()).map((r) => r.id)).toEqual(await customerIds())

        // done: a resume has nothing to do
        const again = await runActivityBackfill(container, { batch_size: 7 })
        expect(again).toMatchObject({ ran: false, batches: 0 })
      })

      it("resumes from the stored cursor after a crash, without redoing finished batches", async () => {
        await seedCustomers(20)
        const first = await runActivityBackfill(container, { batch_size: 8, max_batches: 1 }) // "crashes" after one batch
        expect(first.progress).toMatchObject({ status: "running", done: 8, total: 20 })
        const build = await service.getActivityBuild()
        const ids = await customerIds()
        expect(build!.cursor).toBe(ids[7])
        const afterCrash = await activityRows()
        expect(afterCrash.map((r) => r.id)).toEqual(ids.slice(0, 8))

        // the heartbeat is fresh: nobody else may take the build over yet
        const refused = await runActivityBackfill(container, { batch_size: 8 })
        expect(refused.ran).toBe(false)
        expect((await service.getActivityBuild())!.done).toBe(8)

        // once the heartbeat is stale, the next runner takes over from the cursor
        await sleep(30)
        const resumed = await runActivityBackfill(container, { batch_size: 8, stale_after_ms: 10 })
        expect(resumed).toMatchObject({ ran: true, batches: 2 })
        expect(resumed.progress).toMatchObject({ status: "done", done: 20, total: 20 })
        const rows = await activityRows()
        expect(rows.map((r) => r.id)).toEqual(ids)
        // the first batch was not recomputed
        for (const before of afterCrash) {
          expect(rows.find((r) => r.id === before.id)!.computed_at.getTime()).toBe(before.computed_at.getTime())
        }
      })

      it("recomputes 600 customers with orders in one workflow run (timing)", async () => {
        const store = await seedStore(container)
        const customers = await seedCustomers(600)
        for (const c of customers.slice(0, 30)) await placeOrder(container, store, c, { quantity: 2 })
        await settle(utils.waitWorkflowExecutions)
        const ids = customers.map((c) => c.id)

        let started = Date.now()
        const { result } = await recomputeCustomerActivityWorkflow(container).run({ input: { customer_ids: ids } })
        const recomputeMs = Date.now() - started
        expect(result).toMatchObject({ customers: 600, orders: 30, purchases: 30 })

        await clearActivity(knex)
        started = Date.now()
        const backfill = await runActivityBackfill(container, { batch_size: 500 })
        const backfillMs = Date.now() - started
        expect(backfill.progress).toMatchObject({ status: "done", done: 600, total: 600 })
        expect(Number((await knex("customer_segment_activity").count("* as n"))[0].n)).toBe(600)
        console.log(
          `[timing] recompute of 600 customers (30 orders): ${recomputeMs} ms; backfill of 600 in batches of 500: ${backfillMs} ms (${Math.round(
            600 / (backfillMs / 1000)
          )} customers/s)`
        )
      })
    })

    describe("job", () => {
      it("starts the build on boot only when enabled", async () => {
        await seedCustomers(5)
        const previous = process.env.SEGMENTS_BACKFILL_ON_BOOT
        try {
          delete process.env.SEGMENTS_BACKFILL_ON_BOOT
          await activityBackfillJob(container) // NODE_ENV=test: off unless asked
          expect(await service.getActivityBuild()).toBeNull()

          process.env.SEGMENTS_BACKFILL_ON_BOOT = "true"
          await activityBackfillJob(container)
          expect(await service.getActivityBuild()).toMatchObject({ status: "done", done: 5, total: 5 })
          expect(await activityRows()).toHaveLength(5)
        } finally {
          if (previous === undefined) delete process.env.SEGMENTS_BACKFILL_ON_BOOT
          else process.env.SEGMENTS_BACKFILL_ON_BOOT = previous
        }
      })
    })

    describe("routes", () => {
      it("refuses unauthenticated requests", async () => {
        const get = await api.get("/admin/segments/activity").catch((e: any) => e.response)
        expect(get.status).toBe(401)
        const post = await api.post("/admin/segments/activity/rebuild", {}).catch((e: any) => e.response)
        expect(post.status).toBe(401)
      })

      it("reports progress, and rebuilds in the background from the beginning", async () => {
        const admin = await createAdminHeaders(container)
        await seedCustomers(12)

        const idle = await api.get("/admin/segments/activity", admin)
        expect(idle.status).toBe(200)
        expect(idle.data.activity).toEqual({
          status: "idle",
          done: 0,
          total: 0,
          percent: 0,
          rate_per_second: null,
          orders_per_second: null,
          eta_seconds: null,
          started_at: null,
          finished_at: null,
          heartbeat_at: null,
          error: null,
        })

        // a build interrupted half-way, then a rebuild: starts over at 0
        await runActivityBackfill(container, { batch_size: 6, max_batches: 1 })
        const half = await api.get("/admin/segments/activity", admin)
        expect(half.data.activity).toMatchObject({ status: "running", done: 6, total: 12, percent: 50 })
        expect(half.data.activity.rate_per_second).toBeGreaterThan(0)
        expect(half.data.activity.eta_seconds).toBeGreaterThanOrEqual(0)

        const rebuild = await api.post("/admin/segments/activity/rebuild", { batch_size: 5 }, admin)
        expect(rebuild.status).toBe(202)
        expect(rebuild.data.activity).toMatchObject({ status: "running", done: 0, total: 12, percent: 0, finished_at: null })

        let status: any
        for (let i = 0; i < 100; i++) {
          status = (await api.get("/admin/segments/activity", admin)).data.activity
          if (status.status !== "running") break
          await sleep(100)
        }
        expect(status).toMatchObject({ status: "done", done: 12, total: 12, percent: 100, eta_seconds: 0, error: null })
        expect(new Date(status.finished_at).getTime()).toBeGreaterThanOrEqual(new Date(status.started_at).getTime())
        expect(await activityRows()).toHaveLength(12)

        const bad = await api.post("/admin/segments/activity/rebuild", { batch_size: "many" }, admin).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
      })

      it("a rebuild during a running build stops that runner and starts over", async () => {
        const admin = await createAdminHeaders(container)
        await seedCustomers(15)
        const running = runActivityBackfill(container, { batch_size: 1 })
        for (let i = 0; i < 200 && ((await service.getActivityBuild())?.done ?? 0) < 3; i++) await sleep(20)

        const rebuild = await api.post("/admin/segments/activity/rebuild", { batch_size: 4 }, admin)
        expect(rebuild.status).toBe(202)
        expect(rebuild.data.activity).toMatchObject({ status: "running", done: 0, total: 15 })

        const old = await running
        expect(old.ran).toBe(true)
        expect(old.batches).toBeLessThan(15) // it stopped at its next write

        let status: any
        for (let i = 0; i < 100; i++) {
          status = (await api.get("/admin/segments/activity", admin)).data.activity
          if (status.status === "done") break
          await sleep(100)
        }
        expect(status).toMatchObject({ status: "done", done: 15, total: 15 })
        expect(await activityRows()).toHaveLength(15)
      })
    })
  },
})
