import { describeCatalogue } from "../../../modules/customer-segment/conditions"
import { PICKERS } from "../pickers"

/** The builder picks a field's value editor from its catalogue `picker`: each must have a source, or the editor breaks. */
describe("condition builder pickers", () => {
  it("every catalogue field's picker has a search and resolve source (or is one of the known typed-value kinds)", () => {
    // no admin list to search yet: EntityPicker shows a tag input for these
    const TYPED = ["promotion_code", "payment_provider", "shipping_option"]
    const missing = describeCatalogue()
      .fields.filter((f) => f.picker && !TYPED.includes(f.picker) && !(PICKERS as Record<string, unknown>)[f.picker])
      .map((f) => `${f.name}: ${f.picker}`)
    expect(missing).toEqual([])
  })

  it("views and wishlist fields use the product, collection, category and SKU pickers", () => {
    const pickers = Object.fromEntries(describeCatalogue().fields.map((f) => [f.name, f.picker]))
    expect(pickers).toMatchObject({
      "views.product_ids": "product",
      "views.collection_ids": "collection",
      "views.category_ids": "category",
      "views.not_purchased_product_ids": "product",
      "wishlist.product_ids": "product",
      "wishlist.skus": "sku",
      "wishlist.collection_ids": "collection",
      "wishlist.not_purchased_product_ids": "product",
    })
  })
})
