export * from "./set-promotion-segment-rule"
export * from "./remove-promotion-segment-rule"
export * from "./refresh-customer-cart-promotions"
