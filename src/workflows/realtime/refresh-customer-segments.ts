import { createWorkflow, parallelize, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recomputeCustomerActivityWorkflow } from "../activity/recompute-customer-activity"
import { newRunIdStep } from "../segments/steps/new-run-id"
import { resolveEvaluationClockStep } from "../segments/steps/resolve-evaluation-clock"
import { emitMembershipEventsStep } from "../segments/steps/emit-membership-events"
import { resolveEventCustomersStep, ResolveEventCustomersInput } from "./steps/resolve-event-customers"
import { evaluateRealtimeSegmentsStep } from "./steps/evaluate-realtime-segments"
import { removeDeletedCustomersStep } from "./steps/remove-deleted-customers"
import { acquireCustomerLocksStep } from "./steps/acquire-customer-locks"
import { releaseCustomerLocksStep } from "./steps/release-customer-locks"
import { claimCustomerQueueSlotsStep } from "./steps/claim-customer-queue-slots"

export type RefreshCustomerSegmentsWorkflowInput = ResolveEventCustomersInput & {
  /** why (the event name): written to the join/leave log */
  reason?: string
  /** fixes the clock relative dates are measured against (tests) */
  now?: Date | string
}

export const refreshCustomerSegmentsWorkflowId = "refresh-customer-realtime-segments"

/** A customer's real-time path is serialised: two events for one customer never interleave. */
export const customerLockKey = (customerId: string) => `customer_segment:customer:${customerId}`

/**
 * The real-time path for the customers an event touches: recompute their
 * activity data from Medusa, re-evaluate every `realtime` segment for them in
 * memory, apply the difference, and emit members_added / members_removed
 * (which move them into or out of customer groups). Customers deleted in
 * Medusa leave every segment. Replaying an event changes nothing: the data is
 * recomputed, never incremented, and membership is set, not toggled.
 */
export const refreshCustomerSegmentsWorkflow = createWorkflow(
  refreshCustomerSegmentsWorkflowId,
  (input: RefreshCustomerSegmentsWorkflowInput) => {
    const touched = resolveEventCustomersStep(input)
    const runId = newRunIdStep()
    // customers another run already waits for are left to it (it reads their data after this event's)
    const queue = claimCustomerQueueSlotsStep(transform({ touched, runId }, ({ touched, runId }) => ({ customers: touched, owner_id: runId })))
    const customers = transform({ queue }, ({ queue }) => queue.customers)
    const lock = transform({ customers, runId }, ({ customers, runId }) => ({
      keys: customers.customer_ids.map(customerLockKey),
      owner_id: runId,
    }))
    acquireCustomerLocksStep(transform({ lock }, ({ lock }) => ({ ...lock, timeout: 60, ttl: 120 })))
    // holding the lock: the next event for these customers may queue behind this run
    releaseCustomerLocksStep(transform({ queue, runId }, ({ queue, runId }) => ({ keys: queue.keys, owner_id: runId }))).config({
      name: "release-customer-segment-queue-slots",
    })
    // the store's currency is read while the activity data is recomputed
    const [, clock] = parallelize(
      recomputeCustomerActivityWorkflow.runAsStep({
        input: transform({ customers }, ({ customers }) => ({ customer_ids: customers.customer_ids })),
      }),
      resolveEvaluationClockStep(transform({ input }, ({ input }) => ({ now: input.now })))
    )
    const result = evaluateRealtimeSegmentsStep(
      transform({ customers, clock, runId, input }, ({ customers, clock, runId, input }) => ({
        customer_ids: customers.existing,
        now: clock.now,
        defaultCurrency: clock.defaultCurrency,
        run_id: runId,
        reason: input.reason ?? "realtime",
      }))
    )
    const removed = removeDeletedCustomersStep(
      transform({ customers, clock, runId }, ({ customers, clock, runId }) => ({
        customer_ids: customers.gone,
        run_id: runId,
        now: clock.now,
      }))
    )
    releaseCustomerLocksStep(lock)
    emitMembershipEventsStep(transform({ runId }, ({ runId }) => ({ run_id: runId })))
    return new WorkflowResponse({ run_id: runId, customers: touched, result, removed })
  }
)
