import { isRefreshDue, lastScheduledRefresh, nextScheduledRefresh, zonedTime } from "../schedule"

const at = (iso: string) => new Date(iso)
const iso = (d: Date | null) => d?.toISOString() ?? null

describe("schedule", () => {
  describe("zonedTime", () => {
    it("gives the UTC instant of a wall-clock hour, across DST", () => {
      expect(iso(zonedTime(2026, 1, 15, 2, "UTC"))).toBe("2026-01-15T02:00:00.000Z")
      expect(iso(zonedTime(2026, 1, 15, 2, "Europe/Paris"))).toBe("2026-01-15T01:00:00.000Z") // CET +1
      expect(iso(zonedTime(2026, 7, 15, 2, "Europe/Paris"))).toBe("2026-07-15T00:00:00.000Z") // CEST +2
      expect(iso(zonedTime(2026, 7, 15, 23, "America/New_York"))).toBe("2026-07-16T03:00:00.000Z") // EDT -4
      expect(iso(zonedTime(2026, 3, 1, 2, "Asia/Kolkata"))).toBe("2026-02-28T20:30:00.000Z") // +5:30
    })
  })

  describe("daily", () => {
    it("is due once the hour has passed today, not before", () => {
      expect(iso(lastScheduledRefresh("daily", at("2026-11-23T01:59:00Z"), 2, "UTC"))).toBe("2026-11-22T02:00:00.000Z")
      expect(iso(lastScheduledRefresh("daily", at("2026-11-23T02:00:00Z"), 2, "UTC"))).toBe("2026-11-23T02:00:00.000Z")
      expect(iso(nextScheduledRefresh("daily", at("2026-11-23T02:00:00Z"), 2, "UTC"))).toBe("2026-11-24T02:00:00.000Z")
      expect(iso(nextScheduledRefresh("daily", at("2026-11-23T01:00:00Z"), 2, "UTC"))).toBe("2026-11-23T02:00:00.000Z")
    })

    it("uses the configured time zone", () => {
      // 02:00 in New York (EST, -5) is 07:00 UTC
      expect(iso(lastScheduledRefresh("daily", at("2026-11-23T06:59:00Z"), 2, "America/New_York"))).toBe("2026-11-22T07:00:00.000Z")
      expect(iso(lastScheduledRefresh("daily", at("2026-11-23T07:00:00Z"), 2, "America/New_York"))).toBe("2026-11-23T07:00:00.000Z")
      // 23:00 in Tokyo on the 23rd is 14:00 UTC on the 23rd
      expect(iso(lastScheduledRefresh("daily", at("2026-11-23T15:00:00Z"), 23, "Asia/Tokyo"))).toBe("2026-11-23T14:00:00.000Z")
    })

    it("keeps the wall-clock hour across a DST change", () => {
      // Europe/Paris moves to summer time on 2026-03-29 (02:00 -> 03:00)
      expect(iso(lastScheduledRefresh("daily", at("2026-03-28T12:00:00Z"), 4, "Europe/Paris"))).toBe("2026-03-28T03:00:00.000Z")
      expect(iso(lastScheduledRefresh("daily", at("2026-03-29T12:00:00Z"), 4, "Europe/Paris"))).toBe("2026-03-29T02:00:00.000Z")
    })
  })

  describe("weekly and monthly", () => {
    it("weekly slots fall on Sunday", () => {
      // 2026-11-22 is a Sunday
      expect(iso(lastScheduledRefresh("weekly", at("2026-11-25T12:00:00Z"), 2, "UTC"))).toBe("2026-11-22T02:00:00.000Z")
      expect(iso(lastScheduledRefresh("weekly", at("2026-11-22T01:00:00Z"), 2, "UTC"))).toBe("2026-11-15T02:00:00.000Z")
      expect(iso(nextScheduledRefresh("weekly", at("2026-11-22T02:00:00Z"), 2, "UTC"))).toBe("2026-11-29T02:00:00.000Z")
    })

    it("the Sunday is the Sunday of the configured time zone", () => {
      // Sunday 2026-11-22 01:00 in Auckland (+13) is Saturday 12:00 UTC
      expect(iso(lastScheduledRefresh("weekly", at("2026-11-21T13:00:00Z"), 1, "Pacific/Auckland"))).toBe("2026-11-21T12:00:00.000Z")
    })

    it("monthly slots fall on day 1", () => {
      expect(iso(lastScheduledRefresh("monthly", at("2026-11-23T12:00:00Z"), 2, "UTC"))).toBe("2026-11-01T02:00:00.000Z")
      expect(iso(lastScheduledRefresh("monthly", at("2026-03-01T01:00:00Z"), 2, "UTC"))).toBe("2026-02-01T02:00:00.000Z")
      expect(iso(nextScheduledRefresh("monthly", at("2026-12-15T00:00:00Z"), 2, "UTC"))).toBe("2027-01-01T02:00:00.000Z")
    })

    it("manual has no slot", () => {
      expect(lastScheduledRefresh("manual", at("2026-11-23T12:00:00Z"), 2, "UTC")).toBeNull()
      expect(nextScheduledRefresh("manual", at("2026-11-23T12:00:00Z"), 2, "UTC")).toBeNull()
    })
  })

  describe("isRefreshDue", () => {
    const now = at("2026-11-23T03:00:00Z") // Monday
    it("is due when the latest slot passed since the last refresh, or it never ran", () => {
      expect(isRefreshDue({ refresh_mode: "daily", last_refreshed_at: null }, now, 2, "UTC")).toBe(true)
      expect(isRefreshDue({ refresh_mode: "daily", last_refreshed_at: "2026-11-22T02:00:00Z" }, now, 2, "UTC")).toBe(true)
      expect(isRefreshDue({ refresh_mode: "daily", last_refreshed_at: "2026-11-23T02:00:00Z" }, now, 2, "UTC")).toBe(false)
      expect(isRefreshDue({ refresh_mode: "realtime", last_refreshed_at: "2026-11-22T10:00:00Z" }, now, 2, "UTC")).toBe(true)
      expect(isRefreshDue({ refresh_mode: "weekly", last_refreshed_at: "2026-11-22T05:00:00Z" }, now, 2, "UTC")).toBe(false)
      expect(isRefreshDue({ refresh_mode: "weekly", last_refreshed_at: "2026-11-21T05:00:00Z" }, now, 2, "UTC")).toBe(true)
      expect(isRefreshDue({ refresh_mode: "monthly", last_refreshed_at: "2026-11-01T02:30:00Z" }, now, 2, "UTC")).toBe(false)
      expect(isRefreshDue({ refresh_mode: "manual", last_refreshed_at: null }, now, 2, "UTC")).toBe(false)
    })
  })
})
