import type { usePrompt } from "@medusajs/ui"
import { fetchSegmentDependencies } from "../hooks/segments"
import type { SegmentDependencies } from "./types"

type Prompt = ReturnType<typeof usePrompt>

/** The things that depend on a segment, in words: `promotion "VIP20", customer group "VIPs", ...`. */
export function describeDependents(d: SegmentDependencies): string[] {
  return [
    ...d.promotions.map((p) => `promotion "${p.code ?? p.id}" (${p.operator === "in" ? "is one of" : "is not one of"})`),
    ...d.customer_groups.map((g) => `customer group "${g.name ?? g.id}"`),
    ...d.price_lists.map((l) => `price list "${l.title}" (through its customer group)`),
    ...d.segments.map((s) => `segment "${s.name}" (its conditions read this one)`),
  ]
}

const CONSEQUENCES = {
  delete:
    "Deleting takes it out of their rules (an \"is one of\" promotion left with no segment is set inactive), its members leave the customer group it fills (unless it keeps them on exit), and segments that read it match as if nobody were in it.",
  deactivate:
    "While inactive, promotions treat nobody as in it, and it stops refreshing: the group keeps its members, and segments that read it see its last members.",
}

/**
 * Asks before deleting or deactivating a segment, naming what depends on it
 * (promotions, customer groups, price lists, segments). Resolves true to go on.
 */
export async function confirmDependents(
  prompt: Prompt,
  segment: { id: string; name: string },
  action: "delete" | "deactivate"
): Promise<boolean> {
  let dependents: string[] = []
  try {
    dependents = describeDependents(await fetchSegmentDependencies(segment.id))
  } catch {
    dependents = []
  }
  const verb = action === "delete" ? "Delete" : "Deactivate"
  const used = dependents.length
    ? `"${segment.name}" is used by ${dependents.join(", ")}. ${CONSEQUENCES[action]}`
    : `"${segment.name}" is used by no promotion, customer group, price list or segment.`
  return await prompt({
    title: `${verb} segment?`,
    description: action === "delete" ? `${used} Its membership history will be deleted too.` : used,
    confirmText: verb,
    cancelText: "Cancel",
  })
}
