import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nobody LISTENs for outbox inserts any more: the relay publishes a transaction's rows as it
 * commits, and its claim cycles take only rows a few seconds old. The trigger's notification
 * would only cost every inserting transaction a write to PostgreSQL's notification queue.
 */
export class DropOutboxNotify1796601600000 implements MigrationInterface {
  name = 'DropOutboxNotify1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "outbox_notify" ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_notify"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('chatpilot_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
  }
}
