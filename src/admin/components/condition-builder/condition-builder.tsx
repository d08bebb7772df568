import { QueryBuilderDnD } from "@react-querybuilder/dnd"
import { useMemo, useRef, useState } from "react"
import * as ReactDnD from "react-dnd"
import * as ReactDndHtml5Backend from "react-dnd-html5-backend"
import {
  QueryBuilder,
  type Field,
  type RuleGroupType,
  type RuleType,
} from "react-querybuilder"
import type { Catalogue, CatalogueField, ConditionGroup } from "../../lib/types"
import {
  AddGroupAction,
  AddRuleAction,
  CombinatorSelector,
  DragHandle,
  FieldSelector,
  MedusaValueSelector,
  NotToggle,
  OperatorSelector,
  RemoveGroupAction,
  RemoveRuleAction,
} from "./controls"
import { cleanTree, defaultValueFor, emptyTree } from "./tree"
import { ConditionValueEditor, type BuilderContext } from "./value-editor"

type Props = {
  catalogue: Catalogue
  /** the tree to start from; remount (change `key`) to load another one */
  defaultValue: ConditionGroup | null
  onChange: (tree: ConditionGroup) => void
  /** rule path ("1.0") -> message, from a 400 of the API */
  errors?: Record<string, string>
}

const COMBINATORS = [
  { name: "and", label: "All of (AND)" },
  { name: "or", label: "Any of (OR)" },
]

const classNames = {
  queryBuilder: "flex flex-col gap-2",
  ruleGroup:
    "flex flex-col gap-2 rounded-lg border border-ui-border-base bg-ui-bg-subtle p-3 [&_&]:bg-ui-bg-base",
  header: "flex flex-wrap items-center gap-2",
  body: "flex flex-col gap-2 empty:hidden",
  rule: "flex flex-wrap items-start gap-2 rounded-md border border-ui-border-base bg-ui-bg-base px-2 py-2",
  dndDragging: "opacity-50",
  dndOver: "shadow-[0_-2px_0_0] shadow-ui-border-interactive",
  dndGroup: "",
  dndCopy: "",
}

/**
 * The SPEC §3 condition tree, edited with react-querybuilder and Medusa UI
 * controls. Fields and operators come from GET /admin/segments/conditions.
 */
export const ConditionBuilder = ({ catalogue, defaultValue, onChange, errors }: Props) => {
  const [query, setQuery] = useState<RuleGroupType>(
    () => (defaultValue ?? emptyTree()) as unknown as RuleGroupType
  )
  const fieldMap = useMemo(
    () => new Map(catalogue.fields.map((f) => [f.name, f])),
    [catalogue]
  )

  const fields = useMemo(() => {
    const groups = new Map<string, Field[]>()
    for (const f of catalogue.fields) {
      const list = groups.get(f.group) ?? []
      // react-querybuilder reads `operators` from the field itself, as options
      const operators = f.operators.map((op) => ({
        name: op,
        value: op,
        label: catalogue.operators[op]?.label ?? op,
      }))
      list.push({ ...f, name: f.name, label: f.label, value: f.name, operators } as unknown as Field)
      groups.set(f.group, list)
    }
    return [...groups.entries()].map(([label, options]) => ({ label, options }))
  }, [catalogue])

  const context: BuilderContext = useMemo(
    () => ({ catalogue, errors: errors ?? {} }),
    [catalogue, errors]
  )

  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  return (
    <QueryBuilderDnD dnd={{ ...ReactDnD, ...ReactDndHtml5Backend } as any}>
      <QueryBuilder
        fields={fields as any}
        query={query}
        onQueryChange={(q) => {
          setQuery(q)
          onChangeRef.current(cleanTree(q, catalogue))
        }}
        combinators={COMBINATORS}
        getOperators={(field) => {
          const f = fieldMap.get(field)
          return (f?.operators ?? []).map((op) => ({
            name: op,
            value: op,
            label: catalogue.operators[op]?.label ?? op,
          }))
        }}
        getDefaultOperator={(field) => fieldMap.get(field)?.operators[0] ?? "eq"}
        getDefaultValue={(rule: RuleType) =>
          defaultValueFor(fieldMap.get(rule.field) as CatalogueField, rule.operator, catalogue)
        }
        onAddRule={(rule) => ({ ...rule, params: undefined })}
        context={context}
        showNotToggle
        enableDragAndDrop
        resetOnFieldChange
        resetOnOperatorChange
        maxLevels={5}
        controlClassnames={classNames}
        controlElements={{
          valueSelector: MedusaValueSelector,
          fieldSelector: FieldSelector,
          operatorSelector: OperatorSelector,
          combinatorSelector: CombinatorSelector,
          notToggle: NotToggle,
          addRuleAction: AddRuleAction,
          addGroupAction: AddGroupAction,
          removeRuleAction: RemoveRuleAction,
          removeGroupAction: RemoveGroupAction,
          dragHandle: DragHandle,
          valueEditor: ConditionValueEditor,
        }}
        translations={{
          addRule: { label: "Condition", title: "Add condition" },
          addGroup: { label: "Group", title: "Add group" },
          fields: { title: "Field", placeholderLabel: "Choose a field" },
          operators: { title: "Operator", placeholderLabel: "Choose" },
        }}
      />
    </QueryBuilderDnD>
  )
}
