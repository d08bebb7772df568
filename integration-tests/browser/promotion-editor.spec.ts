/**
 * Browser test of "Customer Segment" in Medusa's own promotion form, in
 * headless Chromium (Debian's `chromium`, driven by playwright-core) against a
 * running demo store (`npm run dev`; `node scripts/test.mjs browser` starts one).
 *
 *   ADMIN_URL       default http://localhost:9000/app
 *   ADMIN_EMAIL     default admin@example.com
 *   ADMIN_PASSWORD  default supersecret
 *   CHROMIUM_PATH   default /usr/bin/chromium
 *
 * It creates an automatic "Percentage off order" promotion through the
 * dashboard's create flow with the condition "Customer Segment" "In" <a demo
 * segment>, then proves through the same store's store API that a cart of a
 * customer in that segment gets the discount and one of a customer outside it
 * does not, and opens the promotion's page and its conditions editor, which
 * show the rule. PNGs: promotion-editor-*.png (see SHOTS).
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { request, type APIRequestContext, type Browser, type BrowserContext, type Page } from "playwright-core"
import { ADMIN_URL, BACKEND, launchAdmin, loginAsAdmin, waitForActivityBuild } from "./helpers"

// The demo seed's registered customers log in with this password (demo/fixtures/customers.ts).
const CUSTOMER_PASSWORD = process.env.DEMO_CUSTOMER_PASSWORD || "supersecret"
// As in admin.spec.ts: .data/screenshots unless SCREENSHOTS_DIR=docs/screenshots.
const SHOTS = path.resolve(__dirname, "../..", process.env.SCREENSHOTS_DIR || ".data/screenshots")
// `medusa develop` restarts when a file in the project changes: shoot outside, copy at the end.
const STAGING = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-editor-shots-"))

jest.setTimeout(240_000)

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400) // let popovers and toasts settle
  await page.screenshot({ path: path.join(STAGING, `promotion-editor-${name}.png`), fullPage: true })
}

async function json(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<any> {
  if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`)
  return response.json()
}

describe("admin UI: Customer Segment in Medusa's promotion form", () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let api: APIRequestContext
  let consoleErrors: string[] = []
  const code = `SEGMENT-${Date.now()}`
  let promotionId: string | undefined
  let segment: { id: string; name: string }
  let inside: { id: string; email: string }
  let outside: { id: string; email: string }
  let shop: { client: APIRequestContext; key: Record<string, string>; region_id: string; variant_id: string } | undefined

  /** A logged-in shopper's new cart in the demo store, read through the store API: its email, discount and codes. */
  const cartOf = async (email: string) => {
    if (!shop) {
      const { api_keys } = await json(await api.get(`${BACKEND}/admin/api-keys?type=publishable&limit=1`))
      const key = { "x-publishable-api-key": api_keys[0].token }
      // A context of its own: the admin's session cookie must not ride along with the shopper's token.
      const client = await request.newContext()
      const { regions } = await json(await client.get(`${BACKEND}/store/regions`, { headers: key }))
      const { products } = await json(await client.get(`${BACKEND}/store/products?limit=1&region_id=${regions[0].id}&fields=id,*variants`, { headers: key }))
      shop = { client, key, region_id: regions[0].id, variant_id: products[0].variants[0].id }
    }
    const { client, key, region_id, variant_id } = shop
    const login = await json(await client.post(`${BACKEND}/auth/customer/emailpass`, { data: { email, password: CUSTOMER_PASSWORD } }))
    const headers = { ...key, authorization: `Bearer ${login.token}` }
    const { cart } = await json(await client.post(`${BACKEND}/store/carts`, { headers, data: { region_id, items: [{ variant_id, quantity: 1 }] } }))
    const read = await json(await client.get(`${BACKEND}/store/carts/${cart.id}?fields=id,email,discount_total,*promotions`, { headers }))
    return { email: read.cart.email, discount: Number(read.cart.discount_total), codes: (read.cart.promotions ?? []).map((p: any) => p.code) }
  }

  beforeAll(async () => {
    ;({ browser, context, page, pageErrors: consoleErrors } = await launchAdmin())
    api = context.request // shares the admin's session cookie after login
  })

  afterAll(async () => {
    if (promotionId && api) await api.delete(`${BACKEND}/admin/promotions/${promotionId}`).catch(() => {})
    await shop?.client.dispose()
    await browser?.close()
    fs.mkdirSync(SHOTS, { recursive: true })
    for (const f of fs.readdirSync(STAGING)) fs.copyFileSync(path.join(STAGING, f), path.join(SHOTS, f))
    fs.rmSync(STAGING, { recursive: true, force: true })
  })

  it("logs in", async () => {
    await loginAsAdmin(page)
  })

  it("finds a demo segment with a registered member, and a registered customer outside it", async () => {
    // A fresh demo store may still be building its activity data (a job every minute): wait
    // for the build, then bring the rules segments up to date, whatever their schedule.
    await waitForActivityBuild(context, page)
    const { segments: all } = await json(await api.get(`${BACKEND}/admin/segments?limit=100`))
    for (const s of all.filter((s: any) => s.is_active && s.membership === "rules")) {
      await json(await api.post(`${BACKEND}/admin/segments/${s.id}/refresh`, { data: {} }))
    }
    const { segments } = await json(await api.get(`${BACKEND}/admin/segments?limit=100`))
    const candidates = segments
      .filter((s: any) => s.is_active && s.customer_count > 0)
      .sort((a: any, b: any) => b.customer_count - a.customer_count)
    const { customers } = await json(await api.get(`${BACKEND}/admin/customers?has_account=true&limit=500&fields=id,email,has_account`))
    for (const s of candidates) {
      const { customers: members } = await json(await api.get(`${BACKEND}/admin/segments/${s.id}/customers?limit=500`))
      const memberIds = new Set(members.map((m: any) => m.customer_id ?? m.customer?.id ?? m.id))
      const member = customers.find((c: any) => memberIds.has(c.id))
      const nonMember = customers.find((c: any) => !memberIds.has(c.id))
      if (member && nonMember) {
        segment = { id: s.id, name: s.name }
        inside = member
        outside = nonMember
        break
      }
    }
    expect(segment).toBeDefined()
  })

  it('creates an automatic promotion with "Customer Segment" "In" <segment> in the form\'s conditions', async () => {
    await page.goto(`${ADMIN_URL}/promotions/create`)
    await page.getByText("Percentage off order", { exact: true }).click()
    await shot(page, "type")
    await page.getByRole("button", { name: "Continue" }).click()

    await page.getByText("Automatic", { exact: true }).click()
    await page.getByText("Active", { exact: true }).click()
    await page.getByPlaceholder("SUMMER15").fill(code)
    await page.getByLabel("Promotion Value").fill("10")

    // The conditions ("Who can use this code?"): the plugin's attribute next to core's.
    await page.getByRole("button", { name: "Add condition" }).click()
    await page.getByRole("combobox").filter({ hasText: "Select Attribute" }).click()
    const attributes = page.getByRole("option")
    await attributes.filter({ hasText: "Customer Group" }).waitFor()
    expect(await attributes.allInnerTexts()).toEqual(expect.arrayContaining(["Customer Group", "Customer Segment", "Region"]))
    await shot(page, "attributes")
    await attributes.filter({ hasText: "Customer Segment" }).click()

    await page.getByRole("combobox").filter({ hasText: "Select Operator" }).click()
    const operators = page.getByRole("option")
    await operators.first().waitFor()
    expect((await operators.allInnerTexts()).map((t) => t.trim())).toEqual(["In", "Not In"])
    await operators.filter({ hasText: /^In$/ }).click()

    const values = page.getByPlaceholder("Select Values")
    await values.click()
    await page.getByRole("option", { name: segment.name, exact: true }).waitFor()
    await shot(page, "values")
    // the placeholder goes with the focus: type into the focused input
    await page.keyboard.type(segment.name)
    const option = page.getByRole("option", { name: segment.name, exact: true })
    await option.click()
    // close the list by clicking beside it (Escape would close the whole modal)
    await page.getByText("Who can use this code?").click()
    await shot(page, "conditions")

    await page.getByRole("button", { name: "Continue" }).click()
    await page.getByRole("button", { name: "Save" }).click()
    await page.waitForURL(/\/promotions\/promo_[^/]+$/, { timeout: 60_000 })
    promotionId = page.url().split("/").pop()

    // It is stored as the plugin's rule.
    const { promotion } = await json(await api.get(`${BACKEND}/admin/promotions/${promotionId}?fields=id,code,status,is_automatic,*rules,*rules.values`))
    expect(promotion).toEqual(expect.objectContaining({ code, status: "active", is_automatic: true }))
    expect(promotion.rules.map((r: any) => ({ attribute: r.attribute, operator: r.operator, values: r.values.map((v: any) => v.value) }))).toEqual([
      { attribute: "customer_segment_ids", operator: "in", values: [segment.id] },
    ])
  })

  it("shows the rule on the promotion's page", async () => {
    expect(page.url()).toMatch(/\/promotions\/promo_[^/]+$/)
    await page.getByText("Customer Segment", { exact: true }).first().waitFor()
    await page.getByText(segment.name, { exact: true }).first().waitFor()
    await shot(page, "detail")
  })

  it("a cart of a customer in the segment gets the discount; one of a customer outside it does not", async () => {
    const member = await cartOf(inside.email)
    expect(member.email).toBe(inside.email)
    expect(member.codes).toContain(code)
    expect(member.discount).toBeGreaterThan(0)

    const nonMember = await cartOf(outside.email)
    expect(nonMember.email).toBe(outside.email)
    expect(nonMember.codes).not.toContain(code)
  })

  it('the conditions editor shows the rule; switching it to "Not In" there reverses who gets the discount', async () => {
    await page.goto(`${ADMIN_URL}/promotions/${promotionId}/rules/edit`)
    const drawer = page.getByRole("dialog")
    await drawer.getByRole("combobox").filter({ hasText: "Customer Segment" }).waitFor()
    const operator = drawer.getByRole("combobox").filter({ hasText: /^In$/ })
    await operator.waitFor()
    // the saved value: "1 Selected", and checked in the list (the dashboard shows "Customer Group" values the same way)
    await drawer.getByText("Selected", { exact: true }).waitFor()
    const valuesInput = drawer.locator('input[role="combobox"]') // the values; attribute and operator are buttons
    await valuesInput.click()
    await page.getByRole("option", { name: segment.name, exact: true, selected: true }).waitFor()
    await shot(page, "edit")
    await drawer.getByText("Who can use this code?").click()

    await operator.click()
    await page.getByRole("option", { name: "Not In", exact: true }).click()
    // the form empties the values when the operator changes: pick the segment again
    await drawer.getByPlaceholder("Select Values").waitFor()
    await valuesInput.click()
    await page.keyboard.type(segment.name)
    await page.getByRole("option", { name: segment.name, exact: true }).click()
    await drawer.getByText("Who can use this code?").click()
    await shot(page, "edit-not-in")
    await drawer.getByRole("button", { name: "Save" }).click()
    await drawer.waitFor({ state: "detached" })

    const { promotion } = await json(await api.get(`${BACKEND}/admin/promotions/${promotionId}?fields=id,*rules,*rules.values`))
    expect(promotion.rules.map((r: any) => ({ attribute: r.attribute, operator: r.operator, values: r.values.map((v: any) => v.value) }))).toEqual([
      { attribute: "customer_segment_ids", operator: "ne", values: [segment.id] },
    ])
    expect((await cartOf(inside.email)).codes).not.toContain(code)
    const nonMember = await cartOf(outside.email)
    expect(nonMember.codes).toContain(code)
    expect(nonMember.discount).toBeGreaterThan(0)
    await page.getByText("Not In", { exact: true }).first().waitFor()
    await shot(page, "detail-not-in")
  })

  it("raised no uncaught error in the page", () => {
    expect(consoleErrors).toEqual([])
  })
})
