import { z } from "@medusajs/framework/zod"
import type { ActivityRow, OrderFactRow, PurchaseFactRow } from "../types"
import {
  FieldType,
  ID_LIST_OPS,
  NUMBER_OPS,
  OPERATORS_BY_TYPE,
  Operator,
  SCALAR_OPS,
  STRING_LIST_OPS,
  STRING_OPS,
  daysAgo,
} from "./operators"
import { Sql, param, presence, raw, sql, textList, truthy, twoValued } from "./sql"
import type { CompileContext, ConditionRule, CustomerSnapshot, EngineContext, EvalContext } from "./types"
import { BEHAVIOUR_FIELDS } from "./catalogue-behaviour"

/**
 * The closed catalogue (SPEC §3). Every field is declared once, here: its type,
 * operators, params, how it compiles to SQL and how it evaluates in memory.
 *
 * SQL conventions: the customer is `a` (customer_segment_activity). A field that
 * needs other tables asks the builder for a grouped CTE keyed by customer_id,
 * which the compiler LEFT JOINs to `a` (one row per customer at most), so no
 * per-row correlated subquery runs over the fact tables.
 */

// ---------------------------------------------------------------------------
// Query builder handed to fields
// ---------------------------------------------------------------------------

export interface CteBuilder {
  /** a CTE with a unique `customer_id` column (plus `v` if any), LEFT JOINed to `a`; returns its alias */
  joined(body: Sql): string
  /** a single-row CTE with column `v`, not joined; read it as `(SELECT v FROM alias)` */
  single(body: Sql): string
  /**
   * rows with a `customer_id` column that several grouped CTEs read (FROM alias),
   * not joined; PostgreSQL computes a CTE read more than once one time
   */
  rows(body: Sql): string
}

export type ParamDef = {
  name: string
  type: string
  values?: string[]
  description?: string
  required?: boolean
  schema: z.ZodTypeAny
}

export type FieldDef = {
  name: string
  label: string
  group: string
  type: FieldType
  operators: readonly Operator[]
  params: ParamDef[]
  picker?: string
  description?: string
  /** value schema for an operator when it differs from the type's default */
  valueSchema?: (op: Operator) => z.ZodTypeAny | undefined
  /** boolean SQL (may be NULL: the compiler makes it two-valued) */
  compile(rule: ConditionRule, ctx: CompileContext, b: CteBuilder): Sql
  evaluate(rule: ConditionRule, s: CustomerSnapshot, ctx: EvalContext): boolean
  /**
   * The customer's value the rule is judged on (the in-memory engine's input),
   * for explanations: a scalar, a list, or null when missing; `detail` adds
   * what the value alone does not say (store average, matching units).
   */
  actual(rule: ConditionRule, s: CustomerSnapshot, ctx: EvalContext): Actual
}

export type Actual = { value: unknown; detail?: string }

// ---------------------------------------------------------------------------
// Params
// ---------------------------------------------------------------------------

export const ORDER_STATUSES = ["pending", "completed", "draft", "archived", "canceled", "requires_action"] as const

const idOrIds = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(1000)], {
  error: "expected an id or a non-empty list of ids",
})

const P = {
  status: {
    name: "status",
    type: "string[]",
    values: [...ORDER_STATUSES],
    description: "order statuses to count (default: every order that is not canceled)",
    schema: z.array(z.enum(ORDER_STATUSES, { error: `expected one of ${ORDER_STATUSES.join(", ")}` })).min(1, {
      error: "expected a non-empty list of order statuses",
    }),
  },
  within_days: {
    name: "within_days",
    type: "number",
    description: "only orders placed in the last N days",
    schema: z.number({ error: "expected a number" }).int({ error: "expected a whole number" }).min(1).max(36500),
  },
  region_id: {
    name: "region_id",
    type: "id_list",
    description: "only orders of this region (or these regions)",
    schema: idOrIds,
  },
  sales_channel_id: {
    name: "sales_channel_id",
    type: "id_list",
    description: "only orders of this sales channel (or these)",
    schema: idOrIds,
  },
  currency_code: {
    name: "currency_code",
    type: "string",
    description: "currency (ISO 4217)",
    schema: z.string({ error: "expected a currency code" }).regex(/^[a-zA-Z]{3}$/, { error: "expected a 3-letter currency code" }),
  },
  min_quantity: {
    name: "min_quantity",
    type: "number",
    description: "a value counts as bought only when at least this many units of it were bought",
    schema: z.number({ error: "expected a number" }).int({ error: "expected a whole number" }).min(1).max(1_000_000),
  },
  purchase_within_days: {
    name: "within_days",
    type: "number",
    description: "only purchases of the last N days",
    schema: z.number({ error: "expected a number" }).int({ error: "expected a whole number" }).min(1).max(36500),
  },
  key: {
    name: "key",
    type: "string",
    required: true,
    description: "metadata key",
    schema: z.string({ error: "expected a metadata key" }).min(1, { error: "expected a metadata key" }).max(200),
  },
  address: {
    name: "address",
    type: "string",
    values: ["shipping", "billing", "any"],
    description:
      "shipping (default: default shipping address, else the last order's), billing, or any (any address the customer has or used)",
    schema: z.enum(["shipping", "billing", "any"], { error: "expected shipping, billing or any" }),
  },
} satisfies Record<string, ParamDef>

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const t = (text: string) => raw(text)

function ids(v: unknown): string[] {
  return v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]
}

const unique = (xs: string[]) => [...new Set(xs)]

/** "" and undefined are "not set" to both engines: shown as null. */
const missingAsNull = (v: unknown) => (v === undefined || v === "" ? null : v)

/** JSON-ish metadata value as text: strings, numbers and booleans; anything else is not set. */
function metaText(obj: Record<string, unknown> | null | undefined, key: string): string | null {
  const v = obj?.[key]
  if (typeof v === "string") return v
  if (typeof v === "number" && Number.isFinite(v)) return String(v)
  if (typeof v === "boolean") return String(v)
  return null
}
function metaTextSql(column: string, key: string): Sql {
  return sql(
    "(CASE WHEN jsonb_typeof(", t(column), " -> ", param(key, "text"), ") IN ('string', 'number', 'boolean') THEN ",
    t(column), " ->> ", param(key, "text"), " END)"
  )
}
// the same pattern as the SQL side (written without "?", which knex reserves for placeholders)
const NUMERIC_TEXT = /^-{0,1}[0-9]+([.][0-9]+){0,1}$/
function metaNumber(obj: Record<string, unknown> | null | undefined, key: string): number | null {
  const v = obj?.[key]
  if (typeof v === "number") return Number.isFinite(v) ? v : null
  if (typeof v === "string" && NUMERIC_TEXT.test(v)) return Number(v)
  return null
}
function metaNumberSql(column: string, key: string): Sql {
  return sql(
    "(CASE WHEN jsonb_typeof(", t(column), " -> ", param(key, "text"), ") IN ('string', 'number') AND (",
    t(column), " ->> ", param(key, "text"), ") ~ '^-{0,1}[0-9]+([.][0-9]+){0,1}$' THEN (",
    t(column), " ->> ", param(key, "text"), ")::float8 END)"
  )
}

