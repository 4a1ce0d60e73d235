import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { InboxRecord, MESSAGING_MIGRATIONS, OutboxMessage } from '../src';
import { CLAIM_DUE_ROWS_SQL, claimDueRows, outboxBacklog, postponeRejected, preferIndexScans } from '../src/outbox/outbox-store';
import { UNROUTABLE_REASON } from '../src/transport/message-transport';

describe('messaging tables migration', () => {
  const logger = createLogger({ service: 'messaging-test', level: 'silent' });
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('messaging_tables');
    dataSource = createDataSource({ url: database.url, entities: [OutboxMessage, InboxRecord], migrations: MESSAGING_MIGRATIONS, logger });
    await dataSource.initialize();
    await runMigrations(dataSource, { logger });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('creates exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('claims by walking the due index, even before the table has statistics for its backlog', async () => {
    await dataSource.query(
      `INSERT INTO outbox (id, type, payload) SELECT gen_random_uuid(), 'registry.channel.linked', '{}'::jsonb FROM generate_series(1, 2000)`,
    );
    const plan = await dataSource.transaction(async (entityManager) => {
      await preferIndexScans(entityManager);
      const rows = (await entityManager.query(`EXPLAIN ${CLAIM_DUE_ROWS_SQL}`, [200, 0, null])) as { 'QUERY PLAN': string }[];
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    await dataSource.query('DELETE FROM outbox');

    expect(plan).toContain('Index Scan using outbox_due_idx');
    expect(plan).not.toContain('Sort');
  });

  it('claims fresh rows in the order they were inserted, not by when their transactions began', async () => {
    const insert = (types: string[]): string =>
      `INSERT INTO outbox (id, type, payload) VALUES ${types.map((type) => `(gen_random_uuid(), '${type}', '{}'::jsonb)`).join(', ')}`;
    const beganFirst = dataSource.createQueryRunner();
    await beganFirst.connect();
    try {
      await beganFirst.startTransaction();
      await beganFirst.query('SELECT 1');
      await dataSource.transaction((entityManager) => entityManager.query(insert(['first'])));
      await beganFirst.query(insert(['second']));
      await beganFirst.commitTransaction();
    } finally {
      await beganFirst.release();
    }
    await dataSource.query(insert(['third', 'fourth', 'fifth']));

    const claimed = await dataSource.transaction((entityManager) => claimDueRows(entityManager, 10));
    await dataSource.query('DELETE FROM outbox');

    expect(claimed.map((row) => row.type)).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
  });

  it('keeps a nacked row in the lag and counts an unroutable one apart', async () => {
    const [unroutable, nacked] = (await dataSource.query(
      `INSERT INTO outbox (id, type, payload, created_at) VALUES
         (gen_random_uuid(), 'nobody.consumes', '{}'::jsonb, now() - interval '60 seconds'),
         (gen_random_uuid(), 'registry.channel.linked', '{}'::jsonb, now() - interval '30 seconds')
       RETURNING id`,
    )) as { id: string }[];
    await dataSource.transaction((entityManager) =>
      postponeRejected(
        entityManager,
        [
          { id: unroutable!.id, reason: UNROUTABLE_REASON, unroutable: true },
          { id: nacked!.id, reason: 'nacked by the broker', unroutable: false },
        ],
        { baseDelayMs: 60_000, maxDelayMs: 60_000, parkUnroutableAfterAttempts: 12 },
      ),
    );

    const backlog = await outboxBacklog(dataSource);
    await dataSource.query('DELETE FROM outbox');

    expect(backlog).toMatchObject({ unroutable: 1, parked: 0 });
    expect(backlog.lagSeconds).toBeGreaterThanOrEqual(29);
    expect(backlog.lagSeconds).toBeLessThan(59);
  });

  it('can be reverted', async () => {
    for (const _ of MESSAGING_MIGRATIONS) await dataSource.undoLastMigration();
    const tables = (await dataSource.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('outbox', 'inbox')`)) as unknown[];
    await runMigrations(dataSource, { logger });

    expect(tables).toEqual([]);
  });
});
