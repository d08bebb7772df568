import { zodResolver } from "@hookform/resolvers/zod"
import {
  Alert,
  Button,
  FocusModal,
  Heading,
  Input,
  RadioGroup,
  Select,
  Skeleton,
  Switch,
  Text,
  Textarea,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Controller, useForm } from "react-hook-form"
import { useNavigate } from "react-router-dom"
import { z } from "zod"
import {
  useConditionCatalogue,
  useCreateSegment,
  usePreviewSegment,
  usePreviewSegmentChange,
  useSegmentTemplates,
  useUpdateSegment,
} from "../../hooks/segments"
import { REFRESH_MODE_LABELS } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { ConditionGroup, RefreshMode, Segment, SegmentWritable } from "../../lib/types"
import { ConditionBuilder } from "../condition-builder/condition-builder"
import { countRules, emptyTree, parseErrorPath, pathKey } from "../condition-builder/tree"
import { EntityPicker } from "../pickers/entity-picker"
import { useRouteModalClose } from "../route-focus-modal"
import { FormField } from "./field"
import { PreviewPanel } from "./preview-panel"
import { confirmDependents } from "../../lib/confirm-dependents"

const REFRESH_MODES = ["manual", "daily", "weekly", "monthly", "realtime"] as const

const schema = z.object({
  name: z.string().trim().min(1, "Give the segment a name"),
  description: z.string().optional(),
  membership: z.enum(["rules", "manual"]),
  audience: z.enum(["registered", "all"]),
  refresh_mode: z.enum(REFRESH_MODES),
  customer_group_id: z.string().nullable(),
  leave_group_on_exit: z.boolean(),
  storefront_visible: z.boolean(),
  is_active: z.boolean(),
  conditions: z.any(),
})

type Values = z.infer<typeof schema>

const REFRESH_HINTS: Record<RefreshMode, string> = {
  manual: "Only when someone presses Refresh.",
  daily: "Every day, at the store's refresh hour.",
  weekly: "Every Sunday.",
  monthly: "On the 1st of every month.",
  realtime: "Within seconds of each order, customer or cart event, plus a daily full refresh.",
}

const toValues = (s?: Segment): Values => ({
  name: s?.name ?? "",
  description: s?.description ?? "",
  membership: s?.membership ?? "rules",
  audience: s?.audience ?? "registered",
  refresh_mode: s?.refresh_mode ?? "daily",
  customer_group_id: s?.customer_group_id ?? null,
  leave_group_on_exit: s?.leave_group_on_exit ?? true,
  storefront_visible: s?.storefront_visible ?? false,
  is_active: s?.is_active ?? true,
  conditions: s?.conditions ?? emptyTree(),
})

