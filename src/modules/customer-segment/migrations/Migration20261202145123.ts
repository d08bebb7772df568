import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202145123 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_wishlist_item" drop constraint if exists "customer_segment_wishlist_item_customer_id_product_id_unique";`);
    this.addSql(`alter table if exists "customer_segment_wishlist_item" drop constraint if exists "customer_segment_wishlist_item_customer_id_product_id_variant_id_unique";`);
    this.addSql(`create table if not exists "customer_segment_product_view" ("id" text not null, "customer_id" text null, "anonymous_id" text null, "product_id" text not null, "collection_id" text null, "category_ids" text[] not null default '{}', "product_metadata" jsonb null, "viewed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_product_view_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_deleted_at" ON "customer_segment_product_view" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_customer_id_viewed_at" ON "customer_segment_product_view" ("customer_id", "viewed_at") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_product_id_customer_id" ON "customer_segment_product_view" ("product_id", "customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_collection_id_customer_id" ON "customer_segment_product_view" ("collection_id", "customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_anonymous_id" ON "customer_segment_product_view" ("anonymous_id") WHERE anonymous_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_viewed_at" ON "customer_segment_product_view" ("viewed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_wishlist_item" ("id" text not null, "customer_id" text not null, "product_id" text not null, "variant_id" text null, "sku" text null, "collection_id" text null, "category_ids" text[] not null default '{}', "product_metadata" jsonb null, "added_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_wishlist_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_deleted_at" ON "customer_segment_wishlist_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_customer_id_product_id_variant_id_unique" ON "customer_segment_wishlist_item" ("customer_id", "product_id", "variant_id") WHERE variant_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_customer_id_product_id_unique" ON "customer_segment_wishlist_item" ("customer_id", "product_id") WHERE variant_id IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_customer_id_added_at" ON "customer_segment_wishlist_item" ("customer_id", "added_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_product_id_customer_id" ON "customer_segment_wishlist_item" ("product_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_sku_customer_id" ON "customer_segment_wishlist_item" ("sku", "customer_id") WHERE sku IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_wishlist_item_collection_id_customer_id" ON "customer_segment_wishlist_item" ("collection_id", "customer_id") WHERE collection_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_segment_product_view" cascade;`);

    this.addSql(`drop table if exists "customer_segment_wishlist_item" cascade;`);
  }

}
