import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { CreateMessagingTables1767225600000, InboxRecord, OutboxMessage } from '../src';

describe('messaging tables migration', () => {
  const logger = createLogger({ service: 'messaging-test', level: 'silent' });
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('messaging_tables');
    dataSource = createDataSource({ url: database.url, entities: [OutboxMessage, InboxRecord], migrations: [CreateMessagingTables1767225600000], logger });
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

  it('can be reverted', async () => {
    await dataSource.undoLastMigration();
    const tables = (await dataSource.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('outbox', 'inbox')`)) as unknown[];
    await runMigrations(dataSource, { logger });

    expect(tables).toEqual([]);
  });
});
