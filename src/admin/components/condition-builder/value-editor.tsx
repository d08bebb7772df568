import { Adjustments } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  clx,
  Input,
  Label,
  Popover,
  Select,
  Switch,
  Text,
} from "@medusajs/ui"
import { update, type ValueEditorProps } from "react-querybuilder"
import { pickerForParam } from "../../lib/pickers"
import type { Catalogue, CatalogueField, CatalogueParam } from "../../lib/types"
import { EntityPicker } from "../pickers/entity-picker"
import { TagInput } from "../pickers/tag-input"
import { arityOf, isRelativeDateOperator, pathKey } from "./tree"

export type BuilderContext = {
  catalogue: Catalogue
  errors: Record<string, string>
}

const toNumber = (s: string): number | string => (s === "" ? "" : Number(s))

/** `2024-05-01` for a date input, from an ISO string or a date. */
const toDateInput = (v: unknown): string =>
  typeof v === "string" && v.length >= 10 ? v.slice(0, 10) : ""

type SingleProps = {
  field: CatalogueField
  operator: string
  value: unknown
  onChange: (v: unknown) => void
  invalid: boolean
  testId?: string
}

const SingleValue = ({ field, operator, value, onChange, invalid, testId }: SingleProps) => {
  switch (field.type) {
    case "boolean":
      return (
        <div className="min-w-[100px]">
          <Select
            size="small"
            value={value === false || value === "false" ? "false" : "true"}
            onValueChange={(v) => onChange(v === "true")}
          >
            <Select.Trigger aria-invalid={invalid}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content className="z-[100]">
              <Select.Item value="true">Yes</Select.Item>
              <Select.Item value="false">No</Select.Item>
            </Select.Content>
          </Select>
        </div>
      )
    case "number":
      return (
        <Input
          size="small"
          type="number"
          className="w-[120px]"
          aria-invalid={invalid}
          data-testid={testId}
          value={value === null || value === undefined ? "" : String(value)}
          onChange={(e) => onChange(toNumber(e.target.value))}
        />
      )
    case "date":
      if (isRelativeDateOperator(operator)) {
        return (
          <div className="flex items-center gap-1.5">
            <Input
              size="small"
              type="number"
              min={0}
              className="w-[90px]"
              aria-invalid={invalid}
              data-testid={testId}
              value={value === null || value === undefined ? "" : String(value)}
              onChange={(e) => onChange(toNumber(e.target.value))}
            />
            <Text size="small" className="text-ui-fg-subtle">
              {operator.includes("ago") ? "days ago" : "days"}
            </Text>
          </div>
        )
      }
      return (
        <Input
          size="small"
          type="date"
          className="w-[160px]"
          aria-invalid={invalid}
          data-testid={testId}
          value={toDateInput(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      )
    case "id_list":
      return field.picker ? (
        <EntityPicker
          kind={field.picker}
          value={Array.isArray(value) ? value : value ? [String(value)] : []}
          onChange={onChange}
          invalid={invalid}
          testId={testId}
        />
      ) : (
        <TagInput
          value={Array.isArray(value) ? value : value ? [String(value)] : []}
          onChange={onChange}
          invalid={invalid}
        />
      )
    default:
      // a string chosen from a list (RFM groups): one option
      if (field.picker) {
        return (
          <EntityPicker
            kind={field.picker}
            multiple={false}
            value={typeof value === "string" && value ? value : null}
            onChange={(v) => onChange(v ?? "")}
            invalid={invalid}
            testId={testId}
          />
        )
      }
      return (
        <Input
          size="small"
          className="w-[200px]"
          aria-invalid={invalid}
          data-testid={testId}
          value={value === null || value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }
}

/** Edits one entry of `rule.params` (status, within_days, currency_code, key...). */
const ParamInput = ({
  param,
  value,
  onChange,
}: {
  param: CatalogueParam
  value: unknown
  onChange: (v: unknown) => void
}) => {
  const listType = /\[\]|list|array/.test(param.type)
  const values = (param.values ?? []).map((v) =>
    typeof v === "string" ? { value: v, label: v } : { value: v.value, label: v.label ?? v.value }
  )
  const picker = pickerForParam(param.name)
  if (values.length && listType) {
    const chosen = Array.isArray(value) ? (value as string[]) : []
    return (
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {values.map((v) => (
          <label key={v.value} className="txt-compact-small flex items-center gap-1.5">
            <Checkbox
              checked={chosen.includes(v.value)}
              onCheckedChange={(c) =>
                onChange(c ? [...chosen, v.value] : chosen.filter((x) => x !== v.value))
              }
            />
            {v.label}
          </label>
        ))}
      </div>
    )
  }
  if (values.length) {
    return (
      <Select
        size="small"
        value={value ? String(value) : undefined}
        onValueChange={(v) => onChange(v === "__default" ? undefined : v)}
      >
        <Select.Trigger>
          <Select.Value placeholder="Default" />
        </Select.Trigger>
        <Select.Content className="z-[110]">
          <Select.Item value="__default">Default</Select.Item>
          {values.map((v) => (
            <Select.Item key={v.value} value={v.value}>
              {v.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    )
  }
  if (picker) {
    return (
      <EntityPicker
        kind={picker}
        multiple={listType}
        value={value as string | string[] | undefined}
        onChange={onChange}
        placeholder="Any"
      />
    )
  }
  if (param.type === "boolean") {
    return <Switch checked={!!value} onCheckedChange={(c) => onChange(!!c)} />
  }
  if (param.type === "number" || param.type === "integer") {
    return (
      <Input
        size="small"
        type="number"
        value={value === undefined || value === null ? "" : String(value)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    )
  }
  if (listType) {
    return <TagInput value={value as string[]} onChange={onChange} />
  }
  return (
    <Input
      size="small"
      value={value === undefined || value === null ? "" : String(value)}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

const paramLabel = (name: string) =>
  name
    .replace(/_ids?$/, "")
    .replace(/_code$/, "")
    .replace(/_/g, " ")
    .replace(/^\w/, (c) => c.toUpperCase())

const ParamsEditor = ({
  field,
  params,
  onChange,
  keyParam,
}: {
  field: CatalogueField
  params: Record<string, unknown>
  onChange: (params: Record<string, unknown>) => void
  keyParam?: CatalogueParam
}) => {
  const rest = field.params.filter((p) => p !== keyParam)
  const set = Object.entries(params).filter(
    ([k, v]) => k !== keyParam?.name && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length)
  ).length
  if (!rest.length) {
    return null
  }
  return (
    <Popover>
      <Popover.Trigger asChild>
        <Button type="button" size="small" variant="transparent" data-testid="condition-options">
          <Adjustments />
          Options
          {set > 0 && <Badge size="2xsmall">{set}</Badge>}
        </Button>
      </Popover.Trigger>
      <Popover.Content align="end" className="z-[100] flex w-[340px] flex-col gap-3 p-3">
        {rest.map((p) => (
          <div key={p.name} className="flex flex-col gap-1">
            <Label size="xsmall" weight="plus">
              {paramLabel(p.name)}
            </Label>
            {p.description && (
              <Text size="xsmall" className="text-ui-fg-subtle">
                {p.description}
              </Text>
            )}
            <ParamInput
              param={p}
              value={params[p.name]}
              onChange={(v) => onChange({ ...params, [p.name]: v })}
            />
          </div>
        ))}
      </Popover.Content>
    </Popover>
  )
}

/**
 * The value editor of every rule: picks its editor from the catalogue field
 * type and the operator's arity (none / single / pair / list), then the
 * field's params (order statuses, time window, currency...).
 */
export const ConditionValueEditor = (props: ValueEditorProps) => {
  const ctx = props.context as BuilderContext
  const field = props.fieldData as unknown as CatalogueField
  const error = ctx?.errors?.[pathKey(props.path)]
  const invalid = !!error
  const arity = arityOf(ctx?.catalogue, props.operator)
  const params = ((props.rule as any).params ?? {}) as Record<string, unknown>
  const setParams = (next: Record<string, unknown>) =>
    props.schema.dispatchQuery(update(props.schema.getQuery(), "params", next, props.path))

  // `customer.attribute` / `purchases.attribute`: the metadata key is a
  // param, but it reads as part of the condition, so it stays inline.
  const keyParam = field?.params?.find((p) => p.name === "key")
  const currency = field?.params?.some((p) => p.name === "currency_code")
    ? (params.currency_code as string | undefined)
    : undefined

  let editor: React.ReactNode = null
  if (field && arity === "pair") {
    const pair = Array.isArray(props.value) ? props.value : ["", ""]
    const single = (i: number) => (
      <SingleValue
        field={field.type === "id_list" ? { ...field, type: "string" } : field}
        operator="between"
        value={pair[i]}
        invalid={invalid}
        testId={`condition-value-${i}`}
        onChange={(v) => {
          const next = [...pair]
          next[i] = v
          props.handleOnChange(next)
        }}
      />
    )
    editor = (
      <div className="flex items-center gap-1.5">
        {single(0)}
        <Text size="small" className="text-ui-fg-subtle">
          and
        </Text>
        {single(1)}
      </div>
    )
  } else if (field && arity === "list") {
    editor = field.picker ? (
      <EntityPicker
        kind={field.picker}
        value={Array.isArray(props.value) ? props.value : []}
        onChange={props.handleOnChange}
        invalid={invalid}
        testId="condition-value"
      />
    ) : (
      <TagInput
        value={Array.isArray(props.value) ? props.value : []}
        numeric={field.type === "number"}
        onChange={props.handleOnChange}
        invalid={invalid}
      />
    )
  } else if (field && arity === "single") {
    editor = (
      <SingleValue
        field={field}
        operator={props.operator}
        value={props.value}
        onChange={props.handleOnChange}
        invalid={invalid}
        testId="condition-value"
      />
    )
  }

  return (
    <div className="flex flex-1 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        {keyParam && (
          <Input
            size="small"
            className="w-[140px]"
            placeholder="metadata key"
            value={String(params.key ?? "")}
            onChange={(e) => setParams({ ...params, key: e.target.value })}
          />
        )}
        {currency && <Badge size="2xsmall">{currency.toUpperCase()}</Badge>}
        {editor}
        {field && (
          <ParamsEditor field={field} params={params} onChange={setParams} keyParam={keyParam} />
        )}
      </div>
      {error && (
        <Text
          size="small"
          className={clx("text-ui-fg-error")}
          data-testid="condition-rule-error"
        >
          {error}
        </Text>
      )}
    </div>
  )
}
