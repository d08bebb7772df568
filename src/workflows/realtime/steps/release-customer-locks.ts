import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const releaseCustomerLocksStepId = "release-customer-segment-customer-locks"

/** Releases what acquireCustomerLocksStep took. Nothing to compensate. */
export const releaseCustomerLocksStep = createStep(
  releaseCustomerLocksStepId,
  async (input: { keys: string[]; owner_id: string }, { container }) => {
    if (!input.keys.length) return new StepResponse(true)
    return new StepResponse(await container.resolve(Modules.LOCKING).release(input.keys, { ownerId: input.owner_id }))
  }
)
