import { defineRouteConfig } from "@medusajs/admin-sdk"
import { UsersSolid } from "@medusajs/icons"
import { Outlet } from "react-router-dom"
import { ActivityBanner } from "./components/activity-banner"
import { SegmentListTable } from "./components/segment-list-table"

const SegmentsPage = () => (
  <div className="flex flex-col gap-y-3">
    <ActivityBanner />
    <SegmentListTable />
    <Outlet />
  </div>
)

export const config = defineRouteConfig({
  label: "Segments",
  icon: UsersSolid,
  nested: "/customers",
})

export const handle = {
  breadcrumb: () => "Segments",
}

export default SegmentsPage
