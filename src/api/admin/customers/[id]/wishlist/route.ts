import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"

/** A customer's wishlist for the customer page, with product and variant titles (a product deleted since shows its id). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: req.params.id } })
  if (!data[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${req.params.id} was not found`)
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const items = await service.listCustomerWishlist(req.params.id)
  const productIds = [...new Set(items.map((i) => i.product_id))]
  const { data: products } = productIds.length
    ? await query.graph({ entity: "product", fields: ["id", "title", "thumbnail", "variants.id", "variants.title"], filters: { id: productIds } })
    : { data: [] as any[] }
  const byId = new Map<string, any>(products.map((p: any) => [p.id, p] as [string, any]))
  res.json({
    wishlist_items: items.map((i) => {
      const p = byId.get(i.product_id)
      const v = p?.variants?.find((x: any) => x?.id === i.variant_id)
      return {
        id: i.id,
        product_id: i.product_id,
        product_title: p?.title ?? null,
        thumbnail: p?.thumbnail ?? null,
        variant_id: i.variant_id,
        variant_title: v?.title ?? null,
        sku: i.sku,
        added_at: i.added_at,
      }
    }),
    count: items.length,
  })
}
