// Processes of the multi-process mode, shared by `npm run dev:cluster` and the
// cluster tests: a Redis (ours when none answers), Medusa servers and workers
// run by `medusa start` from the project root (no build: it loads src/ as
// `medusa develop` does, but without the file watcher, which would restart
// every process on each log line written inside the project).
const { spawn, spawnSync } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const REDIS_BIN = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => fs.existsSync(p)) ?? null
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Answers true when a Redis at `url` replies PONG within 1 s. */
function redisAnswers(url) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (d) => done(String(d).startsWith("+PONG")))
  })
}

function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", () => (preferred ? freePort(0).then(resolve, reject) : reject(new Error("no free port"))))
    server.listen(preferred, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * A redis-server of ours on `port` (a free one when 0), no persistence: a
 * restart loses everything, which is what the tests want to see.
 * Returns `{ url, port, stop(signal), start() }`.
 */
async function startRedis({ port = 0, logFile }) {
  if (!REDIS_BIN) throw new Error("no redis-server binary (apt-get install redis-server), and no Redis answered")
  const chosen = port || (await freePort(0))
  const url = `redis://127.0.0.1:${chosen}`
  let child = null
  const start = async () => {
    const out = fs.openSync(logFile, "a")
    child = spawn(REDIS_BIN, ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", out, out],
    })
    fs.closeSync(out)
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers(url)) return
      await sleep(100)
    }
    throw new Error(`redis-server did not answer on ${url} (see ${logFile})`)
  }
  const stop = async (signal = "SIGTERM") => {
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once("exit", r))
    child.kill(signal)
    await exited
  }
  await start()
  return { url, port: chosen, start, stop, pid: () => child?.pid }
}

/**
 * One Medusa process (`mode`: server | worker | shared) on `port`, its output
 * in `logFile`. Resolves when /health answers (servers) or the log says ready.
 */
async function startMedusa({ name, mode, port, env, logFile, timeoutMs = 120_000 }) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(MEDUSA, ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), MEDUSA_WORKER_MODE: mode, MEDUSA_ADMIN_DISABLE: "true" },
    stdio: ["ignore", out, out],
    detached: true, // its own process group: stop() reaches the children too
  })
  fs.closeSync(out)
  const started = Date.now()
  const proc = {
    name,
    mode,
    port,
    logFile,
    pid: child.pid,
    child,
    url: `http://localhost:${port}`,
    log: () => fs.readFileSync(logFile, "utf8"),
    /** SIGKILL: the crash case; SIGTERM: a clean stop */
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode) return
      const exited = new Promise((r) => child.once("exit", r))
      try {
        process.kill(-child.pid, signal)
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {}
      }, 8000)
      await exited
      clearTimeout(timer)
    },
  }
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} (see ${logFile})`)
    if (Date.now() - started > timeoutMs) {
      await proc.stop("SIGKILL")
      throw new Error(`${name} was not ready within ${timeoutMs / 1000}s (see ${logFile})`)
    }
    if (/Server is ready on port/.test(proc.log())) break
    await sleep(250)
  }
  proc.bootMs = Date.now() - started
  return proc
}

/** `medusa <args>` to completion (migrations, the admin user); throws with the log's tail on failure. */
function medusaCommand(args, { env, logFile }) {
  const r = spawnSync(MEDUSA, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" })
  fs.appendFileSync(logFile, `$ medusa ${args.join(" ")}\n${r.stdout}${r.stderr}`)
  if (r.status !== 0) throw new Error(`medusa ${args.join(" ")} exited with ${r.status}: ${(r.stderr || r.stdout).slice(-800)}`)
}

module.exports = { ROOT, REDIS_BIN, redisAnswers, freePort, startRedis, startMedusa, medusaCommand, sleep }
