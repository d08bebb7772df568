import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import Segment from "./models/segment"
import SegmentMember from "./models/segment-member"
import SegmentSnapshot from "./models/segment-snapshot"
import SegmentLog from "./models/segment-log"
import CustomerActivity from "./models/customer-activity"
import OrderFact from "./models/order-fact"
import PurchaseFact from "./models/purchase-fact"
import ActivityBuild from "./models/activity-build"
import { CustomerSegmentOptions, CustomerSnapshot, DEFAULT_OPTIONS } from "./types"
import { knexOf } from "./lib/db"
import { loadCustomerSnapshots, replaceCustomerActivity, ReplaceActivityInput } from "./lib/activity-store"

type InjectedDependencies = Record<string, unknown>

class CustomerSegmentModuleService extends MedusaService({
  Segment,
  SegmentMember,
  SegmentSnapshot,
  SegmentLog,
  CustomerActivity,
  OrderFact,
  PurchaseFact,
  ActivityBuild,
}) {
  protected readonly options_: Required<CustomerSegmentOptions>

  constructor(container: InjectedDependencies, options: CustomerSegmentOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = { ...DEFAULT_OPTIONS, ...(options ?? {}) }
  }

  getOptions(): Required<CustomerSegmentOptions> {
    return this.options_
  }

  // ---- activity data ----

  @InjectTransactionManager()
  async replaceCustomerActivity(input: ReplaceActivityInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await replaceCustomerActivity(knexOf(sharedContext), input)
  }

  @InjectManager()
  async loadCustomerSnapshots(customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<CustomerSnapshot[]> {
    return await loadCustomerSnapshots(knexOf(sharedContext), customerIds)
  }
}

export default CustomerSegmentModuleService
