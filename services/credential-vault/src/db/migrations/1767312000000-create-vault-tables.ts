import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVaultTables1767312000000 implements MigrationInterface {
  name = 'CreateVaultTables1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "whatsapp_api_keys" (
        "channel_id" text NOT NULL,
        "tenant_id" text NOT NULL,
        "status" text NOT NULL,
        "ciphertext" text,
        "encryption_key_id" text,
        "api_key_last4" text NOT NULL,
        "address" text NOT NULL,
        "generation" integer NOT NULL,
        "d360_key_id" text,
        "app_id" text,
        "webhook_url" text,
        "created_at" timestamptz NOT NULL,
        "rotated_at" timestamptz,
        "revoked_at" timestamptz,
        "revoke_reason" text,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_whatsapp_api_keys" PRIMARY KEY ("channel_id"),
        CONSTRAINT "whatsapp_api_keys_status_check" CHECK ("status" IN ('active', 'revoked')),
        CONSTRAINT "whatsapp_api_keys_generation_check" CHECK ("generation" > 0),
        -- A revoked row can never keep its ciphertext; an active one always has one.
        CONSTRAINT "whatsapp_api_keys_ciphertext_check" CHECK (("status" = 'active') = ("ciphertext" IS NOT NULL AND "encryption_key_id" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "whatsapp_api_keys_tenant_idx" ON "whatsapp_api_keys" ("tenant_id")`);
    // What rewrap scans: active rows by encryption key.
    await queryRunner.query(`CREATE INDEX "whatsapp_api_keys_rewrap_idx" ON "whatsapp_api_keys" ("encryption_key_id", "channel_id") WHERE "status" = 'active'`);
    await queryRunner.query(`
      CREATE TABLE "vault_audit_log" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "occurred_at" timestamptz NOT NULL,
        "caller" text NOT NULL,
        "method" text NOT NULL,
        "tenant_id" text,
        "channel_id" text,
        "outcome" text NOT NULL,
        "generation" integer,
        "detail" text,
        CONSTRAINT "PK_vault_audit_log" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "vault_audit_log_channel_idx" ON "vault_audit_log" ("channel_id", "id")`);
    await queryRunner.query(`
      CREATE FUNCTION "vault_audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'vault_audit_log is append-only';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "vault_audit_log_append_only" BEFORE UPDATE ON "vault_audit_log" FOR EACH ROW EXECUTE FUNCTION "vault_audit_log_append_only"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "vault_audit_log"`);
    await queryRunner.query(`DROP FUNCTION "vault_audit_log_append_only"()`);
    await queryRunner.query(`DROP TABLE "whatsapp_api_keys"`);
  }
}
