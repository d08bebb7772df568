import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201015949 extends Migration {

  override async up(): Promise<void> {
    // Generated, then ordered so existing log rows are kept: each becomes a row of one customer.
    this.addSql(`alter table if exists "customer_segment_log" add column if not exists "customer_ids" text[] null;`);
    this.addSql(`update "customer_segment_log" set "customer_ids" = array["customer_id"] where "customer_ids" is null;`);
    this.addSql(`alter table if exists "customer_segment_log" alter column "customer_ids" set not null;`);

    this.addSql(`drop index if exists "IDX_customer_segment_log_customer_id";`);
    this.addSql(`alter table if exists "customer_segment_log" drop column if exists "customer_id";`);
  }

  override async down(): Promise<void> {
    // Back to a row per customer.
    this.addSql(`alter table if exists "customer_segment_log" add column if not exists "customer_id" text null;`);
    this.addSql(`insert into "customer_segment_log" ("id", "segment_id", "customer_ids", "customer_id", "action", "reason", "run_id", "at", "created_at", "updated_at", "deleted_at")
      select l."id" || '_' || u.n, l."segment_id", array[u.c], u.c, l."action", l."reason", l."run_id", l."at", l."created_at", l."updated_at", l."deleted_at"
        from "customer_segment_log" l cross join lateral unnest(l."customer_ids") with ordinality as u(c, n)
       where cardinality(l."customer_ids") > 1;`);
    this.addSql(`delete from "customer_segment_log" where "customer_id" is null and cardinality("customer_ids") > 1;`);
    this.addSql(`update "customer_segment_log" set "customer_id" = "customer_ids"[1] where "customer_id" is null;`);
    this.addSql(`alter table if exists "customer_segment_log" alter column "customer_id" set not null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_customer_id" ON "customer_segment_log" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_segment_log" drop column if exists "customer_ids";`);
  }

}
