import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

const HEARTBEAT_MS = 5_000

export const refreshSegmentsStepId = "refresh-customer-segments"

export type RefreshSegmentsStepInput = {
  segment_ids: string[]
  now: Date
  defaultCurrency: string
  reason: string
  run_id: string
  /** one failing segment fails the step (HTTP refresh); otherwise failures are recorded and the rest go on */
  fail_fast?: boolean
  /** `run_id` names a row of customer_segment_refresh_run to keep up to date */
  tracked_run?: boolean
}

export type SegmentRefreshResult = {
  segment_id: string
  added: number
  removed: number
  size: number
  manual: number
  /** a single refresh's own time; in a shared pass, the pass's time divided by its segments (a fair share) */
  duration_ms: number
  error?: string
}

type Service = CustomerSegmentModuleService
type Locking = { execute<T>(keys: string | string[], job: () => Promise<T>, args?: { timeout?: number; expire?: number }): Promise<T> }

// expire: a process killed while holding the lock frees it after 20 s (renewed every ~7 s while alive)
const LOCK_ARGS = { timeout: 120, expire: 20 }
const lockKey = (segmentId: string) => `customer_segment:refresh:${segmentId}`

/**
 * Many segments at once in one shared pass (refreshSegmentsShared) under all
 * their locks. null when the pass failed (rolled back whole): the caller then
 * refreshes them singly, so a broken segment records its own error and the
 * others still refresh.
 */
async function refreshShared(service: Service, locking: Locking, logger: Logger, input: RefreshSegmentsStepInput): Promise<SegmentRefreshResult[] | null> {
  const ids = [...new Set(input.segment_ids)].sort()
  const started = Date.now()
  let changes: Awaited<ReturnType<Service["refreshSegmentsShared"]>>
  try {
    changes = await locking.execute(
      ids.map(lockKey),
      () =>
        service.refreshSegmentsShared(ids, {
          now: new Date(input.now),
          defaultCurrency: input.defaultCurrency,
          runId: input.run_id,
          reason: input.reason,
        }),
      LOCK_ARGS
    )
  } catch (e: any) {
    logger.warn(`[segments] shared refresh of ${ids.length} segments failed, refreshing them one by one: ${e?.message ?? e}`)
    return null
  }
  const duration_ms = Math.round((Date.now() - started) / ids.length)
  await service.updateSegments(ids.map((id) => ({ id, last_refresh_ms: duration_ms })))
  return input.segment_ids.map((id) => ({ segment_id: id, ...changes.get(id)!, duration_ms }))
}

/**
 * Several segments without fail_fast (the scheduled pass): one shared pass over
 * the activity data for all of them, falling back to one refresh per segment
 * when it fails. Otherwise (or then) refreshes each segment in its own transaction, one at a time per segment
 * across processes (Medusa's locking module here, a PostgreSQL advisory lock
 * inside the transaction). A failure is recorded on the segment (last_error).
 * Nothing to compensate: each refresh is atomic and re-running it converges.
 */
export const refreshSegmentsStep = createStep(
  refreshSegmentsStepId,
  async (input: RefreshSegmentsStepInput, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const locking = container.resolve(Modules.LOCKING)
    const results: SegmentRefreshResult[] = []
    if (input.tracked_run) {
      // queued → running; a run already abandoned (its heartbeat went stale) is not run late
      if (!(await service.startRefreshRun(input.run_id))) {
        throw new Error(`refresh run ${input.run_id} is no longer queued (abandoned or already run)`)
      }
    }
    // the heartbeat tells other processes this run is alive (a killed worker stops it)
    const heartbeat = input.tracked_run
      ? setInterval(() => service.heartbeatRefreshRun(input.run_id).catch(() => undefined), HEARTBEAT_MS)
      : null
    try {
      const shared = input.segment_ids.length > 1 && !input.fail_fast && !input.tracked_run ? await refreshShared(service, locking, container.resolve(ContainerRegistrationKeys.LOGGER), input) : null
      if (shared) return new StepResponse(shared)
      for (const segmentId of input.segment_ids) {
        const started = Date.now()
        try {
          const change = await locking.execute(
            lockKey(segmentId),
            () =>
              service.refreshSegmentMembers(segmentId, {
                now: new Date(input.now),
                defaultCurrency: input.defaultCurrency,
                runId: input.run_id,
                reason: input.reason,
              }),
            LOCK_ARGS
          )
          const duration_ms = Date.now() - started
          await service.updateSegments({ id: segmentId, last_refresh_ms: duration_ms })
          results.push({ segment_id: segmentId, added: change.added, removed: change.removed, size: change.size, manual: change.manual, duration_ms })
          if (input.tracked_run) await service.finishRefreshRun(input.run_id, { added: change.added, removed: change.removed, size: change.size })
        } catch (e: any) {
          await service
            .updateSegments({ id: segmentId, last_error: String(e?.message ?? e).slice(0, 2000), last_error_at: new Date() })
            .catch(() => undefined)
          if (input.tracked_run) await service.finishRefreshRun(input.run_id, { error: String(e?.message ?? e) }).catch(() => undefined)
          if (input.fail_fast) throw e
          results.push({ segment_id: segmentId, added: 0, removed: 0, size: 0, manual: 0, duration_ms: Date.now() - started, error: String(e?.message ?? e) })
        }
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat)
    }
    return new StepResponse(results)
  }
)
