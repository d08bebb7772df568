import type { MedusaContainer } from "@medusajs/framework/types"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

/** The customer group a segment (deleted ones included) moves its members into, or null. */
export async function segmentGroupOf(container: MedusaContainer, segmentId: string): Promise<string | null> {
  return await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).getSegmentGroupId(segmentId)
}
