// `npm test`: starts its own embedded PostgreSQL (unless DATABASE_URL or DB_*
// name one), runs every jest suite against it, and stops it.
//   node scripts/test.mjs [unit|integration:modules|integration:http|integration:plugin] [jest args...]
import { spawn } from "node:child_process"
import os from "node:os"
import path from "node:path"
import fs from "node:fs"
import { externalDatabase, startEmbeddedPostgres } from "./lib/embedded-pg.mjs"

const ALL = ["unit", "integration:modules", "integration:http", "integration:plugin"]
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
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 55432, persistent: false, fast: true })
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
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--max-old-space-size=4096", "--experimental-vm-modules"].filter(Boolean).join(" "),
}
delete env.DATABASE_URL

const results = []
for (const suite of suites) {
  const started = Date.now()
  console.log(`\n[test] ===== ${suite} =====`)
  const code = await new Promise((resolve) => {
    child = spawn(
      process.execPath,
      [path.resolve("node_modules/jest/bin/jest.js"), "--runInBand", "--forceExit", "--silent=false", ...args],
      { stdio: "inherit", env: { ...env, TEST_TYPE: suite } }
    )
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  })
  child = null
  results.push({ suite, code, seconds: Math.round((Date.now() - started) / 1000) })
}

await stop().catch(() => {})
console.log("\n[test] summary")
for (const r of results) console.log(`[test]   ${r.suite}: ${r.code === 0 ? "passed" : "FAILED"} in ${r.seconds}s`)
process.exit(results.some((r) => r.code !== 0) ? 1 : 0)
