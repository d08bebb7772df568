import type { ConditionValidationError } from "../conditions"

/** The tree's own path (`rules[1].value`) under the body's key: `conditions.rules[1].value: expected a number`. */
export function conditionErrorMessage(e: ConditionValidationError, prefix = ""): string {
  const detail = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message
  return `${prefix}conditions${e.path ? "." + e.path : ""}: ${detail}`
}
