import { spawn, type ChildProcess } from "node:child_process"
import path from "node:path"
import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStoreBasics } from "../../../demo/fixtures"
import { runActivityBackfill } from "../../../src/workflows/activity/activity-backfill-runner"
import { clearActivity } from "../activity/fixtures"

/**
 * The activity backfill really killed: it runs in a `medusa exec` process of
 * its own against the test database, gets SIGKILL once its stored cursor has
 * moved, and a second process resumes it. The activity tables must end up
 * row for row as an uninterrupted build left them.
 */

jest.setTimeout(600 * 1000)

const CUSTOMERS = 240
const ORDERS = 720
const SCRIPT = "./integration-tests/http/reliability/scripts/run-activity-backfill.ts"

/** Every activity table, minus what differs between two builds of the same data (clock columns, generated ids). */
const TABLES: Record<string, string[]> = {
  customer_segment_activity: ["computed_at", "created_at", "updated_at", "deleted_at"],
  customer_segment_order_fact: ["id", "created_at", "updated_at", "deleted_at"],
  customer_segment_purchase_fact: ["id", "created_at", "updated_at", "deleted_at"],
}

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    let container: MedusaContainer
    let knex: any

    /** Per table: row count and md5 of every row (as JSON, clock columns removed), ordered. */
    const fingerprint = async () => {
      const out: Record<string, string> = {}
      for (const [table, drop] of Object.entries(TABLES)) {
        const { rows } = await knex.raw(
          `SELECT count(*)::int AS n, coalesce(md5(string_agg(r, '|' ORDER BY r)), '') AS h
             FROM (SELECT (to_jsonb(x) - ?::text[])::text AS r FROM ?? AS x) t`,
          [drop, table]
        )
        out[table] = `${rows[0].n}:${rows[0].h}`
      }
      return out
    }
    const build = async () => (await knex("customer_segment_activity_build").first("status", "cursor", "done", "total")) ?? null

    /** `medusa exec` of the runner script in a process of its own; resolves with its exit and output. */
    const startRunner = (env: Record<string, string>) => {
      let output = ""
      const child: ChildProcess = spawn(process.execPath, [path.resolve("node_modules/@medusajs/cli/cli.js"), "exec", SCRIPT], {
        env: { ...process.env, ...env, DATABASE_URL: dbConfig.clientUrl, NODE_ENV: "test", SEGMENTS_BACKFILL_ON_BOOT: "false", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      })
      child.stdout!.on("data", (d) => (output += d))
      child.stderr!.on("data", (d) => (output += d))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal }))
      )
      return { child, exited, output: () => output }
    }

    beforeEach(async () => {
      container = getContainer()
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    })

    it("a backfill process killed mid-way resumes at its cursor in a new process and ends with the same rows as an uninterrupted build", async () => {
      // Real Medusa customers and orders (module calls: no events, so no activity data yet)
      const store = await createStoreBasics(container, { productCount: 2, variantsPerProduct: 2 })
      const customers = await container.resolve(Modules.CUSTOMER).createCustomers(
        Array.from({ length: CUSTOMERS }, (_, i) => ({
          email: `k${String(i).padStart(3, "0")}@kill.example`,
          first_name: `K${i}`,
          has_account: i % 3 !== 0,
          addresses: [{ address_1: `${i} Main Street`, city: "Paris", country_code: "fr", postal_code: "75002", is_default_shipping: true }],
        })) as any
      )
      const address = { first_name: "K", last_name: "Kill", address_1: "1 Main Street", city: "Paris", country_code: "fr", postal_code: "75002" }
      for (let a = 0; a < ORDERS; a += 240) {
        await container.resolve(Modules.ORDER).createOrders(
          Array.from({ length: Math.min(240, ORDERS - a) }, (_, k) => {
            const j = a + k
            const c = customers[(j * 7) % customers.length] // uneven: some customers have none
            const v = store.variants[j % store.variants.length]
            return {
              region_id: store.region.id,
              currency_code: "eur",
              customer_id: c.id,
              email: c.email,
              sales_channel_id: store.sales_channel.id,
              status: j % 10 === 0 ? "canceled" : j % 3 === 0 ? "pending" : "completed",
              items: [{ title: v.title, product_id: v.product_id, product_title: v.product_title, variant_id: v.id, variant_sku: v.sku, quantity: 1 + (j % 3), unit_price: v.prices.eur }],
              shipping_address: address,
              billing_address: address,
              shipping_methods: [{ name: store.shipping_option.name, shipping_option_id: store.shipping_option.id, amount: 10 }],
            }
          }) as any
        )
      }
      await knex.raw(`UPDATE "order" SET created_at = now() - (abs(hashtext(id)) % 7200) * interval '1 hour'`)
      await clearActivity(knex)
      await knex("customer_segment_activity_build").delete()

      // The reference: one uninterrupted build, in this process
      const reference = await runActivityBackfill(container, { batch_size: 25 })
      expect(reference.progress).toMatchObject({ status: "done", done: CUSTOMERS, total: CUSTOMERS })
      const expected = await fingerprint()
      expect(Number(expected.customer_segment_activity.split(":")[0])).toBe(CUSTOMERS)
      expect(Number(expected.customer_segment_order_fact.split(":")[0])).toBe(ORDERS)

      // Start over, in a process of its own, and kill it once the stored cursor has moved
      await clearActivity(knex)
      await knex("customer_segment_activity_build").delete()
      const first = startRunner({ FAULT_BATCH_SIZE: "3" })
      let atKill: any = null
      const deadline = Date.now() + 180_000
      while (Date.now() < deadline) {
        const b = await build()
        if (b?.cursor && b.done >= 30) {
          first.child.kill("SIGKILL")
          atKill = b
          break
        }
        if (first.child.exitCode !== null) break
        await new Promise((r) => setTimeout(r, 20))
      }
      const killed = await first.exited
      expect({ signal: killed.signal, output: atKill ? "" : first.output().slice(-2000) }).toEqual({ signal: "SIGKILL", output: "" })
      const stopped = await build()
      // left as a crash leaves it: running, part-way, with the cursor it had reached
      expect(stopped).toMatchObject({ status: "running", total: CUSTOMERS })
      expect(stopped.done).toBeLessThan(CUSTOMERS)
      expect(stopped.cursor).not.toBeNull()
      const ids = customers.map((c: any) => c.id).sort()
      const cursorIndex = ids.indexOf(stopped.cursor)
      expect(cursorIndex + 1).toBe(stopped.done)
      const kept = await knex("customer_segment_activity").where("id", "<=", stopped.cursor).select("id", "computed_at").orderBy("id")
      expect(kept.map((r: any) => r.id)).toEqual(ids.slice(0, stopped.done))
      expect(await fingerprint()).not.toEqual(expected)

      // A new process resumes (the dead runner's heartbeat counts as stale at once)
      const second = startRunner({ FAULT_BATCH_SIZE: "10", FAULT_STALE_MS: "1" })
      const resumed = await second.exited
      const line = second.output().split("\n").find((l) => l.startsWith("FAULT_RESULT "))
      expect({ code: resumed.code, line: line ? "" : second.output().slice(-2000) }).toEqual({ code: 0, line: "" })
      const result = JSON.parse(line!.slice("FAULT_RESULT ".length))
      expect(result).toMatchObject({ ran: true, status: "done", done: CUSTOMERS, total: CUSTOMERS })
      // it started at the cursor: only the customers after it, in batches of 10
      expect(result.batches).toBe(Math.ceil((CUSTOMERS - stopped.done) / 10))
      expect(second.output()).toContain(`resumed after ${stopped.cursor}`)
      const after = await knex("customer_segment_activity").whereIn("id", kept.map((r: any) => r.id)).select("id", "computed_at").orderBy("id")
      expect(after.map((r: any) => r.computed_at.getTime())).toEqual(kept.map((r: any) => r.computed_at.getTime()))

      expect(await fingerprint()).toEqual(expected)
      console.log(
        `[faults] backfill killed at ${atKill.done}/${CUSTOMERS} (stored cursor ${stopped.done}), resumed with ${result.batches} batches; ${ORDERS} orders, fingerprints equal`
      )
    })
  },
})
