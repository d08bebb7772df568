import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const editSegmentMembersStepId = "edit-customer-segment-members"

export type EditSegmentMembersInput = {
  segment_id: string
  add?: string[]
  remove?: string[]
  mark_manual?: string[]
  mark_auto?: string[]
  run_id: string
}

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * Checks the edit whole before changing anything (unknown customers, the
 * same customer in two lists, auto members in a manual segment), then
 * applies it in one transaction.
 */
export const editSegmentMembersStep = createStep(
  editSegmentMembersStepId,
  async (input: EditSegmentMembersInput, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [segment] = await service.listSegments({ id: input.segment_id })
    if (!segment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${input.segment_id} was not found`)

    const lists = { add: input.add ?? [], remove: input.remove ?? [], mark_manual: input.mark_manual ?? [], mark_auto: input.mark_auto ?? [] }
    const seen = new Map<string, string>()
    for (const [name, ids] of Object.entries(lists)) {
      for (const id of ids) {
        const other = seen.get(id)
        if (other && other !== name) throw invalid(`${name}: customer ${id} is also in ${other}`)
        seen.set(id, name)
      }
    }
    if (segment.membership === "manual" && lists.mark_auto.length) {
      throw invalid("mark_auto: a manual segment has only manual members")
    }
    if (lists.add.length) {
      const { data: customers } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: lists.add } })
      const known = new Set(customers.map((c: any) => c.id))
      const unknown = lists.add.filter((id) => !known.has(id))
      if (unknown.length) throw invalid(`add: customer ${unknown.slice(0, 10).join(", ")} does not exist`)
    }
    const result = await service.editSegmentMembers(
      input.segment_id,
      lists,
      { runId: input.run_id, now: new Date() }
    )
    return new StepResponse(result)
  }
)
