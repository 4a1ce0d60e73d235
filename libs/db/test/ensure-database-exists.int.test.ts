import { createTestDatabase, testInfrastructure, type TestDatabase } from '@chatpilot/testing';
import { Client } from 'pg';

import { ensureDatabaseExists } from '../src';

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: testInfrastructure().databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** A unique database name that is free on the server (reserved through the harness, then dropped). */
async function missingDatabase(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  await database.drop();
  return database;
}

describe('ensureDatabaseExists', () => {
  const created: TestDatabase[] = [];

  afterAll(async () => {
    await Promise.all(created.map((database) => database.drop()));
  });

  it('creates a missing database and leaves an existing one alone', async () => {
    const database = await missingDatabase('ensure');
    created.push(database);

    await ensureDatabaseExists(database.url);
    expect(await databaseExists(database.name)).toBe(true);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE TABLE kept (id int)');
    await client.end();

    await ensureDatabaseExists(database.url);
    const again = new Client({ connectionString: database.url });
    await again.connect();
    const tables = await again.query("SELECT 1 FROM pg_tables WHERE tablename = 'kept'");
    await again.end();
    expect(tables.rowCount).toBe(1);
  });

  it('lets replicas race to create the same database', async () => {
    const database = await missingDatabase('ensure_race');
    created.push(database);

    await Promise.all(Array.from({ length: 4 }, () => ensureDatabaseExists(database.url)));

    expect(await databaseExists(database.name)).toBe(true);
  });

  it('quotes names that are not plain identifiers', async () => {
    const database = await missingDatabase('Quoted "Name"');
    const url = new URL(database.url);
    const name = `${database.name}-Mixed Case "q"`;
    url.pathname = `/${encodeURIComponent(name)}`;
    created.push({ ...database, name, url: url.toString(), drop: () => dropDatabase(name) });

    await ensureDatabaseExists(url.toString());

    expect(await databaseExists(name)).toBe(true);
  });
});

async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: testInfrastructure().databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
