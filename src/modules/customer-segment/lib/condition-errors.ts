import type { ConditionValidationError } from "../conditions"

/** The tree's own path (`rules[1].value`) under the body's key: `conditions.rules[1].value: expected a number`. */
export function conditionErrorMessage(e: ConditionValidationError, prefix = ""): string {
  // the error's message starts with its path, or with "conditions" for the root (path "")
  const own = `${e.path || "conditions"}: `
  const detail = e.message.startsWith(own) ? e.message.slice(own.length) : e.message
  return `${prefix}conditions${e.path ? "." + e.path : ""}: ${detail}`
}
