import { integrationTestRunner } from "../../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import { createAdminHeaders } from "../../helpers/admin"

jest.setTimeout(180 * 1000)

/**
 * Defects found by probing the admin API as a merchant would (cases the other
 * suites did not cover), one test each: the request that misbehaved and what
 * SPEC §3 / §6 expect instead.
 */

const rule = (field: string, operator: string, value?: unknown) => ({ field, operator, ...(value !== undefined ? { value } : {}) })
const tree = (...rules: unknown[]) => ({ combinator: "and", rules })
const spent = tree(rule("orders.count", "gte", 1))

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    const post = (path: string, body: unknown) => api.post(path, body, admin).catch((e: any) => e.response)

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    it("refuses a date whose instant is past 9999-12-31 UTC with a 400, not a 500", async () => {
      // 9999-12-31T23:59:59-12:00 is 10000-01-01T11:59:59Z: JavaScript holds it, PostgreSQL's timestamptz input does not
      for (const conditions of [
        tree(rule("orders.last_order_at", "before", "9999-12-31T23:59:59-12:00")),
        tree(rule("customer.created_at", "between", ["2020-01-01", "9999-12-31T20:00-12:00"])),
      ]) {
        const preview = await post("/admin/segments/preview", { conditions })
        expect([preview.status, preview.data.message]).toEqual([400, expect.stringMatching(/conditions\.rules\[0\]\.value.*9999/)])
        const created = await post("/admin/segments", { name: "Far future", conditions })
        expect([created.status, created.data.message]).toEqual([400, expect.stringMatching(/conditions\.rules\[0\]\.value/)])
      }
      // the last instant PostgreSQL and the ISO format both hold still works
      const ok = await post("/admin/segments/preview", { conditions: tree(rule("orders.last_order_at", "before", "9999-12-31T23:59:59Z")) })
      expect(ok.status).toBe(200)
    })

    it("refuses to turn a realtime segment manual without changing its refresh mode, as a create would", async () => {
      const { data } = await post("/admin/segments", { name: "Live", conditions: spent, refresh_mode: "realtime" })
      const res = await post(`/admin/segments/${data.segment.id}`, { membership: "manual", conditions: null })
      expect([res.status, res.data.message]).toEqual([400, expect.stringMatching(/refresh_mode: a manual segment cannot refresh in real time/)])
      const { data: after } = await api.get(`/admin/segments/${data.segment.id}`, admin)
      expect([after.segment.membership, after.segment.refresh_mode]).toEqual(["rules", "realtime"])

      const both = await post(`/admin/segments/${data.segment.id}`, { membership: "manual", conditions: null, refresh_mode: "manual" })
      expect(both.status).toBe(200)
      expect([both.data.segment.membership, both.data.segment.refresh_mode]).toEqual(["manual", "manual"])

      // a segment stored manual and realtime before this check still takes other edits
      const service = getContainer().resolve(CUSTOMER_SEGMENT_MODULE) as any
      await service.updateSegments([{ id: data.segment.id, refresh_mode: "realtime" }])
      const renamed = await post(`/admin/segments/${data.segment.id}`, { is_active: false })
      expect([renamed.status, renamed.data.segment?.is_active]).toEqual([200, false])
    })

    it("still saves a segment whose customer group was deleted since: the group is detached, the form's edit goes through", async () => {
      const customerModule = getContainer().resolve(Modules.CUSTOMER)
      const [group] = await customerModule.createCustomerGroups([{ name: "Gone soon" }])
      const { data } = await post("/admin/segments", { name: "Grouped", conditions: spent, customer_group_id: group.id })
      await api.delete(`/admin/customer-groups/${group.id}`, admin)
      // the segment lets go of the group (a subscriber of the customer module's event)
      const deadline = Date.now() + 30_000
      let stored: string | null = group.id
      while (stored && Date.now() < deadline) {
        stored = (await api.get(`/admin/segments/${data.segment.id}`, admin)).data.segment.customer_group_id
        if (stored) await new Promise((r) => setTimeout(r, 200))
      }
      expect(stored).toBeNull()

      // what the admin's edit form sends: every field, the stored group (none now) included
      const res = await post(`/admin/segments/${data.segment.id}`, { name: "Grouped again", customer_group_id: stored })
      expect([res.status, res.data.segment?.name]).toEqual([200, "Grouped again"])
      // a deleted group chosen anew is still refused
      const { data: other } = await post("/admin/segments", { name: "Other", conditions: spent })
      const moved = await post(`/admin/segments/${other.segment.id}`, { customer_group_id: group.id })
      expect([moved.status, moved.data.message]).toEqual([400, expect.stringMatching(/customer group .* does not exist/)])
    })

    it("gives segments whose names have no Latin letters or digits distinct handles", async () => {
      const handles: string[] = []
      for (const name of ["日本", "Постоянные клиенты", "☃"]) {
        const res = await post("/admin/segments", { name, conditions: spent })
        expect([res.status, res.data.segment?.name]).toEqual([200, name])
        handles.push(res.data.segment.handle)
      }
      expect(handles).toEqual(["segment", "segment-2", "segment-3"])
      // a handle derived from a Latin name still clashes as before: the merchant picks another name or handle
      await post("/admin/segments", { name: "Twice", conditions: spent })
      const twice = await post("/admin/segments", { name: "Twice", conditions: spent })
      expect([twice.status, twice.data.message]).toEqual([400, expect.stringMatching(/handle.*already exists/)])
    })

    it("names a missing or malformed condition tree once: conditions: expected a group", async () => {
      for (const body of [{}, { conditions: null }, { conditions: "and" }]) {
        const res = await post("/admin/segments/preview", body)
        expect([res.status, res.data.message]).toEqual([400, "conditions: expected a group ({ combinator, rules })"])
      }
    })

    it("shows the newest snapshots in the evolution once a segment has more than 1000, oldest first", async () => {
      const { data } = await post("/admin/segments", { name: "Old", membership: "manual" })
      const service = getContainer().resolve(CUSTOMER_SEGMENT_MODULE) as any
      const start = Date.UTC(2023, 0, 1)
      // 1,005 daily refreshes from 2023 on
      await service.createSegmentSnapshots(
        Array.from({ length: 1005 }, (_, i) => ({ segment_id: data.segment.id, at: new Date(start + i * 86_400_000), size: i, added: 0, removed: 0, manual: i }))
      )
      const { data: evolution } = await api.get(`/admin/segments/${data.segment.id}/evolution`, admin)
      const all = await service.listSegmentSnapshots({ segment_id: data.segment.id }, { select: ["at"], order: { at: "ASC" } })
      expect(all.length).toBeGreaterThanOrEqual(1005)
      expect(evolution.snapshots.map((s: any) => new Date(s.at).getTime())).toEqual(all.slice(-1000).map((s: any) => new Date(s.at).getTime()))
    })

    it("does not expand a segment's members through fields (they are paged at /customers)", async () => {
      const customerModule = getContainer().resolve(Modules.CUSTOMER)
      const [customer] = await customerModule.createCustomers([{ email: "member@probe.test" }])
      const { data } = await post("/admin/segments", { name: "With members", membership: "manual" })
      await post(`/admin/segments/${data.segment.id}/customers`, { add: [customer.id] })
      for (const fields of ["*members", "members.customer_id", "+members.*"]) {
        const { data: list } = await api.get(`/admin/segments?fields=${encodeURIComponent(fields)}`, admin)
        const { data: one } = await api.get(`/admin/segments/${data.segment.id}?fields=${encodeURIComponent(fields)}`, admin)
        expect([list.segments[0].members, one.segment.members]).toEqual([undefined, undefined])
      }
      const { data: named } = await api.get(`/admin/segments/${data.segment.id}?fields=id,name`, admin)
      expect(named.segment).toEqual(expect.objectContaining({ id: data.segment.id, name: "With members" }))
      // no next refresh without the refresh mode it follows from (null would read "never")
      expect(named.segment).not.toHaveProperty("next_refresh_at")
      const { data: mode } = await api.get(`/admin/segments/${data.segment.id}?fields=id,refresh_mode`, admin)
      expect(mode.segment).toHaveProperty("next_refresh_at")
    })

    it("refuses in previews the segment.member_of rules a save refuses: unknown segments, the edited segment itself", async () => {
      const { data } = await post("/admin/segments", { name: "Source", conditions: spent })
      const source = data.segment.id as string
      const unknown = tree(rule("segment.member_of", "in", ["cseg_does_not_exist"]))
      for (const path of ["/admin/segments/preview", `/admin/segments/${source}/preview`]) {
        const res = await post(path, { conditions: unknown })
        expect([path, res.status, res.data.message]).toEqual([path, 400, "conditions.rules[0].value: segment cseg_does_not_exist does not exist"])
      }
      const self = await post(`/admin/segments/${source}/preview`, { conditions: tree(rule("segment.member_of", "in", [source])) })
      expect([self.status, self.data.message]).toEqual([400, expect.stringMatching(/cycle through segment/)])
      // naming another segment that exists previews as before
      const ok = await post("/admin/segments/preview", { conditions: tree(rule("segment.member_of", "in", [source])) })
      expect(ok.status).toBe(200)
    })

    it("refuses bad limit and offset on the customer_segment rule values with a 400, not a 500", async () => {
      const url = "/admin/promotions/rule-value-options/rules/customer_segment"
      for (const [query, message] of [
        ["limit=-1", /limit must be at least 1/],
        ["offset=-5", /offset must be at least 0/],
        ["limit=1e9", /limit must be at most 1000/],
      ] as const) {
        const res = await api.get(`${url}?${query}`, admin).catch((e: any) => e.response)
        expect([res.status, res.data.message]).toEqual([400, expect.stringMatching(message)])
      }
      await post("/admin/segments", { name: "Listed", membership: "manual" })
      const { data } = await api.get(`${url}?limit=10&offset=0`, admin)
      expect(data.values.map((v: any) => v.label)).toEqual(["Listed"])
    })
  },
})
