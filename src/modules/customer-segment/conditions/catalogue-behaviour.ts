import { z } from "@medusajs/framework/zod"
import type { CustomerSnapshot } from "../types"
import { ID_LIST_OPS, OPERATORS_BY_TYPE, Operator, STRING_OPS, daysAgo } from "./operators"
import { Sql, param, presence, raw, sql, textArray, textList, truthy, twoValued } from "./sql"
import type { EngineContext, ConditionRule } from "./types"
// Helpers shared with the main catalogue. catalogue.ts imports this file, so
// they are only called inside compile/evaluate, never while modules load.
import { CteBuilder, FieldDef, ParamDef, ids, metaText, metaTextSql, unique } from "./catalogue"

/**
 * Storefront behaviour (issue 15): product views and wishlists. Same SQL
 * conventions as catalogue.ts: each field asks for a grouped CTE keyed by
 * customer_id over its table (`f`), LEFT JOINed to the activity row `a`.
 * Only rows with a customer count: a guest's views join when linked.
 */

const t = (text: string) => raw(text)

const days = (description: string): ParamDef => ({
  name: "within_days",
  type: "number",
  description,
  schema: z.number({ error: "expected a number" }).int({ error: "expected a whole number" }).min(1).max(36500),
})

const P = {
  view_days: days("only views of the last N days"),
  wishlist_days: days("only items added in the last N days"),
  min_count: {
    name: "min_count",
    type: "number",
    description: "a value counts only when it was viewed at least this many times (in the window)",
    schema: z.number({ error: "expected a number" }).int({ error: "expected a whole number" }).min(1).max(1_000_000),
  },
  key: {
    name: "key",
    type: "string",
    required: true,
    description: "product metadata key (manufacturer, brand, ...)",
    schema: z.string({ error: "expected a metadata key" }).min(1, { error: "expected a metadata key" }).max(200),
  },
} satisfies Record<string, ParamDef>

/** One behaviour row as both engines see it. */
type Row = { at: Date; product_id: string | null; metadata: Record<string, unknown> | null; values: unknown[] }

type BehaviourTable = {
  table: string
  dateColumn: string
  /** the customer's rows, for the in-memory engine */
  rows: (s: CustomerSnapshot) => Array<{ at: Date; product_id: string | null; metadata: Record<string, unknown> | null; row: any }>
  /** min_count applies (views can repeat; a wishlist item is there once) */
  counted: boolean
}

const VIEWS: BehaviourTable = {
  table: "customer_segment_product_view",
  dateColumn: "viewed_at",
  rows: (s) => (s.views ?? []).map((v) => ({ at: v.viewed_at, product_id: v.product_id, metadata: v.product_metadata, row: v })),
  counted: true,
}

const WISHLIST: BehaviourTable = {
  table: "customer_segment_wishlist_item",
  dateColumn: "added_at",
  rows: (s) => (s.wishlist ?? []).map((w) => ({ at: w.added_at, product_id: w.product_id, metadata: w.product_metadata, row: w })),
  counted: false,
}

// "not bought": the product is not among the customer's purchases of orders that
// are not canceled (any time). The SQL side reads the activity row's summary of
// them (a.purchased_product_ids, lib/activity-summary.ts, written with the
// facts) at the outer level, instead of an anti-join of every view against
// every purchase fact (4 s of a 5 s refresh at 10,000,000 views).
const NOT_PURCHASED = (list: string) =>
  `ARRAY(SELECT x FROM unnest(${list}) AS x WHERE NOT (x = ANY(COALESCE(a.purchased_product_ids, '{}'::text[]))))`

function purchasedProducts(s: CustomerSnapshot): Set<string> {
  return new Set(s.purchases.filter((p) => p.order_status !== "canceled" && p.product_id != null).map((p) => p.product_id as string))
}

type Filter = { where: Sql; keep: (r: Row) => boolean }

/**
 * The rows a rule's CTE reads, as `<relation> f`. Views within a window come
 * from one CTE per window that every such rule of the tree shares: one pass
 * over the view table instead of one per rule (they are the largest table;
 * the filters of behaviourFilter still apply and cost little there).
 */
