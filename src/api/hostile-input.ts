import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Values no plugin route can store or compare safely, refused with a 400 that
 * names where they are (`conditions.rules[0].value[2]: ...`) before validation:
 *
 * - NUL (U+0000): PostgreSQL `text` and `jsonb` cannot hold it (the driver
 *   would fail with a 500);
 * - lone UTF-16 surrogates (`"\ud800"` in JSON): not Unicode, the driver would
 *   store U+FFFD instead;
 * - bytes that are not UTF-8 in the raw body (`req.rawBody`, kept by the
 *   routes' `bodyParser: { preserveRawBody: true }`): the JSON parser would
 *   silently turn them into U+FFFD;
 * - `__proto__` as a key anywhere: zod's records drop it, plain objects would
 *   change their prototype;
 * - objects and lists nested more than 32 levels deep (a condition tree needs
 *   at most 13: 5 groups, a rule, its params): Medusa's workflow engine copies
 *   its input recursively and overflows its stack on 2,000 levels.
 *
 * Size and length limits are the body parser's (413) and the validators' (400).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
export const MAX_NESTING = 32
const shorten = (path: string) => (path.length > 80 ? `${path.slice(0, 80)}...` : path)
const utf8 = new TextDecoder("utf-8", { fatal: true })

function at(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key
}

type Problem = { path: string; message: string }

function stringProblem(s: string, invalidUtf8: boolean): string | undefined {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored"
  if (LONE_SURROGATE.test(s)) return "is not valid Unicode (a lone surrogate)"
  if (invalidUtf8 && s.includes("\uFFFD")) return "is not valid UTF-8"
}

function find(value: unknown, path: string, invalidUtf8: boolean, depth = 0): Problem | undefined {
  if (typeof value === "string") {
    const message = stringProblem(value, invalidUtf8)
    return message ? { path, message } : undefined
  }
  if (value === null || typeof value !== "object") return undefined
  // Medusa's workflow engine copies its input recursively: 2,000 levels overflow its stack (a 500)
  if (depth >= MAX_NESTING) return { path: shorten(path), message: `nested more than ${MAX_NESTING} levels deep` }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = find(value[i], at(path, i), invalidUtf8, depth + 1)
      if (p) return p
    }
    return undefined
  }
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return { path: at(path, key), message: '"__proto__" is not allowed as a key' }
    const keyMessage = stringProblem(key, invalidUtf8)
    if (keyMessage) return { path: at(path, JSON.stringify(key)), message: `key ${keyMessage}` }
    const p = find((value as Record<string, unknown>)[key], at(path, key), invalidUtf8, depth + 1)
    if (p) return p
  }
  return undefined
}

function isUtf8(buf: unknown): boolean {
  if (!Buffer.isBuffer(buf)) return true
  try {
    utf8.decode(buf)
    return true
  } catch {
    return false
  }
}

/** Middleware for every plugin route: body and query string. */
export function rejectHostileInput(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const invalidUtf8 = !isUtf8((req as any).rawBody)
  const problem = find(req.body, "", invalidUtf8) ?? find(req.query, "query", false)
  if (problem) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, `${problem.path || "body"}: ${problem.message}`))
  }
  if (invalidUtf8) return next(new MedusaError(MedusaError.Types.INVALID_DATA, "body: is not valid UTF-8"))
  next()
}
