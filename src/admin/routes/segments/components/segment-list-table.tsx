import { ArrowPath, PencilSquare, Trash } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  type DataTablePaginationState,
  type DataTableSortingState,
  Heading,
  Text,
  toast,
  usePrompt,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { useCustomerGroupNames } from "../../../hooks/customer-groups"
import { useDeleteSegment, useRefreshSegment, useSegments } from "../../../hooks/segments"
import { confirmDependents } from "../../../lib/confirm-dependents"
import { formatNumber, formatRelative } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import type { Segment } from "../../../lib/types"
import { MembershipBadge, RefreshModeBadge } from "./segment-badges"

const PAGE_SIZE = 20
const columnHelper = createDataTableColumnHelper<Segment>()

export const SegmentListTable = () => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({
    pageIndex: 0,
    pageSize: PAGE_SIZE,
  })
  const [sorting, setSorting] = useState<DataTableSortingState | null>(null)

  const order = sorting ? `${sorting.desc ? "-" : ""}${sorting.id}` : undefined
  const { data, isLoading, isError, error } = useSegments({
    q: search || undefined,
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    order,
  })
  const segments = data?.segments ?? []
  const { data: groupNames } = useCustomerGroupNames(segments.map((s) => s.customer_group_id))
  const refresh = useRefreshSegment()
  const remove = useDeleteSegment()

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", {
        header: "Name",
        enableSorting: true,
        sortLabel: "Name",
        cell: ({ row }) => (
          <div className="flex min-w-0 flex-col">
            <Text size="small" weight="plus" className="truncate">
              {row.original.name}
            </Text>
            {row.original.description && (
              <Text size="xsmall" className="text-ui-fg-subtle max-w-[320px] truncate">
                {row.original.description}
              </Text>
            )}
          </div>
        ),
      }),
      columnHelper.accessor("customer_count", {
        header: "Size",
        enableSorting: true,
        sortLabel: "Size",
        sortAscLabel: "Smallest first",
        sortDescLabel: "Largest first",
        cell: ({ getValue }) => formatNumber(getValue()),
      }),
      columnHelper.accessor("membership", {
        header: "Membership",
        cell: ({ getValue }) => <MembershipBadge membership={getValue()} />,
      }),
      columnHelper.accessor("refresh_mode", {
        header: "Refresh",
        cell: ({ row }) =>
          row.original.membership === "manual" ? (
            <Text size="small" className="text-ui-fg-muted">
              -
            </Text>
          ) : (
            <RefreshModeBadge mode={row.original.refresh_mode} />
          ),
      }),
      columnHelper.accessor("last_refreshed_at", {
        header: "Last refreshed",
        enableSorting: true,
        sortLabel: "Last refreshed",
        sortAscLabel: "Oldest first",
        sortDescLabel: "Newest first",
        cell: ({ row }) =>
          row.original.last_error ? (
            <Text size="small" className="text-ui-fg-error" title={row.original.last_error}>
              Failed {formatRelative(row.original.last_error_at)}
            </Text>
          ) : (
            <span title={row.original.last_refreshed_at ?? undefined}>
              {row.original.last_refreshed_at
                ? formatRelative(row.original.last_refreshed_at)
                : "Never"}
            </span>
          ),
      }),
      columnHelper.accessor("customer_group_id", {
        header: "Group",
        cell: ({ getValue }) => {
          const id = getValue()
          if (!id) {
            return <span className="text-ui-fg-muted">-</span>
          }
          return (
            <Link
              to={`/customer-groups/${id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
              onClick={(e) => e.stopPropagation()}
            >
              {groupNames?.get(id) ?? id}
            </Link>
          )
        },
      }),
      columnHelper.action({
        actions: ({ row }) => [
          [
            {
              label: "Edit",
              icon: <PencilSquare />,
              onClick: () => navigate(`/segments/${row.original.id}/edit`),
            },
            {
              label: "Refresh now",
              icon: <ArrowPath />,
              onClick: () =>
                refresh.mutate(row.original.id, {
                  onSuccess: (r) =>
                    toast.success(
                      `${row.original.name}: ${r.size} members (+${r.added} / -${r.removed})`
                    ),
                  onError: (e) => toast.error(errorMessage(e)),
                }),
            },
          ],
          [
            {
              label: "Delete",
              icon: <Trash />,
              onClick: async () => {
                const ok = await confirmDependents(prompt, row.original, "delete")
                if (!ok) {
                  return
                }
                remove.mutate(row.original.id, {
                  onSuccess: () => toast.success(`Segment "${row.original.name}" deleted`),
                  onError: (e) => toast.error(errorMessage(e)),
                })
              },
            },
          ],
        ],
      }),
    ],
    [groupNames, navigate, prompt, refresh, remove]
  )

  const table = useDataTable({
    data: segments,
    columns,
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    onRowClick: (_e, row) => navigate(`/segments/${row.id}`),
    search: {
      state: search,
      onSearchChange: (q) => {
        setSearch(q)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
    sorting: { state: sorting, onSortingChange: setSorting },
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Segments</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Customers grouped by what they do, kept up to date on their own.
            </Text>
          </div>
          <div className="flex w-full items-center gap-2 md:w-auto">
            <DataTable.Search placeholder="Search segments" />
            <DataTable.SortingMenu tooltip="Sort" />
            <Button size="small" variant="secondary" asChild>
              <Link to="/segments/sales">Sales by segment</Link>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="create" data-testid="segment-create">
                Create
              </Link>
            </Button>
          </div>
        </DataTable.Toolbar>
        {isError ? (
          <div className="px-6 py-4">
            <Text size="small" className="text-ui-fg-error">
              {errorMessage(error)}
            </Text>
          </div>
        ) : (
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No segments yet",
                description: "Create one from scratch or from a template (VIP, departed, first-time buyers...).",
              },
              filtered: {
                heading: "No matching segments",
                description: "Try another search.",
              },
            }}
          />
        )}
        <DataTable.Pagination />
      </DataTable>
    </Container>
  )
}
