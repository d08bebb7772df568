import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { syncSegmentPricesWorkflow } from "../workflows/prices/sync-segment-prices"

/** A segment now feeds another customer group (or none): its price list follows. */
export default async function segmentPricesGroup({ event, container }: SubscriberArgs<Array<{ segment_id: string }> | { segment_id: string }>) {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const priced = new Set(await service.listPricedSegmentIds())
  for (const change of [event.data ?? []].flat()) {
    if (change?.segment_id && priced.has(change.segment_id)) {
      await syncSegmentPricesWorkflow(container).run({ input: { segment_id: change.segment_id } })
    }
  }
}

export const config: SubscriberConfig = {
  event: "customer_segment.group_changed",
  context: { subscriberId: "customer-segments-prices-group" },
}
