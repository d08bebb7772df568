// One database migrated by `medusa db:migrate` before the HTTP suite, copied by
// every test file instead of migrating its own: the migrations took 9-10 s of
// each file's 15 s boot (integration-tests/helpers/runner.ts makes the copy).
import { spawn } from "node:child_process"
import path from "node:path"
import { connectionUrl, withMaintenanceClient } from "./embedded-pg.mjs"

// one per `npm test` process, so two runs on one PostgreSQL keep apart
const TEMPLATE_DB = `segments-test-migrated-${process.pid}`

export async function prepareMigratedTemplate(conn, env) {
  await withMaintenanceClient(conn, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}"`)
    await c.query(`CREATE DATABASE "${TEMPLATE_DB}"`)
  })
  const medusa = path.resolve("node_modules/.bin/medusa")
  const args = ["db:migrate", "--skip-scripts", "--execute-all-links", "--execute-all-search"]
  let output = ""
  const code = await new Promise((resolve) => {
    const child = spawn(medusa, args, {
      env: { ...env, NODE_ENV: "test", DATABASE_URL: connectionUrl(conn, TEMPLATE_DB) },
      stdio: ["ignore", "pipe", "pipe"],
    })
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("exit", (c) => resolve(c ?? 1))
  })
  if (code !== 0) {
    await dropMigratedTemplate(conn)
    throw new Error(`medusa db:migrate exited with ${code}:\n${output.slice(-2000)}`)
  }
  return TEMPLATE_DB
}

export async function dropMigratedTemplate(conn) {
  await withMaintenanceClient(conn, (c) => c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}"`)).catch(() => {})
}
