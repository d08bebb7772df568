import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertVisible, readProductAttributes, StoreProduct } from "../utils/read-product-attributes"

export const resolveWishlistProductStepId = "resolve-customer-segment-wishlist-product"

export type ResolveWishlistProductInput = {
  product_id: string
  variant_id?: string | null
  /** the publishable key's sales channels: a product sold elsewhere is not found */
  sales_channel_ids?: string[]
}

export type WishlistProduct = StoreProduct & { variant_id: string | null; sku: string | null }

/** The product (and variant) a customer wants to add, as the storefront may see it; 404 / 400 otherwise. Reads only. */
export const resolveWishlistProductStep = createStep(
  resolveWishlistProductStepId,
  async (input: ResolveWishlistProductInput, { container }) => {
    const product = assertVisible(await readProductAttributes(container, input.product_id), input.product_id, input.sales_channel_ids)
    let sku: string | null = null
    if (input.variant_id) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "product_variant", fields: ["id", "sku", "product_id"], filters: { id: input.variant_id } })
      const variant = data[0] as any
      if (!variant || variant.product_id !== product.product_id) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Variant with id: ${input.variant_id} is not a variant of product ${product.product_id}`
        )
      }
      sku = variant.sku ?? null
    }
    return new StepResponse<WishlistProduct>({ ...product, variant_id: input.variant_id ?? null, sku })
  }
)
