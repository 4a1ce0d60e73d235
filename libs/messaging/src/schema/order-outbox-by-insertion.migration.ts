import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishes fresh outbox rows in the order they were inserted. Both sort columns used to default
 * to `now()`, the inserting transaction's start: rows inserted by one transaction tied (and came
 * out in whatever order they lay on disk), and a transaction that started first but inserted last
 * went out before rows committed earlier. `next_attempt_at` now defaults to the insert's own
 * clock and an identity `seq` breaks ties, so a channel's released webhooks keep their order.
 */
export class OrderOutboxByInsertion1767500000000 implements MigrationInterface {
  name = 'OrderOutboxByInsertion1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "seq" bigint GENERATED ALWAYS AS IDENTITY`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "next_attempt_at" SET DEFAULT clock_timestamp()`);
    await queryRunner.query(`DROP INDEX "outbox_due_idx"`);
    await queryRunner.query(`CREATE INDEX "outbox_due_idx" ON "outbox" ("next_attempt_at", "seq") WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_due_idx"`);
    await queryRunner.query(`CREATE INDEX "outbox_due_idx" ON "outbox" ("next_attempt_at", "created_at") WHERE published_at IS NULL`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "next_attempt_at" SET DEFAULT now()`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "seq"`);
  }
}
