import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const findSegmentGroupDriftStepId = "find-customer-segment-group-drift"

/** Customers looked at per reconcile run: the next refresh takes the rest. */
const LIMIT = 5000

/**
 * Customers whose place in the segment's customer group disagrees with their
 * membership: members not in the group, and customers the plugin put there
 * for this segment who are no longer members (if it has
 * `leave_group_on_exit`). A group move that failed (its
 * compensation put the group back) leaves them behind, and nothing re-sends
 * its event: the segment's next refresh finds them here. Reads only; the sync
 * workflow decides what to do with each (hand-added customers stay).
 */
export const findSegmentGroupDriftStep = createStep(
  findSegmentGroupDriftStepId,
  async (input: { segment_id: string; group_id: string | null }, { container }) => {
    if (!input.group_id) return new StepResponse([] as string[])
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    // a deleted group: every member would look adrift, and there is nothing to move them into
    const group = await knex("customer_group").where({ id: input.group_id }).whereNull("deleted_at").first("id")
    if (!group) return new StepResponse([] as string[])
    const { rows } = await knex.raw(
      `(SELECT m.customer_id FROM customer_segment_member m
         WHERE m.segment_id = ? AND m.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM customer_group_customer g
                            WHERE g.customer_group_id = ? AND g.customer_id = m.customer_id AND g.deleted_at IS NULL)
         LIMIT ?)
       UNION
       (SELECT a.customer_id FROM customer_segment_group_assignment a
         WHERE a.segment_id = ? AND a.customer_group_id = ? AND a.deleted_at IS NULL
           -- without leave_group_on_exit, leavers stay in the group: no drift
           AND EXISTS (SELECT 1 FROM customer_segment s WHERE s.id = a.segment_id AND s.leave_group_on_exit)
           AND NOT EXISTS (SELECT 1 FROM customer_segment_member m
                            WHERE m.segment_id = a.segment_id AND m.customer_id = a.customer_id AND m.deleted_at IS NULL)
         LIMIT ?)`,
      [input.segment_id, input.group_id, LIMIT, input.segment_id, input.group_id, LIMIT]
    )
    return new StepResponse((rows as { customer_id: string }[]).map((r) => r.customer_id))
  }
)
