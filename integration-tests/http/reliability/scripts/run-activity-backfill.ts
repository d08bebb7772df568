import type { ExecArgs } from "@medusajs/framework/types"
import { runActivityBackfill } from "../../../../src/workflows/activity/activity-backfill-runner"

/**
 * `medusa exec` entry for faults-backfill-kill.spec.ts: runs (or resumes) the
 * activity backfill in a process of its own, so the test can SIGKILL it.
 * Options come from the environment; the result is printed as one JSON line.
 */
export default async function runBackfill({ container }: ExecArgs) {
  const result = await runActivityBackfill(container, {
    batch_size: Number(process.env.FAULT_BATCH_SIZE ?? 5),
    concurrency: Number(process.env.FAULT_CONCURRENCY ?? 2),
    stale_after_ms: Number(process.env.FAULT_STALE_MS ?? 120_000),
  })
  console.log(`FAULT_RESULT ${JSON.stringify({ ran: result.ran, batches: result.batches, status: result.progress.status, done: result.progress.done, total: result.progress.total })}`)
}
