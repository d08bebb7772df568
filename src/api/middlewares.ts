import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"
import { adminPromotionSegmentRuleMiddlewares } from "./admin/promotions/[id]/segment-rule/middlewares"
import { adminPromotionEditorMiddlewares } from "./admin/promotions/middlewares"
import { activityMiddlewares } from "./admin/segments/activity/middlewares"
import { adminCategoryProductsMiddlewares } from "./admin/product-categories/[id]/products/middlewares"

export default defineMiddlewares({
  routes: [
    ...activityMiddlewares,
    ...adminSegmentRoutesMiddlewares,
    ...adminPromotionSegmentRuleMiddlewares,
    ...adminPromotionEditorMiddlewares,
    ...adminCategoryProductsMiddlewares,
  ],
})