/**
 * Exact decimal sum of amounts (as PostgreSQL's numeric sum), rounded once to a
 * double, like `sum(numeric)::float8`.
 */
export function exactSum(values: number[]): number {
  let scale = 0
  const parts = values.map((n) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(n))
    if (!m) return { digits: BigInt(Math.round(n)), exp: 0 }
    const frac = m[3] ?? ""
    const exp = Number(m[4] ?? 0) - frac.length
    const digits = BigInt(`${m[1]}${m[2]}${frac}`)
    return { digits, exp }
  })
  for (const p of parts) scale = Math.max(scale, -p.exp)
  let total = 0n
  for (const p of parts) total += p.digits * 10n ** BigInt(p.exp + scale)
  const neg = total < 0n
  const s = (neg ? -total : total).toString().padStart(scale + 1, "0")
  const text = scale ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s
  return Number(`${neg ? "-" : ""}${text}`)
}

// ---------------------------------------------------------------------------
// Field constructors
// ---------------------------------------------------------------------------

type Base = Pick<FieldDef, "name" | "label" | "group" | "picker" | "description">

/** A scalar value of the activity row. */
function activityScalar(
  base: Base & { type: Exclude<FieldType, "id_list"> },
  column: string,
  mem: (a: ActivityRow) => unknown
): FieldDef {
  const ops = SCALAR_OPS[base.type]
  return {
    ...base,
    operators: OPERATORS_BY_TYPE[base.type],
    params: [],
    compile: (rule, ctx) => ops.get(rule.operator as Operator)!.sql(t(column), rule.value, ctx),
    evaluate: (rule, s, ctx) => {
      const op = ops.get(rule.operator as Operator)
      return op ? op.mem(mem(s.activity), rule.value, ctx) : false
    },
    actual: (_rule, s) => ({ value: missingAsNull(mem(s.activity)) }),
  }
}

/** A text[] column of the activity row. */
function activityIdList(base: Base, column: string, mem: (a: ActivityRow) => unknown[] | null | undefined): FieldDef {
  return {
    ...base,
    type: "id_list",
    operators: OPERATORS_BY_TYPE.id_list,
    params: [],
    compile: (rule) =>
      ID_LIST_OPS.get(rule.operator as Operator)!.sql(t(`COALESCE(${column}, '{}'::text[])`), unique(ids(rule.value))),
    evaluate: (rule, s) => {
      const op = ID_LIST_OPS.get(rule.operator as Operator)
      return op ? op.mem(mem(s.activity) ?? [], unique(ids(rule.value))) : false
    },
    actual: (_rule, s) => ({ value: [...(mem(s.activity) ?? [])] }),
  }
}

// ---- orders ----

type OrderScope = {
  /** "param": params.status else not canceled; "canceled": status = canceled; "all": any status */
  status: "param" | "canceled" | "all"
  /** "amount": params.currency_code else the default currency; "optional": only when given */
  currency: "amount" | "optional"
}

type OrderFilter = { where: Sql; keep: (o: OrderFactRow) => boolean; key: string }

function orderFilter(params: Record<string, unknown> | undefined, scope: OrderScope, ctx: EngineContext): OrderFilter {
  const p = params ?? {}
  const where: Sql[] = [t("deleted_at IS NULL")]
  const keeps: Array<(o: OrderFactRow) => boolean> = []
  const key: Record<string, unknown> = {}

  if (scope.status === "canceled") {
    where.push(t("status = 'canceled'"))
    keeps.push((o) => o.status === "canceled")
  } else if (scope.status === "param" && p.status) {
    const statuses = unique(ids(p.status)).sort()
    key.status = statuses
    where.push(sql("status IN ", textList(statuses)))
    keeps.push((o) => statuses.includes(o.status))
  } else if (scope.status === "param") {
    where.push(t("status <> 'canceled'"))
    keeps.push((o) => o.status !== "canceled")
  }
  if (p.within_days != null) {
    const cutoff = daysAgo(ctx, p.within_days as number)
    key.within_days = p.within_days
    where.push(sql("ordered_at >= ", param(cutoff.toISOString(), "timestamptz")))
    keeps.push((o) => new Date(o.ordered_at).getTime() >= cutoff.getTime())
  }
  for (const col of ["region_id", "sales_channel_id"] as const) {
    if (p[col] == null) continue
    const list = unique(ids(p[col])).sort()
    key[col] = list
    where.push(sql(`${col} IN `, textList(list)))
    keeps.push((o) => o[col] != null && list.includes(o[col] as string))
  }
  const currency =
    p.currency_code != null ? String(p.currency_code) : scope.currency === "amount" ? ctx.defaultCurrency : null
  if (currency != null) {
    const c = currency.toLowerCase()
    key.currency_code = c
    where.push(sql("lower(currency_code) = ", param(c, "text")))
    keeps.push((o) => String(o.currency_code).toLowerCase() === c)
  }
  return {
    where: sql(...where.flatMap((w, i) => (i ? [" AND ", w] : [w]))),
    keep: (o) => keeps.every((k) => k(o)),
    key: JSON.stringify(key),
  }
}

type OrderAggregate = {
  scope: OrderScope
  type: "number" | "date"
  /** SQL aggregate over the filtered order facts of one customer */
  agg: string
  /** value for a customer with no matching orders (SQL literal), or null for "missing" */
  none: string | null
  mem: (orders: OrderFactRow[]) => number | Date | null
  /**
   * The same value read from the activity row's order summary (orders not
   * canceled; see lib/order-summary.ts), for rules whose params keep that
   * scope: `currency` is the one currency to read, or null for all of them.
   * Returns null when the summary cannot answer (the grouped facts then do).
   */
  summary?: (currency: string | null) => Sql | null
}

/**
 * The currency a rule's amounts are read in ("amount" scope: params.currency_code
 * else the store's default; otherwise only when given), lower-case, or null for
 * all currencies; undefined when the params leave the summary's scope (an
 * explicit status list, within_days, region or sales channel).
 */
function summaryCurrency(params: Record<string, unknown> | undefined, scope: OrderScope, ctx: EngineContext): string | null | undefined {
  const p = params ?? {}
  if (scope.status !== "param" || p.status != null || p.within_days != null || p.region_id != null || p.sales_channel_id != null) {
    return undefined
  }
  const currency = p.currency_code != null ? String(p.currency_code) : scope.currency === "amount" ? ctx.defaultCurrency : null
  return currency == null ? null : currency.toLowerCase()
}

/** `a.orders_by_currency -> currency ->> key`, cast (missing currency: NULL). */
function byCurrency(currency: string, key: "n" | "s", cast: "int" | "float8"): Sql {
  return sql("(a.orders_by_currency -> ", param(currency, "text"), ` ->> '${key}')::${cast}`)
}

