import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createSegmentsWorkflow } from "../../../workflows/segments/create-segments"
import { AdminCreateSegmentType, AdminGetSegmentsParamsType } from "./validators"
import { decorateSegments, refetchSegment } from "./helpers"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetSegmentsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "segment",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    segments: await decorateSegments(req.scope, data),
    count: metadata?.count ?? data.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? data.length,
  })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSegmentType>, res: MedusaResponse) => {
  const { result } = await createSegmentsWorkflow(req.scope).run({ input: { segments: [req.validatedBody] } })
  const segment = await refetchSegment(req.scope, result[0].id, req.queryConfig.fields)
  res.status(200).json({ segment })
}
