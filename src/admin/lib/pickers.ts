import { sdk } from "./sdk"
import type { PickerKind } from "./types"

export type PickerOption = { value: string; label: string; hint?: string }

type PickerSource = {
  /** search the store; returns up to `limit` options */
  search: (q: string) => Promise<PickerOption[]>
  /** labels for ids already chosen */
  resolve: (ids: string[]) => Promise<PickerOption[]>
  placeholder: string
}

type Row = Record<string, any>

/** A Medusa admin list endpoint that accepts `q`, `id` and `fields`. */
const listSource = (
  path: string,
  key: string,
  fields: string,
  toOption: (row: Row) => PickerOption,
  placeholder: string
): PickerSource => ({
  placeholder,
  search: async (q) => {
    const res = await sdk.client.fetch<Record<string, Row[]>>(path, {
      query: { q: q || undefined, limit: 20, fields },
    })
    return (res[key] ?? []).map(toOption)
  },
  resolve: async (ids) => {
    if (!ids.length) {
      return []
    }
    const res = await sdk.client.fetch<Record<string, Row[]>>(path, {
      query: { id: ids, limit: ids.length, fields },
    })
    return (res[key] ?? []).map(toOption)
  },
})

/** Countries of the store's regions (the countries a store can sell to). */
const countrySource: PickerSource = {
  placeholder: "Search countries",
  search: async (q) => {
    const res = await sdk.client.fetch<{ regions: Row[] }>("/admin/regions", {
      query: { limit: 100, fields: "id,name,countries.iso_2,countries.display_name" },
    })
    const seen = new Map<string, PickerOption>()
    for (const r of res.regions ?? []) {
      for (const c of r.countries ?? []) {
        seen.set(c.iso_2, {
          value: c.iso_2,
          label: c.display_name ?? c.iso_2.toUpperCase(),
          hint: c.iso_2.toUpperCase(),
        })
      }
    }
    const needle = q.trim().toLowerCase()
    return [...seen.values()]
      .filter(
        (o) =>
          !needle ||
          o.label.toLowerCase().includes(needle) ||
          o.value.toLowerCase() === needle
      )
      .sort((a, b) => a.label.localeCompare(b.label))
  },
  resolve: async (ids) =>
    ids.map((id) => ({ value: id, label: id.toUpperCase() })),
}

const currencySource: PickerSource = {
  placeholder: "Search currencies",
  search: async (q) => {
    const res = await sdk.client.fetch<{ currencies: Row[] }>("/admin/currencies", {
      query: { q: q || undefined, limit: 20, fields: "code,name" },
    })
    return (res.currencies ?? []).map((c) => ({
      value: c.code,
      label: c.code.toUpperCase(),
      hint: c.name,
    }))
  },
  resolve: async (ids) => ids.map((id) => ({ value: id, label: id.toUpperCase() })),
}

/** Variants by SKU: the value is the SKU itself (purchases.skus, wishlist.skus). */
const skuSource: PickerSource = {
  placeholder: "Search SKUs",
  search: async (q) => {
    const res = await sdk.client.fetch<{ variants: Row[] }>("/admin/product-variants", {
      query: { q: q || undefined, limit: 20, fields: "id,title,sku,product.title" },
    })
    return (res.variants ?? [])
      .filter((v) => v.sku)
      .map((v) => ({ value: v.sku, label: v.sku, hint: [v.product?.title, v.title].filter(Boolean).join(" · ") }))
  },
  resolve: async (skus) => {
    if (!skus.length) {
      return []
    }
    const res = await sdk.client.fetch<{ variants: Row[] }>("/admin/product-variants", {
      query: { sku: skus, limit: skus.length, fields: "id,title,sku,product.title" },
    })
    const known = new Map((res.variants ?? []).map((v) => [v.sku, v]))
    // a SKU no variant has any more still shows, as itself
    return skus.map((sku) => {
      const v = known.get(sku)
      return { value: sku, label: sku, hint: v ? [v.product?.title, v.title].filter(Boolean).join(" · ") : undefined }
    })
  },
}

