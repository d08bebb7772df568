import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveEvaluationClockStep } from "./steps/resolve-evaluation-clock"
import { refreshSegmentsStep } from "./steps/refresh-segments"
import { emitMembershipEventsStep } from "./steps/emit-membership-events"
import { newRunIdStep } from "./steps/new-run-id"

export type RefreshSegmentsWorkflowInput = {
  segment_ids: string[]
  /** fixes the clock relative dates are measured against (scheduled jobs, tests) */
  now?: Date | string
  reason?: string
  fail_fast?: boolean
  /** a refresh run recorded by claimRefreshRun (one segment): the step reports its status, heartbeat and outcome on it */
  run_id?: string
}

export const refreshSegmentsWorkflowId = "refresh-customer-segments"

/** Re-evaluates segments over all customers, applies the differences and tells the world. */
export const refreshSegmentsWorkflow = createWorkflow(refreshSegmentsWorkflowId, (input: RefreshSegmentsWorkflowInput) => {
  const clock = resolveEvaluationClockStep(transform({ input }, ({ input }) => ({ now: input.now })))
  // a run recorded by the HTTP route keeps its id, so its log rows and its run row agree
  const generatedRunId = newRunIdStep()
  const runId = transform({ input, generatedRunId }, ({ input, generatedRunId }) => input.run_id ?? generatedRunId)
  const results = refreshSegmentsStep(
    transform({ input, clock, runId }, ({ input, clock, runId }) => ({
      segment_ids: input.segment_ids,
      now: clock.now,
      defaultCurrency: clock.defaultCurrency,
      reason: input.reason ?? "refresh",
      run_id: runId,
      fail_fast: input.fail_fast,
      tracked_run: Boolean(input.run_id),
    }))
  )
  emitMembershipEventsStep(transform({ results, runId }, ({ results, runId }) => ({ run_id: runId, refreshed: results })))
  return new WorkflowResponse({ results, run_id: runId })
})
