import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Manual refresh runs (`customer_segment_refresh_run`). Claiming inserts the
 * run; the partial unique index on (segment_id) over queued/running runs
 * makes a second claim of the same segment fail in PostgreSQL, whichever
 * process tries, so no Redis or lock wait is involved in answering 409.
 */
const TABLE = "customer_segment_refresh_run"

export type RefreshRunStatus = "queued" | "running" | "succeeded" | "failed"

export type RefreshRunRow = {
  id: string
  segment_id: string
  status: RefreshRunStatus
  mode: "sync" | "async"
  added: number | null
  removed: number | null
  size: number | null
  error: string | null
  queued_at: Date
  started_at: Date | null
  finished_at: Date | null
  heartbeat_at: Date
}

const COLUMNS = `id, segment_id, status, mode, added, removed, size, error, queued_at, started_at, finished_at, heartbeat_at`

function fromDb(r: any): RefreshRunRow {
  const num = (v: any) => (v === null || v === undefined ? null : Number(v))
  return {
    id: r.id,
    segment_id: r.segment_id,
    status: r.status,
    mode: r.mode,
    added: num(r.added),
    removed: num(r.removed),
    size: num(r.size),
    error: r.error ?? null,
    queued_at: new Date(r.queued_at),
    started_at: r.started_at ? new Date(r.started_at) : null,
    finished_at: r.finished_at ? new Date(r.finished_at) : null,
    heartbeat_at: new Date(r.heartbeat_at),
  }
}

/** Marks the segment's queued/running runs whose heartbeat is older than `staleAfterMs` failed. Returns how many. */
export async function abandonStaleRuns(knex: Knex, segmentId: string | null, staleAfterMs: number): Promise<number> {
  const { rowCount } = await knex.raw(
    `UPDATE "${TABLE}"
        SET status = 'failed', finished_at = now(), updated_at = now(),
            error = 'abandoned: its process stopped reporting (no heartbeat since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
      WHERE status IN ('queued', 'running') AND deleted_at IS NULL
        AND heartbeat_at < now() - (? * interval '1 millisecond')
        AND (?::text IS NULL OR segment_id = ?)`,
    [staleAfterMs, segmentId, segmentId]
  )
  return rowCount ?? 0
}

export type ClaimRefreshRunResult = { claimed: true; run: RefreshRunRow } | { claimed: false; running: RefreshRunRow }

/** Inserts a queued run unless the segment has one queued or running (then returns that one). */
export async function claimRefreshRun(
  knex: Knex,
  input: { id: string; segment_id: string; mode: "sync" | "async"; stale_after_ms: number }
): Promise<ClaimRefreshRunResult> {
  await abandonStaleRuns(knex, input.segment_id, input.stale_after_ms)
  const { rows } = await knex.raw(
    `INSERT INTO "${TABLE}" (id, segment_id, status, mode, queued_at, heartbeat_at, created_at, updated_at)
     VALUES (?, ?, 'queued', ?, now(), now(), now(), now())
     ON CONFLICT (segment_id) WHERE status IN ('queued', 'running') AND deleted_at IS NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [input.id, input.segment_id, input.mode]
  )
  if (rows[0]) return { claimed: true, run: fromDb(rows[0]) }
  const { rows: active } = await knex.raw(
    `SELECT ${COLUMNS} FROM "${TABLE}" WHERE segment_id = ? AND status IN ('queued', 'running') AND deleted_at IS NULL LIMIT 1`,
    [input.segment_id]
  )
  // the active run finished between the insert and the read: report it as running anyway, the caller retries
  return { claimed: false, running: active[0] ? fromDb(active[0]) : ({ id: "unknown", segment_id: input.segment_id } as RefreshRunRow) }
}

/** queued → running. False when the run is no longer queued (abandoned meanwhile): the caller must not run it. */
export async function startRefreshRun(knex: Knex, runId: string): Promise<boolean> {
  const { rowCount } = await knex.raw(
    `UPDATE "${TABLE}" SET status = 'running', started_at = now(), heartbeat_at = now(), updated_at = now()
      WHERE id = ? AND status = 'queued' AND deleted_at IS NULL`,
    [runId]
  )
  return (rowCount ?? 0) > 0
}

export async function heartbeatRefreshRun(knex: Knex, runId: string): Promise<void> {
  await knex.raw(`UPDATE "${TABLE}" SET heartbeat_at = now() WHERE id = ? AND status IN ('queued', 'running')`, [runId])
}

export async function finishRefreshRun(
  knex: Knex,
  runId: string,
  outcome: { added: number; removed: number; size: number } | { error: string }
): Promise<void> {
  if ("error" in outcome) {
    await knex.raw(
      `UPDATE "${TABLE}" SET status = 'failed', error = ?, finished_at = now(), updated_at = now() WHERE id = ? AND status IN ('queued', 'running')`,
      [outcome.error.slice(0, 2000), runId]
    )
    return
  }
  await knex.raw(
    `UPDATE "${TABLE}" SET status = 'succeeded', added = ?, removed = ?, size = ?, error = NULL, finished_at = now(), updated_at = now()
      WHERE id = ? AND status IN ('queued', 'running')`,
    [outcome.added, outcome.removed, outcome.size, runId]
  )
}

export async function getRefreshRun(knex: Knex, segmentId: string, runId: string): Promise<RefreshRunRow | null> {
  const { rows } = await knex.raw(`SELECT ${COLUMNS} FROM "${TABLE}" WHERE id = ? AND segment_id = ? AND deleted_at IS NULL`, [runId, segmentId])
  return rows[0] ? fromDb(rows[0]) : null
}
