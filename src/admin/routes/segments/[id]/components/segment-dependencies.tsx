import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { WidgetListState } from "../../../../components/widget-list-state"
import { useSegmentDependencies } from "../../../../hooks/segments"
import type { Segment } from "../../../../lib/types"

const Row = ({ to, name, kind, note }: { to: string; name: string; kind: string; note?: string }) => (
  <div className="flex items-center justify-between gap-2 px-6 py-2" data-testid="segment-dependency">
    <div className="flex min-w-0 items-center gap-2">
      <Badge size="2xsmall" color="grey">
        {kind}
      </Badge>
      <Link to={to} className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive truncate">
        {name}
      </Link>
    </div>
    {note && (
      <Text size="xsmall" className="text-ui-fg-subtle shrink-0">
        {note}
      </Text>
    )}
  </div>
)

/** "Used by": promotions, customer groups, price lists and segments that depend on this segment. */
export const SegmentDependencies = ({ segment }: { segment: Segment }) => {
  const { data, isLoading, error } = useSegmentDependencies(segment.id)
  const d = data?.dependencies
  const total = d ? d.promotions.length + d.customer_groups.length + d.price_lists.length + d.segments.length : 0
  return (
    <Container className="divide-y p-0" data-testid="segment-dependencies">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Used by</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {total}
        </Text>
      </div>
      <WidgetListState
        isLoading={isLoading}
        error={error}
        isEmpty={total === 0}
        empty={<>No promotion, customer group, price list or segment uses this segment.</>}
      >
        <div className="divide-y py-1">
          {d?.promotions.map((p) => (
            <Row
              key={p.id}
              to={`/promotions/${p.id}`}
              name={p.code ?? p.id}
              kind="Promotion"
              note={`${p.operator === "in" ? "is one of" : "is not one of"} · ${p.is_automatic ? "automatic" : "code"} · ${p.status}`}
            />
          ))}
          {d?.customer_groups.map((g) => (
            <Row key={g.id} to={`/customer-groups/${g.id}`} name={g.name ?? g.id} kind="Customer group" note="members move in" />
          ))}
          {d?.price_lists.map((l) => (
            <Row key={l.id} to={`/price-lists/${l.id}`} name={l.title} kind="Price list" note={`via the group · ${l.status}`} />
          ))}
          {d?.segments.map((s) => (
            <Row key={s.id} to={`/segments/${s.id}`} name={s.name} kind="Segment" note="its conditions read this one" />
          ))}
        </div>
      </WidgetListState>
    </Container>
  )
}
