import { ArrowPath } from "@medusajs/icons"
import { Badge, Button, Heading, Text } from "@medusajs/ui"
import { customerName, formatNumber } from "../../lib/format"
import type { ChangePreviewResponse, PreviewCustomer, PreviewResponse } from "../../lib/types"

const SAMPLE_SHOWN = 5

const CustomerRows = ({ customers }: { customers: PreviewCustomer[] }) => (
  <div className="divide-ui-border-base flex flex-col divide-y">
    {customers.map((c) => (
      <div key={c.id} className="flex items-center justify-between gap-2 py-1.5">
        <div className="min-w-0">
          <Text size="small" weight="plus" className="truncate">
            {customerName(c)}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle truncate">
            {c.email}
          </Text>
        </div>
        <Badge size="2xsmall" color={c.has_account ? "green" : "grey"}>
          {c.has_account ? "Registered" : "Guest"}
        </Badge>
      </div>
    ))}
  </div>
)

/** An edit before saving: the size after it, who joins and who leaves. */
const ChangeView = ({ change }: { change: ChangePreviewResponse }) => (
  <div className="flex flex-col gap-3" data-testid="segment-change-preview">
    <div className="flex flex-wrap items-baseline gap-3">
      <Text size="small" className="text-ui-fg-subtle">
        {formatNumber(change.current)} now →
      </Text>
      <span className="text-ui-fg-base text-2xl font-medium" data-testid="segment-preview-count">
        {formatNumber(change.count)}
      </span>
      <Text size="small" className="text-ui-fg-subtle">
        after saving
      </Text>
      <Badge size="2xsmall" color="green" data-testid="segment-preview-joining">
        +{formatNumber(change.joining)} join
      </Badge>
      <Badge size="2xsmall" color="red" data-testid="segment-preview-leaving">
        −{formatNumber(change.leaving)} leave
      </Badge>
    </div>
    <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
      {(
        [
          ["Joining", change.sample_joining, change.joining],
          ["Leaving", change.sample_leaving, change.leaving],
        ] as const
      ).map(([title, sample, total]) => (
        <div key={title} className="flex flex-col gap-1">
          <Text size="xsmall" weight="plus" className="text-ui-fg-subtle uppercase">
            {title}
          </Text>
          {sample.length ? (
            <CustomerRows customers={sample.slice(0, SAMPLE_SHOWN)} />
          ) : (
            <Text size="small" className="text-ui-fg-muted">
              Nobody
            </Text>
          )}
          {total > SAMPLE_SHOWN && (
            <Text size="xsmall" className="text-ui-fg-muted">
              and {formatNumber(total - Math.min(SAMPLE_SHOWN, sample.length))} more
            </Text>
          )}
        </div>
      ))}
    </div>
    <Text size="xsmall" className="text-ui-fg-muted">
      Manual members stay whatever the conditions say.
    </Text>
  </div>
)

/** The live "Calculate" count and a sample of matching customers (when editing: who joins and leaves). */
export const PreviewPanel = ({
  result,
  change,
  editing,
  isPending,
  stale,
  onCalculate,
  disabled,
}: {
  result?: PreviewResponse
  change?: ChangePreviewResponse
  editing?: boolean
  isPending: boolean
  stale: boolean
  onCalculate: () => void
  disabled?: boolean
}) => (
  <div className="border-ui-border-base bg-ui-bg-base flex flex-col gap-3 rounded-lg border p-4">
    <div className="flex items-center justify-between gap-2">
      <div>
        <Heading level="h3">{editing ? "What this edit changes" : "Matching customers"}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {editing ? "Who would join and who would leave, without saving." : "Counts who matches now, without saving."}
        </Text>
      </div>
      <div className="flex items-center gap-2">
        {stale && (
          <Badge size="2xsmall" color="orange">
            conditions changed
          </Badge>
        )}
        <Button
          type="button"
          size="small"
          variant="secondary"
          onClick={onCalculate}
          isLoading={isPending}
          disabled={disabled}
          data-testid="segment-calculate"
        >
          <ArrowPath />
          Calculate
        </Button>
      </div>
    </div>
    {change && <ChangeView change={change} />}
    {!change && result && (
      <div className="flex flex-col gap-2" data-testid="segment-preview">
        <div className="flex items-baseline gap-2">
          <span className="text-ui-fg-base text-2xl font-medium" data-testid="segment-preview-count">
            {formatNumber(result.count)}
          </span>
          <Text size="small" className="text-ui-fg-subtle">
            customers
          </Text>
        </div>
        {result.sample.length > 0 && <CustomerRows customers={result.sample} />}
      </div>
    )}
  </div>
)
