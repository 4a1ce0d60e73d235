import { Client } from 'pg';

import { createTestDatabase, testInfrastructure } from '../src';

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: testInfrastructure().databaseUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a uniquely named database that its URL connects to', async () => {
    const first = await createTestDatabase('Harness Self-Test');
    const second = await createTestDatabase('Harness Self-Test');
    try {
      expect(first.name).toMatch(/^t_harness_self_test_[0-9a-f]+$/);
      expect(second.name).not.toBe(first.name);

      const client = new Client({ connectionString: first.url });
      await client.connect();
      const result = await client.query<{ name: string }>('SELECT current_database() AS name');
      await client.end();
      expect(result.rows[0]?.name).toBe(first.name);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });

  it('drops the database even while a connection to it is open', async () => {
    const database = await createTestDatabase('drop_busy');
    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();

    await database.drop();

    expect(await databaseExists(database.name)).toBe(false);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
  });

  it('keeps names within the PostgreSQL identifier limit for long labels', async () => {
    const database = await createTestDatabase('x'.repeat(200));
    try {
      expect(database.name.length).toBeLessThanOrEqual(63);
      expect(await databaseExists(database.name)).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
