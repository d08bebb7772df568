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

/** What deleting or deactivating does to each kind of dependant, said only for the kinds present. */
function consequences(d: SegmentDependencies, action: "delete" | "deactivate"): string[] {
  const out: string[] = []
  if (d.promotions.length) {
    out.push(
      action === "delete"
        ? "Its promotions lose it from their rules; an \"is one of\" promotion left with no segment is set inactive."
        : "Its promotions treat nobody as in it while it is inactive."
    )
  }
  if (d.customer_groups.length) {
    out.push(
      action === "delete"
        ? "Its members leave the customer group it fills (unless it keeps them on exit), and so its price lists."
        : "The customer group keeps its members, but the segment stops moving customers in and out."
    )
  }
  if (d.segments.length) {
    out.push(
      action === "delete"
        ? "Segments that read it match as if nobody were in it."
        : "Segments that read it keep seeing its last members."
    )
  }
  return out
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
  let effects: string[] = []
  try {
    const d = await fetchSegmentDependencies(segment.id)
    dependents = describeDependents(d)
    effects = consequences(d, action)
  } catch {
    dependents = []
  }
  const verb = action === "delete" ? "Delete" : "Deactivate"
  const used = dependents.length
    ? `"${segment.name}" is used by ${dependents.join(", ")}. ${effects.join(" ")}`
    : `"${segment.name}" is used by no promotion, customer group, price list or segment.`
  return await prompt({
    title: `${verb} segment?`,
    description: action === "delete" ? `${used} Its membership history will be deleted too.` : used,
    confirmText: verb,
    cancelText: "Cancel",
  })
}
