import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { AdminSetPromotionSegmentRule } from "./validators"

export const adminPromotionSegmentRuleMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/promotions/:id/segment-rule",
    middlewares: [validateAndTransformBody(AdminSetPromotionSegmentRule)],
  },
]
