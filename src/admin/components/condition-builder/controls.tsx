import { DotsSix, Plus, Trash, XMark } from "@medusajs/icons"
import { Button, clx, IconButton, Label, Select, Switch, Text } from "@medusajs/ui"
import { forwardRef } from "react"
import type {
  ActionProps,
  CombinatorSelectorProps,
  DragHandleProps,
  FieldSelectorProps,
  NotToggleProps,
  OperatorSelectorProps,
  ValueSelectorProps,
} from "react-querybuilder"
import { pathKey } from "./tree"

type OptionLike = { name: string; value?: string; label: string }
type GroupLike = { label: string; options: OptionLike[] }

const isGroupList = (options: unknown[]): options is GroupLike[] =>
  options.length > 0 && Array.isArray((options[0] as GroupLike).options)

const optionValue = (o: OptionLike) => o.value ?? o.name

/** A Medusa UI Select for field, operator, combinator and value lists. */
export const MedusaValueSelector = ({
  options,
  value,
  handleOnChange,
  disabled,
  className,
  title,
  testID,
}: ValueSelectorProps) => {
  const list = options as unknown as (OptionLike | GroupLike)[]
  return (
    <div className={clx("min-w-[140px]", className)} data-testid={testID}>
      <Select
        size="small"
        value={value ?? undefined}
        onValueChange={handleOnChange}
        disabled={disabled}
      >
        <Select.Trigger aria-label={title}>
          <Select.Value placeholder={title} />
        </Select.Trigger>
        <Select.Content className="z-[100] max-h-[360px]">
          {isGroupList(list)
            ? list.map((g) => (
                <Select.Group key={g.label}>
                  <Select.Label>{g.label}</Select.Label>
                  {g.options.map((o) => (
                    <Select.Item key={optionValue(o)} value={optionValue(o)}>
                      {o.label}
                    </Select.Item>
                  ))}
                </Select.Group>
              ))
            : (list as OptionLike[]).map((o) => (
                <Select.Item key={optionValue(o)} value={optionValue(o)}>
                  {o.label}
                </Select.Item>
              ))}
        </Select.Content>
      </Select>
    </div>
  )
}

export const FieldSelector = (props: FieldSelectorProps) => (
  <MedusaValueSelector {...(props as ValueSelectorProps)} className="min-w-[220px]" />
)

export const OperatorSelector = (props: OperatorSelectorProps) => (
  <MedusaValueSelector {...(props as ValueSelectorProps)} className="min-w-[170px]" />
)

/** AND / OR, plus the server's error for this group, if any. */
export const CombinatorSelector = (props: CombinatorSelectorProps) => {
  const error = props.context?.errors?.[pathKey(props.path)] as string | undefined
  return (
    <div className="flex items-center gap-2">
      <MedusaValueSelector {...(props as ValueSelectorProps)} className="min-w-[90px]" />
      {error && (
        <Text size="small" className="text-ui-fg-error" data-testid="condition-group-error">
          {error}
        </Text>
      )}
    </div>
  )
}

export const NotToggle = ({ checked, handleOnChange, path, disabled }: NotToggleProps) => {
  const id = `not-${pathKey(path) || "root"}`
  return (
    <div className="flex items-center gap-1.5">
      <Switch
        id={id}
        size="small"
        checked={!!checked}
        disabled={disabled}
        onCheckedChange={(c) => handleOnChange(!!c)}
      />
      <Label htmlFor={id} size="xsmall" className="text-ui-fg-subtle">
        Not
      </Label>
    </div>
  )
}

export const AddRuleAction = ({ handleOnClick, disabled }: ActionProps) => (
  <Button
    type="button"
    size="small"
    variant="secondary"
    disabled={disabled}
    onClick={(e) => handleOnClick(e)}
  >
    <Plus />
    Condition
  </Button>
)

export const AddGroupAction = ({ handleOnClick, disabled }: ActionProps) => (
  <Button
    type="button"
    size="small"
    variant="transparent"
    disabled={disabled}
    onClick={(e) => handleOnClick(e)}
  >
    <Plus />
    Group
  </Button>
)

export const RemoveRuleAction = ({ handleOnClick, disabled }: ActionProps) => (
  <IconButton
    type="button"
    size="small"
    variant="transparent"
    aria-label="Remove condition"
    disabled={disabled}
    onClick={(e) => handleOnClick(e)}
  >
    <Trash />
  </IconButton>
)

export const RemoveGroupAction = ({ handleOnClick, disabled }: ActionProps) => (
  <IconButton
    type="button"
    size="small"
    variant="transparent"
    aria-label="Remove group"
    disabled={disabled}
    onClick={(e) => handleOnClick(e)}
  >
    <XMark />
  </IconButton>
)

export const DragHandle = forwardRef<HTMLSpanElement, DragHandleProps>(
  ({ className, dragHandleAttributes }, ref) => (
    <span
      ref={ref}
      {...dragHandleAttributes}
      title="Drag to reorder"
      className={clx(
        "text-ui-fg-muted hover:text-ui-fg-subtle flex cursor-grab items-center",
        className
      )}
    >
      <DotsSix />
    </span>
  )
)
DragHandle.displayName = "DragHandle"
