import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { detectGroupChangesStep } from "./steps/detect-group-changes"
import { freezeManualSegmentsStep } from "./steps/freeze-manual-segments"
import { SegmentEvents } from "./steps/emit-membership-events"
import { validateSegmentsStep, SegmentInput } from "./steps/validate-segments"
import { updateSegmentsStep } from "./steps/update-segments"
import { refreshSegmentsWorkflow } from "./refresh-segments"

export const updateSegmentsWorkflowId = "update-customer-segments"

// Changing any of these changes who belongs: refresh right away.
const MEMBERSHIP_FIELDS = ["conditions", "audience", "membership"] as const

export const updateSegmentsWorkflow = createWorkflow(updateSegmentsWorkflowId, (input: { segments: SegmentInput[] }) => {
  const valid = validateSegmentsStep(transform({ input }, ({ input }) => ({ segments: input.segments, creating: false })))
  const groupChanges = detectGroupChangesStep(valid)
  const segments = updateSegmentsStep(valid)
  freezeManualSegmentsStep(
    transform({ input }, ({ input }) => input.segments.filter((s) => s.membership === "manual").map((s) => s.id!))
  )
  const toRefresh = transform({ input }, ({ input }) =>
    input.segments.filter((s) => MEMBERSHIP_FIELDS.some((f) => (s as any)[f] !== undefined)).map((s) => s.id!)
  )
  when({ toRefresh }, ({ toRefresh }) => toRefresh.length > 0).then(() => {
    refreshSegmentsWorkflow.runAsStep({ input: { segment_ids: toRefresh, reason: "updated" } })
  })
  // Members move from the previous group to the new one (subscriber segment-group-retarget).
  when({ groupChanges }, ({ groupChanges }) => groupChanges.length > 0).then(() => {
    emitEventStep({ eventName: SegmentEvents.GROUP_CHANGED, data: groupChanges })
  })
  return new WorkflowResponse(segments)
})
