import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { setTimeout as sleep } from "node:timers/promises"

export const acquireCustomerLocksStepId = "acquire-customer-segment-customer-locks"

export type CustomerLocksInput = {
  keys: string[]
  owner_id: string
  /** seconds to wait for the locks */
  timeout?: number
  /** seconds after which a lock left behind by a crashed run expires */
  ttl?: number
}

/**
 * Takes the locking module's locks on `keys` for `owner_id`, retrying every
 * 25 ms until `timeout`. Keys already taken by this owner are kept on retry,
 * so a run holding some keys never blocks itself. The compensation releases them.
 */
export const acquireCustomerLocksStep = createStep(
  acquireCustomerLocksStepId,
  async (input: CustomerLocksInput, { container }) => {
    const keys = [...new Set(input.keys)].sort()
    if (!keys.length) return new StepResponse(0, null)
    const locking = container.resolve(Modules.LOCKING)
    const until = Date.now() + (input.timeout ?? 60) * 1000
    for (;;) {
      try {
        await locking.acquire(keys, { ownerId: input.owner_id, expire: input.ttl ?? 120 })
        break
      } catch (e) {
        if (Date.now() >= until) {
          await locking.release(keys, { ownerId: input.owner_id }).catch(() => undefined)
          throw e
        }
        await sleep(25)
      }
    }
    return new StepResponse(keys.length, { keys, owner_id: input.owner_id })
  },
  async (held, { container }) => {
    if (!held) return
    await container.resolve(Modules.LOCKING).release(held.keys, { ownerId: held.owner_id })
  }
)
