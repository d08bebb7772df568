import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCustomerGroupsWorkflow } from "@medusajs/medusa/core-flows"
import { syncSegmentGroupWorkflow } from "../groups/sync-segment-group"
import { createSegmentPriceRulesStep } from "./steps/create-segment-price-rules"
import { planSegmentPriceGroupStep } from "./steps/plan-segment-price-group"
import { recordSegmentPriceListStep } from "./steps/record-segment-price-list"
import { setSegmentGroupStep } from "./steps/set-segment-group"
import { SegmentPriceRuleData, validateSegmentPriceRuleStep } from "./steps/validate-segment-price-rule"
import { syncSegmentPricesWorkflow } from "./sync-segment-prices"

export type CreateSegmentPriceRuleWorkflowInput = { segment_id: string; data: SegmentPriceRuleData & { percentage: number } }

export const createSegmentPriceRuleWorkflowId = "create-customer-segment-price-rule"

/**
 * Adds a price rule to a segment and computes its prices. A segment that feeds
 * no customer group gets one (its members moved in first), since Medusa's
 * price lists reach customers through groups.
 */
export const createSegmentPriceRuleWorkflow = createWorkflow(createSegmentPriceRuleWorkflowId, (input: CreateSegmentPriceRuleWorkflowInput) => {
  validateSegmentPriceRuleStep(input)
  const group = planSegmentPriceGroupStep(transform({ input }, ({ input }) => ({ segment_id: input.segment_id })))
  when("create-segment-price-group", { group }, ({ group }) => group.create).then(() => {
    const groups = createCustomerGroupsWorkflow.runAsStep({
      input: transform({ group }, ({ group }) => ({
        customersData: [{ name: group.name, metadata: { customer_segment_id: group.segment_id, created_by: "customer-segments" } }],
      })),
    })
    const groupId = transform({ groups }, ({ groups }) => (groups as any)[0].id as string)
    setSegmentGroupStep(transform({ group, groupId }, ({ group, groupId }) => ({ segment_id: group.segment_id, group_id: groupId })))
    recordSegmentPriceListStep(
      transform({ group, groupId }, ({ group, groupId }) => ({ segment_id: group.segment_id, set: { customer_group_id: groupId, group_created: true } }))
    )
    syncSegmentGroupWorkflow.runAsStep({
      input: transform({ group }, ({ group }) => ({ segment_id: group.segment_id, customer_ids: group.member_ids })),
    })
  })
  const rules = createSegmentPriceRulesStep(transform({ input }, ({ input }) => [{ segment_id: input.segment_id, ...input.data }]))
  syncSegmentPricesWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ segment_id: input.segment_id })) })
  return new WorkflowResponse(transform({ rules }, ({ rules }) => rules[0]))
})
