import type { ActivityRow } from "../../src/modules/customer-segment/types"
import { snapshotOf } from "../../src/modules/customer-segment/__tests__/conditions/fixtures"

/** An activity row with everything empty but what the test says (the engine tests' own defaults). */
export function activityRow(id: string, partial: Partial<ActivityRow> = {}): ActivityRow {
  const email = partial.email ?? `${id}@example.com`
  return snapshotOf({
    id,
    activity: { email, email_domain: email.split("@")[1]?.toLowerCase() ?? null, computed_at: new Date(), ...partial },
  }).activity
}
