import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import Segment from "./models/segment"
import SegmentMember from "./models/segment-member"
import SegmentSnapshot from "./models/segment-snapshot"
import SegmentLog from "./models/segment-log"
import CustomerActivity from "./models/customer-activity"
import OrderFact from "./models/order-fact"
import PurchaseFact from "./models/purchase-fact"
import ActivityBuild from "./models/activity-build"
import SegmentGroupAssignment from "./models/segment-group-assignment"
import RfmScore from "./models/rfm-score"
import RfmQuintiles from "./models/rfm-quintiles"
import SegmentPriceRule from "./models/segment-price-rule"
import SegmentPriceList from "./models/segment-price-list"
import ProductView from "./models/product-view"
import WishlistItem from "./models/wishlist-item"
import SegmentRefreshRun from "./models/segment-refresh-run"
import { CustomerSegmentOptions, CustomerSnapshot, DEFAULT_OPTIONS } from "./types"
import { knexOf, preparedRows } from "./lib/db"
import { loadCustomerSnapshots, replaceCustomerActivity, ReplaceActivityInput } from "./lib/activity-store"
import {
  ActivityBuildRow,
  advanceActivityBuild,
  AdvanceActivityBuildInput,
  claimActivityBuild,
  ClaimActivityBuildInput,
  ClaimActivityBuildResult,
  finishActivityBuild,
  FinishActivityBuildInput,
  getActivityBuild,
} from "./lib/activity-build"
import {
  applyCustomerEvaluation,
  applyFullRefresh,
  applyMemberEdits,
  applySharedRefresh,
  lockSegment,
  logAllLeaving,
  MemberEdits,
  MembershipChange,
} from "./lib/membership"
import { salesBySegment } from "./lib/sales-report"
import { ChangePreview, previewMembershipChange } from "./lib/change-preview"
import { materializeMatch } from "./lib/match-table"
import { computeAllRfm, rfmComputedAt } from "./lib/rfm"
import { Explanation, explainMembership } from "./lib/explain"
import {
  countPriceListPrices,
  diffSegmentPrices,
  examplePriceListPrice,
  insertPriceListPrices,
  listPricedSegmentIds,
  PriceRowToInsert,
  productsOfOriginalPrices,
  productsOfVariants,
  SegmentPriceDiff,
  softDeletePriceListPrices,
  undoPriceListWrites,
} from "./lib/segment-prices"
import { logPage } from "./lib/segment-log"
import { compileSegmentQuery, compileSharedSegmentsQuery, ConditionGroup, parseConditions, referencedSegmentIds } from "./conditions"
import { evaluateRealtimeSegments, RealtimeResult, removeCustomersFromAllSegments } from "./lib/realtime"
import * as behaviour from "./lib/behaviour-store"
import * as refreshRuns from "./lib/refresh-runs"

