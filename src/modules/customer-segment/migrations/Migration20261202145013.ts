import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202145013 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_segment_rfm_quintiles" ("id" text not null, "currency_code" text not null, "boundaries" jsonb not null, "customers" integer not null, "computed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_rfm_quintiles_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_rfm_quintiles_deleted_at" ON "customer_segment_rfm_quintiles" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_segment_rfm" ("id" text not null, "recency_score" integer not null, "frequency_score" integer not null, "monetary_score" integer not null, "rfm_group" text not null, "computed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_rfm_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_rfm_deleted_at" ON "customer_segment_rfm" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_segment_rfm_quintiles" cascade;`);

    this.addSql(`drop table if exists "customer_segment_rfm" cascade;`);
  }

}
