import { Cluster, startCluster } from "./helpers"

// `npm run bench:load`, tiny, so that it keeps working: real processes (2
// servers, 1 worker, Redis), orders through the store API for 5 s at 5/s, then
// the drop check. Correctness only: every order placed and applied, nothing
// dropped, the latency figures there. No timing assertions (shared machines).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runLoadTest, loadTable } = require("../../bench/load/load-test.cjs")

// generous: on a loaded machine migrations alone took minutes (a hook that times out leaves processes behind)
jest.setTimeout(600_000)

describe("load test (bench:load), tiny", () => {
  let c: Cluster

  beforeAll(async () => {
    c = await startCluster({ servers: 2, workers: 1 })
  })

  afterAll(async () => {
    await c?.stop()
  })

  it("places every order through the store API, applies each to membership, and drops none", async () => {
    const admin = async (method: string, url: string, body?: unknown) => {
      const r = await c.api(c.servers[0], method, url, body)
      return { status: r.status, body: r.body }
    }
    const result = await runLoadTest(
      { servers: c.servers, admin, db: c.db, redisUrl: c.redis.url, store: c.store },
      { rate: 5, seconds: 5, customers: 6, concurrency: 8, pollMs: 100, drainCapMs: 60_000, placeAll: true }
    )
    console.log(`[load] tiny run\n${loadTable(result)}`)
    expect(result.due).toBe(25)
    expect(result.notStarted).toBe(0)
    expect(result.failures).toEqual([])
    expect(result.completed).toBe(25)
    expect(result.unapplied).toBe(0)
    // the drop check: orders in Medusa, activity rows, membership vs a from-scratch evaluation
    expect(result.check.ordersMissing).toBe(0)
    expect(result.check.staleActivity).toEqual([])
    expect(result.check.perSegment).toHaveLength(20)
    expect(result.check.membershipDiff).toBe(0)
    expect(result.check.dropped).toBe(0)
    expect(result.check.members).toBeGreaterThan(0)
    for (const p of [result.placement, result.service, result.eventToMembership]) {
      expect(p.n).toBe(25)
      for (const k of ["p50", "p95", "p99"]) expect(Number.isFinite(p[k])).toBe(true)
    }
    expect(Number.isFinite(result.drainMs)).toBe(true)
  })
})
