import type { CustomerSnapshot } from "../types"

export type ConditionRule = {
  id?: string
  field: string
  operator: string
  value?: unknown
  params?: Record<string, unknown>
}

export type ConditionGroup = {
  id?: string
  combinator: "and" | "or"
  not?: boolean
  rules: Array<ConditionGroup | ConditionRule>
}

export type CompileContext = { now: Date; defaultCurrency: string; audience: "all" | "registered" }

export type EvalContext = { now: Date; defaultCurrency: string; globalAverages: Record<string, number | null> }

/** What both engines share: the injected clock and the store's default currency. */
export type EngineContext = { now: Date; defaultCurrency: string }

export type { CustomerSnapshot }

export function isGroup(node: ConditionGroup | ConditionRule): node is ConditionGroup {
  return Array.isArray((node as ConditionGroup).rules)
}

export class ConditionValidationError extends Error {
  readonly path: string
  constructor(path: string, message: string) {
    super(`${path || "conditions"}: ${message}`)
    this.name = "ConditionValidationError"
    this.path = path
  }
}
