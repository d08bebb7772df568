import { Check, MagnifyingGlass, XMarkMini } from "@medusajs/icons"
import { Badge, clx, Input, Popover, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useMemo, useState } from "react"
import { PICKERS, type PickerOption } from "../../lib/pickers"
import type { PickerKind } from "../../lib/types"
import { TagInput } from "./tag-input"

const useDebounced = <T,>(value: T, ms = 250) => {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

type Props = {
  kind: PickerKind
  /** ids; a string in single mode */
  value: string[] | string | null | undefined
  onChange: (value: any) => void
  multiple?: boolean
  placeholder?: string
  disabled?: boolean
  invalid?: boolean
  className?: string
  testId?: string
}

/**
 * Searches the store through the admin API (products, collections, regions,
 * customer groups, segments...) and keeps the chosen ids.
 */
export const EntityPicker = (props: Props) =>
  // a catalogue picker without a search source (promotion codes, ...): typed values, not a crash
  PICKERS[props.kind] ? (
    <SourcePicker {...props} />
  ) : (
    <TagInput
      value={Array.isArray(props.value) ? props.value : props.value ? [props.value] : []}
      onChange={(v) => {
        const ids = v.map(String)
        props.onChange(props.multiple === false ? ids[ids.length - 1] ?? null : ids)
      }}
      placeholder={props.placeholder}
      invalid={props.invalid}
      disabled={props.disabled}
      className={props.className}
    />
  )

const SourcePicker = ({
  kind,
  value,
  onChange,
  multiple = true,
  placeholder,
  disabled,
  invalid,
  className,
  testId,
}: Props) => {
  const source = PICKERS[kind]
  const ids = useMemo(
    () => (Array.isArray(value) ? value : value ? [value] : []).map(String),
    [value]
  )
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState("")
  const debounced = useDebounced(q)

  const { data: options = [], isFetching } = useQuery({
    queryKey: ["customer_segments", "picker", kind, debounced],
    queryFn: () => source.search(debounced),
    enabled: open,
    staleTime: 30_000,
  })
  const { data: resolved = [] } = useQuery({
    queryKey: ["customer_segments", "picker-resolve", kind, [...ids].sort()],
    queryFn: () => source.resolve(ids),
    enabled: ids.length > 0,
    staleTime: 60_000,
  })

  const labels = useMemo(() => {
    const m = new Map<string, PickerOption>()
    for (const o of [...resolved, ...options]) {
      m.set(o.value, o)
    }
    return m
  }, [resolved, options])

  const toggle = (id: string) => {
    if (multiple) {
      onChange(ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id])
    } else {
      onChange(ids[0] === id ? null : id)
      setOpen(false)
    }
  }

  return (
    <Popover open={open} onOpenChange={(o) => !disabled && setOpen(o)}>
      <Popover.Trigger asChild>
        <button
          type="button"
          disabled={disabled}
          data-testid={testId}
          aria-invalid={invalid || undefined}
          className={clx(
            "bg-ui-bg-field shadow-borders-base txt-compact-small flex min-h-8 min-w-[200px] flex-wrap items-center gap-1 rounded-md px-2 py-1 text-left outline-none",
            "hover:bg-ui-bg-field-hover focus-visible:shadow-borders-interactive-with-active",
            invalid && "shadow-borders-error",
            disabled && "cursor-not-allowed opacity-60",
            className
          )}
        >
          {ids.length === 0 && (
            <span className="text-ui-fg-muted">{placeholder ?? source.placeholder}</span>
          )}
          {ids.map((id) => (
            <Badge key={id} size="2xsmall" className="gap-x-0.5">
              <span className="max-w-[160px] truncate">{labels.get(id)?.label ?? id}</span>
              {!disabled && (
                <span
                  role="button"
                  aria-label="Remove"
                  tabIndex={-1}
                  className="text-ui-fg-muted hover:text-ui-fg-subtle"
                  onClick={(e) => {
                    e.stopPropagation()
                    toggle(id)
                  }}
                >
                  <XMarkMini />
                </span>
              )}
            </Badge>
          ))}
        </button>
      </Popover.Trigger>
      <Popover.Content
        align="start"
        className="z-[100] w-[320px] p-0"
        onOpenAutoFocus={(e) => e.preventDefault()}
      >
        <div className="border-ui-border-base flex items-center gap-2 border-b px-2 py-1.5">
          <MagnifyingGlass className="text-ui-fg-muted" />
          <Input
            autoFocus
            size="small"
            className="flex-1"
            placeholder={source.placeholder}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <div className="max-h-[260px] overflow-y-auto p-1" role="listbox">
          {options.length === 0 && (
            <Text size="small" className="text-ui-fg-muted px-2 py-3">
              {isFetching ? "Searching..." : "No results"}
            </Text>
          )}
          {options.map((o) => {
            const selected = ids.includes(o.value)
            return (
              <button
                type="button"
                role="option"
                aria-selected={selected}
                key={o.value}
                onClick={() => toggle(o.value)}
                className="hover:bg-ui-bg-base-hover txt-compact-small flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left"
              >
                <span className="flex size-4 items-center justify-center">
                  {selected && <Check />}
                </span>
                <span className="flex-1 truncate">{o.label}</span>
                {o.hint && <span className="text-ui-fg-muted truncate">{o.hint}</span>}
              </button>
            )
          })}
        </div>
      </Popover.Content>
    </Popover>
  )
}
