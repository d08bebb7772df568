import { Sql, join, param, sql, textArray } from "./sql"

/**
 * The closed operator table: every operator the catalogue knows, with its
 * label and the shape of value it takes. Frozen; the `Operator` union and the
 * runtime list both come from it.
 */
export const OPERATORS = Object.freeze({
  eq: { label: "is", value: "single" },
  ne: { label: "is not", value: "single" },
  contains: { label: "contains", value: "single" },
  not_contains: { label: "does not contain", value: "single" },
  starts_with: { label: "starts with", value: "single" },
  ends_with: { label: "ends with", value: "single" },
  in: { label: "is one of", value: "list" },
  not_in: { label: "is not one of", value: "list" },
  all: { label: "has all of", value: "list" },
  is_set: { label: "is set", value: "none" },
  is_not_set: { label: "is not set", value: "none" },
  gt: { label: "greater than", value: "single" },
  gte: { label: "at least", value: "single" },
  lt: { label: "less than", value: "single" },
  lte: { label: "at most", value: "single" },
  between: { label: "between (inclusive)", value: "pair" },
  before: { label: "before", value: "single" },
  after: { label: "after", value: "single" },
  more_than_days_ago: { label: "more than N days ago", value: "single" },
  within_last_days: { label: "within the last N days", value: "single" },
} as const satisfies Record<string, { label: string; value: "none" | "single" | "pair" | "list" }>)

export type Operator = keyof typeof OPERATORS
export type ValueShape = (typeof OPERATORS)[Operator]["value"]

export const FIELD_TYPES = ["string", "number", "date", "boolean", "id_list"] as const
export type FieldType = (typeof FIELD_TYPES)[number]

