// `medusa exec` script of the cluster tests: the store the storefront checkout
// needs (region, product, shipping option, publishable key), written as JSON to
// CLUSTER_FIXTURES_FILE for the test process, which has no Medusa container.
// CLUSTER_FIXTURES_PRODUCTS: how many products (1; the load test asks for more).
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { createStoreBasics } from "../../demo/fixtures/store"

export default async function clusterStoreFixtures({ container }: ExecArgs) {
  const store = await createStoreBasics(container, { productCount: Number(process.env.CLUSTER_FIXTURES_PRODUCTS || 1), variantsPerProduct: 1 })
  fs.writeFileSync(process.env.CLUSTER_FIXTURES_FILE!, JSON.stringify(store))
}
