import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { WishlistItemRow } from "../types"

const VIEW_TABLE = "customer_segment_product_view"
const WISHLIST_TABLE = "customer_segment_wishlist_item"

/** The product attributes the view and wishlist conditions read, copied onto each row. */
export type ProductAttributes = {
  product_id: string
  collection_id: string | null
  category_ids: string[]
  product_metadata: Record<string, unknown> | null
}

export type RecordViewInput = ProductAttributes & {
  customer_id: string | null
  anonymous_id: string | null
  viewed_at: Date
}

/**
 * The store route's hot path (a view in under 5 ms at p95): one statement, no
 * ORM, no transaction round trips. With `linkAnonymousIds` (a logged-in
 * customer's view that still names the storefront's guest ids) the same
 * statement gives those guests' unowned views to the customer.
 *
 * The statement commits without waiting for its WAL flush (synchronous_commit
 * off for this transaction only, PostgreSQL's own advice for such data): a
 * crash of the database server can lose the views of its last fraction of a
 * second, never corrupt anything, and nothing else is affected. The flush wait
 * was most of a view's time on a busy disk.
 */
export async function insertProductView(
  knex: Knex,
  input: RecordViewInput,
  linkAnonymousIds: string[] = []
): Promise<{ id: string; viewed_at: Date; linked: number }> {
  const id = generateEntityId(undefined, "cspv")
  const link = input.customer_id ? [...new Set(linkAnonymousIds.filter(Boolean))] : []
  const { rows } = await knex.raw(
    `WITH linked AS (
       UPDATE "${VIEW_TABLE}" SET customer_id = ?, updated_at = now()
        WHERE anonymous_id = ANY(?::text[]) AND customer_id IS NULL AND deleted_at IS NULL
        RETURNING id
     ), inserted AS (
       INSERT INTO "${VIEW_TABLE}" (id, customer_id, anonymous_id, product_id, collection_id, category_ids, product_metadata, viewed_at)
       VALUES (?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?)
       RETURNING id
     )
     SELECT (SELECT count(*) FROM linked)::int AS linked, (SELECT count(*) FROM inserted)::int AS inserted,
            set_config('synchronous_commit', 'off', true) AS async_commit`,
    [
      input.customer_id,
      link,
      id,
      input.customer_id,
      input.anonymous_id,
      input.product_id,
      input.collection_id,
      input.category_ids as any,
      input.product_metadata == null ? null : JSON.stringify(input.product_metadata),
      input.viewed_at,
    ]
  )
  return { id, viewed_at: input.viewed_at, linked: rows[0].linked }
}

/**
 * Gives the views of guests known by `anonymousIds` (anonymous ids or cart
 * ids) that no customer owns yet to `customerId`. Views already owned are
 * never moved. Returns the ids of the views linked (to undo it).
 */
export async function linkAnonymousViews(knex: Knex, anonymousIds: string[], customerId: string): Promise<string[]> {
  const ids = [...new Set(anonymousIds.filter(Boolean))]
  if (!ids.length) return []
  const { rows } = await knex.raw(
    `UPDATE "${VIEW_TABLE}" SET customer_id = ?, updated_at = now()
      WHERE anonymous_id = ANY(?::text[]) AND customer_id IS NULL AND deleted_at IS NULL
      RETURNING id`,
    [customerId, ids]
  )
  return rows.map((r: { id: string }) => r.id)
}

/** Undoes linkAnonymousViews (workflow compensation). */
export async function unlinkViews(knex: Knex, viewIds: string[]): Promise<void> {
  if (!viewIds.length) return
  await knex.raw(`UPDATE "${VIEW_TABLE}" SET customer_id = NULL, updated_at = now() WHERE id = ANY(?::text[])`, [viewIds])
}

/** Deletes up to `limit` views older than `before`; returns how many (the job calls it until fewer than `limit`). */
export async function deleteViewsBefore(knex: Knex, before: Date, limit: number): Promise<number> {
  const { rowCount } = await knex.raw(
    `DELETE FROM "${VIEW_TABLE}" WHERE id IN (SELECT id FROM "${VIEW_TABLE}" WHERE viewed_at < ? AND deleted_at IS NULL LIMIT ?)`,
    [before, limit]
  )
  return rowCount ?? 0
}

