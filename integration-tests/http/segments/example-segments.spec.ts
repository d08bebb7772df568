import { integrationTestRunner } from "../../helpers/runner"
import { createCustomers, createStoreBasics, FixtureAddress, placeOrders, PlaceOrderInput } from "../../../demo/fixtures"
import { recomputeCustomerActivityWorkflow } from "../../../src/workflows/activity/recompute-customer-activity"
import { SEGMENT_TEMPLATES } from "../../../src/modules/customer-segment/lib/templates"
import { createAdminHeaders } from "../../helpers/admin"

jest.setTimeout(600 * 1000)

const DAY = 86400000
const daysAgo = (n: number) => new Date(Date.now() - n * DAY)
const address = (country_code: string, city: string): FixtureAddress => ({
  first_name: "Test",
  last_name: "Buyer",
  address_1: "1 Main Street",
  city,
  country_code,
  postal_code: "10001",
})

/**
 * The example segments of the seeds, evaluated over REAL Medusa orders (cart
 * or order workflows, completed / pending / canceled, backdated), with the
 * expected members worked out by hand from the story below. Prices (EUR):
 * Classic Tee 20 (Acme), Trail Runner 110 (Globex), Merino Hoodie 85
 * (Initech), Canvas Tote 15 (Umbrella); shipping is a few euros.
 *
 *  ann  de  acme.com    completed 10×Trail 100d ago, 10×Trail 50d, 3×Trail 200d  (>= 2,000 completed)
 *  ben  fr  globex.com  completed 10×Trail 40d ago, pending 10×Trail 5d ago
 *  cat  us  acme.com    completed 1×Tee 10d ago (USD, other region)
 *  dan  de  initech.com guest; completed 1×Hoodie 60d ago, canceled 10×Trail 5d ago
 *  eve  it  umbrella.com no orders
 *  fay  nl  acme.com    completed 5×Trail 150d ago
 *  gus  de  hooli.com   six completed 1×Tote orders, 400-450 days ago
 */
integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer, utils }) => {
    let admin: { headers: Record<string, string> }
    const ids: Record<string, string> = {}

    beforeAll(async () => {
      const container = getContainer()
      const store = await createStoreBasics(container)
      const [tee, trail, hoodie, tote] = store.products.map((p) => p.variants[0])
      const people = await createCustomers(container, [
        { email: "ann@acme.com", first_name: "Ann", addresses: [address("de", "Berlin")], metadata: { gender: "female" } },
        { email: "ben@globex.com", first_name: "Ben", addresses: [address("fr", "Paris")] },
        { email: "cat@acme.com", first_name: "Cat", addresses: [address("us", "Boston")] },
        { email: "dan@initech.com", first_name: "Dan", registered: false, addresses: [address("de", "Munich")] },
        { email: "eve@umbrella.com", first_name: "Eve", addresses: [address("it", "Rome")] },
        { email: "fay@acme.com", first_name: "Fay", addresses: [address("nl", "Utrecht")] },
        { email: "gus@hooli.com", first_name: "Gus", addresses: [address("de", "Hamburg")] },
      ])
      for (const c of people) ids[c.email.split("@")[0]] = c.id
      const who = (name: string) => people.find((p) => p.email.startsWith(name + "@"))!
      const order = (name: string, variant: { id: string }, quantity: number, days: number, status: PlaceOrderInput["status"]): PlaceOrderInput => ({
        customer: who(name),
        items: [{ variant_id: variant.id, quantity }],
        status,
        created_at: daysAgo(days),
        shipping_address: who(name).addresses[0],
        via: "order",
      })
      await placeOrders(
        container,
        [
          order("ann", trail, 10, 100, "completed"),
          order("ann", trail, 10, 50, "completed"),
          order("ann", trail, 3, 200, "completed"),
          order("ben", trail, 10, 40, "completed"),
          order("ben", trail, 10, 5, "pending"),
          order("cat", tee, 1, 10, "completed"),
          order("dan", hoodie, 1, 60, "completed"),
          order("dan", trail, 10, 5, "canceled"),
          order("fay", trail, 5, 150, "completed"),
          ...[400, 410, 420, 430, 440, 450].map((d) => order("gus", tote, 1, d, "completed")),
        ],
        { concurrency: 2 }
      )
      // Real-time subscribers may still be recomputing from before the backdating: let them finish, then
      // build everyone's activity data from what Medusa now holds.
      await utils.waitWorkflowExecutions()
      await recomputeCustomerActivityWorkflow(container).run({ input: { customer_ids: Object.values(ids) } })
    })

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const membersOf = async (body: Record<string, unknown>) => {
      const { data } = await api.post("/admin/segments", { refresh_mode: "manual", ...body }, admin)
      const { data: list } = await api.get(`/admin/segments/${data.segment.id}/customers?limit=100`, admin)
      const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]))
      const members = list.customers.map((c: any) => names[c.id]).sort()
      expect(data.segment.customer_count).toBe(members.length)
      // preview agrees with the saved segment
      const { data: preview } = await api.post("/admin/segments/preview", { conditions: body.conditions, audience: body.audience ?? "all" }, admin)
      expect(preview.count).toBe(members.length)
      return members
    }
    const template = (id: string) => SEGMENT_TEMPLATES.find((t) => t.id === id)!.segment

    it("VIP: lifetime completed sales >= 2000", async () => {
      expect(await membersOf({ ...template("vip"), refresh_mode: "manual" })).toEqual(["ann"])
      // counting every non-canceled order instead lets ben in (his pending order)
      expect(
        await membersOf({ name: "VIP any status", conditions: { combinator: "and", rules: [{ field: "orders.total_spent", operator: "gte", value: 2000 }] } })
      ).toEqual(["ann", "ben"])
    })

    it("Departed: last completed order 30+ days ago", async () => {
      expect(await membersOf(template("departed"))).toEqual(["ann", "ben", "dan", "fay", "gus"])
    })

    it("Leaving buyers: nothing for 4 months, something in the last 8, above-average orders", async () => {
      expect(await membersOf(template("leaving-buyers"))).toEqual(["fay"])
    })

    it("Buyers to regain: nothing for a year, more than five purchases", async () => {
      expect(await membersOf(template("buyers-to-regain"))).toEqual(["gus"])
    })

    it("Premium buyers: 3+ orders in the last year averaging 300+", async () => {
      expect(await membersOf(template("premium-buyers"))).toEqual(["ann"])
    })

    it("bought a product of manufacturer X (canceled orders do not count)", async () => {
      const bought = (m: string, audience = "all") =>
        membersOf({ name: `Bought ${m} ${audience}`, audience, conditions: { combinator: "and", rules: [{ field: "purchases.attribute", operator: "eq", value: m, params: { key: "manufacturer" } }] } })
      expect(await bought("Acme")).toEqual(["cat"])
      expect(await bought("Globex")).toEqual(["ann", "ben", "fay"])
      expect(await bought("Initech")).toEqual(["dan"])
      expect(await bought("Initech", "registered")).toEqual([]) // dan is a guest
    })

    it("customers in a country, and by email domain", async () => {
      expect(
        await membersOf({ name: "Germany", conditions: { combinator: "and", rules: [{ field: "address.country_code", operator: "in", value: ["de"] }] } })
      ).toEqual(["ann", "dan", "gus"])
      expect(
        await membersOf({ name: "Acme mail", conditions: { combinator: "and", rules: [{ field: "customer.email_domain", operator: "in", value: ["ACME.com"] }] } })
      ).toEqual(["ann", "cat", "fay"])
      expect(
        await membersOf({
          name: "Not acme, has ordered",
          conditions: { combinator: "and", rules: [
            { field: "orders.count", operator: "gt", value: 0 },
            { combinator: "or", not: true, rules: [{ field: "customer.email_domain", operator: "eq", value: "acme.com" }] },
          ] },
        })
      ).toEqual(["ben", "dan", "gus"])
    })

    it("sales by segment: customers, share, orders, revenue, average order and top products", async () => {
      const { data: made } = await api.post("/admin/segments", { ...template("vip"), refresh_mode: "manual" }, admin)
      const { data } = await api.get("/admin/segments/sales?top_products=2", admin)
      expect(data.currency_code).toBe("eur")
      const vip = data.segments.find((s: any) => s.id === made.segment.id)
      // ann: three non-canceled EUR orders of Trail Runners (23 of them), 7 customers in all
      expect(vip).toEqual(expect.objectContaining({ customers: 1, orders: 3 }))
      expect(vip.share).toBeCloseTo(1 / 7, 5)
      expect(vip.revenue).toBeGreaterThan(23 * 110)
      expect(vip.average_order_value).toBeCloseTo(vip.revenue / 3, 5)
      expect(vip.top_products).toEqual([expect.objectContaining({ title: "Trail Runner", quantity: 23, revenue: 23 * 110 })])
      const bad = await api.get("/admin/segments/sales?currency_code=euro", admin).catch((e) => e.response)
      expect(bad.status).toBe(400)
    })

    it("never ordered is is_not_set, not more_than_days_ago", async () => {
      expect(await membersOf({ name: "Never", conditions: { combinator: "and", rules: [{ field: "orders.last_order_at", operator: "is_not_set" }] } })).toEqual(["eve"])
      expect(
        await membersOf({ name: "Not recent", conditions: { combinator: "and", rules: [{ field: "orders.last_order_at", operator: "more_than_days_ago", value: 30 }] } })
      ).toEqual(["ann", "dan", "fay", "gus"]) // ben's pending order 5 days ago counts; dan's canceled one does not

    })
  },
})
