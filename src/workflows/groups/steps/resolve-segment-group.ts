import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { segmentGroupOf } from "../utils/segment-group-of"

export const resolveSegmentGroupStepId = "resolve-customer-segment-group"

/** The customer group a segment (deleted ones included) targets, or null. Reads only. */
export const resolveSegmentGroupStep = createStep(
  resolveSegmentGroupStepId,
  async (input: { segment_id: string }, { container }) => {
    return new StepResponse({ group_id: await segmentGroupOf(container, input.segment_id) })
  }
)
