import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"

export const ADMIN_URL = (process.env.ADMIN_URL || "http://localhost:9000/app").replace(/\/$/, "")
export const ADMIN_EMAIL = process.env.ADMIN_EMAIL || "admin@example.com"
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || "supersecret"
export const BACKEND = new URL(ADMIN_URL).origin

/** Debian's Chromium, headless, with the flags this machine needs (no browser download), and one page. */
export async function launchAdmin(): Promise<{ browser: Browser; context: BrowserContext; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  const pageErrors: string[] = []
  page.on("pageerror", (e) => pageErrors.push(String(e)))
  return { browser, context, page, pageErrors }
}

/** Logs in through the admin's login form. A cold demo store's first admin load takes 30-120 s here. */
export async function loginAsAdmin(page: Page): Promise<void> {
  await page.goto(`${ADMIN_URL}/login`, { timeout: 120_000 })
  await page.locator('input[name="email"]').waitFor({ timeout: 120_000 })
  await page.locator('input[name="email"]').fill(ADMIN_EMAIL)
  await page.locator('input[name="password"]').fill(ADMIN_PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
}

/** A fresh demo store may still be building its activity data (a job every minute): waits up to 3 minutes for it. */
export async function waitForActivityBuild(context: BrowserContext, page: Page): Promise<void> {
  for (let i = 0; i < 90; i++) {
    const res = await context.request.get(`${BACKEND}/admin/segments/activity`)
    if (res.ok() && (await res.json()).activity?.status === "done") return
    await page.waitForTimeout(2000)
  }
}
