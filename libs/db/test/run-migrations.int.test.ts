import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { createDataSource, initializeDatabase, runMigrations } from '../src';
import { capturingLogger } from './fixtures/capturing-logger';
import { Greeting } from './fixtures/greeting.entity';
import { greetingMigrationNames, greetingMigrations } from './fixtures/migrations';

describe('runMigrations', () => {
  let database: TestDatabase;
  const dataSources: DataSource[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('migrations');
  });

  afterEach(async () => {
    await Promise.all(dataSources.splice(0).map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  async function connectedDataSource(logger = capturingLogger().logger): Promise<DataSource> {
    const dataSource = createDataSource({
      url: database.url,
      entities: [Greeting],
      migrations: greetingMigrations,
      migrationsTableName: 'greeting_migrations',
      logger,
      applicationName: 'db-lib-test',
    });
    dataSources.push(dataSource);
    return dataSource.initialize();
  }

  it('applies pending migrations so entities can be stored and read', async () => {
    const { logger, lines } = capturingLogger();
    const dataSource = await connectedDataSource(logger);

    await expect(runMigrations(dataSource, { logger })).resolves.toEqual(greetingMigrationNames);

    const greetings = dataSource.getRepository(Greeting);
    await greetings.save(greetings.create({ text: 'hi' }));
    expect((await greetings.find()).map((greeting) => greeting.text).sort()).toEqual(['hello', 'hi']);
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: 'database migrations applied', applied: greetingMigrationNames }),
    );
  });

  it('applies nothing the second time', async () => {
    const { logger } = capturingLogger();
    const dataSource = await connectedDataSource(logger);
    await runMigrations(dataSource, { logger });

    await expect(runMigrations(dataSource, { logger })).resolves.toEqual([]);
  });

  it('applies each migration exactly once when replicas migrate concurrently', async () => {
    const { logger } = capturingLogger();
    const replicas = await Promise.all([connectedDataSource(logger), connectedDataSource(logger)]);

    const results = await Promise.all(replicas.map((dataSource) => runMigrations(dataSource, { logger })));

    expect(results.flat().sort()).toEqual([...greetingMigrationNames].sort());
    const recorded = (await replicas[0]!.query('SELECT name FROM greeting_migrations')) as { name: string }[];
    expect(recorded.map((row) => row.name).sort()).toEqual([...greetingMigrationNames].sort());
  });

  it('releases the advisory lock when done', async () => {
    const { logger } = capturingLogger();
    const dataSource = await connectedDataSource(logger);

    await runMigrations(dataSource, { logger });

    const locks = (await dataSource.query(
      `SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )) as unknown[];
    expect(locks).toHaveLength(0);
  });
});

describe('initializeDatabase', () => {
  it('creates the database, connects and migrates', async () => {
    const reserved = await createTestDatabase('initialize');
    await reserved.drop();
    const { logger } = capturingLogger();

    const dataSource = await initializeDatabase({
      url: reserved.url,
      entities: [Greeting],
      migrations: greetingMigrations,
      logger,
      runMigrations: true,
    });
    try {
      expect(await dataSource.getRepository(Greeting).count()).toBe(1);
      await expect(dataSource.showMigrations()).resolves.toBe(false);
    } finally {
      await dataSource.destroy();
      await reserved.drop();
    }
  });
});
