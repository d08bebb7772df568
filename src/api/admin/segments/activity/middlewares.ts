import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateAndTransformBody } from "@medusajs/framework/http"
import { AdminRebuildSegmentActivity } from "./validators"

/** Spread into src/api/middlewares.ts. /admin routes already require an authenticated admin user. */
export const activityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/segments/activity/rebuild",
    middlewares: [validateAndTransformBody(AdminRebuildSegmentActivity)],
  },
]