function orderAggregateField(base: Base, a: OrderAggregate, params: ParamDef[]): FieldDef {
  const ops = SCALAR_OPS[a.type]
  return {
    ...base,
    type: a.type,
    operators: OPERATORS_BY_TYPE[a.type],
    params,
    compile: (rule, ctx, b) => {
      const currency = a.summary ? summaryCurrency(rule.params, a.scope, ctx) : undefined
      const fromSummary = currency !== undefined ? a.summary!(currency) : null
      if (fromSummary) return ops.get(rule.operator as Operator)!.sql(fromSummary, rule.value, ctx)
      const f = orderFilter(rule.params, a.scope, ctx)
      const alias = b.joined(
        sql(`SELECT customer_id, ${a.agg} AS v FROM customer_segment_order_fact WHERE `, f.where, " GROUP BY customer_id")
      )
      const value = a.none === null ? t(`${alias}.v`) : t(`COALESCE(${alias}.v, ${a.none})`)
      return ops.get(rule.operator as Operator)!.sql(value, rule.value, ctx)
    },
    evaluate: (rule, s, ctx) => {
      const op = ops.get(rule.operator as Operator)
      if (!op) return false
      const f = orderFilter(rule.params, a.scope, ctx)
      return op.mem(a.mem(s.orders.filter(f.keep)), rule.value, ctx)
    },
    actual: (rule, s, ctx) => {
      const kept = s.orders.filter(orderFilter(rule.params, a.scope, ctx).keep)
      return { value: a.mem(kept), detail: `${kept.length} order${kept.length === 1 ? "" : "s"} counted` }
    },
  }
}

const orderParams = [P.status, P.within_days, P.region_id, P.sales_channel_id, P.currency_code]
const noStatusParams = [P.within_days, P.region_id, P.sales_channel_id, P.currency_code]
const AMOUNT: OrderScope = { status: "param", currency: "amount" }
const COUNTED: OrderScope = { status: "param", currency: "optional" }

const average = (orders: OrderFactRow[]) => (orders.length ? exactSum(orders.map((o) => Number(o.total))) / orders.length : null)
const AVG_SQL = "sum(total)::float8 / count(*)"

/** The key under which the caller stores the store-wide average for a rule's params. */
export function globalAverageKey(rule: ConditionRule, ctx: EngineContext): string {
  return `orders.average_vs_global_pct:${orderFilter(rule.params, AMOUNT, ctx).key}`
}

/** SQL for the store-wide average order value under a rule's params (all customers). */
export function globalAverageSql(rule: ConditionRule, ctx: EngineContext): Sql {
  const f = orderFilter(rule.params, AMOUNT, ctx)
  return sql(`SELECT sum(total)::float8 / NULLIF(count(*), 0) AS v FROM customer_segment_order_fact WHERE `, f.where)
}

const averageVsGlobal: FieldDef = {
  name: "orders.average_vs_global_pct",
  label: "Average order value vs store average (%)",
  group: "Orders",
  description: "customer's average order value as % of the store's over the same filters (200 = twice)",
  type: "number",
  operators: OPERATORS_BY_TYPE.number,
  params: orderParams,
  compile: (rule, ctx, b) => {
    const f = orderFilter(rule.params, AMOUNT, ctx)
    const currency = summaryCurrency(rule.params, AMOUNT, ctx)
    const mine =
      currency != null
        ? sql("(", byCurrency(currency, "s", "float8"), " / ", byCurrency(currency, "n", "int"), ")")
        : t(`${b.joined(sql(`SELECT customer_id, ${AVG_SQL} AS v FROM customer_segment_order_fact WHERE `, f.where, " GROUP BY customer_id"))}.v`)
    const g = b.single(globalAverageSql(rule, ctx))
    const value = sql(`(CASE WHEN (SELECT v FROM ${g}) <> 0 THEN 100 * `, mine, ` / (SELECT v FROM ${g}) END)`)
    return NUMBER_OPS.get(rule.operator as Operator)!.sql(value, rule.value, ctx)
  },
  evaluate: (rule, s, ctx) => {
    const op = NUMBER_OPS.get(rule.operator as Operator)
    if (!op) return false
    const f = orderFilter(rule.params, AMOUNT, ctx)
    const mine = average(s.orders.filter(f.keep))
    const store = ctx.globalAverages?.[globalAverageKey(rule, ctx)]
    const value = mine == null || store == null || store === 0 ? null : (100 * mine) / store
    return op.mem(value, rule.value, ctx)
  },
  actual: (rule, s, ctx) => {
    const mine = average(s.orders.filter(orderFilter(rule.params, AMOUNT, ctx).keep))
    const store = ctx.globalAverages?.[globalAverageKey(rule, ctx)] ?? null
    const value = mine == null || store == null || store === 0 ? null : (100 * mine) / store
    return { value, detail: `customer average ${mine ?? "none"}, store average ${store ?? "none"}` }
  },
}

// ---- purchases and other per-customer row sets ----

type PurchaseFilter = { where: Sql; keep: (p: PurchaseFactRow) => boolean }

function purchaseFilter(params: Record<string, unknown> | undefined, ctx: EngineContext): PurchaseFilter {
  const where: Sql[] = [t("f.deleted_at IS NULL AND f.order_status <> 'canceled'")]
  let keep = (p: PurchaseFactRow) => p.order_status !== "canceled"
  if (params?.within_days != null) {
    const cutoff = daysAgo(ctx, params.within_days as number)
    where.push(sql(" AND f.ordered_at >= ", param(cutoff.toISOString(), "timestamptz")))
    const prev = keep
    keep = (p) => prev(p) && new Date(p.ordered_at).getTime() >= cutoff.getTime()
  }
  return { where: sql(...where), keep }
}

type RowSet = {
  /** FROM clause with the row alias `f` and the value `v` reachable */
  from: string
  /** SQL expression of one value */
  value: string
  where: (rule: ConditionRule, ctx: EngineContext) => PurchaseFilter | { where: Sql; keep: (r: any) => boolean }
  quantity: boolean
  /** values of one row (null/undefined ignored) and its quantity */
  rows: (s: CustomerSnapshot) => Array<{ row: any; values: unknown[]; quantity: number }>
  /**
   * activity column holding the distinct values of the rows that are not
   * canceled (lib/activity-summary.ts): rules without within_days or
   * min_quantity read it instead of the rows
   */
  summaryColumn?: string
}

/** The set of values a customer has, honouring params.min_quantity. */
function rowSetValues(set: RowSet, rule: ConditionRule, s: CustomerSnapshot, ctx: EngineContext): string[] {
  const { keep } = set.where(rule, ctx)
  const qty = new Map<string, number>()
  for (const r of set.rows(s)) {
    if (!keep(r.row)) continue
    for (const v of r.values) {
      if (v == null) continue
      qty.set(String(v), (qty.get(String(v)) ?? 0) + r.quantity)
    }
  }
  const min = set.quantity ? (rule.params?.min_quantity as number | undefined) : undefined
  return [...qty.entries()].filter(([, q]) => min == null || q >= min).map(([v]) => v)
}

