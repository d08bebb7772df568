import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"
import { adminPromotionSegmentRuleMiddlewares } from "./admin/promotions/[id]/segment-rule/middlewares"
import { adminPromotionEditorMiddlewares } from "./admin/promotions/middlewares"
import { activityMiddlewares } from "./admin/segments/activity/middlewares"
import { adminCategoryProductsMiddlewares } from "./admin/product-categories/[id]/products/middlewares"
import { storeSegmentEventMiddlewares } from "./store/segments/events/middlewares"
import { storeWishlistMiddlewares } from "./store/customers/me/wishlist/middlewares"
import { rejectHostileInput } from "./hostile-input"

// Every route of the plugin: NUL, lone surrogates, invalid UTF-8 and "__proto__" keys
// get a 400 naming their path (src/api/hostile-input.ts; limits in docs/reliability.md).
const hostileInputMiddlewares = [
  // 10,000 ids (the batch limit) are about 350 KB of JSON; Medusa's default body limit, 100 KB, stays for the rest.
  // (Medusa applies a body-parser config to every method of the matcher, and picks the most specific matcher.)
  { matcher: "/admin/segments/:id/customers", bodyParser: { sizeLimit: "1mb", preserveRawBody: true }, middlewares: [] },
  { matcher: "/admin/segments*", bodyParser: { preserveRawBody: true }, middlewares: [rejectHostileInput] },
  { matcher: "/admin/customers/:id/segments", middlewares: [rejectHostileInput] },
  { matcher: "/admin/promotions/:id/segment-rule", bodyParser: { preserveRawBody: true }, middlewares: [rejectHostileInput] },
  { matcher: "/store/customers/me/segments", middlewares: [rejectHostileInput] },
  { matcher: "/store/customers/me/wishlist*", middlewares: [rejectHostileInput] },
  { matcher: "/store/segments/events", middlewares: [rejectHostileInput] },
  { matcher: "/admin/customers/:id/wishlist", middlewares: [rejectHostileInput] },
]

export default defineMiddlewares({
  routes: [
    ...hostileInputMiddlewares,
    ...activityMiddlewares,
    ...adminSegmentRoutesMiddlewares,
    ...adminPromotionSegmentRuleMiddlewares,
    ...adminPromotionEditorMiddlewares,
    ...adminCategoryProductsMiddlewares,
    ...storeSegmentEventMiddlewares,
    ...storeWishlistMiddlewares,
  ],
})
