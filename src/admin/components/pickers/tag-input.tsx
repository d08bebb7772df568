import { XMarkMini } from "@medusajs/icons"
import { Badge, clx } from "@medusajs/ui"
import { useState } from "react"

type Props = {
  value: (string | number)[] | null | undefined
  onChange: (value: (string | number)[]) => void
  numeric?: boolean
  placeholder?: string
  invalid?: boolean
  disabled?: boolean
  className?: string
}

/** Free values (email domains, SKUs, codes...): type, then Enter or comma. */
export const TagInput = ({
  value,
  onChange,
  numeric,
  placeholder = "Type and press Enter",
  invalid,
  disabled,
  className,
}: Props) => {
  const values = Array.isArray(value) ? value : []
  const [draft, setDraft] = useState("")

  const commit = () => {
    const parts = draft
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
    if (!parts.length) {
      return
    }
    const next = parts.map((p) => (numeric ? Number(p) : p)).filter((p) =>
      numeric ? !Number.isNaN(p) : true
    )
    onChange([...values, ...next.filter((n) => !values.includes(n))])
    setDraft("")
  }

  return (
    <div
      className={clx(
        "bg-ui-bg-field shadow-borders-base txt-compact-small flex min-h-8 min-w-[200px] flex-wrap items-center gap-1 rounded-md px-2 py-1",
        invalid && "shadow-borders-error",
        className
      )}
    >
      {values.map((v) => (
        <Badge key={String(v)} size="2xsmall" className="gap-x-0.5">
          {String(v)}
          {!disabled && (
            <button
              type="button"
              aria-label={`Remove ${v}`}
              className="text-ui-fg-muted hover:text-ui-fg-subtle"
              onClick={() => onChange(values.filter((x) => x !== v))}
            >
              <XMarkMini />
            </button>
          )}
        </Badge>
      ))}
      <input
        disabled={disabled}
        className="min-w-[80px] flex-1 bg-transparent outline-none placeholder:text-ui-fg-muted"
        placeholder={values.length ? "" : placeholder}
        value={draft}
        inputMode={numeric ? "decimal" : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === ",") {
            e.preventDefault()
            commit()
          } else if (e.key === "Backspace" && !draft && values.length) {
            onChange(values.slice(0, -1))
          }
        }}
      />
    </div>
  )
}