function rowSetField(base: Base, set: RowSet, params: ParamDef[]): FieldDef {
  return {
    ...base,
    type: "id_list",
    operators: OPERATORS_BY_TYPE.id_list,
    params,
    compile: (rule, ctx, b) => {
      const op = rule.operator as Operator
      const list = unique(ids(rule.value))
      const positive = op === "not_in" ? "in" : op === "is_not_set" ? "is_set" : op
      const min = set.quantity ? (rule.params?.min_quantity as number | undefined) : undefined
      if (set.summaryColumn && min == null && rule.params?.within_days == null) {
        return ID_LIST_OPS.get(op)!.sql(t(`COALESCE(a.${set.summaryColumn}, '{}'::text[])`), list)
      }
      const where = set.where(rule, ctx).where
      if (min == null && positive !== "all") {
        // any of / is set: one pass, the customers with at least one such row
        const alias = b.joined(
          sql(
            `SELECT DISTINCT f.customer_id FROM ${set.from} WHERE `,
            where,
            ` AND ${set.value} IS NOT NULL`,
            positive === "is_set" ? "" : sql(` AND ${set.value} IN `, textList(list))
          )
        )
        return presence(alias, positive === op)
      }
      const inner = sql(
        `SELECT f.customer_id, ${set.value} AS v FROM ${set.from} WHERE `,
        where,
        ` AND ${set.value} IS NOT NULL`,
        positive === "is_set" ? "" : sql(` AND ${set.value} IN `, textList(list)),
        " GROUP BY f.customer_id, v",
        min != null ? sql(" HAVING sum(f.quantity) >= ", param(min, "int")) : ""
      )
      const alias = b.joined(
        sql(
          "SELECT customer_id FROM (", inner, ") s GROUP BY customer_id",
          positive === "all" ? sql(" HAVING count(*) = ", param(list.length, "int")) : ""
        )
      )
      return presence(alias, positive === op)
    },
    evaluate: (rule, s, ctx) => {
      const op = ID_LIST_OPS.get(rule.operator as Operator)
      return op ? op.mem(rowSetValues(set, rule, s, ctx), unique(ids(rule.value))) : false
    },
    actual: (rule, s, ctx) => ({ value: rowSetValues(set, rule, s, ctx).sort() }),
  }
}

function purchaseSet(valueOf: (p: PurchaseFactRow) => unknown[], column: string, isArray: boolean, summaryColumn?: string): RowSet {
  return {
    summaryColumn,
    from: isArray
      ? `customer_segment_purchase_fact f CROSS JOIN LATERAL unnest(f.${column}) AS u(v)`
      : "customer_segment_purchase_fact f",
    value: isArray ? "u.v" : `f.${column}`,
    where: (rule, ctx) => purchaseFilter(rule.params, ctx),
    quantity: true,
    rows: (s) => s.purchases.map((p) => ({ row: p, values: valueOf(p), quantity: Number(p.quantity) })),
  }
}

const purchaseParams = [P.purchase_within_days, P.min_quantity]

function purchaseField(name: string, label: string, column: keyof PurchaseFactRow, picker: string): FieldDef {
  const isArray = column === "category_ids" || column === "tag_ids"
  return rowSetField(
    { name, label, group: "Purchases", picker },
    purchaseSet(
      (p) => (isArray ? ((p[column] as unknown[]) ?? []) : [p[column]]),
      column,
      isArray,
      column === "product_id" ? "purchased_product_ids" : undefined
    ),
    purchaseParams
  )
}

const segmentMemberOf = rowSetField(
  {
    name: "segment.member_of",
    label: "Member of segment",
    group: "Segments",
    picker: "segment",
    description: "membership of other segments (cycles are rejected by the caller)",
  },
  {
    from: "customer_segment_member f",
    value: "f.segment_id",
    where: () => ({ where: t("f.deleted_at IS NULL"), keep: () => true }),
    quantity: false,
    rows: (s) => [{ row: null, values: s.segment_ids ?? [], quantity: 1 }],
  },
  []
)

const purchaseAttribute: FieldDef = {
  name: "purchases.attribute",
  label: "Bought a product with attribute",
  group: "Purchases",
  description:
    "true when some purchase (not canceled) has product metadata[key] satisfying the operator; with min_quantity, the matching purchases must add up to that many units",
  type: "string",
  operators: OPERATORS_BY_TYPE.string,
  params: [P.key, ...purchaseParams],
  compile: (rule, ctx, b) => {
    const key = String(rule.params?.key)
    const min = rule.params?.min_quantity as number | undefined
    const pred = STRING_OPS.get(rule.operator as Operator)!.sql(metaTextSql("f.product_metadata", key), rule.value, ctx)
    const alias = b.joined(
      sql(
        "SELECT f.customer_id FROM customer_segment_purchase_fact f WHERE ",
        purchaseFilter(rule.params, ctx).where,
        " AND ", truthy(pred),
        " GROUP BY f.customer_id",
        min != null ? sql(" HAVING sum(f.quantity) >= ", param(min, "int")) : ""
      )
    )
    return presence(alias, true)
  },
  evaluate: (rule, s, ctx) => {
    const op = STRING_OPS.get(rule.operator as Operator)
    if (!op) return false
    const key = String(rule.params?.key)
    const min = rule.params?.min_quantity as number | undefined
    const { keep } = purchaseFilter(rule.params, ctx)
    const matching = s.purchases.filter((p) => keep(p) && op.mem(metaText(p.product_metadata, key), rule.value, ctx))
    if (!matching.length) return false
    return min == null || matching.reduce((n, p) => n + Number(p.quantity), 0) >= min
  },
  actual: (rule, s, ctx) => {
    const key = String(rule.params?.key)
    const op = STRING_OPS.get(rule.operator as Operator)
    const { keep } = purchaseFilter(rule.params, ctx)
    const kept = s.purchases.filter(keep)
    const values = unique(kept.map((p) => metaText(p.product_metadata, key)).filter((v): v is string => v != null)).sort()
    const units = op
      ? kept.filter((p) => op.mem(metaText(p.product_metadata, key), rule.value, ctx)).reduce((n, p) => n + Number(p.quantity), 0)
      : 0
    return { value: values, detail: `${units} matching unit${units === 1 ? "" : "s"} bought` }
  },
}

// ---- customer.attribute: strings, or numbers for number operators / numeric values ----

const NUMERIC_ONLY = new Set<Operator>(["gt", "gte", "lt", "lte", "between"])
const attributeIsNumeric = (rule: ConditionRule) =>
  NUMERIC_ONLY.has(rule.operator as Operator) ||
  ((rule.operator === "eq" || rule.operator === "ne") && typeof rule.value === "number")