function rowsFrom(tbl: BehaviourTable, rule: ConditionRule, ctx: EngineContext, b: CteBuilder): string {
  const within = rule.params?.within_days as number | undefined
  if (!tbl.counted || within == null) return `${tbl.table} f`
  const alias = b.rows(
    sql(
      `SELECT customer_id, product_id, collection_id, category_ids, product_metadata, deleted_at, ${tbl.dateColumn} FROM ${tbl.table}`,
      ` WHERE deleted_at IS NULL AND customer_id IS NOT NULL AND ${tbl.dateColumn} >= `,
      param(daysAgo(ctx, within).toISOString(), "timestamptz")
    )
  )
  return `${alias} f`
}

function behaviourFilter(tbl: BehaviourTable, rule: ConditionRule, ctx: EngineContext, notPurchased: boolean, s?: CustomerSnapshot): Filter {
  const where: Array<Sql | string> = ["f.deleted_at IS NULL AND f.customer_id IS NOT NULL"]
  const keeps: Array<(r: Row) => boolean> = []
  const within = rule.params?.within_days as number | undefined
  if (within != null) {
    const cutoff = daysAgo(ctx, within)
    where.push(sql(` AND f.${tbl.dateColumn} >= `, param(cutoff.toISOString(), "timestamptz")))
    keeps.push((r) => new Date(r.at).getTime() >= cutoff.getTime())
  }
  if (notPurchased) {
    // SQL: applied by the caller on the grouped values (NOT_PURCHASED)
    const bought = s ? purchasedProducts(s) : new Set<string>()
    keeps.push((r) => r.product_id == null || !bought.has(r.product_id))
  }
  return { where: sql(...where), keep: (r) => keeps.every((k) => k(r)) }
}

type ListField = {
  name: string
  label: string
  group: string
  picker: string
  description: string
  tbl: BehaviourTable
  /** the column holding the value(s) */
  column: string
  isArray: boolean
  valuesOf: (row: any) => unknown[]
  notPurchased?: boolean
  params: ParamDef[]
}

/** Distinct values of the customer's kept rows, each seen at least min_count times. */
function listValues(f: ListField, rule: ConditionRule, s: CustomerSnapshot, ctx: EngineContext): string[] {
  const { keep } = behaviourFilter(f.tbl, rule, ctx, !!f.notPurchased, s)
  const counts = new Map<string, number>()
  for (const r of f.tbl.rows(s)) {
    const row: Row = { at: r.at, product_id: r.product_id, metadata: r.metadata, values: f.valuesOf(r.row) }
    if (!keep(row)) continue
    for (const v of row.values) {
      if (v == null) continue
      counts.set(String(v), (counts.get(String(v)) ?? 0) + 1)
    }
  }
  const min = f.tbl.counted ? (rule.params?.min_count as number | undefined) : undefined
  return [...counts.entries()].filter(([, n]) => min == null || n >= min).map(([v]) => v)
}

