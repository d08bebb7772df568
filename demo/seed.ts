/**
 * The demo store: `medusa exec ./demo/seed.ts` (scripts/dev.mjs runs it once,
 * when the product table is empty). Deterministic: a fixed random seed, and
 * dates relative to the start of the current UTC day.
 *
 * Two regions, a sales channel with a publishable key, shipping options, 20
 * products (collections, categories, types, tags, metadata.manufacturer), 4
 * promotion codes, about 300 customers (registered and guests) and about 1,500
 * real orders over the last two years, plus a few abandoned carts. Every order is
 * placed through Medusa's cart and order workflows (demo/fixtures); only dates
 * are moved back afterwards with direct UPDATEs.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCartWorkflow, updateStoresWorkflow } from "@medusajs/medusa/core-flows"
import {
  createCustomers,
  createPromotionCodes,
  createRandom,
  createStoreBasics,
  CustomerInput,
  FixtureAddress,
  FixtureCustomer,
  MANUFACTURERS,
  OrderStatusChoice,
  placeOrders,
  PlaceOrderInput,
  StoreBasics,
} from "./fixtures"
import { DEMO_SEGMENTS } from "./segments"

const SEED = 20240501
const CUSTOMERS = Number(process.env.DEMO_CUSTOMERS ?? 300)
const ORDERS = Number(process.env.DEMO_ORDERS ?? 1500)
const OPEN_CARTS = Math.round(CUSTOMERS / 12)
const DAY = 24 * 60 * 60 * 1000

const FIRST_NAMES = {
  female: ["Anna", "Marie", "Sofia", "Emma", "Lucia", "Julia", "Chloe", "Olivia", "Laura", "Clara", "Mia", "Elena", "Grace", "Nora"],
  male: ["Lukas", "Paul", "Hugo", "Mateo", "Luca", "Noah", "Liam", "Felix", "Jonas", "Leo", "Ethan", "Marco", "David", "Tom"],
}
const LAST_NAMES = ["Muller", "Schmidt", "Martin", "Bernard", "Garcia", "Rossi", "Bianchi", "de Jong", "Peeters", "Gruber", "Smith", "Johnson", "Brown", "Tremblay", "Wilson", "Lopez", "Fischer", "Dubois", "Moreau", "Visser"]
const DOMAINS: [string, number][] = [
  ["gmail.com", 30], ["outlook.com", 14], ["yahoo.com", 10], ["web.de", 8], ["orange.fr", 6],
  ["icloud.com", 8], ["acme.com", 6], ["globex.com", 5], ["proton.me", 4], ["example.org", 3],
]
const PLACES: Record<string, { weight: number; cities: [string, string, string?][] }> = {
  de: { weight: 24, cities: [["Berlin", "10115"], ["Hamburg", "20095"], ["Munich", "80331"], ["Cologne", "50667"]] },
  fr: { weight: 14, cities: [["Paris", "75002"], ["Lyon", "69001"], ["Marseille", "13001"]] },
  es: { weight: 8, cities: [["Madrid", "28013"], ["Barcelona", "08002"]] },
  it: { weight: 8, cities: [["Rome", "00184"], ["Milan", "20121"]] },
  nl: { weight: 6, cities: [["Amsterdam", "1012"], ["Rotterdam", "3011"]] },
  be: { weight: 4, cities: [["Brussels", "1000"], ["Antwerp", "2000"]] },
  at: { weight: 4, cities: [["Vienna", "1010"], ["Graz", "8010"]] },
  us: { weight: 24, cities: [["New York", "10001", "NY"], ["Austin", "78701", "TX"], ["San Francisco", "94103", "CA"], ["Chicago", "60601", "IL"]] },
  ca: { weight: 8, cities: [["Toronto", "M5H 2N2", "ON"], ["Vancouver", "V6B 1A1", "BC"], ["Montreal", "H2Y 1C6", "QC"]] },
}
const STREETS = ["Main Street", "Market Square", "Station Road", "Park Lane", "Rue de la Paix", "Via Roma", "Calle Mayor", "Kerkstraat", "Hauptstrasse"]

type Persona = {
  customer: FixtureCustomer
  since: Date
  address: FixtureAddress
  favourite: (typeof MANUFACTURERS)[number]
  /** Relative number of orders. */
  activity: number
  /** Stopped buying this many days ago (0: still active). */
  departedDaysAgo: number
}

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const started = Date.now()
  const lap = (what: string) => logger.info(`[seed] ${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`)
  const rnd = createRandom(SEED)
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00.000Z").getTime()
  const daysAgo = (days: number) => new Date(today - days * DAY + rnd.int(8 * 3600, 21 * 3600) * 1000)

  const store = await createStoreBasics(container, { productCount: 20, variantsPerProduct: 3 })
  await createPromotionCodes(container, [
    { code: "WELCOME10", percentage: 10 },
    { code: "SUMMER15", percentage: 15 },
    { code: "VIP20", percentage: 20 },
    { code: "BLACKFRIDAY25", percentage: 25 },
  ])
  lap(`store: ${store.regions.length} regions, ${store.products.length} products, ${store.variants.length} variants, publishable key ${store.publishable_key.token}`)

  // Customers: about 70% registered, the rest guests.
  const countries = Object.entries(PLACES).map(([code, p]) => [code, p.weight] as const)
  const inputs: (CustomerInput & { since: Date; address: FixtureAddress })[] = []
  const used = new Set<string>()
  for (let i = 0; i < CUSTOMERS; i++) {
    const gender = rnd.weighted([["female", 48], ["male", 48], ["diverse", 4]] as const)
    const first = rnd.pick(gender === "male" ? FIRST_NAMES.male : gender === "female" ? FIRST_NAMES.female : [...FIRST_NAMES.female, ...FIRST_NAMES.male])
    const last = rnd.pick(LAST_NAMES)
    let email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${rnd.weighted(DOMAINS)}`
    while (used.has(email)) email = email.replace("@", `${rnd.int(1, 99)}@`)
    used.add(email)
    const country = rnd.weighted(countries)
    const [city, postal, province] = rnd.pick(PLACES[country].cities)
    const address: FixtureAddress = {
      first_name: first,
      last_name: last,
      address_1: `${rnd.int(1, 180)} ${rnd.pick(STREETS)}`,
      city,
      postal_code: postal,
      country_code: country,
      ...(province ? { province } : {}),
      phone: `+${rnd.int(10, 99)} ${rnd.int(100, 999)} ${rnd.int(100000, 999999)}`,
    }
    const registered = rnd.chance(0.7)
    const born = new Date(Date.UTC(rnd.int(1950, 2005), rnd.int(0, 11), rnd.int(1, 28)))
    const since = daysAgo(rnd.int(20, 730))
    inputs.push({
      email,
      first_name: first,
      last_name: last,
      phone: address.phone,
      company_name: email.endsWith("acme.com") ? "Acme Corp" : email.endsWith("globex.com") ? "Globex Inc" : undefined,
      registered,
      metadata: { gender, birth_date: born.toISOString().slice(0, 10), newsletter: rnd.chance(0.4) },
      addresses: registered ? [address] : [],
      created_at: since,
      since,
      address,
    })
  }
  const customers = await createCustomers(container, inputs)
  lap(`customers: ${customers.length} (${customers.filter((c) => c.has_account).length} registered)`)

  const personas: Persona[] = customers.map((customer, i) => {
    const kind = rnd.weighted([["vip", 6], ["regular", 34], ["occasional", 45], ["never", 15]] as const)
    return {
      customer,
      since: inputs[i].since,
      address: inputs[i].address,
      favourite: rnd.pick(MANUFACTURERS),
      activity: { vip: 14, regular: 5, occasional: 1.6, never: 0 }[kind],
      departedDaysAgo: rnd.chance(0.3) ? rnd.int(60, 400) : 0,
    }
  })

  // Orders, distributed by activity, dated between the customer's creation and departure.
  const buyers = personas.filter((p) => p.activity > 0 && (today - p.since.getTime()) / DAY > p.departedDaysAgo + 1)
  const totalActivity = buyers.reduce((s, p) => s + p.activity, 0)
  const specs: (PlaceOrderInput & { created_at: Date })[] = []
  for (const p of buyers) {
    const count = Math.max(1, Math.round((p.activity / totalActivity) * ORDERS * (0.6 + rnd.next() * 0.8)))
    const firstDay = Math.floor((today - p.since.getTime()) / DAY)
    for (let n = 0; n < count; n++) {
      const at = daysAgo(rnd.int(p.departedDaysAgo, Math.max(p.departedDaysAgo, firstDay - 1)))
      specs.push({ ...orderSpec(rnd, store, p, at), created_at: at })
    }
  }
  specs.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
  // Codes: a welcome code on some first orders, seasonal codes by date, VIP20 for the most active.
  const seen = new Set<string>()
  for (const spec of specs) {
    const id = spec.customer!.id
    const first = !seen.has(id)
    seen.add(id)
    const month = spec.created_at.getUTCMonth()
    const persona = buyers.find((b) => b.customer.id === id)!
    if (first && rnd.chance(0.25)) spec.promo_code = "WELCOME10"
    else if (month >= 5 && month <= 7 && rnd.chance(0.15)) spec.promo_code = "SUMMER15"
    else if (month === 10 && spec.created_at.getUTCDate() >= 20 && rnd.chance(0.6)) spec.promo_code = "BLACKFRIDAY25"
    else if (persona.activity >= 14 && rnd.chance(0.2)) spec.promo_code = "VIP20"
    // Orders with a code go through the storefront checkout; the others are
    // admin-created orders, three to four times faster (see placeOrder's `via`).
    spec.via = spec.promo_code ? "cart" : "order"
  }

  const workers = Math.max(1, Number(process.env.DEMO_WORKERS ?? 2))
  logger.info(`[seed] placing ${specs.length} orders through Medusa's workflows in ${workers} process(es) ...`)
  await placeDemoOrders(container, specs, workers, logger)
  const statuses = specs.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status!]: (acc[s.status!] ?? 0) + 1 }), {})
  lap(`orders: ${specs.length} (${Object.entries(statuses).map(([k, v]) => `${v} ${k}`).join(", ")}; ${specs.filter((s) => s.promo_code).length} with a code)`)

  await createOpenCarts(container, rnd, store, personas, today)
  lap(`open carts: ${OPEN_CARTS}`)

  await createDemoSegments(container, logger)
  // scripts/dev.mjs looks for this mark to tell a finished seed from an interrupted one.
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.store_id }, update: { metadata: { demo_seeded_at: new Date().toISOString(), demo_seed: SEED } } },
  })
  lap("done")
}

