import type { Context } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** The knex of the shared context: the transaction when there is one. */
export function knexOf(sharedContext: Context): Knex {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
  return (manager.getTransactionContext?.() ?? manager.getKnex()) as Knex
}
