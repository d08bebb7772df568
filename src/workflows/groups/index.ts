export * from "./sync-segment-group"
export * from "./retarget-segment-group"
