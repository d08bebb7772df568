import { Skeleton } from "@medusajs/ui"
import { useParams } from "react-router-dom"
import { SegmentForm } from "../../../../components/segment-form/segment-form"
import { RouteFocusModal } from "../../../../components/route-focus-modal"
import { useSegment } from "../../../../hooks/segments"

const EditSegmentPage = () => {
  const { id } = useParams()
  const { data, isLoading } = useSegment(id!)
  return (
    <RouteFocusModal prev={`/segments/${id}`}>
      {isLoading || !data ? (
        <div className="p-8">
          <Skeleton className="h-64 w-full" />
        </div>
      ) : (
        <SegmentForm segment={data.segment} />
      )}
    </RouteFocusModal>
  )
}

export default EditSegmentPage