/**
 * Workflows keep a Node process busy, so the orders are shared out (round
 * robin, so display ids follow dates roughly) between this process and
 * `workers - 1` child processes running demo/seed-orders.ts.
 */
async function placeDemoOrders(container: MedusaContainer, specs: PlaceOrderInput[], workers: number, logger: { info(msg: string): void }) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "demo-orders-")), "orders.json")
  fs.writeFileSync(file, JSON.stringify(specs))
  try {
    const children = Array.from({ length: workers - 1 }, (_, i) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(path.resolve("node_modules/.bin/medusa"), ["exec", "./demo/seed-orders.ts"], {
          env: { ...process.env, DEMO_ORDERS_FILE: file, DEMO_SHARD: String(i + 1), DEMO_SHARDS: String(workers) },
          stdio: ["ignore", "inherit", "inherit"],
        })
        child.on("error", reject)
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`demo/seed-orders.ts shard ${i + 1} exited with ${code}`))))
      })
    )
    const own = placeShard(container, file, 0, workers, logger)
    await Promise.all([own, ...children])
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}

export async function placeShard(container: MedusaContainer, file: string, shard: number, shards: number, logger: { info(msg: string): void }) {
  const all = JSON.parse(fs.readFileSync(file, "utf8")) as PlaceOrderInput[]
  const mine = all
    .filter((_, i) => i % shards === shard)
    .map((s) => ({ ...s, created_at: s.created_at ? new Date(s.created_at) : undefined }))
  const started = Date.now()
  let lastReport = 0
  await placeOrders(container, mine, {
    concurrency: Number(process.env.DEMO_CONCURRENCY ?? 3),
    onProgress: (done) => {
      if (done - lastReport >= 100 || done === mine.length) {
        lastReport = done
        const rate = done / ((Date.now() - started) / 1000)
        logger.info(`[seed] shard ${shard + 1}/${shards}: ${done}/${mine.length} orders (${rate.toFixed(1)}/s)`)
      }
    },
  })
}

