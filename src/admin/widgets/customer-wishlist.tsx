import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { WidgetListState } from "../components/widget-list-state"
import { useCustomerWishlist } from "../hooks/wishlists"
import { formatDate } from "../lib/format"

/** The customer's wishlist (what "Has in wishlist" conditions read), newest first. */
const CustomerWishlistWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, isLoading, error } = useCustomerWishlist(customer.id)
  const items = data?.wishlist_items ?? []
  return (
    <Container className="divide-y p-0" data-testid="customer-wishlist-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Wishlist</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {items.length} item{items.length === 1 ? "" : "s"}
        </Text>
      </div>
      <WidgetListState isLoading={isLoading} error={error} isEmpty={items.length === 0} empty={<>Nothing on this customer's wishlist.</>}>
        <div className="divide-y">
          {items.map((i) => (
            <div key={i.id} className="flex items-center justify-between gap-3 px-6 py-3">
              <div className="flex min-w-0 items-center gap-3">
                {i.thumbnail ? (
                  <img src={i.thumbnail} alt="" className="h-8 w-6 rounded object-cover" />
                ) : (
                  <div className="bg-ui-bg-component h-8 w-6 rounded" />
                )}
                <div className="min-w-0">
                  <Link
                    to={`/products/${i.product_id}`}
                    className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive block truncate"
                  >
                    {i.product_title ?? i.product_id}
                  </Link>
                  <Text size="xsmall" className="text-ui-fg-subtle truncate">
                    {[i.variant_title ?? (i.variant_id ? i.variant_id : "any variant"), i.sku].filter(Boolean).join(" · ")}
                  </Text>
                </div>
              </div>
              <Text size="xsmall" className="text-ui-fg-subtle shrink-0">
                added {formatDate(i.added_at)}
              </Text>
            </div>
          ))}
        </div>
      </WidgetListState>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerWishlistWidget
