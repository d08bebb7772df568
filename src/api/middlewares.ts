import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSegmentRoutesMiddlewares } from "./admin/segments/middlewares"

export default defineMiddlewares({
  routes: [...adminSegmentRoutesMiddlewares],
})
