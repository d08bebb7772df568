// `npm run dev:cluster`: the demo store in multi-process mode. The same
// database as `npm run dev` (embedded PostgreSQL in .data/postgres, or
// DATABASE_URL), migrated and seeded the same way, then a Redis (REDIS_URL,
// default redis://127.0.0.1:6379; started here when none answers and
// redis-server exists), one worker and two servers (ports 9000 and 9001,
// CLUSTER_PORTS="9000,9001" to change). Logs in .data/cluster/. Ctrl-C stops
// everything this script started.
//
// The processes run `medusa start` from the project root: no build needed and
// no file watcher (`medusa develop` restarts on changes and would run one
// watcher per process). They serve the API without the admin dashboard, which
// `medusa start` only serves from a build: use `npm run dev` for the admin.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { ADMIN_EMAIL, ADMIN_PASSWORD, openDemoDatabase, prepareDemoStore } from "./lib/demo-database.mjs"
import cluster from "./lib/medusa-cluster.cjs"

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..")
const DATA = path.join(ROOT, ".data")
const LOGS = path.join(DATA, "cluster")
const PORTS = (process.env.CLUSTER_PORTS || "9000,9001").split(",").map(Number)
fs.mkdirSync(LOGS, { recursive: true })
const log = (msg) => console.log(`[dev:cluster] ${msg}`)
const t0 = Date.now()

const stops = []
let stopping = false
async function shutdown(code = 0) {
  if (stopping) return
  stopping = true
  for (const stop of stops.reverse()) await stop().catch(() => {})
  log("stopped")
  process.exit(code)
}
process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))

function medusa(args, env, { quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(path.join(LOGS, "setup.log"), "a")
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "medusa"), args, {
      cwd: ROOT,
      env,
      stdio: ["ignore", quiet ? out : "inherit", quiet ? out : "inherit"],
    })
    child.on("exit", (code) => {
      fs.closeSync(out)
      code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited with ${code} (see .data/cluster/setup.log)`))
    })
  })
}

try {
  // PostgreSQL, as scripts/dev.mjs
  const { databaseUrl, usingExternal, stop: stopPostgres } = await openDemoDatabase({ dataDir: DATA, log })
  stops.push(stopPostgres)

  // Redis: the one at REDIS_URL, else ours on its port
  let redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379"
  if (await cluster.redisAnswers(redisUrl)) {
    log(`Redis at ${redisUrl}`)
  } else if (cluster.REDIS_BIN) {
    const redis = await cluster.startRedis({ port: Number(new URL(redisUrl).port || 6379), logFile: path.join(LOGS, "redis.log") })
    stops.push(() => redis.stop())
    redisUrl = redis.url
    log(`no Redis answered: started redis-server on ${redisUrl} (no persistence; log .data/cluster/redis.log)`)
  } else {
    throw new Error(
      `no Redis answers at ${redisUrl} and there is no redis-server binary: install Redis (apt-get install redis-server) or set REDIS_URL to a running one`
    )
  }

  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, MEDUSA_DISABLE_TELEMETRY: "true" }
  await prepareDemoStore({ databaseUrl, usingExternal, medusa: (args, opts) => medusa(args, env, opts), log })

  const started = Date.now()
  const workerPort = await cluster.freePort(PORTS[PORTS.length - 1] + 1)
  const procs = await Promise.all([
    cluster.startMedusa({ name: "worker", mode: "worker", port: workerPort, env, logFile: path.join(LOGS, "worker.log") }),
    ...PORTS.map((port, i) => cluster.startMedusa({ name: `server-${i + 1}`, mode: "server", port, env, logFile: path.join(LOGS, `server-${i + 1}.log`) })),
  ])
  for (const p of procs) stops.push(() => p.stop())
  for (const p of procs) {
    p.child.on("exit", (code, signal) => {
      if (!stopping) {
        log(`${p.name} exited (${signal ?? code}); stopping the rest (see ${path.relative(ROOT, p.logFile)})`)
        shutdown(1)
      }
    })
  }
  console.log(
    [
      "",
      ...PORTS.map((port, i) => `  Server ${i + 1}: http://localhost:${port} (workerMode server, log .data/cluster/server-${i + 1}.log)`),
      `  Worker:   workerMode worker, health on :${workerPort} (log .data/cluster/worker.log)`,
      `  Redis:    ${redisUrl}`,
      `  Login:    ${ADMIN_EMAIL} / ${ADMIN_PASSWORD} (POST /auth/user/emailpass; the dashboard: npm run dev)`,
      `  (processes ready in ${((Date.now() - started) / 1000).toFixed(1)}s, ${((Date.now() - t0) / 1000).toFixed(1)}s in all; Ctrl-C stops them)`,
      "",
    ].join("\n")
  )
} catch (e) {
  console.error(`[dev:cluster] ${e.message}`)
  await shutdown(1)
}
