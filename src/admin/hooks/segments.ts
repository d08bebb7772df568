import {
  keepPreviousData,
  QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
  UseQueryOptions,
} from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type {
  ActivityStatus,
  Catalogue,
  ChangePreviewResponse,
  Explanation,
  SegmentDependencies,
  ConditionGroup,
  CustomerSegmentEntry,
  MembersChange,
  MembersChangeResponse,
  PreviewResponse,
  PromotionSegmentRule,
  RefreshResponse,
  SalesBySegment,
  Segment,
  SegmentListResponse,
  SegmentMembersResponse,
  SegmentPriceRuleInput,
  SegmentPrices,
  SegmentTemplate,
  SegmentWritable,
  Snapshot,
} from "../lib/types"

type Query = Record<string, string | number | boolean | undefined | null>

/** Query-key factory: every key of the plugin starts with "customer_segments". */
export const segmentKeys = {
  all: ["customer_segments"] as const,
  lists: () => [...segmentKeys.all, "list"] as const,
  list: (query?: Query) => [...segmentKeys.lists(), query ?? {}] as const,
  details: () => [...segmentKeys.all, "detail"] as const,
  detail: (id: string) => [...segmentKeys.details(), id] as const,
  members: (id: string, query?: Query) =>
    [...segmentKeys.detail(id), "members", query ?? {}] as const,
  evolution: (id: string) => [...segmentKeys.detail(id), "evolution"] as const,
  explain: (id: string, customerId: string) => [...segmentKeys.detail(id), "explain", customerId] as const,
  dependencies: (id: string) => [...segmentKeys.detail(id), "dependencies"] as const,
  catalogue: () => [...segmentKeys.all, "conditions"] as const,
  templates: () => [...segmentKeys.all, "templates"] as const,
  activity: () => [...segmentKeys.all, "activity"] as const,
  sales: (query?: Query) => [...segmentKeys.all, "sales", query ?? {}] as const,
  customer: (customerId: string) =>
    [...segmentKeys.all, "customer", customerId] as const,
  promotionRule: (promotionId: string) =>
    [...segmentKeys.all, "promotion-rule", promotionId] as const,
  prices: (id: string) => [...segmentKeys.detail(id), "prices"] as const,
}

const clean = (query?: Query) => {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") {
      out[k] = v
    }
  }
  return out
}

type Opts<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, "queryKey" | "queryFn">

export const useSegments = (query?: Query, options?: Opts<SegmentListResponse>) =>
  useQuery({
    queryKey: segmentKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<SegmentListResponse>("/admin/segments", {
        query: clean(query),
      }),
    placeholderData: keepPreviousData,
    ...options,
  })

export const useSegment = (id: string, options?: Opts<{ segment: Segment }>) =>
  useQuery({
    queryKey: segmentKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ segment: Segment }>(`/admin/segments/${id}`),
    ...options,
  })

export const useSegmentMembers = (
  id: string,
  query?: Query,
  options?: Opts<SegmentMembersResponse>
) =>
  useQuery({
    queryKey: segmentKeys.members(id, query),
    queryFn: () =>
      sdk.client.fetch<SegmentMembersResponse>(`/admin/segments/${id}/customers`, {
        query: clean(query),
      }),
    placeholderData: keepPreviousData,
    ...options,
  })

export const useSegmentEvolution = (id: string) =>
  useQuery({
    queryKey: segmentKeys.evolution(id),
    queryFn: () =>
      sdk.client.fetch<{ snapshots: Snapshot[] }>(`/admin/segments/${id}/evolution`),
  })

/** Why a customer is in the segment or not (fetched when `customerId` is set). */
export const useExplainMembership = (id: string | null, customerId: string | null) =>
  useQuery({
    queryKey: segmentKeys.explain(id ?? "", customerId ?? ""),
    queryFn: () =>
      sdk.client.fetch<{ explanation: Explanation }>(
        `/admin/segments/${id}/customers/${customerId}/explain`
      ),
    enabled: !!id && !!customerId,
  })

