// Places orders through the store API at a target rate (open loop) and tracks,
// for each completed order, when the real-time path has applied it.
//
// Open loop: order i is due at start + i / rate whatever happened before, so a
// slow cluster shows as lag (due → completed) and as orders never started, not
// as a lower offered rate. At most `concurrency` checkouts run at once; due
// orders wait for a slot, and those still waiting when the window ends are
// not sent (counted as not started), unless `placeAll` (the test: every due
// order is placed, however late).
//
// "Applied" (the event-to-membership signal): the customer's activity row
// counts at least k orders (k = this order's rank among the customer's
// completed orders) AND the customer's real-time lock is free in Redis. The
// real-time workflow takes that lock before it recomputes the activity and
// releases it after it evaluated the segments and wrote the joins and leaves,
// so the run that wrote the count has finished its membership writes too, for
// orders that change no membership as for those that do. A later run holding
// the lock only delays the signal (the figure errs high, never low).
const { connectMget } = require("./redis-mget.cjs")

const LOCK_PREFIX = "medusa_lock:customer_segment:customer:" // locking-redis prefix + the workflow's key
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** A seeded generator, so two runs place the same orders. */
function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

async function post(base, url, body, headers) {
  const res = await fetch(`${base}${url}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  })
  const text = await res.text()
  if (res.status >= 400) throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 200)}`)
  return JSON.parse(text)
}

