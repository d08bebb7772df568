import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { ProductAttributes } from "../../../modules/customer-segment/lib/behaviour-store"

export type StoreProduct = ProductAttributes & { sales_channel_ids: string[] }

/**
 * A product as the storefront may see it: published, not deleted, and (when
 * the publishable key names sales channels) sold in one of them. Anything else
 * is "not found", like Medusa's own store product routes answer.
 */
export function assertVisible(product: StoreProduct | null, productId: string, salesChannelIds: string[] | undefined): StoreProduct {
  const visible =
    product && (!salesChannelIds?.length || product.sales_channel_ids.some((id) => salesChannelIds.includes(id)))
  if (!visible) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product with id: ${productId} was not found`)
  return product!
}

/** Reads the attributes the view and wishlist conditions need, through Query; null for an unknown or unpublished product. */
export async function readProductAttributes(container: { resolve: (key: string) => any }, productId: string): Promise<StoreProduct | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "status", "collection_id", "metadata", "categories.id", "sales_channels.id"],
    filters: { id: productId },
  })
  const p = data[0]
  if (!p || p.status !== "published") return null
  return {
    product_id: p.id,
    collection_id: p.collection_id ?? null,
    category_ids: (p.categories ?? []).map((c: any) => c?.id).filter(Boolean),
    product_metadata: p.metadata ?? null,
    sales_channel_ids: (p.sales_channels ?? []).map((s: any) => s?.id).filter(Boolean),
  }
}

const TTL_MS = 60_000
const MAX_ENTRIES = 10_000
const cache = new Map<string, { at: number; product: StoreProduct }>()
const refreshing = new Set<string>()

/**
 * readProductAttributes with a per-process cache: a product page is viewed far
 * more often than the product changes, and the view route must stay under 5 ms
 * at p95 while a read through Query takes about 8 ms. An entry older than a
 * minute is still answered, and read again in the background (once at a time
 * per product), so a product's new collection or metadata reaches new views
 * within about a minute and no view waits for the re-read; a product
 * unpublished or deleted leaves the cache at that re-read.
 */
export async function readProductAttributesCached(container: { resolve: (key: string) => any }, productId: string): Promise<StoreProduct | null> {
  const hit = cache.get(productId)
  if (hit) {
    if (Date.now() - hit.at >= TTL_MS && !refreshing.has(productId)) {
      refreshing.add(productId)
      readProductAttributes(container, productId)
        .then((product) => (product ? remember(productId, product) : cache.delete(productId)))
        .catch(() => cache.delete(productId))
        .finally(() => refreshing.delete(productId))
    }
    return hit.product
  }
  const product = await readProductAttributes(container, productId)
  // unknown products are not cached: one published a moment ago is accepted at once
  if (product) remember(productId, product)
  return product
}

function remember(productId: string, product: StoreProduct) {
  cache.delete(productId)
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string)
  cache.set(productId, { at: Date.now(), product })
}
