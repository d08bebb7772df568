import { integrationTestRunner } from "../../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createAdminHeaders } from "../../helpers/admin"
import { activityRow } from "../../helpers/activity"

jest.setTimeout(180 * 1000)

// The refresh runs in one process (no Redis: what `npm run dev` runs). The
// cluster suite runs the same routes across servers and workers.
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let service: CustomerSegmentModuleService
    const conditions = { combinator: "and", rules: [{ field: "customer.email_domain", operator: "in", value: ["runs.test"] }] }
    const status = (p: Promise<any>) => p.then((r) => r, (e) => e.response)

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
      const created = await container.resolve(Modules.CUSTOMER).createCustomers([{ email: "a@runs.test" }, { email: "b@runs.test" }])
      await service.replaceCustomerActivity({
        customer_ids: created.map((c) => c.id),
        activities: created.map((c) => activityRow(c.id, { email: c.email, email_domain: "runs.test" })),
        orders: [],
        purchases: [],
      })
    })

    it("a synchronous refresh answers with its run id and records the run; an async one is run by the subscriber in this process", async () => {
      const { data: created } = await api.post("/admin/segments", { name: "Runs", conditions }, admin)
      const id = created.segment.id
      const { data: sync } = await api.post(`/admin/segments/${id}/refresh`, {}, admin)
      expect(sync).toEqual({ run_id: expect.stringMatching(/^csegrun_/), added: 0, removed: 0, size: 2, duration_ms: expect.any(Number) })
      const { data: read } = await api.get(`/admin/segments/${id}/refresh-runs/${sync.run_id}`, admin)
      expect(read.refresh_run).toEqual(expect.objectContaining({ id: sync.run_id, segment_id: id, status: "succeeded", mode: "sync", size: 2 }))

      const queued = await api.post(`/admin/segments/${id}/refresh`, { async: true }, admin)
      expect(queued.status).toBe(202)
      expect(queued.data).toEqual({ run_id: expect.stringMatching(/^csegrun_/), status: "queued" })
      let run: any
      for (let i = 0; i < 100; i++) {
        run = (await api.get(`/admin/segments/${id}/refresh-runs/${queued.data.run_id}`, admin)).data.refresh_run
        if (run.status === "succeeded" || run.status === "failed") break
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(run).toEqual(expect.objectContaining({ status: "succeeded", mode: "async", added: 0, removed: 0, size: 2, error: null }))
    })

    it("a refresh while another of the segment is queued or running: 409 naming the run; a run left behind by a dead process is abandoned", async () => {
      const { data: created } = await api.post("/admin/segments", { name: "Busy", conditions }, admin)
      const id = created.segment.id
      // a run another process holds (claimed, never finished)
      const claim = await service.claimRefreshRun({ id: "csegrun_held", segment_id: id, mode: "async" })
      expect(claim.claimed).toBe(true)
      const conflict = await status(api.post(`/admin/segments/${id}/refresh`, {}, admin))
      expect(conflict.status).toBe(409)
      expect(conflict.data).toEqual({ type: "conflict", message: `a refresh of segment ${id} is already queued (run csegrun_held)`, run_id: "csegrun_held", status: "queued" })
      // its process died: the heartbeat ages past refresh_run_stale_seconds (120 s)
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await knex.raw("UPDATE customer_segment_refresh_run SET heartbeat_at = now() - interval '10 minutes' WHERE id = ?", ["csegrun_held"])
      const { data: held } = await api.get(`/admin/segments/${id}/refresh-runs/csegrun_held`, admin)
      expect(held.refresh_run.status).toBe("failed")
      expect(held.refresh_run.error).toMatch(/^abandoned: its process stopped reporting/)
      const { data: next } = await api.post(`/admin/segments/${id}/refresh`, {}, admin)
      expect(next.size).toBe(2)
    })

    it("bad input: 400 naming the problem; unknown run 404", async () => {
      const { data: created } = await api.post("/admin/segments", { name: "Bad", conditions }, admin)
      const id = created.segment.id
      const bad = await status(api.post(`/admin/segments/${id}/refresh`, { async: "yes" }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/async/)
      const unknownKey = await status(api.post(`/admin/segments/${id}/refresh`, { asynk: true }, admin))
      expect(unknownKey.status).toBe(400)
      const query = await status(api.get(`/admin/segments/${id}/refresh-runs/csegrun_x?evil=1`, admin))
      expect(query.status).toBe(400)
      const missing = await status(api.get(`/admin/segments/${id}/refresh-runs/csegrun_nope`, admin))
      expect(missing.status).toBe(404)
    })
  },
})
