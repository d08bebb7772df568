/**
 * What a developer would write without the plugin: page through the customers
 * with `query.graph`, load their orders (with items and addresses), and apply
 * the 5 conditions in JavaScript. Only the bench's 5-condition shape (spend,
 * recency, country, a product bought, email domain) is understood.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { orderTotalOf } from "../../src/workflows/activity/utils/compute-customer-activity"

type Rule = { field: string; operator: string; value: any }

const PAGE = 1000
const DAY = 86_400_000

export async function baselineCount(
  container: MedusaContainer,
  tree: { rules: Rule[] },
  opts: { now: Date; defaultCurrency: string; limitSeconds: number }
): Promise<{ matched: number; customers: number; finished: boolean }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const rule = (field: string) => tree.rules.find((r) => r.field === field)!
  const minSpent = Number(rule("orders.total_spent").value)
  const sinceMs = opts.now.getTime() - Number(rule("orders.last_order_at").value) * DAY
  const countries = new Set<string>(rule("address.country_code").value)
  const products = new Set<string>(rule("purchases.product_ids").value)
  const domains = new Set<string>(rule("customer.email_domain").value)
  const deadline = Date.now() + opts.limitSeconds * 1000

  let matched = 0
  let seen = 0
  let after: string | undefined
  for (;;) {
    if (Date.now() > deadline) return { matched, customers: seen, finished: false }
    const { data: customers } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "addresses.country_code", "addresses.is_default_shipping"],
      filters: after ? { id: { $gt: after } } : {},
      pagination: { take: PAGE, order: { id: "ASC" } },
    })
    if (!customers.length) break
    after = customers[customers.length - 1].id
    seen += customers.length

    const orders: any[] = []
    let orderAfter: string | undefined
    for (;;) {
      const { data } = await query.graph({
        entity: "order",
        fields: ["id", "customer_id", "status", "created_at", "currency_code", "summary", "items.product_id", "shipping_address.country_code"],
        filters: { customer_id: customers.map((c: any) => c.id), is_draft_order: false, ...(orderAfter ? { id: { $gt: orderAfter } } : {}) } as any,
        pagination: { take: PAGE, order: { id: "ASC" } },
      })
      orders.push(...data)
      if (data.length < PAGE) break
      orderAfter = data[data.length - 1].id
    }
    const byCustomer = new Map<string, any[]>()
    for (const o of orders) {
      if (!byCustomer.has(o.customer_id)) byCustomer.set(o.customer_id, [])
      byCustomer.get(o.customer_id)!.push(o)
    }

    for (const c of customers as any[]) {
      const domain = String(c.email ?? "").split("@")[1]?.toLowerCase()
      if (!domain || !domains.has(domain)) continue
      const all = byCustomer.get(c.id) ?? []
      const counted = all.filter((o) => o.status !== "canceled")
      const spent = counted.filter((o) => String(o.currency_code).toLowerCase() === opts.defaultCurrency).reduce((s, o) => s + orderTotalOf(o), 0)
      if (!(spent >= minSpent)) continue
      const last = Math.max(...counted.map((o) => new Date(o.created_at).getTime()))
      if (!counted.length || last < sinceMs) continue
      const lastOrder = [...all].sort((x, y) => new Date(y.created_at).getTime() - new Date(x.created_at).getTime())[0]
      const country = (c.addresses ?? []).find((a: any) => a?.is_default_shipping)?.country_code ?? lastOrder?.shipping_address?.country_code
      if (!country || !countries.has(String(country).toLowerCase())) continue
      if (!counted.some((o) => (o.items ?? []).some((i: any) => i?.product_id && products.has(i.product_id)))) continue
      matched++
    }
    if (customers.length < PAGE) break
  }
  return { matched, customers: seen, finished: true }
}
