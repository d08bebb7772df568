import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { ConditionGroup, ConditionRule, parseConditions } from "../../conditions"
import { CustomerFixture, and, bothEngines, daysAgo, loadWorld, not, r, snapshotOf } from "./fixtures"

jest.setTimeout(120_000)

const MODULE_DIR = path.resolve(__dirname, "../..")


const ACME = { manufacturer: "ACME" }
const view = (product_id: string, days: number, extra: Record<string, unknown> = {}) => ({ product_id, viewed_at: daysAgo(days), ...extra })
const a = (days: number) => view("prod_a", days, { collection_id: "col_1", category_ids: ["cat_1"], product_metadata: ACME })

const VIEWERS: CustomerFixture[] = [
  {
    id: "v1",
    views: [a(1), a(2), a(40), view("prod_b", 5, { collection_id: "col_2", product_metadata: { manufacturer: "Globex" } })],
    purchases: [{ product_id: "prod_a", product_metadata: ACME }],
  },
  {
    id: "v2",
    views: [
      view("prod_b", 3, { category_ids: ["cat_1", "cat_2"], product_metadata: { manufacturer: "globex" } }),
      view("prod_b", 10, { category_ids: ["cat_1", "cat_2"], product_metadata: { manufacturer: "globex" } }),
    ],
    // a canceled order is not a purchase
    purchases: [{ product_id: "prod_b", order_status: "canceled", product_metadata: { manufacturer: "globex" } }],
  },
  { id: "v3" },
]

const WISHERS: CustomerFixture[] = [
  {
    id: "w1",
    wishlist: [
      { product_id: "prod_a", variant_id: "var_a", sku: "SKU-A", collection_id: "col_1", product_metadata: ACME },
      { product_id: "prod_c" },
    ],
    purchases: [{ product_id: "prod_a" }],
  },
  { id: "w2", wishlist: [{ product_id: "prod_b", sku: "SKU-B", product_metadata: { brand: "Nike" }, added_at: daysAgo(60) }] },
  { id: "w3" },
]

type Case = { name: string; tree: ConditionGroup; customers: CustomerFixture[]; expected: string[] }

