import { createTestDatabase, startFaultProxy, waitFor, type FaultProxy, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { createDataSource, databaseReadinessCheck, runMigrations } from '../src';
import { capturingLogger } from './fixtures/capturing-logger';
import { Greeting } from './fixtures/greeting.entity';
import { greetingMigrationNames, greetingMigrations } from './fixtures/migrations';

describe('databaseReadinessCheck', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('readiness');
    const server = new URL(database.url);
    proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    dataSource = createDataSource({
      url: proxy.rewriteUrl(database.url),
      entities: [],
      migrations: [],
      logger: capturingLogger().logger,
    });
  });

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await proxy.close();
    await database.drop();
  });

  it('fails before the data source is initialized', async () => {
    await expect(databaseReadinessCheck(dataSource).check()).rejects.toThrow('not initialized');
  });

  it('passes while the database answers, fails while it is unreachable and recovers after', async () => {
    await dataSource.initialize();
    const readiness = databaseReadinessCheck(dataSource, 'primary-db');
    expect(readiness.name).toBe('primary-db');
    await expect(readiness.check()).resolves.toBeUndefined();

    proxy.cut();
    await expect(readiness.check()).rejects.toThrow();

    proxy.resume();
    await waitFor(() => readiness.check().then(() => true), { description: 'the readiness check to pass again' });
  });

  it('fails within its bound when the database is too slow', async () => {
    proxy.setDelay(2_500);
    try {
      const startedAt = Date.now();
      await expect(databaseReadinessCheck(dataSource).check()).rejects.toThrow('did not answer within 2000 ms');
      // Well under the 5 s round trip through the proxy.
      expect(Date.now() - startedAt).toBeLessThan(4_000);
    } finally {
      proxy.setDelay(0);
    }
  });
});

describe('databaseReadinessCheck on a database its migrations have not reached', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('readiness_migrations');
    const { logger } = capturingLogger();
    dataSource = await createDataSource({ url: database.url, entities: [Greeting], migrations: greetingMigrations, migrationsTableName: 'greeting_migrations', logger }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('fails until every migration of this build is applied (as behind a migration Job), then passes', async () => {
    const readiness = databaseReadinessCheck(dataSource);
    await expect(readiness.check()).rejects.toThrow(`${greetingMigrationNames.length} database migration(s) not applied yet, first ${greetingMigrationNames[0]}`);

    await dataSource.query('CREATE TABLE greeting_migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)');
    await expect(readiness.check()).rejects.toThrow('not applied yet');

    await dataSource.query('DROP TABLE greeting_migrations');
    await runMigrations(dataSource, { logger: capturingLogger().logger });
    await expect(readiness.check()).resolves.toBeUndefined();
  });
});
