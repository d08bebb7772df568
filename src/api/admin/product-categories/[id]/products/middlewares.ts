import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"

export const CATALOG_CHANGED = "customer_segment.catalog_changed"

/**
 * Medusa 2.21 emits no event when products join or leave a category through
 * its product list (`batchLinkProductsToCategoryWorkflow`). Once such a request
 * succeeded, the plugin emits its own, so segment prices for categories follow
 * at once rather than at the next reconciliation.
 */
function emitCategoryProductsChanged(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  res.on("finish", () => {
    if (res.statusCode >= 300) return
    const body = (req.body ?? {}) as { add?: unknown; remove?: unknown }
    const product_ids = [body.add, body.remove].flat().filter((id): id is string => typeof id === "string")
    if (!product_ids.length) return
    req.scope
      .resolve(Modules.EVENT_BUS)
      .emit({ name: CATALOG_CHANGED, data: { product_ids, category_id: req.params.id } })
      .catch(() => undefined)
  })
  next()
}

export const adminCategoryProductsMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/admin/product-categories/:id/products", middlewares: [emitCategoryProductsChanged] },
]
