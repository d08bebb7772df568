import { ArrowDownTray, ArrowPath, EllipsisHorizontal, PencilSquare, Trash } from "@medusajs/icons"
import {
  Alert,
  Button,
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { useCustomerGroupNames } from "../../../../hooks/customer-groups"
import {
  downloadSegmentExport,
  useDeleteSegment,
  useRefreshSegment,
} from "../../../../hooks/segments"
import { formatDateTime, formatNumber, formatRelative } from "../../../../lib/format"
import { errorMessage } from "../../../../lib/sdk"
import type { Segment } from "../../../../lib/types"
import { MembershipBadge, RefreshModeBadge } from "../../components/segment-badges"
import { confirmDependents } from "../../../../lib/confirm-dependents"

const Stat = ({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) => (
  <div className="flex flex-col gap-1">
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus" data-testid={testId}>
      {children}
    </Text>
  </div>
)

const FORMATS = [
  { id: "csv", label: "CSV" },
  { id: "json", label: "JSON" },
  { id: "xml", label: "XML" },
] as const

export const SegmentSummary = ({ segment }: { segment: Segment }) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const refresh = useRefreshSegment()
  const remove = useDeleteSegment()
  const [exporting, setExporting] = useState<string | null>(null)
  const { data: groups } = useCustomerGroupNames([segment.customer_group_id])

  const onRefresh = () =>
    refresh.mutate(segment.id, {
      onSuccess: (r) =>
        toast.success(
          `Refreshed: ${formatNumber(r.size)} members, ${r.added} joined, ${r.removed} left (${r.duration_ms} ms)`
        ),
      onError: (e) => toast.error(errorMessage(e)),
    })

  const onExport = async (format: "csv" | "json" | "xml") => {
    setExporting(format)
    try {
      await downloadSegmentExport(segment.id, format, segment.handle || segment.id)
    } catch (e) {
      toast.error(errorMessage(e))
    } finally {
      setExporting(null)
    }
  }

  const onDelete = async () => {
    const ok = await confirmDependents(prompt, segment, "delete")
    if (ok) {
      remove.mutate(segment.id, {
        onSuccess: () => {
          toast.success(`Segment "${segment.name}" deleted`)
          navigate("/segments", { replace: true })
        },
        onError: (e) => toast.error(errorMessage(e)),
      })
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="segment-summary">
      <div className="flex flex-col gap-3 px-6 py-4 md:flex-row md:items-start md:justify-between">
        <div className="flex min-w-0 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <Heading>{segment.name}</Heading>
            <MembershipBadge membership={segment.membership} />
            {segment.membership === "rules" && <RefreshModeBadge mode={segment.refresh_mode} />}
            {!segment.is_active && (
              <Text size="xsmall" className="text-ui-fg-muted">
                Inactive
              </Text>
            )}
          </div>
          {segment.description && (
            <Text size="small" className="text-ui-fg-subtle">
              {segment.description}
            </Text>
          )}
        </div>
        <div className="flex items-center gap-2">
          {segment.membership === "rules" && (
            <Button
              size="small"
              variant="secondary"
              onClick={onRefresh}
              isLoading={refresh.isPending}
              data-testid="segment-refresh"
            >
              <ArrowPath />
              Refresh
            </Button>
          )}
          <DropdownMenu>
            <DropdownMenu.Trigger asChild>
              <Button
                size="small"
                variant="secondary"
                isLoading={!!exporting}
                data-testid="segment-export"
              >
                <ArrowDownTray />
                Export
              </Button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content align="end">
              {FORMATS.map((f) => (
                <DropdownMenu.Item
                  key={f.id}
                  onClick={() => onExport(f.id)}
                  data-testid={`segment-export-${f.id}`}
                >
                  {f.label}
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu>
          <DropdownMenu>
            <DropdownMenu.Trigger asChild>
              <IconButton size="small" variant="transparent" aria-label="More actions">
                <EllipsisHorizontal />
              </IconButton>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content align="end">
              <DropdownMenu.Item asChild>
                <Link to="edit" className="flex items-center gap-x-2">
                  <PencilSquare className="text-ui-fg-subtle" />
                  Edit
                </Link>
              </DropdownMenu.Item>
              <DropdownMenu.Separator />
              <DropdownMenu.Item onClick={onDelete} className="flex items-center gap-x-2">
                <Trash className="text-ui-fg-subtle" />
                Delete
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu>
        </div>
      </div>
      {segment.last_error && (
        <div className="px-6 py-3">
          <Alert variant="error">
            Last refresh failed {formatRelative(segment.last_error_at)}: {segment.last_error}
          </Alert>
        </div>
      )}
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Size" testId="segment-size">
          {formatNumber(segment.customer_count)}
        </Stat>
        <Stat label="Manual members">{formatNumber(segment.manual_count)}</Stat>
        <Stat label="Audience">
          {segment.audience === "all" ? "Registered and guests" : "Registered"}
        </Stat>
        <Stat label="Last refresh">
          <span title={formatDateTime(segment.last_refreshed_at)}>
            {segment.last_refreshed_at ? formatRelative(segment.last_refreshed_at) : "Never"}
            {segment.last_refresh_ms != null && (
              <span className="text-ui-fg-muted font-normal"> · {segment.last_refresh_ms} ms</span>
            )}
          </span>
        </Stat>
        <Stat label="Next scheduled refresh">
          {segment.membership === "manual"
            ? "-"
            : segment.refresh_mode === "manual"
              ? "On demand"
              : segment.refresh_mode === "realtime"
                ? `Real time${segment.next_refresh_at ? `; full ${formatRelative(segment.next_refresh_at)}` : ""}`
                : formatDateTime(segment.next_refresh_at)}
        </Stat>
        <Stat label="Customer group">
          {segment.customer_group_id ? (
            <Link
              to={`/customer-groups/${segment.customer_group_id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
            >
              {groups?.get(segment.customer_group_id) ?? segment.customer_group_id}
            </Link>
          ) : (
            "-"
          )}
          {segment.customer_group_id && !segment.leave_group_on_exit && (
            <span className="text-ui-fg-muted font-normal"> (members stay on exit)</span>
          )}
        </Stat>
      </div>
    </Container>
  )
}