/** The storefront checkout (what integration-tests/http/realtime/helpers.ts storefrontCheckout does), by fetch. */
async function checkout(base, store, customer, items) {
  const h = customer.headers
  const address = { first_name: "Load", last_name: "Customer", address_1: "1 Load Street", city: "Town", country_code: customer.country, postal_code: "10000" }
  const { cart } = await post(base, "/store/carts", { region_id: store.region.id, items }, h)
  await post(base, `/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }, h)
  await post(base, `/store/carts/${cart.id}/shipping-methods`, { option_id: store.shipping_option.id }, h)
  const { payment_collection } = await post(base, "/store/payment-collections", { cart_id: cart.id }, h)
  const session = () => post(base, `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, h)
  try {
    await session()
  } catch (e) {
    // Medusa 2.21 race: two first checkouts of one customer at once both create its payment
    // account holder, and the second gets a 400 "Account holder ... already exists". Once it
    // exists the call succeeds: retry once, as a storefront would.
    if (!/Account holder .* already exists/.test(String(e.message))) throw e
    await sleep(200)
    await session()
  }
  const done = await post(base, `/store/carts/${cart.id}/complete`, {}, h)
  if (done.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(done.error ?? done).slice(0, 200)}`)
  return done.order.id
}

/**
 * Runs the window and waits for the backlog. Options: `bases` (server URLs,
 * used in turn), `store`, `customers`, `db` (pg client), `redisUrl`, `rate`,
 * `seconds`, `concurrency`, `pollMs`, `drainCapMs`, `log`.
 */
async function drive(opts) {
  const { bases, store, customers, db, redisUrl, rate, seconds, concurrency = 16, pollMs = 100, drainCapMs = 180_000, placeAll = false, log = () => {} } = opts
  const random = rng(opts.seed ?? 42)
  const variants = store.variants
  const total = Math.max(1, Math.round(rate * seconds))
  const windowMs = seconds * 1000
  const orders = [] // { i, customer, dueAt, startedAt, completedAt, rank, appliedAt, order_id, error }
  // ranks count the customer's orders of earlier windows too (`completedBefore`)
  const completedPerCustomer = new Map(opts.completedBefore ?? [])
  const pending = new Map() // customer id -> orders completed, not yet applied
  let inFlight = 0
  const waiting = []
  let placing = true

  const redis = connectMget(redisUrl)
  const t0 = Date.now() + 200
  const run = async (o) => {
    inFlight++
    o.startedAt = Date.now()
    try {
      const variant = variants[Math.floor(random() * variants.length)]
      o.order_id = await checkout(bases[o.i % bases.length], store, o.customer, [{ variant_id: variant.id, quantity: 1 + Math.floor(random() * 3) }])
      o.completedAt = Date.now()
      const c = o.customer.id
      o.rank = (completedPerCustomer.get(c) ?? 0) + 1
      completedPerCustomer.set(c, o.rank)
      if (!pending.has(c)) pending.set(c, [])
      pending.get(c).push(o)
    } catch (e) {
      o.error = String(e.message ?? e)
    } finally {
      inFlight--
      o.endedAt = Date.now()
      const next = waiting.shift()
      if (next && (placing || placeAll)) run(next)
    }
  }

  // the scheduler: due times fixed in advance
  const scheduler = (async () => {
    for (let i = 0; i < total; i++) {
      const dueAt = t0 + (i * 1000) / rate
      const wait = dueAt - Date.now()
      if (wait > 0) await sleep(wait)
      if (Date.now() >= t0 + windowMs) break
      const o = { i, customer: customers[Math.floor(random() * customers.length)], dueAt }
      orders.push(o)
      if (inFlight < concurrency) run(o)
      else waiting.push(o)
    }
    await sleep(Math.max(0, t0 + windowMs - Date.now()))
    placing = false
  })()

  // the tracker: polls the activity rows and the locks of customers with pending orders
  let lastApplyAt = null
  const poll = async () => {
    const ids = [...pending.keys()]
    if (!ids.length) return
    const { rows } = await db.query("SELECT id, orders_count, computed_at FROM customer_segment_activity WHERE id = ANY($1)", [ids])
    const locks = await redis.mget(ids.map((id) => LOCK_PREFIX + id))
    const now = Date.now()
    const byId = new Map(rows.map((r) => [r.id, r]))
    ids.forEach((id, n) => {
      const row = byId.get(id)
      if (!row) return
      const list = pending.get(id)
      const computedAt = new Date(row.computed_at).getTime()
      const left = list.filter((o) => {
        if (Number(row.orders_count) < o.rank) return true
        if (o.computedAt === undefined) o.computedAt = computedAt
        if (locks[n] !== null) return true
        o.appliedAt = now
        lastApplyAt = now
        return false
      })
      if (left.length) pending.set(id, left)
      else pending.delete(id)
    })
  }
  const tracker = (async () => {
    for (;;) {
      const started = Date.now()
      await poll()
      if (!placing && inFlight === 0 && !waiting.length) break
      await sleep(Math.max(0, pollMs - (Date.now() - started)))
    }
  })()

  await scheduler
  // orders still running finish (each request is bounded by its timeout); those never started are dropped
  const notStarted = placeAll ? 0 : waiting.splice(0).length
  while (inFlight > 0 || waiting.length) await sleep(50)
  await tracker
  const lastCompletedAt = Math.max(0, ...orders.filter((o) => o.completedAt).map((o) => o.completedAt))
  const drainStarted = Date.now()
  while (pending.size && Date.now() - drainStarted < drainCapMs) {
    const started = Date.now()
    await poll()
    await sleep(Math.max(0, pollMs - (Date.now() - started)))
  }
  redis.close()
  const completed = orders.filter((o) => o.completedAt)
  const unapplied = completed.filter((o) => o.appliedAt === undefined).length
  log(`window done: ${orders.length} due, ${completed.length} completed, ${notStarted} not started, ${orders.filter((o) => o.error).length} failed, ${unapplied} not applied`)
  return {
    t0,
    windowMs,
    due: orders.length,
    orders,
    completed,
    notStarted,
    failed: orders.filter((o) => o.error),
    completedPerCustomer,
    unapplied,
    lastCompletedAt,
    drainMs: lastApplyAt && lastCompletedAt ? Math.max(0, lastApplyAt - lastCompletedAt) : null,
  }
}

module.exports = { drive, checkout }
