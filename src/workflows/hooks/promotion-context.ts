import path from "path"
import { container } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  computeAdjustmentsForPreviewWorkflow,
  computeDraftOrderAdjustmentsWorkflow,
  updateCartPromotionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { CUSTOMER_SEGMENT_MODULE } from "../../modules/customer-segment"
import { DEFAULT_OPTIONS } from "../../modules/customer-segment/types"
import type CustomerSegmentModuleService from "../../modules/customer-segment/service"
import { segmentPromotionContextHandler } from "../../hooks/segment-promotion-context"

/**
 * Registers the segment promotion context on every `setPromotionContext` hook
 * of Medusa's core flows, unless the store turned it off with the plugin option
 * `register_promotion_hooks: false` (Medusa allows one handler per hook; a store
 * with its own handler combines both, see docs/promotions.md).
 */

type HookedWorkflow = { hooks: { setPromotionContext: (handler: typeof segmentPromotionContextHandler) => void } }

function promotionHooksEnabled(): boolean {
  // Workflows load after the modules, so the module and its options are there.
  try {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE, { allowUnregistered: true })
    if (service?.getOptions) return service.getOptions().register_promotion_hooks !== false
  } catch {
    // fall through
  }
  try {
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true }) as any
    const entry = config?.modules?.[CUSTOMER_SEGMENT_MODULE]
    if (entry && typeof entry === "object" && entry.options?.register_promotion_hooks === false) return false
  } catch {
    // fall through
  }
  return DEFAULT_OPTIONS.register_promotion_hooks
}

/**
 * `refreshDraftOrderAdjustmentsWorkflow` (run by `createOrderWorkflow` when an
 * admin creates a draft order) has the hook too but is not exported by
 * core-flows; it is reached by its file in the installed core-flows package,
 * the very module instance `createOrderWorkflow` uses. Skipped if a future
 * version moves it.
 */
function internalDraftOrderRefreshWorkflow(): HookedWorkflow | undefined {
  try {
    const medusaCoreFlows = require.resolve("@medusajs/medusa/core-flows")
    const coreFlowsMain = require.resolve("@medusajs/core-flows", { paths: [path.dirname(medusaCoreFlows)] })
    const file = path.join(path.dirname(coreFlowsMain), "draft-order", "workflows", "refresh-draft-order-adjustments.js")
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file)
    return mod?.refreshDraftOrderAdjustmentsWorkflow?.hooks?.setPromotionContext ? mod.refreshDraftOrderAdjustmentsWorkflow : undefined
  } catch {
    return undefined
  }
}

if (promotionHooksEnabled()) {
  const workflows: Array<HookedWorkflow | undefined> = [
    updateCartPromotionsWorkflow as unknown as HookedWorkflow,
    computeDraftOrderAdjustmentsWorkflow as unknown as HookedWorkflow,
    computeAdjustmentsForPreviewWorkflow as unknown as HookedWorkflow,
    internalDraftOrderRefreshWorkflow(),
  ]
  for (const workflow of workflows) {
    workflow?.hooks.setPromotionContext(segmentPromotionContextHandler)
  }
}
