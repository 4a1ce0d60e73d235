import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';

import { createDataSource } from '../src';
import { MAX_PREPARED_PER_CONNECTION, PreparingClient, statementNameFor } from '../src/preparing-client';
import { capturingLogger } from './fixtures/capturing-logger';

const PREPARED = 'SELECT name, statement FROM pg_prepared_statements ORDER BY name';

describe('PreparingClient', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('preparing_client');
  });

  beforeEach(async () => {
    client = new PreparingClient({ connectionString: database.url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('prepares a parameterised statement once and runs it again by name', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    const first = await client.query(text, [1]);
    const second = await client.query(text, [41]);

    expect(first.rows).toEqual([{ next: 2 }]);
    expect(second.rows).toEqual([{ next: 42 }]);
    expect((await client.query(PREPARED)).rows).toEqual([{ name: statementNameFor(text), statement: text }]);
  });

  it('leaves statements without parameters on the simple protocol, so one text may hold several', async () => {
    const results: unknown = await client.query('SELECT 1 AS one; SELECT 2 AS two');

    expect(results).toHaveLength(2);
    await client.query('SELECT 3', []);
    expect((await client.query(PREPARED)).rows).toEqual([]);
  });

  it('keeps working after a statement fails to parse or to run', async () => {
    await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
    await expect(client.query('SELECT 1 / $1::int AS q', [0])).rejects.toThrow(/division by zero/);

    expect((await client.query('SELECT 1 / $1::int AS q', [1])).rows).toEqual([{ q: 1 }]);
    expect((await client.query('SELECT $1::int AS fixed', [7])).rows).toEqual([{ fixed: 7 }]);
  });

  it('prepares a text again after a value pg cannot serialize failed it, even with a query queued behind', async () => {
    const text = 'SELECT $1::jsonb AS doc';
    const unserializable = { n: BigInt(1) };
    await expect(client.query(text, [unserializable])).rejects.toThrow(/BigInt/);
    expect((await client.query(text, [{ n: 1 }])).rows).toEqual([{ doc: { n: 1 } }]);

    const [failed, queued] = await Promise.allSettled([client.query(text, [unserializable]), client.query(text, [{ n: 2 }])]);
    expect(failed.status).toBe('rejected');
    expect(queued).toMatchObject({ status: 'fulfilled', value: { rows: [{ doc: { n: 2 } }] } });
    expect((await client.query(text, [{ n: 3 }])).rows).toEqual([{ doc: { n: 3 } }]);
  });

  it('sends new texts unnamed once a connection holds its maximum', async () => {
    for (let shape = 0; shape < MAX_PREPARED_PER_CONNECTION + 3; shape += 1) {
      expect((await client.query(`SELECT $1::int + ${shape} AS v`, [1])).rows).toEqual([{ v: 1 + shape }]);
    }

    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM pg_prepared_statements');
    expect(rows[0]?.count).toBe(MAX_PREPARED_PER_CONNECTION);
    expect((await client.query('SELECT $1::int + 0 AS v', [5])).rows).toEqual([{ v: 5 }]);
  });

  it('names a text the same way on every connection', () => {
    expect(statementNameFor('SELECT $1::int')).toBe(statementNameFor('SELECT $1::int'));
    expect(statementNameFor('SELECT $1::int')).not.toBe(statementNameFor('SELECT $1::bigint'));
    expect(statementNameFor('SELECT $1::int')).toMatch(/^s_[A-Za-z0-9_-]{24}$/);
  });
});

describe('createDataSource', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('preparing_data_source');
    dataSource = createDataSource({ url: database.url, entities: [], migrations: [], logger: capturingLogger().logger, poolSize: 2 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('prepares the parameterised statements of its connections, in and out of transactions', async () => {
    const text = 'SELECT $1::text AS greeting';
    const prepared = await dataSource.transaction(async (manager) => {
      await manager.query(text, ['hello']);
      return manager.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements');
    });

    expect(prepared).toEqual([{ name: statementNameFor(text) }]);
  });
});
