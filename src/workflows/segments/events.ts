/**
 * Emitted by POST /admin/segments/:id/refresh for a refresh handed to a worker
 * (`{ id, run_id }`); the segment-refresh-requested subscriber runs it. With the
 * Redis event bus only `worker` and `shared` processes consume it.
 */
export const SEGMENT_REFRESH_REQUESTED = "customer_segment.refresh_requested"

export type SegmentRefreshRequestedData = { id: string; run_id: string }
