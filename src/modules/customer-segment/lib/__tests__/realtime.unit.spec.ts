import { parseConditions, referencedSegmentIds } from "../../conditions"
import { evaluationOrder, matchingSegments, RealtimeSegment } from "../realtime"
import { activityRow } from "../../../../../integration-tests/helpers/activity"
import type { CustomerSnapshot } from "../../types"

const segment = (id: string, conditions: unknown, audience: "all" | "registered" = "all"): RealtimeSegment => {
  const tree = parseConditions(conditions)
  return { id, audience, tree, refs: referencedSegmentIds(tree) }
}
const ctx = { now: new Date("2026-11-23T12:00:00Z"), defaultCurrency: "eur", globalAverages: {} }
const snapshot = (partial: Partial<CustomerSnapshot> = {}, activity: Record<string, unknown> = {}): CustomerSnapshot => ({
  activity: activityRow("cus_1", { first_name: "Ann", ...activity }),
  orders: [],
  purchases: [],
  segment_ids: [],
  ...partial,
})

describe("realtime evaluation", () => {
  const named = segment("cseg_b", { combinator: "and", rules: [{ field: "customer.first_name", operator: "eq", value: "Ann" }] })
  const dependent = segment("cseg_a", { combinator: "and", rules: [{ field: "segment.member_of", operator: "in", value: ["cseg_b"] }] })
  const excluded = segment("cseg_c", {
    combinator: "and",
    rules: [{ field: "segment.member_of", operator: "not_in", value: ["cseg_b"] }],
  })

  it("evaluates a segment after the segments its conditions read", () => {
    expect(evaluationOrder([dependent, excluded, named]).map((s) => s.id)).toEqual(["cseg_b", "cseg_a", "cseg_c"])
  })

  it("segments reading other realtime segments see this evaluation's result, not the stored membership", () => {
    // stored: in cseg_c only; now Ann matches cseg_b, so she enters cseg_a and leaves cseg_c in the same pass
    const order = evaluationOrder([dependent, excluded, named])
    expect(matchingSegments(order, snapshot({ segment_ids: ["cseg_c"] }), ctx).sort()).toEqual(["cseg_a", "cseg_b"])
    // renamed: out of cseg_b, hence out of cseg_a and into cseg_c
    expect(matchingSegments(order, snapshot({ segment_ids: ["cseg_a", "cseg_b"] }, { first_name: "Bob" }), ctx)).toEqual(["cseg_c"])
  })

  it("keeps membership of segments it does not evaluate when another segment reads them", () => {
    const readsManual = segment("cseg_d", { combinator: "and", rules: [{ field: "segment.member_of", operator: "in", value: ["cseg_manual"] }] })
    expect(matchingSegments([readsManual], snapshot({ segment_ids: ["cseg_manual"] }), ctx)).toEqual(["cseg_d"])
    expect(matchingSegments([readsManual], snapshot(), ctx)).toEqual([])
  })

  it("a registered-only segment never matches a guest", () => {
    const registered = segment("cseg_r", named.tree, "registered")
    expect(matchingSegments([registered], snapshot({}, { has_account: true }), ctx)).toEqual(["cseg_r"])
    expect(matchingSegments([registered], snapshot({}, { has_account: false }), ctx)).toEqual([])
  })
})
