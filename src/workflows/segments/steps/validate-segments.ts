import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../modules/customer-segment/service"
import {
  ConditionValidationError,
  parseConditions,
  referencedSegmentIds,
} from "../../../modules/customer-segment/conditions"
import { conditionErrorMessage } from "../../../modules/customer-segment/lib/condition-errors"

export type SegmentInput = {
  id?: string
  name?: string
  handle?: string
  description?: string | null
  is_active?: boolean
  membership?: "rules" | "manual"
  audience?: "registered" | "all"
  refresh_mode?: "manual" | "daily" | "weekly" | "monthly" | "realtime"
  conditions?: unknown
  customer_group_id?: string | null
  leave_group_on_exit?: boolean
  storefront_visible?: boolean
  metadata?: Record<string, unknown> | null
}

export const validateSegmentsStepId = "validate-customer-segments"

const FALLBACK_HANDLE = "segment"

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100) || FALLBACK_HANDLE
  )
}

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * Checks what zod alone cannot: the condition tree against the catalogue,
 * manual segments without conditions, unique handles, that referenced
 * segments and customer groups exist, and that segment-of-segment
 * conditions make no cycle. Returns the inputs normalised (handle filled,
 * conditions parsed).
 */
export const validateSegmentsStep = createStep(
  validateSegmentsStepId,
  async (input: { segments: SegmentInput[]; creating: boolean }, { container }) => {
    const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)

    const existing = input.creating
      ? []
      : await service.listSegments({ id: input.segments.map((s) => s.id!) })
    const byId = new Map(existing.map((s: any) => [s.id, s]))

    const normalised = input.segments.map((s, index) => {
      const where = input.segments.length > 1 ? `segments[${index}].` : ""
      const current: any = s.id ? byId.get(s.id) : undefined
      if (!input.creating && !current) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${s.id} was not found`)
      }
      const membership = s.membership ?? current?.membership ?? "rules"
      const out: SegmentInput = { ...s }
      if (input.creating) out.handle = s.handle ?? slugify(s.name ?? "")

      const conditionsGiven = s.conditions !== undefined
      const conditions = conditionsGiven ? s.conditions : current?.conditions ?? null
      if (membership === "manual") {
        if (conditions !== null && conditions !== undefined && conditionsGiven) {
          throw invalid(`${where}conditions: a manual segment has no conditions (send null)`)
        }
        out.conditions = null
        // the stored mode counts too when this edit makes the segment manual: turning a realtime segment
        // manual must change its mode, as a create would (other edits of a segment saved so earlier still pass)
        if ((s.refresh_mode ?? (s.membership ? current?.refresh_mode : undefined)) === "realtime") {
          throw invalid(`${where}refresh_mode: a manual segment cannot refresh in real time`)
        }
      } else {
        if (conditions === null || conditions === undefined) {
          throw invalid(`${where}conditions: a rules segment needs conditions`)
        }
        if (conditionsGiven || s.membership) {
          try {
            out.conditions = parseConditions(conditions)
          } catch (e) {
            if (e instanceof ConditionValidationError) {
              throw invalid(conditionErrorMessage(e, where))
            }
            throw e
          }
        }
      }
      return out
    })

    // A name without a Latin letter or digit ("日本", "☃") slugs to the fallback "segment": number those
    // (segment-2, ...) rather than refuse the second with a handle the merchant never typed.
    const fallbacks = normalised.filter((s, i) => input.creating && input.segments[i].handle === undefined && s.handle === FALLBACK_HANDLE)
    if (fallbacks.length) {
      const taken = new Set(
        (await service.listSegments({ handle: { $like: `${FALLBACK_HANDLE}%` } }, { select: ["handle"] })).map((x: any) => x.handle)
      )
      let n = 1
      for (const s of fallbacks) {
        while (taken.has(n === 1 ? FALLBACK_HANDLE : `${FALLBACK_HANDLE}-${n}`)) n++
        s.handle = n === 1 ? FALLBACK_HANDLE : `${FALLBACK_HANDLE}-${n}`
        taken.add(s.handle)
      }
    }

    // Handles are unique among live segments.
    const handles = normalised.filter((s) => s.handle !== undefined).map((s) => s.handle!)
    const dup = handles.find((h, i) => handles.indexOf(h) !== i)
    if (dup) throw invalid(`handle: "${dup}" is used twice`)
    if (handles.length) {
      const clashes = await service.listSegments({ handle: handles })
      const clash = clashes.find((c: any) => !normalised.some((s) => s.id === c.id))
      if (clash) throw invalid(`handle: a segment with handle "${clash.handle}" already exists`)
    }

    // Customer groups must exist. An unchanged group is not checked: the admin's edit form sends the stored
    // one back, and a group deleted since must not make every other edit of the segment a 400.
    const groupIds = [
      ...new Set(normalised.filter((s) => s.customer_group_id !== byId.get(s.id!)?.customer_group_id).map((s) => s.customer_group_id).filter(Boolean)),
    ] as string[]
    if (groupIds.length) {
      const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { id: groupIds } })
      const missing = groupIds.filter((g) => !groups.some((x: any) => x.id === g))
      if (missing.length) throw invalid(`customer_group_id: customer group ${missing.join(", ")} does not exist`)
    }

    // Segment-of-segment: targets exist, and no cycle through any chain.
    const withTrees = normalised.filter((s) => s.conditions && typeof s.conditions === "object")
    const referenced = [...new Set(withTrees.flatMap((s) => referencedSegmentIds(s.conditions as any)))]
    if (referenced.length) {
      const all = await service.listSegments({}, { select: ["id", "conditions", "membership"] })
      const known = new Set(all.map((s: any) => s.id))
      const missing = referenced.filter((id) => !known.has(id))
      if (missing.length) throw invalid(`conditions: segment ${missing.join(", ")} does not exist`)
      const edges = new Map<string, string[]>()
      for (const s of all as any[]) {
        if (s.membership === "rules" && s.conditions) {
          try {
            edges.set(s.id, referencedSegmentIds(parseConditions(s.conditions)))
          } catch {
            edges.set(s.id, [])
          }
        }
      }
      for (const s of withTrees) if (s.id) edges.set(s.id, referencedSegmentIds(s.conditions as any))
      for (const s of withTrees) {
        if (!s.id) continue // a new segment cannot be referenced yet
        const seen = new Set<string>()
        const stack = [...(edges.get(s.id) ?? [])]
        while (stack.length) {
          const next = stack.pop()!
          if (next === s.id) throw invalid(`conditions: segment.member_of makes a cycle through segment ${s.id}`)
          if (seen.has(next)) continue
          seen.add(next)
          stack.push(...(edges.get(next) ?? []))
        }
      }
    }

    return new StepResponse(normalised)
  }
)
