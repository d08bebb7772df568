import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomerGroup, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useSegments } from "../hooks/segments"
import { formatNumber, formatRelative } from "../lib/format"
import { WidgetListState } from "../components/widget-list-state"
import { RefreshModeBadge } from "../routes/segments/components/segment-badges"

/** Segments that move their members into this customer group. */
const CustomerGroupSegmentsWidget = ({ data: group }: DetailWidgetProps<AdminCustomerGroup>) => {
  const { data, isLoading, error } = useSegments({ customer_group_id: group.id, limit: 50 })
  const segments = data?.segments ?? []
  return (
    <Container className="divide-y p-0" data-testid="customer-group-segments-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Fed by segments</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Customers who enter these segments are added to this group.
          </Text>
        </div>
        <Button size="small" variant="secondary" asChild>
          <Link to="/segments/create">Create segment</Link>
        </Button>
      </div>
      <WidgetListState
        isLoading={isLoading}
        error={error}
        isEmpty={segments.length === 0}
        empty={<>No segment feeds this group. Pick it as "Move members into customer group" in a
          segment to keep the group up to date on its own.</>}
      >
        <div className="divide-y">
          {segments.map((s) => (
            <div key={s.id} className="flex items-center justify-between gap-3 px-6 py-3">
              <div className="flex min-w-0 items-center gap-2">
                <Link
                  to={`/segments/${s.id}`}
                  className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive truncate"
                >
                  {s.name}
                </Link>
                {s.membership === "rules" && <RefreshModeBadge mode={s.refresh_mode} />}
              </div>
              <Text size="small" className="text-ui-fg-subtle">
                {formatNumber(s.customer_count)} members
                {s.leave_group_on_exit ? "" : " · stay on exit"}
                {s.last_refreshed_at ? ` · refreshed ${formatRelative(s.last_refreshed_at)}` : ""}
              </Text>
            </div>
          ))}
        </div>
      </WidgetListState>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer_group.details.after",
})

export default CustomerGroupSegmentsWidget
