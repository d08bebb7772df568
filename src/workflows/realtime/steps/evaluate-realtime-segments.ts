import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateEntityId } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const evaluateRealtimeSegmentsStepId = "evaluate-customer-realtime-segments"

export type EvaluateRealtimeSegmentsInput = {
  customer_ids: string[]
  now: Date | string
  defaultCurrency: string
  run_id: string
  reason: string
}

type Change = Array<{ customer_id: string; segment_id: string }>

/**
 * Evaluates every active realtime segment for the customers in memory and
 * applies the difference (one transaction, under the segments' locks). The
 * compensation applies the inverse: customers who joined leave again and
 * those who left come back (as automatic members).
 */
export const evaluateRealtimeSegmentsStep = createStep(
  evaluateRealtimeSegmentsStepId,
  async (input: EvaluateRealtimeSegmentsInput, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    if (!input.customer_ids.length) {
      return new StepResponse({ segments: 0, customers: 0, joined: [] as Change, left: [] as Change }, { joined: [] as Change, left: [] as Change })
    }
    const result = await service.evaluateRealtimeSegments(input.customer_ids, {
      now: new Date(input.now),
      defaultCurrency: input.defaultCurrency,
      runId: input.run_id,
      reason: input.reason,
    })
    return new StepResponse(result, { joined: result.joined, left: result.left })
  },
  async (applied, { container }) => {
    if (!applied || (!applied.joined.length && !applied.left.length)) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const runId = generateEntityId(undefined, "csegrun")
    const customers = new Set([...applied.joined, ...applied.left].map((c) => c.customer_id))
    for (const customerId of customers) {
      const joined = applied.joined.filter((c) => c.customer_id === customerId).map((c) => c.segment_id)
      const left = applied.left.filter((c) => c.customer_id === customerId).map((c) => c.segment_id)
      await service.applyCustomerEvaluation(customerId, [...joined, ...left], left, {
        runId,
        reason: "realtime rollback",
        now: new Date(),
      })
    }
  }
)
