import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"
import { adminPromotionSegmentRuleMiddlewares } from "./admin/promotions/[id]/segment-rule/middlewares"

export default defineMiddlewares({
  routes: [...adminSegmentRoutesMiddlewares, ...adminPromotionSegmentRuleMiddlewares],
})
