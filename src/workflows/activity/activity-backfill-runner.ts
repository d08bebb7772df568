import { randomUUID } from "node:crypto"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../modules/customer-segment/service"
import {
  ActivityBuildLiveStats,
  ActivityBuildProgress,
  ActivityBuildRow,
  describeActivityBuild,
} from "../../modules/customer-segment/lib/activity-build"
import { recomputeCustomerActivityWorkflow } from "./recompute-customer-activity"
import { refreshSegmentsWorkflow } from "../segments/refresh-segments"
import { resolveDefaultCurrency } from "../segments/steps/resolve-evaluation-clock"

/**
 * The one place that runs the activity-data backfill: keyset pages of
 * customers (by id, cursor stored in the build row) through
 * `recomputeCustomerActivityWorkflow`, with progress, heartbeat, resume and
 * take-over. The scheduled job and the admin routes only call these functions.
 *
 * One runner at a time: Medusa's locking module (per process with the
 * in-memory provider, across processes with Redis) plus a compare-and-set on
 * the stored heartbeat (a runner that lost the build stops at its next write).
 */

export const ACTIVITY_BUILD_LOCK_KEY = "customer_segment:activity_build"

export type ActivityBackfillOptions = {
  /** customers per recompute workflow run. Default 500. */
  batch_size?: number
  /**
   * batches recomputed at once. Default 2: while one batch waits on the
   * database, the next one's Medusa data is read. The stored cursor only
   * moves past a batch once every batch before it is done.
   */
  concurrency?: number
  /** a running build whose heartbeat is older than this is taken over. Default 2 minutes. */
  stale_after_ms?: number
  /** a failed build is resumed by `resume` after this long; `null`: only a rebuild restarts it. Default 15 minutes. */
  retry_failed_after_ms?: number | null
  /** stop after this many batches, leaving the build `running` (tests simulate a crash with it). */
  max_batches?: number
  /** how long to wait for the lock held by a runner that is about to stop. Default 0 for resume, 60 s for rebuild. */
  wait_for_lock_ms?: number
}

export type ActivityBackfillResult = {
  /** whether this call ran batches (false: nothing to do, or another runner owns the build) */
  ran: boolean
  batches: number
  progress: ActivityBuildProgress
}

const DEFAULTS = {
  batch_size: 500,
  concurrency: 2,
  stale_after_ms: 2 * 60_000,
  retry_failed_after_ms: 15 * 60_000 as number | null,
}

type LiveRunner = ActivityBuildLiveStats & { owner: string }
/** The runner of this process, if any: exact rates for the status route. */
let live: LiveRunner | null = null

/** A heartbeat at millisecond precision, so that it compares equal once stored. */
const beat = () => new Date(Math.floor(Date.now()))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function segmentService(container: MedusaContainer): CustomerSegmentModuleService {
  return container.resolve(CUSTOMER_SEGMENT_MODULE)
}

async function countCustomers(container: MedusaContainer): Promise<number> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { metadata } = await query.graph({ entity: "customer", fields: ["id"], pagination: { skip: 0, take: 1 } })
  return metadata?.count ?? 0
}

async function acquireLock(container: MedusaContainer, owner: string, expireSeconds: number, waitMs: number) {
  const locking = container.resolve(Modules.LOCKING)
  const until = Date.now() + waitMs
  for (;;) {
    try {
      await locking.acquire(ACTIVITY_BUILD_LOCK_KEY, { ownerId: owner, expire: expireSeconds })
      return true
    } catch {
      if (Date.now() >= until) return false
      await sleep(250)
    }
  }
}

/** Progress as the admin sees it. */
export async function getActivityBackfillProgress(container: MedusaContainer): Promise<ActivityBuildProgress> {
  const build = await segmentService(container).getActivityBuild()
  return describeActivityBuild(build, new Date(), live)
}

/**
 * Resumes the build if it never ran, stopped beating (crash) or failed a while
 * ago, and runs it to the end. Returns at once when another runner owns it.
 */
export async function runActivityBackfill(
  container: MedusaContainer,
  options: ActivityBackfillOptions = {}
): Promise<ActivityBackfillResult> {
  return await run(container, options, null)
}

/**
 * Restarts the build from the first customer: resets the stored state now (a
 * runner that owned it stops at its next write) and runs it in the background.
 * Returns the reset state at once.
 */