const customerAttribute: FieldDef = {
  name: "customer.attribute",
  label: "Customer attribute (metadata)",
  group: "Customer",
  description:
    "metadata[key] of the customer. String operators compare text (case-insensitive); gt/gte/lt/lte/between, and eq/ne with a number, compare numerically and treat non-numeric values as not set",
  type: "string",
  operators: [...OPERATORS_BY_TYPE.string, "gt", "gte", "lt", "lte", "between"],
  params: [P.key],
  valueSchema: (op) => {
    if (op === "eq" || op === "ne") {
      return z.union([z.string().min(1).max(1000), z.number()], { error: "expected a string or a number" })
    }
    return undefined
  },
  compile: (rule, ctx) => {
    const key = String(rule.params?.key)
    const op = rule.operator as Operator
    return attributeIsNumeric(rule)
      ? NUMBER_OPS.get(op)!.sql(metaNumberSql("a.customer_metadata", key), rule.value, ctx)
      : STRING_OPS.get(op)!.sql(metaTextSql("a.customer_metadata", key), rule.value, ctx)
  },
  evaluate: (rule, s, ctx) => {
    const key = String(rule.params?.key)
    const op = (attributeIsNumeric(rule) ? NUMBER_OPS : STRING_OPS).get(rule.operator as Operator)
    if (!op) return false
    const meta = s.activity.customer_metadata
    return op.mem(attributeIsNumeric(rule) ? metaNumber(meta, key) : metaText(meta, key), rule.value, ctx)
  },
  actual: (rule, s) => {
    const key = String(rule.params?.key)
    const meta = s.activity.customer_metadata
    return { value: missingAsNull(attributeIsNumeric(rule) ? metaNumber(meta, key) : metaText(meta, key)) }
  },
}

// ---- addresses ----

function addressField(part: "country_code" | "province" | "city" | "postal_code", label: string, picker?: string): FieldDef {
  const columns = {
    shipping: `ship_${part}`,
    billing: `bill_${part}`,
    any: `any_${part === "city" ? "cities" : part === "province" ? "provinces" : `${part}s`}`,
  } as const
  const which = (rule: ConditionRule) => ((rule.params?.address as keyof typeof columns) ?? "shipping")
  return {
    name: `address.${part}`,
    label,
    group: "Address",
    picker,
    type: "string",
    operators: OPERATORS_BY_TYPE.string,
    params: [P.address],
    compile: (rule, ctx) => {
      const w = which(rule)
      const ops = w === "any" ? STRING_LIST_OPS : STRING_OPS
      return ops.get(rule.operator as Operator)!.sql(t(`a.${columns[w]}`), rule.value, ctx)
    },
    evaluate: (rule, s, ctx) => {
      const w = which(rule)
      const op = (w === "any" ? STRING_LIST_OPS : STRING_OPS).get(rule.operator as Operator)
      return op ? op.mem((s.activity as any)[columns[w]], rule.value, ctx) : false
    },
    actual: (rule, s) => {
      const v = (s.activity as any)[columns[which(rule)]]
      return { value: Array.isArray(v) ? [...v] : missingAsNull(v) }
    },
  }
}

// ---- RFM (lib/rfm.ts): stored scores, read by both engines ----

export const RFM_GROUP_VALUES = ["champions", "loyal", "potential_loyalist", "new", "at_risk", "cant_lose", "hibernating", "lost"]

function rfmField(base: Base & { type: "number" | "string" }, column: "recency_score" | "frequency_score" | "monetary_score" | "rfm_group"): FieldDef {
  const ops = SCALAR_OPS[base.type]
  const value = (s: CustomerSnapshot) => (s.rfm ? s.rfm[column] : null)
  return {
    ...base,
    operators: base.type === "string" ? ["eq", "ne", "in", "not_in", "is_set", "is_not_set"] : OPERATORS_BY_TYPE.number,
    params: [],
    compile: (rule, ctx, b) => {
      const alias = b.joined(t(`SELECT id AS customer_id, ${column} AS v FROM customer_segment_rfm WHERE deleted_at IS NULL`))
      return ops.get(rule.operator as Operator)!.sql(t(`${alias}.v`), rule.value, ctx)
    },
    evaluate: (rule, s, ctx) => {
      const op = ops.get(rule.operator as Operator)
      return op ? op.mem(value(s), rule.value, ctx) : false
    },
    actual: (_rule, s) => ({
      value: value(s),
      ...(s.rfm ? { detail: `R${s.rfm.recency_score} F${s.rfm.frequency_score} M${s.rfm.monetary_score}, ${s.rfm.rfm_group}` } : {}),
    }),
  }
}

const rfmGroupValue = (op: Operator) =>
  op === "in" || op === "not_in"
    ? z.array(z.enum(RFM_GROUP_VALUES as [string, ...string[]], { error: `expected ${RFM_GROUP_VALUES.join(", ")}` })).min(1).max(8)
    : op === "eq" || op === "ne"
      ? z.enum(RFM_GROUP_VALUES as [string, ...string[]], { error: `expected one of ${RFM_GROUP_VALUES.join(", ")}` })
      : undefined

// ---- order rhythm: from the order summary (orders not canceled), in whole milliseconds ----

const DAY_MS = 86_400_000
/**
 * Whole milliseconds since the epoch, floored like JavaScript's Date of the same
 * microsecond timestamp. date_part (float8) instead of extract (numeric, 2.3 s for
 * three per row at 1,000,000 customers): the float8 value is within 0.0004 ms of
 * the exact one (two roundings at ~1.8e12), and a microsecond timestamp's
 * fraction of a millisecond is at most 0.999, so adding 0.0005 before the floor
 * gives the exact result.
 */
const epochMs = (column: string) => `floor(date_part('epoch', ${column}) * 1000 + 0.0005)`
const LAST_MS = epochMs("a.orders_last_at")
const FIRST_MS = epochMs("a.orders_first_at")
const GAP_MS = `(CASE WHEN a.orders_count >= 2 THEN (${LAST_MS} - ${FIRST_MS}) / (a.orders_count - 1)::float8 END)`
const EXPECTED_MS = `(${LAST_MS} + floor(${GAP_MS}))`

/** { last, first, count } of the orders not canceled, in ms, as the summary has them. */
function rhythm(s: CustomerSnapshot): { gap: number; expected: number } | null {
  const times = s.orders.filter((o) => o.status !== "canceled").map((o) => new Date(o.ordered_at).getTime())
  if (times.length < 2) return null
  const last = Math.max(...times)
  const first = Math.min(...times)
  const gap = (last - first) / (times.length - 1)
  return { gap, expected: last + Math.floor(gap) }
}

function rhythmField(base: Base & { type: "number" | "date" }, sqlOf: (ctx: CompileContext) => Sql, mem: (r: { gap: number; expected: number }, ctx: EngineContext) => number | Date): FieldDef {
  const ops = SCALAR_OPS[base.type]
  const value = (s: CustomerSnapshot, ctx: EngineContext) => {
    const r = rhythm(s)
    return r ? mem(r, ctx) : null
  }
  return {
    ...base,
    operators: OPERATORS_BY_TYPE[base.type],
    params: [],
    compile: (rule, ctx) => ops.get(rule.operator as Operator)!.sql(sqlOf(ctx), rule.value, ctx),
    evaluate: (rule, s, ctx) => {
      const op = ops.get(rule.operator as Operator)
      return op ? op.mem(value(s, ctx), rule.value, ctx) : false
    },
    actual: (_rule, s, ctx) => {
      const r = rhythm(s)
      return {
        value: value(s, ctx),
        ...(r ? { detail: `every ${(r.gap / DAY_MS).toFixed(1)} days on average, next expected ${new Date(r.expected).toISOString().slice(0, 10)}` } : {}),
      }
    },
  }
}

