import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import type { SegmentInput } from "./validate-segments"

export const detectGroupChangesStepId = "detect-customer-segment-group-changes"

/** Segments whose `customer_group_id` the update changes, with the group they fed until now. Reads only. */
export const detectGroupChangesStep = createStep(detectGroupChangesStepId, async (segments: SegmentInput[], { container }) => {
  const changing = segments.filter((s) => s.id && s.customer_group_id !== undefined)
  if (!changing.length) return new StepResponse([] as Array<{ segment_id: string; previous_group_id: string | null }>)
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const current = await service.listSegments({ id: changing.map((s) => s.id!) }, { select: ["id", "customer_group_id"] })
  const before = new Map(current.map((s: any) => [s.id, s.customer_group_id ?? null]))
  return new StepResponse(
    changing
      .filter((s) => before.get(s.id!) !== (s.customer_group_id ?? null))
      .map((s) => ({ segment_id: s.id!, previous_group_id: (before.get(s.id!) as string | null) ?? null }))
  )
})
