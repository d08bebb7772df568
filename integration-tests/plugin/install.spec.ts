/**
 * The packed plugin installs into a fresh Medusa store: `npm run build`
 * (medusa plugin:build), `npm pack`, a new app in a temp folder that lists the
 * tarball in `plugins`, `npm install` (offline-preferred, from the npm cache),
 * `medusa db:migrate` on a fresh database, `medusa develop` (admin disabled) and
 * a request to one of the plugin's admin routes. The slowest test of the suite.
 */
import { ChildProcess, execFile, spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"
import { Client } from "pg"

jest.setTimeout(15 * 60 * 1000)

const exec = promisify(execFile)
const ROOT = path.resolve(__dirname, "../..")
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"))
const MEDUSA_VERSION = "2.21.2"
const ADMIN = { email: "plugin-admin@example.com", password: "supersecret" }

const db = {
  host: "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
  database: `plugin_host_${process.pid}_${Date.now()}`,
}
const databaseUrl = `postgres://${encodeURIComponent(db.user)}${db.password ? ":" + encodeURIComponent(db.password) : ""}@${db.host}:${db.port}/${db.database}`

// The children get a plain Node: jest's --experimental-vm-modules is not for them.
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_OPTIONS: "--max-old-space-size=4096",
  MEDUSA_DISABLE_TELEMETRY: "true",
  DATABASE_URL: databaseUrl,
  JWT_SECRET: "plugin-test",
  COOKIE_SECRET: "plugin-test",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
}
delete childEnv.TEST_TYPE
delete childEnv.JEST_WORKER_ID
delete childEnv.NODE_ENV

const timings: Record<string, number> = {}
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now()
  try {
    return await fn()
  } finally {
    timings[label] = Math.round((Date.now() - started) / 100) / 10
  }
}

