import { integrationTestRunner } from "../../helpers/runner"
import { createCustomer } from "../../../demo/fixtures"
import { createAdminHeaders } from "../../helpers/admin"
import { groupMembers, waitFor } from "./helpers"

jest.setTimeout(240 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it("changing a segment's group moves the customers the plugin placed, and leaves hand-placed ones", async () => {
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const group = async (name: string) => (await api.post("/admin/customer-groups", { name }, admin)).data.customer_group.id as string
      const [first, second] = [await group("First"), await group("Second")]
      const alo = await createCustomer(container, { email: "alo@example.com", first_name: "Alo" })
      const mia = await createCustomer(container, { email: "mia@example.com", first_name: "Mia" })
      // Mia is in the first group by the merchant's hand, before any segment.
      await api.post(`/admin/customer-groups/${first}/customers`, { add: [mia.id] }, admin)

      const { data } = await api.post(
        "/admin/segments",
        { name: "Picked", membership: "manual", refresh_mode: "manual", customer_group_id: first },
        admin
      )
      const segmentId = data.segment.id
      await api.post(`/admin/segments/${segmentId}/customers`, { add: [alo.id, mia.id] }, admin)
      await waitFor(async () => (await groupMembers(container, first))[alo.id] === 1, { what: "alo in the first group" })

      await api.post(`/admin/segments/${segmentId}`, { customer_group_id: second }, admin)
      const { value } = await waitFor(
        async () => {
          const [a, b] = [await groupMembers(container, first), await groupMembers(container, second)]
          return !a[alo.id] && b[alo.id] === 1 && b[mia.id] === 1 ? { a, b } : null
        },
        { what: "both in the second group, alo out of the first" }
      )
      expect(value.a).toEqual({ [mia.id]: 1 }) // the merchant's own placement stays
      expect(value.b).toEqual({ [alo.id]: 1, [mia.id]: 1 })
    })
  },
})
