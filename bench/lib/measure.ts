/** Timing, percentiles and peak memory of the Node process, and the result table. */

export type Target = { ms?: number; p95?: boolean; perMinute?: number }

export type Result = {
  size: string
  operation: string
  runs: number
  median: number
  p95: number
  rows: number
  rowsUnit: string
  rowsPerSecond: number
  /** RSS when the operation started and its peak while it ran, MB */
  rssStartMb: number
  rssPeakMb: number
  heapPeakMb: number
  target: string
  met: boolean | null
  detail?: string
}

export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`)

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx]
}

const mb = (b: number) => b / 1024 / 1024

/** Samples RSS and heap every 5 ms while an operation runs (the bench's operations await the database). */
class PeakMemory {
  rss = 0
  heap = 0
  private timer: NodeJS.Timeout | null = null
  start() {
    this.sample()
    this.timer = setInterval(() => this.sample(), 5)
  }
  sample() {
    const m = process.memoryUsage()
    if (m.rss > this.rss) this.rss = m.rss
    if (m.heapUsed > this.heap) this.heap = m.heapUsed
  }
  stop() {
    this.sample()
    if (this.timer) clearInterval(this.timer)
  }
}

export class Table {
  results: Result[] = []
  ratio: string | null = null
  setRatio(r: string) {
    this.ratio = r
  }
  markdown(): string {
    const head = "| size | operation | runs | median | p95 | rows/s | peak RSS (start → peak) | target | met | notes |"
    const sep = "|---|---|---:|---:|---:|---:|---:|---|:-:|---|"
    const lines = this.results.map((r) =>
      [
        r.size,
        r.operation,
        r.runs,
        fmtMs(r.median),
        fmtMs(r.p95),
        `${Math.round(r.rowsPerSecond).toLocaleString("en")} ${r.rowsUnit}/s`,
        `${r.rssStartMb.toFixed(0)} → ${r.rssPeakMb.toFixed(0)} MB`,
        r.target,
        r.met === null ? "" : r.met ? "yes" : "**no**",
        r.detail ?? "",
      ].join(" | ")
    )
    const out = [head, sep, ...lines.map((l) => `| ${l} |`)]
    if (this.ratio) out.push("", `Baseline ÷ plugin at the same size: **${this.ratio}**`)
    return out.join("\n")
  }
}

export async function measure(
  table: Table,
  spec: {
    size: string
    operation: string
    runs: number
    rows: number
    rowsUnit: string
    target?: Target
    /** flat memory expected: the peak must stay within 256 MB of the start */
    memoryTarget?: boolean
    before?: () => Promise<void>
    fn: () => Promise<void>
    detail?: () => string
  }
): Promise<Result> {
  const times: number[] = []
  const memory = new PeakMemory()
  const rssStart = process.memoryUsage().rss
  for (let i = 0; i < spec.runs; i++) {
    if (spec.before) await spec.before()
    if (i === 0) memory.start()
    const t = process.hrtime.bigint()
    await spec.fn()
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  memory.stop()
  const sorted = [...times].sort((a, b) => a - b)
  const median = percentile(sorted, 50)
  const p95 = percentile(sorted, 95)
  let target = ""
  let met: boolean | null = null
  if (spec.target?.ms != null) {
    const v = spec.target.p95 ? p95 : median
    target = `< ${fmtMs(spec.target.ms)}${spec.target.p95 ? " at p95" : ""}`
    met = v < spec.target.ms
  } else if (spec.target?.perMinute != null) {
    const perMinute = (spec.rows / median) * 60_000
    target = `≥ ${spec.target.perMinute.toLocaleString("en")}/min (got ${Math.round(perMinute).toLocaleString("en")}/min)`
    met = perMinute >= spec.target.perMinute
  }
  if (spec.memoryTarget) {
    const grew = mb(memory.rss - rssStart)
    target = `flat memory (peak − start < 256 MB)`
    met = grew < 256
  }
  const result: Result = {
    size: spec.size,
    operation: spec.operation,
    runs: spec.runs,
    median,
    p95,
    rows: spec.rows,
    rowsUnit: spec.rowsUnit,
    rowsPerSecond: spec.rows / (median / 1000),
    rssStartMb: mb(rssStart),
    rssPeakMb: mb(memory.rss),
    heapPeakMb: mb(memory.heap),
    target,
    met,
    detail: spec.detail?.(),
  }
  table.results.push(result)
  console.log(
    `[bench] ${spec.operation} @ ${spec.size}: median ${fmtMs(median)}, p95 ${fmtMs(p95)}, peak RSS ${result.rssPeakMb.toFixed(0)} MB${met === null ? "" : met ? " (target met)" : " (TARGET MISSED)"}${result.detail ? ` — ${result.detail}` : ""}`
  )
  return result
}
