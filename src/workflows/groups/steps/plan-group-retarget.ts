import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const planGroupRetargetStepId = "plan-customer-segment-group-retarget"

export type GroupRetargetPlan = {
  segment_id: string
  previous_group_id: string | null
  /** customers the plugin put in the previous group for this segment: forget the claim */
  unassign: string[]
  /** of those, the ones no other segment holds or claims there: take them out of the previous group */
  remove: string[]
  /** current members, for the new group's sync */
  members: string[]
}

/**
 * When a segment's `customer_group_id` changes, its customers leave the
 * previous group the way they would on leaving the segment: only those the
 * plugin put there for this segment, and only when no other segment still
 * holds or claims them for that group. Reads only.
 */
export const planGroupRetargetStep = createStep(
  planGroupRetargetStepId,
  async (input: { segment_id: string; previous_group_id: string | null }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const plan: GroupRetargetPlan = { segment_id: input.segment_id, previous_group_id: input.previous_group_id, unassign: [], remove: [], members: [] }
    const members = await service.listSegmentMembers({ segment_id: input.segment_id } as any, { select: ["customer_id"], take: null })
    plan.members = members.map((m: any) => m.customer_id)
    if (!input.previous_group_id) return new StepResponse(plan)

    const mine = (await service.listSegmentGroupAssignments(
      { segment_id: input.segment_id, customer_group_id: input.previous_group_id },
      { select: ["customer_id"], take: null }
    )) as any[]
    plan.unassign = [...new Set(mine.map((a) => a.customer_id as string))]
    if (!plan.unassign.length) return new StepResponse(plan)
    const [others, holders] = await Promise.all([
      service.listSegmentGroupAssignments(
        { customer_group_id: input.previous_group_id, customer_id: plan.unassign },
        { select: ["segment_id", "customer_id"], take: null }
      ),
      service.listGroupHolders(input.previous_group_id, plan.unassign, input.segment_id),
    ])
    const claimedElsewhere = new Set((others as any[]).filter((a) => a.segment_id !== input.segment_id).map((a) => a.customer_id))
    const held = new Set(holders)
    plan.remove = plan.unassign.filter((id) => !claimedElsewhere.has(id) && !held.has(id))
    return new StepResponse(plan)
  }
)
