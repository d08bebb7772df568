// A PostgreSQL in a process of its own (faults-pg-restart.spec.ts): starts the
// embedded one on the given data directory and port, prints READY, and stops
// it on SIGTERM. A process, because jest cannot import the ESM-only package.
//   node postgres.mjs <data dir> <port>
import { startEmbeddedPostgres } from "../../../../scripts/lib/embedded-pg.mjs"

const [dir, port] = process.argv.slice(2)
const server = await startEmbeddedPostgres({ dir, port: Number(port), persistent: true, fast: true })
console.log(`READY ${server.port}`)
const stop = async () => {
  await server.stop().catch(() => {})
  process.exit(0)
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
setInterval(() => {}, 1 << 30)
