import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123120144 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_segment_log_run_id";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_run_id_id" ON "customer_segment_log" ("run_id", "id") WHERE run_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_segment_log_run_id_id";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_log_run_id" ON "customer_segment_log" ("run_id") WHERE run_id IS NOT NULL AND deleted_at IS NULL;`);
  }

}
