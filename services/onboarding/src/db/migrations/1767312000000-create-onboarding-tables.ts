import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions (DESIGN.md §2), what onboarding knows per channel, and tenants with onboarding switched off. */
export class CreateOnboardingTables1767312000000 implements MigrationInterface {
  name = 'CreateOnboardingTables1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "onboarding_sessions" (
        "id" uuid NOT NULL,
        "tenant_id" text NOT NULL,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        "state_hash" text NOT NULL,
        "state_expires_at" timestamptz NOT NULL,
        "state_used_at" timestamptz,
        "prefill" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "idempotency_key" text,
        "request_fingerprint" text NOT NULL,
        "client_id" text,
        "channel_ids" text[] NOT NULL DEFAULT '{}',
        "revoked_channel_ids" text[] NOT NULL DEFAULT '{}',
        "callback_fingerprint" text,
        "error_code" text,
        "error_message" text,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "callback_received_at" timestamptz,
        "channels_linked_at" timestamptz,
        "activating_at" timestamptz,
        "completed_at" timestamptz,
        "failed_at" timestamptz,
        "driven_at" timestamptz,
        CONSTRAINT "PK_onboarding_sessions" PRIMARY KEY ("id"),
        CONSTRAINT "onboarding_sessions_state_hash_key" UNIQUE ("state_hash"),
        CONSTRAINT "onboarding_sessions_status_check"
          CHECK ("status" IN ('pending', 'in_progress', 'channel_created', 'activating', 'completed', 'failed')),
        CONSTRAINT "onboarding_sessions_failure_check" CHECK (("status" = 'failed') = ("error_code" IS NOT NULL))
      )`);
    // One active session per tenant, enforced by the database so concurrent starts cannot both win.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "onboarding_sessions_one_active_per_tenant"
        ON "onboarding_sessions" ("tenant_id") WHERE "status" NOT IN ('completed', 'failed')`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "onboarding_sessions_idempotency_key"
        ON "onboarding_sessions" ("tenant_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "onboarding_sessions_tenant_created" ON "onboarding_sessions" ("tenant_id", "created_at" DESC)`);
    await queryRunner.query(`
      CREATE INDEX "onboarding_sessions_open" ON "onboarding_sessions" ("status", "updated_at")
        WHERE "status" NOT IN ('completed', 'failed')`);
    await queryRunner.query(`CREATE INDEX "onboarding_sessions_channel_ids" ON "onboarding_sessions" USING gin ("channel_ids")`);

    await queryRunner.query(`
      CREATE TABLE "onboarding_channels" (
        "channel_id" text NOT NULL,
        "tenant_id" text,
        "phone_number" text,
        "status" text,
        "status_changed_at" timestamptz,
        "key_generation" integer,
        "key_provisioned_at" timestamptz,
        "key_revoked_at" timestamptz,
        "webhook_configured" boolean NOT NULL DEFAULT false,
        "history_phase" integer,
        "history_progress" numeric(5, 2),
        "history_chunks" integer NOT NULL DEFAULT 0,
        "history_messages" integer NOT NULL DEFAULT 0,
        "history_updated_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_onboarding_channels" PRIMARY KEY ("channel_id")
      )`);

    await queryRunner.query(`
      CREATE TABLE "onboarding_disabled_tenants" (
        "tenant_id" text NOT NULL,
        "reason" text,
        "disabled_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_onboarding_disabled_tenants" PRIMARY KEY ("tenant_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "onboarding_disabled_tenants"`);
    await queryRunner.query(`DROP TABLE "onboarding_channels"`);
    await queryRunner.query(`DROP TABLE "onboarding_sessions"`);
  }
}
