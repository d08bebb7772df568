import { Module } from "@medusajs/framework/utils"
import CustomerSegmentModuleService from "./service"

export const CUSTOMER_SEGMENT_MODULE = "customerSegment"

export default Module(CUSTOMER_SEGMENT_MODULE, {
  service: CustomerSegmentModuleService,
})

export * from "./types"