/** Create and edit form of a segment, with the condition builder and templates. */
export const SegmentForm = ({ segment }: { segment?: Segment }) => {
  const close = useRouteModalClose()
  const navigate = useNavigate()
  const isEdit = !!segment
  const { data: catalogue, isLoading: catalogueLoading, error: catalogueError } =
    useConditionCatalogue()
  const { data: templates } = useSegmentTemplates()
  const create = useCreateSegment()
  const updateSegment = useUpdateSegment(segment?.id ?? "")
  const preview = usePreviewSegment()
  // editing: who joins and who leaves if the edit is saved
  const changePreview = usePreviewSegmentChange(segment?.id ?? "")
  const prompt = usePrompt()

  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: toValues(segment),
  })
  const membership = form.watch("membership")
  const refreshMode = form.watch("refresh_mode")
  const groupId = form.watch("customer_group_id")

  // remount the builder when a template replaces the whole tree
  const [builderKey, setBuilderKey] = useState(0)
  const [ruleErrors, setRuleErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [previewedTree, setPreviewedTree] = useState<string | null>(null)
  const [templateId, setTemplateId] = useState<string | undefined>()

  const conditions = form.watch("conditions") as ConditionGroup | null
  const treeJson = useMemo(() => JSON.stringify(conditions), [conditions])

  /** Puts a 400 at the rule it names, else at the top of the form. */
  const showError = (error: unknown) => {
    const message = errorMessage(error)
    const parsed = parseErrorPath(message)
    if (parsed) {
      setRuleErrors({ [pathKey(parsed.path)]: parsed.message })
      setFormError(`Check the highlighted condition: ${message}`)
    } else {
      const field = /^(\w+)\s*:\s*(.+)$/.exec(message)
      if (field && field[1] in schema.shape) {
        form.setError(field[1] as keyof Values, { message: field[2] })
      }
      setFormError(message)
    }
    toast.error(message)
  }

  const applyTemplate = (id: string) => {
    const t = templates?.templates.find((x) => x.id === id)
    if (!t) {
      return
    }
    setTemplateId(id)
    form.reset({
      ...form.getValues(),
      name: t.segment.name,
      description: t.segment.description ?? t.description ?? "",
      audience: t.segment.audience,
      refresh_mode: t.segment.refresh_mode,
      membership: t.segment.conditions ? "rules" : "manual",
      conditions: t.segment.conditions ?? emptyTree(),
    })
    setRuleErrors({})
    setFormError(null)
    preview.reset()
    setBuilderKey((k) => k + 1)
  }

  const checkTree = (tree: ConditionGroup | null): boolean => {
    if (!tree || countRules(tree) === 0) {
      setRuleErrors({ "": "Add at least one condition" })
      return false
    }
    return true
  }

  const onCalculate = () => {
    const tree = form.getValues("conditions") as ConditionGroup
    if (!checkTree(tree)) {
      return
    }
    setRuleErrors({})
    setFormError(null)
    const body = { conditions: tree, audience: form.getValues("audience") }
    const handlers = { onSuccess: () => setPreviewedTree(JSON.stringify(tree)), onError: showError }
    if (isEdit) {
      changePreview.mutate(body, handlers)
    } else {
      preview.mutate(body, handlers)
    }
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null)
    if (values.membership === "rules" && !checkTree(values.conditions)) {
      return
    }
    setRuleErrors({})
    const body: SegmentWritable = {
      name: values.name.trim(),
      description: values.description?.trim() || null,
      membership: values.membership,
      audience: values.audience,
      refresh_mode: values.membership === "manual" ? "manual" : values.refresh_mode,
      conditions: values.membership === "rules" ? values.conditions : null,
      customer_group_id: values.customer_group_id || null,
      leave_group_on_exit: values.leave_group_on_exit,
      storefront_visible: values.storefront_visible,
      is_active: values.is_active,
    }
    try {
      if (isEdit && segment!.is_active && !values.is_active) {
        const ok = await confirmDependents(prompt, segment!, "deactivate")
        if (!ok) {
          return
        }
      }
      if (isEdit) {
        await updateSegment.mutateAsync(body)
        toast.success(`Segment "${body.name}" saved`)
        close()
      } else {
        const { segment: created } = await create.mutateAsync(body)
        toast.success(`Segment "${created.name}" created`)
        navigate(`/segments/${created.id}`, { replace: true })
      }
    } catch (e) {
      showError(e)
    }
  })

  const saving = create.isPending || updateSegment.isPending
  const template = templates?.templates.find((t) => t.id === templateId)

  return (
    <form onSubmit={onSubmit} className="flex h-full flex-col overflow-hidden">
      <FocusModal.Header>
        <FocusModal.Title asChild>
          <Heading className="sr-only">{isEdit ? "Edit segment" : "Create segment"}</Heading>
        </FocusModal.Title>
        <FocusModal.Description className="sr-only">
          A segment groups customers by rules or by hand.
        </FocusModal.Description>
      </FocusModal.Header>
      <FocusModal.Body className="flex flex-1 flex-col overflow-y-auto">
        <div className="mx-auto flex w-full max-w-[1280px] flex-col gap-6 px-6 py-8 lg:flex-row">
          <div className="flex w-full flex-col gap-y-6 lg:max-w-[380px]">
            <div>
              <Heading>{isEdit ? `Edit ${segment!.name}` : "Create segment"}</Heading>
              <Text size="small" className="text-ui-fg-subtle">
                Group customers by what they do, keep the group current on its own, and act
                on it in promotions and customer groups.
              </Text>
            </div>
            {!isEdit && (
              <FormField
                label="Start from a template"
                optional
                hint={template?.description ?? "Fills the form; adjust it, then save."}
              >
                <Select value={templateId} onValueChange={applyTemplate}>
                  <Select.Trigger data-testid="segment-template-select">
                    <Select.Value placeholder="Choose a template" />
                  </Select.Trigger>
                  <Select.Content className="z-[100]">
                    {(templates?.templates ?? []).map((t) => (
                      <Select.Item key={t.id} value={t.id}>
                        {t.name}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </FormField>
            )}
            <FormField label="Name" htmlFor="segment-name" error={form.formState.errors.name?.message}>
              <Input id="segment-name" {...form.register("name")} />
            </FormField>
            <FormField label="Description" htmlFor="segment-description" optional>
              <Textarea id="segment-description" rows={2} {...form.register("description")} />
            </FormField>
            <FormField
              label="Membership"
              hint={
                membership === "rules"
                  ? "Customers who match the conditions join and leave on their own; you can still add or pin customers by hand."
                  : "Only the customers you add."
              }
            >
              <Controller
                control={form.control}
                name="membership"
                render={({ field }) => (
                  <RadioGroup
                    value={field.value}
                    onValueChange={field.onChange}
                    className="flex gap-x-4"
                  >
                    <label className="txt-compact-small flex items-center gap-x-2">
                      <RadioGroup.Item value="rules" id="membership-rules" />
                      By conditions
                    </label>
                    <label className="txt-compact-small flex items-center gap-x-2">
                      <RadioGroup.Item value="manual" id="membership-manual" />
                      Manual
                    </label>
                  </RadioGroup>
                )}
              />
            </FormField>
            <FormField
              label="Audience"
              hint="Guests are customers created by a guest checkout, without an account."
            >
              <Controller
                control={form.control}
                name="audience"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <Select.Trigger>
                      <Select.Value />
                    </Select.Trigger>
                    <Select.Content className="z-[100]">
                      <Select.Item value="registered">Registered customers</Select.Item>
                      <Select.Item value="all">Registered customers and guests</Select.Item>
                    </Select.Content>
                  </Select>
                )}
              />
            </FormField>
            {membership === "rules" && (
              <FormField label="Refresh" hint={REFRESH_HINTS[refreshMode]}>
                <Controller
                  control={form.control}
                  name="refresh_mode"
                  render={({ field }) => (
                    <Select value={field.value} onValueChange={field.onChange}>
                      <Select.Trigger data-testid="segment-refresh-mode">
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content className="z-[100]">
                        {REFRESH_MODES.map((m) => (
                          <Select.Item key={m} value={m}>
                            {REFRESH_MODE_LABELS[m]}
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select>
                  )}
                />
              </FormField>
            )}
            <FormField
              label="Move members into customer group"
              optional
              hint="Members are added to this group when they join, so group price lists follow the segment."
            >
              <Controller
                control={form.control}
                name="customer_group_id"
                render={({ field }) => (
                  <EntityPicker
                    kind="customer_group"
                    multiple={false}
                    value={field.value}
                    onChange={field.onChange}
                    placeholder="No group"
                    className="w-full"
                  />
                )}
              />
            </FormField>
            {groupId && (
              <SwitchRow
                label="Leave the group on exit"
                hint="Remove customers from the group when they leave the segment (unless another segment feeding the group still holds them)."
                name="leave_group_on_exit"
                control={form.control}
              />
            )}
            <SwitchRow
              label="Visible on the storefront"
              hint="Logged-in customers can see that they belong to this segment."
              name="storefront_visible"
              control={form.control}
            />
            <SwitchRow
              label="Active"
              hint="Inactive segments are not refreshed and do not count in promotions."
              name="is_active"
              control={form.control}
            />
          </div>

          <div className="flex min-w-0 flex-1 flex-col gap-4">
            {formError && (
              <Alert variant="error" dismissible data-testid="segment-form-error">
                {formError}
              </Alert>
            )}
            {membership === "manual" ? (
              <div className="border-ui-border-base rounded-lg border border-dashed p-6">
                <Text size="small" className="text-ui-fg-subtle">
                  A manual segment has no conditions: add customers from its page, or from a
                  customer's page.
                </Text>
              </div>
            ) : (
              <>
                <div className="flex flex-col gap-1">
                  <Heading level="h2">Conditions</Heading>
                  <Text size="small" className="text-ui-fg-subtle">
                    Customers who match join the segment at each refresh. Drag conditions to
                    reorder them or into another group; a customer with no data for a condition
                    never matches it.
                  </Text>
                </div>
                {catalogueLoading && <Skeleton className="h-32 w-full" />}
                {catalogueError && (
                  <Alert variant="error">
                    Could not load the conditions: {errorMessage(catalogueError)}
                  </Alert>
                )}
                {catalogue && (
                  <div data-testid="condition-builder">
                    <ConditionBuilder
                      key={builderKey}
                      catalogue={catalogue}
                      defaultValue={form.getValues("conditions")}
                      errors={ruleErrors}
                      onChange={(tree) => {
                        // react-querybuilder also reports unchanged trees: keep
                        // the server's errors until the merchant edits the tree
                        if (JSON.stringify(tree) === JSON.stringify(form.getValues("conditions"))) {
                          return
                        }
                        form.setValue("conditions", tree, { shouldDirty: true })
                        if (Object.keys(ruleErrors).length) {
                          setRuleErrors({})
                        }
                      }}
                    />
                  </div>
                )}
                <PreviewPanel
                  result={preview.data}
                  change={isEdit ? changePreview.data : undefined}
                  editing={isEdit}
                  isPending={preview.isPending || changePreview.isPending}
                  stale={!!(preview.data || changePreview.data) && previewedTree !== treeJson}
                  onCalculate={onCalculate}
                  disabled={!catalogue}
                />
              </>
            )}
          </div>
        </div>
      </FocusModal.Body>
      <FocusModal.Footer>
        <div className="flex items-center justify-end gap-x-2">
          <Button type="button" size="small" variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" size="small" isLoading={saving} data-testid="segment-save">
            {isEdit ? "Save" : "Create"}
          </Button>
        </div>
      </FocusModal.Footer>
    </form>
  )
}

const SwitchRow = ({
  label,
  hint,
  name,
  control,
}: {
  label: string
  hint: string
  name: "leave_group_on_exit" | "storefront_visible" | "is_active"
  control: any
}) => (
  <Controller
    control={control}
    name={name}
    render={({ field }) => (
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Text size="small" weight="plus">
            {label}
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {hint}
          </Text>
        </div>
        <Switch checked={!!field.value} onCheckedChange={field.onChange} data-testid={`segment-switch-${name}`} />
      </div>
    )}
  />
)
