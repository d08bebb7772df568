export const defaultAdminSegmentFields = [
  "id",
  "name",
  "handle",
  "description",
  "is_active",
  "membership",
  "audience",
  "refresh_mode",
  "conditions",
  "customer_group_id",
  "leave_group_on_exit",
  "storefront_visible",
  "customer_count",
  "last_refreshed_at",
  "last_refresh_ms",
  "last_error",
  "last_error_at",
  "metadata",
  "created_at",
  "updated_at",
]

export const retrieveSegmentTransformQueryConfig = {
  defaults: defaultAdminSegmentFields,
  // Only the segment's own columns: `fields=*members` would load every member of every listed
  // segment in one response (a million rows for a large one). Members are paged at /:id/customers.
  allowed: defaultAdminSegmentFields,
  isList: false,
}

export const listSegmentTransformQueryConfig = {
  ...retrieveSegmentTransformQueryConfig,
  defaultLimit: 20,
  isList: true,
}
