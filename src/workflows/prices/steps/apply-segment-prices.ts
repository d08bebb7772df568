import { generateEntityId, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { createPriceListPricesWorkflow, removePriceListPricesWorkflow } from "@medusajs/medusa/core-flows"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const applySegmentPricesStepId = "apply-customer-segment-prices"

/** Up to this many prices to write, Medusa's price-list workflows write them; above, set-based SQL does. */
export const WORKFLOW_LIMIT = 2000
/** Prices per write (a workflow run, or a transaction of the set-based path). */
export const PRICE_CHUNK = 10_000

export type ApplySegmentPricesResult = { created: number; deleted: number; chunks: number; path: "none" | "workflow" | "sql" }
type Undo = { price_list_id: string | null; path: "workflow" | "sql"; created: string[]; deleted: string[]; deleted_at: string | null }

async function undo(container: any, done: Undo) {
  if (!done.price_list_id || (!done.created.length && !done.deleted.length)) return
  if (done.path === "workflow") {
    const pricing = container.resolve(Modules.PRICING)
    if (done.created.length) await pricing.removePrices(done.created)
    if (done.deleted.length) await pricing.restorePrices(done.deleted)
    return
  }
  const service = container.resolve(CUSTOMER_SEGMENT_MODULE) as CustomerSegmentModuleService
  await service.undoPriceListWrites(done.price_list_id, done.created, done.deleted_at ? { ids: done.deleted, at: done.deleted_at } : null)
}

/**
 * Recomputes the segment's prices set-based (one SQL statement gives the
 * difference with what the price list holds) and writes the difference:
 * - a small one (a product or variant event, a rule on a few products: up to
 *   2,000 prices) through Medusa's `removePriceListPricesWorkflow` and
 *   `createPriceListPricesWorkflow`, in chunks (not `batchPriceListPricesWorkflow`:
 *   in 2.21.2 its empty create or update part reads every variant's price-set
 *   link, 10 s a run at 50,000 variants here);
 * - a large one (a rule for the whole catalogue) straight into the pricing
 *   module's tables, in transactions of 10,000 prices: Medusa's workflow
 *   writes about 5,000 prices in 2 s here (one entity at a time through the
 *   ORM); set-based, 100,000 take about 10 s. The
 *   price list is then touched through the pricing module, which clears its
 *   cache of rule attributes as its own writes do.
 * A price whose amount changed is replaced (removed, created again): Medusa
 * 2.21.2's `updatePriceListPricesStep` does not restore amounts when it
 * compensates. If a chunk fails, the chunks written before it are undone and
 * the step fails; the compensation undoes them all.
 */
export const applySegmentPricesStep = createStep(
  applySegmentPricesStepId,
  async (
    input: { segment_id: string; price_list_id: string | null; product_ids?: string[] | null; chunk_size?: number; workflow_limit?: number },
    { container }
  ) => {
    const result: ApplySegmentPricesResult = { created: 0, deleted: 0, chunks: 0, path: "none" }
    if (!input.price_list_id) return new StepResponse(result, null)
    const priceListId = input.price_list_id
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const diff = await service.diffSegmentPrices(input.segment_id, priceListId, input.product_ids ?? null)
    const writes = diff.create.length + diff.delete.length
    if (!writes) return new StepResponse(result, null)
    const path = writes <= (input.workflow_limit ?? WORKFLOW_LIMIT) ? "workflow" : "sql"
    const size = Math.max(1, input.chunk_size ?? PRICE_CHUNK)
    const done: Undo = { price_list_id: priceListId, path, created: [], deleted: [], deleted_at: null }
    result.path = path
    try {
      if (path === "workflow") {
        for (let i = 0; i < diff.delete.length; i += size) {
          const ids = diff.delete.slice(i, i + size)
          await removePriceListPricesWorkflow(container).run({ input: { ids } })
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
          const { result: written } = await createPriceListPricesWorkflow(container).run({
            input: { data: [{ id: priceListId, prices: create }] },
          })
          done.created.push(...(written ?? []).map((p: any) => p.id))
          result.chunks++
        }
      } else {
        const at = new Date()
        done.deleted_at = at.toISOString()
        const rows = diff.create.map((p) => ({
          ...p,
          id: generateEntityId(undefined, "price"),
          rule_id: p.region_id ? generateEntityId(undefined, "prule") : null,
        }))
        for (let i = 0; i < Math.max(diff.delete.length, rows.length); i += size) {
          const remove = diff.delete.slice(i, i + size)
          const insert = rows.slice(i, i + size)
          await service.writePriceListChunk(priceListId, { remove, insert, at })
          done.deleted.push(...remove)
          done.created.push(...insert.map((r) => r.id))
          result.chunks++
        }
        // Through the pricing module: it forgets its cached rule attributes (a region rule may be new).
        await container.resolve(Modules.PRICING).updatePriceLists([{ id: priceListId }])
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
    if (!done) return
    await undo(container, done)
  }
)
