import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Multi-process mode (README "At scale"): with REDIS_URL, events, workflows and
// locks go through Redis so that servers and workers share them; without it
// everything stays in process and no Redis is needed (npm run dev, npm test).
const redisUrl = process.env.REDIS_URL
const workerMode = (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined) ?? "shared"
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []

// This repository is both the plugin and a demo store that loads the plugin's
// code from src/. A store that installs the published package uses
// `plugins: [{ resolve: "medusa-customer-segments", options }]` instead.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    ...(redisUrl ? { redisUrl } : {}),
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  // the cluster's processes serve no admin build (scripts/dev-cluster.mjs, the cluster tests)
  admin: { disable: process.env.MEDUSA_ADMIN_DISABLE === "true" },
  modules: [
    ...redisModules,
    {
      resolve: "./src/modules/customer-segment",
      options: {
        refresh_hour: Number(process.env.SEGMENTS_REFRESH_HOUR ?? 2),
        timezone: process.env.SEGMENTS_TIMEZONE ?? "UTC",
        register_promotion_hooks: process.env.SEGMENTS_PROMOTION_HOOKS !== "false",
        // storefront events (docs/storefront-events.md); JSON, e.g. {"per_customer":{"burst":30,"per_minute":60}}
        ...(process.env.SEGMENTS_EVENT_RATE_LIMIT ? { event_rate_limit: JSON.parse(process.env.SEGMENTS_EVENT_RATE_LIMIT) } : {}),
        ...(process.env.SEGMENTS_ASYNC_REFRESH_THRESHOLD ? { async_refresh_threshold: Number(process.env.SEGMENTS_ASYNC_REFRESH_THRESHOLD) } : {}),
        ...(process.env.SEGMENTS_REFRESH_RUN_STALE_SECONDS ? { refresh_run_stale_seconds: Number(process.env.SEGMENTS_REFRESH_RUN_STALE_SECONDS) } : {}),
        ...(process.env.SEGMENTS_VIEW_RETENTION_DAYS ? { view_retention_days: Number(process.env.SEGMENTS_VIEW_RETENTION_DAYS) } : {}),
      },
    },
  ],
})
