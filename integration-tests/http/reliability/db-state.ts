import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/**
 * A fingerprint of every table the plugin writes (customer_segment*), plus the
 * customer-group links it manages: row count and an md5 of all rows, so a test
 * can say "nothing was written" by comparing two of them.
 */
export async function dbState(container: MedusaContainer, except: string[] = []): Promise<Record<string, string>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND (table_name LIKE 'customer\\_segment%' OR table_name = 'customer_group_customer')
      ORDER BY table_name`
  )
  const tables: string[] = rows.map((r: any) => r.table_name).filter((t: string) => !except.includes(t))
  if (!tables.includes("customer_segment") && !except.includes("customer_segment")) throw new Error("plugin tables not found")
  const out: Record<string, string> = {}
  for (const t of tables) {
    const { rows: r } = await knex.raw(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM ?? AS x`,
      [t]
    )
    out[t] = `${r[0].n}:${r[0].h}`
  }
  return out
}
