export * from "./refresh-customer-segments"
