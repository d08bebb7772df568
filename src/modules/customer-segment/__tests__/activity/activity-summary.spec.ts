import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { compileSegmentQuery, ConditionGroup, evaluateConditions } from "../../conditions"
import { loadCustomerSnapshots, replaceCustomerActivity } from "../../lib/activity-store"
import { NOW, daysAgo, snapshotOf } from "../conditions/fixtures"

jest.setTimeout(120_000)

const MODULE_DIR = path.resolve(__dirname, "../..")
const ctx = { now: NOW, defaultCurrency: "usd", audience: "all" as const }
const tree = (field: string, operator: string, value: unknown): ConditionGroup => ({ combinator: "and", rules: [{ field, operator, value }] })

/** The summary columns are derived data: what the SQL engine reads from them must be what the facts say. */
moduleIntegrationTestRunner({
  moduleName: "customerSegment",
  resolve: MODULE_DIR,
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ MikroOrmWrapper }) => {
    const knexOf = () => MikroOrmWrapper.forkManager().getKnex()

    /** Customer ids the SQL engine selects, and those the in-memory engine selects from the stored facts. */
    const engines = async (t: ConditionGroup) => {
      const knex = knexOf()
      const q = compileSegmentQuery(t, ctx)
      const sql = ((await knex.raw(q.sql, q.bindings)).rows as Array<{ customer_id: string }>).map((r) => r.customer_id).sort()
      const snapshots = await loadCustomerSnapshots(knex, ["guest", "reg"])
      const memory = snapshots.filter((s) => evaluateConditions(t, s, ctx)).map((s) => s.activity.id).sort()
      return { sql, memory }
    }

    describe("activity summary", () => {
      it("is written with the facts: not canceled orders, exact per-currency sums, products bought", async () => {
        const guest = snapshotOf({
          id: "guest",
          orders: [
            { id: "o1", total: 0.1, currency_code: "usd", ordered_at: daysAgo(5) },
            { id: "o2", total: 0.2, currency_code: "USD", ordered_at: daysAgo(40) },
            { id: "o3", total: 999, currency_code: "usd", status: "canceled" },
            { id: "o4", total: 7, currency_code: "eur", ordered_at: daysAgo(3) },
          ],
          purchases: [
            { id: "p1", order_id: "o1", product_id: "prod_a" },
            { id: "p2", order_id: "o3", product_id: "prod_canceled", order_status: "canceled" },
          ],
        })
        await replaceCustomerActivity(knexOf(), { customer_ids: ["guest"], activities: [guest.activity], orders: guest.orders, purchases: guest.purchases })

        const { rows } = await knexOf().raw(
          `SELECT orders_count, orders_first_at, orders_last_at, orders_by_currency, purchased_product_ids FROM customer_segment_activity WHERE id = 'guest'`
        )
        expect(rows[0].orders_count).toBe(3)
        expect(new Date(rows[0].orders_first_at).toISOString()).toBe(daysAgo(40).toISOString())
        expect(new Date(rows[0].orders_last_at).toISOString()).toBe(daysAgo(3).toISOString())
        expect(rows[0].orders_by_currency).toEqual({ usd: { n: 2, s: 0.3 }, eur: { n: 1, s: 7 } })
        expect(rows[0].purchased_product_ids).toEqual(["prod_a"])

        // exact: 0.1 + 0.2 is 0.3 for both engines, not 0.30000000000000004
        expect(await engines(tree("orders.total_spent", "eq", 0.3))).toEqual({ sql: ["guest"], memory: ["guest"] })
        expect(await engines(tree("orders.count", "eq", 3))).toEqual({ sql: ["guest"], memory: ["guest"] })
        expect(await engines(tree("purchases.product_ids", "in", ["prod_canceled"]))).toEqual({ sql: [], memory: [] })
      })

      it("follows an order that moves to another customer: the one who lost it is rewritten too", async () => {
        const guest = snapshotOf({
          id: "guest",
          orders: [{ id: "o1", total: 50, currency_code: "usd" }],
          purchases: [{ id: "p1", order_id: "o1", product_id: "prod_a" }],
        })
        await replaceCustomerActivity(knexOf(), { customer_ids: ["guest"], activities: [guest.activity], orders: guest.orders, purchases: guest.purchases })
        // the guest's order is transferred to a registered account: only that customer is recomputed
        const reg = snapshotOf({
          id: "reg",
          orders: [{ id: "o1", customer_id: "reg", total: 50, currency_code: "usd" }],
          purchases: [{ id: "p1", customer_id: "reg", order_id: "o1", product_id: "prod_a" }],
        })
        await replaceCustomerActivity(knexOf(), { customer_ids: ["reg"], activities: [reg.activity], orders: reg.orders, purchases: reg.purchases })

        for (const t of [
          tree("orders.count", "gte", 1),
          tree("orders.total_spent", "gte", 50),
          tree("orders.last_order_at", "is_set", undefined),
          tree("purchases.product_ids", "in", ["prod_a"]),
        ]) {
          expect(await engines(t)).toEqual({ sql: ["reg"], memory: ["reg"] })
        }
        expect(await engines(tree("orders.count", "eq", 0))).toEqual({ sql: ["guest"], memory: ["guest"] })
      })
    })
  },
})
