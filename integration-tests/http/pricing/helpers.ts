import type { StoreBasics } from "../../../demo/fixtures"

export type Headers = { headers: Record<string, string> }

/** A variant's price as the storefront shows it: `/store/products` with `region_id`, as these headers (a customer or a guest). */
export async function storePrice(api: any, store: StoreBasics, headers: Record<string, string>, variantId: string, regionId = store.region.id) {
  const { data } = await api.get(`/store/products?region_id=${regionId}&fields=*variants.calculated_price&limit=100`, { headers })
  for (const product of data.products) {
    const variant = (product.variants ?? []).find((v: any) => v.id === variantId)
    if (variant) {
      return {
        calculated: Number(variant.calculated_price.calculated_amount),
        original: Number(variant.calculated_price.original_amount),
        price_list_type: variant.calculated_price.calculated_price?.price_list_type ?? null,
      }
    }
  }
  throw new Error(`variant ${variantId} not in /store/products`)
}

/** A cart with one of the variant, as these headers; returns its id and the item's unit price. */
export async function cartWith(api: any, store: StoreBasics, headers: Record<string, string>, variantId: string) {
  const { data } = await api.post("/store/carts", { region_id: store.region.id, items: [{ variant_id: variantId, quantity: 1 }] }, { headers })
  return { id: data.cart.id as string, unit_price: Number(data.cart.items[0].unit_price) }
}

export async function cartUnitPrice(api: any, headers: Record<string, string>, cartId: string) {
  const { data } = await api.get(`/store/carts/${cartId}`, { headers })
  return Number(data.cart.items[0].unit_price)
}

/** A manual segment with these members, through the admin API. */
export async function manualSegment(api: any, admin: Headers, name: string, customerIds: string[]) {
  const { data } = await api.post("/admin/segments", { name, membership: "manual", refresh_mode: "manual" }, admin)
  if (customerIds.length) await api.post(`/admin/segments/${data.segment.id}/customers`, { add: customerIds }, admin)
  return data.segment as { id: string; handle: string }
}
