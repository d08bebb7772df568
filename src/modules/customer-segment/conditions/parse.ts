import { z } from "@medusajs/framework/zod"
import { FIELDS, FieldDef } from "./catalogue"
import { FieldType, OPERATORS, Operator, isOperator, parseIsoDate } from "./operators"
import { ConditionGroup, ConditionRule, ConditionValidationError } from "./types"

export const MAX_DEPTH = 5
export const MAX_RULES = 100
const MAX_LIST = 1000

const groupSchema = z.strictObject({
  id: z.string({ error: "expected a string" }).max(200).optional(),
  combinator: z.enum(["and", "or"], { error: 'expected "and" or "or"' }),
  not: z.boolean({ error: "expected a boolean" }).optional(),
  rules: z.array(z.unknown(), { error: "expected a list of rules" }).min(1, { error: "a group needs at least one rule" }),
})

const ruleSchema = z.strictObject({
  id: z.string({ error: "expected a string" }).max(200).optional(),
  field: z.string({ error: "expected a field name" }),
  operator: z.string({ error: "expected an operator" }),
  value: z.unknown().optional(),
  // react-querybuilder sends this; only plain values are supported
  valueSource: z.literal("value", { error: 'only "value" is supported' }).optional(),
  params: z.record(z.string(), z.unknown(), { error: "expected an object" }).optional(),
})

const text = z.string({ error: "expected a string" }).min(1, { error: "expected a non-empty string" }).max(1000)
const textList = z
  .array(text, { error: "expected a non-empty list of strings" })
  .min(1, { error: "expected a non-empty list of strings" })
  .max(MAX_LIST)
const num = z.number({ error: "expected a number" })
const isoDate = z
  .string({ error: "expected an ISO date string" })
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i, { error: "expected an ISO date string" })
  // PostgreSQL has no year 0 (its input refuses 0000-01-01: a 500)
  .refine((s) => !s.startsWith("0000"), { error: "expected a date from 0001-01-01" })
  .refine((s) => isCalendarDate(s) && !Number.isNaN(parseIsoDate(s).getTime()), {
    error: "expected a valid date that exists (no 2026-02-30, no 25:00)",
  })
  // 9999-12-31T23:59:59-12:00 is year 10000 in UTC: JavaScript holds it, PostgreSQL's timestamptz input does not (a 500)
  .refine((s) => parseIsoDate(s).getTime() <= LAST_INSTANT, { error: "expected a date up to 9999-12-31T23:59:59Z" })
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
/** JavaScript rolls 2026-02-30 over to March 2: check the calendar and the clock by hand. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(s)
  if (!m) return false
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[]
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h <= 23 && mi <= 59 && sec <= 59
}
const days = z.number({ error: "expected a number of days" }).int({ error: "expected a whole number of days" }).min(0).max(36500)
const pair = <V>(item: z.ZodType<V>, le: (a: V, b: V) => boolean) =>
  z
    .tuple([item, item], { error: "expected [min, max]" })
    .refine((v) => le(v[0] as V, v[1] as V), { error: "expected [min, max] with min <= max" })

/** The value schema of (type, operator); undefined when the operator takes no value. */
function defaultValueSchema(type: FieldType, op: Operator): z.ZodTypeAny | undefined {
  if (OPERATORS[op].value === "none") return undefined
  switch (type) {
    case "string":
      return OPERATORS[op].value === "list" ? textList : text
    case "id_list":
      return textList
    case "boolean":
      return z.boolean({ error: "expected a boolean" })
    case "number":
      return op === "between" ? pair(num, (a, b) => a <= b) : num
    case "date":
      if (op === "more_than_days_ago" || op === "within_last_days") return days
      return op === "between"
        ? pair(isoDate, (a, b) => parseIsoDate(a).getTime() <= parseIsoDate(b).getTime())
        : isoDate
  }
}

function valueSchema(field: FieldDef, op: Operator): z.ZodTypeAny | undefined {
  if (OPERATORS[op].value === "none") return undefined
  const override = field.valueSchema?.(op)
  if (override) return override
  const type: FieldType = OPERATORS[op].value === "pair" || ["gt", "gte", "lt", "lte"].includes(op) ? numberishType(field) : field.type
  return defaultValueSchema(type, op)
}

