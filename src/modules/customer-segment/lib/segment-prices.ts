import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** A segment price rule as the SQL reads it: null lists mean "all". */
export type PriceRuleScope = {
  percentage: number
  product_ids?: string[] | null
  collection_ids?: string[] | null
  category_ids?: string[] | null
  type_ids?: string[] | null
  tag_ids?: string[] | null
  currency_codes?: string[] | null
  region_ids?: string[] | null
}

/** A price the segment's price list must hold and does not (yet, or at another amount). */
export type SegmentPriceToCreate = {
  variant_id: string
  price_set_id: string
  currency_code: string
  amount: number
  region_id: string | null
  min_quantity: number | null
  max_quantity: number | null
}

export type SegmentPriceDiff = {
  create: SegmentPriceToCreate[]
  /** prices of the list to remove: no longer wanted, duplicated, or at an old amount (replaced by a `create`) */
  delete: string[]
  /** prices the list holds for the variants looked at, once the diff is applied */
  total: number
}

const nonEmpty = (ids?: string[] | null) => (ids && ids.length ? ids : null)

/**
 * Computes, in one set-based statement over Medusa 2.21's product and pricing
 * tables, the prices a segment's price list must hold and the difference with
 * what it holds:
 * - the original prices are a variant's prices outside any price list, with no
 *   price rule but `region_id` (tiers by quantity kept);
 * - a rule covers a variant when every scope list is empty, or when its product,
 *   collection, type, one of its categories or one of its tags is listed; and a
 *   price when its currency is chosen (or none is), and its region is chosen (or
 *   none is). A currency-wide original price is copied as a region price for each
 *   chosen region of that currency; a region's own price wins over it;
 * - amount = original × percentage / 100, rounded to the currency's decimals;
 *   where several rules cover one price, the lowest amount wins.
 * `productIds` limits the work to those products (after a product event).
 * Reads only.
 */
