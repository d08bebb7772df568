import { integrationTestRunner } from "../../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import fs from "node:fs"
import path from "node:path"
import jwt from "jsonwebtoken"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createAdminHeaders, createPublishableKeyHeaders, registerStoreCustomer } from "../../helpers/admin"
import { activityRow } from "../../helpers/activity"
import { sender } from "./http"

jest.setTimeout(180 * 1000)

/**
 * Security (issue 12): every admin route of the plugin refuses requests
 * without a token and with a customer's token; the store route shows a
 * customer their own storefront-visible segments and nothing else; CSV
 * exports cannot run formulas.
 */

const API = path.resolve(__dirname, "../../../src/api")
const METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"] as const

type Route = { method: (typeof METHODS)[number]; path: string; file: string }

/** Every handler of every route.ts under src/api/<area>, read from the file system at test time. */
function routesUnder(area: string): Route[] {
  const out: Route[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/^route\.[jt]s$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8")
        const url = "/" + path.relative(API, path.dirname(full)).split(path.sep).join("/")
        for (const m of METHODS) {
          if (new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source)) {
            out.push({ method: m, path: url, file: path.relative(API, full) })
          }
        }
      }
    }
  }
  walk(path.join(API, area))
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`))
}

const ADMIN_ROUTES = routesUnder("admin")

/** `[id]` and friends: the real id of what the folder above names when there is one, else a dummy of the right shape. */
function fill(route: string, ids: Record<string, string>, dummy: boolean): string {
  const parts = route.split("/")
  return parts
    .map((part, i) => {
      const m = /^\[(.+)\]$/.exec(part)
      if (!m) return part
      const key = m[1] === "id" ? parts[i - 1] : m[1]
      return (!dummy && ids[key]) || `${key.replace(/[^a-z]/gi, "").slice(0, 6)}_01DUMMY0000000000000000000`
    })
    .join("/")
}

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let publishable: Record<string, string>
    let service: CustomerSegmentModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      publishable = await createPublishableKeyHeaders(container)
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
    })

    const setActivity = async (rows: Array<{ id: string; email: string; first_name?: string; last_name?: string; phone?: string }>) =>
      service.replaceCustomerActivity({
        customer_ids: rows.map((r) => r.id),
        activities: rows.map((r) => activityRow(r.id, { email: r.email, email_domain: r.email.split("@")[1], first_name: r.first_name ?? null, last_name: r.last_name ?? null, phone: r.phone ?? null } as any)),
        orders: [],
        purchases: [],
      })

    it("the route table is read from src/api/admin and holds the known routes", () => {
      const keys = ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`)
      expect(keys.length).toBeGreaterThanOrEqual(20)
      expect(keys).toEqual(
        expect.arrayContaining([
          "GET /admin/segments",
          "POST /admin/segments",
          "DELETE /admin/segments/[id]",
          "POST /admin/segments/[id]/customers",
          "GET /admin/segments/[id]/export",
          "POST /admin/segments/activity/rebuild",
          "GET /admin/customers/[id]/segments",
          "POST /admin/promotions/[id]/segment-rule",
          "DELETE /admin/promotions/[id]/segment-rule",
        ])
      )
    })

    it("every admin route refuses no token, a forged token and a customer's token with 401/403, before reading body or params", async () => {
      const container = getContainer()
      const { customer, headers: customerHeaders } = await registerStoreCustomer(api, publishable, { email: "eve@evil.test" })
      await setActivity([{ id: customer.id, email: "eve@evil.test" }])
      const { data: seg } = await api.post("/admin/segments", { name: "Everyone", conditions: { combinator: "and", rules: [{ field: "customer.email", operator: "is_set" }] } }, admin)
      const ids = { segments: seg.segment.id, customers: customer.id, customer_id: customer.id }
      const secret = (container.resolve("configModule") as any).projectConfig.http.jwtSecret
      const forged = jwt.sign({ actor_id: "user_forged", actor_type: "user", auth_identity_id: "authid_forged" }, `${secret}-not`, { expiresIn: "1d" })
      const customerAsUser = jwt.sign({ actor_id: customer.id, actor_type: "customer", auth_identity_id: "x", app_metadata: { user_id: "user_x" } }, secret, { expiresIn: "1d" })

      const anonymous = sender(api, () => ({}))
      const asCustomer = sender(api, () => customerHeaders)
      const asForged = sender(api, () => ({ authorization: `Bearer ${forged}` }))
      const asCustomerClaim = sender(api, () => ({ authorization: `Bearer ${customerAsUser}` }))
      const asAdmin = sender(api, () => admin.headers)
      // a body that would be a 400, so a 401 proves auth ran first
      const body = (m: string) => (m === "GET" || m === "DELETE" ? undefined : { conditions: 5, add: "x", "__proto__x": 1 })

      const table: string[] = []
      for (const r of ADMIN_ROUTES) {
        for (const dummy of [false, true]) {
          const url = fill(r.path, ids, dummy)
          const none = await anonymous(r.method, url, body(r.method))
          const bad = await asForged(r.method, url, body(r.method))
          const cust = await asCustomer(r.method, url, body(r.method))
          const claim = await asCustomerClaim(r.method, url, body(r.method))
          table.push(`${r.method} ${url}: ${none.status} ${bad.status} ${cust.status} ${claim.status}`)
          expect([r.method, url, none.status, bad.status]).toEqual([r.method, url, 401, 401])
          expect([r.method, url, [401, 403].includes(cust.status), [401, 403].includes(claim.status)]).toEqual([r.method, url, true, true])
        }
      }
      // not vacuous: the same GET routes answer an admin (the route exists, the token is what mattered)
      for (const r of ADMIN_ROUTES.filter((x) => x.method === "GET")) {
        const url = fill(r.path, ids, false)
        const res = await asAdmin("GET", url)
        // the handler ran: 200, or its own 400/404 (a dummy promotion id here; a query a future route requires);
        // never a 401/403, a 500, or Medusa's 404 for a route that does not exist
        const answered = res.status !== 401 && res.status !== 403 && res.status < 500 && (res.status !== 404 || res.data?.type === "not_found")
        expect([url, res.status, answered]).toEqual([url, res.status, true])
      }
      expect(table.length).toBe(ADMIN_ROUTES.length * 2)
      // and a path no route file has is not mistaken for one
      const missing = await asAdmin("GET", "/admin/segments-not-a-route")
      expect(missing.status === 404 && missing.data?.type !== "not_found").toBe(true)
    })

    it("the store route shows a customer only their own storefront-visible segments, without conditions, counts or members", async () => {
      const a = await registerStoreCustomer(api, publishable, { email: "ann@acme.com" })
      const b = await registerStoreCustomer(api, publishable, { email: "bob@other.org" })
      await setActivity([{ id: a.customer.id, email: "ann@acme.com" }, { id: b.customer.id, email: "bob@other.org" }])
      const make = async (name: string, domain: string, extra: object) =>
        (await api.post("/admin/segments", { name, conditions: { combinator: "and", rules: [{ field: "customer.email_domain", operator: "in", value: [domain] }] }, ...extra }, admin)).data.segment
      const visible = await make("Acme club", "acme.com", { storefront_visible: true, description: "for acme" })
      const hidden = await make("Acme churn risk", "acme.com", { storefront_visible: false })
      const inactive = await make("Acme old", "acme.com", { storefront_visible: true })
      await api.post(`/admin/segments/${inactive.id}`, { is_active: false }, admin)
      const others = await make("Other club", "other.org", { storefront_visible: true })
      const manual = (await api.post("/admin/segments", { name: "Picked for bob", membership: "manual", storefront_visible: true }, admin)).data.segment
      await api.post(`/admin/segments/${manual.id}/customers`, { add: [b.customer.id] }, admin)
      expect([visible.customer_count, hidden.customer_count, others.customer_count]).toEqual([1, 1, 1])

      const expected = [{ id: visible.id, name: "Acme club", handle: "acme-club", description: "for acme" }]
      const store = sender(api, () => a.headers)
      const attempts = [
        "/store/customers/me/segments",
        `/store/customers/me/segments?customer_id=${b.customer.id}`,
        `/store/customers/me/segments?id=${others.id}&id=${hidden.id}`,
        "/store/customers/me/segments?fields=*conditions,customer_count,members&storefront_visible=false",
        "/store/customers/me/segments?limit=1000&offset=0&order=-customer_count",
      ]
      for (const url of attempts) {
        const res = await store("GET", url)
        expect([url, res.status, res.data.segments]).toEqual([url, 200, expected])
        const text = JSON.stringify(res.data)
        for (const secret of ["conditions", "customer_count", "acme.com", b.customer.id, a.customer.id, hidden.id, others.id, manual.id, "email"]) {
          expect([url, text.includes(secret)]).toEqual([url, false])
        }
      }
      const bob = await sender(api, () => b.headers)("GET", "/store/customers/me/segments")
      expect(bob.data.segments.map((s: any) => s.id).sort()).toEqual([others.id, manual.id].sort())
      // not a customer: refused
      expect((await sender(api, () => publishable)("GET", "/store/customers/me/segments")).status).toBe(401)
      expect((await sender(api, () => ({ ...publishable, ...admin.headers }))("GET", "/store/customers/me/segments")).status).toBe(401)
    })

    it("CSV export neutralises cells starting with =, +, -, @, tab and CR", async () => {
      const customerModule = getContainer().resolve(Modules.CUSTOMER)
      const evil = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0", "plain", "a=b"]
      const created = await customerModule.createCustomers(evil.map((_, i) => ({ email: `c${i}@evil.test` })))
      await setActivity(created.map((c, i) => ({ id: c.id, email: `${i % 2 ? "=" : "+"}c${i}@evil.test`, first_name: evil[i], last_name: evil[(i + 3) % evil.length], phone: evil[(i + 5) % evil.length] })))
      const { data } = await api.post("/admin/segments", { name: "Evil", conditions: { combinator: "and", rules: [{ field: "customer.email", operator: "is_set" }] } }, admin)
      const csv: string = (await api.get(`/admin/segments/${data.segment.id}/export?format=csv`, { ...admin, responseType: "text" })).data

      const rows = parseCsv(csv)
      expect(rows[0]).toEqual(["id", "email", "first_name", "last_name", "phone", "has_account", "source", "added_at"])
      expect(rows.length).toBe(evil.length + 1)
      const cells = rows.slice(1).flat()
      for (const cell of cells) expect([cell, /^[=+\-@\t\r]/.test(cell)]).toEqual([cell, false])
      // the data is kept: the apostrophe is the only change
      const names = rows.slice(1).map((r) => r[2].replace(/^'(?=[=+\-@\t\r])/, "")).sort()
      expect(names).toEqual([...evil].sort())
      expect(cells.filter((c) => c.startsWith("'")).length).toBeGreaterThanOrEqual(8 * 3)
    })
  },
})

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") row.push(cell), (cell = "")
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++
    } else cell += c
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows
}
