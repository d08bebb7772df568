import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { batchPriceListPricesWorkflow } from "@medusajs/medusa/core-flows"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const applySegmentPricesStepId = "apply-customer-segment-prices"

/** Prices written per run of Medusa's price-list workflow. */
export const PRICE_CHUNK = 5000

export type ApplySegmentPricesResult = { created: number; deleted: number; chunks: number }
type Undo = { created: string[]; deleted: string[] }

async function undo(container: any, done: Undo) {
  const pricing = container.resolve(Modules.PRICING)
  if (done.created.length) await pricing.removePrices(done.created)
  if (done.deleted.length) await pricing.restorePrices(done.deleted)
}

/**
 * Recomputes the segment's prices set-based (one SQL statement gives the
 * difference with what the price list holds) and writes the difference in
 * chunks through Medusa's `batchPriceListPricesWorkflow`. A price whose amount
 * changed is replaced (removed, created again): Medusa 2.21.2's
 * `updatePriceListPricesStep` does not restore amounts when it compensates,
 * its remove and create steps do. If a chunk fails, the chunks written before
 * it are undone and the step fails; the compensation undoes them all.
 */
export const applySegmentPricesStep = createStep(
  applySegmentPricesStepId,
  async (
    input: { segment_id: string; price_list_id: string | null; product_ids?: string[] | null; chunk_size?: number },
    { container }
  ) => {
    const done: Undo = { created: [], deleted: [] }
    const result: ApplySegmentPricesResult = { created: 0, deleted: 0, chunks: 0 }
    if (!input.price_list_id) return new StepResponse(result, done)
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const diff = await service.diffSegmentPrices(input.segment_id, input.price_list_id, input.product_ids ?? null)
    const size = Math.max(1, input.chunk_size ?? PRICE_CHUNK)
    try {
      for (let i = 0; i < diff.delete.length; i += size) {
        const ids = diff.delete.slice(i, i + size)
        await batchPriceListPricesWorkflow(container).run({ input: { data: { id: input.price_list_id, create: [], update: [], delete: ids } } })
        done.deleted.push(...ids)
        result.chunks++
      }
      for (let i = 0; i < diff.create.length; i += size) {
        const create = diff.create.slice(i, i + size).map((p) => ({
          variant_id: p.variant_id,
          currency_code: p.currency_code,
          amount: p.amount,
          min_quantity: p.min_quantity,
          max_quantity: p.max_quantity,
          rules: (p.region_id ? { region_id: p.region_id } : {}) as Record<string, string>,
        }))
        const { result: written } = await batchPriceListPricesWorkflow(container).run({
          input: { data: { id: input.price_list_id, create, update: [], delete: [] } },
        })
        done.created.push(...(written.created ?? []).map((p: any) => p.id))
        result.chunks++
      }
    } catch (e) {
      await undo(container, done)
      throw e
    }
    result.created = done.created.length
    result.deleted = done.deleted.length
    return new StepResponse(result, done)
  },
  async (done, { container }) => {
    if (!done || (!done.created.length && !done.deleted.length)) return
    await undo(container, done)
  }
)
