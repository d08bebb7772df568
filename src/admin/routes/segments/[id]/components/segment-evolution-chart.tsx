import { Container, Heading, Skeleton, Text } from "@medusajs/ui"
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"
import { useSegmentEvolution } from "../../../../hooks/segments"
import { formatDateTime } from "../../../../lib/format"

// Medusa UI's tag colours, so the chart follows the light and dark themes
const COLORS = {
  size: "var(--fg-interactive, #3b82f6)",
  added: "var(--tag-green-icon, #10b981)",
  removed: "var(--tag-red-icon, #f43f5e)",
  grid: "var(--border-base, #e4e4e7)",
  axis: "var(--fg-muted, #a1a1aa)",
}

/** Size, joins and leaves over time, one point per refresh snapshot. */
export const SegmentEvolutionChart = ({ segmentId }: { segmentId: string }) => {
  const { data, isLoading } = useSegmentEvolution(segmentId)
  const snapshots = data?.snapshots ?? []
  // refreshes within a few days of each other need the time to tell them apart
  const span = snapshots.length
    ? new Date(snapshots[snapshots.length - 1].at).getTime() - new Date(snapshots[0].at).getTime()
    : 0
  const fmt: Intl.DateTimeFormatOptions =
    span < 3 * 86_400_000
      ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
      : { month: "short", day: "numeric" }
  const points = snapshots.map((s) => ({
    ...s,
    label: new Date(s.at).toLocaleString(undefined, fmt),
  }))

  return (
    <Container className="flex flex-col gap-4 px-6 py-4" data-testid="segment-evolution">
      <div>
        <Heading level="h2">Evolution</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Size after each refresh, with the customers who joined and left.
        </Text>
      </div>
      {isLoading ? (
        <Skeleton className="h-[240px] w-full" />
      ) : points.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted py-8 text-center">
          No refresh yet: the chart fills in after the first one.
        </Text>
      ) : (
        <div className="h-[260px] w-full">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} />
              <YAxis
                allowDecimals={false}
                tick={{ fontSize: 11, fill: COLORS.axis }}
                tickLine={false}
                axisLine={false}
              />
              <Tooltip
                labelFormatter={(_l, payload) =>
                  payload?.[0] ? formatDateTime((payload[0].payload as { at: string }).at) : ""
                }
                contentStyle={{ fontSize: 12, borderRadius: 8 }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="added" name="Joined" fill={COLORS.added} barSize={8} />
              <Bar dataKey="removed" name="Left" fill={COLORS.removed} barSize={8} />
              <Line
                type="monotone"
                dataKey="size"
                name="Size"
                stroke={COLORS.size}
                strokeWidth={2}
                dot={points.length < 40}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </Container>
  )
}
