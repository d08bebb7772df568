// The load test against a running cluster (servers, workers, Redis, one
// PostgreSQL): customers and 20 realtime segments, the window of orders, the
// drain, the drop check, and the figures. Used by scripts/bench-load.mjs and,
// tiny, by integration-tests/cluster/load.spec.ts.
const { createLoadCustomers, createLoadSegments } = require("./setup.cjs")
const { drive, checkout } = require("./drive.cjs")
const { verify } = require("./verify.cjs")
const { cpuSampler } = require("./cpu.cjs")

function percentiles(values) {
  const s = [...values].sort((a, b) => a - b)
  const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : null)
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.length ? s[s.length - 1] : null }
}

/**
 * `cluster`: { servers: [{ url }], admin(method, url, body) → { status, body },
 * db (pg client), redisUrl, store, cpuGroups? }. `opts`: rate, seconds,
 * customers, concurrency, pollMs, drainCapMs, log.
 */
async function runLoadTest(cluster, opts) {
  const log = opts.log ?? (() => {})
  const bases = cluster.servers.map((s) => s.url)
  let t = Date.now()
  // customers and segments once per cluster: a second window (another rate) reuses them
  if (!cluster.prepared) {
    const all = await createLoadCustomers(bases, cluster.store, opts.customers + 1, { concurrency: 8 })
    const customers = all.slice(0, opts.customers)
    const segments = await createLoadSegments(cluster.admin, cluster.store)
    // warm-up, untimed: a server's first checkouts load and compile what later ones reuse; a
    // customer of its own, outside the drop check
    for (const base of bases) for (let k = 0; k < 2; k++) await checkout(base, cluster.store, all[opts.customers], [{ variant_id: cluster.store.variants[k % cluster.store.variants.length].id, quantity: 1 }])
    // the customers' own events (created, updated) first: the window measures orders only
    const ids = customers.map((c) => c.id)
    for (const started = Date.now(); Date.now() - started < 120_000; ) {
      const { rows } = await cluster.db.query("SELECT count(*)::int AS n FROM customer_segment_activity WHERE id = ANY($1)", [ids])
      if (rows[0].n === ids.length) break
      await new Promise((r) => setTimeout(r, 250))
    }
    cluster.prepared = { customers, segments, placed: new Map() }
    log(`${customers.length} customers with accounts and ${segments.length} realtime segments in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  }
  const { customers, segments, placed } = cluster.prepared
  const setupMs = Date.now() - t

  const cpu = cluster.cpuGroups ? cpuSampler(cluster.cpuGroups) : null
  const run = await drive({
    bases,
    store: cluster.store,
    customers,
    db: cluster.db,
    redisUrl: cluster.redisUrl,
    rate: opts.rate,
    seconds: opts.seconds,
    concurrency: opts.concurrency,
    pollMs: opts.pollMs,
    drainCapMs: opts.drainCapMs,
    placeAll: opts.placeAll,
    completedBefore: placed,
    log,
  })
  const cpuPct = cpu ? cpu.sample() : null
  for (const [id, n] of run.completedPerCustomer) placed.set(id, n) // cumulative: it started from `placed`
  t = Date.now()
  const check = await verify({ db: cluster.db, admin: cluster.admin, segments, customers, completedPerCustomer: placed })
  log(`verification in ${Date.now() - t} ms: dropped ${check.dropped}`)

  const inWindow = run.completed.filter((o) => o.completedAt <= run.t0 + run.windowMs)
  const lastCompleted = run.lastCompletedAt ? (run.lastCompletedAt - run.t0) / 1000 : null
  const applied = run.completed.filter((o) => o.appliedAt !== undefined)
  return {
    rate: opts.rate,
    seconds: opts.seconds,
    customers: customers.length,
    segments: segments.length,
    servers: bases.length,
    concurrency: opts.concurrency,
    setupMs,
    offered: run.due / opts.seconds,
    due: run.due,
    completed: run.completed.length,
    completedInWindow: inWindow.length,
    achievedInWindow: inWindow.length / opts.seconds,
    achievedOverall: lastCompleted ? run.completed.length / lastCompleted : 0,
    notStarted: run.notStarted,
    failed: run.failed.length,
    failures: [...new Set(run.failed.map((o) => o.error))].slice(0, 5),
    // due → completed: what a shopper sees, queueing for a slot included
    placement: percentiles(run.completed.map((o) => o.completedAt - o.dueAt)),
    // started → completed: the six store API calls alone
    service: percentiles(run.completed.map((o) => o.completedAt - o.startedAt)),
    startLag: percentiles(run.orders.filter((o) => o.startedAt).map((o) => o.startedAt - o.dueAt)),
    eventToMembership: percentiles(applied.map((o) => Math.max(0, o.appliedAt - o.completedAt))),
    // the activity row's computed_at (database clock, no polling step), for comparison
    eventToActivity: percentiles(applied.filter((o) => o.computedAt).map((o) => o.computedAt - o.completedAt)),
    unapplied: run.unapplied,
    drainMs: run.drainMs,
    pollMs: opts.pollMs,
    cpu: cpuPct,
    check,
  }
}

const ms = (v) => (v == null ? "–" : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`)

/** The result as the bench's markdown table (and the run's facts under it). */
function loadTable(r, header = []) {
  const row = (op, p, notes = "") => `| ${op} | ${p.n} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.max)} | ${notes} |`
  const lines = [
    ...header.map((h) => `- ${h}`),
    "",
    `| size | offered | achieved (completed orders) | not started / failed | drain after the last order | dropped |`,
    "|---|---:|---:|---:|---:|---:|",
    `| ${r.customers} customers, ${r.segments} realtime segments, ${r.servers} servers + workers, ≤ ${r.concurrency} checkouts at once | ${r.offered.toFixed(1)}/s (${r.due} due in ${r.seconds} s) | ${r.achievedInWindow.toFixed(1)}/s in the window (${r.completedInWindow}); ${r.completed} in all | ${r.notStarted} / ${r.failed} | ${r.unapplied ? `not drained: ${r.unapplied} orders unapplied` : ms(r.drainMs)} | **${r.check.dropped}** |`,
    "",
    "| latency | orders | p50 | p95 | p99 | max | notes |",
    "|---|---:|---:|---:|---:|---:|---|",
    row("order placement, due → completed (6 store API calls + waiting for a slot)", r.placement, "open loop: lag behind the schedule counts"),
    row("  of which: the checkout itself, started → completed", r.service),
    row("event → membership applied (activity counts the order and the customer's real-time lock is free)", r.eventToMembership, `polled every ${r.pollMs} ms`),
    row("  event → activity recomputed (activity.computed_at)", r.eventToActivity, "database clock; can be < 0: the worker can beat the HTTP response"),
  ]
  if (r.cpu) lines.push("", `CPU over the window and the drain (100% = one core): ${Object.entries(r.cpu.pct).map(([k, v]) => `${k} ${Math.round(v)}%`).join(", ")}`)
  lines.push(
    "",
    `Drop check: orders missing in Medusa ${r.check.ordersMissing} (extra, from client timeouts: ${r.check.ordersExtra}); activity rows behind Medusa's orders ${r.check.staleActivity.length}; membership ≠ from-scratch evaluation ${r.check.membershipDiff} (joining + leaving over ${r.segments} segments, ${r.check.members} memberships).`
  )
  if (r.failures.length) lines.push("", `Failures: ${r.failures.join("; ")}`)
  return lines.join("\n")
}

module.exports = { runLoadTest, loadTable, percentiles }