function listField(f: ListField): FieldDef {
  return {
    name: f.name,
    label: f.label,
    group: f.group,
    picker: f.picker,
    description: f.description,
    type: "id_list",
    operators: OPERATORS_BY_TYPE.id_list,
    params: f.params,
    compile: (rule, ctx, b) => {
      const op = rule.operator as Operator
      const list = unique(ids(rule.value))
      const positive = op === "not_in" ? "in" : op === "is_not_set" ? "is_set" : op
      const min = f.tbl.counted ? (rule.params?.min_count as number | undefined) : undefined
      const rows = rowsFrom(f.tbl, rule, ctx, b)
      const from = f.isArray ? `${rows} CROSS JOIN LATERAL unnest(f.${f.column}) AS u(v)` : rows
      const value = f.isArray ? "u.v" : `f.${f.column}`
      const where = sql(
        behaviourFilter(f.tbl, rule, ctx, false).where,
        ` AND ${value} IS NOT NULL`,
        positive === "is_set" ? "" : sql(` AND ${value} IN `, textList(list))
      )
      if (f.notPurchased && min == null && positive !== "all") {
        // any of / is set / their negations: whether one such row is of a product the customer
        // never bought, as an EXISTS on the customer's rows. At the top level PostgreSQL plans it
        // as a semi- or anti-join against the customers the other rules leave, instead of grouping
        // every customer's views (3.8 s of a 10 s match at 10,000,000 views).
        const exists = sql(
          `EXISTS (SELECT 1 FROM ${f.tbl.table} f WHERE f.customer_id = a.id AND `,
          behaviourFilter(f.tbl, rule, ctx, false).where,
          ` AND f.${f.column} IS NOT NULL`,
          positive === "is_set" ? "" : sql(` AND f.${f.column} IN `, textList(list)),
          ` AND NOT (f.${f.column} = ANY(COALESCE(a.purchased_product_ids, '{}'::text[]))))`
        )
        return twoValued(positive === op ? exists : sql("NOT ", exists))
      }
      if (f.notPurchased) {
        // the customer's values (each min_count times), as one array; the purchases come off outside
        const inner = sql(
          `SELECT f.customer_id, ${value} AS v FROM ${from} WHERE `,
          where,
          " GROUP BY f.customer_id, v",
          min != null ? sql(" HAVING count(*) >= ", param(min, "int")) : ""
        )
        const alias = b.joined(sql("SELECT customer_id, array_agg(v) AS v FROM (", inner, ") s GROUP BY customer_id"))
        return ID_LIST_OPS.get(op)!.sql(t(NOT_PURCHASED(`${alias}.v`)), list)
      }
      let alias: string
      if (min == null && positive === "in" && f.isArray) {
        // any of, on an array column: an overlap test a row, not one unnest a row
        alias = b.joined(
          sql(`SELECT DISTINCT f.customer_id FROM ${rows} WHERE `, behaviourFilter(f.tbl, rule, ctx, false).where, ` AND f.${f.column} && `, textArray(list))
        )
      } else if (min == null && positive !== "all") {
        // any of / is set: the customers with at least one such row
        alias = b.joined(sql(`SELECT DISTINCT f.customer_id FROM ${from} WHERE `, where))
      } else {
        const inner = sql(
          `SELECT f.customer_id, ${value} AS v FROM ${from} WHERE `,
          where,
          " GROUP BY f.customer_id, v",
          min != null ? sql(" HAVING count(*) >= ", param(min, "int")) : ""
        )
        alias = b.joined(
          sql(
            "SELECT customer_id FROM (", inner, ") s GROUP BY customer_id",
            positive === "all" ? sql(" HAVING count(*) = ", param(list.length, "int")) : ""
          )
        )
      }
      return presence(alias, positive === op)
    },
    evaluate: (rule, s, ctx) => {
      const op = ID_LIST_OPS.get(rule.operator as Operator)
      return op ? op.mem(listValues(f, rule, s, ctx), unique(ids(rule.value))) : false
    },
    actual: (rule, s, ctx) => ({ value: listValues(f, rule, s, ctx).sort() }),
  }
}

/** Some kept row has product metadata[key] satisfying the string operator (at least min_count such rows). */
function attributeField(base: { name: string; label: string; group: string; description: string }, tbl: BehaviourTable, params: ParamDef[]): FieldDef {
  const matching = (rule: ConditionRule, s: CustomerSnapshot, ctx: EngineContext) => {
    const op = STRING_OPS.get(rule.operator as Operator)
    const key = String(rule.params?.key)
    const { keep } = behaviourFilter(tbl, rule, ctx, false, s)
    const kept = tbl.rows(s).filter((r) => keep({ ...r, values: [] }))
    return { kept, hits: op ? kept.filter((r) => op.mem(metaText(r.metadata, key), rule.value, ctx)) : [], op }
  }
  return {
    ...base,
    type: "string",
    operators: OPERATORS_BY_TYPE.string,
    params,
    compile: (rule, ctx, b) => {
      const key = String(rule.params?.key)
      const min = tbl.counted ? (rule.params?.min_count as number | undefined) : undefined
      const pred = STRING_OPS.get(rule.operator as Operator)!.sql(metaTextSql("f.product_metadata", key), rule.value, ctx)
      const alias = b.joined(
        sql(
          `SELECT f.customer_id FROM ${rowsFrom(tbl, rule, ctx, b)} WHERE `,
          behaviourFilter(tbl, rule, ctx, false).where,
          " AND ", truthy(pred),
          " GROUP BY f.customer_id",
          min != null ? sql(" HAVING count(*) >= ", param(min, "int")) : ""
        )
      )
      return presence(alias, true)
    },
    evaluate: (rule, s, ctx) => {
      const { hits, op } = matching(rule, s, ctx)
      if (!op || !hits.length) return false
      const min = tbl.counted ? (rule.params?.min_count as number | undefined) : undefined
      return min == null || hits.length >= min
    },
    actual: (rule, s, ctx) => {
      const key = String(rule.params?.key)
      const { kept, hits } = matching(rule, s, ctx)
      const values = unique(kept.map((r) => metaText(r.metadata, key)).filter((v): v is string => v != null)).sort()
      const noun = tbl.counted ? "view" : "item"
      return { value: values, detail: `${hits.length} matching ${noun}${hits.length === 1 ? "" : "s"}` }
    },
  }
}

