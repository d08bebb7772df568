import { integrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("skeleton", () => {
      it("registers the module", async () => {
        expect(getContainer().hasRegistration("customerSegment")).toBe(true)
      })
      it("refuses unauthenticated", async () => {
        const res = await api.get("/admin/segments").catch((e) => e.response)
        expect(res.status).toBe(401)
      })
    })
  },
})
