import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateSegmentsWorkflow } from "../../../../workflows/segments/update-segments"
import { deleteSegmentsWorkflow } from "../../../../workflows/segments/delete-segments"
import { AdminUpdateSegmentType } from "../validators"
import { refetchSegment } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const segment = await refetchSegment(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ segment })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateSegmentType>, res: MedusaResponse) => {
  await refetchSegment(req.scope, req.params.id, ["id"]) // 404 before validating against it
  await updateSegmentsWorkflow(req.scope).run({ input: { segments: [{ ...req.validatedBody, id: req.params.id }] } })
  const segment = await refetchSegment(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ segment })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchSegment(req.scope, req.params.id, ["id"])
  await deleteSegmentsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "customer_segment", deleted: true })
}
