import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminPromotion, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Select, Skeleton, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { EntityPicker } from "../components/pickers/entity-picker"
import { usePromotionSegmentRule, useSavePromotionSegmentRule } from "../hooks/segments"
import { errorMessage } from "../lib/sdk"
import type { PromotionSegmentRule } from "../lib/types"

/** The promotion's "customer segment is one of / is not one of" rule. */
const PromotionSegmentRuleWidget = ({ data: promotion }: DetailWidgetProps<AdminPromotion>) => {
  const { data, isLoading, error } = usePromotionSegmentRule(promotion.id)
  const save = useSavePromotionSegmentRule(promotion.id)
  const [operator, setOperator] = useState<PromotionSegmentRule["operator"]>("in")
  const [ids, setIds] = useState<string[]>([])
  const [editing, setEditing] = useState(false)
  const rule = data?.rule ?? null

  useEffect(() => {
    setOperator(rule?.operator ?? "in")
    setIds(rule?.segment_ids ?? [])
  }, [rule?.operator, rule?.segment_ids?.join(",")])

  const onSave = () =>
    save.mutate(ids.length ? { operator, segment_ids: ids } : null, {
      onSuccess: () => {
        toast.success(ids.length ? "Segment rule saved" : "Segment rule removed")
        setEditing(false)
      },
      onError: (e) => toast.error(errorMessage(e)),
    })

  const onRemove = () =>
    save.mutate(null, {
      onSuccess: () => {
        toast.success("Segment rule removed")
        setEditing(false)
      },
      onError: (e) => toast.error(errorMessage(e)),
    })

  return (
    <Container className="divide-y p-0" data-testid="promotion-segment-rule-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Customer segments</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Applies the promotion only to customers in (or not in) these segments.
          </Text>
        </div>
        {!editing && !isLoading && !error && (
          <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
            {rule ? "Edit" : "Add segment rule"}
          </Button>
        )}
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        {isLoading ? (
          <Skeleton className="h-8 w-full" />
        ) : error ? (
          <Text size="small" className="text-ui-fg-error">
            {errorMessage(error)}
          </Text>
        ) : editing ? (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <Text size="small" weight="plus">
                Customer segment
              </Text>
              <div className="w-[160px]">
                <Select
                  size="small"
                  value={operator}
                  onValueChange={(v) => setOperator(v as PromotionSegmentRule["operator"])}
                >
                  <Select.Trigger>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value="in">is one of</Select.Item>
                    <Select.Item value="ne">is not one of</Select.Item>
                  </Select.Content>
                </Select>
              </div>
              <EntityPicker
                kind="segment"
                value={ids}
                onChange={setIds}
                className="min-w-[260px] flex-1"
              />
            </div>
            <div className="flex items-center justify-end gap-2">
              {rule && (
                <Button
                  size="small"
                  variant="danger"
                  onClick={onRemove}
                  disabled={save.isPending}
                >
                  Remove rule
                </Button>
              )}
              <Button size="small" variant="secondary" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button size="small" onClick={onSave} isLoading={save.isPending}>
                Save
              </Button>
            </div>
          </>
        ) : rule ? (
          <div className="flex flex-wrap items-center gap-2">
            <Text size="small">Customer segment</Text>
            <Badge size="2xsmall">{rule.operator === "ne" ? "is not one of" : "is one of"}</Badge>
            <EntityPicker kind="segment" value={rule.segment_ids} onChange={() => {}} disabled />
          </div>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            No segment rule: every customer can use this promotion.
          </Text>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "promotion.details.after",
})

export default PromotionSegmentRuleWidget
