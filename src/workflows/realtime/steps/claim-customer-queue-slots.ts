import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ResolvedEventCustomers } from "./resolve-event-customers"

export const claimCustomerQueueSlotsStepId = "claim-customer-segment-queue-slots"

/** The one place a run waits for a customer's lock: at most one waiter per customer. */
export const customerQueueKey = (customerId: string) => `customer_segment:customer-queue:${customerId}`

/**
 * Seconds a slot lasts if its waiter never gives it back (its process died):
 * events skipped meanwhile are lost, so keep it short. A waiter still waiting
 * when it expires only lets a second waiter queue up.
 */
const SLOT_TTL_SECONDS = 15

/**
 * Coalesces real-time runs of one customer. A run that finds another run
 * already waiting for the customer's lock leaves that customer to it: the
 * waiter reads the customer's data only after it gets the lock, so after this
 * event's data was written. Without it, a burst of events for one customer
 * queued up behind the lock until waits ran out (260 of 1,000 order events
 * in a burst once gave up after 60 s, each a possibly lost update). The waiter gives its slot
 * back as soon as it holds the lock (releaseCustomerLocksStep); the
 * compensation gives it back if the run fails before.
 */
export const claimCustomerQueueSlotsStep = createStep(
  claimCustomerQueueSlotsStepId,
  async (input: { customers: ResolvedEventCustomers; owner_id: string }, { container }) => {
    const locking = container.resolve(Modules.LOCKING)
    const mine: string[] = []
    for (const id of input.customers.customer_ids) {
      try {
        await locking.acquire(customerQueueKey(id), { ownerId: input.owner_id, expire: SLOT_TTL_SECONDS })
        mine.push(id)
      } catch {
        // another run waits for this customer and will see this event's data
      }
    }
    const keep = new Set(mine)
    const customers: ResolvedEventCustomers = {
      ...input.customers,
      customer_ids: mine,
      existing: input.customers.existing.filter((id) => keep.has(id)),
      gone: input.customers.gone.filter((id) => keep.has(id)),
    }
    const keys = mine.map(customerQueueKey)
    return new StepResponse({ customers, keys }, { keys, owner_id: input.owner_id })
  },
  async (held, { container }) => {
    if (!held?.keys.length) return
    await container.resolve(Modules.LOCKING).release(held.keys, { ownerId: held.owner_id })
  }
)
