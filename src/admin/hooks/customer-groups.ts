import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

/** Names of the customer groups segments point at (one request for a page of segments). */
export const useCustomerGroupNames = (ids: (string | null | undefined)[]) => {
  const unique = [...new Set(ids.filter((x): x is string => !!x))].sort()
  return useQuery({
    queryKey: ["customer_segments", "group-names", unique],
    queryFn: async () => {
      const res = await sdk.client.fetch<{ customer_groups: { id: string; name: string }[] }>(
        "/admin/customer-groups",
        { query: { id: unique, limit: unique.length, fields: "id,name" } }
      )
      return new Map(res.customer_groups.map((g) => [g.id, g.name]))
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  })
}
