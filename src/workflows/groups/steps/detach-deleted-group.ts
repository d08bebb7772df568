import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const detachDeletedGroupStepId = "detach-deleted-customer-group-from-segments"

/**
 * A customer group was deleted in Medusa: the segments that fed it feed none
 * now, and the plugin's record of whom it put there goes (the group's links
 * went with the group). Without it every later move tried to fill a group
 * that no longer exists. The compensation puts both back.
 */
export const detachDeletedGroupStep = createStep(
  detachDeletedGroupStepId,
  async (input: { customer_group_ids: string[] }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    if (!input.customer_group_ids.length) return new StepResponse({ segment_ids: [] as string[] }, null)
    const segments = (await service.listSegments({ customer_group_id: input.customer_group_ids } as any, { select: ["id", "customer_group_id"] })) as Array<{
      id: string
      customer_group_id: string
    }>
    const assignments = (await service.listSegmentGroupAssignments(
      { customer_group_id: input.customer_group_ids },
      { select: ["id", "segment_id", "customer_group_id", "customer_id"] }
    )) as Array<{ id: string; segment_id: string; customer_group_id: string; customer_id: string }>
    if (segments.length) await service.updateSegments(segments.map((s) => ({ id: s.id, customer_group_id: null })) as any)
    if (assignments.length) await service.deleteSegmentGroupAssignments(assignments.map((a) => a.id))
    return new StepResponse(
      { segment_ids: segments.map((s) => s.id) },
      {
        segments: segments.map((s) => ({ id: s.id, customer_group_id: s.customer_group_id })),
        assignments: assignments.map(({ segment_id, customer_group_id, customer_id }) => ({ segment_id, customer_group_id, customer_id })),
      }
    )
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    if (undo.segments.length) await service.updateSegments(undo.segments as any)
    if (undo.assignments.length) await service.createSegmentGroupAssignments(undo.assignments)
  }
)
