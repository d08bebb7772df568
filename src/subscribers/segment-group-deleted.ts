import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { detachDeletedGroupWorkflow } from "../workflows/groups/detach-deleted-group"

/**
 * Medusa 2.21's deleteCustomerGroupsWorkflow emits no workflow event; the
 * customer module emits `customer.customer-group.deleted` with the group's id.
 */
export default async function segmentGroupDeleted({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  if (!ids.length) return
  await detachDeletedGroupWorkflow(container).run({ input: { customer_group_ids: ids } })
}

export const config: SubscriberConfig = {
  event: "customer.customer-group.deleted",
  context: { subscriberId: "customer-segments-group-deleted" },
}
