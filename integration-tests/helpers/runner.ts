import { randomUUID } from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Client } from "@medusajs/framework/pg"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

/**
 * Medusa's integration test runner, starting from a copy of the database that
 * `npm test` migrated once (scripts/lib/migrated-template.mjs) when there is one:
 * the runner's own migration pass then finds nothing to do. Without the copy
 * (a test run by hand outside scripts/test.mjs, or against a PostgreSQL of the
 * test's own) the runner migrates as usual.
 */
export function integrationTestRunner(options: RunnerOptions) {
  const template = process.env.SEGMENTS_TEST_TEMPLATE_DB
  const dbName = `medusa-${randomUUID().slice(0, 13)}-integration-${process.env.JEST_WORKER_ID ?? "1"}`
  return medusaIntegrationTestRunner({
    ...options,
    dbName,
    hooks: {
      ...options.hooks,
      beforeServerStart: async (container) => {
        if (template) await copyDatabase(template, dbName)
        await options.hooks?.beforeServerStart?.(container)
      },
    },
  })
}

async function copyDatabase(template: string, name: string) {
  const client = new Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD || undefined,
    database: "postgres",
  })
  await client.connect()
  try {
    // a file that starts a PostgreSQL of its own (faults-pg-restart) finds no copy there
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])
    if (!rowCount) return
    // CREATE DATABASE takes no bound parameters; both names are ours, quoted.
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`
    await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`)
  } finally {
    await client.end()
  }
}
