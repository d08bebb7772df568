import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCustomerSegmentsWorkflow } from "../workflows/realtime"

/** A payment was captured or refunded: re-evaluate realtime segments for the customer of its order (or cart). */
export default async function segmentRealtimePayments({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  const ids = [event.data?.id ?? []].flat().filter(Boolean) as string[]
  if (!ids.length) return
  await refreshCustomerSegmentsWorkflow(container).run({ input: { payment_ids: ids, reason: event.name } })
}

export const config: SubscriberConfig = {
  event: ["payment.captured", "payment.refunded"],
  context: { subscriberId: "customer-segments-realtime-payments" },
}
