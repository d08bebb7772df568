import Medusa from "@medusajs/js-sdk"

/**
 * The JS SDK, authenticated with the admin session cookie the dashboard
 * already holds. Every admin screen of the plugin goes through it.
 */
export const sdk = new Medusa({
  baseUrl: "/",
  auth: { type: "session" },
})

/** The message of an error thrown by `sdk.client.fetch` (Medusa's `{ type, message }` shape). */
export const errorMessage = (error: unknown): string => {
  if (!error) {
    return "Something went wrong"
  }
  if (typeof error === "string") {
    return error
  }
  const e = error as { message?: string; body?: { message?: string } }
  return e.body?.message ?? e.message ?? "Something went wrong"
}
