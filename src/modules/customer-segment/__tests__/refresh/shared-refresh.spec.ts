import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import type { ConditionGroup, ConditionRule } from "../../conditions"
import { updateActivitySummaries } from "../../lib/activity-summary"
import type CustomerSegmentModuleService from "../../service"
import { CustomerFixture, NOW, and, daysAgo, loadWorld, not, or, r, snapshotOf } from "../conditions/fixtures"

jest.setTimeout(180_000)

const MODULE_DIR = path.resolve(__dirname, "../..")
const CLOCK = { now: NOW, defaultCurrency: "usd" }


/** 80 customers whose every attribute is a fixed function of their number: varied, reproducible. */
function customers(): CustomerFixture[] {
  const domains = ["example.com", "x.com", "acme.com", "mail.org"]
  const countries = ["de", "fr", "us", "it", null]
  const products = ["prod_a", "prod_b", "prod_c"]
  return Array.from({ length: 80 }, (_, i) => ({
    id: `cus_${String(i).padStart(3, "0")}`,
    activity: {
      email: `c${i}@${domains[i % 4]}`,
      email_domain: domains[i % 4],
      has_account: i % 3 !== 0,
      ship_country_code: countries[(i * 7) % 5],
      any_country_codes: countries[(i * 7) % 5] ? [countries[(i * 7) % 5]!] : [],
      customer_created_at: daysAgo(i * 9),
    },
    orders: Array.from({ length: i % 4 }, (_, k) => ({
      total: 20 + ((i * 37 + k * 11) % 200),
      ordered_at: daysAgo((i * 13 + k * 29) % 300),
      status: (i + k) % 7 === 0 ? "canceled" : "completed",
    })),
    purchases: Array.from({ length: i % 5 }, (_, k) => ({
      product_id: products[(i + k) % 3],
      category_ids: (i + k) % 2 ? ["cat_1"] : ["cat_2"],
      product_metadata: { manufacturer: (i + k) % 4 === 0 ? "ACME" : "Globex" },
      quantity: 1 + (k % 2),
      ordered_at: daysAgo((i * 5 + k * 17) % 200),
    })),
  }))
}

type Def = { handle: string; audience?: "all" | "registered"; membership?: "rules" | "manual"; conditions: (ids: Record<string, string>) => ConditionGroup | null }

/** The same 15 segments for each set; member_of rules name the segment of their own set. */
const DEFS: Def[] = [
  { handle: "spent", conditions: () => and(r("orders.total_spent", "gte", 150)) },
  { handle: "de-or-x", conditions: () => or(r("address.country_code", "in", ["de"]), r("customer.email_domain", "in", ["x.com"])) },
  { handle: "not-a", conditions: () => not(and(r("purchases.product_ids", "in", ["prod_a"]))) },
  { handle: "a-registered", audience: "registered", conditions: () => and(r("purchases.product_ids", "in", ["prod_a"])) },
  { handle: "cat1-repeat", conditions: () => and(r("purchases.category_ids", "in", ["cat_1"]), r("orders.count", "gte", 2)) },
  { handle: "recent-or-not-example", conditions: () => or(and(r("orders.last_order_at", "within_last_days", 60)), not(and(r("customer.email_domain", "in", ["example.com"])))) },
  { handle: "b-twice-90d", conditions: () => and(r("purchases.product_ids", "in", ["prod_b"], { within_days: 90, min_quantity: 2 })) },
  { handle: "acme", audience: "registered", conditions: () => and(r("purchases.attribute", "eq", "acme", { key: "manufacturer" })) },
  { handle: "above-average", conditions: () => and(r("orders.average_vs_global_pct", "gte", 110)) },
  { handle: "no-orders-registered", audience: "registered", conditions: () => and(r("orders.count", "eq", 0)) },
  { handle: "no-conditions", conditions: () => null },
  { handle: "by-hand", membership: "manual", conditions: () => null },
  { handle: "in-spent-fr", conditions: (ids) => and(r("segment.member_of", "in", [ids["spent"]]), r("address.country_code", "in", ["fr", "de"])) },
  // reads a segment that itself reads another: refreshed after it
  { handle: "in-chain", conditions: (ids) => or(r("segment.member_of", "in", [ids["in-spent-fr"]]), r("customer.email_domain", "in", ["mail.org"])) },
  { handle: "not-de-or-x", conditions: (ids) => not(and(r("segment.member_of", "in", [ids["de-or-x"]]))) },
]

