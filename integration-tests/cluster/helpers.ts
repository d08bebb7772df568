import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import pg from "pg"
import type { StoreBasics } from "../../demo/fixtures/store"

// CommonJS, shared with scripts/dev-cluster.mjs
// eslint-disable-next-line @typescript-eslint/no-var-requires
const cluster = require("../../scripts/lib/medusa-cluster.cjs")

export type MedusaProcess = {
  name: string
  mode: string
  port: number
  url: string
  logFile: string
  pid: number
  bootMs: number
  log: () => string
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `probe` until it returns a truthy value or `timeout` passes. */
export async function waitFor<T>(probe: () => Promise<T>, { timeout = 20_000, interval = 200, what = "condition" } = {}): Promise<T> {
  const started = Date.now()
  let last: T | undefined
  for (;;) {
    last = await probe()
    if (last) return last
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`)
    await sleep(interval)
  }
}

/**
 * A cluster of real processes for one test file: a Redis of its own, a fresh
 * database on the test run's PostgreSQL, migrations, an admin user, then the
 * servers and workers asked for. Everything they write goes to a temp folder.
 */
export async function startCluster(opts: { servers: number; workers: number; env?: Record<string, string> }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "segments-cluster-"))
  const conn = {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
  const database = `segments_cluster_${process.pid}_${Date.now() % 100000}`
  const admin = new pg.Client({ ...conn, password: conn.password || undefined, database: "postgres" })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${database}"`) // a name of ours, not input
  await admin.end()
  const auth = conn.password ? `${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}` : encodeURIComponent(conn.user)
  const databaseUrl = `postgres://${auth}@${conn.host}:${conn.port}/${database}`

  const redis = await cluster.startRedis({ logFile: path.join(dir, "redis.log") })
  const env: Record<string, string> = {
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info", // the tests read the workers' logs
    // the test runner's NODE_OPTIONS (vm modules, a 4 GB heap each) are not for these processes
    NODE_OPTIONS: "--max-old-space-size=1024",
    ...(opts.env ?? {}),
  }
  for (const k of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "TEST_TYPE"]) env[k] = ""
  const setupLog = path.join(dir, "setup.log")
  const t0 = Date.now()
  cluster.medusaCommand(["db:migrate"], { env, logFile: setupLog })
  cluster.medusaCommand(["user", "-e", "admin@cluster.test", "-p", "supersecret"], { env, logFile: setupLog })
  const fixturesFile = path.join(dir, "store.json")
  cluster.medusaCommand(["exec", "./integration-tests/cluster/store-fixtures.ts"], { env: { ...env, CLUSTER_FIXTURES_FILE: fixturesFile }, logFile: setupLog })
  const store: StoreBasics = JSON.parse(fs.readFileSync(fixturesFile, "utf8"))
  const setupMs = Date.now() - t0

  const procs: MedusaProcess[] = []
  const start = async (name: string, mode: "server" | "worker", extraEnv: Record<string, string> = {}) => {
    const port = await cluster.freePort(0)
    const p = (await cluster.startMedusa({ name, mode, port, env: { ...env, ...extraEnv }, logFile: path.join(dir, `${name}.log`) })) as MedusaProcess
    procs.push(p)
    return p
  }
  const t1 = Date.now()
  const servers = await Promise.all(Array.from({ length: opts.servers }, (_, i) => start(`server-${"ABCDEFGH"[i]}`, "server")))
  const workers = await Promise.all(Array.from({ length: opts.workers }, (_, i) => start(`worker-${i + 1}`, "worker")))
  const bootMs = Date.now() - t1

  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()

  const login = await fetch(`${servers[0].url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@cluster.test", password: "supersecret" }),
  })
  const { token } = (await login.json()) as any
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` }

  /** One admin request to `proc`: `{ status, body, ms }`, whatever the status. */
  const api = async (proc: MedusaProcess, method: string, url: string, body?: unknown) => {
    const started = Date.now()
    const res = await fetch(`${proc.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    let parsed: any = text
    try {
      parsed = JSON.parse(text)
    } catch {}
    return { status: res.status, body: parsed, ms: Date.now() - started }
  }

  /** An axios-like client of `proc` for the storefront helpers: `{ data }`, throws on a status >= 400. */
  const client = (proc: MedusaProcess) => {
    const call = async (method: string, url: string, body: unknown, opts: { headers?: Record<string, string> } = {}) => {
      const res = await fetch(`${proc.url}${url}`, {
        method,
        headers: { "content-type": "application/json", ...(opts.headers ?? {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const data: any = await res.json().catch(() => null)
      if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`)
      return { status: res.status, data }
    }
    return {
      get: (url: string, opts?: { headers?: Record<string, string> }) => call("GET", url, undefined, opts),
      post: (url: string, body: unknown, opts?: { headers?: Record<string, string> }) => call("POST", url, body, opts),
    }
  }

  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop("SIGKILL").catch(() => undefined)))
    await db.end().catch(() => undefined)
    await redis.stop().catch(() => undefined)
    const drop = new pg.Client({ ...conn, password: conn.password || undefined, database: "postgres" })
    await drop.connect()
    await drop.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined)
    await drop.end()
    if (!process.env.KEEP_CLUSTER_LOGS) fs.rmSync(dir, { recursive: true, force: true })
  }

  return { dir, env, redis, servers, workers, procs, start, api, client, store, db, stop, setupMs, bootMs }
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>
