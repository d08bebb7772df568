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
  isList: false,
}

export const listSegmentTransformQueryConfig = {
  ...retrieveSegmentTransformQueryConfig,
  defaultLimit: 20,
  isList: true,
}
