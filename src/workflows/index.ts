export * from "./segments"
export * from "./realtime"
export * from "./groups"
