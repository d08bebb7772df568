import type { Catalogue } from "../../../lib/types"
import { cleanTree, defaultValueFor, parseErrorPath } from "../tree"

const catalogue: Catalogue = {
  fields: [
    {
      name: "orders.total_spent",
      label: "Total spent",
      group: "Orders",
      type: "number",
      operators: ["gte", "between"],
      params: [
        { name: "status", type: "string[]" },
        { name: "currency_code", type: "string" },
      ],
    },
    {
      name: "orders.last_order_at",
      label: "Last order",
      group: "Orders",
      type: "date",
      operators: ["more_than_days_ago", "is_not_set"],
      params: [],
    },
  ],
  operators: {
    gte: { label: "at least", value: "single" },
    between: { label: "between", value: "pair" },
    more_than_days_ago: { label: "more than N days ago", value: "single" },
    is_not_set: { label: "is not set", value: "none" },
  },
}

describe("parseErrorPath", () => {
  it("finds the rule a 400 names, with or without the conditions prefix", () => {
    expect(parseErrorPath("conditions.rules[1].rules[0].value: expected a number")).toEqual({
      path: [1, 0],
      message: "value: expected a number",
    })
    expect(parseErrorPath("rules[1].rules[0].value: expected a number")?.path).toEqual([1, 0])
  })

  it("puts errors about the whole tree at the root group", () => {
    expect(parseErrorPath("conditions: expected a group")).toEqual({
      path: [],
      message: "expected a group",
    })
  })

  it("leaves errors about other fields of the form alone", () => {
    expect(parseErrorPath("name: name must not be empty")).toBeNull()
    expect(parseErrorPath("Segment with id: x was not found")).toBeNull()
  })
})

describe("cleanTree", () => {
  it("keeps only what the API takes: no builder ids, no value for unary operators, no undeclared or empty params", () => {
    const tree = cleanTree(
      {
        id: "g1",
        combinator: "and",
        rules: [
          {
            id: "r1",
            path: [0],
            valueSource: "value",
            field: "orders.total_spent",
            operator: "gte",
            value: 2000,
            params: { status: ["completed"], currency_code: "", within_days: 30 },
          },
          { id: "g2", combinator: "or", not: true, rules: [
            { id: "r2", field: "orders.last_order_at", operator: "is_not_set", value: "" },
          ] },
        ],
      },
      catalogue
    )
    expect(tree).toEqual({
      combinator: "and",
      not: false,
      rules: [
        { field: "orders.total_spent", operator: "gte", value: 2000, params: { status: ["completed"] } },
        { combinator: "or", not: true, rules: [{ field: "orders.last_order_at", operator: "is_not_set" }] },
      ],
    })
  })
})

describe("defaultValueFor", () => {
  it("starts each editor with a value of the right shape", () => {
    const [spent, last] = catalogue.fields
    expect(defaultValueFor(spent, "gte", catalogue)).toBe(0)
    expect(defaultValueFor(spent, "between", catalogue)).toEqual([0, 0])
    expect(defaultValueFor(last, "more_than_days_ago", catalogue)).toBe(30)
    expect(defaultValueFor(last, "is_not_set", catalogue)).toBeNull()
  })
})
