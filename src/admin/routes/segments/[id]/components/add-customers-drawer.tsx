import { Badge, Button, Checkbox, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { useChangeMembers } from "../../../../hooks/segments"
import { customerName } from "../../../../lib/format"
import { errorMessage, sdk } from "../../../../lib/sdk"
import type { PreviewCustomer } from "../../../../lib/types"

/** Customer picker: search the store's customers and add the chosen ones as manual members. */
export const AddCustomersDrawer = ({
  segmentId,
  open,
  onOpenChange,
}: {
  segmentId: string
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [q, setQ] = useState("")
  const [debounced, setDebounced] = useState("")
  const [selected, setSelected] = useState<Map<string, PreviewCustomer>>(new Map())
  const change = useChangeMembers(segmentId)

  useEffect(() => {
    const t = setTimeout(() => setDebounced(q), 250)
    return () => clearTimeout(t)
  }, [q])
  useEffect(() => {
    if (!open) {
      setSelected(new Map())
      setQ("")
    }
  }, [open])

  const { data, isFetching } = useQuery({
    queryKey: ["customer_segments", "customer-picker", debounced],
    queryFn: () =>
      sdk.client.fetch<{ customers: PreviewCustomer[]; count: number }>("/admin/customers", {
        query: {
          q: debounced || undefined,
          limit: 20,
          fields: "id,email,first_name,last_name,has_account",
        },
      }),
    enabled: open,
  })

  const toggle = (c: PreviewCustomer) =>
    setSelected((prev) => {
      const next = new Map(prev)
      if (next.has(c.id)) {
        next.delete(c.id)
      } else {
        next.set(c.id, c)
      }
      return next
    })

  const submit = () =>
    change.mutate(
      { add: [...selected.keys()] },
      {
        onSuccess: (r) => {
          toast.success(`${r.added} customer${r.added === 1 ? "" : "s"} added`)
          onOpenChange(false)
        },
        onError: (e) => toast.error(errorMessage(e)),
      }
    )

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Add customers</Drawer.Title>
          <Drawer.Description className="sr-only">Search customers to add</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-3 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">
            Customers you add are manual members: they stay in the segment even when they stop
            matching its conditions.
          </Text>
          <Input
            type="search"
            placeholder="Search by name or email"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="add-customers-search"
          />
          {selected.size > 0 && (
            <div className="flex flex-wrap gap-1">
              {[...selected.values()].map((c) => (
                <Badge key={c.id} size="2xsmall">
                  {c.email ?? c.id}
                </Badge>
              ))}
            </div>
          )}
          <div className="divide-ui-border-base flex flex-col divide-y">
            {(data?.customers ?? []).map((c) => (
              <label
                key={c.id}
                className="hover:bg-ui-bg-base-hover flex cursor-pointer items-center gap-3 px-1 py-2"
              >
                <Checkbox checked={selected.has(c.id)} onCheckedChange={() => toggle(c)} />
                <div className="min-w-0 flex-1">
                  <Text size="small" weight="plus" className="truncate">
                    {customerName(c)}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-subtle truncate">
                    {c.email}
                  </Text>
                </div>
                <Badge size="2xsmall" color={c.has_account ? "green" : "grey"}>
                  {c.has_account ? "Registered" : "Guest"}
                </Badge>
              </label>
            ))}
            {!isFetching && data?.customers.length === 0 && (
              <Text size="small" className="text-ui-fg-muted py-3">
                No customers found.
              </Text>
            )}
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button
            size="small"
            disabled={!selected.size}
            isLoading={change.isPending}
            onClick={submit}
            data-testid="add-customers-submit"
          >
            Add {selected.size || ""}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