const viewParams = [P.view_days, P.min_count]

export const BEHAVIOUR_FIELDS: FieldDef[] = [
  listField({
    name: "views.product_ids", label: "Viewed products", group: "Views", picker: "product",
    description: "products the customer viewed; within_days, min_count (views of that product)",
    tbl: VIEWS, column: "product_id", isArray: false, valuesOf: (v) => [v.product_id], params: viewParams,
  }),
  listField({
    name: "views.collection_ids", label: "Viewed collections", group: "Views", picker: "collection",
    description: "collections of the products the customer viewed; within_days, min_count",
    tbl: VIEWS, column: "collection_id", isArray: false, valuesOf: (v) => [v.collection_id], params: viewParams,
  }),
  listField({
    name: "views.category_ids", label: "Viewed categories", group: "Views", picker: "category",
    description: "categories of the products the customer viewed; within_days, min_count",
    tbl: VIEWS, column: "category_ids", isArray: true, valuesOf: (v) => v.category_ids ?? [], params: viewParams,
  }),
  attributeField(
    {
      name: "views.attribute", label: "Viewed a product with attribute", group: "Views",
      description: "some view has product metadata[key] satisfying the operator (manufacturer, brand, ...); with min_count, at least that many such views",
    },
    VIEWS,
    [P.key, ...viewParams]
  ),
  listField({
    name: "views.not_purchased_product_ids", label: "Viewed but did not buy", group: "Views", picker: "product",
    description: "products viewed (within_days, min_count) that the customer never bought in an order that is not canceled",
    tbl: VIEWS, column: "product_id", isArray: false, valuesOf: (v) => [v.product_id], notPurchased: true, params: viewParams,
  }),

  listField({
    name: "wishlist.product_ids", label: "Has in wishlist: products", group: "Wishlist", picker: "product",
    description: "products on the customer's wishlist; within_days: added in the last N days",
    tbl: WISHLIST, column: "product_id", isArray: false, valuesOf: (w) => [w.product_id], params: [P.wishlist_days],
  }),
  listField({
    name: "wishlist.skus", label: "Has in wishlist: SKUs", group: "Wishlist", picker: "sku",
    description: "SKUs of the variants on the customer's wishlist",
    tbl: WISHLIST, column: "sku", isArray: false, valuesOf: (w) => [w.sku], params: [P.wishlist_days],
  }),
  listField({
    name: "wishlist.collection_ids", label: "Has in wishlist: collections", group: "Wishlist", picker: "collection",
    description: "collections of the products on the customer's wishlist",
    tbl: WISHLIST, column: "collection_id", isArray: false, valuesOf: (w) => [w.collection_id], params: [P.wishlist_days],
  }),
  attributeField(
    {
      name: "wishlist.attribute", label: "Has in wishlist a product with attribute", group: "Wishlist",
      description: "some wishlist item's product metadata[key] satisfies the operator (manufacturer, brand, ...)",
    },
    WISHLIST,
    [P.key, P.wishlist_days]
  ),
  listField({
    name: "wishlist.not_purchased_product_ids", label: "In wishlist but not bought", group: "Wishlist", picker: "product",
    description: "wishlist products the customer never bought in an order that is not canceled",
    tbl: WISHLIST, column: "product_id", isArray: false, valuesOf: (w) => [w.product_id], notPurchased: true, params: [P.wishlist_days],
  }),
]
