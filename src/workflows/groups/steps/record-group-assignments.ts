import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const recordGroupAssignmentsStepId = "record-customer-segment-group-assignments"

type Assignment = { segment_id: string; customer_group_id: string; customer_id: string }

/**
 * Records which customers the plugin added to the group for the segment, and
 * forgets those it no longer claims. The compensation restores the rows.
 */
export const recordGroupAssignmentsStep = createStep(
  recordGroupAssignmentsStepId,
  async (
    input: { segment_id: string; group_id: string | null; assign: string[]; unassign: string[] },
    { container }
  ) => {
    if (!input.group_id || (!input.assign.length && !input.unassign.length)) {
      return new StepResponse({ assigned: 0, unassigned: 0 }, { created: [] as string[], deleted: [] as Assignment[] })
    }
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const deleted: Assignment[] = []
    if (input.unassign.length) {
      const rows = (await service.listSegmentGroupAssignments(
        { segment_id: input.segment_id, customer_group_id: input.group_id, customer_id: input.unassign },
        { select: ["id", "segment_id", "customer_group_id", "customer_id"] }
      )) as any[]
      if (rows.length) await service.deleteSegmentGroupAssignments(rows.map((r) => r.id))
      deleted.push(...rows.map((r) => ({ segment_id: r.segment_id, customer_group_id: r.customer_group_id, customer_id: r.customer_id })))
    }
    let created: string[] = []
    if (input.assign.length) {
      const rows = await service.createSegmentGroupAssignments(
        input.assign.map((customer_id) => ({ segment_id: input.segment_id, customer_group_id: input.group_id!, customer_id }))
      )
      created = rows.map((r: any) => r.id)
    }
    return new StepResponse({ assigned: created.length, unassigned: deleted.length }, { created, deleted })
  },
  async (undo, { container }) => {
    if (!undo || (!undo.created.length && !undo.deleted.length)) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    if (undo.created.length) await service.deleteSegmentGroupAssignments(undo.created)
    if (undo.deleted.length) await service.createSegmentGroupAssignments(undo.deleted)
  }
)
