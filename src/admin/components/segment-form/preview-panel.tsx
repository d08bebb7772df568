import { ArrowPath } from "@medusajs/icons"
import { Badge, Button, Heading, Text } from "@medusajs/ui"
import { customerName, formatNumber } from "../../lib/format"
import type { PreviewResponse } from "../../lib/types"

/** The live "Calculate" count and a sample of matching customers. */
export const PreviewPanel = ({
  result,
  isPending,
  stale,
  onCalculate,
  disabled,
}: {
  result?: PreviewResponse
  isPending: boolean
  stale: boolean
  onCalculate: () => void
  disabled?: boolean
}) => (
  <div className="border-ui-border-base bg-ui-bg-base flex flex-col gap-3 rounded-lg border p-4">
    <div className="flex items-center justify-between gap-2">
      <div>
        <Heading level="h3">Matching customers</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Counts who matches now, without saving.
        </Text>
      </div>
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
    {result && (
      <div className="flex flex-col gap-2" data-testid="segment-preview">
        <div className="flex items-baseline gap-2">
          <span className="text-ui-fg-base text-2xl font-medium" data-testid="segment-preview-count">
            {formatNumber(result.count)}
          </span>
          <Text size="small" className="text-ui-fg-subtle">
            customers
          </Text>
          {stale && (
            <Badge size="2xsmall" color="orange">
              conditions changed
            </Badge>
          )}
        </div>
        {result.sample.length > 0 && (
          <div className="divide-ui-border-base flex flex-col divide-y">
            {result.sample.map((c) => (
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
        )}
      </div>
    )}
  </div>
)
