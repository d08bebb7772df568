import { zodResolver } from "@hookform/resolvers/zod"
import { PencilSquare, Plus, Trash } from "@medusajs/icons"
import { Badge, Button, Container, Drawer, Heading, IconButton, Input, Skeleton, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Controller, useForm } from "react-hook-form"
import { Link } from "react-router-dom"
import { z } from "zod"
import { EntityPicker } from "../../../../components/pickers/entity-picker"
import { FormField } from "../../../../components/segment-form/field"
import { useDeleteSegmentPriceRule, useSaveSegmentPriceRule, useSegmentPrices } from "../../../../hooks/segments"
import { formatDateTime, formatMoney, formatNumber } from "../../../../lib/format"
import { errorMessage } from "../../../../lib/sdk"
import type { PickerKind, Segment, SegmentPriceRule, SegmentPriceRuleScope } from "../../../../lib/types"

type ScopeKey = keyof SegmentPriceRuleScope

const SCOPES: Array<{ key: ScopeKey; kind: PickerKind; label: string; one: string; many: string }> = [
  { key: "product_ids", kind: "product", label: "Products", one: "product", many: "products" },
  { key: "collection_ids", kind: "collection", label: "Collections", one: "collection", many: "collections" },
  { key: "category_ids", kind: "category", label: "Categories", one: "category", many: "categories" },
  { key: "type_ids", kind: "product_type", label: "Product types", one: "type", many: "types" },
  { key: "tag_ids", kind: "product_tag", label: "Product tags", one: "tag", many: "tags" },
]
const WHERE: Array<{ key: ScopeKey; kind: PickerKind; label: string }> = [
  { key: "currency_codes", kind: "currency", label: "Currencies" },
  { key: "region_ids", kind: "region", label: "Regions" },
]

const count = (ids: string[] | null | undefined, one: string, many: string) =>
  ids?.length ? `${ids.length} ${ids.length === 1 ? one : many}` : null

/** "90% of the original price · 2 collections, 1 tag · EUR" */
const describeRule = (rule: SegmentPriceRule) => {
  const what = SCOPES.map((s) => count(rule[s.key], s.one, s.many)).filter(Boolean).join(" or ")
  const where = [
    rule.currency_codes?.length ? rule.currency_codes.map((c) => c.toUpperCase()).join(", ") : null,
    count(rule.region_ids, "region", "regions"),
  ].filter(Boolean)
  return [what ? `products in ${what}` : "all products", where.length ? where.join(", ") : "every currency and region"].join(" · ")
}

const schema = z.object({
  percentage: z
    .number({ message: "Enter a percentage" })
    .gt(0, "More than 0")
    .lte(100, "At most 100: a segment price is a share of the original price"),
  product_ids: z.array(z.string()),
  collection_ids: z.array(z.string()),
  category_ids: z.array(z.string()),
  type_ids: z.array(z.string()),
  tag_ids: z.array(z.string()),
  currency_codes: z.array(z.string()),
  region_ids: z.array(z.string()),
})
type Values = z.infer<typeof schema>

const emptyValues = (rule?: SegmentPriceRule | null): Values => ({
  percentage: rule?.percentage ?? 90,
  product_ids: rule?.product_ids ?? [],
  collection_ids: rule?.collection_ids ?? [],
  category_ids: rule?.category_ids ?? [],
  type_ids: rule?.type_ids ?? [],
  tag_ids: rule?.tag_ids ?? [],
  currency_codes: rule?.currency_codes ?? [],
  region_ids: rule?.region_ids ?? [],
})

