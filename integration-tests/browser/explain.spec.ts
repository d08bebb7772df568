/**
 * Browser test of "why is this customer in or out", "what will this edit
 * change" and "what depends on this segment", in headless Debian Chromium
 * against the demo store (see admin.spec.ts for the environment). Screens are
 * saved as segments-explain*.png, segments-edit-preview.png,
 * segments-used-by.png and segments-delete-confirm.png.
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { ADMIN_URL, BACKEND, launchAdmin, loginAsAdmin, waitForActivityBuild } from "./helpers"

const SHOTS = path.resolve(__dirname, "../..", process.env.SCREENSHOTS_DIR || ".data/screenshots")
const STAGING = fs.mkdtempSync(path.join(os.tmpdir(), "segments-explain-shots-"))

jest.setTimeout(240_000)

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400)
  await page.screenshot({ path: path.join(STAGING, `segments-${name}.png`), fullPage: true })
}

describe("admin UI: why, edit preview, used by", () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let vip: { id: string; name: string; customer_count: number }
  let promotionId: string | undefined
  let consoleErrors: string[] = []

  const api = async (method: "get" | "post" | "delete", url: string, data?: unknown) => {
    const res = await context.request[method](`${BACKEND}${url}`, data ? { data } : undefined)
    expect({ url, status: res.status() }).toEqual({ url, status: 200 })
    return await res.json()
  }

  beforeAll(async () => {
    ;({ browser, context, page, pageErrors: consoleErrors } = await launchAdmin())
  })

  afterAll(async () => {
    if (promotionId && context) await context.request.delete(`${BACKEND}/admin/promotions/${promotionId}`).catch(() => {})
    await browser?.close()
    fs.mkdirSync(SHOTS, { recursive: true })
    for (const f of fs.readdirSync(STAGING)) fs.copyFileSync(path.join(STAGING, f), path.join(SHOTS, f))
    fs.rmSync(STAGING, { recursive: true, force: true })
  })

  it("logs in and finds the demo store's VIP segment", async () => {
    await loginAsAdmin(page)
    await waitForActivityBuild(context, page)
    const { segments } = await api("get", "/admin/segments?handle=vip-customers")
    vip = segments[0]
    expect(vip).toBeTruthy()
    // make its membership current, whatever its schedule did
    await api("post", `/admin/segments/${vip.id}/refresh`, {})
  })

  it("explains a member, rule by rule, from the members table", async () => {
    await page.goto(`${ADMIN_URL}/segments/${vip.id}`)
    const members = page.getByTestId("segment-members")
    const row = members.locator("tbody tr").first()
    await row.waitFor()
    await row.locator("button").last().click()
    await page.getByRole("menuitem", { name: "Why?" }).click()
    const drawer = page.getByTestId("explain-drawer")
    await drawer.getByTestId("explain-summary").waitFor()
    expect(await drawer.getByTestId("explain-summary").innerText()).toMatch(/^In the segment/)
    expect(await drawer.getByTestId("explain-engines").innerText()).toMatch(/agrees/)
    const rule = drawer.getByTestId("explain-rule").first()
    expect(await rule.getAttribute("data-held")).toBe("true")
    expect(await rule.getByTestId("explain-rule-text").innerText()).toMatch(/^orders\.total_spent \(completed, eur\) = [\d,.]+, needs >= 1,000\.00: true$/)
    await drawer.getByTestId("explain-history").waitFor()
    await shot(page, "explain")
    await page.keyboard.press("Escape")
    await drawer.waitFor({ state: "detached" })
  })

  it("explains why a customer is not in a segment, from the customer page", async () => {
    const { customers } = await api("get", "/admin/customers?limit=200&fields=id,has_account")
    const { customers: inVip } = await api("get", `/admin/segments/${vip.id}/customers?limit=1000`)
    const outsider = customers.find((c: any) => c.has_account && !inVip.some((m: any) => m.id === c.id))
    await page.goto(`${ADMIN_URL}/customers/${outsider.id}`)
    const widget = page.getByTestId("customer-segments-widget")
    await widget.waitFor()
    await widget.scrollIntoViewIfNeeded()
    await widget.getByTestId("customer-segment-picker").click()
    await page.getByRole("option", { name: vip.name }).first().click()
    await widget.getByTestId("customer-segment-why-not").click()
    const drawer = page.getByTestId("explain-drawer")
    await drawer.getByTestId("explain-summary").waitFor()
    expect(await drawer.getByTestId("explain-summary").innerText()).toMatch(/^Not in the segment/)
    expect(await drawer.getByTestId("explain-rule").first().getAttribute("data-held")).toBe("false")
    await shot(page, "explain-customer")
    await page.keyboard.press("Escape")
  })

  it("shows who would join and leave before an edit is saved", async () => {
    await page.goto(`${ADMIN_URL}/segments/${vip.id}/edit`)
    const builder = page.getByTestId("condition-builder")
    await builder.locator(".rule").first().waitFor()
    // a lower bar lets more customers in
    await builder.getByTestId("condition-value").first().fill("300")
    await page.getByTestId("segment-calculate").click()
    const preview = page.getByTestId("segment-change-preview")
    await preview.waitFor()
    const joining = Number((await preview.getByTestId("segment-preview-joining").innerText()).replace(/[^\d]/g, ""))
    const leaving = Number((await preview.getByTestId("segment-preview-leaving").innerText()).replace(/[^\d]/g, ""))
    expect(joining).toBeGreaterThan(0)
    expect(leaving).toBe(0)
    const after = Number((await preview.getByTestId("segment-preview-count").innerText()).replace(/[^\d]/g, ""))
    const { segment } = await api("get", `/admin/segments/${vip.id}`)
    expect(after).toBe(segment.customer_count + joining)
    await shot(page, "edit-preview")
    await page.keyboard.press("Escape")
    await page.waitForURL(/\/segments\/cseg_[^/]+$/)
  })

  it("lists what uses the segment and names it before a delete", async () => {
    const { promotion } = await api("post", "/admin/promotions", {
      code: `VIP-WHY-${Date.now() % 10000}`,
      type: "standard",
      status: "active",
      application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
      rules: [{ attribute: "customer_segment_ids", operator: "in", values: [vip.id] }],
    })
    promotionId = promotion.id
    await page.goto(`${ADMIN_URL}/segments/${vip.id}`)
    const usedBy = page.getByTestId("segment-dependencies")
    await usedBy.getByRole("link", { name: promotion.code }).waitFor()
    await usedBy.scrollIntoViewIfNeeded()
    await shot(page, "used-by")

    await page.getByRole("button", { name: "More actions" }).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(`promotion "${promotion.code}"`)
    await shot(page, "delete-confirm")
    await dialog.getByRole("button", { name: "Cancel" }).click()
    await dialog.waitFor({ state: "detached" })
    // still there
    await api("get", `/admin/segments/${vip.id}`)

    // switching it off in the edit form asks too, naming the promotion
    await page.goto(`${ADMIN_URL}/segments/${vip.id}/edit`)
    await page.getByTestId("segment-switch-is_active").click()
    await page.getByTestId("segment-save").click()
    const off = page.getByRole("alertdialog")
    await off.waitFor()
    expect(await off.innerText()).toMatch(new RegExp(`Deactivate segment[\\s\\S]*promotion "${promotion.code}"`))
    await off.getByRole("button", { name: "Cancel" }).click()
    await off.waitFor({ state: "detached" })
    const { segment } = await api("get", `/admin/segments/${vip.id}`)
    expect(segment.is_active).toBe(true)
    await page.keyboard.press("Escape")
  })

  it("raised no uncaught error in the page", () => {
    expect(consoleErrors).toEqual([])
  })
})
