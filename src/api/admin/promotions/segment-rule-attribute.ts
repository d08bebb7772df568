import { SEGMENT_RULE_ATTRIBUTE } from "../../../hooks/segment-promotion-context"

/**
 * "Customer Segment" as an entry of the dashboard's rule attribute list, in
 * the shape core's `/admin/promotions/rule-attribute-options/rules` gives its
 * own entries (`customer_group`, `region`, ...): the dashboard lists `label`,
 * saves `value` as the rule's attribute and asks
 * `/admin/promotions/rule-value-options/rules/<id>` for the values.
 */
export const SEGMENT_RULE_ATTRIBUTE_ID = "customer_segment"

/**
 * Only "in" and "ne": the promotion module evaluates `eq` on a list as "every
 * value of the context is a rule value", which the `__none__` sentinel never
 * is, and `gt`/`lt`... compare numbers. Labels as core's operators map names
 * them, so the form reads the same as for "Customer Group".
 */
export const SEGMENT_RULE_OPERATORS = [
  { id: "in", value: "in", label: "In" },
  { id: "ne", value: "ne", label: "Not In" },
] as const

export type SegmentRuleOperatorValue = (typeof SEGMENT_RULE_OPERATORS)[number]["value"]

export const SEGMENT_RULE_ATTRIBUTE_OPTION = {
  id: SEGMENT_RULE_ATTRIBUTE_ID,
  value: SEGMENT_RULE_ATTRIBUTE,
  label: "Customer Segment",
  required: false,
  field_type: "multiselect",
  operators: SEGMENT_RULE_OPERATORS.map((o) => ({ ...o })),
}

export const isSegmentRuleOperator = (operator: unknown): operator is SegmentRuleOperatorValue =>
  SEGMENT_RULE_OPERATORS.some((o) => o.value === operator)
