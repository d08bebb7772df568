import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminCreateSegment,
  AdminEditSegmentMembers,
  AdminExportSegmentParams,
  AdminGetSegmentMembersParams,
  AdminGetSegmentParams,
  AdminGetSegmentsParams,
  AdminPreviewSegment,
  AdminUpdateSegment,
  AdminCreateSegmentPriceRule,
  AdminUpdateSegmentPriceRule,
  AdminRefreshSegment,
  AdminGetSegmentRefreshRunParams,
} from "./validators"
import { listSegmentTransformQueryConfig, retrieveSegmentTransformQueryConfig } from "./query-config"

// A segment id, so that "/admin/segments/preview", "/activity", "/sales" ... do not pass for ":id".
const SEGMENT = "/admin/segments/cseg_[^/]+"
const byId = (rest = "") => new RegExp(`^${SEGMENT}${rest}/?$`)

export const adminSegmentRoutesMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/segments",
    middlewares: [validateAndTransformQuery(AdminGetSegmentsParams, listSegmentTransformQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/segments",
    middlewares: [
      validateAndTransformBody(AdminCreateSegment),
      validateAndTransformQuery(AdminGetSegmentParams, retrieveSegmentTransformQueryConfig),
    ],
  },
  {
    method: ["POST"],
    matcher: "/admin/segments/preview",
    middlewares: [validateAndTransformBody(AdminPreviewSegment)],
  },
  {
    method: ["GET"],
    matcher: byId(),
    middlewares: [validateAndTransformQuery(AdminGetSegmentParams, retrieveSegmentTransformQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: byId(),
    middlewares: [
      validateAndTransformBody(AdminUpdateSegment),
      validateAndTransformQuery(AdminGetSegmentParams, retrieveSegmentTransformQueryConfig),
    ],
  },
  {
    method: ["POST"],
    matcher: byId("/preview"),
    middlewares: [validateAndTransformBody(AdminPreviewSegment)],
  },
  {
    method: ["GET"],
    matcher: byId("/customers"),
    middlewares: [validateAndTransformQuery(AdminGetSegmentMembersParams, {})],
  },
  {
    method: ["POST"],
    matcher: byId("/customers"),
    middlewares: [validateAndTransformBody(AdminEditSegmentMembers)],
  },
  {
    method: ["GET"],
    matcher: byId("/export"),
    middlewares: [validateAndTransformQuery(AdminExportSegmentParams, {})],
  },
  {
    method: ["POST"],
    matcher: byId("/prices"),
    middlewares: [validateAndTransformBody(AdminCreateSegmentPriceRule)],
  },
  {
    method: ["POST"],
    matcher: byId("/prices/[^/]+"),
    middlewares: [validateAndTransformBody(AdminUpdateSegmentPriceRule)],
  },
  {
    method: ["POST"],
    matcher: byId("/refresh"),
    middlewares: [validateAndTransformBody(AdminRefreshSegment)],
  },
  {
    method: ["GET"],
    matcher: byId("/refresh-runs/[^/]+"),
    middlewares: [validateAndTransformQuery(AdminGetSegmentRefreshRunParams, {})],
  },
]
