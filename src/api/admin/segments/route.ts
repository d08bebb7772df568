import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: segments, metadata } = await query.graph({
    entity: "customer_segment",
    fields: ["id", "name"],
    pagination: { skip: 0, take: 20 },
  })
  res.json({ segments, count: metadata?.count ?? segments.length, offset: 0, limit: 20 })
}
