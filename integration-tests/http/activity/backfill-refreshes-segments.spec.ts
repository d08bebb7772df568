import { integrationTestRunner } from "../../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../src/modules/customer-segment"
import type CustomerSegmentModuleService from "../../../src/modules/customer-segment/service"
import { createSegmentsWorkflow } from "../../../src/workflows/segments/create-segments"
import { runActivityBackfill } from "../../../src/workflows/activity/activity-backfill-runner"

jest.setTimeout(180 * 1000)

integrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ getContainer, utils }) => {
    it("a finished activity build refreshes the segments that were made before the data existed", async () => {
      const container = getContainer()
      const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
      await container.resolve(Modules.CUSTOMER).createCustomers([
        { email: "a@acme.com" },
        { email: "b@acme.com" },
        { email: "c@other.org" },
      ])
      await utils.waitWorkflowExecutions()
      // As on a fresh install: no activity data yet when the segment is made.
      await service.replaceCustomerActivity({
        customer_ids: (await service.listCustomerActivities({}, { select: ["id"], take: null })).map((a: any) => a.id),
        activities: [],
        orders: [],
        purchases: [],
      })
      const { result } = await createSegmentsWorkflow(container).run({
        input: { segments: [{ name: "Acme", refresh_mode: "daily", conditions: { combinator: "and", rules: [{ field: "customer.email_domain", operator: "eq", value: "acme.com" }] } }] },
      })
      expect((await service.retrieveSegment(result[0].id)).customer_count).toBe(0)

      const run = await runActivityBackfill(container)
      expect(run.ran).toBe(true)
      expect((await service.retrieveSegment(result[0].id)).customer_count).toBe(2)
    })
  },
})
