import { InformationCircleSolid, Plus } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableCommandHelper,
  createDataTableFilterHelper,
  DataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
  type DataTableRowSelectionState,
  Heading,
  Text,
  toast,
  Tooltip,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { useChangeMembers, useSegmentMembers } from "../../../../hooks/segments"
import { customerName, formatDateTime } from "../../../../lib/format"
import { errorMessage } from "../../../../lib/sdk"
import type { MembersChange, Segment, SegmentMember } from "../../../../lib/types"
import { SourceBadge } from "../../components/segment-badges"
import { AddCustomersDrawer } from "./add-customers-drawer"
import { ExplainDrawer } from "../../../../components/explain/explain-drawer"

const PAGE_SIZE = 20
const columnHelper = createDataTableColumnHelper<SegmentMember>()
const filterHelper = createDataTableFilterHelper<SegmentMember>()
const commandHelper = createDataTableCommandHelper()

const COME_BACK_NOTE =
  "A removed customer who still matches the conditions may come back at the next refresh. To keep someone out for good, change the conditions."

export const SegmentMembersTable = ({ segment }: { segment: Segment }) => {
  const prompt = usePrompt()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({
    pageIndex: 0,
    pageSize: PAGE_SIZE,
  })
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [rowSelection, setRowSelection] = useState<DataTableRowSelectionState>({})
  const [adding, setAdding] = useState(false)
  const [explaining, setExplaining] = useState<string | null>(null)
  const isRules = segment.membership === "rules"

  const source = filtering.source as string | undefined
  const { data, isLoading } = useSegmentMembers(segment.id, {
    q: search || undefined,
    source,
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
  })
  const change = useChangeMembers(segment.id)

  const apply = async (body: MembersChange, done: string) => {
    try {
      await change.mutateAsync(body)
      toast.success(done)
      setRowSelection({})
    } catch (e) {
      toast.error(errorMessage(e))
    }
  }

  const confirmRemove = async (ids: string[]) => {
    const ok = await prompt({
      title: `Remove ${ids.length} customer${ids.length === 1 ? "" : "s"}?`,
      description: isRules
        ? `They leave the segment now. ${COME_BACK_NOTE}`
        : "They leave the segment now.",
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (ok) {
      await apply({ remove: ids }, `${ids.length} removed`)
    }
  }

  const columns = useMemo(
    () => [
      columnHelper.select(),
      columnHelper.accessor("email", {
        header: "Customer",
        cell: ({ row }) => (
          <div className="flex min-w-0 flex-col">
            <Link
              to={`/customers/${row.original.id}`}
              className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive truncate"
            >
              {customerName(row.original)}
            </Link>
            <Text size="xsmall" className="text-ui-fg-subtle truncate">
              {row.original.email}
            </Text>
          </div>
        ),
      }),
      columnHelper.accessor("has_account", {
        header: "Account",
        cell: ({ getValue }) => (getValue() ? "Registered" : "Guest"),
      }),
      columnHelper.accessor("source", {
        header: "Source",
        cell: ({ getValue }) => <SourceBadge source={getValue()} />,
      }),
      columnHelper.accessor("added_at", {
        header: "Added",
        cell: ({ getValue }) => formatDateTime(getValue()),
      }),
      columnHelper.action({
        actions: ({ row }) => {
          const m = row.original
          const first =
            isRules && m.source === "auto"
              ? {
                  label: "Mark manual (keep)",
                  onClick: () =>
                    apply({ mark_manual: [m.id] }, `${m.email ?? m.id} is now a manual member`),
                }
              : isRules
                ? {
                    label: "Mark auto",
                    onClick: () =>
                      apply({ mark_auto: [m.id] }, `${m.email ?? m.id} now follows the conditions`),
                  }
                : null
          return [
            [{ label: "Why?", onClick: () => setExplaining(m.id) }],
            ...(first ? [[first]] : []),
            [{ label: "Remove", onClick: () => confirmRemove([m.id]) }],
          ]
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [isRules, segment.id]
  )

  const filters = useMemo(
    () =>
      isRules
        ? [
            filterHelper.accessor("source", {
              type: "radio",
              label: "Source",
              options: [
                { label: "Auto (matches the conditions)", value: "auto" },
                { label: "Manual (added or pinned by hand)", value: "manual" },
              ],
            }),
          ]
        : [],
    [isRules]
  )

  const commands = useMemo(() => {
    const ids = (s: DataTableRowSelectionState) => Object.keys(s).filter((k) => s[k])
    return [
      ...(isRules
        ? [
            commandHelper.command({
              label: "Mark manual",
              shortcut: "M",
              action: (s) => apply({ mark_manual: ids(s) }, `${ids(s).length} marked manual`),
            }),
            commandHelper.command({
              label: "Mark auto",
              shortcut: "A",
              action: (s) => apply({ mark_auto: ids(s) }, `${ids(s).length} marked auto`),
            }),
          ]
        : []),
      commandHelper.command({
        label: "Remove",
        shortcut: "R",
        action: (s) => confirmRemove(ids(s)),
      }),
    ]
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isRules, segment.id])

  const table = useDataTable({
    data: data?.customers ?? [],
    columns,
    filters,
    commands,
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    search: {
      state: search,
      onSearchChange: (q) => {
        setSearch(q)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    filtering: {
      state: filtering,
      onFilteringChange: (f) => {
        setFiltering(f)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
    rowSelection: { state: rowSelection, onRowSelectionChange: setRowSelection },
  })

  return (
    <Container className="divide-y p-0" data-testid="segment-members">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div className="flex items-center gap-2">
            <Heading level="h2">Members</Heading>
            {isRules && (
              <Tooltip content={COME_BACK_NOTE} maxWidth={320}>
                <InformationCircleSolid className="text-ui-fg-muted" />
              </Tooltip>
            )}
          </div>
          <div className="flex w-full items-center gap-2 md:w-auto">
            {isRules && <DataTable.FilterMenu tooltip="Filter by source" />}
            <DataTable.Search placeholder="Search members" />
            <Button
              size="small"
              variant="secondary"
              onClick={() => setAdding(true)}
              data-testid="segment-add-customers"
            >
              <Plus />
              Add customers
            </Button>
          </div>
        </DataTable.Toolbar>
        {isRules && (
          <div className="px-6 py-2">
            <Text size="xsmall" className="text-ui-fg-subtle">
              Auto members joined by matching the conditions and leave when they stop matching.
              Manual members stay until you remove them. {COME_BACK_NOTE.split(". ")[0]}.
            </Text>
          </div>
        )}
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No members yet",
              description: isRules
                ? "Refresh the segment, or add customers by hand."
                : "Add customers by hand.",
            },
            filtered: { heading: "No matching members" },
          }}
        />
        <DataTable.Pagination />
        <DataTable.CommandBar selectedLabel={(count) => `${count} selected`} />
      </DataTable>
      <AddCustomersDrawer segmentId={segment.id} open={adding} onOpenChange={setAdding} />
      <ExplainDrawer segmentId={segment.id} customerId={explaining} onClose={() => setExplaining(null)} />
    </Container>
  )
}
