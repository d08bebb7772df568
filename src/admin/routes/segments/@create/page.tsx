import { SegmentForm } from "../../../components/segment-form/segment-form"
import { RouteFocusModal } from "../../../components/route-focus-modal"

const CreateSegmentPage = () => (
  <RouteFocusModal prev="/segments">
    <SegmentForm />
  </RouteFocusModal>
)

export default CreateSegmentPage