const segmentSource: PickerSource = {
  placeholder: "Search segments",
  search: async (q) => {
    const res = await sdk.client.fetch<{ segments: Row[] }>("/admin/segments", {
      query: { q: q || undefined, limit: 20 },
    })
    return (res.segments ?? []).map((s) => ({
      value: s.id,
      label: s.name,
      hint: `${s.customer_count ?? 0} customers`,
    }))
  },
  resolve: async (ids) => {
    if (!ids.length) {
      return []
    }
    const res = await sdk.client.fetch<{ segments: Row[] }>("/admin/segments", {
      query: { id: ids, limit: ids.length },
    })
    return (res.segments ?? []).map((s) => ({ value: s.id, label: s.name }))
  },
}

/** A fixed list of options (no request). */
const staticSource = (options: PickerOption[], placeholder: string): PickerSource => ({
  placeholder,
  search: async (q) => {
    const needle = q.trim().toLowerCase()
    return options.filter((o) => !needle || o.label.toLowerCase().includes(needle) || o.value.includes(needle))
  },
  resolve: async (ids) => ids.map((id) => options.find((o) => o.value === id) ?? { value: id, label: id }),
})

/** The RFM groups of lib/rfm.ts, with what each means. */
const RFM_GROUPS: PickerOption[] = [
  { value: "champions", label: "Champions", hint: "recent, frequent" },
  { value: "loyal", label: "Loyal", hint: "frequent, fairly recent" },
  { value: "potential_loyalist", label: "Potential loyalist", hint: "recent, a few orders" },
  { value: "new", label: "New", hint: "recent, one order's worth" },
  { value: "at_risk", label: "At risk", hint: "frequent before, not lately" },
  { value: "cant_lose", label: "Can't lose them", hint: "very frequent, long ago" },
  { value: "hibernating", label: "Hibernating", hint: "few orders, a while ago" },
  { value: "lost", label: "Lost", hint: "few orders, long ago" },
]

export const PICKERS: Record<PickerKind, PickerSource> = {
  product: listSource(
    "/admin/products",
    "products",
    "id,title,handle",
    (p) => ({ value: p.id, label: p.title, hint: p.handle }),
    "Search products"
  ),
  variant: listSource(
    "/admin/product-variants",
    "variants",
    "id,title,sku,product.title",
    (v) => ({
      value: v.id,
      label: [v.product?.title, v.title].filter(Boolean).join(" · "),
      hint: v.sku ?? undefined,
    }),
    "Search variants"
  ),
  collection: listSource(
    "/admin/collections",
    "collections",
    "id,title,handle",
    (c) => ({ value: c.id, label: c.title, hint: c.handle }),
    "Search collections"
  ),
  category: listSource(
    "/admin/product-categories",
    "product_categories",
    "id,name,handle",
    (c) => ({ value: c.id, label: c.name, hint: c.handle }),
    "Search categories"
  ),
  product_type: listSource(
    "/admin/product-types",
    "product_types",
    "id,value",
    (t) => ({ value: t.id, label: t.value }),
    "Search product types"
  ),
  product_tag: listSource(
    "/admin/product-tags",
    "product_tags",
    "id,value",
    (t) => ({ value: t.id, label: t.value }),
    "Search product tags"
  ),
  customer_group: listSource(
    "/admin/customer-groups",
    "customer_groups",
    "id,name",
    (g) => ({ value: g.id, label: g.name }),
    "Search customer groups"
  ),
  region: listSource(
    "/admin/regions",
    "regions",
    "id,name,currency_code",
    (r) => ({ value: r.id, label: r.name, hint: r.currency_code?.toUpperCase() }),
    "Search regions"
  ),
  sales_channel: listSource(
    "/admin/sales-channels",
    "sales_channels",
    "id,name",
    (s) => ({ value: s.id, label: s.name }),
    "Search sales channels"
  ),
  sku: skuSource,
  segment: segmentSource,
  country: countrySource,
  currency: currencySource,
  rfm_group: staticSource(RFM_GROUPS, "Choose RFM groups"),
}

/** Params that are ids get a picker too (`region_id` -> region). */
export const pickerForParam = (name: string): PickerKind | undefined => {
  switch (name) {
    case "region_id":
    case "region_ids":
      return "region"
    case "sales_channel_id":
    case "sales_channel_ids":
      return "sales_channel"
    case "currency_code":
      return "currency"
    default:
      return undefined
  }
}