function orderSpec(rnd: ReturnType<typeof createRandom>, store: StoreBasics, p: Persona, at: Date): PlaceOrderInput {
  const age = (Date.now() - at.getTime()) / DAY
  const status: OrderStatusChoice =
    age < 14
      ? rnd.weighted([["pending", 75], ["completed", 20], ["canceled", 5]] as const)
      : rnd.weighted([["completed", 82], ["canceled", 10], ["pending", 8]] as const)
  const lines = rnd.weighted([[1, 45], [2, 30], [3, 17], [4, 8]] as const)
  const favourites = store.products.filter((x) => x.metadata.manufacturer === p.favourite)
  const products = new Map<string, { variant_id: string; quantity: number }>()
  while (products.size < lines) {
    const product = favourites.length && rnd.chance(0.55) ? rnd.pick(favourites) : rnd.pick(store.products)
    const variant = rnd.pick(product.variants)
    if (!products.has(variant.id)) products.set(variant.id, { variant_id: variant.id, quantity: rnd.weighted([[1, 70], [2, 22], [3, 8]] as const) })
  }
  return {
    customer: p.customer,
    items: [...products.values()],
    status,
    shipping_address: p.address,
    shipping_option_id: rnd.chance(0.15) ? store.shipping_options[1].id : store.shipping_options[0].id,
    sales_channel_id: store.sales_channel.id,
    region_id: store.regions.find((r) => r.countries.includes(p.address.country_code))!.id,
  }
}

