import { FIELDS } from "./catalogue"
import { FieldType, OPERATORS, Operator } from "./operators"

export type CatalogueDescription = {
  fields: Array<{
    name: string
    label: string
    group: string
    type: FieldType
    operators: string[]
    params: Array<{ name: string; type: string; values?: string[]; description?: string; required?: boolean }>
    picker?: string
    description?: string
  }>
  operators: Record<string, { label: string; value: "none" | "single" | "pair" | "list" }>
}

/** The catalogue for condition builders (GET /admin/segments/conditions). */
export function describeCatalogue(): CatalogueDescription {
  return {
    fields: [...FIELDS.values()].map((f) => ({
      name: f.name,
      label: f.label,
      group: f.group,
      type: f.type,
      operators: [...f.operators],
      params: f.params.map((p) => ({
        name: p.name,
        type: p.type,
        ...(p.values ? { values: [...p.values] } : {}),
        ...(p.description ? { description: p.description } : {}),
        ...(p.required ? { required: true } : {}),
      })),
      ...(f.picker ? { picker: f.picker } : {}),
      ...(f.description ? { description: f.description } : {}),
    })),
    operators: Object.fromEntries(
      (Object.keys(OPERATORS) as Operator[]).map((op) => [op, { label: OPERATORS[op].label, value: OPERATORS[op].value }])
    ),
  }
}
