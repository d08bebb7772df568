export * from "./recompute-customer-activity"
export * from "./steps/collect-customer-activity"
export * from "./steps/replace-customer-activity"
export {
  ACTIVITY_BUILD_LOCK_KEY,
  getActivityBackfillProgress,
  restartActivityBackfill,
  runActivityBackfill,
  type ActivityBackfillOptions,
  type ActivityBackfillResult,
} from "./activity-backfill-runner"
