export * from "./sync-segment-group"
