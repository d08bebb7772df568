/**
 * "Customer Segment" in Medusa's own promotion editor: the admin routes the
 * dashboard's create/edit promotion form reads (attribute list, values, a
 * promotion's rules) and saves with (POST /admin/promotions, the rules batch),
 * with the request shapes the form sends, against real Medusa and PostgreSQL.
 */
import { integrationTestRunner } from "../../helpers/runner"
// Core's own attribute list, to prove that the plugin leaves core's entries as core makes them.
import { getRuleAttributesMap } from "@medusajs/medusa/api/admin/promotions/utils/index"
import { createStoreBasics, StoreBasics } from "../../../demo/fixtures"
import { createAdminHeaders, registerStoreCustomer } from "../../helpers/admin"

jest.setTimeout(240 * 1000)

type Headers = Record<string, string>

const SEGMENT_ATTRIBUTE = {
  id: "customer_segment",
  value: "customer_segment_ids",
  label: "Customer Segment",
  required: false,
  field_type: "multiselect",
  operators: [
    { id: "in", value: "in", label: "In" },
    { id: "ne", value: "ne", label: "Not In" },
  ],
}

const fail = (p: Promise<unknown>) => p.then((r: any) => ({ status: r.status, data: r.data }), (e: any) => e.response)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Headers }
    let store: StoreBasics
    let publishable: Headers
    let vip: { customer: any; headers: Headers }
    let other: { customer: any; headers: Headers }
    let vipSegment: string

    const createSegment = async (name: string, customerIds: string[] = []) => {
      const { data } = await api.post("/admin/segments", { name, membership: "manual", refresh_mode: "manual" }, admin)
      if (customerIds.length) await api.post(`/admin/segments/${data.segment.id}/customers`, { add: customerIds }, admin)
      return data.segment.id as string
    }

    /** What the dashboard's create form posts for a standard 10% automatic promotion with these rules. */
    const formPromotion = (code: string, rules: Array<{ attribute: string; operator: string; values: string[] }>) => ({
      code,
      type: "standard",
      status: "active",
      is_automatic: true,
      is_tax_inclusive: false,
      rules,
      application_method: {
        type: "percentage",
        target_type: "order",
        allocation: "across",
        value: 10,
        target_rules: [],
        buy_rules: [],
      },
    })

    const cartCodes = async (headers: Headers) => {
      const { data: created } = await api.post(
        "/store/carts",
        { region_id: store.regions[0].id, items: [{ variant_id: store.variants[0].id, quantity: 2 }] },
        { headers }
      )
      const { data } = await api.get(`/store/carts/${created.cart.id}?fields=id,discount_total,*promotions`, { headers: publishable })
      return { codes: (data.cart.promotions ?? []).map((p: any) => p.code).sort(), discount: Number(data.cart.discount_total) }
    }

    beforeEach(async () => {
      const container = getContainer()
      store = await createStoreBasics(container, { productCount: 1, variantsPerProduct: 1 })
      publishable = { "x-publishable-api-key": store.publishable_key.token }
      admin = await createAdminHeaders(container)
      vip = await registerStoreCustomer(api, publishable, { email: "vip@example.com", first_name: "Vera" })
      other = await registerStoreCustomer(api, publishable, { email: "other@example.com", first_name: "Otto" })
      vipSegment = await createSegment("VIP", [vip.customer.id])
    })

    describe("attribute list", () => {
      it('lists "Customer Segment" after "Customer Group" for the promotion\'s rules, core\'s entries as core makes them', async () => {
        const cases = [
          { promotion_type: "standard", application_method_type: "percentage", application_method_target_type: "order" },
          { promotion_type: "standard", application_method_type: "fixed", application_method_target_type: "items" },
          { promotion_type: "buyget", application_method_type: "percentage", application_method_target_type: "items" },
        ]
        for (const params of cases) {
          const { data } = await api.get("/admin/promotions/rule-attribute-options/rules", { ...admin, params })
          const core = getRuleAttributesMap({
            promotionType: params.promotion_type,
            applicationMethodType: params.application_method_type,
            applicationMethodTargetType: params.application_method_target_type,
          } as any).rules
          expect(data.attributes.map((a: any) => a.id)).toEqual([
            "customer_group",
            "customer_segment",
            ...core.map((a: any) => a.id).filter((id: string) => id !== "customer_group"),
          ])
          expect(data.attributes.find((a: any) => a.id === "customer_segment")).toEqual(SEGMENT_ATTRIBUTE)
          expect(data.attributes.filter((a: any) => a.id !== "customer_segment")).toEqual(JSON.parse(JSON.stringify(core)))
        }
      })

      it("leaves target and buy rules (items, shipping methods) exactly as core answers them", async () => {
        for (const [ruleType, target] of [
          ["target-rules", "items"],
          ["target-rules", "shipping_methods"],
          ["buy-rules", "items"],
        ]) {
          const params = { promotion_type: "buyget", application_method_type: "percentage", application_method_target_type: target }
          const { data } = await api.get(`/admin/promotions/rule-attribute-options/${ruleType}`, { ...admin, params })
          const core = (getRuleAttributesMap as any)({
            promotionType: "buyget",
            applicationMethodType: "percentage",
            applicationMethodTargetType: target,
          })[ruleType]
          expect(data.attributes).toEqual(JSON.parse(JSON.stringify(core)))
        }
        const bad = await fail(api.get("/admin/promotions/rule-attribute-options/nonsense", admin))
        expect(bad.status).toBe(400)
        expect(bad.data).toEqual({ type: "invalid_data", message: "Invalid param rule_type (nonsense)" })
      })
    })

    describe("values", () => {
      it("lists the segments as value/label by name, searchable by q, paged by limit/offset, filtered by value", async () => {
        const big = await createSegment("Big spenders")
        const departed = await createSegment("Departed")
        const url = "/admin/promotions/rule-value-options/rules/customer_segment"

        const { data: all } = await api.get(url, admin)
        expect(all).toEqual({
          values: [
            { label: "Big spenders", value: big },
            { label: "Departed", value: departed },
            { label: "VIP", value: vipSegment },
          ],
          count: 3,
          offset: 0,
          limit: 100,
        })

        // The combobox's search and its pages (it asks for 10 at a time).
        expect((await api.get(url, { ...admin, params: { q: "spend" } })).data).toEqual({
          values: [{ label: "Big spenders", value: big }],
          count: 1,
          offset: 0,
          limit: 100,
        })
        expect((await api.get(url, { ...admin, params: { limit: 2, offset: 1 } })).data).toEqual({
          values: [
            { label: "Departed", value: departed },
            { label: "VIP", value: vipSegment },
          ],
          count: 3,
          offset: 1,
          limit: 2,
        })
        // Labels of saved values, one or several.
        expect((await api.get(url, { ...admin, params: { value: vipSegment } })).data.values).toEqual([{ label: "VIP", value: vipSegment }])
        expect((await api.get(`${url}?value[]=${vipSegment}&value[]=${big}`, admin)).data.values).toEqual([
          { label: "Big spenders", value: big },
          { label: "VIP", value: vipSegment },
        ])

        // Bad paging is core's 400; no admin is a 401.
        const badLimit = await fail(api.get(url, { ...admin, params: { limit: "many" } }))
        expect(badLimit.status).toBe(400)
        expect(badLimit.data.type).toBe("invalid_data")
        expect((await fail(api.get(url, {}))).status).toBe(401)
      })

      it("leaves core's values (customer groups, regions, currencies) and its errors unchanged", async () => {
        const { data: g } = await api.post("/admin/customer-groups", { name: "Wholesale" }, admin)
        const groups = await api.get("/admin/promotions/rule-value-options/rules/customer_group", admin)
        expect(groups.data).toEqual({ values: [{ label: "Wholesale", value: g.customer_group.id }], count: 1, offset: 0, limit: 100 })

        const regions = await api.get("/admin/promotions/rule-value-options/rules/region", admin)
        expect(regions.data.values.map((v: any) => v.value).sort()).toEqual(store.regions.map((r) => r.id).sort())
        expect(regions.data.values.map((v: any) => v.label).sort()).toEqual(store.regions.map((r) => r.name).sort())

        const currencies = await api.get("/admin/promotions/rule-value-options/rules/currency_code", {
          ...admin,
          params: { value: ["eur", "usd"] },
        })
        expect(currencies.data.values.sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual([
          { label: "Euro", value: "eur" },
          { label: "US Dollar", value: "usd" },
        ])

        // A segment is not an item attribute, and unknown attributes stay core's 400.
        for (const path of ["target-rules/customer_segment", "rules/nonsense"]) {
          const r = await fail(api.get(`/admin/promotions/rule-value-options/${path}`, admin))
          expect(r.status).toBe(400)
          expect(r.data).toEqual({ type: "invalid_data", message: `Invalid rule attribute - ${path.split("/")[1]}` })
        }
      })
    })

    describe("a promotion's rules", () => {
      it("GET /admin/promotions/:id/rules holds the segment rule with its labels, next to core's rules", async () => {
        const { data: g } = await api.post("/admin/customer-groups", { name: "Wholesale" }, admin)
        const big = await createSegment("Big spenders")
        const { data } = await api.post(
          "/admin/promotions",
          formPromotion("EDITOR", [
            { attribute: "customer.groups.id", operator: "in", values: [g.customer_group.id] },
            { attribute: "customer_segment_ids", operator: "ne", values: [vipSegment, big] },
          ]),
          admin
        )
        const id = data.promotion.id
        const segmentRuleId = data.promotion.rules.find((r: any) => r.attribute === "customer_segment_ids").id

        const { data: rules } = await api.get(`/admin/promotions/${id}/rules`, {
          ...admin,
          params: { promotion_type: "standard", application_method_type: "percentage" },
        })
        expect(rules.rules).toHaveLength(2)
        // Core's rule as core makes it.
        expect(rules.rules[0]).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^prorul_/),
            attribute: "customer.groups.id",
            attribute_label: "Customer Group",
            operator: "in",
            operator_label: "In",
            values: [{ value: g.customer_group.id, label: "Wholesale" }],
          })
        )
        expect(rules.rules[1]).toEqual({
          ...SEGMENT_ATTRIBUTE,
          id: segmentRuleId,
          description: null,
          attribute: "customer_segment_ids",
          attribute_label: "Customer Segment",
          operator: "ne",
          operator_label: "Not In",
          values: [
            { value: vipSegment, label: "VIP" },
            { value: big, label: "Big spenders" },
          ],
        })

        // Not a target or buy rule; a promotion without a segment rule is core's answer alone.
        const target = await api.get(`/admin/promotions/${id}/target-rules`, admin)
        expect(target.data.rules).toEqual([])
        const { data: plain } = await api.post("/admin/promotions", formPromotion("PLAIN", []), admin)
        expect((await api.get(`/admin/promotions/${plain.promotion.id}/rules`, admin)).data).toEqual({ rules: [] })

        // A deleted segment keeps its id as its label (the rule drops it; the other stays named).
        await api.delete(`/admin/segments/${big}`, admin)
        const after = await api.get(`/admin/promotions/${id}/rules`, admin)
        expect(after.data.rules.find((r: any) => r.attribute === "customer_segment_ids").values).toEqual([{ value: vipSegment, label: "VIP" }])
      })
    })

    describe("carts, with the requests the form sends", () => {
      it('"In" (in): a customer in the segment gets the discount, one outside does not', async () => {
        const { data } = await api.post(
          "/admin/promotions",
          formPromotion("FORM_IN", [{ attribute: "customer_segment_ids", operator: "in", values: [vipSegment] }]),
          admin
        )
        expect(data.promotion.rules).toEqual([expect.objectContaining({ attribute: "customer_segment_ids", operator: "in" })])
        const vipCart = await cartCodes(vip.headers)
        expect(vipCart.codes).toEqual(["FORM_IN"])
        expect(vipCart.discount).toBeGreaterThan(0)
        expect(await cartCodes(other.headers)).toEqual({ codes: [], discount: 0 })
      })

      it('"Not In" (ne): the reverse, guests included', async () => {
        await api.post(
          "/admin/promotions",
          formPromotion("FORM_NOT_IN", [{ attribute: "customer_segment_ids", operator: "ne", values: [vipSegment] }]),
          admin
        )
        expect(await cartCodes(vip.headers)).toEqual({ codes: [], discount: 0 })
        const otherCart = await cartCodes(other.headers)
        expect(otherCart.codes).toEqual(["FORM_NOT_IN"])
        expect(otherCart.discount).toBeGreaterThan(0)
        expect((await cartCodes(publishable)).codes).toEqual(["FORM_NOT_IN"])
      })

      it("the edit form's rules batch adds, changes and removes a segment rule", async () => {
        const { data } = await api.post("/admin/promotions", formPromotion("EDITED", []), admin)
        const id = data.promotion.id
        const batch = `/admin/promotions/${id}/rules/batch`
        expect((await cartCodes(vip.headers)).codes).toEqual(["EDITED"])
        expect((await cartCodes(other.headers)).codes).toEqual(["EDITED"])

        const { data: created } = await api.post(
          batch,
          { create: [{ attribute: "customer_segment_ids", operator: "in", values: [vipSegment] }] },
          admin
        )
        const ruleId = created.created[0].id
        expect((await cartCodes(vip.headers)).codes).toEqual(["EDITED"])
        expect((await cartCodes(other.headers)).codes).toEqual([])

        await api.post(batch, { update: [{ id: ruleId, attribute: "customer_segment_ids", operator: "ne", values: [vipSegment] }] }, admin)
        expect((await cartCodes(vip.headers)).codes).toEqual([])
        expect((await cartCodes(other.headers)).codes).toEqual(["EDITED"])

        await api.post(batch, { delete: [ruleId] }, admin)
        expect((await api.get(`/admin/promotions/${id}/rules`, admin)).data).toEqual({ rules: [] })
        expect((await cartCodes(vip.headers)).codes).toEqual(["EDITED"])
      })
    })

    describe("bad segment rules", () => {
      it("400 naming the rule and the unknown segments, or the operator; nothing is saved", async () => {
        const create = (rules: any[]) => fail(api.post("/admin/promotions", formPromotion(`BAD_${Date.now()}`, rules), admin))

        const unknown = await create([
          { attribute: "customer.groups.id", operator: "in", values: ["cusgroup_x"] },
          { attribute: "customer_segment_ids", operator: "in", values: [vipSegment, "cseg_nope", "cseg_gone"] },
        ])
        expect(unknown.status).toBe(400)
        expect(unknown.data).toEqual({ type: "invalid_data", message: "rules[1].values: segments not found: cseg_nope, cseg_gone" })

        const eq = await create([{ attribute: "customer_segment_ids", operator: "eq", values: [vipSegment] }])
        expect(eq.status).toBe(400)
        expect(eq.data).toEqual({
          type: "invalid_data",
          message: 'rules[0].operator: customer_segment_ids rules take the operator "in" or "ne", not "eq"',
        })
        const empty = await create([{ attribute: "customer_segment_ids", operator: "in", values: [] }])
        expect(empty.status).toBe(400)
        expect(empty.data.message).toBe("rules[0].values: name at least one segment")
        const single = await create([{ attribute: "customer_segment_ids", operator: "in", values: "cseg_single" }])
        expect(single.data.message).toBe("rules[0].values: segments not found: cseg_single")

        const { data: listed } = await api.get("/admin/promotions?fields=id,code", admin)
        expect(listed.promotions.filter((p: any) => p.code.startsWith("BAD_"))).toEqual([])

        const { data } = await api.post(
          "/admin/promotions",
          formPromotion("BATCHED", [{ attribute: "customer_segment_ids", operator: "in", values: [vipSegment] }]),
          admin
        )
        const ruleId = data.promotion.rules[0].id
        const batch = `/admin/promotions/${data.promotion.id}/rules/batch`
        const badCreate = await fail(api.post(batch, { create: [{ attribute: "customer_segment_ids", operator: "in", values: ["cseg_nope"] }] }, admin))
        expect(badCreate.status).toBe(400)
        expect(badCreate.data).toEqual({ type: "invalid_data", message: "create[0].values: segments not found: cseg_nope" })
        // An update that leaves out the attribute is still a segment rule.
        const badUpdate = await fail(api.post(batch, { update: [{ id: ruleId, values: ["cseg_nope"] }] }, admin))
        expect(badUpdate.status).toBe(400)
        expect(badUpdate.data).toEqual({ type: "invalid_data", message: "update[0].values: segments not found: cseg_nope" })
        const badOperator = await fail(api.post(batch, { update: [{ id: ruleId, operator: "gt", values: [vipSegment] }] }, admin))
        expect(badOperator.status).toBe(400)
        expect(badOperator.data.message).toBe('update[0].operator: customer_segment_ids rules take the operator "in" or "ne", not "gt"')

        const { data: kept } = await api.get(`/admin/promotions/${data.promotion.id}?fields=id,*rules,*rules.values`, admin)
        expect(kept.promotion.rules).toEqual([
          expect.objectContaining({ id: ruleId, operator: "in", values: [expect.objectContaining({ value: vipSegment })] }),
        ])
        expect((await fail(api.post(batch, { delete: [ruleId] }, {}))).status).toBe(401)
      })
    })
  },
})