// ---- dates that recur: days until the next birthday / first-order anniversary ----

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31)

/**
 * Days from the clock's UTC date to the next (month, day) in a year after
 * `year`, 0 = today; 29 February falls on the 28th in other years.
 */
function daysToNext(year: number, month: number, day: number, now: Date): number {
  const ty = now.getUTCFullYear()
  const today = Date.UTC(ty, now.getUTCMonth(), now.getUTCDate())
  const on = (y: number) => Date.UTC(y, month - 1, month === 2 && day === 29 && !isLeap(y) ? 28 : day)
  let y = Math.max(ty, year + 1)
  if (on(y) < today) y++
  return Math.round((on(y) - today) / DAY_MS)
}

/** The same in SQL over int expressions y, m, d (already valid). */
function daysToNextSql(y: Sql, m: Sql, d: Sql, now: Date): Sql {
  const ty = param(now.getUTCFullYear(), "int")
  const today = param(now.toISOString().slice(0, 10), "date")
  const leap = (yr: Sql) => sql("((", yr, ") % 4 = 0 AND ((", yr, ") % 100 <> 0 OR (", yr, ") % 400 = 0))")
  const dayIn = (yr: Sql) => sql("(CASE WHEN (", m, ") = 2 AND (", d, ") = 29 AND NOT ", leap(yr), " THEN 28 ELSE (", d, ") END)")
  const on = (yr: Sql) => sql("make_date(", yr, ", ", m, ", ", dayIn(yr), ")")
  const start = sql("GREATEST(", ty, ", (", y, ") + 1)")
  return sql(
    "(CASE WHEN ", on(start), " >= ", today, " THEN ", on(start), " - ", today,
    " ELSE ", on(sql("(", start, ") + 1")), " - ", today, " END)::float8"
  )
}