/** customer.attribute is a string field that also takes number operators. */
function numberishType(field: FieldDef): FieldType {
  return field.type === "string" ? "number" : field.type
}

const paramsSchemaCache = new Map<string, z.ZodTypeAny>()
function paramsSchema(field: FieldDef): z.ZodTypeAny {
  let s = paramsSchemaCache.get(field.name)
  if (!s) {
    s = z.strictObject(
      Object.fromEntries(field.params.map((p) => [p.name, p.required ? p.schema : p.schema.optional()]))
    )
    paramsSchemaCache.set(field.name, s)
  }
  return s
}

function at(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key
}

function fail(path: string, error: z.ZodError, input: unknown): never {
  const issue = error.issues[0]
  let p = path
  let value: unknown = input
  for (const k of issue.path) {
    p = at(p, k as string | number)
    value = value != null && typeof value === "object" ? (value as any)[k as any] : undefined
  }
  if (issue.code === "unrecognized_keys") {
    throw new ConditionValidationError(at(p, issue.keys[0]), "unknown key")
  }
  if (issue.code === "invalid_type" && value === undefined) {
    throw new ConditionValidationError(p, "is required")
  }
  throw new ConditionValidationError(p, issue.message)
}

function check<T extends z.ZodTypeAny>(schema: T, input: unknown, path: string): z.infer<T> {
  const r = schema.safeParse(input)
  if (!r.success) fail(path, r.error, input)
  return r.data
}

type Counter = { rules: number }

function parseNode(input: unknown, path: string, depth: number, counter: Counter): ConditionGroup | ConditionRule {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ConditionValidationError(path, "expected a rule or a group")
  }
  if ("rules" in input || "combinator" in input) return parseGroup(input, path, depth, counter)
  return parseRule(input, path, counter)
}

function parseGroup(input: unknown, path: string, depth: number, counter: Counter): ConditionGroup {
  if (depth > MAX_DEPTH) {
    throw new ConditionValidationError(path, `groups nest at most ${MAX_DEPTH} levels`)
  }
  const g = check(groupSchema, input, path)
  const out: ConditionGroup = { combinator: g.combinator, rules: [] }
  if (g.id !== undefined) out.id = g.id
  if (g.not !== undefined) out.not = g.not
  out.rules = g.rules.map((r, i) => parseNode(r, at(at(path, "rules"), i), depth + 1, counter))
  return out
}

function parseRule(input: unknown, path: string, counter: Counter): ConditionRule {
  const r = check(ruleSchema, input, path)
  counter.rules++
  if (counter.rules > MAX_RULES) {
    throw new ConditionValidationError(path, `a tree holds at most ${MAX_RULES} rules`)
  }
  const field = FIELDS.get(r.field)
  if (!field) throw new ConditionValidationError(at(path, "field"), `unknown field "${r.field}"`)
  if (!isOperator(r.operator) || !field.operators.includes(r.operator)) {
    throw new ConditionValidationError(
      at(path, "operator"),
      `invalid operator "${r.operator}" for ${field.name} (expected one of ${field.operators.join(", ")})`
    )
  }
  const op = r.operator
  const params = check(paramsSchema(field), r.params ?? {}, at(path, "params")) as Record<string, unknown>
  const schema = valueSchema(field, op)
  const out: ConditionRule = { field: field.name, operator: op }
  if (r.id !== undefined) out.id = r.id
  if (schema) {
    out.value = check(schema, r.value, at(path, "value"))
  } else if (r.value !== undefined && r.value !== null && r.value !== "") {
    throw new ConditionValidationError(at(path, "value"), `${op} takes no value`)
  }
  if (r.params !== undefined) out.params = params
  return out
}

/**
 * Validates a condition tree (SPEC §3) and returns it normalised: unknown
 * fields, operators, params or keys, values of the wrong type for the field and
 * operator, empty groups, more than 5 levels or more than 100 rules throw a
 * ConditionValidationError naming the path (`rules[1].rules[0].value`).
 */
export function parseConditions(input: unknown): ConditionGroup {
  if (typeof input !== "object" || input === null || Array.isArray(input) || !("rules" in input || "combinator" in input)) {
    throw new ConditionValidationError("", "expected a group ({ combinator, rules })")
  }
  return parseGroup(input, "", 1, { rules: 0 })
}