export async function diffSegmentPrices(
  knex: Knex,
  input: { priceListId: string | null; rules: PriceRuleScope[]; productIds?: string[] | null }
): Promise<SegmentPriceDiff> {
  const rules = input.rules.map((r, i) => ({
    idx: i,
    pct: r.percentage,
    product_ids: nonEmpty(r.product_ids),
    collection_ids: nonEmpty(r.collection_ids),
    category_ids: nonEmpty(r.category_ids),
    type_ids: nonEmpty(r.type_ids),
    tag_ids: nonEmpty(r.tag_ids),
    currency_codes: nonEmpty(r.currency_codes),
    region_ids: nonEmpty(r.region_ids),
  }))
  const products = input.productIds ? [...new Set(input.productIds)] : null
  const { rows } = await knex.raw(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(idx int, pct numeric, product_ids text[], collection_ids text[],
         category_ids text[], type_ids text[], tag_ids text[], currency_codes text[], region_ids text[])
     ),
     v AS (
       SELECT pv.id AS variant_id, pv.product_id, p.collection_id, p.type_id, l.price_set_id
         FROM product_variant pv
         JOIN product p ON p.id = pv.product_id AND p.deleted_at IS NULL
         JOIN product_variant_price_set l ON l.variant_id = pv.id AND l.deleted_at IS NULL
        WHERE pv.deleted_at IS NULL AND (?::text[] IS NULL OR pv.product_id = ANY(?::text[]))
     ),
     vr AS (
       SELECT v.*, r.idx, r.pct, r.currency_codes, r.region_ids
         FROM v JOIN r ON (
              (r.product_ids IS NULL AND r.collection_ids IS NULL AND r.category_ids IS NULL AND r.type_ids IS NULL AND r.tag_ids IS NULL)
           OR v.product_id = ANY(r.product_ids)
           OR v.collection_id = ANY(r.collection_ids)
           OR v.type_id = ANY(r.type_ids)
           OR EXISTS (SELECT 1 FROM product_category_product pc WHERE pc.product_id = v.product_id AND pc.product_category_id = ANY(r.category_ids))
           OR EXISTS (SELECT 1 FROM product_tags pt WHERE pt.product_id = v.product_id AND pt.product_tag_id = ANY(r.tag_ids)))
     ),
     base AS (
       SELECT pr.id, pr.price_set_id, pr.currency_code, pr.amount, pr.min_quantity, pr.max_quantity,
              (SELECT ru.value FROM price_rule ru WHERE ru.price_id = pr.id AND ru.deleted_at IS NULL AND ru.attribute = 'region_id' LIMIT 1) AS region_id
         FROM price pr
        WHERE pr.price_list_id IS NULL AND pr.deleted_at IS NULL
          AND pr.price_set_id IN (SELECT price_set_id FROM vr)
          AND NOT EXISTS (SELECT 1 FROM price_rule x WHERE x.price_id = pr.id AND x.deleted_at IS NULL AND x.attribute <> 'region_id')
     ),
     candidate AS (
       SELECT DISTINCT ON (vr.variant_id, b.currency_code, COALESCE(b.region_id, reg.id), b.min_quantity, b.max_quantity, vr.idx)
              vr.variant_id, vr.price_set_id, b.currency_code, COALESCE(b.region_id, reg.id) AS region_id, b.min_quantity, b.max_quantity,
              round(b.amount * vr.pct / 100, COALESCE(c.decimal_digits, 2)) AS amount
         FROM vr
         JOIN base b ON b.price_set_id = vr.price_set_id
         LEFT JOIN region reg ON vr.region_ids IS NOT NULL AND b.region_id IS NULL AND reg.deleted_at IS NULL
                             AND reg.id = ANY(vr.region_ids) AND reg.currency_code = b.currency_code
         LEFT JOIN currency c ON c.code = b.currency_code
        WHERE (vr.currency_codes IS NULL OR b.currency_code = ANY(vr.currency_codes))
          AND (vr.region_ids IS NULL OR b.region_id = ANY(vr.region_ids) OR reg.id IS NOT NULL)
        ORDER BY vr.variant_id, b.currency_code, COALESCE(b.region_id, reg.id), b.min_quantity, b.max_quantity, vr.idx,
                 (b.region_id IS NOT NULL) DESC
     ),
     target AS (
       SELECT variant_id, price_set_id, currency_code, region_id, min_quantity, max_quantity, min(amount) AS amount
         FROM candidate GROUP BY variant_id, price_set_id, currency_code, region_id, min_quantity, max_quantity
     ),
     cur AS (
       SELECT pr.id, l.variant_id, pr.currency_code, pr.amount, pr.min_quantity, pr.max_quantity,
              (SELECT ru.value FROM price_rule ru WHERE ru.price_id = pr.id AND ru.deleted_at IS NULL AND ru.attribute = 'region_id' LIMIT 1) AS region_id,
              (SELECT count(*) FROM price_rule ru WHERE ru.price_id = pr.id AND ru.deleted_at IS NULL AND ru.attribute <> 'region_id') AS other_rules
         FROM price pr
         JOIN product_variant_price_set l ON l.price_set_id = pr.price_set_id AND l.deleted_at IS NULL
        WHERE pr.price_list_id = ? AND pr.deleted_at IS NULL
          AND (?::text[] IS NULL OR l.variant_id IN (SELECT id FROM product_variant WHERE product_id = ANY(?::text[])))
     ),
     cur_ranked AS (
       SELECT cur.*, row_number() OVER (PARTITION BY variant_id, currency_code, region_id, min_quantity, max_quantity ORDER BY id) AS rn
         FROM cur
     ),
     kept AS (
       SELECT c.id, t.variant_id, t.currency_code, t.region_id, t.min_quantity, t.max_quantity
         FROM cur_ranked c
         JOIN target t ON t.variant_id = c.variant_id AND t.currency_code = c.currency_code
                      AND t.region_id IS NOT DISTINCT FROM c.region_id
                      AND t.min_quantity IS NOT DISTINCT FROM c.min_quantity AND t.max_quantity IS NOT DISTINCT FROM c.max_quantity
        WHERE c.rn = 1 AND c.other_rules = 0 AND c.amount = t.amount
     )
     SELECT 'create' AS op, t.price_set_id AS id, t.variant_id, t.currency_code, t.region_id, t.min_quantity, t.max_quantity, t.amount
       FROM target t
      WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.variant_id = t.variant_id AND k.currency_code = t.currency_code
                          AND k.region_id IS NOT DISTINCT FROM t.region_id
                          AND k.min_quantity IS NOT DISTINCT FROM t.min_quantity AND k.max_quantity IS NOT DISTINCT FROM t.max_quantity)
     UNION ALL
     SELECT 'delete', c.id, NULL, NULL, NULL, NULL, NULL, NULL FROM cur c WHERE c.id NOT IN (SELECT id FROM kept)
     UNION ALL
     SELECT 'total', NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM target`,
    [JSON.stringify(rules), products, products, input.priceListId, products, products] as any[]
  )
  const diff: SegmentPriceDiff = { create: [], delete: [], total: 0 }
  for (const row of rows as any[]) {
    if (row.op === "create") {
      diff.create.push({
        variant_id: row.variant_id,
        price_set_id: row.id,
        currency_code: row.currency_code,
        amount: Number(row.amount),
        region_id: row.region_id,
        min_quantity: row.min_quantity === null ? null : Number(row.min_quantity),
        max_quantity: row.max_quantity === null ? null : Number(row.max_quantity),
      })
    } else if (row.op === "delete") {
      diff.delete.push(row.id)
    } else {
      diff.total = Number(row.amount)
    }
  }
  return diff
}

export async function countPriceListPrices(knex: Knex, priceListId: string): Promise<number> {
  const { rows } = await knex.raw("SELECT count(*)::int AS n FROM price WHERE price_list_id = ? AND deleted_at IS NULL", [priceListId])
  return rows[0].n
}

export type ExamplePrice = {
  product_id: string
  product_title: string
  variant_id: string
  variant_title: string
  currency_code: string
  region_id: string | null
  original_amount: number
  segment_amount: number
}

/**
 * One price of the list (the first product by title) with the original price
 * of the same variant, currency and region, for the admin's example.
 */
export async function examplePriceListPrice(knex: Knex, priceListId: string): Promise<ExamplePrice | null> {
  const { rows } = await knex.raw(
    `WITH s AS (
       SELECT pr.id, pr.price_set_id, pr.currency_code, pr.amount, pr.min_quantity,
              (SELECT ru.value FROM price_rule ru WHERE ru.price_id = pr.id AND ru.deleted_at IS NULL AND ru.attribute = 'region_id' LIMIT 1) AS region_id
         FROM price pr WHERE pr.price_list_id = ? AND pr.deleted_at IS NULL AND pr.min_quantity IS NULL
     )
     SELECT p.id AS product_id, p.title AS product_title, pv.id AS variant_id, pv.title AS variant_title,
            s.currency_code, s.region_id, s.amount AS segment_amount, o.amount AS original_amount
       FROM s
       JOIN product_variant_price_set l ON l.price_set_id = s.price_set_id AND l.deleted_at IS NULL
       JOIN product_variant pv ON pv.id = l.variant_id AND pv.deleted_at IS NULL
       JOIN product p ON p.id = pv.product_id AND p.deleted_at IS NULL
       JOIN LATERAL (
         SELECT o.amount FROM price o
          WHERE o.price_set_id = s.price_set_id AND o.price_list_id IS NULL AND o.deleted_at IS NULL
            AND o.currency_code = s.currency_code AND o.min_quantity IS NULL
            AND (o.rules_count = 0 OR EXISTS (SELECT 1 FROM price_rule ru WHERE ru.price_id = o.id AND ru.deleted_at IS NULL
                                                AND ru.attribute = 'region_id' AND ru.value = s.region_id))
          ORDER BY o.rules_count DESC LIMIT 1
       ) o ON true
      ORDER BY p.title, pv.created_at, pv.id, s.currency_code, s.region_id NULLS FIRST
      LIMIT 1`,
    [priceListId]
  )
  const row = rows[0]
  if (!row) return null
  return { ...row, original_amount: Number(row.original_amount), segment_amount: Number(row.segment_amount) }
}

/** The products whose original prices these are (prices in a price list, the plugin's own included, are left out). */
export async function productsOfOriginalPrices(knex: Knex, priceIds: string[]): Promise<string[]> {
  if (!priceIds.length) return []
  const { rows } = await knex.raw(
    `SELECT DISTINCT pv.product_id
       FROM price pr
       JOIN product_variant_price_set l ON l.price_set_id = pr.price_set_id AND l.deleted_at IS NULL
       JOIN product_variant pv ON pv.id = l.variant_id
      WHERE pr.id = ANY(?::text[]) AND pr.price_list_id IS NULL`,
    [priceIds]
  )
  return rows.map((r: any) => r.product_id)
}

/** The products of these variants (deleted ones included). */
export async function productsOfVariants(knex: Knex, variantIds: string[]): Promise<string[]> {
  if (!variantIds.length) return []
  const { rows } = await knex.raw("SELECT DISTINCT product_id FROM product_variant WHERE id = ANY(?::text[])", [variantIds])
  return rows.map((r: any) => r.product_id)
}

/** Segments with price rules or a price list (a list whose rules are gone must be removed). */
export async function listPricedSegmentIds(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(
    `SELECT segment_id FROM customer_segment_price_rule WHERE deleted_at IS NULL
      UNION SELECT segment_id FROM customer_segment_price_list WHERE deleted_at IS NULL AND price_list_id IS NOT NULL
      ORDER BY 1`
  )
  return rows.map((r: any) => r.segment_id)
}

export type PriceRowToInsert = SegmentPriceToCreate & { id: string; price_set_id: string; rule_id: string | null }

/**
 * Writes prices of a price list as the pricing module stores them (`price`,
 * with `raw_amount` and `rules_count`, and a `price_rule` for a region), in one
 * statement. For large recomputations only: see applySegmentPricesStep.
 */
export async function insertPriceListPrices(knex: Knex, priceListId: string, rows: PriceRowToInsert[]): Promise<void> {
  if (!rows.length) return
  await knex.raw(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(id text, rule_id text, price_set_id text, currency_code text,
         amount numeric, min_quantity numeric, max_quantity numeric, region_id text)
     ), p AS (
       INSERT INTO price (id, price_set_id, price_list_id, currency_code, amount, raw_amount, rules_count,
                          min_quantity, max_quantity, raw_min_quantity, raw_max_quantity)
       SELECT id, price_set_id, ?, currency_code, amount, jsonb_build_object('value', amount::text, 'precision', 20),
              (region_id IS NOT NULL)::int, min_quantity, max_quantity,
              CASE WHEN min_quantity IS NULL THEN NULL ELSE jsonb_build_object('value', min_quantity::text, 'precision', 20) END,
              CASE WHEN max_quantity IS NULL THEN NULL ELSE jsonb_build_object('value', max_quantity::text, 'precision', 20) END
         FROM x
       RETURNING id
     )
     INSERT INTO price_rule (id, price_id, attribute, value, operator, priority)
     SELECT x.rule_id, x.id, 'region_id', x.region_id, 'eq', 0 FROM x JOIN p ON p.id = x.id WHERE x.region_id IS NOT NULL`,
    [JSON.stringify(rows), priceListId]
  )
}

