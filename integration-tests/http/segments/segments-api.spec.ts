import { integrationTestRunner } from "../../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createAdminHeaders, createPublishableKeyHeaders, registerStoreCustomer } from "../../helpers/admin"
import { activityRow } from "../../helpers/activity"

jest.setTimeout(180 * 1000)

const domainRule = (domains: string[]) => ({
  combinator: "and",
  rules: [{ field: "customer.email_domain", operator: "in", value: domains }],
})

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let service: CustomerSegmentModuleService
    let customers: Record<string, string>

    /** Sets customers' activity data the way the activity build would. */
    const setActivity = async (rows: Array<[string, string]>) => {
      await service.replaceCustomerActivity({
        customer_ids: rows.map(([key]) => customers[key]),
        activities: rows.map(([key, email]) => activityRow(customers[key], { email, email_domain: email.split("@")[1] })),
        orders: [],
        purchases: [],
      })
    }
    const members = async (segmentId: string, query = "") => {
      const { data } = await api.get(`/admin/segments/${segmentId}/customers?limit=100${query}`, admin)
      return Object.fromEntries(data.customers.map((c: any) => [c.id, c.source]))
    }

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
      const customerModule = container.resolve(Modules.CUSTOMER)
      const created = await customerModule.createCustomers([
        { email: "ann@acme.com", first_name: "Ann" },
        { email: "bob@acme.com", first_name: "Bob" },
        { email: "cid@other.org", first_name: "=HYPERLINK(\"http://evil\")" },
      ])
      customers = { ann: created[0].id, bob: created[1].id, cid: created[2].id }
      await setActivity([["ann", "ann@acme.com"], ["bob", "bob@acme.com"], ["cid", "cid@other.org"]])
      await service.replaceCustomerActivity({
        customer_ids: [customers.cid],
        activities: [activityRow(customers.cid, { email: "cid@other.org", first_name: "=HYPERLINK(\"http://evil\")" })],
        orders: [],
        purchases: [],
      })
    })

    describe("CRUD", () => {
      it("creates a rules segment, fills it at once, lists, reads, updates and deletes it", async () => {
        const { data: created } = await api.post(
          "/admin/segments",
          { name: "Acme people", conditions: domainRule(["acme.com"]), refresh_mode: "manual" },
          admin
        )
        const segment = created.segment
        expect(segment).toEqual(
          expect.objectContaining({ name: "Acme people", handle: "acme-people", membership: "rules", audience: "all", customer_count: 2 })
        )
        expect(segment.id).toMatch(/^cseg_/)
        expect(await members(segment.id)).toEqual({ [customers.ann]: "auto", [customers.bob]: "auto" })

        const { data: list } = await api.get("/admin/segments?q=acme", admin)
        expect(list.segments.map((s: any) => s.id)).toEqual([segment.id])
        expect(list.count).toBe(1)

        const { data: updated } = await api.post(`/admin/segments/${segment.id}`, { conditions: domainRule(["other.org"]) }, admin)
        expect(updated.segment.customer_count).toBe(1)
        expect(await members(segment.id)).toEqual({ [customers.cid]: "auto" })

        const { data: del } = await api.delete(`/admin/segments/${segment.id}`, admin)
        expect(del).toEqual({ id: segment.id, object: "customer_segment", deleted: true })
        const gone = await api.get(`/admin/segments/${segment.id}`, admin).catch((e) => e.response)
        expect(gone.status).toBe(404)
      })

      it("previews a count and a sample without saving", async () => {
        const { data } = await api.post("/admin/segments/preview", { conditions: domainRule(["acme.com"]) }, admin)
        expect(data.count).toBe(2)
        expect(data.sample.map((c: any) => c.email).sort()).toEqual(["ann@acme.com", "bob@acme.com"])
        const { data: list } = await api.get("/admin/segments", admin)
        expect(list.count).toBe(0)
        const { data: one } = await api.post("/admin/segments/preview", { conditions: domainRule(["acme.com"]), sample_size: 1 }, admin)
        expect([one.count, one.sample.length]).toEqual([2, 1])
      })

      it("serves the catalogue and the templates", async () => {
        const { data: catalogue } = await api.get("/admin/segments/conditions", admin)
        expect(catalogue.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(["orders.total_spent", "customer.email_domain", "segment.member_of", "rfm.group", "rfm.recency_score", "orders.overdue_days", "orders.next_order_expected_at", "customer.days_to_birthday", "orders.days_to_first_order_anniversary"]))
        expect(catalogue.fields.find((f: any) => f.name === "rfm.group")).toEqual(expect.objectContaining({ type: "string", picker: "rfm_group", operators: ["eq", "ne", "in", "not_in", "is_set", "is_not_set"] }))
        const { data: templates } = await api.get("/admin/segments/templates", admin)
        expect(templates.templates.length).toBeGreaterThanOrEqual(8)
        // every template is a valid tree
        for (const t of templates.templates) {
          const res = await api.post("/admin/segments/preview", { conditions: t.segment.conditions }, admin).catch((e) => e.response)
          expect([t.id, res.status]).toEqual([t.id, 200])
        }
      })
    })

    describe("bad input gets a 400 naming what is wrong", () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ["unknown field", { combinator: "and", rules: [{ field: "customer.shoe_size", operator: "eq", value: 3 }] }, /conditions\.rules\[0\]\.field/],
        ["unknown operator", { combinator: "and", rules: [{ field: "orders.count", operator: "like", value: 3 }] }, /conditions\.rules\[0\]\.operator/],
        ["wrong value type", { combinator: "and", rules: [{ field: "orders.count", operator: "gt", value: "3" }] }, /conditions\.rules\[0\]\.value/],
        ["nested wrong value", { combinator: "and", rules: [{ field: "orders.count", operator: "gt", value: 1 }, { combinator: "or", rules: [{ field: "orders.total_spent", operator: "between", value: [5] }] }] }, /conditions\.rules\[1\]\.rules\[0\]\.value/],
        ["empty group", { combinator: "and", rules: [] }, /conditions/],
        ["bad combinator", { combinator: "xor", rules: [{ field: "orders.count", operator: "gt", value: 1 }] }, /conditions\.combinator/],
      ]
      it.each(cases)("%s", async (_name, conditions, path) => {
        const res = await api.post("/admin/segments", { name: "Bad", conditions }, admin).catch((e) => e.response)
        expect(res.status).toBe(400)
        expect(res.data.type).toBe("invalid_data")
        expect(res.data.message).toMatch(path)
        const preview = await api.post("/admin/segments/preview", { conditions }, admin).catch((e) => e.response)
        expect(preview.status).toBe(400)
        expect(preview.data.message).toMatch(path)
        const { data: list } = await api.get("/admin/segments", admin)
        expect(list.count).toBe(0) // nothing half-created
      })

      it("rejects trees deeper than 5 levels and more than 100 rules", async () => {
        let deep: any = { field: "orders.count", operator: "gt", value: 1 }
        for (let i = 0; i < 6; i++) deep = { combinator: "and", rules: [deep] }
        const tooDeep = await api.post("/admin/segments", { name: "Deep", conditions: deep }, admin).catch((e) => e.response)
        expect(tooDeep.status).toBe(400)
        expect(tooDeep.data.message).toMatch(/depth|deep|level/i)
        const many = { combinator: "or", rules: Array.from({ length: 101 }, (_, i) => ({ field: "orders.count", operator: "eq", value: i })) }
        const tooMany = await api.post("/admin/segments", { name: "Many", conditions: many }, admin).catch((e) => e.response)
        expect(tooMany.status).toBe(400)
        expect(tooMany.data.message).toMatch(/100/)
      })

      it("rejects conditions on a manual segment, missing conditions on a rules one, unknown keys, a duplicate handle, an unknown group", async () => {
        const bad = async (body: any, re: RegExp) => {
          const res = await api.post("/admin/segments", body, admin).catch((e) => e.response)
          expect([res.status, res.data.message]).toEqual([400, expect.stringMatching(re)])
        }
        await bad({ name: "M", membership: "manual", conditions: domainRule(["acme.com"]) }, /manual segment has no conditions/)
        await bad({ name: "R" }, /needs conditions/)
        await bad({ name: "R", conditions: domainRule(["acme.com"]), colour: "red" }, /colour/)
        await bad({ name: "", conditions: domainRule(["acme.com"]) }, /name/)
        await bad({ name: "G", conditions: domainRule(["acme.com"]), customer_group_id: "cusgroup_nope" }, /customer group cusgroup_nope/)
        await api.post("/admin/segments", { name: "Twice", conditions: domainRule(["acme.com"]) }, admin)
        await bad({ name: "Twice", conditions: domainRule(["acme.com"]) }, /handle.*already exists/)
      })

      it("rejects a reference to an unknown segment and a cycle of segment-of-segment conditions", async () => {
        const ref = (id: string) => ({ combinator: "and", rules: [{ field: "segment.member_of", operator: "in", value: [id] }] })
        const unknown = await api.post("/admin/segments", { name: "U", conditions: ref("cseg_nope") }, admin).catch((e) => e.response)
        expect([unknown.status, unknown.data.message]).toEqual([400, expect.stringMatching(/cseg_nope/)])
        const { data: a } = await api.post("/admin/segments", { name: "A", conditions: domainRule(["acme.com"]) }, admin)
        const { data: b } = await api.post("/admin/segments", { name: "B", conditions: ref(a.segment.id) }, admin)
        expect(b.segment.customer_count).toBe(2)
        const cycle = await api.post(`/admin/segments/${a.segment.id}`, { conditions: ref(b.segment.id) }, admin).catch((e) => e.response)
        expect([cycle.status, cycle.data.message]).toEqual([400, expect.stringMatching(/cycle/)])
        const self = await api.post(`/admin/segments/${a.segment.id}`, { conditions: ref(a.segment.id) }, admin).catch((e) => e.response)
        expect(self.status).toBe(400)
        // A is still what it was
        const { data: still } = await api.get(`/admin/segments/${a.segment.id}`, admin)
        expect(still.segment.conditions).toEqual(expect.objectContaining({ combinator: "and" }))
        expect(still.segment.conditions.rules[0].field).toBe("customer.email_domain")
        // and A cannot be deleted while B uses it
        const del = await api.delete(`/admin/segments/${a.segment.id}`, admin).catch((e) => e.response)
        expect(del.status).toBe(400)
      })

      it("answers 404 for unknown segments and 400 for bad member edits", async () => {
        expect((await api.get("/admin/segments/cseg_nope", admin).catch((e) => e.response)).status).toBe(404)
        expect((await api.post("/admin/segments/cseg_nope/refresh", {}, admin).catch((e) => e.response)).status).toBe(404)
        const { data } = await api.post("/admin/segments", { name: "Hand picked", membership: "manual", refresh_mode: "manual" }, admin)
        const id = data.segment.id
        const empty = await api.post(`/admin/segments/${id}/customers`, {}, admin).catch((e) => e.response)
        expect(empty.status).toBe(400)
        const unknown = await api.post(`/admin/segments/${id}/customers`, { add: [customers.ann, "cus_nope"] }, admin).catch((e) => e.response)
        expect([unknown.status, unknown.data.message]).toEqual([400, expect.stringMatching(/cus_nope/)])
        const both = await api.post(`/admin/segments/${id}/customers`, { add: [customers.ann], remove: [customers.ann] }, admin).catch((e) => e.response)
        expect(both.status).toBe(400)
        const auto = await api.post(`/admin/segments/${id}/customers`, { mark_auto: [customers.ann] }, admin).catch((e) => e.response)
        expect(auto.status).toBe(400)
        expect(await members(id)).toEqual({}) // nothing half-applied
      })

      it("refuses requests without an admin", async () => {
        for (const [method, url] of [["get", "/admin/segments"], ["post", "/admin/segments/preview"], ["get", "/admin/segments/templates"], ["get", `/admin/customers/${customers.ann}/segments`]]) {
          const res = await (api as any)[method](url, method === "post" ? {} : undefined).catch((e: any) => e.response)
          expect([url, res.status]).toEqual([url, 401])
        }
      })
    })

    describe("manual and auto members through refreshes", () => {
      it("keeps manual members, drops auto ones that stop matching, re-adds removed ones that still match", async () => {
        const { data } = await api.post("/admin/segments", { name: "Acme", conditions: domainRule(["acme.com"]), refresh_mode: "manual" }, admin)
        const id = data.segment.id
        expect(await members(id)).toEqual({ [customers.ann]: "auto", [customers.bob]: "auto" })

        const { data: marked } = await api.post(`/admin/segments/${id}/customers`, { mark_manual: [customers.bob] }, admin)
        expect(marked.marked_manual).toBe(1)
        await setActivity([["bob", "bob@elsewhere.net"], ["ann", "ann@elsewhere.net"]])
        const { data: r1 } = await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(r1).toEqual(expect.objectContaining({ added: 0, removed: 1, size: 1 }))
        expect(typeof r1.duration_ms).toBe("number")
        expect(await members(id)).toEqual({ [customers.bob]: "manual" })

        await api.post(`/admin/segments/${id}/customers`, { mark_auto: [customers.bob] }, admin)
        const { data: r2 } = await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(r2).toEqual(expect.objectContaining({ added: 0, removed: 1, size: 0 }))

        await setActivity([["ann", "ann@acme.com"]])
        await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(await members(id)).toEqual({ [customers.ann]: "auto" })
        await api.post(`/admin/segments/${id}/customers`, { remove: [customers.ann] }, admin)
        expect(await members(id)).toEqual({})
        const { data: r3 } = await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(r3.added).toBe(1) // still matches: back as auto
        expect(await members(id)).toEqual({ [customers.ann]: "auto" })

        // adding by hand someone who does not match keeps them through refreshes
        await api.post(`/admin/segments/${id}/customers`, { add: [customers.cid] }, admin)
        await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(await members(id)).toEqual({ [customers.ann]: "auto", [customers.cid]: "manual" })
        expect(await members(id, "&source=manual")).toEqual({ [customers.cid]: "manual" })

        const { data: evo } = await api.get(`/admin/segments/${id}/evolution`, admin)
        expect(evo.snapshots.map((s: any) => [s.size, s.added, s.removed])).toEqual([
          [2, 2, 0],
          [1, 0, 1],
          [0, 0, 1],
          [1, 1, 0],
          [1, 1, 0],
          [2, 0, 0],
        ])
        const { data: seg } = await api.get(`/admin/segments/${id}`, admin)
        expect(seg.segment).toEqual(expect.objectContaining({ customer_count: 2, manual_count: 1 }))
      })

      it("switching a rules segment to manual keeps its members, now manual; switching back refreshes", async () => {
        const { data } = await api.post("/admin/segments", { name: "Acme", conditions: domainRule(["acme.com"]), refresh_mode: "manual" }, admin)
        const id = data.segment.id
        const { data: manual } = await api.post(`/admin/segments/${id}`, { membership: "manual" }, admin)
        expect(manual.segment).toEqual(expect.objectContaining({ membership: "manual", conditions: null, customer_count: 2, manual_count: 2 }))
        expect(await members(id)).toEqual({ [customers.ann]: "manual", [customers.bob]: "manual" })
        const { data: rules } = await api.post(`/admin/segments/${id}`, { membership: "rules", conditions: domainRule(["other.org"]) }, admin)
        expect(rules.segment.customer_count).toBe(3) // manual members stay, cid joins
        expect(await members(id)).toEqual({ [customers.ann]: "manual", [customers.bob]: "manual", [customers.cid]: "auto" })
      })

      it("a manual segment only changes by hand", async () => {
        const { data } = await api.post("/admin/segments", { name: "Picked", membership: "manual", refresh_mode: "manual" }, admin)
        const id = data.segment.id
        const { data: added } = await api.post(`/admin/segments/${id}/customers`, { add: [customers.ann, customers.cid] }, admin)
        expect(added.added).toBe(2)
        await api.post(`/admin/segments/${id}/refresh`, {}, admin)
        expect(await members(id)).toEqual({ [customers.ann]: "manual", [customers.cid]: "manual" })
        await api.post(`/admin/segments/${id}/customers`, { remove: [customers.cid] }, admin)
        expect(await members(id)).toEqual({ [customers.ann]: "manual" })
      })
    })

    describe("reading members", () => {
      it("exports CSV safe against formula injection, and JSON and XML", async () => {
        const { data } = await api.post("/admin/segments", { name: "All", conditions: { combinator: "and", rules: [{ field: "customer.email", operator: "is_set" }] } }, admin)
        const id = data.segment.id
        const csv = await api.get(`/admin/segments/${id}/export?format=csv`, admin)
        expect(csv.headers["content-type"]).toMatch(/text\/csv/)
        const lines = csv.data.trim().split("\r\n")
        expect(lines[0]).toBe("id,email,first_name,last_name,phone,has_account,source,added_at")
        expect(lines).toHaveLength(4)
        const evil = lines.find((l: string) => l.includes("HYPERLINK"))
        expect(evil).toContain(`"'=HYPERLINK(""http://evil"")"`)
        const json = await api.get(`/admin/segments/${id}/export?format=json`, admin)
        expect(json.data.map((r: any) => r.email).sort()).toEqual(["ann@acme.com", "bob@acme.com", "cid@other.org"])
        const xml = await api.get(`/admin/segments/${id}/export?format=xml`, admin)
        expect(xml.data).toContain("<customers>")
        expect((xml.data.match(/<customer>/g) ?? []).length).toBe(3)
        const bad = await api.get(`/admin/segments/${id}/export?format=pdf`, admin).catch((e) => e.response)
        expect(bad.status).toBe(400)
      })

      it("shows a customer's segments to the admin, and to the customer only their storefront-visible ones", async () => {
        const container = getContainer()
        const publishable = await createPublishableKeyHeaders(container)
        const { customer, headers } = await registerStoreCustomer(api, publishable, { email: "dee@acme.com" })
        await service.replaceCustomerActivity({ customer_ids: [customer.id], activities: [activityRow(customer.id, { email: "dee@acme.com" })], orders: [], purchases: [] })
        const { data: visible } = await api.post("/admin/segments", { name: "Acme club", conditions: domainRule(["acme.com"]), storefront_visible: true }, admin)
        const { data: hidden } = await api.post("/admin/segments", { name: "Internal acme", conditions: domainRule(["acme.com"]) }, admin)

        const { data: forAdmin } = await api.get(`/admin/customers/${customer.id}/segments`, admin)
        expect(forAdmin.segments.map((s: any) => s.id).sort()).toEqual([visible.segment.id, hidden.segment.id].sort())

        const { data: mine } = await api.get("/store/customers/me/segments", { headers })
        expect(mine.segments).toEqual([{ id: visible.segment.id, name: "Acme club", handle: "acme-club", description: null }])
        const anonymous = await api.get("/store/customers/me/segments", { headers: publishable }).catch((e) => e.response)
        expect(anonymous.status).toBe(401)
      })
    })
  },
})