/** The add / edit form of a price rule, in a drawer; the server's 400 is shown at the field it names. */
const PriceRuleDrawer = ({
  segment,
  rule,
  open,
  onOpenChange,
  needsGroup,
}: {
  segment: Segment
  rule: SegmentPriceRule | null
  open: boolean
  onOpenChange: (open: boolean) => void
  needsGroup: boolean
}) => {
  const save = useSaveSegmentPriceRule(segment.id)
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: emptyValues(rule) })
  useEffect(() => {
    if (open) {
      form.reset(emptyValues(rule))
      setFormError(null)
    }
  }, [open, rule, form])

  const submit = form.handleSubmit((values) => {
    // Empty lists mean "all": sent as null.
    const body = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? (v.length ? v : null) : v])
    )
    save.mutate(
      { rule_id: rule?.id, body },
      {
        onSuccess: (r) => {
          const made = r.customer_group?.created_by_plugin && needsGroup
          toast.success(
            made
              ? `Price rule saved. Customer group "${r.customer_group!.name}" was created for this segment.`
              : "Price rule saved, prices recomputed"
          )
          onOpenChange(false)
        },
        onError: (e) => {
          const message = errorMessage(e)
          const field = /^(\w+)\s*:\s*(.+)$/.exec(message)
          if (field && field[1] in schema.shape) {
            form.setError(field[1] as keyof Values, { message: field[2] })
          }
          setFormError(message)
          toast.error(message)
        },
      }
    )
  })

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>{rule ? "Edit price rule" : "Add price rule"}</Drawer.Title>
            <Drawer.Description className="sr-only">A percentage of the original price for the segment's members</Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-1 flex-col gap-4 overflow-y-auto">
            {needsGroup && (
              <Text size="small" className="text-ui-fg-subtle" data-testid="segment-prices-group-notice">
                This segment moves its members into no customer group. Medusa's price lists reach customers through groups,
                so saving creates the group "Segment: {segment.name}" and moves the members into it.
              </Text>
            )}
            <FormField label="Percentage of the original price" htmlFor="percentage" error={form.formState.errors.percentage?.message} hint="90 means 10% off. Where several rules or segments apply, the lowest price wins.">
              <Input id="percentage" type="number" step="0.01" min="0" max="100" {...form.register("percentage", { valueAsNumber: true })} data-testid="segment-price-percentage" />
            </FormField>
            <Text size="small" weight="plus">
              For products in (none chosen: all products)
            </Text>
            {SCOPES.map((s) => (
              <FormField key={s.key} label={s.label} optional error={form.formState.errors[s.key as keyof Values]?.message as string | undefined}>
                <Controller
                  control={form.control}
                  name={s.key as keyof Values}
                  render={({ field }) => <EntityPicker kind={s.kind} value={field.value as string[]} onChange={field.onChange} className="w-full" />}
                />
              </FormField>
            ))}
            <Text size="small" weight="plus">
              Where (none chosen: every currency and region)
            </Text>
            {WHERE.map((s) => (
              <FormField key={s.key} label={s.label} optional error={form.formState.errors[s.key as keyof Values]?.message as string | undefined}>
                <Controller
                  control={form.control}
                  name={s.key as keyof Values}
                  render={({ field }) => <EntityPicker kind={s.kind} value={field.value as string[]} onChange={field.onChange} className="w-full" />}
                />
              </FormField>
            ))}
            {formError && (
              <Text size="small" className="text-ui-fg-error">
                {formError}
              </Text>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={save.isPending} data-testid="segment-price-save">
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

/**
 * The segment's prices: its rules (a percentage of the original price), the
 * Medusa price list the plugin maintains for them, with a link to it, and an
 * example product with its original and segment price.
 */
export const SegmentPrices = ({ segment }: { segment: Segment }) => {
  const { data, isLoading, error } = useSegmentPrices(segment.id)
  const remove = useDeleteSegmentPriceRule(segment.id)
  const prompt = usePrompt()
  const [editing, setEditing] = useState<SegmentPriceRule | null>(null)
  const [open, setOpen] = useState(false)

  const openDrawer = (rule: SegmentPriceRule | null) => {
    setEditing(rule)
    setOpen(true)
  }
  const onDelete = async (rule: SegmentPriceRule) => {
    const last = data?.rules.length === 1
    const ok = await prompt({
      title: "Remove price rule?",
      description: last
        ? "This is the segment's last price rule: its price list is deleted and members pay the original prices again."
        : "Its prices are recomputed without it.",
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!ok) {
      return
    }
    remove.mutate(rule.id, {
      onSuccess: () => toast.success("Price rule removed"),
      onError: (e) => toast.error(errorMessage(e)),
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="segment-prices">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Prices</Heading>
        <Button size="small" variant="secondary" onClick={() => openDrawer(null)} data-testid="segment-prices-add">
          <Plus />
          Add rule
        </Button>
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Skeleton className="h-[60px] w-full" />
        </div>
      ) : error || !data ? (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {errorMessage(error)}
        </Text>
      ) : (
        <>
          {data.rules.length === 0 ? (
            <Text size="small" className="text-ui-fg-subtle px-6 py-4">
              No segment prices. Add a rule to give members a percentage of the original price, in every storefront and cart.
            </Text>
          ) : (
            <div className="divide-y">
              {data.rules.map((rule) => (
                <div key={rule.id} className="flex items-center gap-3 px-6 py-3" data-testid="segment-price-rule">
                  <Badge size="2xsmall" color="blue">
                    {formatNumber(rule.percentage)}%
                  </Badge>
                  <Text size="small" className="min-w-0 flex-1 truncate">
                    {describeRule(rule)}
                  </Text>
                  <IconButton size="small" variant="transparent" onClick={() => openDrawer(rule)} aria-label="Edit rule">
                    <PencilSquare />
                  </IconButton>
                  <IconButton size="small" variant="transparent" onClick={() => onDelete(rule)} aria-label="Remove rule">
                    <Trash />
                  </IconButton>
                </div>
              ))}
            </div>
          )}
          {data.price_list && (
            <div className="flex flex-col gap-2 px-6 py-4">
              <Text size="small">
                Price list{" "}
                <Link to={`/price-lists/${data.price_list.id}`} className="text-ui-fg-interactive" data-testid="segment-prices-list-link">
                  {data.price_list.title}
                </Link>{" "}
                ({data.price_list.type}, {formatNumber(data.price_list.price_count)} prices
                {data.price_list.last_synced_at ? `, computed ${formatDateTime(data.price_list.last_synced_at)}` : ""})
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                The plugin maintains this price list: it recomputes its prices when original prices, products or rules
                change. Do not edit its prices or its customer-group condition by hand; edit the rules here.
              </Text>
            </div>
          )}
          {data.customer_group && (
            <Text size="small" className="text-ui-fg-subtle px-6 py-3">
              For customer group{" "}
              <Link to={`/customers/customer-groups/${data.customer_group.id}`} className="text-ui-fg-interactive">
                {data.customer_group.name}
              </Link>
              {data.customer_group.created_by_plugin ? " (created by the plugin for this segment)" : ""}
            </Text>
          )}
          {data.example && (
            <div className="flex items-center justify-between gap-3 px-6 py-3" data-testid="segment-prices-example">
              <Text size="small" className="min-w-0 truncate">
                <Link to={`/products/${data.example.product_id}`} className="text-ui-fg-interactive">
                  {data.example.product_title}
                </Link>{" "}
                · {data.example.variant_title}
              </Text>
              <Text size="small">
                <span className="text-ui-fg-muted line-through">
                  {formatMoney(data.example.original_amount, data.example.currency_code)}
                </span>{" "}
                <span className="font-medium">{formatMoney(data.example.segment_amount, data.example.currency_code)}</span>
              </Text>
            </div>
          )}
        </>
      )}
      <PriceRuleDrawer
        segment={segment}
        rule={editing}
        open={open}
        onOpenChange={setOpen}
        needsGroup={!segment.customer_group_id && !data?.customer_group}
      />
    </Container>
  )
}
