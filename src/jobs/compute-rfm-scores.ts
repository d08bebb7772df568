import type { MedusaContainer } from "@medusajs/framework/types"
import { CUSTOMER_SEGMENT_MODULE } from "../modules/customer-segment"
import type CustomerSegmentModuleService from "../modules/customer-segment/service"
import { resolveDefaultCurrency } from "../workflows/segments/steps/resolve-evaluation-clock"

/** A store-wide RFM pass is due once its last one is this old. */
const MAX_AGE_MS = 23 * 60 * 60 * 1000

/**
 * Recomputes the RFM quintiles and every customer's scores when the last pass
 * is older than 23 hours (or never ran): recency moves with time alone, and
 * other customers' orders move everyone's quintile. Between passes, a
 * customer's own orders rescore them at once against the stored quintiles.
 */
export async function runRfmPass(container: MedusaContainer, now: Date = new Date(), force = false) {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const last = await service.getRfmComputedAt()
  if (!force && last && now.getTime() - last.getTime() < MAX_AGE_MS) return null
  return await service.computeRfmScores({ currency: await resolveDefaultCurrency(container), now })
}

/** Hourly check, a pass a day. Off under NODE_ENV=test unless SEGMENTS_SCHEDULED_REFRESH=true. */
export default async function computeRfmScoresJob(container: MedusaContainer) {
  if (process.env.NODE_ENV === "test" && process.env.SEGMENTS_SCHEDULED_REFRESH !== "true") return
  await runRfmPass(container)
}

export const config = {
  name: "customer-segment-rfm-scores",
  schedule: "40 * * * *",
}
