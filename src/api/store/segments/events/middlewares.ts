import { authenticate, MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { rateLimitStoreEvents } from "./rate-limit"
import { StoreSegmentEvent } from "./validators"

export const storeSegmentEventMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/segments/events",
    middlewares: [
      // guests too: the customer, when there is one, comes from the session or token only
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      rateLimitStoreEvents(),
      validateAndTransformBody(StoreSegmentEvent),
    ],
  },
]
