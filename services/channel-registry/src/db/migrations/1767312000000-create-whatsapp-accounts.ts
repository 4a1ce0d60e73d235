import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWhatsappAccounts1767312000000 implements MigrationInterface {
  name = 'CreateWhatsappAccounts1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "whatsapp_accounts" (
        "channel_id" text NOT NULL,
        "tenant_id" text NOT NULL,
        "client_id" text NOT NULL,
        "waba_account_id" text,
        "phone_number" text,
        "display_name" text,
        "status" text NOT NULL,
        "raw_status" text,
        "quality_rating" text,
        "messaging_limit" text,
        "account_mode" text,
        "coexistence" boolean,
        "onboarding_session_id" text,
        "linked_at" timestamptz NOT NULL,
        "status_changed_at" timestamptz NOT NULL,
        "last_event_at" timestamptz,
        "last_reconciled_at" timestamptz,
        "revoked_at" timestamptz,
        "revoke_reason" text,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "whatsapp_accounts_pkey" PRIMARY KEY ("channel_id"),
        CONSTRAINT "whatsapp_accounts_status_check"
          CHECK ("status" IN ('pending', 'ready', 'running', 'restricted', 'offboarded', 'revoked', 'error'))
      )`);
    await queryRunner.query(`CREATE INDEX "whatsapp_accounts_tenant_idx" ON "whatsapp_accounts" ("tenant_id", "channel_id")`);
    await queryRunner.query(`CREATE INDEX "whatsapp_accounts_waba_idx" ON "whatsapp_accounts" ("waba_account_id", "linked_at")`);
    // ResolveChannel and events without a channel id look numbers up by their digits.
    await queryRunner.query(
      `CREATE INDEX "whatsapp_accounts_phone_digits_idx" ON "whatsapp_accounts" (regexp_replace("phone_number", '[^0-9]', '', 'g'))`,
    );
    await queryRunner.query(
      `CREATE INDEX "whatsapp_accounts_reconcile_idx" ON "whatsapp_accounts" ("last_reconciled_at" NULLS FIRST) WHERE "status" <> 'revoked'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "whatsapp_accounts"`);
  }
}
