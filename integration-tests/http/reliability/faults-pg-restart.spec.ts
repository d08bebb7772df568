// First: points Medusa's test runner at this file's own PostgreSQL (read when the runner loads).
import { OWN_PG_PORT, removeOwnPostgres, startOwnPostgres } from "./own-postgres"
import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createSegmentsWorkflow } from "../../../src/workflows/segments/create-segments"
import { refreshSegmentsWorkflow } from "../../../src/workflows/segments/refresh-segments"
import { recomputeCustomerActivityWorkflow } from "../../../src/workflows/activity/recompute-customer-activity"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createAdminHeaders } from "../../helpers/admin"
import { segmentMembers } from "../realtime/helpers"
import { sender } from "./http"

/**
 * PostgreSQL stopped and started again under a running store: requests during
 * the outage fail cleanly (an error status with Medusa's `{ type, message }`,
 * no stack, no driver message), the same process serves again once the
 * database is back, and no membership change is half applied.
 */

jest.setTimeout(300 * 1000)

let pg: { stop: () => Promise<void> } | null = null
beforeAll(async () => {
  pg = await startOwnPostgres()
})
afterAll(async () => {
  await pg?.stop()
  removeOwnPostgres()
})

const firstNameIs = (name: string) => ({ combinator: "and", rules: [{ field: "customer.first_name", operator: "eq", value: name }] })
const sorted = (xs: Iterable<string>) => [...xs].sort()

/** What a client must never see: a stack, a file path, the driver's own words. */
const LEAKS = /\bat .+\(|node_modules|\.ts:\d+|ECONNREFUSED|ECONNRESET|Connection terminated|knex|mikro|pg-protocol|stack/i

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      container = getContainer()
      admin = await createAdminHeaders(container)
    })

    it("requests during a PostgreSQL outage fail cleanly, the store recovers without a restart, and membership equals a from-scratch evaluation", async () => {
      const send = sender(api, () => admin.headers)
      const customerModule = container.resolve(Modules.CUSTOMER)
      const customers = await customerModule.createCustomers(
        Array.from({ length: 40 }, (_, i) => ({ email: `pg${i}@outage.example`, first_name: i % 2 ? "Gold" : "Plain" })) as any
      )
      const ids = customers.map((c: any) => c.id)
      await recomputeCustomerActivityWorkflow(container).run({ input: { customer_ids: ids } })
      const { result } = await createSegmentsWorkflow(container).run({
        input: { segments: [{ name: "Gold", conditions: firstNameIs("Gold"), refresh_mode: "manual" } as any] },
      })
      const segment = result[0]
      const ok = await send("POST", `/admin/segments/${segment.id}/refresh`)
      expect(ok.status).toBe(200)
      const before = sorted(Object.keys(await segmentMembers(container, segment.id)))
      expect(before).toHaveLength(20)

      // Medusa's data changes (every customer flips); then the database goes away.
      for (const [i, id] of ids.entries()) await customerModule.updateCustomers(id, { first_name: i % 2 ? "Plain" : "Gold" })
      await recomputeCustomerActivityWorkflow(container).run({ input: { customer_ids: ids } })
      // A refresh on its way when the database stops, and reads during a short outage (2 s):
      // the reads wait for a connection (knex retries while it waits) and are served once it is back.
      const racing = send("POST", `/admin/segments/${segment.id}/refresh`)
      let stopped = Date.now()
      await pg!.stop()
      pg = null
      const waiting = Promise.all([send("GET", `/admin/segments/${segment.id}`), send("GET", `/admin/segments/${segment.id}/customers`)])
      await new Promise((r) => setTimeout(r, 2000))
      pg = await startOwnPostgres()
      const served = await waiting
      expect(served.map((r) => r.status)).toEqual([200, 200])
      const raced = await racing
      console.log(`[faults] short outage: reads waited ${Date.now() - stopped} ms and got 200; the refresh in flight got ${raced.status} ${JSON.stringify(raced.data).slice(0, 200)}`)
      expect(JSON.stringify(raced.data)).not.toMatch(LEAKS)

      // A long outage: longer than knex's wait for a connection (60 s), so requests fail.
      stopped = Date.now()
      await pg!.stop()
      pg = null
      const requests: Array<[string, string, unknown?]> = [
        ["GET", "/admin/segments"],
        ["GET", `/admin/segments/${segment.id}`],
        ["GET", `/admin/segments/${segment.id}/customers`],
        ["POST", `/admin/segments/${segment.id}/refresh`],
        ["POST", "/admin/segments/preview", { conditions: firstNameIs("Gold"), audience: "all" }],
        ["GET", "/admin/segments/activity"],
        ["GET", `/admin/customers/${ids[0]}/segments`],
      ]
      const outage = await Promise.all(
        requests.map(async ([method, url, body]) => {
          const t = Date.now()
          const res = await send(method, url, body)
          return { url: `${method} ${url}`, status: res.status, body: res.data, ms: Date.now() - t }
        })
      )
      console.log(`[faults] long outage: ${JSON.stringify(outage.map((o) => [o.url, o.status, o.body?.type, o.ms]))}`)
      for (const o of outage) {
        expect({ url: o.url, error: o.status >= 500 }).toEqual({ url: o.url, error: true })
        expect(o.body).toEqual({ type: expect.any(String), message: expect.any(String), ...(o.body?.code ? { code: o.body.code } : {}) })
        expect(JSON.stringify(o.body)).not.toMatch(LEAKS)
      }

      // Back again, same port and data; the same process must serve without a restart.
      pg = await startOwnPostgres()
      let recoveredMs = -1
      for (let i = 0; i < 300; i++) {
        const res = await send("GET", "/admin/segments")
        if (res.status === 200) {
          recoveredMs = Date.now() - stopped
          break
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(recoveredMs).toBeGreaterThan(0)
      console.log(`[faults] PostgreSQL on ${OWN_PG_PORT} stopped for ${Math.round((Date.now() - stopped) / 1000)} s: serving again ${recoveredMs} ms after the stop`)

      // Nothing half applied: the members are the old ones or, if the in-flight refresh won, the new ones.
      const afterOutage = sorted(Object.keys(await segmentMembers(container, segment.id)))
      const flipped = sorted(ids.filter((_: string, i: number) => i % 2 === 0))
      expect([JSON.stringify(before), JSON.stringify(flipped)]).toContain(JSON.stringify(afterOutage))
      const [stored] = await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).listSegments({ id: segment.id })
      expect(stored.customer_count).toBe(afterOutage.length)

      // And the store works as before: a refresh through the API converges to a from-scratch evaluation.
      const again = await send("POST", `/admin/segments/${segment.id}/refresh`)
      expect(again.status).toBe(200)
      expect(sorted(Object.keys(await segmentMembers(container, segment.id)))).toEqual(flipped)
      const { result: scratch } = await createSegmentsWorkflow(container).run({
        input: { segments: [{ name: "Gold scratch", conditions: firstNameIs("Gold"), refresh_mode: "manual" } as any] },
      })
      await refreshSegmentsWorkflow(container).run({ input: { segment_ids: [scratch[0].id] } })
      expect(sorted(Object.keys(await segmentMembers(container, scratch[0].id)))).toEqual(flipped)
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      expect(Number((await knex.raw("SELECT 1 AS one")).rows[0].one)).toBe(1)
    })
  },
})