/** Promotions, customer groups, price lists and segments that depend on the segment. */
export const useSegmentDependencies = (id: string) =>
  useQuery({
    queryKey: segmentKeys.dependencies(id),
    queryFn: () =>
      sdk.client.fetch<{ dependencies: SegmentDependencies }>(`/admin/segments/${id}/dependencies`),
  })

/** Fetches the dependencies once, for a confirmation prompt. */
export const fetchSegmentDependencies = (id: string) =>
  sdk.client
    .fetch<{ dependencies: SegmentDependencies }>(`/admin/segments/${id}/dependencies`)
    .then((r) => r.dependencies)

export const useConditionCatalogue = () =>
  useQuery({
    queryKey: segmentKeys.catalogue(),
    queryFn: () => sdk.client.fetch<Catalogue>("/admin/segments/conditions"),
    staleTime: 5 * 60_000,
  })

export const useSegmentTemplates = () =>
  useQuery({
    queryKey: segmentKeys.templates(),
    queryFn: () =>
      sdk.client.fetch<{ templates: SegmentTemplate[] }>("/admin/segments/templates"),
    staleTime: 5 * 60_000,
  })

/** Polls every 2 s while the activity data is being built. */
export const useActivityStatus = () =>
  useQuery({
    queryKey: segmentKeys.activity(),
    queryFn: () =>
      sdk.client.fetch<{ activity: ActivityStatus }>("/admin/segments/activity"),
    refetchInterval: (q) => {
      const status = q.state.data?.activity?.status
      return status && ["running", "pending", "queued", "building"].includes(status)
        ? 2000
        : false
    },
  })

export const useSalesBySegment = (query?: Query) =>
  useQuery({
    queryKey: segmentKeys.sales(query),
    queryFn: () =>
      sdk.client.fetch<SalesBySegment>("/admin/segments/sales", { query: clean(query) }),
    placeholderData: keepPreviousData,
  })

export const useCustomerSegments = (customerId: string) =>
  useQuery({
    queryKey: segmentKeys.customer(customerId),
    queryFn: () =>
      sdk.client.fetch<{ segments: CustomerSegmentEntry[] }>(
        `/admin/customers/${customerId}/segments`
      ),
  })

export const usePromotionSegmentRule = (promotionId: string) =>
  useQuery({
    queryKey: segmentKeys.promotionRule(promotionId),
    queryFn: () =>
      sdk.client.fetch<{ rule: PromotionSegmentRule | null }>(
        `/admin/promotions/${promotionId}/segment-rule`
      ),
  })

export const useCreateSegment = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: SegmentWritable) =>
      sdk.client.fetch<{ segment: Segment }>("/admin/segments", {
        method: "POST",
        body,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.lists() }),
  })
}

export const useUpdateSegment = (id: string) => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: SegmentWritable) =>
      sdk.client.fetch<{ segment: Segment }>(`/admin/segments/${id}`, {
        method: "POST",
        body,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
      qc.invalidateQueries({ queryKey: segmentKeys.detail(id) })
    },
  })
}

