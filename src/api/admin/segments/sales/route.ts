import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../modules/customer-segment/service"
import { resolveDefaultCurrency } from "../../../../workflows/segments/steps/resolve-evaluation-clock"
import { AdminSegmentSalesParams } from "../validators"

/** Sales by segment: customers (count, share), orders, revenue, average order value, top products. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  // Parsed here, not by a middleware: "/admin/segments/:id" middlewares match this path too.
  const parsed = AdminSegmentSalesParams.safeParse(req.query)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${issue.path.join(".")}: ${issue.message}`)
  }
  const { currency_code, within_days, top_products } = parsed.data
  const currency = (currency_code ?? (await resolveDefaultCurrency(req.scope))).toLowerCase()
  const since = within_days ? new Date(Date.now() - within_days * 86400000) : null
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const report = await service.salesBySegment({ currency, since, topProducts: top_products })

  // Product titles come from the product module, through Query.
  const productIds = [...new Set(report.segments.flatMap((s) => s.top_products.map((p) => p.product_id)))]
  const titles = new Map<string, string>()
  if (productIds.length) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "product", fields: ["id", "title"], filters: { id: productIds } })
    for (const p of data as any[]) titles.set(p.id, p.title)
  }
  res.json({
    currency_code: currency,
    within_days: within_days ?? null,
    total_customers: report.total_customers,
    segments: report.segments.map((s) => ({
      ...s,
      top_products: s.top_products.map((p) => ({ ...p, title: titles.get(p.product_id) ?? p.product_id })),
    })),
  })
}
