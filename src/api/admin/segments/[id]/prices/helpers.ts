import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"

export const PRICE_RULE_FIELDS = [
  "id",
  "segment_id",
  "percentage",
  "product_ids",
  "collection_ids",
  "category_ids",
  "type_ids",
  "tag_ids",
  "currency_codes",
  "region_ids",
  "created_at",
  "updated_at",
]

/**
 * A segment's prices as the admin shows them: its rules, the price list the
 * plugin maintains (with its group, whether the plugin created that group,
 * how many prices it holds and when they were computed) and an example price.
 * 404 for an unknown segment.
 */
export async function readSegmentPrices(container: MedusaContainer, segmentId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const service = container.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const { data: segments } = await query.graph({ entity: "segment", fields: ["id", "customer_group_id"], filters: { id: segmentId } })
  if (!segments[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${segmentId} was not found`)
  const [{ data: rules }, { data: records }] = await Promise.all([
    query.graph({ entity: "segment_price_rule", fields: PRICE_RULE_FIELDS, filters: { segment_id: segmentId } }),
    query.graph({
      entity: "segment_price_list",
      fields: ["price_list_id", "customer_group_id", "group_created", "price_count", "last_synced_at", "last_sync_ms", "last_error"],
      filters: { segment_id: segmentId },
    }),
  ])
  const record = records[0] as any
  let priceList: Record<string, unknown> | null = null
  let example: Awaited<ReturnType<CustomerSegmentModuleService["examplePriceListPrice"]>> = null
  if (record?.price_list_id) {
    const { data: lists } = await query.graph({
      entity: "price_list",
      fields: ["id", "title", "type", "status"],
      filters: { id: record.price_list_id },
    })
    if (lists[0]) {
      priceList = lists[0]
      example = await service.examplePriceListPrice(record.price_list_id)
    }
  }
  const groupId = (segments[0] as any).customer_group_id ?? record?.customer_group_id ?? null
  let group: { id: string; name: string } | null = null
  if (groupId) {
    const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id", "name"], filters: { id: groupId } })
    group = (groups[0] as any) ?? null
  }
  rules.sort((a: any, b: any) => String(a.created_at).localeCompare(String(b.created_at)))
  return {
    rules,
    price_list: priceList && {
      ...priceList,
      price_count: record.price_count,
      last_synced_at: record.last_synced_at,
      last_sync_ms: record.last_sync_ms,
    },
    customer_group: group && { ...group, created_by_plugin: !!record?.group_created && record?.customer_group_id === group.id },
    example,
  }
}
