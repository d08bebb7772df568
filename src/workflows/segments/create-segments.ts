import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateSegmentsStep, SegmentInput } from "./steps/validate-segments"
import { createSegmentsStep } from "./steps/create-segments"
import { refreshSegmentsWorkflow } from "./refresh-segments"

export const createSegmentsWorkflowId = "create-customer-segments"

/** Creates segments and fills each rules segment at once, so the merchant sees its members. */
export const createSegmentsWorkflow = createWorkflow(createSegmentsWorkflowId, (input: { segments: SegmentInput[] }) => {
  const valid = validateSegmentsStep(transform({ input }, ({ input }) => ({ segments: input.segments, creating: true })))
  const segments = createSegmentsStep(valid)
  refreshSegmentsWorkflow.runAsStep({
    input: transform({ segments }, ({ segments }) => ({
      segment_ids: segments.map((s: any) => s.id),
      reason: "created",
    })),
  })
  return new WorkflowResponse(segments)
})
