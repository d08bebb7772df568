import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../modules/customer-segment/service"
import type { RateLimit } from "../../../../modules/customer-segment/types"

/**
 * Token buckets in this process's memory: each key may spend `burst` requests
 * at once and earns `per_minute` back per minute. With several server
 * processes each keeps its own buckets (a client spread over N processes gets
 * up to N times the limit); put a shared limiter in front for a hard cap.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  constructor(private readonly limit: RateLimit, private readonly maxKeys = 100_000) {}

  /** Spends one token of `key`; when there is none, says in how many seconds there will be. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retry_after: number } {
    const perMs = this.limit.per_minute / 60_000
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now }
    const tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * perMs)
    if (tokens >= 1) {
      this.set(key, { tokens: tokens - 1, at: now })
      return { ok: true }
    }
    this.set(key, { tokens, at: now })
    return { ok: false, retry_after: perMs > 0 ? Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) : 60 }
  }

  private set(key: string, value: { tokens: number; at: number }) {
    this.buckets.delete(key) // re-inserted last: the oldest keys are dropped first when full
    this.buckets.set(key, value)
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string)
  }
}

let limiters: { customer: TokenBuckets; ip: TokenBuckets } | null = null

function limitersOf(req: MedusaRequest) {
  if (!limiters) {
    const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
    const opts = service.getOptions().event_rate_limit ?? {}
    limiters = {
      customer: new TokenBuckets(opts.per_customer ?? { burst: 30, per_minute: 60 }),
      ip: new TokenBuckets(opts.per_ip ?? { burst: 120, per_minute: 600 }),
    }
  }
  return limiters
}

/** For tests: forget every bucket (and re-read the options). */
export function resetEventRateLimits() {
  limiters = null
}

/**
 * 429 `{ type, message }` with Retry-After when the caller's IP (req.ip:
 * Express's trust proxy setting decides whether X-Forwarded-For counts) or the
 * logged-in customer has no token left. Runs after authentication.
 */
export function rateLimitStoreEvents() {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const l = limitersOf(req)
    const auth = (req as any).auth_context
    const customerId = auth?.actor_type === "customer" && auth.actor_id ? String(auth.actor_id) : null
    const checks: Array<[TokenBuckets, string, string]> = [[l.ip, `ip:${req.ip ?? "unknown"}`, "this address"]]
    if (customerId) checks.push([l.customer, `customer:${customerId}`, "this customer"])
    for (const [buckets, key, who] of checks) {
      const r = buckets.take(key)
      if (!r.ok) {
        res.setHeader("Retry-After", String(r.retry_after))
        res.status(429).json({ type: "too_many_requests", message: `Too many storefront events from ${who}: retry in ${r.retry_after} s` })
        return
      }
    }
    next()
  }
}
