import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { ComputedActivity, computeCustomerActivity } from "../utils/compute-customer-activity"
import { readSourcesWithQuery } from "../utils/read-sources-query"
import { readSourcesWithSql } from "../utils/read-sources-sql"

export type CollectCustomerActivityStepInput = {
  customer_ids: string[]
  /** Overrides the module's `activity_source` option (tests compare the two). */
  source?: "sql" | "query"
}

export const collectCustomerActivityStepId = "collect-customer-activity"

/**
 * Reads the customers, their non-draft orders, the products those orders
 * bought and their open carts (from Medusa's tables, or through Query with
 * `activity_source: "query"`) and computes their activity rows. Reads only:
 * nothing to compensate.
 */
export const collectCustomerActivityStep = createStep(
  collectCustomerActivityStepId,
  async (input: CollectCustomerActivityStepInput, { container }) => {
    const ids = [...new Set(input.customer_ids ?? [])].filter(Boolean)
    if (!ids.length) {
      return new StepResponse<ComputedActivity>({ customer_ids: [], activities: [], orders: [], purchases: [] })
    }
    const source =
      input.source ?? container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE).getOptions().activity_source
    const sources =
      source === "query"
        ? await readSourcesWithQuery(container.resolve(ContainerRegistrationKeys.QUERY), ids)
        : await readSourcesWithSql(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), ids)

    const computed = computeCustomerActivity({ customer_ids: ids, ...sources, computed_at: new Date() })
    return new StepResponse(computed)
  }
)
