import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"

/**
 * A customer's groups changed. Medusa 2.21 has no workflow event for it: the
 * customer module emits `customer.customer-group-customer.created` / `.deleted`
 * with the id of the membership row. A created row names its customer; a
 * deleted one is gone, so the workflow compares recorded groups with Medusa's.
 */
export default async function segmentRealtimeCustomerGroups({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  const removed = event.name.endsWith(".deleted")
  if (!ids.length && !removed) return
  await refreshCustomerSegmentsWorkflow(container).run({
    input: removed ? { reconcile_groups: true, reason: event.name } : { group_membership_ids: ids, reason: event.name },
  })
}

export const config: SubscriberConfig = {
  event: ["customer.customer-group-customer.created", "customer.customer-group-customer.deleted"],
  context: { subscriberId: "customer-segments-realtime-customer-groups" },
}
