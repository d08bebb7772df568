import { Skeleton, Text } from "@medusajs/ui"
import { Outlet, useParams, type LoaderFunctionArgs, type UIMatch } from "react-router-dom"
import { useSegment } from "../../../hooks/segments"
import { errorMessage, sdk } from "../../../lib/sdk"
import type { Segment } from "../../../lib/types"
import { ActivityBanner } from "../components/activity-banner"
import { SegmentConditions } from "./components/segment-conditions"
import { SegmentDependencies } from "./components/segment-dependencies"
import { SegmentEvolutionChart } from "./components/segment-evolution-chart"
import { SegmentMembersTable } from "./components/segment-members-table"
import { SegmentPrices } from "./components/segment-prices"
import { SegmentSummary } from "./components/segment-summary"

const SegmentDetailPage = () => {
  const { id } = useParams()
  const { data, isLoading, error } = useSegment(id!)

  if (isLoading) {
    return (
      <div className="flex flex-col gap-y-3">
        <Skeleton className="h-[160px] w-full" />
        <Skeleton className="h-[320px] w-full" />
      </div>
    )
  }
  if (error || !data) {
    return (
      <Text size="small" className="text-ui-fg-error">
        {errorMessage(error)}
      </Text>
    )
  }
  const segment = data.segment
  return (
    <div className="flex flex-col gap-y-3">
      <ActivityBanner />
      <SegmentSummary segment={segment} />
      <div className="flex flex-col gap-3 xl:flex-row">
        <div className="flex min-w-0 flex-1 flex-col gap-y-3">
          <SegmentEvolutionChart segmentId={segment.id} />
          <SegmentMembersTable segment={segment} />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[400px]">
          <SegmentConditions segment={segment} />
          <SegmentDependencies segment={segment} />
          <SegmentPrices segment={segment} />
        </div>
      </div>
      <Outlet />
    </div>
  )
}

export const loader = async ({ params }: LoaderFunctionArgs) => {
  try {
    return await sdk.client.fetch<{ segment: Segment }>(`/admin/segments/${params.id}`)
  } catch {
    return null
  }
}

export const handle = {
  breadcrumb: (match: UIMatch<{ segment: Segment } | null>) =>
    match.data?.segment?.name ?? "Segment",
}

export default SegmentDetailPage
