import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Postgres NOTIFY channel the outbox trigger signalled on every insert (dropped by DropOutboxNotify1796601600000). */
const OUTBOX_NOTIFY_CHANNEL = 'chatpilot_outbox';

/**
 * The outbox and inbox tables. Each service lists MESSAGING_MIGRATIONS among its own migrations (and
 * `OutboxMessage`, `InboxRecord` among its entities).
 */
export class CreateMessagingTables1767225600000 implements MigrationInterface {
  name = 'CreateMessagingTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" uuid NOT NULL,
        "type" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "published_at" timestamptz,
        CONSTRAINT "PK_outbox" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "outbox_due_idx" ON "outbox" ("next_attempt_at", "created_at") WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_published_at_idx" ON "outbox" ("published_at") WHERE published_at IS NOT NULL`);
    // Every publish updates a row out of the partial "due" index, leaving a dead entry the relay's
    // claim query scans past until vacuum; the default 20% threshold lets that pile up on a table
    // that keeps days of published rows.
    await queryRunner.query(`ALTER TABLE "outbox" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000)`);
    // One notification per inserting statement (not per row); Postgres delivers it at commit.
    await queryRunner.query(`
      CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_NOTIFY_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
    await queryRunner.query(`
      CREATE TABLE "inbox" (
        "consumer" text NOT NULL,
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_inbox" PRIMARY KEY ("consumer", "event_id")
      )`);
    await queryRunner.query(`CREATE INDEX "inbox_processed_at_idx" ON "inbox" ("processed_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "inbox"`);
    await queryRunner.query(`DROP TRIGGER "outbox_notify" ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_notify"()`);
    await queryRunner.query(`DROP TABLE "outbox"`);
  }
}
