import { Badge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { PICKERS, pickerForParam } from "../../lib/pickers"
import type { Catalogue, ConditionGroup, ConditionRule, PickerKind } from "../../lib/types"
import { arityOf, isGroup, isRelativeDateOperator } from "./tree"

const Ids = ({ kind, ids }: { kind: PickerKind; ids: string[] }) => {
  const { data } = useQuery({
    queryKey: ["customer_segments", "picker-resolve", kind, [...ids].sort()],
    queryFn: () => PICKERS[kind].resolve(ids),
    enabled: ids.length > 0 && !!PICKERS[kind],
    staleTime: 60_000,
  })
  const labels = new Map((data ?? []).map((o) => [o.value, o.label]))
  return (
    <>
      {ids.map((id) => (
        <Badge key={id} size="2xsmall">
          {labels.get(id) ?? id}
        </Badge>
      ))}
    </>
  )
}

const show = (v: unknown): string =>
  v === true ? "yes" : v === false ? "no" : v === null || v === undefined || v === "" ? "-" : String(v)

const RuleLine = ({ rule, catalogue }: { rule: ConditionRule; catalogue?: Catalogue }) => {
  const field = catalogue?.fields.find((f) => f.name === rule.field)
  const op = catalogue?.operators[rule.operator]?.label ?? rule.operator
  const arity = arityOf(catalogue, rule.operator)
  const values = Array.isArray(rule.value) ? rule.value : [rule.value]
  const params = Object.entries(rule.params ?? {})
  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="condition-line">
      <Text size="small" weight="plus">
        {field?.label ?? rule.field}
      </Text>
      <Text size="small" className="text-ui-fg-subtle">
        {op}
      </Text>
      {arity !== "none" &&
        (field?.picker && field.type === "id_list" ? (
          <Ids kind={field.picker} ids={values.map(String)} />
        ) : arity === "pair" ? (
          <Text size="small">
            {show(values[0])} and {show(values[1])}
          </Text>
        ) : (
          <Text size="small">
            {values.map(show).join(", ")}
            {field?.type === "date" && isRelativeDateOperator(rule.operator) ? " days" : ""}
          </Text>
        ))}
      {params.map(([k, v]) => {
        const kind = pickerForParam(k)
        return (
          <span key={k} className="flex items-center gap-1">
            <Text size="xsmall" className="text-ui-fg-muted">
              {k.replace(/_/g, " ")}:
            </Text>
            {kind && kind !== "currency" ? (
              <Ids kind={kind} ids={(Array.isArray(v) ? v : [v]).map(String)} />
            ) : (
              <Badge size="2xsmall">{Array.isArray(v) ? v.join(", ") : show(v)}</Badge>
            )}
          </span>
        )
      })}
    </div>
  )
}

const GroupView = ({
  group,
  catalogue,
  root,
}: {
  group: ConditionGroup
  catalogue?: Catalogue
  root?: boolean
}) => (
  <div
    className={
      root
        ? "flex flex-col gap-2"
        : "border-ui-border-base flex flex-col gap-2 border-l-2 pl-3"
    }
  >
    <Text size="xsmall" weight="plus" className="text-ui-fg-muted uppercase">
      {group.not ? "Not: " : ""}
      {group.combinator === "or" ? "Any of" : "All of"}
    </Text>
    {group.rules.map((r, i) =>
      isGroup(r) ? (
        <GroupView key={i} group={r} catalogue={catalogue} />
      ) : (
        <RuleLine key={i} rule={r as ConditionRule} catalogue={catalogue} />
      )
    )}
  </div>
)

/** Read-only rendering of a condition tree. */
export const ConditionsView = ({
  conditions,
  catalogue,
}: {
  conditions: ConditionGroup | null
  catalogue?: Catalogue
}) => {
  if (!conditions || !conditions.rules?.length) {
    return (
      <Text size="small" className="text-ui-fg-subtle">
        No conditions.
      </Text>
    )
  }
  return <GroupView group={conditions} catalogue={catalogue} root />
}
