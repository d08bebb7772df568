import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130230515 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_activity" add column if not exists "orders_count" integer not null default 0, add column if not exists "orders_first_at" timestamptz null, add column if not exists "orders_last_at" timestamptz null, add column if not exists "orders_by_currency" jsonb null, add column if not exists "purchased_product_ids" text[] not null default '{}';`);

    // Activity data built before these columns: fill them from the facts, as lib/activity-summary.ts does.
    this.addSql(`update "customer_segment_activity" a
      set "orders_count" = o.n, "orders_first_at" = o.first_at, "orders_last_at" = o.last_at, "orders_by_currency" = o.by_currency
      from (select customer_id, sum(n)::int as n, min(first_at) as first_at, max(last_at) as last_at,
                   jsonb_object_agg(currency, jsonb_build_object('n', n, 's', s)) as by_currency
              from (select customer_id, lower(currency_code) as currency, count(*) as n, sum(total) as s,
                           min(ordered_at) as first_at, max(ordered_at) as last_at
                      from "customer_segment_order_fact"
                     where deleted_at is null and status <> 'canceled'
                     group by customer_id, lower(currency_code)) x
             group by customer_id) o
      where o.customer_id = a.id;`);
    this.addSql(`update "customer_segment_activity" a
      set "purchased_product_ids" = p.ids
      from (select customer_id, array_agg(distinct product_id order by product_id) as ids
              from "customer_segment_purchase_fact"
             where deleted_at is null and order_status <> 'canceled' and product_id is not null
             group by customer_id) p
      where p.customer_id = a.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_activity" drop column if exists "orders_count", drop column if exists "orders_first_at", drop column if exists "orders_last_at", drop column if exists "orders_by_currency", drop column if exists "purchased_product_ids";`);
  }

}