export async function restartActivityBackfill(
  container: MedusaContainer,
  options: ActivityBackfillOptions = {}
): Promise<ActivityBuildProgress> {
  const service = segmentService(container)
  const heartbeat = beat()
  const { build } = await service.claimActivityBuild({
    mode: "restart",
    heartbeat,
    total: await countCustomers(container),
    stale_after_ms: options.stale_after_ms ?? DEFAULTS.stale_after_ms,
    retry_failed_after_ms: null,
  })
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as Logger
  void run(container, { wait_for_lock_ms: 60_000, ...options }, heartbeat).catch((e) =>
    logger.error(`customer segments: activity rebuild failed: ${e?.message ?? e}`)
  )
  return describeActivityBuild(build, new Date(), null)
}

async function run(
  container: MedusaContainer,
  options: ActivityBackfillOptions,
  adoptHeartbeat: Date | null
): Promise<ActivityBackfillResult> {
  const service = segmentService(container)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as Logger
  const locking = container.resolve(Modules.LOCKING)
  const batchSize = Math.max(1, options.batch_size ?? DEFAULTS.batch_size)
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency)
  const staleMs = options.stale_after_ms ?? DEFAULTS.stale_after_ms
  const owner = `activity-build:${randomUUID()}`
  const lockSeconds = Math.max(1, Math.ceil(Math.max(staleMs, 30_000) / 1000))
  const outcome = async (ran: boolean, batches: number): Promise<ActivityBackfillResult> => ({
    ran,
    batches,
    progress: await getActivityBackfillProgress(container),
  })

  if (!(await acquireLock(container, owner, lockSeconds, options.wait_for_lock_ms ?? 0))) {
    return await outcome(false, 0)
  }

  let expected = new Date(0)
  let owned = false
  let build: ActivityBuildRow | null
  let timer: NodeJS.Timeout | undefined
  let batches = 0
  // writes to the build row go one after the other (heartbeat timer and batches)
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn)
    chain = next.catch(() => undefined)
    return next
  }
  let lost = false
  const advance = (cursor?: string, processed = 0) =>
    serial(async () => {
      if (lost) return null
      const heartbeat = beat()
      if (heartbeat.getTime() <= expected.getTime()) heartbeat.setTime(expected.getTime() + 1)
      const row = await service.advanceActivityBuild({ expect_heartbeat: expected, heartbeat, cursor, processed })
      if (row) expected = heartbeat
      else lost = true
      return row
    })

  const inflight: Array<{ last: string; count: number; done: Promise<number> }> = []
  const lostBuild = async () => {
    logger.info("customer segments: activity build taken over or restarted elsewhere; this runner stops")
    return await outcome(true, batches + 1)
  }

  try {
    if (adoptHeartbeat) {
      // a rebuild reset the row: take it only if nobody claimed it since
      expected = adoptHeartbeat
      build = await advance()
      if (!build) return await outcome(false, 0)
      owned = true
    } else {
      const heartbeat = beat()
      const claim = await service.claimActivityBuild({
        mode: "resume",
        heartbeat,
        total: await countCustomers(container),
        stale_after_ms: staleMs,
        retry_failed_after_ms:
          options.retry_failed_after_ms === undefined ? DEFAULTS.retry_failed_after_ms : options.retry_failed_after_ms,
      })
      if (!claim.claimed) return await outcome(false, 0)
      expected = heartbeat
      owned = true
      build = claim.build
      logger.info(
        `customer segments: activity build ${build.cursor ? `resumed after ${build.cursor}` : "started"} (${build.done}/${build.total})`
      )
    }

    live = { owner, since: new Date(), customers: 0, orders: 0 }
    timer = setInterval(() => {
      void advance().catch(() => undefined)
      void locking.acquire(ACTIVITY_BUILD_LOCK_KEY, { ownerId: owner, expire: lockSeconds }).catch(() => undefined)
    }, Math.max(1000, Math.floor(staleMs / 4)))
    timer.unref?.()

    // Batches in flight, oldest first. Each is started as soon as its page
    // of ids is read; the cursor is stored in order, as each oldest one ends.
    const recompute = (customerIds: string[]): Promise<number> => {
      const done = recomputeCustomerActivityWorkflow(container)
        .run({ input: { customer_ids: customerIds } })
        .then(({ result }) => result.orders)
      done.catch(() => undefined) // awaited in order below; never an unhandled rejection meanwhile
      return done
    }
    /** Waits for the oldest batch and stores its end as the cursor; false when the build was lost. */
    const settleOldest = async (): Promise<boolean> => {
      const batch = inflight.shift()!
      live!.orders += await batch.done
      live!.customers += batch.count
      const row = await advance(batch.last, batch.count)
      if (!row) return false
      batches++
      return true
    }
    const drain = async (): Promise<boolean> => {
      try {
        while (inflight.length) if (!(await settleOldest())) return false
        return true
      } finally {
        await Promise.allSettled(inflight.map((b) => b.done))
      }
    }

    let cursor = build.cursor
    let started = 0
    for (;;) {
      if (options.max_batches !== undefined && started >= options.max_batches) {
        if (!(await drain())) return await lostBuild()
        return await outcome(true, batches)
      }

      const { data: page } = await query.graph({
        entity: "customer",
        fields: ["id"],
        filters: cursor ? { id: { $gt: cursor } } : {},
        pagination: { take: batchSize, order: { id: "ASC" } },
      })
      const ids = (page as { id: string }[]).map((c) => c.id)
      const last = ids[ids.length - 1]

      // activity rows in this key range whose customer is gone: the recompute removes them
      const range: Record<string, string> = {}
      if (cursor) range.$gt = cursor
      if (last) range.$lte = last
      const stale = await service.listCustomerActivities(Object.keys(range).length ? { id: range } : {}, {
        select: ["id"],
      })
      const seen = new Set(ids)
      const gone = stale.map((a: { id: string }) => a.id).filter((id: string) => !seen.has(id))

      if (!ids.length) {
        // the end: finish the batches in flight, then the customers gone after the last one
        if (!(await drain())) return await lostBuild()
        if (gone.length) await recompute(gone)
        break
      }
      inflight.push({ last, count: ids.length, done: recompute([...ids, ...gone]) })
      started++
      cursor = last
      if (inflight.length >= concurrency && !(await settleOldest())) {
        await drain().catch(() => undefined)
        return await lostBuild()
      }
    }

    const finished = await serial(async () => {
      if (lost) return null
      const heartbeat = beat()
      if (heartbeat.getTime() <= expected.getTime()) heartbeat.setTime(expected.getTime() + 1)
      const row = await service.finishActivityBuild({ expect_heartbeat: expected, heartbeat, status: "done" })
      if (row) expected = heartbeat
      return row
    })
    if (finished) {
      logger.info(`customer segments: activity build done (${finished.done} customers)`)
      // RFM quintiles over the new data, before segments that use them refresh
      await service
        .computeRfmScores({ currency: await resolveDefaultCurrency(container), now: new Date() })
        .catch((e) => logger.warn(`customer segments: RFM scores after the activity build failed: ${e?.message ?? e}`))
      // Segments made before the data was there (a fresh install, the demo seed) were
      // evaluated over nothing: bring every active rules segment up to date now.
      const segments = await service.listSegments({ membership: "rules", is_active: true }, { select: ["id"], take: null })
      if (segments.length) {
        await refreshSegmentsWorkflow(container)
          .run({ input: { segment_ids: segments.map((s: any) => s.id), reason: "activity build" } })
          .catch((e) => logger.warn(`customer segments: refresh after the activity build failed: ${e?.message ?? e}`))
      }
    }
    return await outcome(true, batches)
  } catch (error: any) {
    logger.error(`customer segments: activity build failed: ${error?.message ?? error}`)
    await serial(async () => {
      if (lost || !owned) return
      await service
        .finishActivityBuild({ expect_heartbeat: expected, heartbeat: beat(), status: "failed", error: String(error?.message ?? error) })
        .catch(() => undefined)
    })
    return await outcome(true, batches)
  } finally {
    await Promise.allSettled(inflight.map((b) => b.done))
    if (timer) clearInterval(timer)
    await chain.catch(() => undefined)
    if (live?.owner === owner) live = null
    await locking.release(ACTIVITY_BUILD_LOCK_KEY, { ownerId: owner }).catch(() => undefined)
  }
}
