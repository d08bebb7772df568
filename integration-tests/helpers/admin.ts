import jwt from "jsonwebtoken"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * A real admin: a user, its emailpass identity, and a JWT signed with the
 * store's secret, as the admin dashboard would hold after logging in.
 */
export async function createAdminHeaders(container: MedusaContainer, email = "admin@test.local") {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const user = await userModule.createUsers({ email })
  const identity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const config = container.resolve("configModule") as any
  const secret = config.projectConfig.http.jwtSecret
  const token = jwt.sign({ actor_id: user.id, actor_type: "user", auth_identity_id: identity.id }, secret, { expiresIn: "1d" })
  return { headers: { authorization: `Bearer ${token}` } }
}

/** A publishable key, required by every /store route. */
export async function createPublishableKeyHeaders(container: MedusaContainer) {
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const key = await apiKeyModule.createApiKeys({ title: "test", type: "publishable", created_by: "test" })
  return { "x-publishable-api-key": key.token }
}

/** Registers a customer with a password and returns its store headers (JWT + publishable key). */
export async function registerStoreCustomer(
  api: any,
  publishable: Record<string, string>,
  input: { email: string; password?: string; first_name?: string; last_name?: string }
) {
  const password = input.password ?? "secret-password"
  const { data: reg } = await api.post("/auth/customer/emailpass/register", { email: input.email, password })
  await api.post(
    "/store/customers",
    { email: input.email, first_name: input.first_name ?? "Test", last_name: input.last_name ?? "Customer" },
    { headers: { ...publishable, authorization: `Bearer ${reg.token}` } }
  )
  const { data: login } = await api.post("/auth/customer/emailpass", { email: input.email, password })
  const headers = { ...publishable, authorization: `Bearer ${login.token}` }
  const { data: me } = await api.get("/store/customers/me", { headers })
  return { customer: me.customer, headers }
}