/** Every "MM-DD" of last year with the days from the clock to its next occurrence: a birthday in any year before this one. */
function lastYearMonthDays(now: Date): Array<[string, number]> {
  const year = now.getUTCFullYear() - 1
  const out: Array<[string, number]> = []
  for (let m = 1; m <= 12; m++) {
    for (let d = 1; d <= daysInMonth(year, m); d++) out.push([`${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, daysToNext(year, m, d, now)])
  }
  return out
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})/

function birthday(s: CustomerSnapshot, key: string, now: Date): number | null {
  const v = metaText(s.activity.customer_metadata, key)
  const m = v == null ? null : YMD.exec(v)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null
  return daysToNext(y, mo, d, now)
}

/**
 * Days to the birthday stored as metadata[key], YYYY-MM-DD. PostgreSQL copies
 * an expression into every use of it, and the general formula uses the year,
 * month and day dozens of times (8 s at 1,000,000 customers when each use
 * re-read the metadata). For a birth year before this one the answer depends
 * on the month and day alone, so it is a lookup in a table computed here for
 * the clock; the other dates (29 February, this year or later) take the
 * general formula. (A scalar subquery that reads the text once would do too,
 * but it makes the whole match run without parallel workers.)
 */
function birthdaySql(key: string, now: Date): Sql {
  // ->> alone: a value that is not a string cannot match the date pattern
  const v = sql("(a.customer_metadata ->> ", param(key, "text"), ")")
  const ty = now.getUTCFullYear()
  const byMonthDay = Object.fromEntries(lastYearMonthDays(now))
  return sql(
    "(CASE WHEN ", v, " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN (CASE WHEN substr(", v, ", 1, 4)::int BETWEEN 1 AND ", param(ty - 1, "int"),
    " AND substr(", v, ", 6, 5) <> '02-29' THEN (", param(JSON.stringify(byMonthDay), "jsonb"), " ->> substr(", v, ", 6, 5))::float8",
    " ELSE ", birthdayGeneralSql(v, now), " END) END)"
  )
}

/** The general formula over a YYYY-MM-DD text (already matched by the pattern); slow, so only for the rare dates. */
function birthdayGeneralSql(v: Sql, now: Date): Sql {
  const part = (from: number, len: number) => sql("substr(", v, `, ${from}, ${len})::int`)
  const [y, m, d] = [part(1, 4), part(6, 2), part(9, 2)]
  const dim = sql(
    "(CASE WHEN ", m, " = 2 THEN (CASE WHEN (", y, " % 4 = 0 AND (", y, " % 100 <> 0 OR ", y, " % 400 = 0)) THEN 29 ELSE 28 END)",
    " WHEN ", m, " IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
  )
  return sql("(CASE WHEN ", y, " >= 1 AND ", m, " BETWEEN 1 AND 12 AND ", d, " >= 1 AND ", d, " <= ", dim, " THEN ", daysToNextSql(y, m, d, now), " END)")
}

/**
 * The birthday rule. Most customers fail a comparison such as "within 30 days"
 * on the month and day alone: for a birth year before this one the days follow
 * from the month and day, so the months-days that pass are computed here and
 * tested first, reading the metadata once for the rows that fail (2.3 s → 1.1 s
 * serial at 1,000,000 customers). Rows that pass, 29 February and birth years
 * from this one on take the full expression. Only for operators that are false
 * on a missing date; the others ("not set") take the full expression for all.
 */
function birthdayRuleSql(rule: ConditionRule, ctx: CompileContext): Sql {
  const op = NUMBER_OPS.get(rule.operator as Operator)!
  const key = String(rule.params?.key ?? "birth_date")
  const full = op.sql(birthdaySql(key, ctx.now), rule.value, ctx)
  if (op.mem(null, rule.value, ctx) !== false) return full
  const ty = ctx.now.getUTCFullYear()
  const pass = ["02-29", ...lastYearMonthDays(ctx.now).filter(([, days]) => op.mem(days, rule.value, ctx)).map(([md]) => md)]
  const v = sql("(a.customer_metadata ->> ", param(key, "text"), ")")
  return twoValued(
    sql(
      "(CASE WHEN substr(", v, ", 6, 5) = ANY(", param(`{${pass.join(",")}}`, "text[]"), ") OR ", v, ' COLLATE "C" >= ', param(String(ty).padStart(4, "0"), "text"),
      " THEN ", truthy(full), " ELSE false END)"
    )
  )
}

const birthdayKey: ParamDef = {
  name: "key",
  type: "string",
  description: "metadata key of the date of birth, YYYY-MM-DD (default birth_date)",
  schema: z.string({ error: "expected a metadata key" }).min(1, { error: "expected a metadata key" }).max(200),
}

const daysToBirthday: FieldDef = {
  name: "customer.days_to_birthday",
  label: "Days to birthday",
  group: "Customer",
  description:
    "days from today (UTC) to the next birthday, 0 = today, from metadata[key] (YYYY-MM-DD, default key birth_date); 29 February falls on the 28th in other years; not set without a valid date",
  type: "number",
  operators: OPERATORS_BY_TYPE.number,
  params: [birthdayKey],
  compile: (rule, ctx) => birthdayRuleSql(rule, ctx),
  evaluate: (rule, s, ctx) => {
    const op = NUMBER_OPS.get(rule.operator as Operator)
    return op ? op.mem(birthday(s, String(rule.params?.key ?? "birth_date"), ctx.now), rule.value, ctx) : false
  },
  actual: (rule, s, ctx) => ({
    value: birthday(s, String(rule.params?.key ?? "birth_date"), ctx.now),
    detail: `date of birth ${metaText(s.activity.customer_metadata, String(rule.params?.key ?? "birth_date")) ?? "not set"}`,
  }),
}

function firstOrderAnniversary(s: CustomerSnapshot, now: Date): number | null {
  const times = s.orders.filter((o) => o.status !== "canceled").map((o) => new Date(o.ordered_at).getTime())
  if (!times.length) return null
  const first = new Date(Math.min(...times))
  return daysToNext(first.getUTCFullYear(), first.getUTCMonth() + 1, first.getUTCDate(), now)
}

/**
 * Days to the next anniversary of the first order. For a first order before
 * this year the answer depends on its month and day alone, and for one this
 * year too (the anniversary is next year), so both are a lookup in an int
 * array computed here for the clock, indexed by (this year ? 416 : 0) +
 * month * 32 + day; date_part (float8) instead of extract (numeric), which
 * cost 1.5 s at 1,000,000 customers. A first order dated after this year
 * (a wrong clock) takes the general formula.
 */
function anniversarySql(now: Date): Sql {
  const f = "(a.orders_first_at AT TIME ZONE 'UTC')"
  const [y, m, d] = ["year", "month", "day"].map((u) => t(`date_part('${u}', ${f})::int`))
  const ty = now.getUTCFullYear()
  const table: Array<number | null> = new Array(832).fill(null)
  for (const [offset, year] of [[0, ty - 1], [416, ty]]) {
    for (let mo = 1; mo <= 12; mo++) for (let day = 1; day <= daysInMonth(mo === 2 ? 2024 : year, mo); day++) table[offset + mo * 32 + day] = daysToNext(year, mo, day, now)
  }
  const lookup = `{${table.map((v) => (v == null ? "NULL" : String(v))).join(",")}}`
  return sql(
    "(CASE WHEN a.orders_first_at IS NOT NULL THEN (CASE WHEN ", y, " <= ", param(ty, "int"), " THEN (", param(lookup, "int[]"), ")[(CASE WHEN ", y, " = ",
    param(ty, "int"), " THEN 417 ELSE 1 END) + ", m, " * 32 + ", d, "]::float8 ELSE ", daysToNextSql(y, m, d, now), " END) END)"
  )
}
const daysToAnniversary: FieldDef = {
  name: "orders.days_to_first_order_anniversary",
  label: "Days to first-order anniversary",
  group: "Orders",
  description: "days from today (UTC) to the next anniversary of the first order (not canceled), 0 = today; not set without orders",
  type: "number",
  operators: OPERATORS_BY_TYPE.number,
  params: [],
  compile: (rule, ctx) =>
    NUMBER_OPS.get(rule.operator as Operator)!.sql(
      anniversarySql(ctx.now),
      rule.value,
      ctx
    ),
  evaluate: (rule, s, ctx) => {
    const op = NUMBER_OPS.get(rule.operator as Operator)
    return op ? op.mem(firstOrderAnniversary(s, ctx.now), rule.value, ctx) : false
  },
  actual: (_rule, s, ctx) => ({ value: firstOrderAnniversary(s, ctx.now) }),
}

const PREDICTIVE_FIELDS: FieldDef[] = [
  rfmField({ name: "rfm.recency_score", label: "RFM recency score (1-5)", group: "RFM", type: "number", description: "5 = the most recent fifth of the store's buyers" }, "recency_score"),
  rfmField({ name: "rfm.frequency_score", label: "RFM frequency score (1-5)", group: "RFM", type: "number", description: "5 = the fifth with the most orders" }, "frequency_score"),
  rfmField({ name: "rfm.monetary_score", label: "RFM monetary score (1-5)", group: "RFM", type: "number", description: "5 = the fifth that spent the most (store currency)" }, "monetary_score"),
  {
    ...rfmField(
      { name: "rfm.group", label: "RFM group", group: "RFM", type: "string", picker: "rfm_group", description: `one of ${RFM_GROUP_VALUES.join(", ")}` },
      "rfm_group"
    ),
    valueSchema: rfmGroupValue,
  },
  rhythmField(
    { name: "orders.average_gap_days", label: "Average days between orders", group: "Order rhythm", type: "number", description: "(last − first order) / (orders − 1); not set below 2 orders" },
    () => t(`(${GAP_MS} / ${DAY_MS})`),
    (r) => r.gap / DAY_MS
  ),
  rhythmField(
    { name: "orders.next_order_expected_at", label: "Next order expected", group: "Order rhythm", type: "date", description: "last order + average gap; not set below 2 orders" },
    () => t(`('epoch'::timestamptz + ${EXPECTED_MS} * interval '1 millisecond')`),
    (r) => new Date(r.expected)
  ),
  rhythmField(
    { name: "orders.overdue_days", label: "Days overdue for the next order", group: "Order rhythm", type: "number", description: "days since the expected next order (negative: not due yet); not set below 2 orders" },
    (ctx) => sql("((", param(ctx.now.getTime(), "float8"), ` - ${EXPECTED_MS}) / ${DAY_MS})`),
    (r, ctx) => (ctx.now.getTime() - r.expected) / DAY_MS
  ),
  daysToBirthday,
  daysToAnniversary,
]

// ---------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------

const cartOpen = "a.cart_id IS NOT NULL"
const hasCart = (a: ActivityRow) => a.cart_id != null

const FIELD_LIST: FieldDef[] = [
  activityScalar({ name: "customer.email", label: "Email", group: "Customer", type: "string" }, "a.email", (a) => a.email),
  activityScalar(
    { name: "customer.email_domain", label: "Email domain", group: "Customer", type: "string", description: "part after @, lower-case" },
    "a.email_domain",
    (a) => a.email_domain
  ),
  activityScalar({ name: "customer.first_name", label: "First name", group: "Customer", type: "string" }, "a.first_name", (a) => a.first_name),
  activityScalar({ name: "customer.last_name", label: "Last name", group: "Customer", type: "string" }, "a.last_name", (a) => a.last_name),
  activityScalar(
    { name: "customer.company_name", label: "Company", group: "Customer", type: "string" },
    "a.company_name",
    (a) => a.company_name
  ),
  activityScalar({ name: "customer.phone", label: "Phone", group: "Customer", type: "string" }, "a.phone", (a) => a.phone),
  activityScalar(
    { name: "customer.has_account", label: "Has an account", group: "Customer", type: "boolean", description: "registered (true) or guest (false)" },
    "a.has_account",
    (a) => Boolean(a.has_account)
  ),
  activityScalar(
    { name: "customer.created_at", label: "Customer since", group: "Customer", type: "date" },
    "a.customer_created_at",
    (a) => a.customer_created_at
  ),
  activityIdList(
    { name: "customer.group_ids", label: "Customer groups", group: "Customer", picker: "customer_group" },
    "a.group_ids",
    (a) => a.group_ids
  ),
  customerAttribute,

  addressField("country_code", "Country", "country"),
  addressField("province", "Province / state"),
  addressField("city", "City"),
  addressField("postal_code", "Postal code"),

  orderAggregateField(
    { name: "orders.count", label: "Number of orders", group: "Orders", description: "orders in every currency unless currency_code is given" },
    {
      scope: COUNTED,
      type: "number",
      agg: "count(*)",
      none: "0",
      mem: (os) => os.length,
      summary: (cur) => (cur == null ? t("a.orders_count") : sql("COALESCE(", byCurrency(cur, "n", "int"), ", 0)")),
    },
    orderParams
  ),
  orderAggregateField(
    { name: "orders.total_spent", label: "Total spent", group: "Orders", description: "sum of order totals in one currency (currency_code, else the store's default)" },
    {
      scope: AMOUNT,
      type: "number",
      agg: "sum(total)::float8",
      none: "0",
      mem: (os) => exactSum(os.map((o) => Number(o.total))),
      summary: (cur) => (cur == null ? null : sql("COALESCE(", byCurrency(cur, "s", "float8"), ", 0)")),
    },
    orderParams
  ),
  orderAggregateField(
    { name: "orders.average_value", label: "Average order value", group: "Orders", description: "in one currency; not set without orders" },
    {
      scope: AMOUNT,
      type: "number",
      agg: AVG_SQL,
      none: null,
      mem: average,
      summary: (cur) => (cur == null ? null : sql("(", byCurrency(cur, "s", "float8"), " / ", byCurrency(cur, "n", "int"), ")")),
    },
    orderParams
  ),
  averageVsGlobal,
  orderAggregateField(
    { name: "orders.completed_pct", label: "Completed orders (%)", group: "Orders", description: "100 × completed / all orders (canceled included); not set without orders" },
    {
      scope: { status: "all", currency: "optional" },
      type: "number",
      agg: "(100 * (count(*) FILTER (WHERE status = 'completed'))::float8) / count(*)",
      none: null,
      mem: (os) => (os.length ? (100 * os.filter((o) => o.status === "completed").length) / os.length : null),
    },
    noStatusParams
  ),
  orderAggregateField(
    { name: "orders.canceled_count", label: "Canceled orders", group: "Orders" },
    { scope: { status: "canceled", currency: "optional" }, type: "number", agg: "count(*)", none: "0", mem: (os) => os.length },
    noStatusParams
  ),
  orderAggregateField(
    { name: "orders.first_order_at", label: "First order", group: "Orders" },
    {
      scope: COUNTED,
      type: "date",
      agg: "min(ordered_at)",
      none: null,
      summary: (cur) => (cur == null ? t("a.orders_first_at") : null),
      mem: (os) => (os.length ? new Date(Math.min(...os.map((o) => new Date(o.ordered_at).getTime()))) : null),
    },
    orderParams
  ),
  orderAggregateField(
    { name: "orders.last_order_at", label: "Last order", group: "Orders" },
    {
      scope: COUNTED,
      type: "date",
      agg: "max(ordered_at)",
      none: null,
      summary: (cur) => (cur == null ? t("a.orders_last_at") : null),
      mem: (os) => (os.length ? new Date(Math.max(...os.map((o) => new Date(o.ordered_at).getTime()))) : null),
    },
    orderParams
  ),
  activityIdList({ name: "orders.promotion_codes", label: "Promotion codes used", group: "Orders", picker: "promotion_code" }, "a.promotion_codes", (a) => a.promotion_codes),
  activityIdList({ name: "orders.payment_providers", label: "Payment providers used", group: "Orders", picker: "payment_provider" }, "a.payment_providers", (a) => a.payment_providers),
  activityIdList({ name: "orders.shipping_options", label: "Shipping options used", group: "Orders", picker: "shipping_option" }, "a.shipping_options", (a) => a.shipping_options),
  activityIdList({ name: "orders.region_ids", label: "Regions ordered in", group: "Orders", picker: "region" }, "a.region_ids", (a) => a.region_ids),
  activityIdList({ name: "orders.sales_channel_ids", label: "Sales channels ordered in", group: "Orders", picker: "sales_channel" }, "a.sales_channel_ids", (a) => a.sales_channel_ids),
  activityIdList({ name: "orders.currency_codes", label: "Currencies ordered in", group: "Orders", picker: "currency" }, "a.currency_codes", (a) => a.currency_codes),

  purchaseField("purchases.product_ids", "Bought products", "product_id", "product"),
  purchaseField("purchases.variant_ids", "Bought variants", "variant_id", "variant"),
  purchaseField("purchases.skus", "Bought SKUs", "sku", "sku"),
  purchaseField("purchases.collection_ids", "Bought from collections", "collection_id", "collection"),
  purchaseField("purchases.category_ids", "Bought from categories", "category_ids", "category"),
  purchaseField("purchases.type_ids", "Bought product types", "type_id", "product_type"),
  purchaseField("purchases.tag_ids", "Bought products tagged", "tag_ids", "product_tag"),
  purchaseAttribute,

  activityScalar(
    { name: "cart.has_open", label: "Has an open cart", group: "Cart", type: "boolean", description: "newest cart without an order" },
    `(${cartOpen})`,
    hasCart
  ),
  activityScalar(
    { name: "cart.subtotal", label: "Open cart subtotal", group: "Cart", type: "number" },
    `(CASE WHEN ${cartOpen} THEN a.cart_subtotal::float8 END)`,
    (a) => (hasCart(a) && a.cart_subtotal != null ? Number(a.cart_subtotal) : null)
  ),
  activityScalar(
    { name: "cart.item_count", label: "Open cart item count", group: "Cart", type: "number" },
    `(CASE WHEN ${cartOpen} THEN a.cart_item_count::float8 END)`,
    (a) => (hasCart(a) && a.cart_item_count != null ? Number(a.cart_item_count) : null)
  ),
  activityIdList(
    { name: "cart.product_ids", label: "Products in open cart", group: "Cart", picker: "product" },
    `(CASE WHEN ${cartOpen} THEN COALESCE(a.cart_product_ids, '{}'::text[]) ELSE '{}'::text[] END)`,
    (a) => (hasCart(a) ? a.cart_product_ids ?? [] : [])
  ),
  activityScalar(
    { name: "cart.updated_at", label: "Open cart last updated (abandoned since)", group: "Cart", type: "date" },
    `(CASE WHEN ${cartOpen} THEN a.cart_updated_at END)`,
    (a) => (hasCart(a) ? a.cart_updated_at : null)
  ),

  segmentMemberOf,

  ...PREDICTIVE_FIELDS,
  ...BEHAVIOUR_FIELDS,
]

export const FIELDS: ReadonlyMap<string, FieldDef> = new Map(FIELD_LIST.map((f) => [f.name, Object.freeze(f)]))

/** Helpers the other catalogue files (catalogue-behaviour.ts) share. */
export { ids, unique, metaText, metaTextSql }
