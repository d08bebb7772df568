import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202143110 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_price_list" drop constraint if exists "customer_segment_price_list_segment_id_unique";`);
    this.addSql(`create table if not exists "customer_segment_price_list" ("id" text not null, "segment_id" text not null, "price_list_id" text null, "customer_group_id" text null, "group_created" boolean not null default false, "price_count" integer not null default 0, "last_synced_at" timestamptz null, "last_sync_ms" integer null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_price_list_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_price_list_deleted_at" ON "customer_segment_price_list" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_price_list_segment_id_unique" ON "customer_segment_price_list" ("segment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_price_list_price_list_id" ON "customer_segment_price_list" ("price_list_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_price_rule" ("id" text not null, "segment_id" text not null, "percentage" real not null, "product_ids" jsonb null, "collection_ids" jsonb null, "category_ids" jsonb null, "type_ids" jsonb null, "tag_ids" jsonb null, "currency_codes" jsonb null, "region_ids" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_price_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_price_rule_deleted_at" ON "customer_segment_price_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_price_rule_segment_id" ON "customer_segment_price_rule" ("segment_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_segment_price_list" cascade;`);

    this.addSql(`drop table if exists "customer_segment_price_rule" cascade;`);
  }

}
