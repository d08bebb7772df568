import { model } from "@medusajs/framework/utils"

/** State of the activity-data backfill: one row, resumable from `cursor`. */
const ActivityBuild = model.define(
  { tableName: "customer_segment_activity_build", name: "CustomerActivityBuild" },
  {
    id: model.id({ prefix: "cactb" }).primaryKey(),
    status: model.enum(["idle", "running", "done", "failed"]).default("idle"),
    cursor: model.text().nullable(),
    done: model.number().default(0),
    total: model.number().default(0),
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    heartbeat_at: model.dateTime().nullable(),
    error: model.text().nullable(),
  }
)

export default ActivityBuild
