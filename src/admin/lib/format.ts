import type { Membership, MemberSource, RefreshMode } from "./types"

export const REFRESH_MODE_LABELS: Record<RefreshMode, string> = {
  manual: "Manual",
  daily: "Daily",
  weekly: "Weekly",
  monthly: "Monthly",
  realtime: "Real time",
}

export const MEMBERSHIP_LABELS: Record<Membership, string> = {
  rules: "Rules",
  manual: "Manual",
}

export const SOURCE_LABELS: Record<MemberSource, string> = {
  auto: "Auto",
  manual: "Manual",
}

export const formatDateTime = (value?: string | null): string => {
  if (!value) {
    return "-"
  }
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) {
    return "-"
  }
  return d.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
}

export const formatDate = (value?: string | null): string => {
  if (!value) {
    return "-"
  }
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) {
    return "-"
  }
  return d.toLocaleDateString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
  })
}

/** "3 minutes ago", "in 5 hours". */
export const formatRelative = (value?: string | null): string => {
  if (!value) {
    return "-"
  }
  const d = new Date(value).getTime()
  if (Number.isNaN(d)) {
    return "-"
  }
  const diff = d - Date.now()
  const abs = Math.abs(diff)
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
  ]
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })
  for (const [unit, ms] of units) {
    if (abs >= ms) {
      return rtf.format(Math.round(diff / ms), unit)
    }
  }
  return rtf.format(Math.round(diff / 1000), "second")
}

export const formatNumber = (value?: number | null): string =>
  typeof value === "number" ? value.toLocaleString() : "-"

export const formatMoney = (value: number | null | undefined, currency: string): string => {
  if (typeof value !== "number") {
    return "-"
  }
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: currency.toUpperCase(),
      maximumFractionDigits: 2,
    }).format(value)
  } catch {
    return `${value.toFixed(2)} ${currency.toUpperCase()}`
  }
}

export const formatPercent = (value?: number | null): string => {
  if (typeof value !== "number") {
    return "-"
  }
  // shares are fractions (0..1)
  return `${(value * 100).toFixed(1)}%`
}

export const customerName = (c: {
  first_name?: string | null
  last_name?: string | null
  email?: string | null
}): string => {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ")
  return name || c.email || "-"
}
