import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const planSegmentGroupSyncStepId = "plan-customer-segment-group-sync"

export type SegmentGroupSyncPlan = {
  segment_id: string
  /** null: the segment targets no group (or the group is gone): nothing to do */
  group_id: string | null
  /** customers to add to the group / remove from it */
  add: string[]
  remove: string[]
  /** (segment, group, customer) assignments to record / forget */
  assign: string[]
  unassign: string[]
}

/**
 * Decides, from the current state rather than the event (so a late or
 * replayed event cannot undo a newer change), who enters or leaves the
 * segment's customer group:
 * - a member not in the group is added, and the plugin remembers it added them;
 * - a member already in the group because another segment put them there is
 *   co-owned by this segment too; one the merchant added by hand is left alone;
 * - a non-member the plugin added for this segment is removed when the
 *   segment has `leave_group_on_exit`, unless another segment still holds them
 *   or still claims them for this group;
 * - a deleted customer only loses its assignments.
 * Reads only.
 */
export const planSegmentGroupSyncStep = createStep(
  planSegmentGroupSyncStepId,
  async (input: { segment_id: string; customer_ids: string[] }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const ids = [...new Set(input.customer_ids ?? [])].filter(Boolean)
    const plan: SegmentGroupSyncPlan = { segment_id: input.segment_id, group_id: null, add: [], remove: [], assign: [], unassign: [] }

    const [segment] = (await service.listSegments(
      { id: input.segment_id },
      { select: ["id", "customer_group_id", "leave_group_on_exit", "deleted_at"], withDeleted: true, take: 1 }
    )) as any[]
    const groupId: string | null = segment?.customer_group_id ?? null
    if (!groupId || !ids.length) return new StepResponse(plan)
    const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { id: groupId } })
    if (!groups.length) return new StepResponse(plan)
    plan.group_id = groupId

    const [{ data: customers }, members, assignments, holders] = await Promise.all([
      query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: ids } }),
      segment.deleted_at ? Promise.resolve([] as string[]) : service.listMembersAmong(input.segment_id, ids),
      service.listSegmentGroupAssignments({ customer_group_id: groupId, customer_id: ids }, { select: ["id", "segment_id", "customer_id"] }),
      service.listGroupHolders(groupId, ids, input.segment_id),
    ])
    const existing = new Map(customers.map((c: any) => [c.id, (c.groups ?? []).some((g: any) => g?.id === groupId)]))
    const isMember = new Set(members)
    const heldElsewhere = new Set(holders)
    const claims = new Map<string, Set<string>>() // customer -> segments that claim them for this group
    for (const a of assignments as any[]) {
      if (!claims.has(a.customer_id)) claims.set(a.customer_id, new Set())
      claims.get(a.customer_id)!.add(a.segment_id)
    }

    for (const id of ids) {
      const mine = claims.get(id)?.has(input.segment_id) ?? false
      const others = [...(claims.get(id) ?? [])].filter((s) => s !== input.segment_id).length
      if (!existing.has(id)) {
        if (mine) plan.unassign.push(id)
        continue
      }
      const inGroup = existing.get(id)!
      if (isMember.has(id)) {
        if (!inGroup) {
          plan.add.push(id)
          if (!mine) plan.assign.push(id)
        } else if (others > 0 && !mine) {
          plan.assign.push(id)
        }
        continue
      }
      if (!mine || !segment.leave_group_on_exit) continue
      plan.unassign.push(id)
      if (inGroup && others === 0 && !heldElsewhere.has(id)) plan.remove.push(id)
    }
    return new StepResponse(plan)
  }
)
