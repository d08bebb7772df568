import {
  ConditionGroup,
  ConditionValidationError,
  compileSegmentQuery,
  describeCatalogue,
  evaluateConditions,
  parseConditions,
  referencedSegmentIds,
} from "../../conditions"

const rule = (r: Record<string, unknown>) => ({ combinator: "and", rules: [r] })

function errorOf(input: unknown): ConditionValidationError {
  try {
    parseConditions(input)
  } catch (e) {
    expect(e).toBeInstanceOf(ConditionValidationError)
    return e as ConditionValidationError
  }
  throw new Error("expected parseConditions to reject the tree")
}

function nest(depth: number): unknown {
  let node: unknown = { field: "customer.has_account", operator: "eq", value: true }
  for (let i = 0; i < depth; i++) node = { combinator: "and", rules: [node] }
  return node
}

describe("parseConditions rejects, naming the path", () => {
  it.each<[string, unknown, string, RegExp]>([
    ["a non-object root", "nope", "", /expected a group/],
    ["a root rule instead of a group", { field: "customer.email", operator: "is_set" }, "", /expected a group/],
    ["an unknown combinator", { combinator: "xor", rules: [{ field: "customer.email", operator: "is_set" }] }, "combinator", /"and" or "or"/],
    ["an empty root group", { combinator: "and", rules: [] }, "rules", /at least one rule/],
    [
      "an empty nested group",
      { combinator: "and", rules: [{ field: "customer.email", operator: "is_set" }, { combinator: "or", rules: [] }] },
      "rules[1].rules",
      /at least one rule/,
    ],
    ["a non-boolean not", { combinator: "and", not: "yes", rules: [{ field: "customer.email", operator: "is_set" }] }, "not", /boolean/],
    ["an unknown group key", { combinator: "and", rules: [{ field: "customer.email", operator: "is_set" }], foo: 1 }, "foo", /unknown key/],
    ["an unknown rule key", rule({ field: "customer.email", operator: "is_set", extra: 1 }), "rules[0].extra", /unknown key/],
    ["an unknown field", rule({ field: "customer.password", operator: "eq", value: "x" }), "rules[0].field", /unknown field/],
    ["an unknown operator", rule({ field: "customer.email", operator: "like", value: "x" }), "rules[0].operator", /invalid operator/],
    ["an operator of another type", rule({ field: "orders.count", operator: "contains", value: "1" }), "rules[0].operator", /invalid operator/],
    ["a string for a number field (\"22\")", rule({ field: "orders.count", operator: "gt", value: "22" }), "rules[0].value", /expected a number/],
    ["a missing value", rule({ field: "orders.count", operator: "gt" }), "rules[0].value", /required/],
    ["a number for a string field", rule({ field: "customer.email", operator: "eq", value: 5 }), "rules[0].value", /expected a string/],
    ["an empty string", rule({ field: "customer.email", operator: "eq", value: "" }), "rules[0].value", /non-empty/],
    ["between without a pair", rule({ field: "orders.total_spent", operator: "between", value: 5 }), "rules[0].value", /\[min, max\]/],
    ["between with three values", rule({ field: "orders.total_spent", operator: "between", value: [1, 2, 3] }), "rules[0].value", /\[min, max\]/],
    ["between with min > max", rule({ field: "orders.total_spent", operator: "between", value: [9, 2] }), "rules[0].value", /min <= max/],
    ["between with a string inside", rule({ field: "orders.total_spent", operator: "between", value: [1, "2"] }), "rules[0].value[1]", /expected a number/],
    ["in with an empty list", rule({ field: "customer.email_domain", operator: "in", value: [] }), "rules[0].value", /non-empty list/],
    ["in with a scalar", rule({ field: "customer.email_domain", operator: "in", value: "acme.com" }), "rules[0].value", /list/],
    ["id list in with an empty list", rule({ field: "customer.group_ids", operator: "all", value: [] }), "rules[0].value", /non-empty list/],
    ["id list in with a number inside", rule({ field: "purchases.product_ids", operator: "in", value: ["p1", 2] }), "rules[0].value[1]", /expected a string/],
    ["a value for is_set", rule({ field: "customer.email", operator: "is_set", value: "x" }), "rules[0].value", /takes no value/],
    ["a non-ISO date", rule({ field: "customer.created_at", operator: "before", value: "yesterday" }), "rules[0].value", /ISO date/],
    ["an impossible date", rule({ field: "customer.created_at", operator: "after", value: "2024-13-45" }), "rules[0].value", /valid date/],
    ["a day that does not exist", rule({ field: "customer.created_at", operator: "after", value: "2026-02-30" }), "rules[0].value", /valid date that exists/],
    ["February 29 of a common year", rule({ field: "customer.created_at", operator: "before", value: "2025-02-29T10:00:00Z" }), "rules[0].value", /valid date that exists/],
    ["year 0000 (PostgreSQL has none)", rule({ field: "customer.created_at", operator: "before", value: "0000-06-01" }), "rules[0].value", /from 0001-01-01/],
    ["a day that does not exist in year 50", rule({ field: "customer.created_at", operator: "after", value: "0050-02-29" }), "rules[0].value", /valid date that exists/],
    ["an hour that does not exist", rule({ field: "customer.created_at", operator: "before", value: "2026-01-01T24:00" }), "rules[0].value", /valid date that exists/],
    ["a date range in the wrong order", rule({ field: "orders.last_order_at", operator: "between", value: ["2024-02-01", "2024-01-01"] }), "rules[0].value", /min <= max/],
    ["negative days", rule({ field: "orders.last_order_at", operator: "more_than_days_ago", value: -1 }), "rules[0].value", /./],
    ["fractional days", rule({ field: "orders.last_order_at", operator: "within_last_days", value: 1.5 }), "rules[0].value", /whole number/],
    ["a string for a boolean", rule({ field: "customer.has_account", operator: "eq", value: "true" }), "rules[0].value", /boolean/],
    ["an unknown param", rule({ field: "orders.count", operator: "gt", value: 1, params: { since: 3 } }), "rules[0].params.since", /unknown key/],
    ["a param on a field without params", rule({ field: "customer.email", operator: "is_set", params: { key: "x" } }), "rules[0].params.key", /unknown key/],
    ["a status param on canceled_count", rule({ field: "orders.canceled_count", operator: "gt", value: 1, params: { status: ["pending"] } }), "rules[0].params.status", /unknown key/],
    ["an unknown order status", rule({ field: "orders.count", operator: "gt", value: 1, params: { status: ["paid"] } }), "rules[0].params.status[0]", /expected one of/],
    ["an empty status list", rule({ field: "orders.count", operator: "gt", value: 1, params: { status: [] } }), "rules[0].params.status", /non-empty/],
    ["a string within_days", rule({ field: "orders.count", operator: "gt", value: 1, params: { within_days: "30" } }), "rules[0].params.within_days", /number/],
    ["a bad currency", rule({ field: "orders.total_spent", operator: "gt", value: 1, params: { currency_code: "dollars" } }), "rules[0].params.currency_code", /currency/],
    ["min_quantity 0", rule({ field: "purchases.skus", operator: "in", value: ["A"], params: { min_quantity: 0 } }), "rules[0].params.min_quantity", /./],
    ["a missing attribute key", rule({ field: "customer.attribute", operator: "eq", value: "f" }), "rules[0].params.key", /required/],
    ["an unknown address kind", rule({ field: "address.city", operator: "eq", value: "Paris", params: { address: "home" } }), "rules[0].params.address", /shipping, billing or any/],
    ["a number operator with a string on customer.attribute", rule({ field: "customer.attribute", operator: "gt", value: "3", params: { key: "age" } }), "rules[0].value", /expected a number/],
    ["a rule that is not an object", { combinator: "and", rules: ["customer.email"] }, "rules[0]", /rule or a group/],
    ["a non-string id", rule({ id: 3, field: "customer.email", operator: "is_set" }), "rules[0].id", /string/],
    ["valueSource field", rule({ field: "customer.email", operator: "eq", value: "x", valueSource: "field" }), "rules[0].valueSource", /value/],
  ])("%s", (_name, input, path, message) => {
    const err = errorOf(input)
    expect(err.path).toBe(path)
    expect(err.message).toMatch(message)
    expect(err.message.startsWith(`${path || "conditions"}: `)).toBe(true)
  })

  it("accepts dates in the years 1-99 (Date.UTC alone reads them as 1900-1999)", () => {
    for (const value of ["0001-01-01", "0050-01-01", "0099-12-31T10:00:00Z", "0048-02-29"]) {
      expect(() => parseConditions(rule({ field: "customer.created_at", operator: "after", value }))).not.toThrow()
    }
  })

  it("more than 5 levels of groups, at the sixth group", () => {
    expect(() => parseConditions(nest(5))).not.toThrow()
    const err = errorOf(nest(6))
    expect(err.path).toBe("rules[0].rules[0].rules[0].rules[0].rules[0]")
    expect(err.message).toMatch(/at most 5 levels/)
  })

  it("more than 100 rules in total, at the 101st", () => {
    const r = { field: "customer.has_account", operator: "eq", value: true }
    const ok = { combinator: "and", rules: [{ combinator: "or", rules: Array(50).fill(r) }, { combinator: "or", rules: Array(50).fill(r) }] }
    expect(() => parseConditions(ok)).not.toThrow()
    const tooMany = { combinator: "and", rules: [...ok.rules, r] }
    const err = errorOf(tooMany)
    expect(err.path).toBe("rules[2]")
    expect(err.message).toMatch(/at most 100 rules/)
  })
})

