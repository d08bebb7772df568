import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PromotionActions } from "@medusajs/framework/utils"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { getSegmentPromotionContext } from "../../../src/hooks/segment-promotion-context"

export type Timing = { runs: number; median_ms: number; p95_ms: number; mean_ms: number }

export type HookOverhead = {
  /** The plugin's handler alone: what the hook adds to a cart promotion refresh. */
  handler: Timing
  /** A whole `updateCartPromotionsWorkflow` run on the same cart, handler included. */
  refresh: Timing
  /** handler median as a share of the refresh median, in percent. */
  share_pct: number
  member_rows: number
  customer_segments: number
  /** The lookup's plan: PostgreSQL's own execution time, and the index it reads. */
  plan: { execution_ms: number; index: string | null }
}

const stats = (samples: number[]): Timing => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const round = (n: number) => Math.round(n * 1000) / 1000
  return {
    runs: samples.length,
    median_ms: round(at(0.5)),
    p95_ms: round(at(0.95)),
    mean_ms: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  }
}

const time = async (fn: () => Promise<unknown>, runs: number, warmup: number) => {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint()
    await fn()
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return stats(samples)
}

/**
 * Fills `customer_segment_member` with `memberRows` rows of synthetic customers
 * spread over the given segments (one INSERT ... SELECT generate_series), so
 * the lookup runs against a realistically sized, analysed table.
 */
export async function seedSegmentMembers(container: MedusaContainer, segmentIds: string[], memberRows: number) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  await knex.raw(
    `INSERT INTO customer_segment_member (id, segment_id, customer_id, source, added_at, created_at, updated_at)
     SELECT 'csegm_bench_' || g, (?::text[])[1 + g % ?], 'cus_bench_' || g, 'auto', now(), now(), now()
       FROM generate_series(1, ?) g`,
    [segmentIds, segmentIds.length, memberRows]
  )
  await knex.raw("ANALYZE customer_segment_member")
}

/**
 * Times the segment promotion context handler for one customer against a full
 * cart promotion refresh of that customer's cart (`updateCartPromotionsWorkflow`,
 * which runs the handler in its `setPromotionContext` hook).
 */
export async function measurePromotionHookOverhead(
  container: MedusaContainer,
  input: { cart_id: string; customer_id: string; member_rows: number; customer_segments: number; runs?: number; refresh_runs?: number }
): Promise<HookOverhead> {
  const handler = await time(
    () => getSegmentPromotionContext({ cart: { id: input.cart_id, customer: { id: input.customer_id } } }, container),
    input.runs ?? 500,
    50
  )
  const refresh = await time(
    () =>
      updateCartPromotionsWorkflow(container).run({
        input: { cart_id: input.cart_id, promo_codes: [], action: PromotionActions.REPLACE },
      }),
    input.refresh_runs ?? 40,
    5
  )
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    `EXPLAIN (ANALYZE, FORMAT JSON)
     SELECT m.segment_id FROM customer_segment_member m JOIN customer_segment s ON s.id = m.segment_id
      WHERE m.customer_id = ? AND m.deleted_at IS NULL AND s.deleted_at IS NULL AND s.is_active`,
    [input.customer_id]
  )
  const explain = rows[0]["QUERY PLAN"][0]
  const indexes: string[] = []
  const walk = (node: any) => {
    if (node["Index Name"] && node["Relation Name"] === "customer_segment_member") indexes.push(node["Index Name"])
    for (const child of node.Plans ?? []) walk(child)
  }
  walk(explain.Plan)
  return {
    handler,
    refresh,
    share_pct: Math.round((handler.median_ms / refresh.median_ms) * 1000) / 10,
    member_rows: input.member_rows,
    customer_segments: input.customer_segments,
    plan: { execution_ms: explain["Execution Time"], index: indexes[0] ?? null },
  }
}
