import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** Label, control, hint and error of one form field (the dashboard's Form.Item look). */
export const FormField = ({
  label,
  htmlFor,
  optional,
  hint,
  error,
  children,
}: {
  label: string
  htmlFor?: string
  optional?: boolean
  hint?: ReactNode
  error?: string
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2">
    <Label size="small" weight="plus" htmlFor={htmlFor} className="flex items-center gap-x-1">
      {label}
      {optional && (
        <Text size="small" className="text-ui-fg-muted" asChild>
          <span>(Optional)</span>
        </Text>
      )}
    </Label>
    {children}
    {hint && !error && (
      <Text size="small" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
    {error && (
      <Text size="small" className="text-ui-fg-error">
        {error}
      </Text>
    )}
  </div>
)
