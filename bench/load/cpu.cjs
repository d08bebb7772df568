// CPU time of the load test's processes from /proc (Linux): where the time
// goes. A Medusa process is its process group (startMedusa detaches it);
// PostgreSQL is the postmaster and its children.
const fs = require("node:fs")

const TICK_MS = 10 // USER_HZ is 100 on Linux

function readAll() {
  const out = []
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8")
      // the command name may hold spaces: fields start after the last ")"
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      out.push({ pid: Number(name), ppid: Number(f[1]), pgrp: Number(f[2]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS })
    } catch {}
  }
  return out
}

/** `groups`: [{ name, pgrp? , pid?, parentOf? }] → a sampler; `sample()` returns ms of CPU per name since the last call. */
function cpuSampler(groups) {
  let last = null
  const take = () => {
    const procs = readAll()
    const totals = {}
    for (const g of groups) {
      totals[g.name] = procs
        .filter((p) => (g.pgrp && p.pgrp === g.pgrp) || (g.pid && (p.pid === g.pid || (g.children && p.ppid === g.pid))))
        .reduce((s, p) => s + p.cpuMs, 0)
    }
    totals.driver = (process.cpuUsage().user + process.cpuUsage().system) / 1000
    return { at: Date.now(), totals }
  }
  last = take()
  return {
    /** CPU % of one core per name since the previous call (100 = one core busy). */
    sample() {
      const now = take()
      const wall = now.at - last.at
      const pct = {}
      for (const k of Object.keys(now.totals)) pct[k] = wall > 0 ? (100 * (now.totals[k] - (last.totals[k] ?? 0))) / wall : 0
      last = now
      return { wallMs: wall, pct }
    },
  }
}

module.exports = { cpuSampler }
