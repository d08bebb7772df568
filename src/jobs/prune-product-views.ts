import type { MedusaContainer } from "@medusajs/framework/types"
import { pruneProductViewsWorkflow } from "../workflows/behaviour"

/** Daily at 03:30 UTC: deletes product views older than the plugin option view_retention_days (default 365). */
export default async function pruneProductViewsJob(container: MedusaContainer) {
  await pruneProductViewsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "customer-segment-prune-product-views",
  schedule: "30 3 * * *",
}
