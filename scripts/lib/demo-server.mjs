// Starts the demo store (scripts/dev.mjs) on a database and port of the
// caller's, waits until the admin answers, and stops it with its children.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

export async function startDemoStore({ databaseUrl, port, env = {}, logFile, timeoutMs = 15 * 60 * 1000 }) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(process.execPath, [path.resolve("scripts/dev.mjs")], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ["ignore", out, out],
    detached: true,
  })
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGINT")
    } catch {}
    await new Promise((r) => setTimeout(r, 4000))
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
    fs.closeSync(out)
  }
  const deadline = Date.now() + timeoutMs
  const adminUrl = `http://localhost:${port}/app`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo store exited with ${child.exitCode} (see ${logFile})`)
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the demo store did not answer within ${timeoutMs / 1000}s (see ${logFile})`)
    }
    try {
      const health = await fetch(`http://localhost:${port}/health`)
      if (health.ok && fs.readFileSync(logFile, "utf8").includes("Admin:")) break
    } catch {}
    await new Promise((r) => setTimeout(r, 2000))
  }
  return { adminUrl, stop }
}
