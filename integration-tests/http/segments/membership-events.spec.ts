import { integrationTestRunner } from "../../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { activityRow } from "../../helpers/activity"
import { createSegmentsWorkflow } from "../../../src/workflows/segments/create-segments"
import { refreshSegmentsWorkflow } from "../../../src/workflows/segments/refresh-segments"
import { editSegmentMembersWorkflow } from "../../../src/workflows/segments/edit-segment-members"

jest.setTimeout(180 * 1000)

type Payload = { segment_id: string; customer_ids: string[] }

/**
 * The events other systems rely on (SPEC §2): members_added / members_removed
 * with `{ segment_id, customer_ids }`, at most 1,000 ids an event, every join
 * and leave exactly once; `refreshed` with the counts. The log they come from
 * holds the same customers.
 */
/** Collects the membership and refreshed events the bus delivers from now on. */
function listenToSegmentEvents(container: any): Record<string, Payload[]> {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const seen: Record<string, Payload[]> = { added: [], removed: [], refreshed: [] }
  eventBus.subscribe("customer_segment.members_added", async (e: any) => void seen.added.push(e.data))
  eventBus.subscribe("customer_segment.members_removed", async (e: any) => void seen.removed.push(e.data))
  eventBus.subscribe("customer_segment.refreshed", async (e: any) => void seen.refreshed.push(e.data))
  return seen
}

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ getContainer }) => {
    it("a refresh that moves 2,500 customers tells each join and leave once, in events of at most 1,000", async () => {
      const container = getContainer()
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const seen = listenToSegmentEvents(container)

      const ids = Array.from({ length: 2500 }, (_, i) => `cus_evt_${String(i).padStart(5, "0")}`)
      const domainOf = (i: number, round: number) => ((i + round) % 5 === 0 ? "other.example" : "big.example")
      const setDomains = async (round: number) =>
        service.replaceCustomerActivity({
          customer_ids: ids,
          activities: ids.map((id, i) => activityRow(id, { email: `${id}@${domainOf(i, round)}`, email_domain: domainOf(i, round) })),
          orders: [],
          purchases: [],
        })
      const settle = () => new Promise((r) => setTimeout(r, 300))

      await setDomains(0)
      const { result } = await createSegmentsWorkflow(container).run({
        input: {
          segments: [
            { name: "Big", conditions: { combinator: "and", rules: [{ field: "customer.email_domain", operator: "eq", value: "big.example" }] } } as any,
          ],
        },
      })
      const segmentId = result[0].id
      await settle()
      const joined0 = ids.filter((_, i) => domainOf(i, 0) === "big.example")
      expect(seen.added.every((p) => p.segment_id === segmentId && p.customer_ids.length <= 1000)).toBe(true)
      expect(seen.added.map((p) => p.customer_ids.length).sort((a, b) => b - a)).toEqual([1000, 1000])
      expect(seen.added.flatMap((p) => p.customer_ids).sort()).toEqual(joined0)

      // Next round: a fifth of them leave, another fifth join.
      seen.added = []
      await setDomains(1)
      await refreshSegmentsWorkflow(container).run({ input: { segment_ids: [segmentId], reason: "test" } })
      await settle()
      const joined1 = ids.filter((_, i) => domainOf(i, 1) === "big.example" && domainOf(i, 0) !== "big.example")
      const left1 = ids.filter((_, i) => domainOf(i, 1) !== "big.example" && domainOf(i, 0) === "big.example")
      expect(seen.added.flatMap((p) => p.customer_ids).sort()).toEqual(joined1)
      expect(seen.removed.flatMap((p) => p.customer_ids).sort()).toEqual(left1)
      expect(seen.refreshed.at(-1)).toEqual({ segment_id: segmentId, added: joined1.length, removed: left1.length, size: 2000 })

      // A manual edit is logged and told the same way.
      seen.added = []
      seen.removed = []
      await editSegmentMembersWorkflow(container).run({ input: { segment_id: segmentId, remove: [joined1[0]] } as any })
      await settle()
      expect(seen.removed).toEqual([{ segment_id: segmentId, customer_ids: [joined1[0]] }])

      // The log holds every change once, in rows of at most 1,000 customers.
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const { rows } = await knex.raw(
        `SELECT action, count(*)::int AS n_rows, sum(cardinality(customer_ids))::int AS n, max(cardinality(customer_ids))::int AS biggest
           FROM customer_segment_log WHERE segment_id = ? GROUP BY action ORDER BY action`,
        [segmentId]
      )
      expect(rows).toEqual([
        { action: "joined", n_rows: 3, n: joined0.length + joined1.length, biggest: 1000 },
        { action: "left", n_rows: 2, n: left1.length + 1, biggest: left1.length },
      ])
    })

    it("several segments refreshed together (one shared pass) tell the same joins and leaves per segment, a member_of segment after the one it reads", async () => {
      const container = getContainer()
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      const seen = listenToSegmentEvents(container)
      const ids = Array.from({ length: 30 }, (_, i) => `cus_shr_${String(i).padStart(3, "0")}`)
      const domainOf = (i: number, round: number) => ["a.example", "b.example", "c.example"][(i + round) % 3]
      const setDomains = async (round: number) =>
        service.replaceCustomerActivity({
          customer_ids: ids,
          activities: ids.map((id, i) => activityRow(id, { email: `${id}@${domainOf(i, round)}`, email_domain: domainOf(i, round) })),
          orders: [],
          purchases: [],
        })
      const settle = () => new Promise((r) => setTimeout(r, 300))
      const domainIs = (d: string) => ({ combinator: "and", rules: [{ field: "customer.email_domain", operator: "eq", value: d }] })
      await setDomains(0)
      const { result } = await createSegmentsWorkflow(container).run({
        input: { segments: [{ name: "Shared A", conditions: domainIs("a.example"), refresh_mode: "daily" }, { name: "Shared B", conditions: domainIs("b.example"), refresh_mode: "daily" }] as any },
      })
      const [a, b] = result.map((s: any) => s.id as string)
      const { result: dep } = await createSegmentsWorkflow(container).run({
        input: { segments: [{ name: "Not in A", conditions: { combinator: "and", not: true, rules: [{ field: "segment.member_of", operator: "in", value: [a] }] }, refresh_mode: "daily" }] as any },
      })
      const notA = dep[0].id as string
      await settle()

      // every customer moves one domain on: a third of each segment leaves, another third joins
      seen.added = []
      seen.removed = []
      seen.refreshed = []
      await setDomains(1)
      const { result: run } = await refreshSegmentsWorkflow(container).run({ input: { segment_ids: [notA, b, a], reason: "scheduled" } })
      await settle()
      const has = (i: number, round: number, seg: string) => (seg === a ? domainOf(i, round) === "a.example" : seg === b ? domainOf(i, round) === "b.example" : domainOf(i, round) !== "a.example")
      for (const seg of [a, b, notA]) {
        const joined = ids.filter((_, i) => has(i, 1, seg) && !has(i, 0, seg))
        const left = ids.filter((_, i) => !has(i, 1, seg) && has(i, 0, seg))
        expect(joined.length && left.length).toBeTruthy()
        expect({ seg, added: seen.added.filter((p) => p.segment_id === seg).flatMap((p) => p.customer_ids).sort() }).toEqual({ seg, added: joined })
        expect({ seg, removed: seen.removed.filter((p) => p.segment_id === seg).flatMap((p) => p.customer_ids).sort() }).toEqual({ seg, removed: left })
        expect(seen.refreshed.filter((p) => p.segment_id === seg)).toEqual([{ segment_id: seg, added: joined.length, removed: left.length, size: ids.filter((_, i) => has(i, 1, seg)).length }])
        const r = run.results.find((x: any) => x.segment_id === seg)!
        expect(r).toEqual(expect.objectContaining({ added: joined.length, removed: left.length, duration_ms: expect.any(Number) }))
        expect(r.error).toBeUndefined()
      }
      const segs = await service.listSegments({ id: [a, b, notA] })
      expect(segs.every((s: any) => typeof s.last_refresh_ms === "number" && s.last_error === null)).toBe(true)
    })
  },
})
