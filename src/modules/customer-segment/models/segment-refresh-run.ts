import { model } from "@medusajs/framework/utils"

/**
 * One manual refresh of a segment (HTTP, synchronous or handed to a worker):
 * its status while it runs and its outcome after. The id is the run id the
 * membership log rows carry. At most one queued or running run per segment
 * (the partial unique index), which is what turns a second concurrent refresh
 * into a 409 across every process. `heartbeat_at` is touched while the run
 * works, so a run whose process died is recognised and marked abandoned.
 */
const SegmentRefreshRun = model
  .define(
    { tableName: "customer_segment_refresh_run", name: "SegmentRefreshRun" },
    {
      id: model.id({ prefix: "csegrun" }).primaryKey(),
      segment_id: model.text(),
      status: model.enum(["queued", "running", "succeeded", "failed"]).default("queued"),
      mode: model.enum(["sync", "async"]).default("sync"),
      added: model.number().nullable(),
      removed: model.number().nullable(),
      size: model.number().nullable(),
      error: model.text().nullable(),
      queued_at: model.dateTime(),
      started_at: model.dateTime().nullable(),
      finished_at: model.dateTime().nullable(),
      heartbeat_at: model.dateTime(),
    }
  )
  .indexes([
    { on: ["segment_id"], unique: true, where: "status IN ('queued', 'running') AND deleted_at IS NULL" },
    { on: ["segment_id", "queued_at"] },
  ])

export default SegmentRefreshRun
