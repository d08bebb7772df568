// `npm run bench [-- --customers N --facts N --orders N --variants N --runs N --only prices --quick --keep]`
//
// Starts an embedded PostgreSQL in a temp directory (or uses DATABASE_URL /
// DB_*: a fresh database named bench_<time> is created there), migrates it with
// `medusa db:migrate`, runs the measurements inside Medusa
// (`medusa exec ./bench/run.ts`), prints the table, writes it to
// .data/bench/<time>.{md,json}, and stops PostgreSQL.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import pg from "pg"
import { connectionUrl, ensureDatabase, externalDatabase, startEmbeddedPostgres } from "./lib/embedded-pg.mjs"

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..")
const medusaBin = path.join(ROOT, "node_modules", ".bin", "medusa")

function parseArgs(argv) {
  const out = { customers: 100_000, facts: null, orders: 10_000, runs: 5, quick: false, keep: false, baselineLimitS: 180, variants: 50_000, only: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const num = () => {
      const v = Number(String(argv[++i]).replace(/_/g, ""))
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} expects a number`)
      return v
    }
    if (a === "--") continue
    else if (a === "--customers") out.customers = num()
    else if (a === "--facts") out.facts = num()
    else if (a === "--orders") out.orders = num()
    else if (a === "--runs") out.runs = num()
    else if (a === "--baseline-limit") out.baselineLimitS = num()
    else if (a === "--variants") out.variants = num()
    else if (a === "--only") out.only = argv[++i]
    else if (a === "--quick") out.quick = true
    else if (a === "--keep") out.keep = true
    else if (a === "--out") out.out = argv[++i]
    else throw new Error(`unknown argument ${a} (see scripts/bench.mjs)`)
  }
  if (out.quick) {
    if (!argv.includes("--customers")) out.customers = 2_000
    if (!argv.includes("--orders")) out.orders = 200
    if (!argv.includes("--runs")) out.runs = 2
    if (!argv.includes("--variants")) out.variants = 500
  }
  if (out.facts == null) out.facts = out.customers * 5
  return out
}

const config = parseArgs(process.argv.slice(2))
const stamp = new Date().toISOString().replace(/[:.]/g, "-")
const outDir = config.out ? path.resolve(config.out) : path.join(ROOT, ".data", "bench")
fs.mkdirSync(outDir, { recursive: true })
const log = (m) => console.log(`[bench] ${m}`)

// PostgreSQL settings of the embedded bench server (not applied to a server
// you point the bench at): what a dedicated database host would have.
const SETTINGS = {
  shared_buffers: "1GB",
  work_mem: "256MB",
  maintenance_work_mem: "512MB",
  effective_cache_size: "8GB",
  max_wal_size: "8GB",
  checkpoint_timeout: "30min",
  // WAL of a large membership change (220 MB for 339,000 joins) went through
  // the default 16 MB of WAL buffers, which filled 14,000 times.
  wal_buffers: "64MB",
  // random_page_cost stays at 4: at 1.1 the planner read half of the purchase
  // facts through the product index with a heap fetch a row (6.5 s of a 14.8 s
  // match at 1,000,000 customers) instead of one sequential pass.
}

let stop = async () => {}
let tmp = null
let conn = externalDatabase()
const external = Boolean(conn)
if (!conn) {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "segments-bench-pg-"))
  fs.chmodSync(tmp, 0o755)
  const dir = path.join(tmp, "data")
  // BENCH_PG_PORT: a second bench beside a running one needs a port of its own
  const pgPort = Number(process.env.BENCH_PG_PORT || 56432)
  let server = await startEmbeddedPostgres({ dir, port: pgPort, persistent: true })
  // shared_buffers needs a restart: write the settings, then start again.
  const c = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: "postgres" })
  await c.connect()
  for (const [k, v] of Object.entries(SETTINGS)) await c.query(`ALTER SYSTEM SET ${k} = '${v}'`)
  await c.end()
  await server.stop()
  server = await startEmbeddedPostgres({ dir, port: pgPort, persistent: true })
  conn = server
  stop = async () => {
    await server.stop()
    if (!config.keep) fs.rmSync(tmp, { recursive: true, force: true })
  }
  log(`embedded PostgreSQL on port ${server.port} (${Object.entries(SETTINGS).map(([k, v]) => `${k}=${v}`).join(", ")})`)
}

const dbName = `bench_${Date.now()}`
await ensureDatabase(conn, dbName)
const databaseUrl = connectionUrl(conn, dbName)
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  MEDUSA_DISABLE_TELEMETRY: "true",
  LOG_LEVEL: process.env.LOG_LEVEL || "warn",
  NODE_ENV: process.env.NODE_ENV || "development",
  BENCH_CONFIG: JSON.stringify({ ...config, external, settings: external ? null : SETTINGS, outDir, stamp }),
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--max-old-space-size=4096"].filter(Boolean).join(" "),
}
delete env.DB_HOST

let child = null
function run(args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const logFile = path.join(outDir, `${stamp}.log`)
    const out = fs.openSync(logFile, "a")
    child = spawn(medusaBin, args, { cwd: ROOT, env, stdio: ["ignore", quiet ? out : "inherit", quiet ? out : "inherit"] })
    child.on("exit", (code) => {
      child = null
      fs.closeSync(out)
      code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited with ${code}${quiet ? ` (see ${logFile})` : ""}`))
    })
  })
}

const shutdown = async (code) => {
  if (child) child.kill("SIGTERM")
  await stop().catch(() => {})
  process.exit(code)
}
process.on("SIGINT", () => shutdown(130))
process.on("SIGTERM", () => shutdown(143))

let code = 0
try {
  const t0 = Date.now()
  await run(["db:migrate"], { quiet: true })
  log(`database ${dbName} migrated (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  await run(["exec", "./bench/run.ts"])
} catch (e) {
  console.error(`[bench] ${e.message}`)
  code = 1
} finally {
  if (external && !config.keep) {
    // leave the server as it was: drop the bench database
    const c = new pg.Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password || undefined, database: "postgres" })
    await c.connect().then(() => c.query(`DROP DATABASE IF EXISTS "${dbName}"`)).catch(() => {})
    await c.end().catch(() => {})
  }
  await stop().catch(() => {})
}
process.exit(code)