export const useDeleteSegment = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/segments/${id}`, {
        method: "DELETE",
      }),
    onSuccess: (_data, id) => {
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
      qc.removeQueries({ queryKey: segmentKeys.detail(id) })
    },
  })
}

export const useRefreshSegment = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<RefreshResponse>(`/admin/segments/${id}/refresh`, {
        method: "POST",
      }),
    onSuccess: (_data, id) => {
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
      qc.invalidateQueries({ queryKey: segmentKeys.detail(id) })
      qc.invalidateQueries({ queryKey: [...segmentKeys.all, "customer"] })
    },
  })
}

export const usePreviewSegment = () =>
  useMutation({
    mutationFn: (body: { conditions: ConditionGroup; audience: string }) =>
      sdk.client.fetch<PreviewResponse>("/admin/segments/preview", {
        method: "POST",
        body,
      }),
  })

/** Who would join and leave if the edit were saved. */
export const usePreviewSegmentChange = (id: string) =>
  useMutation({
    mutationFn: (body: { conditions: ConditionGroup; audience: string }) =>
      sdk.client.fetch<ChangePreviewResponse>(`/admin/segments/${id}/preview`, {
        method: "POST",
        body,
      }),
  })

export const useChangeMembers = (id: string) => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: MembersChange) =>
      sdk.client.fetch<MembersChangeResponse>(`/admin/segments/${id}/customers`, {
        method: "POST",
        body,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
      qc.invalidateQueries({ queryKey: segmentKeys.detail(id) })
      qc.invalidateQueries({ queryKey: [...segmentKeys.all, "customer"] })
    },
  })
}

/** Add to / remove from any segment (the customer widget acts on several segments). */
export const useChangeMembersOf = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ segmentId, ...body }: MembersChange & { segmentId: string }) =>
      sdk.client.fetch<MembersChangeResponse>(
        `/admin/segments/${segmentId}/customers`,
        { method: "POST", body }
      ),
    onSuccess: (_d, { segmentId }) => {
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
      qc.invalidateQueries({ queryKey: segmentKeys.detail(segmentId) })
      qc.invalidateQueries({ queryKey: [...segmentKeys.all, "customer"] })
    },
  })
}

export const useSavePromotionSegmentRule = (promotionId: string) => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (rule: PromotionSegmentRule | null) =>
      rule
        ? sdk.client.fetch<{ rule: PromotionSegmentRule | null }>(
            `/admin/promotions/${promotionId}/segment-rule`,
            { method: "POST", body: rule }
          )
        : sdk.client.fetch<{ rule: null }>(
            `/admin/promotions/${promotionId}/segment-rule`,
            { method: "DELETE" }
          ),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: segmentKeys.promotionRule(promotionId) })
      qc.invalidateQueries({ queryKey: ["promotions"] })
    },
  })
}

/** Downloads GET /admin/segments/:id/export?format=... as a file. */
export const downloadSegmentExport = async (
  id: string,
  format: "csv" | "json" | "xml",
  fallbackName: string
) => {
  const res = await fetch(`/admin/segments/${id}/export?format=${format}`, {
    credentials: "include",
  })
  if (!res.ok) {
    let message = `Export failed (${res.status})`
    try {
      message = (await res.json()).message ?? message
    } catch {
      // not JSON
    }
    throw new Error(message)
  }
  const disposition = res.headers.get("content-disposition") ?? ""
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)
  const name = match ? decodeURIComponent(match[1]) : `${fallbackName}.${format}`
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export const useSegmentPrices = (id: string) =>
  useQuery({
    queryKey: segmentKeys.prices(id),
    queryFn: () => sdk.client.fetch<SegmentPrices>(`/admin/segments/${id}/prices`),
  })

/** Adds a price rule (`rule_id` absent) or changes one; the segment (its group may be new) and its prices are re-read. */
export const useSaveSegmentPriceRule = (segmentId: string) => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ rule_id, body }: { rule_id?: string; body: Partial<SegmentPriceRuleInput> }) =>
      sdk.client.fetch<SegmentPrices>(
        rule_id ? `/admin/segments/${segmentId}/prices/${rule_id}` : `/admin/segments/${segmentId}/prices`,
        { method: "POST", body }
      ),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: segmentKeys.detail(segmentId) })
      qc.invalidateQueries({ queryKey: segmentKeys.lists() })
    },
  })
}

export const useDeleteSegmentPriceRule = (segmentId: string) => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (ruleId: string) =>
      sdk.client.fetch<SegmentPrices>(`/admin/segments/${segmentId}/prices/${ruleId}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.detail(segmentId) }),
  })
}
