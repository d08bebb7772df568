import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { parseConditions, referencedSegmentIds } from "../../../modules/customer-segment/conditions"

export const deleteSegmentsStepId = "delete-customer-segments"

/** Soft-deletes segments (and their members); refuses when another segment's conditions use one. */
export const deleteSegmentsStep = createStep(
  deleteSegmentsStepId,
  async ({ ids, run_id }: { ids: string[]; run_id: string }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const others = await service.listSegments({ membership: "rules" }, { select: ["id", "name", "conditions"] })
    for (const s of others as any[]) {
      if (ids.includes(s.id) || !s.conditions) continue
      let refs: string[] = []
      try {
        refs = referencedSegmentIds(parseConditions(s.conditions))
      } catch {
        continue
      }
      const used = refs.find((r) => ids.includes(r))
      if (used) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Segment ${used} is used in the conditions of segment "${s.name}" (${s.id}); change that segment first`
        )
      }
    }
    // Every member leaves: the membership events then move them out of groups and refresh their carts.
    await service.logSegmentsEmptied(ids, { runId: run_id, reason: "segment deleted", now: new Date() })
    await service.softDeleteSegments(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    await service.restoreSegments(ids)
  }
)
