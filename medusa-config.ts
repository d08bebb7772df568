import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// This repository is both the plugin and a demo store that loads the plugin's
// code from src/. A store that installs the published package uses
// `plugins: [{ resolve: "medusa-customer-segments", options }]` instead.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  modules: [
    {
      resolve: "./src/modules/customer-segment",
      options: {
        refresh_hour: Number(process.env.SEGMENTS_REFRESH_HOUR ?? 2),
        timezone: process.env.SEGMENTS_TIMEZONE ?? "UTC",
        register_promotion_hooks: process.env.SEGMENTS_PROMOTION_HOOKS !== "false",
        // storefront events (docs/storefront-events.md); JSON, e.g. {"per_customer":{"burst":30,"per_minute":60}}
        ...(process.env.SEGMENTS_EVENT_RATE_LIMIT ? { event_rate_limit: JSON.parse(process.env.SEGMENTS_EVENT_RATE_LIMIT) } : {}),
        ...(process.env.SEGMENTS_VIEW_RETENTION_DAYS ? { view_retention_days: Number(process.env.SEGMENTS_VIEW_RETENTION_DAYS) } : {}),
      },
    },
  ],
})
