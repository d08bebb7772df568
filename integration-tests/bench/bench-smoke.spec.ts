/**
 * CI smoke of `npm run bench`: the whole benchmark at a tiny size (2,000
 * customers, 200 real orders) on the test PostgreSQL, to prove it still runs
 * and reports sane figures. Not a performance test: no target is asserted.
 */
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

jest.setTimeout(5 * 60_000)

describe("npm run bench --quick", () => {
  it("runs every measurement and writes a sane table", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "segments-bench-smoke-"))
    const run = spawnSync(process.execPath, ["scripts/bench.mjs", "--quick", "--out", out], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, NODE_OPTIONS: "" },
      encoding: "utf8",
      timeout: 4 * 60_000,
    })
    if (run.status !== 0) console.log(run.stdout.slice(-4000), run.stderr.slice(-4000))
    expect(run.status).toBe(0)

    const json = fs.readdirSync(out).find((f) => f.endsWith(".json"))!
    const report = JSON.parse(fs.readFileSync(path.join(out, json), "utf8"))
    const ops = report.results.map((r: any) => r.operation)
    for (const op of [
      "activity-data backfill from real orders",
      "baseline: query.graph + filter in JS (5 conditions)",
      "plugin: preview count, same 5 conditions",
      "refresh, first fill (everyone who matches joins)",
      "refresh, nothing changed",
      "refresh, large difference (condition flipped)",
      "preview (\"Calculate\": count + sample)",
      "edit preview (joining / leaving before saving)",
      "explain one customer (both engines, every rule)",
      "RFM pass (quintiles + every buyer's scores, set-based)",
      "refresh, RFM + order rhythm + birthday conditions (first fill)",
      "refresh, views and wishlist conditions (first fill)",
      "refresh, views and wishlist conditions (nothing changed)",
      "preview, views and wishlist conditions",
      "product view recorded (store route's service path)",
      "export CSV, streamed (route's paging + writer)",
      "promotion-context hook, per cart",
      "real-time path, a customer's first evaluation (joins all its segments at once)",
      "real-time path per new order (recompute + evaluate 50 + apply + events)",
      "segment price recompute, first fill (price list created)",
      "segment price recompute, nothing changed (reconciliation)",
      "segment price recompute, every original price changed",
      "segment price recompute, one product (after a product event)",
      "nightly: 50 single refreshes, one after the other",
      "nightly: shared pass in the scheduled job's batches of 50",
      "nightly: shared pass in batches of 20",
    ]) {
      expect(ops).toContain(op)
    }
    for (const r of report.results) {
      expect(r.median).toBeGreaterThan(0)
      expect(r.p95).toBeGreaterThanOrEqual(r.median)
      expect(r.rssPeakMb).toBeGreaterThan(0)
    }
    // the baseline and the plugin count the same customers; the flip moves members both ways
    expect(report.notes.join("\n")).toMatch(/both matched \d+ customers \(same set size\)/)
    const flip = report.results.find((r: any) => r.operation.startsWith("refresh, large difference"))
    expect(flip.detail).toMatch(/-\d+/)
    expect(flip.detail).toMatch(/\+\d+/)
    // the explanations' two engines agree on every customer they explained
    const ex = report.results.find((r: any) => r.operation.startsWith("explain one customer"))
    const [, agreed, of] = /agreed on (\d+) of (\d+)/.exec(ex.detail)!
    expect(Number(agreed)).toBe(Number(of))
    // segment prices: every price created once, then replaced once, nothing written when nothing changed
    const prices = (op: string) => report.results.find((r: any) => r.operation === `segment price recompute, ${op}`)
    expect(prices("first fill (price list created)").size).toMatch(/^500 variants/)
    expect(prices("nothing changed (reconciliation)").detail).toMatch(/^\+0 \/ -0 prices/)
    expect(prices("every original price changed").detail).toMatch(/^\+1000 \/ -1000 prices/)
    // the nightly pass: single refreshes and the shared pass leave the same memberships
    const nightly = report.results.filter((r: any) => / refreshes, one after| shared pass/.test(r.operation)).map((r: any) => /(\d+) memberships/.exec(r.detail)![1])
    expect(nightly).toHaveLength(3)
    expect(new Set(nightly).size).toBe(1)
    const md = fs.readdirSync(out).find((f) => f.endsWith(".md"))!
    expect(fs.readFileSync(path.join(out, md), "utf8")).toMatch(/\| size \| operation \| runs \| median \| p95 \|/)
    fs.rmSync(out, { recursive: true, force: true })
  })
})
