import type { MigrationInterface, QueryRunner, EntityManager, DataSource } from 'typeorm';

/**
 * The "state change" test handlers make: one row per handled event, deliberately without a
 * unique constraint, so a second effect for the same event would show up as a second row.
 */
export class CreateTestEffects1767225600001 implements MigrationInterface {
  name = 'CreateTestEffects1767225600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE effects (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, note text)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE effects`);
  }
}

export async function recordEffect(entityManager: EntityManager, eventId: string, note = ''): Promise<void> {
  await entityManager.query(`INSERT INTO effects (event_id, note) VALUES ($1, $2)`, [eventId, note]);
}

export async function countEffects(dataSource: DataSource): Promise<{ rows: number; events: number }> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS events FROM effects`)) as {
    rows: number;
    events: number;
  }[];
  return row ?? { rows: 0, events: 0 };
}

export async function effectsFor(dataSource: DataSource, eventId: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM effects WHERE event_id = $1`, [eventId])) as { n: number }[];
  return row?.n ?? 0;
}
