import { Text } from "@medusajs/ui"
import { useActivityStatus } from "../../../hooks/segments"
import { formatNumber } from "../../../lib/format"

const RUNNING = ["running", "pending", "queued", "building"]

const eta = (s?: number | null) => {
  if (!s || s <= 0) {
    return null
  }
  if (s < 60) {
    return `${Math.ceil(s)} s left`
  }
  return `${Math.ceil(s / 60)} min left`
}

/**
 * Progress of the activity-data build (GET /admin/segments/activity), shown
 * while it runs or when it failed: segments read only this data.
 */
export const ActivityBanner = () => {
  const { data } = useActivityStatus()
  const a = data?.activity
  if (!a) {
    return null
  }
  const running = RUNNING.includes(a.status)
  if (!running && !a.error) {
    return null
  }
  const percent = Math.max(0, Math.min(100, a.percent ?? (a.total ? (a.done / a.total) * 100 : 0)))
  return (
    <div
      className="border-ui-border-base bg-ui-bg-base flex flex-col gap-2 rounded-lg border px-6 py-4"
      data-testid="activity-progress"
    >
      <div className="flex items-center justify-between gap-2">
        <Text size="small" weight="plus">
          {a.error ? "Building customer activity data failed" : "Building customer activity data"}
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          {a.error
            ? a.error
            : [
                `${formatNumber(a.done)} / ${formatNumber(a.total)} orders`,
                a.rate_per_second ? `${formatNumber(Math.round(a.rate_per_second))}/s` : null,
                eta(a.eta_seconds),
              ]
                .filter(Boolean)
                .join(" · ")}
        </Text>
      </div>
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
      >
        <div
          className={`h-full rounded-full transition-[width] ${a.error ? "bg-ui-tag-red-icon" : "bg-ui-fg-interactive"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      {running && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          Segment sizes are incomplete until the build finishes; it resumes by itself after a
          restart.
        </Text>
      )}
    </div>
  )
}
