import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Trash } from "@medusajs/icons"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import {
  Button,
  Container,
  Heading,
  IconButton,
  Text,
  toast,
  Tooltip,
  usePrompt,
} from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { EntityPicker } from "../components/pickers/entity-picker"
import { useChangeMembersOf, useCustomerSegments } from "../hooks/segments"
import { formatDate } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import { WidgetListState } from "../components/widget-list-state"
import { ExplainDrawer } from "../components/explain/explain-drawer"
import { MembershipBadge, SourceBadge } from "../routes/segments/components/segment-badges"

/** The customer's segments, with add to / remove from a segment. */
const CustomerSegmentsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, isLoading, error } = useCustomerSegments(customer.id)
  const change = useChangeMembersOf()
  const prompt = usePrompt()
  const [segmentId, setSegmentId] = useState<string | null>(null)
  const [explaining, setExplaining] = useState<string | null>(null)
  const segments = data?.segments ?? []

  const add = () => {
    if (!segmentId) {
      return
    }
    change.mutate(
      { segmentId, add: [customer.id] },
      {
        onSuccess: () => {
          toast.success("Customer added to the segment")
          setSegmentId(null)
        },
        onError: (e) => toast.error(errorMessage(e)),
      }
    )
  }

  const remove = async (s: (typeof segments)[number]) => {
    const ok = await prompt({
      title: `Remove from "${s.name}"?`,
      description:
        s.membership === "rules"
          ? "The customer leaves the segment now, but comes back at the next refresh if they still match its conditions."
          : "The customer leaves the segment now.",
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!ok) {
      return
    }
    change.mutate(
      { segmentId: s.id, remove: [customer.id] },
      {
        onSuccess: () => toast.success(`Removed from "${s.name}"`),
        onError: (e) => toast.error(errorMessage(e)),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="customer-segments-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Segments</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {segments.length} segment{segments.length === 1 ? "" : "s"}
        </Text>
      </div>
      <WidgetListState
        isLoading={isLoading}
        error={error}
        isEmpty={segments.length === 0}
        empty={<>This customer is in no segment.</>}
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
                <MembershipBadge membership={s.membership} />
                <SourceBadge source={s.source} />
              </div>
              <div className="flex items-center gap-2">
                <Text size="xsmall" className="text-ui-fg-subtle">
                  since {formatDate(s.added_at)}
                </Text>
                <Button
                  size="small"
                  variant="transparent"
                  onClick={() => setExplaining(s.id)}
                  data-testid="customer-segment-why"
                >
                  Why?
                </Button>
                <Tooltip content="Remove from segment">
                  <IconButton
                    size="small"
                    variant="transparent"
                    aria-label={`Remove from ${s.name}`}
                    onClick={() => remove(s)}
                  >
                    <Trash />
                  </IconButton>
                </Tooltip>
              </div>
            </div>
          ))}
        </div>
      </WidgetListState>
      <div className="flex flex-wrap items-center gap-2 px-6 py-4">
        <EntityPicker
          kind="segment"
          multiple={false}
          value={segmentId}
          onChange={setSegmentId}
          placeholder="Choose a segment"
          className="flex-1"
          testId="customer-segment-picker"
        />
        <Button
          size="small"
          variant="transparent"
          disabled={!segmentId}
          onClick={() => setExplaining(segmentId)}
          data-testid="customer-segment-why-not"
        >
          Why (not)?
        </Button>
        <Button
          size="small"
          variant="secondary"
          disabled={!segmentId}
          isLoading={change.isPending}
          onClick={add}
        >
          Add to segment
        </Button>
      </div>
      <ExplainDrawer segmentId={explaining} customerId={explaining ? customer.id : null} onClose={() => setExplaining(null)} />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerSegmentsWidget
