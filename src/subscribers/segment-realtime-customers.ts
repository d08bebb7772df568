import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"

/**
 * A customer was created, updated or deleted: recompute their activity data
 * and re-evaluate realtime segments; a deleted customer leaves every segment.
 */
export default async function segmentRealtimeCustomers({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  if (!ids.length) return
  await refreshCustomerSegmentsWorkflow(container).run({ input: { customer_ids: ids, reason: event.name } })
}

export const config: SubscriberConfig = {
  event: ["customer.created", "customer.updated", "customer.deleted"],
  context: { subscriberId: "customer-segments-realtime-customers" },
}
