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
} from "./validators"
import { listSegmentTransformQueryConfig, retrieveSegmentTransformQueryConfig } from "./query-config"

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
    matcher: "/admin/segments/:id",
    middlewares: [validateAndTransformQuery(AdminGetSegmentParams, retrieveSegmentTransformQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/segments/:id",
    middlewares: [
      validateAndTransformBody(AdminUpdateSegment),
      validateAndTransformQuery(AdminGetSegmentParams, retrieveSegmentTransformQueryConfig),
    ],
  },
  {
    method: ["GET"],
    matcher: "/admin/segments/:id/customers",
    middlewares: [validateAndTransformQuery(AdminGetSegmentMembersParams, {})],
  },
  {
    method: ["POST"],
    matcher: "/admin/segments/:id/customers",
    middlewares: [validateAndTransformBody(AdminEditSegmentMembers)],
  },
  {
    method: ["GET"],
    matcher: "/admin/segments/:id/export",
    middlewares: [validateAndTransformQuery(AdminExportSegmentParams, {})],
  },
]