const CASES: Case[] = [
  { name: "viewed product", tree: and(r("views.product_ids", "in", ["prod_a"])), customers: VIEWERS, expected: ["v1"] },
  { name: "viewed 3 times", tree: and(r("views.product_ids", "in", ["prod_a"], { min_count: 3 })), customers: VIEWERS, expected: ["v1"] },
  { name: "viewed 3 times within 30 days", tree: and(r("views.product_ids", "in", ["prod_a"], { min_count: 3, within_days: 30 })), customers: VIEWERS, expected: [] },
  { name: "did not view (no views at all included)", tree: and(r("views.product_ids", "not_in", ["prod_a"])), customers: VIEWERS, expected: ["v2", "v3"] },
  { name: "a guest's unlinked view counts for no one", tree: and(r("views.product_ids", "in", ["x"])), customers: VIEWERS, expected: [] },
  { name: "viewed any product", tree: and(r("views.product_ids", "is_set")), customers: VIEWERS, expected: ["v1", "v2"] },
  { name: "viewed collection", tree: and(r("views.collection_ids", "in", ["col_2"])), customers: VIEWERS, expected: ["v1"] },
  { name: "viewed all categories", tree: and(r("views.category_ids", "all", ["cat_1", "cat_2"])), customers: VIEWERS, expected: ["v2"] },
  { name: "viewed category twice", tree: and(r("views.category_ids", "in", ["cat_1"], { min_count: 2 })), customers: VIEWERS, expected: ["v1", "v2"] },
  { name: "viewed category twice within 7 days", tree: and(r("views.category_ids", "in", ["cat_1"], { min_count: 2, within_days: 7 })), customers: VIEWERS, expected: ["v1"] },
  { name: "viewed brand, case-insensitive", tree: and(r("views.attribute", "eq", "GLOBEX", { key: "manufacturer" })), customers: VIEWERS, expected: ["v1", "v2"] },
  { name: "viewed brand twice", tree: and(r("views.attribute", "eq", "globex", { key: "manufacturer", min_count: 2 })), customers: VIEWERS, expected: ["v2"] },
  { name: "viewed brand within 4 days", tree: and(r("views.attribute", "eq", "globex", { key: "manufacturer", within_days: 4 })), customers: VIEWERS, expected: ["v2"] },
  { name: "viewed but bought is not 'viewed but did not buy'", tree: and(r("views.not_purchased_product_ids", "in", ["prod_a"])), customers: VIEWERS, expected: [] },
  { name: "viewed and not bought (canceled does not count as bought)", tree: and(r("views.not_purchased_product_ids", "in", ["prod_b"])), customers: VIEWERS, expected: ["v1", "v2"] },
  { name: "viewed something not bought, twice in 7 days", tree: and(r("views.not_purchased_product_ids", "is_set", undefined, { min_count: 2, within_days: 7 })), customers: VIEWERS, expected: [] },
  {
    name: "template: viewed brand X but never bought it",
    tree: and(r("views.attribute", "eq", "acme", { key: "manufacturer", within_days: 30 }), not(and(r("purchases.attribute", "eq", "acme", { key: "manufacturer" })))),
    customers: VIEWERS,
    expected: [],
  },
  {
    name: "template: viewed Globex but never bought it",
    tree: and(r("views.attribute", "eq", "globex", { key: "manufacturer", within_days: 30 }), not(and(r("purchases.attribute", "eq", "globex", { key: "manufacturer" })))),
    customers: VIEWERS,
    expected: ["v1", "v2"],
  },

  { name: "wishlist product", tree: and(r("wishlist.product_ids", "in", ["prod_c"])), customers: WISHERS, expected: ["w1"] },
  { name: "wishlist all products", tree: and(r("wishlist.product_ids", "all", ["prod_a", "prod_c"])), customers: WISHERS, expected: ["w1"] },
  { name: "wishlist SKU", tree: and(r("wishlist.skus", "in", ["SKU-B"])), customers: WISHERS, expected: ["w2"] },
  { name: "wishlist SKU is_not_set", tree: and(r("wishlist.skus", "is_not_set")), customers: WISHERS, expected: ["w3"] },
  { name: "wishlist collection", tree: and(r("wishlist.collection_ids", "in", ["col_1"])), customers: WISHERS, expected: ["w1"] },
  { name: "wishlist attribute", tree: and(r("wishlist.attribute", "eq", "nike", { key: "brand" })), customers: WISHERS, expected: ["w2"] },
  { name: "wishlist added within 30 days", tree: and(r("wishlist.product_ids", "is_set", undefined, { within_days: 30 })), customers: WISHERS, expected: ["w1"] },
  { name: "wishlist but bought", tree: and(r("wishlist.not_purchased_product_ids", "in", ["prod_a"])), customers: WISHERS, expected: [] },
  { name: "template: wishlist but not bought", tree: and(r("wishlist.not_purchased_product_ids", "is_set")), customers: WISHERS, expected: ["w1", "w2"] },
]

moduleIntegrationTestRunner({
  moduleName: "customerSegment",
  resolve: MODULE_DIR,
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ MikroOrmWrapper }) => {
    it("views and wishlist conditions: SQL and in-memory evaluation both give the expected customers", async () => {
      const knex = MikroOrmWrapper.forkManager().getKnex()
      const failures: string[] = []
      for (const c of CASES) {
        parseConditions(c.tree)
        const snapshots = c.customers.map(snapshotOf)
        await loadWorld(knex, snapshots)
        const got = await bothEngines(knex, snapshots, c.tree)
        const expected = [...c.expected].sort()
        if (JSON.stringify(got.sql) !== JSON.stringify(expected)) failures.push(`${c.name}: SQL ${JSON.stringify(got.sql)} != ${JSON.stringify(expected)}`)
        if (JSON.stringify(got.memory) !== JSON.stringify(expected)) failures.push(`${c.name}: memory ${JSON.stringify(got.memory)} != ${JSON.stringify(expected)}`)
      }
      expect(failures).toEqual([])
    })

    it("rejects bad params with the path that names them", () => {
      expect(() => parseConditions(and(r("views.attribute", "eq", "x")))).toThrow(/rules\[0\]\.params\.key/)
      expect(() => parseConditions(and(r("views.product_ids", "in", ["p"], { min_count: 0 })))).toThrow(/rules\[0\]\.params\.min_count/)
      expect(() => parseConditions(and(r("wishlist.product_ids", "in", ["p"], { min_count: 2 })))).toThrow(/rules\[0\]\.params/)
    })
  },
})
