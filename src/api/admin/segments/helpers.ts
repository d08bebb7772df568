import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import { nextScheduledRefresh } from "../../../modules/customer-segment/lib/schedule"
import { ConditionGroup, ConditionValidationError, parseConditions } from "../../../modules/customer-segment/conditions"
import { conditionErrorMessage } from "../../../modules/customer-segment/lib/condition-errors"

/** Adds what the admin shows beside the stored fields: manual member count and next scheduled refresh. */
export async function decorateSegments<T extends Record<string, any>>(container: MedusaContainer, segments: T[]) {
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const { refresh_hour, timezone } = service.getOptions()
  const manual = await service.countManualMembers(segments.map((s) => s.id))
  const now = new Date()
  return segments.map((s) => ({
    ...s,
    manual_count: manual[s.id] ?? 0,
    // only beside the refresh mode it follows from (`fields=name` asked for neither; null would say "never")
    ...("refresh_mode" in s
      ? { next_refresh_at: s.refresh_mode && s.is_active !== false ? nextScheduledRefresh(s.refresh_mode, now, refresh_hour, timezone) : null }
      : {}),
  }))
}

export async function refetchSegment(container: MedusaContainer, id: string, fields: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "segment", fields, filters: { id } })
  if (!data[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${id} was not found`)
  const [segment] = await decorateSegments(container, [data[0]])
  return segment
}

/** Parses a condition tree, or a 400 naming the path of what is wrong (`conditions.rules[1].value: ...`). */
export function parseConditionsOrThrow(input: unknown): ConditionGroup {
  try {
    return parseConditions(input)
  } catch (e) {
    if (e instanceof ConditionValidationError) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, conditionErrorMessage(e))
    }
    throw e
  }
}


/** Every segment.member_of rule of a tree with its path (`conditions.rules[1].rules[0]`) and ids. */
function memberOfRules(node: any, path: string, out: Array<{ path: string; ids: string[] }> = []) {
  if (Array.isArray(node?.rules)) node.rules.forEach((r: any, i: number) => memberOfRules(r, `${path}.rules[${i}]`, out))
  else if (node?.field === "segment.member_of") out.push({ path, ids: [node.value ?? []].flat().map(String) })
  return out
}

/**
 * The segments a tree's segment.member_of rules name exist, and are not the
 * segment being edited: what saving checks (with its full cycle check), so a
 * preview does not show a count the save then refuses. The 400 names the rule.
 */
export async function assertReferencedSegments(container: MedusaContainer, conditions: ConditionGroup, editedId?: string): Promise<void> {
  const rules = memberOfRules(conditions, "conditions")
  const referenced = [...new Set(rules.flatMap((r) => r.ids))]
  if (!referenced.length) return
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const found = await service.listSegments({ id: referenced }, { select: ["id"] })
  const known = new Set(found.map((x: any) => x.id))
  for (const r of rules) {
    if (editedId && r.ids.includes(editedId)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${r.path}.value: segment.member_of makes a cycle through segment ${editedId}`)
    }
    const missing = r.ids.filter((id) => !known.has(id))
    if (missing.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${r.path}.value: segment ${missing.join(", ")} does not exist`)
  }
}