/** Soft-deletes prices of a price list and their rules, as the pricing module's softDeletePrices does; returns the time used. */
export async function softDeletePriceListPrices(knex: Knex, priceListId: string, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return
  await knex.raw("UPDATE price SET deleted_at = ? WHERE price_list_id = ? AND id = ANY(?::text[]) AND deleted_at IS NULL", [at, priceListId, ids])
  await knex.raw("UPDATE price_rule SET deleted_at = ? WHERE price_id = ANY(?::text[]) AND deleted_at IS NULL", [at, ids])
}

/** Undoes insertPriceListPrices and softDeletePriceListPrices. */
export async function undoPriceListWrites(knex: Knex, priceListId: string, created: string[], deleted: { ids: string[]; at: Date | string } | null) {
  if (created.length) await knex.raw("DELETE FROM price WHERE price_list_id = ? AND id = ANY(?::text[])", [priceListId, created])
  if (deleted?.ids.length) {
    await knex.raw("UPDATE price SET deleted_at = NULL WHERE id = ANY(?::text[]) AND deleted_at = ?", [deleted.ids, deleted.at])
    await knex.raw("UPDATE price_rule SET deleted_at = NULL WHERE price_id = ANY(?::text[]) AND deleted_at = ?", [deleted.ids, deleted.at])
  }
}
