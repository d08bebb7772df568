import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123110301 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_segment_group_assignment" drop constraint if exists "customer_segment_group_assignment_segment_id_customer_group_id_customer_id_unique";`);
    this.addSql(`create table if not exists "customer_segment_group_assignment" ("id" text not null, "segment_id" text not null, "customer_group_id" text not null, "customer_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_segment_group_assignment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_group_assignment_deleted_at" ON "customer_segment_group_assignment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_segment_group_assignment_segment_id_customer_group_id_customer_id_unique" ON "customer_segment_group_assignment" ("segment_id", "customer_group_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_group_assignment_customer_group_id_customer_id" ON "customer_segment_group_assignment" ("customer_group_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_group_assignment_customer_id" ON "customer_segment_group_assignment" ("customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_segment_group_assignment" cascade;`);
  }

}
