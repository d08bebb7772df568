import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"

export const recordSegmentPriceListStepId = "record-customer-segment-price-list"

type Fields = { price_list_id?: string | null; customer_group_id?: string | null; group_created?: boolean }

/**
 * Creates or changes the segment's price-list record (which price list, which
 * group, whether the plugin made the group); `remove` deletes it. The
 * compensation puts the record back as it was.
 */
export const recordSegmentPriceListStep = createStep(
  recordSegmentPriceListStepId,
  async (input: { segment_id: string; set?: Fields; remove?: boolean }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const [before] = (await service.listSegmentPriceLists({ segment_id: input.segment_id }, { take: 1 })) as any[]
    if (input.remove) {
      if (before) await service.softDeleteSegmentPriceLists([before.id])
      return new StepResponse(null, { before: before ?? null, created: null as string | null })
    }
    if (!input.set) return new StepResponse(before ?? null, { before: null, created: null })
    if (before) {
      const updated = await service.updateSegmentPriceLists({ id: before.id, ...input.set })
      return new StepResponse(updated, { before, created: null })
    }
    const created = await service.createSegmentPriceLists({ segment_id: input.segment_id, ...input.set })
    return new StepResponse(created, { before: null, created: created.id as string })
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    if (undo.created) await service.deleteSegmentPriceLists([undo.created])
    if (undo.before) {
      if (undo.before.deleted_at === null || undo.before.deleted_at === undefined) {
        await service.restoreSegmentPriceLists([undo.before.id]).catch(() => undefined)
      }
      const { id, price_list_id, customer_group_id, group_created } = undo.before
      await service.updateSegmentPriceLists({ id, price_list_id, customer_group_id, group_created })
    }
  }
)
