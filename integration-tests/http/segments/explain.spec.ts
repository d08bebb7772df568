import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { SEGMENT_TEMPLATES } from "../../../src/modules/customer-segment/lib/templates"
import { createAdminHeaders } from "../../helpers/admin"

jest.setTimeout(900 * 1000)

// A small demo store (demo/seed.ts reads these when it loads).
process.env.DEMO_CUSTOMERS = "40"
process.env.DEMO_ORDERS = "120"
process.env.DEMO_WORKERS = "1"

type Explanation = {
  matches: boolean | null
  sql_matches: boolean | null
  engines_agree: boolean
  in_audience: boolean
  has_activity: boolean
  member: { source: string; added_at: string } | null
  summary: string
  conditions: any
  history: Array<{ action: string; reason: string; at: string }>
  customer: { id: string; email: string }
}

const flat = (node: any, out: any[] = []): any[] => {
  out.push(node)
  for (const r of node.rules ?? []) flat(r, out)
  return out
}

/**
 * "Why is this customer in (or not in) this segment?" on the demo store (its
 * real orders, example segments and the templates), and "what will this edit
 * change?" compared with what saving the edit then does.
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer, utils }) => {
    let admin: { headers: Record<string, string> }
    let container: MedusaContainer
    let customers: Array<{ id: string; email: string; has_account: boolean }>
    let segments: Array<{ id: string; name: string; membership: string; audience: string }>

    const explain = async (segmentId: string, customerId: string): Promise<Explanation> =>
      (await api.get(`/admin/segments/${segmentId}/customers/${customerId}/explain`, admin)).data.explanation
    const members = async (segmentId: string): Promise<Record<string, string>> => {
      const { data } = await api.get(`/admin/segments/${segmentId}/customers?limit=1000`, admin)
      return Object.fromEntries(data.customers.map((c: any) => [c.id, c.source]))
    }
    const fail = (p: Promise<unknown>) => p.then(() => ({ status: 200, data: null }), (e) => e.response)

    beforeAll(async () => {
      container = getContainer()
      // the demo seed itself: store, products, customers, real orders, carts, example segments
      const { default: seedDemo } = require("../../../demo/seed")
      await seedDemo({ container, args: [] })
      await utils.waitWorkflowExecutions()
      const { runActivityBackfill } = require("../../../src/workflows")
      await runActivityBackfill(container)
      admin = await createAdminHeaders(container, "explain-admin@test.local")
      // the templates as segments too
      for (const t of SEGMENT_TEMPLATES) {
        await api.post("/admin/segments", { ...t.segment, handle: `tpl-${t.id}`, refresh_mode: "manual" }, admin)
      }
      const { data: list } = await api.get("/admin/segments?limit=100", admin)
      segments = list.segments
      // every rules segment current, whatever its schedule
      for (const s of segments.filter((s) => s.membership === "rules")) await api.post(`/admin/segments/${s.id}/refresh`, {}, admin)
      const { data: people } = await api.get("/admin/customers?limit=1000&fields=id,email,has_account", admin)
      customers = people.customers
    })

    beforeEach(async () => {
      admin = await createAdminHeaders(container, `admin-${Date.now()}@test.local`)
    })

    it("for every demo customer and every example segment and template: both engines agree node by node, and the verdict is the membership", async () => {
      expect(customers.length).toBeGreaterThanOrEqual(40)
      const rules = segments.filter((s) => s.membership === "rules")
      expect(rules.length).toBeGreaterThanOrEqual(4 + SEGMENT_TEMPLATES.length)
      const disagreements: string[] = []
      let matched = 0
      let checked = 0
      for (const s of segments) {
        const current = await members(s.id)
        for (const c of customers) {
          const e = await explain(s.id, c.id)
          checked++
          if (!e.engines_agree) {
            const nodes = flat(e.conditions ?? {}).filter((n) => n.held !== n.sql_held).map((n) => n.text ?? n.path)
            disagreements.push(`${s.name} / ${c.email}: ${nodes.join("; ")}`)
          }
          if (s.membership === "rules") {
            // just refreshed: a member iff the rules hold (the demo store has no manual members in rules segments)
            expect({ segment: s.name, customer: c.email, member: !!current[c.id] }).toEqual({ segment: s.name, customer: c.email, member: e.matches })
            if (e.matches) {
              matched++
              expect(e.history[0]).toEqual(expect.objectContaining({ action: "joined" }))
            }
            for (const rule of flat(e.conditions).filter((n) => n.kind === "rule")) {
              expect(rule.text).toContain(`${rule.field}`)
              expect(rule.text.endsWith(`: ${rule.held}`)).toBe(true)
            }
          } else {
            expect(e.matches).toBeNull()
          }
        }
      }
      expect(disagreements).toEqual([])
      // the activity build scored everyone with orders: the RFM templates are not empty
      for (const handle of ["tpl-champions", "tpl-at-risk"]) {
        const s = segments.find((x: any) => x.handle === handle) as any
        expect({ handle, size: s.customer_count > 0 }).toEqual({ handle, size: true })
      }
      // the demo data must put people on both sides, or agreement proves little
      expect(matched).toBeGreaterThan(20)
      expect(matched).toBeLessThan(checked - 20)
      console.log(`[explain] ${checked} explanations (${segments.length} segments × ${customers.length} customers), ${matched} in`)
    })

    it("says what value each rule was judged on: a customer's completed EUR spend is the sum of their orders as the admin API reports them", async () => {
      const vip = segments.find((s) => s.name === "VIP customers")!
      const { data } = await api.get("/admin/orders?limit=1000&fields=id,total,status,currency_code,customer_id", admin)
      const spent = new Map<string, number>()
      for (const o of data.orders) {
        if (o.status === "completed" && o.currency_code === "eur") spent.set(o.customer_id, (spent.get(o.customer_id) ?? 0) + Number(o.total))
      }
      // the customer with the highest spend below the VIP line (1,000 EUR), and one above it
      const sorted = [...spent.entries()].sort((a, b) => b[1] - a[1])
      const below = sorted.find(([id, v]) => v < 1000 && customers.find((c) => c.id === id)?.has_account)!
      const above = sorted.find(([id, v]) => v >= 1000 && customers.find((c) => c.id === id)?.has_account)!
      for (const [id, total] of [below, above]) {
        const e = await explain(vip.id, id)
        const rule = e.conditions.rules[0]
        expect(rule.field).toBe("orders.total_spent")
        expect(rule.actual).toBeCloseTo(total, 2)
        expect(rule.held).toBe(total >= 1000)
        const formatted = total.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
        expect(rule.text).toBe(`orders.total_spent (completed, eur) = ${formatted}, needs >= 1,000.00: ${total >= 1000}`)
        expect(e.summary).toMatch(total >= 1000 ? /^In the segment/ : /^Not in the segment/)
      }
    })

    it("explains a manual member who does not match, a guest outside a registered-only audience, and a segment switched to manual", async () => {
      const vip = segments.find((s) => s.name === "VIP customers")! // audience: registered
      const guest = customers.find((c) => !c.has_account)!
      let e = await explain(vip.id, guest.id)
      expect(e).toEqual(expect.objectContaining({ in_audience: false, matches: false, sql_matches: false, engines_agree: true, member: null }))
      expect(e.summary).toMatch(/registered customers/)

      const current = await members(vip.id)
      const outsider = customers.find((c) => c.has_account && !current[c.id])!
      await api.post(`/admin/segments/${vip.id}/customers`, { add: [outsider.id] }, admin)
      e = await explain(vip.id, outsider.id)
      expect(e.member).toEqual(expect.objectContaining({ source: "manual" }))
      expect(e.matches).toBe(false)
      expect(e.summary).toMatch(/manual member, though it does not match/)
      expect(e.history[0]).toEqual(expect.objectContaining({ action: "joined", reason: expect.stringMatching(/manual/) }))
      await api.post(`/admin/segments/${vip.id}/customers`, { remove: [outsider.id] }, admin)
      e = await explain(vip.id, outsider.id)
      expect(e.member).toBeNull()
      expect(e.history.map((h) => h.action)).toEqual(["left", "joined"])

      const picks = segments.find((s) => s.membership === "manual")!
      e = await explain(picks.id, outsider.id)
      expect(e).toEqual(expect.objectContaining({ matches: null, conditions: null, member: null }))
    })

    it("explain: 404 for an unknown segment or customer, 401 without an admin", async () => {
      const s = segments[0]
      expect((await fail(api.get(`/admin/segments/cseg_nope/customers/${customers[0].id}/explain`, admin))).status).toBe(404)
      const unknown = await fail(api.get(`/admin/segments/${s.id}/customers/cus_nope/explain`, admin))
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toMatch(/cus_nope/)
      expect((await fail(api.get(`/admin/segments/${s.id}/customers/${customers[0].id}/explain`))).status).toBe(401)
    })

    it("edit preview: joining and leaving before saving are exactly what saving then does; manual members never leave", async () => {
      const { data: made } = await api.post(
        "/admin/segments",
        {
          name: "Big spenders preview",
          refresh_mode: "manual",
          conditions: { combinator: "and", rules: [{ field: "orders.total_spent", operator: "gte", value: 300, params: { currency_code: "eur" } }] },
        },
        admin
      )
      const segment = made.segment
      const before = await members(segment.id)
      const keep = Object.keys(before)[0]
      await api.post(`/admin/segments/${segment.id}/customers`, { mark_manual: [keep] }, admin)

      // narrower on spend, wider on count: some leave, some join
      const next = {
        combinator: "or",
        rules: [
          { field: "orders.total_spent", operator: "gte", value: 600, params: { currency_code: "eur" } },
          { field: "orders.count", operator: "eq", value: 1 },
        ],
      }
      const { data: preview } = await api.post(`/admin/segments/${segment.id}/preview`, { conditions: next, sample_size: 100 }, admin)
      expect(preview.joining).toBeGreaterThan(0)
      expect(preview.leaving).toBeGreaterThan(0)
      expect(preview.current).toBe(Object.keys(before).length)

      await api.post(`/admin/segments/${segment.id}`, { conditions: next }, admin)
      const after = await members(segment.id)
      const joined = Object.keys(after).filter((id) => !before[id]).sort()
      const left = Object.keys(before).filter((id) => !after[id]).sort()
      expect(preview.joining).toBe(joined.length)
      expect(preview.leaving).toBe(left.length)
      expect(preview.count).toBe(Object.keys(after).length)
      expect(preview.sample_joining.map((c: any) => c.id).sort()).toEqual(joined.slice(0, 100))
      expect(preview.sample_leaving.map((c: any) => c.id).sort()).toEqual(left.slice(0, 100))
      expect(after[keep]).toBe("manual") // pinned: stays though it may no longer match
      expect(preview.sample_leaving.map((c: any) => c.id)).not.toContain(keep)

      // the same conditions again change nothing
      const { data: again } = await api.post(`/admin/segments/${segment.id}/preview`, { conditions: next }, admin)
      expect(again).toEqual(expect.objectContaining({ joining: 0, leaving: 0, count: Object.keys(after).length }))
    })

    it("edit preview: a 400 naming the bad rule, a 404 for an unknown segment, a 401 without an admin", async () => {
      const s = segments.find((x) => x.membership === "rules")!
      const bad = await fail(
        api.post(`/admin/segments/${s.id}/preview`, { conditions: { combinator: "and", rules: [{ field: "orders.count", operator: "gte", value: "3" }] } }, admin)
      )
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/rules\[0\]\.value/)
      const extra = await fail(api.post(`/admin/segments/${s.id}/preview`, { conditions: { combinator: "and", rules: [] }, name: "x" }, admin))
      expect(extra.status).toBe(400)
      const gone = await fail(
        api.post(`/admin/segments/cseg_nope/preview`, { conditions: { combinator: "and", rules: [{ field: "orders.count", operator: "gte", value: 3 }] } }, admin)
      )
      expect(gone.status).toBe(404)
      expect((await fail(api.post(`/admin/segments/${s.id}/preview`, { conditions: {} }))).status).toBe(401)
    })

    it("dependencies: the promotions, customer group, price lists and segments that use a segment", async () => {
      const { data: g } = await api.post("/admin/customer-groups", { name: "Segment VIPs" }, admin)
      const group = g.customer_group
      const { data: made } = await api.post(
        "/admin/segments",
        { name: "Feeds a group", refresh_mode: "manual", customer_group_id: group.id, conditions: { combinator: "and", rules: [{ field: "orders.count", operator: "gte", value: 3 }] } },
        admin
      )
      const segment = made.segment
      let { data } = await api.get(`/admin/segments/${segment.id}/dependencies`, admin)
      expect(data.dependencies).toEqual({ promotions: [], customer_groups: [{ id: group.id, name: "Segment VIPs" }], price_lists: [], segments: [] })

      const promotion = (
        await api.post(
          "/admin/promotions",
          {
            code: "SEGDEP10",
            type: "standard",
            status: "active",
            application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
            rules: [{ attribute: "customer_segment_ids", operator: "in", values: [segment.id] }],
          },
          admin
        )
      ).data.promotion
      const priceList = (
        await api.post("/admin/price-lists", { title: "VIP prices", description: "for the group", type: "sale", rules: { "customer.groups.id": [group.id] }, prices: [] }, admin)
      ).data.price_list
      const { data: user } = await api.post(
        "/admin/segments",
        { name: "Reads it", refresh_mode: "manual", conditions: { combinator: "and", rules: [{ field: "segment.member_of", operator: "in", value: [segment.id] }] } },
        admin
      )
      ;({ data } = await api.get(`/admin/segments/${segment.id}/dependencies`, admin))
      expect(data.dependencies.promotions).toEqual([expect.objectContaining({ id: promotion.id, code: "SEGDEP10", operator: "in", status: "active" })])
      expect(data.dependencies.price_lists).toEqual([expect.objectContaining({ id: priceList.id, title: "VIP prices", customer_group_id: group.id })])
      expect(data.dependencies.segments).toEqual([{ id: user.segment.id, name: "Reads it" }])

      // another segment's promotion is not listed
      const other = segments.find((s) => s.membership === "rules")!
      ;({ data } = await api.get(`/admin/segments/${other.id}/dependencies`, admin))
      expect(data.dependencies.promotions.map((p: any) => p.id)).not.toContain(promotion.id)
      expect((await fail(api.get(`/admin/segments/cseg_nope/dependencies`, admin))).status).toBe(404)
      expect((await fail(api.get(`/admin/segments/${segment.id}/dependencies`))).status).toBe(401)
    })
  },
})
