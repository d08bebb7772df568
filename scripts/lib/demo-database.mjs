// The demo store's database and first-start setup, shared by `npm run dev` and
// `npm run dev:cluster`: the same PostgreSQL (embedded in .data/postgres, or
// DATABASE_URL / DB_*), migrated, seeded once, with an admin user.
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { connectionUrl, ensureDatabase, externalDatabase, startEmbeddedPostgres } from "./embedded-pg.mjs"

export const ADMIN_EMAIL = process.env.ADMIN_EMAIL || "admin@example.com"
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || "supersecret"

/** Opens the demo database: { databaseUrl, usingExternal, stop } (stop ends an embedded server we started). */
export async function openDemoDatabase({ dataDir, log }) {
  let databaseUrl = process.env.DATABASE_URL
  const usingExternal = Boolean(process.env.DATABASE_URL || process.env.DB_HOST)
  let stop = async () => {}
  const external = externalDatabase()
  if (!databaseUrl) {
    const conn =
      external ??
      (await startEmbeddedPostgres({
        dir: path.join(dataDir, "postgres"),
        port: 54329,
        persistent: true,
        log: (m) => fs.appendFileSync(path.join(dataDir, "postgres.log"), String(m)),
      }))
    if (!external) {
      stop = conn.stop
      log(`embedded PostgreSQL on 127.0.0.1:${conn.port} (data in .data/postgres)${conn.reused ? " (already running)" : ""}`)
    }
    const dbName = external?.database || "medusa_segments"
    if (await ensureDatabase(conn, dbName)) log(`created database ${dbName}`)
    databaseUrl = connectionUrl(conn, dbName)
  } else if (external?.database) {
    // An existing server: create the database if it is missing and we may.
    try {
      if (await ensureDatabase(external, external.database)) log(`created database ${external.database}`)
    } catch (e) {
      log(`note: could not check the database (${e.message}); using DATABASE_URL as it is`)
    }
  }
  return { databaseUrl, usingExternal, stop }
}

export async function queryOne(databaseUrl, sql, params = []) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows[0]
  } finally {
    await client.end()
  }
}

/**
 * Migrates, seeds on the first start and creates the admin user when missing.
 * `medusa(args, { quiet })` runs the Medusa CLI against the database.
 */
export async function prepareDemoStore({ databaseUrl, usingExternal, medusa, log }) {
  log("running migrations ...")
  await medusa(["db:migrate"], { quiet: true })

  const { count } = await queryOne(databaseUrl, "SELECT count(*)::int AS count FROM product")
  if (count === 0) {
    log("seeding the demo store (first start only; takes a few minutes) ...")
    const seedStarted = Date.now()
    await medusa(["exec", "./demo/seed.ts"], { quiet: false })
    log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)}s`)
  } else if (!usingExternal) {
    const store = await queryOne(databaseUrl, "SELECT metadata->>'demo_seeded_at' AS seeded_at FROM store WHERE deleted_at IS NULL LIMIT 1")
    if (!store?.seeded_at) log("warning: an earlier demo seed did not finish (products exist, no completion mark); stop, delete .data/ and start again for a full demo")
  }

  const admin = await queryOne(databaseUrl, "SELECT 1 AS found FROM provider_identity WHERE entity_id = $1 AND provider = 'emailpass'", [ADMIN_EMAIL])
  if (!admin) {
    await medusa(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], { quiet: true })
    log(`created admin user ${ADMIN_EMAIL}`)
  }
}