describe("parseConditions accepts", () => {
  it("the SPEC example, keeping react-querybuilder ids and dropping empty values of is_set", () => {
    const tree = parseConditions({
      id: "g-root",
      combinator: "and",
      not: false,
      rules: [
        { id: "r-1", field: "orders.total_spent", operator: "gte", value: 2000, params: { status: ["completed"], currency_code: "usd" } },
        {
          id: "g-2",
          combinator: "or",
          rules: [
            { id: "r-2", field: "orders.last_order_at", operator: "more_than_days_ago", value: 120 },
            { id: "r-3", field: "customer.email_domain", operator: "in", value: ["acme.com"] },
            { id: "r-4", field: "customer.phone", operator: "is_not_set", value: "", valueSource: "value" },
          ],
        },
      ],
    })
    expect(tree).toEqual({
      id: "g-root",
      combinator: "and",
      not: false,
      rules: [
        { id: "r-1", field: "orders.total_spent", operator: "gte", value: 2000, params: { status: ["completed"], currency_code: "usd" } },
        {
          id: "g-2",
          combinator: "or",
          rules: [
            { id: "r-2", field: "orders.last_order_at", operator: "more_than_days_ago", value: 120 },
            { id: "r-3", field: "customer.email_domain", operator: "in", value: ["acme.com"] },
            { id: "r-4", field: "customer.phone", operator: "is_not_set" },
          ],
        },
      ],
    })
  })

  it("customer.attribute with a string or a number for eq", () => {
    expect(() => parseConditions(rule({ field: "customer.attribute", operator: "eq", value: "f", params: { key: "gender" } }))).not.toThrow()
    expect(() => parseConditions(rule({ field: "customer.attribute", operator: "eq", value: 3, params: { key: "kids" } }))).not.toThrow()
    expect(() => parseConditions(rule({ field: "customer.attribute", operator: "between", value: [1, 3], params: { key: "kids" } }))).not.toThrow()
  })
})

