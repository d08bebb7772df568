/**
 * One share of the demo orders, in a process of its own: demo/seed.ts starts it
 * with `medusa exec ./demo/seed-orders.ts` and DEMO_ORDERS_FILE, DEMO_SHARD,
 * DEMO_SHARDS in the environment.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { placeShard } from "./seed"

export default async function seedOrdersShard({ container }: ExecArgs) {
  const file = process.env.DEMO_ORDERS_FILE
  if (!file) throw new Error("DEMO_ORDERS_FILE is not set: run demo/seed.ts instead")
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  await placeShard(container, file, Number(process.env.DEMO_SHARD), Number(process.env.DEMO_SHARDS), logger)
}
