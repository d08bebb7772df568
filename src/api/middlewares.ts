import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"
import { adminPromotionSegmentRuleMiddlewares } from "./admin/promotions/[id]/segment-rule/middlewares"
import { activityMiddlewares } from "./admin/segments/activity/middlewares"
import { storeSegmentEventMiddlewares } from "./store/segments/events/middlewares"
import { storeWishlistMiddlewares } from "./store/customers/me/wishlist/middlewares"

export default defineMiddlewares({
  routes: [...activityMiddlewares, ...adminSegmentRoutesMiddlewares, ...adminPromotionSegmentRuleMiddlewares,
    ...storeSegmentEventMiddlewares, ...storeWishlistMiddlewares],
})
