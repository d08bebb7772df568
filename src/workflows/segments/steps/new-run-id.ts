import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateEntityId } from "@medusajs/framework/utils"

export const newRunIdStepId = "new-customer-segment-run-id"

/** An id tagging every join/leave a workflow run logs, so later steps can page through them. */
export const newRunIdStep = createStep(newRunIdStepId, async () => {
  return new StepResponse(generateEntityId(undefined, "csegrun"))
})
