import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203112050 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_refresh_run" drop constraint if exists "customer_segment_refresh_run_segment_id_unique";`);
    this.addSql(`create table if not exists "customer_segment_refresh_run" ("id" text not null, "segment_id" text not null, "status" text check ("status" in ('queued', 'running', 'succeeded', 'failed')) not null default 'queued', "mode" text check ("mode" in ('sync', 'async')) not null default 'sync', "added" integer null, "removed" integer null, "size" integer null, "error" text null, "queued_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "heartbeat_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_refresh_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_refresh_run_deleted_at" ON "customer_segment_refresh_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_refresh_run_segment_id_unique" ON "customer_segment_refresh_run" ("segment_id") WHERE status IN ('queued', 'running') AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_refresh_run_segment_id_queued_at" ON "customer_segment_refresh_run" ("segment_id", "queued_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_segment_refresh_run" cascade;`);
  }

}