async function run(cmd: string, args: string[], cwd: string, timeout = 5 * 60 * 1000) {
  try {
    return await exec(cmd, args, { cwd, env: childEnv, timeout, maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}: ${err.message}\n${String(err.stdout ?? "").slice(-3000)}\n${String(err.stderr ?? "").slice(-3000)}`)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "localhost", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function withAdminDb<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...db, database: "postgres" })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Every path under a folder, relative to it. */
function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(prefix, entry.name)
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel]
  })
}

describe("the packed plugin in a fresh Medusa store", () => {
  let work: string
  let app: string
  let server: ChildProcess | null = null
  let serverLog = ""

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "segments-plugin-install-"))
    app = path.join(work, "store")
    fs.mkdirSync(app)
  })

  afterAll(async () => {
    if (server?.pid) {
      const pid = server.pid
      const exited = new Promise((r) => server?.once("exit", r))
      try {
        process.kill(-pid, "SIGTERM")
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      try {
        process.kill(-pid, "SIGKILL")
      } catch {}
    }
    await withAdminDb((c) => c.query(`DROP DATABASE IF EXISTS "${db.database}" WITH (FORCE)`)).catch(() => {})
    if (work) fs.rmSync(work, { recursive: true, force: true })
    console.log(`[plugin install] timings (s): ${JSON.stringify(timings)}`)
  })

  it("builds, packs, installs, migrates and answers on its admin route", async () => {
    // 1. Build: the plugin output holds the plugin, not the demo store around it.
    await timed("build", () => run("npm", ["run", "build"], ROOT))
    const built = listFiles(path.join(ROOT, ".medusa/server"))
    expect(built).toEqual(expect.arrayContaining([expect.stringMatching(/^src\/modules\/customer-segment\/index\.js$/)]))
    const strays = built.filter((f) => /^(medusa-config|jest\.config)|^(scripts|demo|integration-tests|bench)\/|__tests__|\.spec\.[jt]s$/.test(f))
    expect(strays).toEqual([])

    // 2. Pack.
    const { stdout } = await timed("pack", () => run("npm", ["pack", "--json", "--pack-destination", work], ROOT))
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
    const tarball = path.join(work, packed.filename)
    expect(fs.existsSync(tarball)).toBe(true)
    const shipped = packed.files.map((f) => f.path)
    expect(shipped.filter((f) => !/^(package\.json|README\.md|LICENSE|\.medusa\/server\/)/i.test(f))).toEqual([])
    expect(shipped.some((f) => /medusa-config|\/demo\/|\/scripts\/|integration-tests/.test(f))).toBe(false)

    // 3. A fresh store that uses the tarball as a plugin.
    const devVersion = (name: string) => String(pkg.devDependencies[name]).replace(/^[\^~]/, "")
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify(
        {
          name: "plugin-host-store",
          version: "0.0.0",
          private: true,
          scripts: {},
          dependencies: {
            "@medusajs/admin-sdk": MEDUSA_VERSION,
            "@medusajs/cli": MEDUSA_VERSION,
            "@medusajs/draft-order": MEDUSA_VERSION,
            "@medusajs/framework": MEDUSA_VERSION,
            "@medusajs/icons": MEDUSA_VERSION,
            "@medusajs/medusa": MEDUSA_VERSION,
            "@medusajs/ui": devVersion("@medusajs/ui"),
            [pkg.name]: `file:${tarball}`,
          },
          devDependencies: {
            "@swc/core": devVersion("@swc/core"),
            "@types/node": "^20.0.0",
            "ts-node": devVersion("ts-node"),
            typescript: devVersion("typescript"),
          },
          engines: { node: ">=20" },
        },
        null,
        2
      )
    )
    fs.writeFileSync(
      path.join(app, "medusa-config.ts"),
      [
        `import { defineConfig, loadEnv } from "@medusajs/framework/utils"`,
        `loadEnv(process.env.NODE_ENV || "development", process.cwd())`,
        `module.exports = defineConfig({`,
        `  projectConfig: {`,
        `    databaseUrl: process.env.DATABASE_URL,`,
        `    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "plugin-test", cookieSecret: "plugin-test" },`,
        `  },`,
        `  admin: { disable: true },`,
        `  plugins: [{ resolve: ${JSON.stringify(pkg.name)}, options: {} }],`,
        `})`,
        ``,
      ].join("\n")
    )
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2021", module: "Node16", moduleResolution: "Node16", esModuleInterop: true, skipLibCheck: true, experimentalDecorators: true, emitDecoratorMetadata: true, outDir: "./.medusa/server", rootDir: "./" },
        include: ["**/*"],
        exclude: ["node_modules", ".medusa"],
      })
    )
    await timed("npm install", () => run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app, 10 * 60 * 1000))
    expect(fs.existsSync(path.join(app, "node_modules", pkg.name, ".medusa/server/src/modules/customer-segment/index.js"))).toBe(true)

    // 4. Migrate a fresh database: Medusa's modules and the plugin's.
    await withAdminDb((c) => c.query(`CREATE DATABASE "${db.database}"`))
    const medusa = path.join(app, "node_modules/.bin/medusa")
    await timed("db:migrate", () => run(medusa, ["db:migrate"], app))
    const tables = await new Promise<string[]>((resolve, reject) => {
      const client = new Client({ connectionString: databaseUrl })
      client
        .connect()
        .then(() => client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        .then((r) => resolve(r.rows.map((x: { tablename: string }) => x.tablename)))
        .catch(reject)
        .finally(() => client.end())
    })
    expect(tables).toEqual(expect.arrayContaining(["customer_segment", "customer_segment_member", "order", "customer"]))
    await timed("user", () => run(medusa, ["user", "-e", ADMIN.email, "-p", ADMIN.password], app))

    // 5. Serve and ask.
    const port = await freePort()
    const base = `http://localhost:${port}`
    await timed("develop ready", async () => {
      server = spawn(medusa, ["develop"], { cwd: app, env: { ...childEnv, PORT: String(port) }, detached: true, stdio: ["ignore", "pipe", "pipe"] })
      server.stdout?.on("data", (d) => (serverLog = (serverLog + d).slice(-20000)))
      server.stderr?.on("data", (d) => (serverLog = (serverLog + d).slice(-20000)))
      const deadline = Date.now() + 3 * 60 * 1000
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`medusa develop exited with ${server.exitCode}:\n${serverLog}`)
        const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
        if (ok) return
        await new Promise((r) => setTimeout(r, 500))
      }
      throw new Error(`medusa develop was not ready within 3 minutes:\n${serverLog}`)
    })

    const anonymous = await fetch(`${base}/admin/segments`)
    expect(anonymous.status).toBe(401)

    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const res = await fetch(`${base}/admin/segments`, { headers: { authorization: `Bearer ${token}` } })
    const body = await res.text()
    if (res.status !== 200) throw new Error(`GET /admin/segments answered ${res.status}: ${body}\n--- medusa develop ---\n${serverLog.slice(-6000)}`)
    expect(JSON.parse(body)).toMatchObject({ segments: [], count: 0 })
  })
})
