import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored webhooks (with the buffer) and the projection of linked channels. */
export class CreateWebhookIngestTables1767400000000 implements MigrationInterface {
  name = 'CreateWebhookIngestTables1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "onboarding_webhook_events" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "dedupe_key" text NOT NULL,
        "event" text NOT NULL,
        "source" text NOT NULL,
        "channel_id" text,
        "client_id" text,
        "waba_account_id" text,
        "phone_number" text,
        "phone_number_id" text,
        "payload" jsonb NOT NULL,
        "history_summary" jsonb,
        "status" text NOT NULL,
        "tenant_id" text,
        "received_at" timestamptz NOT NULL,
        "published_at" timestamptz,
        "expired_at" timestamptz,
        CONSTRAINT "PK_onboarding_webhook_events" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_onboarding_webhook_events_dedupe_key" UNIQUE ("dedupe_key"),
        CONSTRAINT "CHK_onboarding_webhook_events_source" CHECK ("source" IN ('partner', 'channel')),
        CONSTRAINT "CHK_onboarding_webhook_events_status" CHECK ("status" IN ('received', 'buffered', 'published', 'expired'))
      )`);
    // The buffer is small next to the table: partial indexes keep matching and expiry cheap
    // without taxing the insert path of published events.
    await queryRunner.query(`CREATE INDEX "webhook_events_buffered_seq_idx" ON "onboarding_webhook_events" ("seq") WHERE "status" = 'buffered'`);
    await queryRunner.query(`CREATE INDEX "webhook_events_buffered_received_idx" ON "onboarding_webhook_events" ("received_at") WHERE "status" = 'buffered'`);
    for (const column of ['channel_id', 'client_id', 'waba_account_id', 'phone_number']) {
      await queryRunner.query(
        `CREATE INDEX "webhook_events_buffered_${column}_idx" ON "onboarding_webhook_events" ("${column}") WHERE "status" = 'buffered'`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX "webhook_events_channel_facts_idx" ON "onboarding_webhook_events" ("channel_id")
        WHERE "channel_id" IS NOT NULL AND ("waba_account_id" IS NOT NULL OR "phone_number" IS NOT NULL)`,
    );
    await queryRunner.query(`
      CREATE TABLE "webhook_linked_channels" (
        "channel_id" text NOT NULL,
        "tenant_id" text NOT NULL,
        "client_id" text,
        "waba_account_id" text,
        "phone_number" text,
        "linked_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_linked_channels" PRIMARY KEY ("channel_id")
      )`);
    for (const column of ['client_id', 'waba_account_id', 'phone_number']) {
      await queryRunner.query(`CREATE INDEX "webhook_linked_channels_${column}_idx" ON "webhook_linked_channels" ("${column}")`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_linked_channels"`);
    await queryRunner.query(`DROP TABLE "onboarding_webhook_events"`);
  }
}
