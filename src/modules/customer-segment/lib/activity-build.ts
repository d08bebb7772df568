import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * State of the activity-data backfill: one row of
 * `customer_segment_activity_build`. The runner owns the build while the
 * `heartbeat_at` it last wrote is still the stored one: every write is a
 * compare-and-set on it, so a runner that was taken over (stale heartbeat) or
 * reset (rebuild) notices at its next write and stops.
 */
export const ACTIVITY_BUILD_ID = "cactb_activity"
const TABLE = "customer_segment_activity_build"

export type ActivityBuildStatus = "idle" | "running" | "done" | "failed"

export type ActivityBuildRow = {
  id: string
  status: ActivityBuildStatus
  cursor: string | null
  done: number
  total: number
  started_at: Date | null
  finished_at: Date | null
  heartbeat_at: Date | null
  error: string | null
}

export type ClaimActivityBuildInput = {
  /** `restart`: from the beginning whatever the state; `resume`: only a build that never ran, is stale, or failed long enough ago. */
  mode: "restart" | "resume"
  /** the heartbeat the claimer writes (ms precision: it is compared later) */
  heartbeat: Date
  /** customers to process, counted by the caller through Query */
  total: number
  /** a running build whose heartbeat is older than this is taken over */
  stale_after_ms: number
  /** a failed build is resumed after this long; `null`: never (needs a rebuild) */
  retry_failed_after_ms: number | null
}

export type ClaimActivityBuildResult = { claimed: boolean; build: ActivityBuildRow }

function fromDb(r: any): ActivityBuildRow {
  return {
    id: r.id,
    status: r.status,
    cursor: r.cursor ?? null,
    done: Number(r.done ?? 0),
    total: Number(r.total ?? 0),
    started_at: r.started_at ? new Date(r.started_at) : null,
    finished_at: r.finished_at ? new Date(r.finished_at) : null,
    heartbeat_at: r.heartbeat_at ? new Date(r.heartbeat_at) : null,
    error: r.error ?? null,
  }
}

const COLUMNS = `id, status, cursor, done, total, started_at, finished_at, heartbeat_at, error`

export async function getActivityBuild(knex: Knex): Promise<ActivityBuildRow | null> {
  const { rows } = await knex.raw(`SELECT ${COLUMNS} FROM "${TABLE}" WHERE id = ? AND deleted_at IS NULL`, [ACTIVITY_BUILD_ID])
  return rows[0] ? fromDb(rows[0]) : null
}

/** Decides, under a row lock, whether the caller may run the build now, and marks it running if so. Call inside a transaction. */
export async function claimActivityBuild(knex: Knex, input: ClaimActivityBuildInput): Promise<ClaimActivityBuildResult> {
  await knex.raw(`INSERT INTO "${TABLE}" (id, status) VALUES (?, 'idle') ON CONFLICT (id) DO NOTHING`, [ACTIVITY_BUILD_ID])
  const { rows } = await knex.raw(`SELECT ${COLUMNS}, deleted_at FROM "${TABLE}" WHERE id = ? FOR UPDATE`, [ACTIVITY_BUILD_ID])
  const current = fromDb(rows[0])
  const now = input.heartbeat.getTime()
  const beat = current.heartbeat_at?.getTime() ?? 0

  let fresh: boolean
  if (input.mode === "restart" || current.status === "idle" || rows[0].deleted_at) {
    fresh = true
  } else if (current.status === "running" && now - beat > input.stale_after_ms) {
    fresh = false // take over a runner that stopped beating: resume from its cursor
  } else if (
    current.status === "failed" &&
    input.retry_failed_after_ms !== null &&
    now - beat > input.retry_failed_after_ms
  ) {
    fresh = false
  } else {
    return { claimed: false, build: current }
  }

  const { rows: updated } = await knex.raw(
    `UPDATE "${TABLE}" SET
        status = 'running',
        cursor = CASE WHEN ? THEN NULL ELSE cursor END,
        done = CASE WHEN ? THEN 0 ELSE done END,
        started_at = CASE WHEN ? OR started_at IS NULL THEN ?::timestamptz ELSE started_at END,
        total = ?,
        finished_at = NULL,
        error = NULL,
        heartbeat_at = ?::timestamptz,
        deleted_at = NULL,
        updated_at = now()
      WHERE id = ?
      RETURNING ${COLUMNS}`,
    [fresh, fresh, fresh, input.heartbeat, Math.max(input.total, fresh ? 0 : current.done), input.heartbeat, ACTIVITY_BUILD_ID]
  )
  return { claimed: true, build: fromDb(updated[0]) }
}

