import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202201229 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_segment_product_view_anonymous_id";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_guest" ON "customer_segment_product_view" ("anonymous_id") WHERE anonymous_id IS NOT NULL AND customer_id IS NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_segment_product_view_guest";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_segment_product_view_anonymous_id" ON "customer_segment_product_view" ("anonymous_id") WHERE anonymous_id IS NOT NULL AND deleted_at IS NULL;`);
  }

}
