// `npm test`: starts its own embedded PostgreSQL (unless DATABASE_URL or DB_*
// name one), runs every jest suite against it, and stops it.
//   node scripts/test.mjs [unit|integration:modules|integration:http|integration:plugin|integration:cluster|bench|browser] [jest args...]
// ("bench" is the smoke run of `npm run bench --quick`, not a performance test.)
// TEST_PG_PORT: the first port the embedded PostgreSQL tries (default 55432), for parallel runs.
import { spawn } from "node:child_process"
import os from "node:os"
import path from "node:path"
import fs from "node:fs"
import { connectionUrl, externalDatabase, startEmbeddedPostgres } from "./lib/embedded-pg.mjs"
import { startDemoStore } from "./lib/demo-server.mjs"
import cluster from "./lib/medusa-cluster.cjs"
import { dropMigratedTemplate, prepareMigratedTemplate } from "./lib/migrated-template.mjs"

const { REDIS_BIN } = cluster

const ALL = ["unit", "integration:modules", "integration:http", "integration:plugin", "integration:cluster", "bench", "browser"]
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const args = process.argv.slice(2)
const suites = args.length && ALL.includes(args[0]) ? [args.shift()] : ALL
// `npm test -- path` style: a leading "--" would make jest read every later flag as a path pattern.
if (args[0] === "--") args.shift()

let db = externalDatabase()
let stop = async () => {}
if (!db) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "segments-test-pg-"))
  fs.chmodSync(dir, 0o755) // the postgres user must reach the data directory
  const started = Date.now()
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: Number(process.env.TEST_PG_PORT || 55432), persistent: false, fast: true })
  console.log(`[test] embedded PostgreSQL on port ${server.port} (${Date.now() - started} ms)`)
  db = server
  stop = async () => {
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

let child = null
const shutdown = async (code) => {
  if (child) child.kill("SIGTERM")
  await stop().catch(() => {})
  process.exit(code)
}
process.on("SIGINT", () => shutdown(130))
process.on("SIGTERM", () => shutdown(143))

const env = {
  ...process.env,
  DB_HOST: db.host,
  DB_PORT: String(db.port),
  DB_USERNAME: db.user,
  DB_PASSWORD: db.password ?? "",
  MEDUSA_DISABLE_TELEMETRY: "true",
  // Medusa logs every migration and event at "info": thousands of lines a suite.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--max-old-space-size=4096", "--experimental-vm-modules"].filter(Boolean).join(" "),
}
delete env.DATABASE_URL

// The HTTP suite boots a Medusa app per file and each boot leaves memory behind in
// the jest process (in band, 22 files ran out of a 4 GB heap): its workers are
// replaced when they hold more than 1.5 GB. Two workers at once (TEST_HTTP_WORKERS)
// roughly halve the suite on 2 cores; the fault files (bursts of 1,000 events, a
// PostgreSQL restart, a killed backfill) run after them, one at a time, so their
// lock waits never compete with another file. Other suites run in band.
const httpWorkers = Number(process.env.TEST_HTTP_WORKERS || 2)
const FAULT_FILES = "integration-tests/http/reliability/faults-"
const jestRuns = (suite, extra) => {
  if (suite !== "integration:http") return [["--runInBand", ...extra]]
  const memory = "--workerIdleMemoryLimit=1536MB"
  // paths named on the command line: those, as asked
  if (extra.some((a) => !a.startsWith("-")) || httpWorkers <= 1) return [[`--maxWorkers=${httpWorkers}`, memory, ...extra]]
  return [
    [`--maxWorkers=${httpWorkers}`, memory, `--testPathIgnorePatterns=${FAULT_FILES}`, ...extra],
    ["--maxWorkers=1", memory, FAULT_FILES, ...extra],
  ]
}

const results = []
for (const suite of suites) {
  const started = Date.now()
  console.log(`\n[test] ===== ${suite} =====`)
  let suiteEnv = { ...env, TEST_TYPE: suite }
  let demo = null
  if (suite === "integration:cluster" && !REDIS_BIN && !process.env.CI) {
    // The cluster tests start, kill and restart a Redis of their own: they need the binary.
    console.log("[test] integration:cluster: skipped, no redis-server binary (apt-get install redis-server)")
    results.push({ suite, code: 0, seconds: 0, skipped: true })
    continue
  }
  if (suite === "browser") {
    if (!fs.existsSync(CHROMIUM) && !process.env.CI) {
      // A developer's machine without Debian's chromium: say so rather than download a browser.
      console.log(`[test] browser: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`)
      results.push({ suite, code: 0, seconds: 0, skipped: true })
      continue
    }
    // A small demo store of its own: fresh database, small seed, its own port.
    const logFile = path.join(os.tmpdir(), `segments-browser-demo-${process.pid}.log`)
    try {
      demo = await startDemoStore({
        databaseUrl: connectionUrl(db, `segments_browser_${process.pid}`),
        port: 9100 + (process.pid % 700),
        env: { DEMO_CUSTOMERS: "40", DEMO_ORDERS: "120", DEMO_WORKERS: "1", NODE_OPTIONS: process.env.NODE_OPTIONS ?? "" },
        logFile,
      })
    } catch (e) {
      console.log(`[test] browser: ${e.message}`)
      results.push({ suite, code: 1, seconds: Math.round((Date.now() - started) / 1000) })
      continue
    }
    console.log(`[test] demo store for the browser tests at ${demo.adminUrl} (${Math.round((Date.now() - started) / 1000)}s)`)
    suiteEnv = { ...suiteEnv, ADMIN_URL: demo.adminUrl, CHROMIUM_PATH: CHROMIUM }
  }
  if (suite === "integration:http") {
    // every HTTP file copies this migrated database instead of migrating its own
    const t = Date.now()
    try {
      suiteEnv = { ...suiteEnv, SEGMENTS_TEST_TEMPLATE_DB: await prepareMigratedTemplate(db, env) }
      console.log(`[test] migrated template database ready (${Math.round((Date.now() - t) / 1000)}s)`)
    } catch (e) {
      console.log(`[test] no migrated template database, each file migrates its own: ${e.message}`)
    }
  }
  let code = 0
  for (const jestArgs of jestRuns(suite, args)) {
    const c = await new Promise((resolve) => {
      child = spawn(
        process.execPath,
        [path.resolve("node_modules/jest/bin/jest.js"), "--forceExit", "--silent=false", ...jestArgs],
        { stdio: "inherit", env: suiteEnv }
      )
      child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)))
    })
    if (c !== 0) code = c
  }
  child = null
  if (suiteEnv.SEGMENTS_TEST_TEMPLATE_DB) await dropMigratedTemplate(db)
  if (demo) await demo.stop()
  results.push({ suite, code, seconds: Math.round((Date.now() - started) / 1000) })
}

await stop().catch(() => {})
console.log("\n[test] summary")
for (const r of results) console.log(`[test]   ${r.suite}: ${r.skipped ? "skipped" : r.code === 0 ? "passed" : "FAILED"} in ${r.seconds}s`)
const failed = results.filter((r) => r.code !== 0).length
console.log(`suites: ${results.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