describe("numbers compare as numbers (STYLE 15)", () => {
  const now = new Date("2025-06-01T00:00:00Z")
  const snapshot = (count: number) => ({
    activity: { id: "c", customer_metadata: { kids: "22", size: 3 } } as any,
    orders: Array.from({ length: count }, (_, i) => ({
      id: `o${i}`, customer_id: "c", status: "completed", ordered_at: now, total: 1, currency_code: "usd", region_id: null, sales_channel_id: null,
    })),
    purchases: [],
    segment_ids: [],
  })
  const ctx = { now, defaultCurrency: "usd", globalAverages: {} }
  it("22 > 3 (not as strings)", () => {
    const tree: ConditionGroup = { combinator: "and", rules: [{ field: "orders.count", operator: "gt", value: 3 }] }
    expect(evaluateConditions(tree, snapshot(22), ctx)).toBe(true)
    expect(evaluateConditions(tree, snapshot(2), ctx)).toBe(false)
    const attr: ConditionGroup = { combinator: "and", rules: [{ field: "customer.attribute", operator: "gt", value: 3, params: { key: "kids" } }] }
    expect(evaluateConditions(attr, snapshot(0), ctx)).toBe(true)
    const lt: ConditionGroup = { combinator: "and", rules: [{ field: "customer.attribute", operator: "lt", value: 22, params: { key: "size" } }] }
    expect(evaluateConditions(lt, snapshot(0), ctx)).toBe(true)
  })
  it('"22" is rejected as a value for a number field', () => {
    expect(errorOf(rule({ field: "orders.count", operator: "gt", value: "22" })).path).toBe("rules[0].value")
  })
})

