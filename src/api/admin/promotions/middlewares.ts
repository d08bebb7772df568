import type { MiddlewareRoute } from "@medusajs/framework/http"
import { addSegmentRuleAttribute } from "./rule-attribute-options/add-segment-rule-attribute"
import { listSegmentRuleValues } from "./rule-value-options/list-segment-rule-values"
import { addSegmentRules } from "./[id]/[rule_type]/add-segment-rules"
import { validateSegmentRules } from "./validate-segment-rules"

/**
 * "Customer Segment" in the dashboard's own promotion form: extends the core
 * routes the form reads and checks the ones it saves with. Same matchers as
 * core's, so each runs after core's validators for the route (core's
 * middlewares register first) and before core's handler; every request not
 * about segments goes on to core unchanged. Spread into src/api/middlewares.ts;
 * /admin routes already require an authenticated admin user.
 */
export const adminPromotionEditorMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/promotions/rule-attribute-options/:rule_type",
    middlewares: [addSegmentRuleAttribute],
  },
  {
    method: ["GET"],
    matcher: "/admin/promotions/rule-value-options/:rule_type/:rule_attribute_id",
    middlewares: [listSegmentRuleValues],
  },
  {
    method: ["GET"],
    matcher: "/admin/promotions/:id/:rule_type",
    middlewares: [addSegmentRules],
  },
  {
    method: ["POST"],
    matcher: "/admin/promotions",
    middlewares: [validateSegmentRules],
  },
  {
    method: ["POST"],
    matcher: "/admin/promotions/:id/rules/batch",
    middlewares: [validateSegmentRules],
  },
]
