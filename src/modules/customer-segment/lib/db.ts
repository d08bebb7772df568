import type { Context } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** The knex of the shared context: the transaction when there is one. */
export function knexOf(sharedContext: Context): Knex {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
  return (manager.getTransactionContext?.() ?? manager.getKnex()) as Knex
}

/**
 * A read as a named prepared statement on a pooled connection: PostgreSQL parses
 * and plans it once per connection, not per call (planning was 0.2 ms of the
 * promotion hook's 0.4 ms query). `text` uses $1, $2 ... once each, in order;
 * `name` must be unique per text. Inside a transaction, or where the server refuses named statements
 * (a pooler in transaction mode), the same text runs unnamed.
 */
export async function preparedRows<T = Record<string, unknown>>(knex: Knex, name: string, text: string, values: unknown[]): Promise<T[]> {
  const unnamed = async () => (await knex.raw(text.replace(/\$\d+/g, "?"), values as any[])).rows as T[]
  const client = (knex as any).client
  if ((knex as any).isTransaction || typeof client?.acquireConnection !== "function") return await unnamed()
  const connection = await client.acquireConnection()
  let result: { rows: T[] } | null = null
  try {
    result = await connection.query({ name, text, values })
  } catch (e: any) {
    // 26000: no such prepared statement, 42P05: already exists (a pooler sharing server connections)
    if (e?.code !== "26000" && e?.code !== "42P05") throw e
  } finally {
    await client.releaseConnection(connection)
  }
  return result ? result.rows : await unnamed()
}
