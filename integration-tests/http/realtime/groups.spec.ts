import { integrationTestRunner } from "../../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createCustomer, createStoreBasics, placeOrder, StoreBasics } from "../../../demo/fixtures"
import { createSegmentsWorkflow } from "../../../src/workflows/segments/create-segments"
import { deleteSegmentsWorkflow } from "../../../src/workflows/segments/delete-segments"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createAdminHeaders } from "../../helpers/admin"
import { groupMembers, PARIS, segmentMembers, vipConditions, waitFor } from "./helpers"

jest.setTimeout(240 * 1000)

const firstNameIs = (name: string) => ({
  combinator: "and",
  rules: [{ field: "customer.first_name", operator: "eq", value: name }],
})

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let store: StoreBasics
    let container: MedusaContainer
    let service: CustomerSegmentModuleService

    const createSegment = async (input: Record<string, unknown>) => {
      const { result } = await createSegmentsWorkflow(container).run({ input: { segments: [{ refresh_mode: "realtime", ...input } as any] } })
      return result[0] as { id: string }
    }
    const createGroup = async (name: string) => (await api.post("/admin/customer-groups", { name }, admin)).data.customer_group as { id: string }
    const order = (customer: { id: string; email: string }) =>
      placeOrder(container, { customer, items: [{ variant_id: store.variants[0].id, quantity: 3 }], shipping_address: PARIS }) // 65 eur
    const assignments = async (groupId: string) =>
      ((await service.listSegmentGroupAssignments({ customer_group_id: groupId })) as any[]).map((a) => `${a.segment_id}:${a.customer_id}`).sort()
    const until = (what: string, probe: () => Promise<boolean>) => waitFor(probe, { what })

    beforeEach(async () => {
      container = getContainer()
      admin = await createAdminHeaders(container)
      store = await createStoreBasics(container, { productCount: 1, variantsPerProduct: 1 })
      service = container.resolve(CUSTOMER_SEGMENT_MODULE)
    })

    it("adds members to the group once, removes those it added when they leave, and never removes a customer the merchant added by hand", async () => {
      const group = await createGroup("Big buyers")
      const segment = await createSegment({ name: "Big buyers", conditions: vipConditions(50), customer_group_id: group.id })
      const manual = await createCustomer(container, { email: "manual@example.com", first_name: "Mia" })
      const auto = await createCustomer(container, { email: "auto@example.com", first_name: "Alo" })
      await api.post(`/admin/customer-groups/${group.id}/customers`, { add: [manual.id] }, admin)

      const [o1, o2] = [await order(manual), await order(auto)]
      await until("both in the segment and the group", async () => {
        const m = await groupMembers(container, group.id)
        return Object.keys(await segmentMembers(container, segment.id)).length === 2 && m[auto.id] === 1
      })
      expect(await groupMembers(container, group.id)).toEqual({ [manual.id]: 1, [auto.id]: 1 }) // never twice
      expect(await assignments(group.id)).toEqual([`${segment.id}:${auto.id}`]) // only who the plugin added

      await api.post(`/admin/orders/${o1.id}/cancel`, {}, admin)
      await api.post(`/admin/orders/${o2.id}/cancel`, {}, admin)
      await until("both out of the segment", async () => Object.keys(await segmentMembers(container, segment.id)).length === 0)
      await until("the automatic member out of the group", async () => !((auto.id) in (await groupMembers(container, group.id))))
      expect(await groupMembers(container, group.id)).toEqual({ [manual.id]: 1 })
      expect(await assignments(group.id)).toEqual([])
    })

    it("two segments feeding one group: the customer stays while either holds them; leave_group_on_exit=false keeps them", async () => {
      const group = await createGroup("Friends")
      const keep = await createGroup("Alumni")
      const spenders = await createSegment({ name: "Spenders", conditions: vipConditions(50), customer_group_id: group.id })
      const named = await createSegment({ name: "Named Vip", conditions: firstNameIs("Vip"), customer_group_id: group.id })
      const sticky = await createSegment({
        name: "Sticky",
        conditions: firstNameIs("Vip"),
        customer_group_id: keep.id,
        leave_group_on_exit: false,
      })
      const customer = await createCustomer(container, { email: "vip@example.com", first_name: "Vip" })

      await until("in the group through the name segment", async () => (await groupMembers(container, group.id))[customer.id] === 1)
      const placed = await order(customer)
      await until("in the spenders segment", async () => customer.id in (await segmentMembers(container, spenders.id)))
      await until("both segments claim the customer", async () => (await assignments(group.id)).length === 2)
      expect(await groupMembers(container, group.id)).toEqual({ [customer.id]: 1 })

      await api.post(`/admin/orders/${placed.id}/cancel`, {}, admin)
      await until("out of the spenders segment", async () => !(customer.id in (await segmentMembers(container, spenders.id))))
      await until("only the name segment claims them", async () => (await assignments(group.id)).length === 1)
      expect(await groupMembers(container, group.id)).toEqual({ [customer.id]: 1 }) // the name segment still holds them

      await api.post(`/admin/customers/${customer.id}`, { first_name: "Val" }, admin)
      await until("out of the name segment", async () => !(customer.id in (await segmentMembers(container, named.id))))
      await until("out of the group", async () => !(customer.id in (await groupMembers(container, group.id))))
      expect(await segmentMembers(container, sticky.id)).toEqual({})
      expect(await groupMembers(container, keep.id)).toEqual({ [customer.id]: 1 }) // leave_group_on_exit: false
    })

    it("deleting a segment takes the customers it put in its group out of it", async () => {
      const group = await createGroup("Newsletter")
      const segment = await createSegment({ name: "Named Nia", conditions: firstNameIs("Nia"), customer_group_id: group.id })
      const customer = await createCustomer(container, { email: "nia@example.com", first_name: "Nia" })
      await until("in the group", async () => (await groupMembers(container, group.id))[customer.id] === 1)
      await deleteSegmentsWorkflow(container).run({ input: { ids: [segment.id] } })
      await until("out of the group", async () => !(customer.id in (await groupMembers(container, group.id))))
      expect(await assignments(group.id)).toEqual([])
    })

    it("deleting the customer group in Medusa detaches it from the segments that fed it; they keep their members and take edits and new customers", async () => {
      const group = await createGroup("Old group")
      const other = await createGroup("Other group")
      const segment = await createSegment({ name: "Named Ola", conditions: firstNameIs("Ola"), customer_group_id: group.id })
      const untouched = await createSegment({ name: "Named Ola too", conditions: firstNameIs("Ola"), customer_group_id: other.id })
      const customer = await createCustomer(container, { email: "ola@example.com", first_name: "Ola" })
      // the move is done when both the group link and the plugin's record of it are written
      await until("in the group, recorded", async () => (await groupMembers(container, group.id))[customer.id] === 1 && (await assignments(group.id)).length === 1)
      await until("in the other group, recorded", async () => (await assignments(other.id)).length === 1)

      expect((await api.delete(`/admin/customer-groups/${group.id}`, admin)).status).toBe(200)
      await until("the segment no longer names the group", async () => (await service.retrieveSegment(segment.id)).customer_group_id == null)
      expect(await assignments(group.id)).toEqual([])
      expect(await segmentMembers(container, segment.id)).toEqual({ [customer.id]: "auto" })
      // only the deleted group's segments changed
      expect((await service.retrieveSegment(untouched.id)).customer_group_id).toBe(other.id)
      expect(await assignments(other.id)).toEqual([`${untouched.id}:${customer.id}`])

      // the admin form's edit and a new member go through (before, each tried a group that no longer existed)
      const edit = await api.post(`/admin/segments/${segment.id}`, { name: "Named Ola (no group)" }, admin)
      expect(edit.status).toBe(200)
      expect(edit.data.segment.customer_group_id).toBeNull()
      const second = await createCustomer(container, { email: "ola2@example.com", first_name: "Ola" })
      await until("the second one in the segment", async () => (await segmentMembers(container, segment.id))[second.id] === "auto")
      const refresh = await api.post(`/admin/segments/${segment.id}/refresh`, {}, admin)
      expect(refresh.status).toBe(200)
      expect((await service.retrieveSegment(segment.id)).last_error).toBeNull()
    })

    it("a merchant's change of a customer's groups re-evaluates realtime segments that read customer.group_ids", async () => {
      const group = await createGroup("Wholesale")
      const segment = await createSegment({
        name: "Wholesale customers",
        conditions: { combinator: "and", rules: [{ field: "customer.group_ids", operator: "in", value: [group.id] }] },
      })
      const customer = await createCustomer(container, { email: "trade@example.com", first_name: "Tess" })
      await until("activity data built", async () => (await service.loadCustomerSnapshots([customer.id])).length === 1)

      await api.post(`/admin/customer-groups/${group.id}/customers`, { add: [customer.id] }, admin)
      await until("in the segment after joining the group", async () => customer.id in (await segmentMembers(container, segment.id)))
      await api.post(`/admin/customer-groups/${group.id}/customers`, { remove: [customer.id] }, admin)
      await until("out of the segment after leaving the group", async () => !(customer.id in (await segmentMembers(container, segment.id))))
    })
  },
})
