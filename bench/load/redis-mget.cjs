// A minimal Redis client for one command, MGET, over loopback: the load test
// asks whether a customer's real-time lock is still held, without a Redis
// library of its own (ioredis is only a dependency of Medusa's modules).
const net = require("node:net")

/** Connects to `url`; `mget(keys)` resolves to one value (or null) per key, one call at a time. */
function connectMget(url) {
  const { hostname, port } = new URL(url)
  const socket = net.connect({ host: hostname, port: Number(port || 6379) })
  socket.setNoDelay(true)
  let buffer = Buffer.alloc(0)
  let pending = null
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk])
    if (!pending) return
    const parsed = parseArray(buffer)
    if (!parsed) return
    buffer = buffer.subarray(parsed.end)
    const { resolve } = pending
    pending = null
    resolve(parsed.values)
  })
  const failAll = (e) => {
    if (pending) pending.reject(e)
    pending = null
  }
  socket.on("error", failAll)
  socket.on("close", () => failAll(new Error("redis connection closed")))
  const ready = new Promise((resolve, reject) => {
    socket.once("connect", resolve)
    socket.once("error", reject)
  })
  return {
    async mget(keys) {
      if (!keys.length) return []
      await ready
      if (pending) throw new Error("one MGET at a time")
      const parts = ["MGET", ...keys]
      const wire = `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join("")
      return await new Promise((resolve, reject) => {
        pending = { resolve, reject }
        socket.write(wire)
      })
    },
    close: () => socket.destroy(),
  }
}

/** Parses `*N\r\n` then N bulk strings (`$len\r\n...\r\n` or `$-1\r\n`); null while incomplete. */
function parseArray(buf) {
  const line = (from) => {
    const i = buf.indexOf("\r\n", from)
    return i < 0 ? null : { text: buf.toString("utf8", from, i), next: i + 2 }
  }
  const head = line(0)
  if (!head) return null
  if (head.text[0] === "-") throw new Error(`redis: ${head.text.slice(1)}`)
  if (head.text[0] !== "*") throw new Error(`redis: unexpected reply ${head.text}`)
  const n = Number(head.text.slice(1))
  const values = []
  let at = head.next
  for (let i = 0; i < n; i++) {
    const h = line(at)
    if (!h) return null
    const len = Number(h.text.slice(1))
    if (len < 0) {
      values.push(null)
      at = h.next
      continue
    }
    if (buf.length < h.next + len + 2) return null
    values.push(buf.toString("utf8", h.next, h.next + len))
    at = h.next + len + 2
  }
  return { values, end: at }
}

module.exports = { connectMget }
