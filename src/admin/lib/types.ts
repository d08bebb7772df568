export type Membership = "rules" | "manual"
export type Audience = "registered" | "all"
export type RefreshMode = "manual" | "daily" | "weekly" | "monthly" | "realtime"

/** A rule of the SPEC §3 tree. */
export type ConditionRule = {
  field: string
  operator: string
  value?: unknown
  params?: Record<string, unknown>
}

/** A group of the SPEC §3 tree. */
export type ConditionGroup = {
  combinator: "and" | "or"
  not?: boolean
  rules: (ConditionRule | ConditionGroup)[]
}

export type Segment = {
  id: string
  name: string
  handle: string
  description: string | null
  is_active: boolean
  membership: Membership
  audience: Audience
  refresh_mode: RefreshMode
  conditions: ConditionGroup | null
  customer_group_id: string | null
  leave_group_on_exit: boolean
  storefront_visible: boolean
  customer_count: number
  manual_count: number
  last_refreshed_at: string | null
  last_refresh_ms: number | null
  next_refresh_at: string | null
  last_error: string | null
  last_error_at: string | null
  metadata: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

export type SegmentWritable = Partial<
  Pick<
    Segment,
    | "name"
    | "description"
    | "is_active"
    | "membership"
    | "audience"
    | "refresh_mode"
    | "conditions"
    | "customer_group_id"
    | "leave_group_on_exit"
    | "storefront_visible"
    | "metadata"
  >
>

export type SegmentListResponse = {
  segments: Segment[]
  count: number
  offset: number
  limit: number
}

export type PreviewCustomer = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  has_account: boolean
}

export type PreviewResponse = { count: number; sample: PreviewCustomer[] }

export type RefreshResponse = {
  added: number
  removed: number
  size: number
  duration_ms: number
}

export type MemberSource = "auto" | "manual"

export type SegmentMember = PreviewCustomer & {
  source: MemberSource
  added_at: string
}

export type SegmentMembersResponse = {
  customers: SegmentMember[]
  count: number
  offset: number
  limit: number
}

export type MembersChange = {
  add?: string[]
  remove?: string[]
  mark_manual?: string[]
  mark_auto?: string[]
}

export type MembersChangeResponse = {
  added: number
  removed: number
  marked_manual: number
  marked_auto: number
}

export type Snapshot = {
  at: string
  size: number
  added: number
  removed: number
  manual: number
}

export type FieldType = "string" | "number" | "date" | "boolean" | "id_list"

export type PickerKind =
  | "product"
  | "variant"
  | "sku"
  | "collection"
  | "category"
  | "product_type"
  | "product_tag"
  | "customer_group"
  | "region"
  | "sales_channel"
  | "segment"
  | "country"
  | "currency"
  | "rfm_group"

export type CatalogueParam = {
  name: string
  type: string
  values?: (string | { value: string; label?: string })[]
  description?: string
}

export type CatalogueField = {
  name: string
  label: string
  group: string
  type: FieldType
  operators: string[]
  params: CatalogueParam[]
  picker?: PickerKind
}

export type OperatorArity = "none" | "single" | "pair" | "list"

export type Catalogue = {
  fields: CatalogueField[]
  operators: Record<string, { label: string; value: OperatorArity }>
}

export type SegmentTemplate = {
  id: string
  name: string
  description: string
  segment: {
    name: string
    description?: string | null
    audience: Audience
    refresh_mode: RefreshMode
    conditions: ConditionGroup | null
  }
}

export type ActivityStatus = {
  status: string
  done: number
  total: number
  percent: number
  rate_per_second: number | null
  eta_seconds: number | null
  started_at: string | null
  finished_at: string | null
  error: string | null
}

export type CustomerSegmentEntry = {
  id: string
  name: string
  membership: Membership
  source: MemberSource
  added_at: string
}

export type PromotionSegmentRule = {
  operator: "in" | "ne"
  segment_ids: string[]
}

export type SalesBySegment = {
  currency_code: string
  segments: {
    id: string
    name: string
    customers: number
    share: number
    orders: number
    revenue: number
    average_order_value: number
    top_products: {
      product_id: string
      title: string
      quantity: number
      revenue: number
    }[]
  }[]
}

/** A node of GET /admin/segments/:id/customers/:customer_id/explain, in-memory and SQL verdicts side by side. */
export type ExplainedNode = {
  kind: "rule" | "group"
  path: string
  held: boolean
  sql_held: boolean | null
  text: string
  // rules
  field?: string
  label?: string
  operator?: string
  operator_label?: string
  value?: unknown
  params?: Record<string, unknown>
  actual?: unknown
  detail?: string
  // groups
  combinator?: "and" | "or"
  not?: boolean
  children_held?: number
  rules?: ExplainedNode[]
}

export type Explanation = {
  segment: { id: string; name: string; membership: Membership; audience: Audience; is_active: boolean }
  customer: { id: string; email: string | null; first_name: string | null; last_name: string | null; has_account: boolean }
  has_activity: boolean
  in_audience: boolean
  member: { source: "auto" | "manual"; added_at: string } | null
  matches: boolean | null
  sql_matches: boolean | null
  engines_agree: boolean
  summary: string
  conditions: ExplainedNode | null
  conditions_error: string | null
  history: Array<{ action: "joined" | "left"; reason: string; run_id: string | null; at: string }>
  evaluated_at: string
}

/** POST /admin/segments/:id/preview: what saving an edit would change. */
export type ChangePreviewResponse = {
  count: number
  matching: number
  joining: number
  leaving: number
  current: number
  sample_joining: PreviewCustomer[]
  sample_leaving: PreviewCustomer[]
}

/** GET /admin/segments/:id/dependencies */
export type SegmentDependencies = {
  promotions: Array<{ id: string; code: string | null; status: string; is_automatic: boolean; operator: string }>
  customer_groups: Array<{ id: string; name: string | null }>
  price_lists: Array<{ id: string; title: string; status: string; customer_group_id: string }>
  segments: Array<{ id: string; name: string }>
}

// ---- segment prices ----

export type SegmentPriceRuleScope = {
  product_ids?: string[] | null
  collection_ids?: string[] | null
  category_ids?: string[] | null
  type_ids?: string[] | null
  tag_ids?: string[] | null
  currency_codes?: string[] | null
  region_ids?: string[] | null
}

export type SegmentPriceRule = SegmentPriceRuleScope & {
  id: string
  segment_id: string
  percentage: number
  created_at: string
}

export type SegmentPriceRuleInput = SegmentPriceRuleScope & { percentage: number }

export type SegmentPrices = {
  rules: SegmentPriceRule[]
  price_list: {
    id: string
    title: string
    type: string
    status: string
    price_count: number
    last_synced_at: string | null
    last_sync_ms: number | null
  } | null
  customer_group: { id: string; name: string; created_by_plugin: boolean } | null
  example: {
    product_id: string
    product_title: string
    variant_id: string
    variant_title: string
    currency_code: string
    region_id: string | null
    original_amount: number
    segment_amount: number
  } | null
}
