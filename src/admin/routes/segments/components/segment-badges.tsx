import { Badge, StatusBadge } from "@medusajs/ui"
import { MEMBERSHIP_LABELS, REFRESH_MODE_LABELS, SOURCE_LABELS } from "../../../lib/format"
import type { Membership, MemberSource, RefreshMode } from "../../../lib/types"

export const MembershipBadge = ({ membership }: { membership: Membership }) => (
  <Badge size="2xsmall" color={membership === "rules" ? "blue" : "grey"}>
    {MEMBERSHIP_LABELS[membership] ?? membership}
  </Badge>
)

export const RefreshModeBadge = ({ mode }: { mode: RefreshMode }) => (
  <StatusBadge color={mode === "realtime" ? "green" : mode === "manual" ? "grey" : "blue"}>
    {REFRESH_MODE_LABELS[mode] ?? mode}
  </StatusBadge>
)

export const SourceBadge = ({ source }: { source: MemberSource }) => (
  <Badge size="2xsmall" color={source === "manual" ? "purple" : "green"} data-testid="member-source">
    {SOURCE_LABELS[source] ?? source}
  </Badge>
)
