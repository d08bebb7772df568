import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"
import { adminPromotionSegmentRuleMiddlewares } from "./admin/promotions/[id]/segment-rule/middlewares"
import { adminPromotionEditorMiddlewares } from "./admin/promotions/middlewares"
import { activityMiddlewares } from "./admin/segments/activity/middlewares"
import { adminCategoryProductsMiddlewares } from "./admin/product-categories/[id]/products/middlewares"
import { storeSegmentEventMiddlewares } from "./store/segments/events/middlewares"
import { storeWishlistMiddlewares } from "./store/customers/me/wishlist/middlewares"

export default defineMiddlewares({
  routes: [
    ...activityMiddlewares,
    ...adminSegmentRoutesMiddlewares,
    ...adminPromotionSegmentRuleMiddlewares,
    ...adminPromotionEditorMiddlewares,
    ...adminCategoryProductsMiddlewares,
    ...storeSegmentEventMiddlewares,
    ...storeWishlistMiddlewares,
  ],
})