export type EvaluationClock = { now: Date; defaultCurrency: string }

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
  SegmentGroupAssignment,
  RfmScore,
  RfmQuintiles,
  SegmentPriceRule,
  SegmentPriceList,
  ProductView,
  WishlistItem,
  SegmentRefreshRun,
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

  // ---- segment prices ----

  /**
   * What the segment's price list must gain and lose so that it holds its price
   * rules' prices (all variants, or those of `productIds`). Reads only.
   */
  @InjectManager()
  async diffSegmentPrices(
    segmentId: string,
    priceListId: string | null,
    productIds: string[] | null = null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SegmentPriceDiff> {
    const rules = await this.listSegmentPriceRules({ segment_id: segmentId }, { take: null }, sharedContext)
    return await diffSegmentPrices(knexOf(sharedContext), { priceListId, rules: rules as any, productIds })
  }

  /**
   * One chunk of a large recomputation, in one transaction: soft-deletes `remove`
   * and inserts `insert` into the price list, set-based.
   */
  @InjectTransactionManager()
  async writePriceListChunk(
    priceListId: string,
    chunk: { remove: string[]; insert: PriceRowToInsert[]; at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = knexOf(sharedContext)
    await softDeletePriceListPrices(knex, priceListId, chunk.remove, chunk.at)
    await insertPriceListPrices(knex, priceListId, chunk.insert)
  }

  @InjectTransactionManager()
  async undoPriceListWrites(
    priceListId: string,
    created: string[],
    deleted: { ids: string[]; at: Date | string } | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await undoPriceListWrites(knexOf(sharedContext), priceListId, created, deleted)
  }

  @InjectManager()
  async countPriceListPrices(priceListId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await countPriceListPrices(knexOf(sharedContext), priceListId)
  }

  /** A price of the list next to the original price it was computed from, for the admin. */
  @InjectManager()
  async examplePriceListPrice(priceListId: string, @MedusaContext() sharedContext: Context = {}) {
    return await examplePriceListPrice(knexOf(sharedContext), priceListId)
  }

  /** Segments whose prices the plugin maintains (rules, or a price list left to remove). One indexed read. */
  @InjectManager()
  async listPricedSegmentIds(@MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await listPricedSegmentIds(knexOf(sharedContext))
  }

  /** The products that catalogue events name: by product, variant or original price id. */
  @InjectManager()
  async productsOf(
    input: { product_ids?: string[]; variant_ids?: string[]; price_ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = knexOf(sharedContext)
    const [byVariant, byPrice] = await Promise.all([
      productsOfVariants(knex, input.variant_ids ?? []),
      productsOfOriginalPrices(knex, input.price_ids ?? []),
    ])
    return [...new Set([...(input.product_ids ?? []), ...byVariant, ...byPrice])]
  }

  // ---- segments and membership ----

  /**
   * Re-evaluates a segment over all customers and applies the difference in
   * one transaction, under the segment's lock.
   */
  @InjectTransactionManager()
  async refreshSegmentMembers(
    segmentId: string,
    opts: EvaluationClock & { runId: string; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MembershipChange & { run_id: string }> {
    const knex = knexOf(sharedContext)
    await knex.raw("SELECT pg_advisory_xact_lock(hashtext('customer_segment'), hashtext(?))", [segmentId])
    const [segment] = await this.listSegments({ id: segmentId }, { take: 1 }, sharedContext)
    if (!segment) throw new Error(`Segment ${segmentId} not found`)
    // A manual segment has no conditions: nothing matches, so no `auto` member stays.
    const tree =
      segment.membership === "rules" && segment.conditions
        ? parseConditions(segment.conditions)
        : null
    const match = tree
      ? compileSegmentQuery(tree, { now: opts.now, defaultCurrency: opts.defaultCurrency, audience: segment.audience })
      : { sql: "SELECT NULL::text AS customer_id WHERE false", bindings: [] }
    const change = await applyFullRefresh(knex, segmentId, match, { runId: opts.runId, reason: opts.reason, now: opts.now })
    // The cluster tests refresh from two servers at once and kill a worker in the
    // middle of a refresh: a segment's `metadata.test_refresh_pause_ms` holds the
    // written-but-uncommitted change open that long. Under NODE_ENV=test only.
    const pauseMs = process.env.NODE_ENV === "test" ? Number((segment.metadata as any)?.test_refresh_pause_ms ?? 0) : 0
    if (pauseMs > 0) await knex.raw("SELECT pg_sleep(?)", [pauseMs / 1000])
    return { ...change, run_id: opts.runId }
  }

  /**
   * refreshSegmentMembers for many segments in one transaction (the nightly
   * pass): every segment without segment.member_of rules in ONE shared pass over
   * the activity data (CTEs common to several segments computed once), then the
   * segments with member_of rules one by one, each after the segments of this
   * call it reads. The segments' locks are taken first, in id order (the order
   * every multi-segment path takes them: no deadlock). Same end state, log and
   * snapshots as refreshing each singly in dependency order.
   */
  @InjectTransactionManager()
  async refreshSegmentsShared(
    segmentIds: string[],
    opts: EvaluationClock & { runId: string; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, MembershipChange>> {
    const knex = knexOf(sharedContext)
    const ids = [...new Set(segmentIds)].sort()
    for (const id of ids) await lockSegment(knex, id)
    const segments = await this.listSegments({ id: ids }, { take: ids.length }, sharedContext)
    const missing = ids.filter((id) => !segments.some((s) => s.id === id))
    if (missing.length) throw new Error(`Segment ${missing[0]} not found`)
    const entries = segments.map((s) => ({
      key: s.id,
      // as in refreshSegmentMembers: a manual segment, or one without conditions, keeps no `auto` member
      tree: s.membership === "rules" && s.conditions ? parseConditions(s.conditions) : null,
      audience: s.audience,
    }))
    const dependent = new Set(entries.filter((e) => e.tree && referencedSegmentIds(e.tree).length).map((e) => e.key))
    const shared = entries.filter((e) => !dependent.has(e.key))
    const clock = { now: opts.now, defaultCurrency: opts.defaultCurrency }
    const apply = { runId: opts.runId, reason: opts.reason, now: opts.now }
    const out = await applySharedRefresh(knex, shared.map((e) => e.key), compileSharedSegmentsQuery(shared, clock), apply)
    for (const e of dependencyOrder(entries.filter((e) => dependent.has(e.key)))) {
      const match = compileSegmentQuery(e.tree, { ...clock, audience: e.audience })
      out.set(e.key, await applyFullRefresh(knex, e.key, match, apply))
    }
    return out
  }

  /** Counts and samples the customers a tree matches, without saving anything. */
  @InjectTransactionManager()
  async previewSegment(
    input: { conditions: ConditionGroup; audience: "all" | "registered"; sample_size?: number },
    opts: EvaluationClock,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ count: number; sample: Array<Record<string, unknown>> }> {
    const knex = knexOf(sharedContext)
    const match = compileSegmentQuery(input.conditions, { ...opts, audience: input.audience })
    // The match into a temporary table, as the refresh: the same (parallel) plan, one evaluation for count and sample.
    const matched = await materializeMatch(knex, match)
    const { rows } = await knex.raw(
      `SELECT (SELECT count(*)::int FROM ${matched}) AS count,
              COALESCE((SELECT json_agg(s ORDER BY s.id) FROM (
                SELECT a.id, a.email, a.first_name, a.last_name, a.has_account
                  FROM (SELECT customer_id FROM ${matched} ORDER BY customer_id LIMIT ?) t
                  JOIN customer_segment_activity a ON a.id = t.customer_id) s), '[]'::json) AS sample`,
      [input.sample_size ?? 10] as any[]
    )
    return { count: rows[0].count, sample: rows[0].sample }
  }

  /**
   * What saving new conditions (and audience) on a segment would change, without
   * saving: `{ count, joining, leaving, sample_joining, sample_leaving, ... }`.
   */
  @InjectTransactionManager()
  async previewSegmentChange(
    segmentId: string,
    input: { conditions: ConditionGroup; audience: "all" | "registered"; sample_size?: number },
    opts: EvaluationClock,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ChangePreview> {
    const match = compileSegmentQuery(input.conditions, { ...opts, audience: input.audience })
    return await previewMembershipChange(knexOf(sharedContext), segmentId, match, input.sample_size ?? 10)
  }

  /** Why a customer is in a segment or not: each rule's verdict and value, both engines, the log. */
  @InjectTransactionManager()
  async explainMembership(
    segmentId: string,
    customerId: string,
    opts: EvaluationClock,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Explanation> {
    const [segment] = await this.listSegments({ id: segmentId }, { take: 1 }, sharedContext)
    if (!segment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment with id: ${segmentId} was not found`)
    return await explainMembership(knexOf(sharedContext), segment as any, customerId, opts)
  }

  /** The merchant's add / remove / mark_manual / mark_auto, in one transaction. */
  @InjectTransactionManager()
  async editSegmentMembers(
    segmentId: string,
    edits: MemberEdits,
    opts: { runId: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await applyMemberEdits(knexOf(sharedContext), segmentId, edits, opts)
  }

  /** Applies one customer's evaluation against `evaluated` segments (real-time path). */
  @InjectTransactionManager()
  async applyCustomerEvaluation(
    customerId: string,
    evaluated: string[],
    matching: string[],
    opts: { runId: string; reason: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await applyCustomerEvaluation(knexOf(sharedContext), customerId, evaluated, matching, opts)
  }

  /** Records every member of the segments as leaving, before the segments are deleted. */
  @InjectTransactionManager()
  async logSegmentsEmptied(segmentIds: string[], opts: { runId: string; reason: string; now: Date }, @MedusaContext() sharedContext: Context = {}) {
    return await logAllLeaving(knexOf(sharedContext), segmentIds, opts)
  }

  /**
   * The customer group a segment (deleted ones too) moves its members into, or
   * null. One indexed read without the ORM: the membership-event subscribers ask
   * it for every event (0.2 ms against 0.7 ms for listSegments here).
   */
  @InjectManager()
  async getSegmentGroupId(segmentId: string, @MedusaContext() sharedContext: Context = {}): Promise<string | null> {
    const { rows } = await knexOf(sharedContext).raw("SELECT customer_group_id FROM customer_segment WHERE id = ?", [segmentId])
    return rows[0]?.customer_group_id ?? null
  }

  /** A page of the join/leave log of one run, in id order. */
  @InjectManager()
  async listRunLog(runId: string, afterId: string | null, limit: number, @MedusaContext() sharedContext: Context = {}) {
    return await logPage(knexOf(sharedContext), runId, afterId, limit)
  }

  /** Members of a segment with the customer's name and email from the activity data. */
  @InjectManager()
  async listMembersWithCustomers(
    segmentId: string,
    filters: { q?: string; source?: "auto" | "manual"; customer_ids?: string[] },
    page: { limit: number; offset: number; order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: Array<Record<string, unknown>>; count: number }> {
    const knex = knexOf(sharedContext)
    const base = knex("customer_segment_member as m")
      .leftJoin("customer_segment_activity as a", "a.id", "m.customer_id")
      .where("m.segment_id", segmentId)
      .whereNull("m.deleted_at")
    if (filters.source) base.andWhere("m.source", filters.source)
    if (filters.customer_ids?.length) base.whereIn("m.customer_id", filters.customer_ids)
    if (filters.q) {
      const like = `%${filters.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`
      base.andWhere((w) =>
        w.whereILike("a.email", like).orWhereILike("a.first_name", like).orWhereILike("a.last_name", like).orWhere("m.customer_id", filters.q!)
      )
    }
    const [{ count }] = await base.clone().count({ count: "*" })
    const desc = page.order?.startsWith("-")
    const column = (page.order ?? "-added_at").replace(/^-/, "")
    const sortable: Record<string, string> = { added_at: "m.added_at", email: "a.email", source: "m.source" }
    const rows = await base
      .clone()
      .select("m.customer_id as id", "a.email", "a.first_name", "a.last_name", "a.has_account", "m.source", "m.added_at")
      .orderBy(sortable[column] ?? "m.added_at", desc ? "desc" : "asc")
      .orderBy("m.customer_id", "asc")
      .limit(page.limit)
      .offset(page.offset)
    return { rows, count: Number(count) }
  }

  /** Members in customer-id order after `afterId`: streamed exports read these pages. */
  @InjectManager()
  async exportMembersPage(segmentId: string, afterId: string | null, limit: number, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    // The page of members first (LIMIT inside), then their activity rows by primary key: joined
    // before the LIMIT, PostgreSQL merge-joined the activity table from its first row on every
    // page, so page n read n pages of it (201 ms a page half-way through 500,000 members).
    const page = knex("customer_segment_member")
      .where("segment_id", segmentId)
      .whereNull("deleted_at")
      .select("customer_id", "source", "added_at")
      .orderBy("customer_id")
      .limit(limit)
    if (afterId) page.andWhere("customer_id", ">", afterId)
    return await knex
      .from(page.as("m"))
      .leftJoin("customer_segment_activity as a", "a.id", "m.customer_id")
      .select("m.customer_id as id", "a.email", "a.first_name", "a.last_name", "a.phone", "a.has_account", "m.source", "m.added_at")
      .orderBy("m.customer_id")
  }

  /** Segments a customer belongs to, with the membership source. */
  @InjectManager()
  async listCustomerSegments(customerId: string, opts: { storefrontOnly?: boolean } = {}, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    const query = knex("customer_segment_member as m")
      .join("customer_segment as s", "s.id", "m.segment_id")
      .where("m.customer_id", customerId)
      .whereNull("m.deleted_at")
      .whereNull("s.deleted_at")
      .select("s.id", "s.name", "s.handle", "s.description", "s.membership", "m.source", "m.added_at")
      .orderBy("s.name")
    if (opts.storefrontOnly) query.andWhere("s.storefront_visible", true).andWhere("s.is_active", true)
    return await query
  }

  /** Ids of active segments a customer is in (the promotion context). One indexed query. */
  @InjectManager()
  async listCustomerSegmentIds(customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const rows = await preparedRows<{ segment_id: string }>(
      knexOf(sharedContext),
      "cseg_customer_segment_ids",
      `SELECT m.segment_id FROM customer_segment_member m JOIN customer_segment s ON s.id = m.segment_id
        WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND s.deleted_at IS NULL AND s.is_active`,
      [customerId]
    )
    return rows.map((r) => r.segment_id)
  }

  /** Customers, orders, revenue, average order and top products per segment, in one currency. */
  @InjectManager()
  async salesBySegment(opts: { currency: string; since: Date | null; topProducts: number }, @MedusaContext() sharedContext: Context = {}) {
    return await salesBySegment(knexOf(sharedContext), opts)
  }

  /** Manual-member counts for many segments at once (list pages). */
  @InjectManager()
  async countManualMembers(segmentIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Record<string, number>> {
    if (!segmentIds.length) return {}
    const knex = knexOf(sharedContext)
    const { rows } = await knex.raw(
      `SELECT segment_id, count(*)::int AS n FROM customer_segment_member
        WHERE segment_id = ANY(?) AND source = 'manual' AND deleted_at IS NULL GROUP BY segment_id`,
      [segmentIds]
    )
    return Object.fromEntries(segmentIds.map((id) => [id, rows.find((r: any) => r.segment_id === id)?.n ?? 0]))
  }

  // ---- realtime and groups ----

  /**
   * Re-evaluates every active realtime segment for these customers and applies
   * the difference, in one transaction under the segments' locks (a full
   * refresh of any of them runs wholly before or after).
   */
  @InjectTransactionManager()
  async evaluateRealtimeSegments(
    customerIds: string[],
    opts: EvaluationClock & { runId: string; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RealtimeResult> {
    return await evaluateRealtimeSegments(knexOf(sharedContext), customerIds, opts)
  }

  /** Customers deleted in Medusa leave every segment (manual memberships too); the leaves are logged under runId. */
  @InjectTransactionManager()
  async removeCustomersFromAllSegments(
    customerIds: string[],
    opts: { runId: string; reason: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ customer_id: string; segment_id: string }>> {
    return await removeCustomersFromAllSegments(knexOf(sharedContext), customerIds, opts)
  }

  /** Which of `customerIds` are members of the segment now. */
  @InjectManager()
  async listMembersAmong(segmentId: string, customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    if (!customerIds.length) return []
    const { rows } = await knexOf(sharedContext).raw(
      `SELECT customer_id FROM customer_segment_member WHERE segment_id = ? AND deleted_at IS NULL AND customer_id = ANY(?::text[])`,
      [segmentId, customerIds]
    )
    return rows.map((r: any) => r.customer_id)
  }

  /** A keyset page of customers whose activity data lists customer groups (to find removed group memberships). */
  @InjectManager()
  async listGroupedCustomersPage(
    afterId: string | null,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; group_ids: string[] }>> {
    const { rows } = await knexOf(sharedContext).raw(
      `SELECT id, group_ids FROM customer_segment_activity
        WHERE cardinality(group_ids) > 0 AND deleted_at IS NULL AND (?::text IS NULL OR id > ?)
        ORDER BY id LIMIT ?`,
      [afterId, afterId, limit]
    )
    return rows
  }

  /** Which of `customerIds` another (not deleted) segment targeting the group still holds. */
  @InjectManager()
  async listGroupHolders(
    groupId: string,
    customerIds: string[],
    exceptSegmentId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!customerIds.length) return []
    const { rows } = await knexOf(sharedContext).raw(
      `SELECT DISTINCT m.customer_id FROM customer_segment_member m
         JOIN customer_segment s ON s.id = m.segment_id AND s.deleted_at IS NULL
        WHERE s.customer_group_id = ? AND s.id <> ? AND m.deleted_at IS NULL AND m.customer_id = ANY(?::text[])`,
      [groupId, exceptSegmentId, customerIds]
    )
    return rows.map((r: any) => r.customer_id)
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

  /** Recomputes the RFM quintiles and every customer's scores (set-based, one transaction). */
  @InjectTransactionManager()
  async computeRfmScores(opts: { currency: string; now: Date }, @MedusaContext() sharedContext: Context = {}) {
    return await computeAllRfm(knexOf(sharedContext), opts)
  }

  /** When the RFM scores were last computed for the whole store, or null. */
  @InjectManager()
  async getRfmComputedAt(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    return await rfmComputedAt(knexOf(sharedContext))
  }

  // ---- manual refresh runs (lib/refresh-runs.ts) ----
  // Each write is its own statement outside the refresh's transaction, so a
  // run's status and heartbeat are visible while the refresh is still working.

  @InjectManager()
  async claimRefreshRun(
    input: { id: string; segment_id: string; mode: "sync" | "async" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<refreshRuns.ClaimRefreshRunResult> {
    return await refreshRuns.claimRefreshRun(knexOf(sharedContext), {
      ...input,
      stale_after_ms: this.options_.refresh_run_stale_seconds * 1000,
    })
  }

  @InjectManager()
  async startRefreshRun(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await refreshRuns.startRefreshRun(knexOf(sharedContext), runId)
  }

  @InjectManager()
  async heartbeatRefreshRun(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await refreshRuns.heartbeatRefreshRun(knexOf(sharedContext), runId)
  }

  @InjectManager()
  async finishRefreshRun(
    runId: string,
    outcome: { added: number; removed: number; size: number } | { error: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await refreshRuns.finishRefreshRun(knexOf(sharedContext), runId, outcome)
  }

  /** Marks every run whose process stopped reporting failed ("abandoned"); the scheduled job calls it each tick. */
  @InjectManager()
  async abandonStaleRefreshRuns(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await refreshRuns.abandonStaleRuns(knexOf(sharedContext), null, this.options_.refresh_run_stale_seconds * 1000)
  }

  /** The run, after marking it abandoned if its process stopped reporting. */
  @InjectManager()
  async getRefreshRun(segmentId: string, runId: string, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    await refreshRuns.abandonStaleRuns(knex, segmentId, this.options_.refresh_run_stale_seconds * 1000)
    return await refreshRuns.getRefreshRun(knex, segmentId, runId)
  }

  // ---- activity build ----
  // State of the activity-data backfill (one row); the runner lives in
  // src/workflows/activity/activity-backfill-runner.ts.

  @InjectManager()
  async getActivityBuild(@MedusaContext() sharedContext: Context = {}): Promise<ActivityBuildRow | null> {
    return await getActivityBuild(knexOf(sharedContext))
  }

  @InjectTransactionManager()
  async claimActivityBuild(
    input: ClaimActivityBuildInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimActivityBuildResult> {
    return await claimActivityBuild(knexOf(sharedContext), input)
  }

  @InjectManager()
  async advanceActivityBuild(
    input: AdvanceActivityBuildInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ActivityBuildRow | null> {
    return await advanceActivityBuild(knexOf(sharedContext), input)
  }

  @InjectManager()
  async finishActivityBuild(
    input: FinishActivityBuildInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ActivityBuildRow | null> {
    const knex = knexOf(sharedContext)
    const row = await finishActivityBuild(knex, input)
    if (row && input.status === "done") {
      // A build rewrites every activity row: without statistics until autovacuum's next
      // ANALYZE, the planner misjudges the grouped fact CTEs and a preview takes seconds.
      await knex.raw("ANALYZE customer_segment_activity, customer_segment_order_fact, customer_segment_purchase_fact")
    }
    return row
  }

  // ---- storefront behaviour: product views and wishlists (lib/behaviour-store.ts) ----

  /**
   * Records one product view (the store route's hot path): one statement, which
   * also gives the named guest ids' unowned views to the customer.
   */
  @InjectManager()
  async recordProductView(
    input: behaviour.RecordViewInput,
    options: { link_anonymous_ids?: string[] } = {},
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await behaviour.insertProductView(knexOf(sharedContext), input, options.link_anonymous_ids)
  }

  /** Gives unowned guest views of these anonymous / cart ids to the customer; returns the view ids linked. */
  @InjectTransactionManager()
  async linkAnonymousViews(anonymousIds: string[], customerId: string, @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.linkAnonymousViews(knexOf(sharedContext), anonymousIds, customerId)
  }

  @InjectTransactionManager()
  async unlinkViews(viewIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.unlinkViews(knexOf(sharedContext), viewIds)
  }

  /** Deletes up to `limit` views older than `before` (the retention job pages with it). */
  @InjectTransactionManager()
  async pruneProductViews(before: Date, limit: number, @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.deleteViewsBefore(knexOf(sharedContext), before, limit)
  }

  @InjectTransactionManager()
  async addWishlistItem(input: behaviour.AddWishlistInput, @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.addWishlistItem(knexOf(sharedContext), input)
  }

  /** Removes an item only if it is that customer's; null otherwise. */
  @InjectTransactionManager()
  async removeWishlistItem(customerId: string, itemId: string, @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.removeWishlistItem(knexOf(sharedContext), customerId, itemId)
  }

  @InjectManager()
  async listCustomerWishlist(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.listWishlist(knexOf(sharedContext), customerId)
  }

  /** Whether an active realtime segment has a rule on a field starting with one of the prefixes. */
  @InjectManager()
  async realtimeSegmentsUse(prefixes: string[], @MedusaContext() sharedContext: Context = {}) {
    return await behaviour.realtimeSegmentsUse(knexOf(sharedContext), prefixes)
  }
}

export default CustomerSegmentModuleService

/**
 * Segments with member_of rules in an order where each comes after those of the
 * list it reads (validation rejects cycles; one found anyway keeps list order).
 */
function dependencyOrder<T extends { key: string; tree: ConditionGroup | null }>(entries: T[]): T[] {
  const byKey = new Map(entries.map((e) => [e.key, e]))
  const done = new Set<string>()
  const out: T[] = []
  const visit = (e: T, path: Set<string>) => {
    if (done.has(e.key) || path.has(e.key)) return
    path.add(e.key)
    for (const ref of referencedSegmentIds(e.tree!)) {
      const dep = byKey.get(ref)
      if (dep) visit(dep, path)
    }
    done.add(e.key)
    out.push(e)
  }
  for (const e of entries) visit(e, new Set())
  return out
}
