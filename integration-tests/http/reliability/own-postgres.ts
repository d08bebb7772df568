import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

/**
 * A PostgreSQL of this test file's own, so that it can be stopped and started
 * under a running store without touching the suite's. Imported first by the
 * spec: Medusa's test runner reads DB_HOST / DB_PORT when it is loaded.
 */
export const OWN_PG_PORT = Number(process.env.FAULT_PG_PORT || 56000 + (process.pid % 900))
export const OWN_PG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "segments-fault-pg-"))
fs.chmodSync(OWN_PG_DIR, 0o755) // the postgres user must reach the data directory

process.env.DB_HOST = "localhost"
process.env.DB_PORT = String(OWN_PG_PORT)
process.env.DB_USERNAME = "postgres"
process.env.DB_PASSWORD = "postgres"

type Server = { port: number; stop: () => Promise<void> }

/** Starts (or starts again) the PostgreSQL on OWN_PG_PORT in a child process, keeping its data across stops. */
export async function startOwnPostgres(): Promise<Server> {
  const child = spawn(process.execPath, [path.join(__dirname, "scripts/postgres.mjs"), path.join(OWN_PG_DIR, "data"), String(OWN_PG_PORT)], {
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start: ${output}`)), 60_000)
    child.stdout!.on("data", (d) => {
      output += d
      const m = /READY (\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.stderr!.on("data", (d) => (output += d))
    child.on("exit", () => reject(new Error(`PostgreSQL exited: ${output}`)))
  })
  const stop = async () => {
    child.kill("SIGTERM")
    await exited
  }
  if (port !== OWN_PG_PORT) {
    await stop()
    throw new Error(`port ${OWN_PG_PORT} is taken: set FAULT_PG_PORT to a free one`)
  }
  return { port, stop }
}

export function removeOwnPostgres() {
  fs.rmSync(OWN_PG_DIR, { recursive: true, force: true })
}