moduleIntegrationTestRunner<CustomerSegmentModuleService>({
  moduleName: "customerSegment",
  resolve: MODULE_DIR,
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ MikroOrmWrapper, service }) => {
    const knexOf = () => MikroOrmWrapper.forkManager().getKnex()

    /** One set of the 15 segments (handles prefixed), member_of rules resolved to the set's own ids. */
    async function createSet(prefix: string): Promise<Record<string, string>> {
      const ids: Record<string, string> = {}
      for (const d of DEFS) {
        const [s] = await service.createSegments([
          { name: `${prefix} ${d.handle}`, handle: `${prefix}-${d.handle}`, membership: d.membership ?? "rules", audience: d.audience ?? "all", refresh_mode: "daily", conditions: d.conditions(ids) },
        ] as any)
        ids[d.handle] = s.id
      }
      return ids
    }

    /** Everything a refresh leaves behind for a set, keyed by handle, ids of other rows left out. */
    async function stateOf(ids: Record<string, string>, runId: string) {
      const knex = knexOf()
      const out: Record<string, unknown> = {}
      for (const [handle, id] of Object.entries(ids)) {
        const members = (await knex.raw(`SELECT customer_id, source FROM customer_segment_member WHERE segment_id = ? AND deleted_at IS NULL ORDER BY customer_id`, [id])).rows
        const [seg] = (await knex.raw(`SELECT customer_count, last_refreshed_at, last_error FROM customer_segment WHERE id = ?`, [id])).rows
        const snapshots = (await knex.raw(`SELECT at, size, added, removed, manual FROM customer_segment_snapshot WHERE segment_id = ? ORDER BY id`, [id])).rows
        const log = (await knex.raw(`SELECT action, customer_ids, reason, at FROM customer_segment_log WHERE segment_id = ? AND run_id = ? ORDER BY action, customer_ids[1]`, [id, runId])).rows
        out[handle] = { members, segment: seg, snapshots, log }
      }
      return out
    }

    /** The reference: each segment refreshed on its own, in the order DEFS lists them (dependencies first). */
    async function refreshSingly(ids: Record<string, string>, runId: string) {
      for (const d of DEFS) await service.refreshSegmentMembers(ids[d.handle], { ...CLOCK, runId, reason: "scheduled" })
    }

    it("one shared pass leaves the same members, sizes, snapshots and log as refreshing each segment singly", async () => {
      await loadWorld(knexOf(), customers().map(snapshotOf))
      const shared = await createSet("shared")
      const single = await createSet("single")
      // manual members: kept by both paths, counted in `manual`
      for (const ids of [shared, single]) {
        await service.editSegmentMembers(ids["spent"], { add: ["cus_001", "cus_002"] }, { runId: "manual_edit", now: NOW })
        await service.editSegmentMembers(ids["by-hand"], { add: ["cus_010"] }, { runId: "manual_edit", now: NOW })
      }

      const pass = async (n: number) => {
        const changes = await service.refreshSegmentsShared(Object.values(shared), { ...CLOCK, runId: `shared_${n}`, reason: "scheduled" })
        await refreshSingly(single, `single_${n}`)
        const [a, b] = [await stateOf(shared, `shared_${n}`), await stateOf(single, `single_${n}`)]
        expect(a).toEqual(b)
        // what the method returns is what it wrote
        for (const [handle, id] of Object.entries(shared)) {
          const s = (a as any)[handle]
          const last = s.snapshots[s.snapshots.length - 1]
          expect({ handle, ...changes.get(id) }).toEqual({ handle, size: last.size, added: last.added, removed: last.removed, manual: last.manual })
        }
        return a as Record<string, any>
      }

      // 1. the first fill
      const first = await pass(1)
      const sizes = Object.fromEntries(Object.entries(first).map(([h, s]) => [h, s.members.length]))
      // the segments are neither all empty nor all full (the comparison means something)
      expect(sizes["no-conditions"]).toBe(0)
      expect(sizes["by-hand"]).toBe(1)
      for (const h of ["spent", "de-or-x", "not-a", "a-registered", "cat1-repeat", "acme", "above-average", "in-spent-fr", "in-chain", "not-de-or-x"]) {
        expect({ h, empty: sizes[h] === 0, full: sizes[h] === 80 }).toEqual({ h, empty: false, full: false })
      }
      expect(first["spent"].members.filter((m: any) => m.source === "manual").length).toBe(2)
      expect(first["spent"].log.length).toBeGreaterThan(0)

      // 2. nothing changed: no log row, snapshots of +0 / -0
      const second = await pass(2)
      for (const [handle, s] of Object.entries(second)) {
        expect({ handle, log: s.log }).toEqual({ handle, log: [] })
        expect({ handle, ...s.snapshots[s.snapshots.length - 1], at: undefined }).toEqual({ handle, at: undefined, size: sizes[handle], added: 0, removed: 0, manual: s.snapshots[0].manual })
      }

      // 3. the data changes: customers move country and domain, lose their account, buy, one is deleted
      const knex = knexOf()
      await knex.raw(`UPDATE customer_segment_activity SET ship_country_code = 'de', any_country_codes = '{de}' WHERE id IN ('cus_003', 'cus_004', 'cus_020')`)
      await knex.raw(`UPDATE customer_segment_activity SET email_domain = 'mail.org' WHERE id IN ('cus_005', 'cus_011')`)
      await knex.raw(`UPDATE customer_segment_activity SET has_account = NOT has_account WHERE id IN ('cus_007', 'cus_009', 'cus_012')`)
      await knex.raw(`UPDATE customer_segment_activity SET deleted_at = now() WHERE id = 'cus_013'`)
      await knex("customer_segment_order_fact").insert(
        ["cus_000", "cus_008", "cus_016"].map((c) => ({ id: `of_new_${c}`, customer_id: c, status: "completed", ordered_at: daysAgo(2), total: 400, raw_total: JSON.stringify({ value: "400", precision: 20 }), currency_code: "usd" }))
      )
      await knex("customer_segment_purchase_fact").insert(
        ["cus_000", "cus_008", "cus_016"].map((c) => ({ id: `pf_new_${c}`, customer_id: c, order_id: `of_new_${c}`, order_status: "completed", ordered_at: daysAgo(2), product_id: "prod_a", category_ids: ["cat_1"], quantity: 2, amount: 400, raw_amount: JSON.stringify({ value: "400", precision: 20 }), currency_code: "usd", product_metadata: JSON.stringify({ manufacturer: "ACME" }) }))
      )
      await updateActivitySummaries(knex, null)
      const third = await pass(3)
      const moved = Object.values(third).reduce((n, s) => n + s.log.reduce((k: number, l: any) => k + l.customer_ids.length, 0), 0)
      expect(moved).toBeGreaterThan(10)
      expect(Object.values(third).some((s) => s.log.some((l: any) => l.action === "left"))).toBe(true)
      expect(Object.values(third).some((s) => s.log.some((l: any) => l.action === "joined"))).toBe(true)
    })

    it("a segment whose stored conditions do not compile fails the whole shared pass, which writes nothing", async () => {
      await loadWorld(knexOf(), customers().map(snapshotOf))
      const ids = await createSet("broken")
      await service.refreshSegmentsShared(Object.values(ids), { ...CLOCK, runId: "before", reason: "scheduled" })
      const knex = knexOf()
      const count = async () => (await knex.raw(`SELECT (SELECT count(*) FROM customer_segment_member)::int AS m, (SELECT count(*) FROM customer_segment_snapshot)::int AS s`)).rows[0]
      await knex.raw(`UPDATE customer_segment_activity SET email_domain = 'x.com'`)
      await knex.raw(`UPDATE customer_segment SET conditions = ? WHERE id = ?`, [JSON.stringify(and(r("no.such_field", "eq", 1))), ids["acme"]])
      const before = await count()
      await expect(service.refreshSegmentsShared(Object.values(ids), { ...CLOCK, runId: "broken", reason: "scheduled" })).rejects.toThrow(/no\.such_field/)
      expect(await count()).toEqual(before)
    })
  },
})
