import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { isRefreshDue, RefreshMode } from "../modules/customer-segment/lib/schedule"
import { refreshSegmentsWorkflow } from "../workflows/segments/refresh-segments"
import type { SegmentRefreshResult } from "../workflows/segments/steps/refresh-segments"
import { runRfmPass } from "./compute-rfm-scores"

const PAGE = 200
/**
 * Segments per workflow run: a run refreshes its segments in one shared pass
 * over the activity data, so a store's 50 nightly segments cost one pass (bench
 * "nightly", 100,000 customers: 42-74% of 50 single refreshes in one pass,
 * 60-103% in runs of 20). The pass's pairs of segment and customer fill one
 * temporary table: the batch bounds its size (about 12 rows a customer here).
 */
export const SCHEDULED_BATCH = 50
const SCHEDULED: RefreshMode[] = ["daily", "weekly", "monthly", "realtime"]

export type ScheduledRefreshResult = { due: string[]; results: SegmentRefreshResult[] }

/**
 * Refreshes every active rules segment whose scheduled slot (`daily` at the
 * configured hour, `weekly` on Sunday, `monthly` on day 1, `realtime` daily
 * too) has passed since its last successful refresh, measured at `now` in the
 * configured time zone. A segment whose refresh failed keeps its old
 * `last_refreshed_at`, so the next run retries it; the failure stays visible in
 * `last_error` / `last_error_at` until a refresh succeeds.
 */
export async function runScheduledRefresh(container: MedusaContainer, now: Date = new Date()): Promise<ScheduledRefreshResult> {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const { refresh_hour, timezone } = service.getOptions()
  const due: string[] = []
  let after: string | undefined
  for (;;) {
    const page = (await service.listSegments(
      { is_active: true, membership: "rules", refresh_mode: SCHEDULED, ...(after ? { id: { $gt: after } } : {}) } as any,
      { select: ["id", "refresh_mode", "last_refreshed_at"], take: PAGE, order: { id: "ASC" } }
    )) as Array<{ id: string; refresh_mode: RefreshMode; last_refreshed_at: Date | null }>
    for (const s of page) if (isRefreshDue(s, now, refresh_hour, timezone)) due.push(s.id)
    if (page.length < PAGE) break
    after = page[page.length - 1].id
  }
  // the day's RFM pass first (at most one a day), so the nightly refresh reads fresh scores
  if (due.length) await runRfmPass(container, now)
  const results: SegmentRefreshResult[] = []
  for (let i = 0; i < due.length; i += SCHEDULED_BATCH) {
    const { result } = await refreshSegmentsWorkflow(container).run({
      input: { segment_ids: due.slice(i, i + SCHEDULED_BATCH), now, reason: "scheduled" },
    })
    results.push(...result.results)
  }
  return { due, results }
}

/**
 * Every 15 minutes: refreshes what is due (a no-op otherwise), so a slot is
 * honoured within 15 minutes in any time zone, and a failed segment is retried
 * at the next run. Off under NODE_ENV=test unless SEGMENTS_SCHEDULED_REFRESH=true
 * (tests call runScheduledRefresh with a fixed clock).
 */
export default async function refreshScheduledSegmentsJob(container: MedusaContainer) {
  if (process.env.NODE_ENV === "test" && process.env.SEGMENTS_SCHEDULED_REFRESH !== "true") return
  // runs of a worker that died are closed here even when nobody reads them
  await container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).abandonStaleRefreshRuns()
  const { due } = await runScheduledRefresh(container, new Date())
  // one line per tick and process: the cluster tests count them across workers
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`[segments] scheduled refresh tick: ${due.length} due, pid ${process.pid}`)
}

export const config = {
  name: "customer-segment-scheduled-refresh",
  // SEGMENTS_REFRESH_CRON (six fields for seconds) lets the cluster tests tick every few seconds
  schedule: process.env.SEGMENTS_REFRESH_CRON || "*/15 * * * *",
}