export type AdvanceActivityBuildInput = {
  /** the heartbeat this runner wrote last */
  expect_heartbeat: Date
  heartbeat: Date
  /** last customer id processed (`undefined`: keep) */
  cursor?: string
  /** customers processed since the last write */
  processed?: number
}

/** Records progress (or only a heartbeat). `null` when the build is no longer this runner's. */
export async function advanceActivityBuild(knex: Knex, input: AdvanceActivityBuildInput): Promise<ActivityBuildRow | null> {
  const processed = input.processed ?? 0
  const { rows } = await knex.raw(
    `UPDATE "${TABLE}" SET
        cursor = COALESCE(?::text, cursor),
        done = done + ?::int,
        total = GREATEST(total, done + ?::int),
        heartbeat_at = ?::timestamptz,
        updated_at = now()
      WHERE id = ? AND status = 'running' AND heartbeat_at = ?::timestamptz
      RETURNING ${COLUMNS}`,
    [input.cursor ?? null, processed, processed, input.heartbeat, ACTIVITY_BUILD_ID, input.expect_heartbeat]
  )
  return rows[0] ? fromDb(rows[0]) : null
}

export type FinishActivityBuildInput = {
  expect_heartbeat: Date
  heartbeat: Date
  status: "done" | "failed"
  error?: string | null
}

/** Marks the build done (every customer processed) or failed. `null` when it is no longer this runner's. */
export async function finishActivityBuild(knex: Knex, input: FinishActivityBuildInput): Promise<ActivityBuildRow | null> {
  const done = input.status === "done"
  const { rows } = await knex.raw(
    `UPDATE "${TABLE}" SET
        status = ?,
        cursor = CASE WHEN ? THEN NULL ELSE cursor END,
        total = CASE WHEN ? THEN done ELSE total END,
        finished_at = ?::timestamptz,
        error = ?,
        heartbeat_at = ?::timestamptz,
        updated_at = now()
      WHERE id = ? AND status = 'running' AND heartbeat_at = ?::timestamptz
      RETURNING ${COLUMNS}`,
    [
      input.status,
      done,
      done,
      input.heartbeat,
      done ? null : (input.error ?? "unknown error").slice(0, 2000),
      input.heartbeat,
      ACTIVITY_BUILD_ID,
      input.expect_heartbeat,
    ]
  )
  return rows[0] ? fromDb(rows[0]) : null
}

/** What the admin sees of a build. Rates are per second; `eta_seconds` is null until a rate is known. */
export type ActivityBuildProgress = {
  status: ActivityBuildStatus
  done: number
  total: number
  percent: number
  rate_per_second: number | null
  orders_per_second: number | null
  eta_seconds: number | null
  started_at: Date | null
  finished_at: Date | null
  heartbeat_at: Date | null
  error: string | null
}

/** Live figures of a runner in this process (more exact than the stored ones: they exclude downtime). */
export type ActivityBuildLiveStats = { since: Date; customers: number; orders: number }

export function describeActivityBuild(
  build: ActivityBuildRow | null,
  now: Date,
  live?: ActivityBuildLiveStats | null
): ActivityBuildProgress {
  if (!build) {
    return {
      status: "idle",
      done: 0,
      total: 0,
      percent: 0,
      rate_per_second: null,
      orders_per_second: null,
      eta_seconds: null,
      started_at: null,
      finished_at: null,
      heartbeat_at: null,
      error: null,
    }
  }
  const total = Math.max(build.total, build.done)
  const percent = build.status === "done" ? 100 : total > 0 ? Math.min(100, Math.floor((build.done / total) * 1000) / 10) : 0

  let rate: number | null = null
  let ordersRate: number | null = null
  const liveSeconds = live ? (now.getTime() - live.since.getTime()) / 1000 : 0
  if (live && liveSeconds > 0 && live.customers > 0) {
    rate = live.customers / liveSeconds
    ordersRate = live.orders / liveSeconds
  } else if (build.started_at && build.done > 0) {
    // another process runs it (or it ended): average over the whole build
    const end = build.finished_at ?? build.heartbeat_at ?? now
    const seconds = (end.getTime() - build.started_at.getTime()) / 1000
    if (seconds > 0) rate = build.done / seconds
  }
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10)
  const eta =
    build.status === "done"
      ? 0
      : build.status === "running" && rate && rate > 0
        ? Math.ceil((total - build.done) / rate)
        : null

  return {
    status: build.status,
    done: build.done,
    total,
    percent,
    rate_per_second: round(rate),
    orders_per_second: round(ordersRate),
    eta_seconds: eta,
    started_at: build.started_at,
    finished_at: build.finished_at,
    heartbeat_at: build.heartbeat_at,
    error: build.error,
  }
}
