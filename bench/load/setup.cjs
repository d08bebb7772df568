// The load test's store content, through the APIs only: registered customers
// (store API: register, create, log in) and 20 realtime segments of varied
// conditions (admin API).

const DOMAINS = ["gmail.com", "acme.com", "example.org", "shop.test"]

/** JSON over fetch; throws on a status >= 400 with the body. */
async function call(base, method, url, body, headers = {}) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  })
  const text = await res.text()
  let data = null
  try {
    data = JSON.parse(text)
  } catch {}
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`)
  return data
}

/** Runs `fn(i)` for i < n, `concurrency` at a time. */
async function pool(n, concurrency, fn) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await fn(next++)
    })
  )
}

/**
 * `n` customers with accounts, each logged in: `{ id, email, country, headers }`
 * (headers: publishable key and bearer token, what the storefront sends).
 */
async function createLoadCustomers(bases, store, n, { concurrency = 8, tag = Date.now().toString(36) } = {}) {
  const publishable = { "x-publishable-api-key": store.publishable_key.token }
  const countries = store.region.countries
  const customers = new Array(n)
  await pool(n, concurrency, async (i) => {
    const base = bases[i % bases.length]
    const email = `load-${tag}-${i}@${DOMAINS[i % DOMAINS.length]}`
    const password = "load-password"
    const reg = await call(base, "POST", "/auth/customer/emailpass/register", { email, password })
    await call(base, "POST", "/store/customers", { email, first_name: "Load", last_name: `Customer ${i}` }, { ...publishable, authorization: `Bearer ${reg.token}` })
    const login = await call(base, "POST", "/auth/customer/emailpass", { email, password })
    const headers = { ...publishable, authorization: `Bearer ${login.token}` }
    const me = await call(base, "GET", "/store/customers/me", undefined, headers)
    customers[i] = { id: me.customer.id, email, country: countries[i % countries.length], headers }
  })
  return customers
}

/**
 * 20 realtime segments over the kinds of fields merchants use (spend, order
 * count, average, recency, products bought, country, email domain, nested
 * and/or/not), thresholds scaled to the store's prices so that customers
 * cross them during the run. Returns `[{ id, conditions, audience }]`.
 */
function loadSegmentBodies(store) {
  const products = store.products.map((p) => p.id)
  const price = store.variants.reduce((s, v) => s + Number(v.prices.eur ?? 0), 0) / Math.max(1, store.variants.length)
  const eur = { currency_code: "eur" }
  const kinds = (i) => [
    { field: "orders.total_spent", operator: "gte", value: Math.round(price * (1 + (i % 8) * 2)), params: eur },
    { field: "orders.count", operator: "gte", value: 1 + (i % 10) },
    { field: "orders.average_value", operator: "gt", value: Math.round(price * (0.8 + (i % 5) * 0.3)) },
    { field: "orders.last_order_at", operator: "within_last_days", value: 1 + (i % 30) },
    { field: "purchases.product_ids", operator: "in", value: [products[i % products.length]] },
    { field: "address.country_code", operator: "in", value: [["fr"], ["de", "it"], ["es", "nl", "be", "at"]][i % 3] },
    { field: "customer.email_domain", operator: "in", value: [DOMAINS[i % DOMAINS.length]] },
  ]
  return Array.from({ length: 20 }, (_, i) => {
    const k = kinds(i)
    const rules = [k[i % k.length], k[(i + 2) % k.length]]
    if (i % 4 === 1) rules.push({ combinator: "or", rules: [k[(i + 3) % k.length], k[(i + 5) % k.length]] })
    if (i % 5 === 3) rules.push({ combinator: "and", not: true, rules: [k[(i + 4) % k.length]] })
    return {
      name: `Load realtime ${i + 1}`,
      handle: `load-rt-${i + 1}`,
      membership: "rules",
      audience: i % 3 === 0 ? "all" : "registered",
      refresh_mode: "realtime",
      conditions: { combinator: i % 3 === 2 ? "or" : "and", rules },
    }
  })
}

async function createLoadSegments(admin, store) {
  const out = []
  for (const body of loadSegmentBodies(store)) {
    const r = await admin("POST", "/admin/segments", body)
    if (r.status !== 200) throw new Error(`POST /admin/segments: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    out.push({ id: r.body.segment.id, conditions: body.conditions, audience: body.audience })
  }
  return out
}

module.exports = { call, pool, createLoadCustomers, createLoadSegments, loadSegmentBodies }