describe("other exports", () => {
  it("referencedSegmentIds lists member_of ids once, at any depth", () => {
    const tree = parseConditions({
      combinator: "or",
      rules: [
        { field: "segment.member_of", operator: "in", value: ["cseg_1", "cseg_2"] },
        { combinator: "and", not: true, rules: [{ field: "segment.member_of", operator: "all", value: ["cseg_2", "cseg_3"] }] },
        { field: "customer.group_ids", operator: "in", value: ["cusgroup_1"] },
      ],
    })
    expect(referencedSegmentIds(tree).sort()).toEqual(["cseg_1", "cseg_2", "cseg_3"])
  })

  it("the compiler binds every value and never pastes it into the SQL", () => {
    const evil = "x'); DROP TABLE customer_segment_activity; --"
    const { sql, bindings } = compileSegmentQuery(
      parseConditions(rule({ field: "customer.attribute", operator: "eq", value: evil, params: { key: evil } })),
      { now: new Date(), defaultCurrency: "usd", audience: "registered" }
    )
    expect(sql).not.toContain("DROP")
    expect(bindings).toContain(evil)
    expect(sql.split("?").length - 1).toBe(bindings.length)
    expect(sql).toContain("a.has_account = true")
  })

  it("compileSegmentQuery rejects an invalid tree", () => {
    expect(() =>
      compileSegmentQuery({ combinator: "and", rules: [{ field: "nope", operator: "eq", value: 1 }] }, { now: new Date(), defaultCurrency: "usd", audience: "all" })
    ).toThrow(ConditionValidationError)
  })

  it("evaluateConditions fails closed on a tree that does not validate, even under not", () => {
    const tree = { combinator: "and", not: true, rules: [{ field: "nope", operator: "eq", value: 1 }] } as ConditionGroup
    expect(
      evaluateConditions(tree, { activity: { id: "c" } as any, orders: [], purchases: [], segment_ids: [] }, { now: new Date(), defaultCurrency: "usd", globalAverages: {} })
    ).toBe(false)
  })

  it("describeCatalogue lists every SPEC field with its operators and params", () => {
    const cat = describeCatalogue()
    const names = cat.fields.map((f) => f.name)
    for (const name of [
      "customer.email", "customer.email_domain", "customer.first_name", "customer.last_name", "customer.company_name", "customer.phone",
      "customer.has_account", "customer.created_at", "customer.group_ids", "customer.attribute",
      "address.country_code", "address.province", "address.city", "address.postal_code",
      "orders.count", "orders.total_spent", "orders.average_value", "orders.average_vs_global_pct", "orders.completed_pct",
      "orders.canceled_count", "orders.first_order_at", "orders.last_order_at", "orders.promotion_codes", "orders.payment_providers",
      "orders.shipping_options", "orders.region_ids", "orders.sales_channel_ids", "orders.currency_codes",
      "purchases.product_ids", "purchases.variant_ids", "purchases.skus", "purchases.collection_ids", "purchases.category_ids",
      "purchases.type_ids", "purchases.tag_ids", "purchases.attribute",
      "cart.has_open", "cart.subtotal", "cart.item_count", "cart.product_ids", "cart.updated_at", "segment.member_of",
    ]) {
      expect(names).toContain(name)
    }
    expect(new Set(names).size).toBe(names.length)
    const total = cat.fields.find((f) => f.name === "orders.total_spent")!
    expect(total.type).toBe("number")
    expect(total.operators).toEqual(expect.arrayContaining(["eq", "ne", "gt", "gte", "lt", "lte", "between"]))
    expect(total.params.map((p) => p.name).sort()).toEqual(["currency_code", "region_id", "sales_channel_id", "status", "within_days"])
    expect(cat.operators.between).toEqual({ label: expect.any(String), value: "pair" })
    expect(cat.operators.in.value).toBe("list")
    expect(cat.operators.is_set.value).toBe("none")
    for (const f of cat.fields) for (const op of f.operators) expect(cat.operators[op]).toBeDefined()
  })
})
