export * from "./sync-segment-group"
export * from "./retarget-segment-group"
export * from "./reconcile-segment-group"
export * from "./detach-deleted-group"
