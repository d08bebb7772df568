import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ActivityRow, CustomerSnapshot, OrderFactRow, PurchaseFactRow } from "../types"

export type ReplaceActivityInput = {
  /** customers whose activity data is replaced; those without an `activities` row are deleted (customer gone) */
  customer_ids: string[]
  activities: ActivityRow[]
  orders: OrderFactRow[]
  purchases: PurchaseFactRow[]
}

/** Replaces the activity data of `customer_ids` (delete + bulk insert). Idempotent. */
export async function replaceCustomerActivity(knex: Knex, input: ReplaceActivityInput): Promise<void> {
  throw new Error("not implemented")
}

/** Loads what the in-memory evaluator needs for each customer that has activity data. */
export async function loadCustomerSnapshots(knex: Knex, customerIds: string[]): Promise<CustomerSnapshot[]> {
  throw new Error("not implemented")
}
