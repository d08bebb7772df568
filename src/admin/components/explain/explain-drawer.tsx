import { CheckCircleSolid, XCircleSolid } from "@medusajs/icons"
import { Badge, Drawer, Skeleton, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useExplainMembership } from "../../hooks/segments"
import { customerName, formatDateTime } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { ExplainedNode, Explanation } from "../../lib/types"

const Verdict = ({ held }: { held: boolean }) =>
  held ? (
    <CheckCircleSolid className="text-ui-tag-green-icon shrink-0" aria-label="held" />
  ) : (
    <XCircleSolid className="text-ui-tag-red-icon shrink-0" aria-label="did not hold" />
  )

/** One node of the tree: a group with its children indented, or a rule with the value it was judged on. */
const ExplainNodeView = ({ node }: { node: ExplainedNode }) => {
  if (node.kind === "group") {
    const what = node.combinator === "or" ? "Any of" : "All of"
    return (
      <div className="flex flex-col gap-2" data-testid="explain-group">
        <div className="flex items-center gap-2">
          <Verdict held={node.held} />
          <Text size="small" weight="plus">
            {node.not ? `Not (${what.toLowerCase()})` : what}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {node.children_held} of {node.rules?.length ?? 0} held{node.not ? ", inverted" : ""}
          </Text>
        </div>
        <div className="border-ui-border-base ml-2 flex flex-col gap-2 border-l pl-4">
          {(node.rules ?? []).map((r) => (
            <ExplainNodeView key={r.path} node={r} />
          ))}
        </div>
      </div>
    )
  }
  return (
    <div className="flex items-start gap-2" data-testid="explain-rule" data-held={String(node.held)}>
      <div className="pt-0.5">
        <Verdict held={node.held} />
      </div>
      <div className="flex min-w-0 flex-col">
        <Text size="small" weight="plus">
          {node.label}
        </Text>
        <Text size="xsmall" className="text-ui-fg-subtle break-words font-mono" data-testid="explain-rule-text">
          {node.text}
        </Text>
        {node.detail && (
          <Text size="xsmall" className="text-ui-fg-muted">
            {node.detail}
          </Text>
        )}
      </div>
    </div>
  )
}

const ExplanationView = ({ e }: { e: Explanation }) => (
  <div className="flex flex-col gap-5">
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <Link
          to={`/customers/${e.customer.id}`}
          className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive"
        >
          {customerName(e.customer)}
        </Link>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {e.customer.email}
        </Text>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {e.member ? (
          <Badge size="2xsmall" color={e.member.source === "manual" ? "purple" : "green"}>
            Member ({e.member.source}) since {formatDateTime(e.member.added_at)}
          </Badge>
        ) : (
          <Badge size="2xsmall" color="grey">
            Not a member
          </Badge>
        )}
        {e.matches !== null && (
          <Badge size="2xsmall" color={e.matches ? "green" : "red"}>
            {e.matches ? "Matches the conditions" : "Does not match"}
          </Badge>
        )}
        <Badge size="2xsmall" color={e.engines_agree ? "blue" : "orange"} data-testid="explain-engines">
          {e.engines_agree ? "SQL check agrees" : "SQL check disagrees"}
        </Badge>
      </div>
      <Text size="small" className="text-ui-fg-base pt-1" data-testid="explain-summary">
        {e.summary}
      </Text>
    </div>

    {e.conditions && (
      <div className="flex flex-col gap-2">
        <Text size="xsmall" weight="plus" className="text-ui-fg-subtle uppercase">
          Conditions, evaluated {formatDateTime(e.evaluated_at)}
        </Text>
        <ExplainNodeView node={e.conditions} />
        {!e.in_audience && (
          <Text size="xsmall" className="text-ui-fg-muted">
            The segment is for registered customers only; this customer is a guest.
          </Text>
        )}
      </div>
    )}

    <div className="flex flex-col gap-2">
      <Text size="xsmall" weight="plus" className="text-ui-fg-subtle uppercase">
        Joined and left
      </Text>
      {e.history.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted">
          Never joined this segment.
        </Text>
      ) : (
        <div className="flex flex-col gap-1" data-testid="explain-history">
          {e.history.map((h, i) => (
            <div key={i} className="flex items-center justify-between gap-2">
              <Badge size="2xsmall" color={h.action === "joined" ? "green" : "grey"}>
                {h.action}
              </Badge>
              <Text size="xsmall" className="text-ui-fg-subtle flex-1 truncate">
                {h.reason}
              </Text>
              <Text size="xsmall" className="text-ui-fg-muted">
                {formatDateTime(h.at)}
              </Text>
            </div>
          ))}
        </div>
      )}
    </div>
  </div>
)

/** "Why?": why a customer is in a segment or not, rule by rule. */
export const ExplainDrawer = ({
  segmentId,
  customerId,
  onClose,
}: {
  segmentId: string | null
  customerId: string | null
  onClose: () => void
}) => {
  const open = !!segmentId && !!customerId
  const { data, isLoading, error } = useExplainMembership(segmentId, customerId)
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="explain-drawer">
        <Drawer.Header>
          <Drawer.Title>
            Why{data ? `: ${data.explanation.segment.name}` : "?"}
          </Drawer.Title>
          <Drawer.Description className="sr-only">
            Why the customer is in the segment or not
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="overflow-y-auto">
          {isLoading ? (
            <Skeleton className="h-48 w-full" />
          ) : error ? (
            <Text size="small" className="text-ui-fg-error">
              {errorMessage(error)}
            </Text>
          ) : data ? (
            <ExplanationView e={data.explanation} />
          ) : null}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
