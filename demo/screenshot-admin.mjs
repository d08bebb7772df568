// Logs in to the demo admin with headless Chromium and saves a screenshot:
//   node demo/screenshot-admin.mjs [url] [out.png] [page after login]
// Needs a running `npm run dev` and a Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { chromium } from "playwright-core"

const base = process.argv[2] || "http://localhost:9000"
const out = process.argv[3] || "docs/screenshots/admin-login.png"
const after = process.argv[4] || "/app/orders"
const email = process.env.ADMIN_EMAIL || "admin@example.com"
const password = process.env.ADMIN_PASSWORD || "supersecret"

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(`${base}/app/login`, { waitUntil: "domcontentloaded", timeout: 300000 })
  await page.fill('input[name="email"]', email, { timeout: 300000 })
  await page.fill('input[name="password"]', password)
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60000 })
  // The dev server's Vite optimises dependencies on first use and may replace
  // chunks a page already asked for ("Failed to fetch dynamically imported
  // module"): load again until the page renders.
  for (let attempt = 1; attempt <= 4; attempt++) {
    if (after) await page.goto(`${base}${after}`, { waitUntil: "domcontentloaded", timeout: 300000 })
    await page.waitForLoadState("networkidle", { timeout: 120000 }).catch(() => {})
    await page.waitForTimeout(1500)
    if (!(await page.getByText("Failed to fetch dynamically imported module").count())) break
  }
  await page.screenshot({ path: out })
  console.log(`logged in as ${email}; ${page.url()} saved to ${out}`)
} finally {
  await browser.close()
}