/** Carts that never became orders, for "abandoned cart" segments; backdated by direct UPDATE. */
async function createOpenCarts(container: MedusaContainer, rnd: ReturnType<typeof createRandom>, store: StoreBasics, personas: Persona[], today: number) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const chosen = rnd.sample(personas, OPEN_CARTS)
  for (const p of chosen) {
    const region = store.regions.find((r) => r.countries.includes(p.address.country_code))!
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: region.id,
        sales_channel_id: store.sales_channel.id,
        customer_id: p.customer.id,
        email: p.customer.email,
        shipping_address: p.address,
        items: rnd.sample(store.variants, rnd.int(1, 3)).map((v) => ({ variant_id: v.id, quantity: rnd.int(1, 2) })),
      },
    })
    const at = new Date(today - rnd.int(1, 60) * DAY + rnd.int(8 * 3600, 21 * 3600) * 1000)
    await knex("cart").where("id", cart.id).update({ created_at: at, updated_at: at })
    await knex("cart_line_item").where("cart_id", cart.id).update({ created_at: at, updated_at: at })
  }
}

/**
 * Example segments, with what the plugin offers at this point: the activity
 * data built first (so rules segments fill at once), then
 * `createSegmentsWorkflow` (validates and refreshes), else the module's
 * `createSegments`, else nothing. A failure here is logged, not fatal: the
 * store data is complete without it.
 */
async function createDemoSegments(container: MedusaContainer, logger: { info(msg: string): void; warn(msg: string): void }) {
  if (!container.hasRegistration("customerSegment")) {
    logger.info("[seed] no customerSegment module: no example segments")
    return
  }
  try {
    // Loaded by path: the plugin's code may not have these yet while it is being built.
    const load = (rel: string) => import(path.join(__dirname, "..", rel)).catch(() => null) as Promise<Record<string, any> | null>
    const workflows = await load("src/workflows")
    if (workflows?.runActivityBackfill) {
      const run = await workflows.runActivityBackfill(container)
      logger.info(`[seed] activity data built (${run?.progress?.done ?? "?"} customers)`)
    }
    let created: { name: string; customer_count?: number }[]
    if (workflows?.createSegmentsWorkflow) {
      const { result } = await workflows.createSegmentsWorkflow(container).run({ input: { segments: DEMO_SEGMENTS } })
      created = result
    } else {
      const service = container.resolve("customerSegment") as Record<string, any>
      if (typeof service.createSegments !== "function") {
        logger.info("[seed] the segment module has no createSegments yet: no example segments")
        return
      }
      created = await service.createSegments(DEMO_SEGMENTS)
    }
    logger.info(`[seed] example segments: ${created.map((s) => s.name).join(", ")}`)
  } catch (e) {
    logger.warn(`[seed] example segments skipped: ${(e as Error).message}`)
  }
}