/** Operators allowed per field type (SPEC §3, plus is_set / is_not_set on numbers). */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = Object.freeze({
  string: Object.freeze([
    "eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "in", "not_in", "is_set", "is_not_set",
  ] as const),
  number: Object.freeze(["eq", "ne", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"] as const),
  date: Object.freeze([
    "before", "after", "between", "more_than_days_ago", "within_last_days", "is_set", "is_not_set",
  ] as const),
  boolean: Object.freeze(["eq"] as const),
  id_list: Object.freeze(["in", "not_in", "all", "is_set", "is_not_set"] as const),
})

export function isOperator(op: string): op is Operator {
  return Object.prototype.hasOwnProperty.call(OPERATORS, op)
}

export type Clock = { now: Date }

/**
 * An operator on a scalar value: the SQL predicate over a nullable value
 * expression (NULL-safe callers wrap it in COALESCE(..., false)) and the same
 * predicate in memory. Missing values (null, and "" for strings) are false for
 * every operator except is_not_set.
 */
export type ScalarOp = {
  sql(value: Sql, operand: unknown, clock: Clock): Sql
  mem(value: unknown, operand: unknown, clock: Clock): boolean
}

const DAY_MS = 86_400_000

/** now - N days, the cut-off both engines use. */
export function daysAgo(clock: Clock, days: number): Date {
  return new Date(clock.now.getTime() - days * DAY_MS)
}

/** Date-only ISO strings mean 00:00 UTC; date-times without a zone are read as UTC. */
export function parseIsoDate(value: string): Date {
  const withZone = /T/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? `${value}Z` : value
  return new Date(withZone)
}

function timeOf(v: unknown): number | null {
  if (v == null) return null
  const t = v instanceof Date ? v.getTime() : typeof v === "string" ? parseIsoDate(v).getTime() : NaN
  return Number.isNaN(t) ? null : t
}

// ---- strings: case-insensitive, "" is not set ----

const lowerOf = (v: Sql) => sql("lower(NULLIF(", v, ", ''))")
const lowerParam = (s: unknown) => sql("lower(", param(String(s), "text"), ")")
const str = (v: unknown): string | null => (v == null || v === "" ? null : String(v).toLowerCase())
const strOp = (pred: (v: string, operand: unknown) => boolean) => (v: unknown, operand: unknown) => {
  const s = str(v)
  return s !== null && pred(s, operand)
}
const lc = (x: unknown) => String(x).toLowerCase()

export const STRING_OPS: ReadonlyMap<Operator, ScalarOp> = new Map<Operator, ScalarOp>([
  ["eq", { sql: (v, x) => sql(lowerOf(v), " = ", lowerParam(x)), mem: strOp((s, x) => s === lc(x)) }],
  ["ne", { sql: (v, x) => sql(lowerOf(v), " <> ", lowerParam(x)), mem: strOp((s, x) => s !== lc(x)) }],
  ["contains", { sql: (v, x) => sql("strpos(", lowerOf(v), ", ", lowerParam(x), ") > 0"), mem: strOp((s, x) => s.includes(lc(x))) }],
  ["not_contains", { sql: (v, x) => sql("strpos(", lowerOf(v), ", ", lowerParam(x), ") = 0"), mem: strOp((s, x) => !s.includes(lc(x))) }],
  ["starts_with", { sql: (v, x) => sql("starts_with(", lowerOf(v), ", ", lowerParam(x), ")"), mem: strOp((s, x) => s.startsWith(lc(x))) }],
  [
    "ends_with",
    { sql: (v, x) => sql("starts_with(reverse(", lowerOf(v), "), reverse(", lowerParam(x), "))"), mem: strOp((s, x) => s.endsWith(lc(x))) },
  ],
  [
    "in",
    {
      sql: (v, xs) => sql(lowerOf(v), " IN (", join((xs as string[]).map(lowerParam), ", "), ")"),
      mem: strOp((s, xs) => (xs as string[]).some((x) => lc(x) === s)),
    },
  ],
  [
    "not_in",
    {
      sql: (v, xs) => sql(lowerOf(v), " NOT IN (", join((xs as string[]).map(lowerParam), ", "), ")"),
      mem: strOp((s, xs) => !(xs as string[]).some((x) => lc(x) === s)),
    },
  ],
  ["is_set", { sql: (v) => sql("NULLIF(", v, ", '') IS NOT NULL"), mem: (v) => str(v) !== null }],
  ["is_not_set", { sql: (v) => sql("NULLIF(", v, ", '') IS NULL"), mem: (v) => str(v) === null }],
])

/**
 * String operators over a list of values (e.g. every address of a customer):
 * positive operators hold when some value satisfies them; ne / not_contains /
 * not_in hold when the customer has at least one value and none satisfies the
 * positive counterpart; is_not_set when no value is set.
 */
const NEGATED: Partial<Record<Operator, Operator>> = { ne: "eq", not_contains: "contains", not_in: "in" }

export const STRING_LIST_OPS: ReadonlyMap<Operator, ScalarOp> = new Map<Operator, ScalarOp>(
  OPERATORS_BY_TYPE.string.map((op): [Operator, ScalarOp] => {
    const someSql = (list: Sql, o: Operator, x: unknown, clock: Clock) =>
      sql("EXISTS (SELECT 1 FROM unnest(", list, ") AS el(v) WHERE ", STRING_OPS.get(o)!.sql(raw_v, x, clock), ")")
    const someMem = (list: unknown, o: Operator, x: unknown, clock: Clock) =>
      Array.isArray(list) && list.some((el) => STRING_OPS.get(o)!.mem(el, x, clock))
    const positive = NEGATED[op]
    if (positive) {
      return [
        op,
        {
          sql: (list, x, clock) => sql(someSql(list, "is_set", x, clock), " AND NOT ", someSql(list, positive, x, clock)),
          mem: (list, x, clock) => someMem(list, "is_set", x, clock) && !someMem(list, positive, x, clock),
        },
      ]
    }
    if (op === "is_not_set") {
      return [
        op,
        {
          sql: (list, x, clock) => sql("NOT ", someSql(list, "is_set", x, clock)),
          mem: (list, x, clock) => !someMem(list, "is_set", x, clock),
        },
      ]
    }
    return [op, { sql: (list, x, clock) => someSql(list, op, x, clock), mem: (list, x, clock) => someMem(list, op, x, clock) }]
  })
)
const raw_v: Sql = { text: "el.v", values: [] }

// ---- numbers: compared as float8 in both engines ----

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null)
const numOp = (pred: (v: number, x: any) => boolean) => (v: unknown, x: unknown) => {
  const n = num(v)
  return n !== null && pred(n, x)
}
const fp = (x: unknown) => param(x, "float8")

export const NUMBER_OPS: ReadonlyMap<Operator, ScalarOp> = new Map<Operator, ScalarOp>([
  ["eq", { sql: (v, x) => sql(v, " = ", fp(x)), mem: numOp((n, x) => n === x) }],
  ["ne", { sql: (v, x) => sql(v, " <> ", fp(x)), mem: numOp((n, x) => n !== x) }],
  ["gt", { sql: (v, x) => sql(v, " > ", fp(x)), mem: numOp((n, x) => n > x) }],
  ["gte", { sql: (v, x) => sql(v, " >= ", fp(x)), mem: numOp((n, x) => n >= x) }],
  ["lt", { sql: (v, x) => sql(v, " < ", fp(x)), mem: numOp((n, x) => n < x) }],
  ["lte", { sql: (v, x) => sql(v, " <= ", fp(x)), mem: numOp((n, x) => n <= x) }],
  [
    "between",
    {
      sql: (v, x) => sql("(", v, " >= ", fp((x as number[])[0]), " AND ", v, " <= ", fp((x as number[])[1]), ")"),
      mem: numOp((n, x) => n >= x[0] && n <= x[1]),
    },
  ],
  ["is_set", { sql: (v) => sql(v, " IS NOT NULL"), mem: (v) => num(v) !== null }],
  ["is_not_set", { sql: (v) => sql(v, " IS NULL"), mem: (v) => num(v) === null }],
])

// ---- dates ----

const tp = (d: Date) => param(d.toISOString(), "timestamptz")
const iso = (x: unknown) => parseIsoDate(String(x))
const dateOp = (pred: (t: number, x: any, clock: Clock) => boolean) => (v: unknown, x: unknown, clock: Clock) => {
  const t = timeOf(v)
  return t !== null && pred(t, x, clock)
}

export const DATE_OPS: ReadonlyMap<Operator, ScalarOp> = new Map<Operator, ScalarOp>([
  ["before", { sql: (v, x) => sql(v, " < ", tp(iso(x))), mem: dateOp((t, x) => t < iso(x).getTime()) }],
  ["after", { sql: (v, x) => sql(v, " > ", tp(iso(x))), mem: dateOp((t, x) => t > iso(x).getTime()) }],
  [
    "between",
    {
      sql: (v, x) => sql("(", v, " >= ", tp(iso((x as string[])[0])), " AND ", v, " <= ", tp(iso((x as string[])[1])), ")"),
      mem: dateOp((t, x) => t >= iso(x[0]).getTime() && t <= iso(x[1]).getTime()),
    },
  ],
  [
    "more_than_days_ago",
    { sql: (v, x, c) => sql(v, " < ", tp(daysAgo(c, x as number))), mem: dateOp((t, x, c) => t < daysAgo(c, x).getTime()) },
  ],
  [
    "within_last_days",
    { sql: (v, x, c) => sql(v, " >= ", tp(daysAgo(c, x as number))), mem: dateOp((t, x, c) => t >= daysAgo(c, x).getTime()) },
  ],
  ["is_set", { sql: (v) => sql(v, " IS NOT NULL"), mem: (v) => timeOf(v) !== null }],
  ["is_not_set", { sql: (v) => sql(v, " IS NULL"), mem: (v) => timeOf(v) === null }],
])

export const BOOLEAN_OPS: ReadonlyMap<Operator, ScalarOp> = new Map<Operator, ScalarOp>([
  ["eq", { sql: (v, x) => sql(v, " = ", param(Boolean(x), "boolean")), mem: (v, x) => typeof v === "boolean" && v === x }],
])

export const SCALAR_OPS: Readonly<Record<"string" | "number" | "date" | "boolean", ReadonlyMap<Operator, ScalarOp>>> =
  Object.freeze({ string: STRING_OPS, number: NUMBER_OPS, date: DATE_OPS, boolean: BOOLEAN_OPS })

// ---- id lists: exact (case-sensitive) values; an empty list is a value, never missing ----

export type IdListOp = {
  /** `list` is a non-NULL text[] expression */
  sql(list: Sql, operand: string[]): Sql
  mem(list: readonly unknown[], operand: string[]): boolean
}

export const ID_LIST_OPS: ReadonlyMap<Operator, IdListOp> = new Map<Operator, IdListOp>([
  ["in", { sql: (l, xs) => sql(l, " && ", textArray(xs)), mem: (l, xs) => xs.some((x) => l.includes(x)) }],
  ["not_in", { sql: (l, xs) => sql("NOT (", l, " && ", textArray(xs), ")"), mem: (l, xs) => !xs.some((x) => l.includes(x)) }],
  ["all", { sql: (l, xs) => sql(l, " @> ", textArray(xs)), mem: (l, xs) => xs.every((x) => l.includes(x)) }],
  ["is_set", { sql: (l) => sql("cardinality(", l, ") > 0"), mem: (l) => l.length > 0 }],
  ["is_not_set", { sql: (l) => sql("cardinality(", l, ") = 0"), mem: (l) => l.length === 0 }],
])
