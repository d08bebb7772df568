import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

export const resolveEvaluationClockStepId = "resolve-segment-evaluation-clock"

/** The store's default currency: amounts in conditions are summed in it unless a rule names another. */
export async function resolveDefaultCurrency(container: MedusaContainer): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: stores } = await query.graph({
    entity: "store",
    fields: ["id", "supported_currencies.currency_code", "supported_currencies.is_default"],
  })
  const currencies = (stores[0]?.supported_currencies ?? []) as Array<{ currency_code: string; is_default?: boolean }>
  const code = currencies.find((c) => c?.is_default)?.currency_code ?? currencies[0]?.currency_code ?? "usd"
  return String(code).toLowerCase()
}

/**
 * The clock and default currency an evaluation is measured against. `now`
 * may be fixed by the caller (scheduled jobs, tests).
 */
export const resolveEvaluationClockStep = createStep(
  resolveEvaluationClockStepId,
  async (input: { now?: Date | string } | undefined, { container }) => {
    const now = input?.now ? new Date(input.now) : new Date()
    return new StepResponse({ now, defaultCurrency: await resolveDefaultCurrency(container) })
  }
)
