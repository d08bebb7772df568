import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { SEGMENT_RULE_ATTRIBUTE_ID } from "../segment-rule-attribute"
import { queryInt } from "../../segments/validators"

// Core's validator reads limit and offset with parseInt: -1 reaches the database (a 500) and "1e9" is 1.
const Page = z.object({ limit: queryInt("limit", 1, 1000).optional(), offset: queryInt("offset", 0, 1_000_000_000).optional() })

/**
 * Answers `GET /admin/promotions/rule-value-options/rules/customer_segment`
 * itself (core's handler rejects attributes it does not know): the segments as
 * `{ value: id, label: name }`, by name, searchable by `q`, filtered by `value`
 * (one id or several, as the dashboard asks for the labels of saved values),
 * paged by `limit`/`offset` with `count`, as core answers for its attributes.
 * Every other attribute goes on to core. Runs after core's query validator on
 * the same route, which parsed `q`, `value`, `limit` and `offset`.
 */
export async function listSegmentRuleValues(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (req.params.rule_type !== "rules" || req.params.rule_attribute_id !== SEGMENT_RULE_ATTRIBUTE_ID) return next()
  try {
    const { q, value } = (req.validatedQuery ?? {}) as { q?: string; value?: string | string[] }
    const filters: Record<string, unknown> = {}
    if (q) filters.q = q
    if (value !== undefined) filters.id = Array.isArray(value) ? value : [value]
    const page = Page.safeParse({ limit: req.query.limit, offset: req.query.offset })
    if (!page.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, page.error.issues[0].message)
    const { skip, take } = req.queryConfig.pagination as { skip: number; take: number }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data, metadata } = await query.graph({
      entity: "segment",
      fields: ["id", "name"],
      filters,
      pagination: { skip, take, order: { name: "ASC", id: "ASC" } },
    })
    res.json({
      values: data.map((s: any) => ({ label: s.name, value: s.id })),
      count: metadata?.count ?? data.length,
      offset: metadata?.skip ?? skip,
      limit: metadata?.take ?? take,
    })
  } catch (e) {
    next(e)
  }
}
