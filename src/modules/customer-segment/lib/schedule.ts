/** When scheduled refreshes are due, in the plugin's configured hour and time zone. */

export type RefreshMode = "manual" | "daily" | "weekly" | "monthly" | "realtime"

function partsIn(date: Date, timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    weekday: "short",
  })
  const p = Object.fromEntries(fmt.formatToParts(date).map((x) => [x.type, x.value]))
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday),
  }
}

/** The UTC instant of a wall-clock time in `timeZone`. */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour)
  const p = partsIn(new Date(guess), timeZone)
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess
  return new Date(guess - offset)
}

function dueOn(mode: RefreshMode, weekday: number, day: number): boolean {
  switch (mode) {
    case "daily":
    case "realtime": // real-time segments get a daily full pass: relative dates move without events
      return true
    case "weekly":
      return weekday === 0
    case "monthly":
      return day === 1
    default:
      return false
  }
}

/** The most recent scheduled slot at or before `now` for a mode (null for manual). */
export function lastScheduledRefresh(mode: RefreshMode, now: Date, hour: number, timeZone: string): Date | null {
  if (mode === "manual") return null
  const today = partsIn(now, timeZone)
  for (let back = 0; back <= 32; back++) {
    const noon = zonedTime(today.year, today.month, today.day, 12, timeZone).getTime() - back * 86400000
    const p = partsIn(new Date(noon), timeZone)
    const slot = zonedTime(p.year, p.month, p.day, hour, timeZone)
    if (slot <= now && dueOn(mode, p.weekday, p.day)) return slot
  }
  return null
}

/** The next scheduled slot after `now` (null for manual). */
export function nextScheduledRefresh(mode: RefreshMode, now: Date, hour: number, timeZone: string): Date | null {
  if (mode === "manual") return null
  const today = partsIn(now, timeZone)
  for (let ahead = 0; ahead <= 32; ahead++) {
    const noon = zonedTime(today.year, today.month, today.day, 12, timeZone).getTime() + ahead * 86400000
    const p = partsIn(new Date(noon), timeZone)
    const slot = zonedTime(p.year, p.month, p.day, hour, timeZone)
    if (slot > now && dueOn(mode, p.weekday, p.day)) return slot
  }
  return null
}

/** Due when the latest slot has passed since the last successful refresh (or it never ran). */
export function isRefreshDue(
  segment: { refresh_mode: RefreshMode; last_refreshed_at: Date | string | null },
  now: Date,
  hour: number,
  timeZone: string
): boolean {
  const slot = lastScheduledRefresh(segment.refresh_mode, now, hour, timeZone)
  if (!slot) return false
  return !segment.last_refreshed_at || new Date(segment.last_refreshed_at) < slot
}
