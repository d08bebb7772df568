import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateSegmentsStep, SegmentInput } from "./steps/validate-segments"
import { updateSegmentsStep } from "./steps/update-segments"
import { refreshSegmentsWorkflow } from "./refresh-segments"

export const updateSegmentsWorkflowId = "update-customer-segments"

// Changing any of these changes who belongs: refresh right away.
const MEMBERSHIP_FIELDS = ["conditions", "audience", "membership"] as const

export const updateSegmentsWorkflow = createWorkflow(updateSegmentsWorkflowId, (input: { segments: SegmentInput[] }) => {
  const valid = validateSegmentsStep(transform({ input }, ({ input }) => ({ segments: input.segments, creating: false })))
  const segments = updateSegmentsStep(valid)
  const toRefresh = transform({ input }, ({ input }) =>
    input.segments.filter((s) => MEMBERSHIP_FIELDS.some((f) => (s as any)[f] !== undefined)).map((s) => s.id!)
  )
  when({ toRefresh }, ({ toRefresh }) => toRefresh.length > 0).then(() => {
    refreshSegmentsWorkflow.runAsStep({ input: { segment_ids: toRefresh, reason: "updated" } })
  })
  return new WorkflowResponse(segments)
})
