import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123104309 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_member" drop constraint if exists "customer_segment_member_segment_id_customer_id_unique";`);
    this.addSql(`alter table if exists "customer_segment" drop constraint if exists "customer_segment_handle_unique";`);
    this.addSql(`create table if not exists "customer_segment_activity" ("id" text not null, "email" text null, "email_domain" text null, "first_name" text null, "last_name" text null, "company_name" text null, "phone" text null, "has_account" boolean not null default false, "customer_created_at" timestamptz null, "group_ids" text[] not null default '{}', "customer_metadata" jsonb null, "ship_country_code" text null, "ship_province" text null, "ship_city" text null, "ship_postal_code" text null, "bill_country_code" text null, "bill_province" text null, "bill_city" text null, "bill_postal_code" text null, "any_country_codes" text[] not null default '{}', "any_provinces" text[] not null default '{}', "any_cities" text[] not null default '{}', "any_postal_codes" text[] not null default '{}', "promotion_codes" text[] not null default '{}', "payment_providers" text[] not null default '{}', "shipping_options" text[] not null default '{}', "region_ids" text[] not null default '{}', "sales_channel_ids" text[] not null default '{}', "currency_codes" text[] not null default '{}', "cart_id" text null, "cart_subtotal" numeric null, "cart_item_count" integer null, "cart_product_ids" text[] not null default '{}', "cart_updated_at" timestamptz null, "computed_at" timestamptz not null, "raw_cart_subtotal" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_activity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_activity_deleted_at" ON "customer_segment_activity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_activity_email_domain" ON "customer_segment_activity" ("email_domain") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_activity_ship_country_code" ON "customer_segment_activity" ("ship_country_code") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_activity_cart_updated_at" ON "customer_segment_activity" ("cart_updated_at") WHERE cart_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_activity_build" ("id" text not null, "status" text check ("status" in ('idle', 'running', 'done', 'failed')) not null default 'idle', "cursor" text null, "done" integer not null default 0, "total" integer not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_activity_build_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_activity_build_deleted_at" ON "customer_segment_activity_build" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_order_fact" ("id" text not null, "customer_id" text not null, "status" text not null, "ordered_at" timestamptz not null, "total" numeric not null, "currency_code" text not null, "region_id" text null, "sales_channel_id" text null, "raw_total" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_order_fact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_order_fact_deleted_at" ON "customer_segment_order_fact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_order_fact_customer_id_ordered_at" ON "customer_segment_order_fact" ("customer_id", "ordered_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_purchase_fact" ("id" text not null, "customer_id" text not null, "order_id" text not null, "order_status" text not null, "ordered_at" timestamptz not null, "product_id" text null, "variant_id" text null, "sku" text null, "collection_id" text null, "type_id" text null, "category_ids" text[] not null default '{}', "tag_ids" text[] not null default '{}', "product_metadata" jsonb null, "quantity" integer not null, "amount" numeric not null, "currency_code" text not null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_purchase_fact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_purchase_fact_deleted_at" ON "customer_segment_purchase_fact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_purchase_fact_customer_id" ON "customer_segment_purchase_fact" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_purchase_fact_product_id_customer_id" ON "customer_segment_purchase_fact" ("product_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_purchase_fact_variant_id" ON "customer_segment_purchase_fact" ("variant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_purchase_fact_collection_id" ON "customer_segment_purchase_fact" ("collection_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment" ("id" text not null, "name" text not null, "handle" text not null, "description" text null, "is_active" boolean not null default true, "membership" text check ("membership" in ('rules', 'manual')) not null default 'rules', "audience" text check ("audience" in ('registered', 'all')) not null default 'all', "refresh_mode" text check ("refresh_mode" in ('manual', 'daily', 'weekly', 'monthly', 'realtime')) not null default 'daily', "conditions" jsonb null, "customer_group_id" text null, "leave_group_on_exit" boolean not null default true, "storefront_visible" boolean not null default false, "customer_count" integer not null default 0, "last_refreshed_at" timestamptz null, "last_refresh_ms" integer null, "last_error" text null, "last_error_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_deleted_at" ON "customer_segment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_handle_unique" ON "customer_segment" ("handle") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_refresh_mode" ON "customer_segment" ("refresh_mode") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_customer_group_id" ON "customer_segment" ("customer_group_id") WHERE deleted_at IS NULL AND customer_group_id IS NOT NULL;`);

    this.addSql(`create table if not exists "customer_segment_log" ("id" text not null, "segment_id" text not null, "customer_id" text not null, "action" text check ("action" in ('joined', 'left')) not null, "reason" text not null, "run_id" text null, "at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_log_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_deleted_at" ON "customer_segment_log" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_segment_id_at" ON "customer_segment_log" ("segment_id", "at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_run_id" ON "customer_segment_log" ("run_id") WHERE run_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_customer_id" ON "customer_segment_log" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_member" ("id" text not null, "segment_id" text not null, "customer_id" text not null, "source" text check ("source" in ('auto', 'manual')) not null default 'auto', "added_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_member_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_member_segment_id" ON "customer_segment_member" ("segment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_member_deleted_at" ON "customer_segment_member" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_member_segment_id_customer_id_unique" ON "customer_segment_member" ("segment_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_member_customer_id" ON "customer_segment_member" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_snapshot" ("id" text not null, "segment_id" text not null, "at" timestamptz not null, "size" integer not null, "added" integer not null, "removed" integer not null, "manual" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_snapshot_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_snapshot_deleted_at" ON "customer_segment_snapshot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_snapshot_segment_id_at" ON "customer_segment_snapshot" ("segment_id", "at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_segment_member" add constraint "customer_segment_member_segment_id_foreign" foreign key ("segment_id") references "customer_segment" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_member" drop constraint if exists "customer_segment_member_segment_id_foreign";`);

    this.addSql(`drop table if exists "customer_segment_activity" cascade;`);

    this.addSql(`drop table if exists "customer_segment_activity_build" cascade;`);

    this.addSql(`drop table if exists "customer_segment_order_fact" cascade;`);

    this.addSql(`drop table if exists "customer_segment_purchase_fact" cascade;`);

    this.addSql(`drop table if exists "customer_segment" cascade;`);

    this.addSql(`drop table if exists "customer_segment_log" cascade;`);

    this.addSql(`drop table if exists "customer_segment_member" cascade;`);

    this.addSql(`drop table if exists "customer_segment_snapshot" cascade;`);
  }

}