const WISHLIST_COLUMNS = "id, customer_id, product_id, variant_id, sku, collection_id, category_ids, product_metadata, added_at"

function wishlistFromDb(r: any): WishlistItemRow {
  return { ...r, category_ids: r.category_ids ?? [], product_metadata: r.product_metadata ?? null, added_at: new Date(r.added_at) }
}

export type AddWishlistInput = ProductAttributes & {
  customer_id: string
  variant_id: string | null
  sku: string | null
  added_at: Date
}

/**
 * Adds a product (or one variant of it) to a customer's wishlist; adding it
 * again changes nothing. Returns the item and whether it was created now.
 */
export async function addWishlistItem(knex: Knex, input: AddWishlistInput): Promise<{ item: WishlistItemRow; created: boolean }> {
  // the partial unique index that applies (variant or whole product) names the conflict
  const conflict = input.variant_id
    ? `(customer_id, product_id, variant_id) WHERE variant_id IS NOT NULL AND deleted_at IS NULL`
    : `(customer_id, product_id) WHERE variant_id IS NULL AND deleted_at IS NULL`
  const { rows } = await knex.raw(
    `INSERT INTO "${WISHLIST_TABLE}" (id, customer_id, product_id, variant_id, sku, collection_id, category_ids, product_metadata, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?)
     ON CONFLICT ${conflict} DO NOTHING
     RETURNING ${WISHLIST_COLUMNS}`,
    [
      generateEntityId(undefined, "cswl"),
      input.customer_id,
      input.product_id,
      input.variant_id,
      input.sku,
      input.collection_id,
      input.category_ids as any,
      input.product_metadata == null ? null : JSON.stringify(input.product_metadata),
      input.added_at,
    ]
  )
  if (rows.length) return { item: wishlistFromDb(rows[0]), created: true }
  const { rows: existing } = await knex.raw(
    `SELECT ${WISHLIST_COLUMNS} FROM "${WISHLIST_TABLE}"
      WHERE customer_id = ? AND product_id = ? AND variant_id IS NOT DISTINCT FROM ? AND deleted_at IS NULL`,
    [input.customer_id, input.product_id, input.variant_id]
  )
  return { item: wishlistFromDb(existing[0]), created: false }
}

/** Removes one item of one customer's wishlist; returns it, or null when that customer has no such item. */
export async function removeWishlistItem(knex: Knex, customerId: string, itemId: string): Promise<WishlistItemRow | null> {
  const { rows } = await knex.raw(
    `DELETE FROM "${WISHLIST_TABLE}" WHERE id = ? AND customer_id = ? RETURNING ${WISHLIST_COLUMNS}`,
    [itemId, customerId]
  )
  return rows.length ? wishlistFromDb(rows[0]) : null
}

/** A customer's wishlist, newest first. */
export async function listWishlist(knex: Knex, customerId: string): Promise<WishlistItemRow[]> {
  const { rows } = await knex.raw(
    `SELECT ${WISHLIST_COLUMNS} FROM "${WISHLIST_TABLE}" WHERE customer_id = ? AND deleted_at IS NULL ORDER BY added_at DESC, id DESC`,
    [customerId]
  )
  return rows.map(wishlistFromDb)
}

/**
 * Whether some active realtime segment has a rule on one of these field
 * prefixes ("views.", "wishlist."): a view only re-evaluates a customer when
 * some segment can change because of it.
 */
export async function realtimeSegmentsUse(knex: Knex, prefixes: string[]): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT 1 FROM customer_segment
      WHERE refresh_mode = 'realtime' AND membership = 'rules' AND is_active AND deleted_at IS NULL
        AND conditions IS NOT NULL
        AND EXISTS (SELECT 1 FROM jsonb_path_query(conditions, '$.**.field') AS f(v)
                     WHERE f.v #>> '{}' LIKE ANY(?::text[]))
      LIMIT 1`,
    [prefixes.map((p) => `${p.replace(/[\\%_]/g, "\\$&")}%`)]
  )
  return rows.length > 0
}
