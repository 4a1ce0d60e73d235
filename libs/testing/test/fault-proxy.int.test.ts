import { Client } from 'pg';

import { createTestDatabase, startFaultProxy, testInfrastructure, waitFor, type FaultProxy, type TestDatabase } from '../src';

describe('startFaultProxy in front of PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  const openClients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('fault_proxy');
    const server = new URL(testInfrastructure().databaseUrl);
    proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
  });

  afterEach(async () => {
    proxy.resume();
    proxy.setDelay(0);
    await Promise.all(openClients.splice(0).map((client) => client.end().catch(() => undefined)));
  });

  afterAll(async () => {
    await proxy.close();
    await database.drop();
  });

  async function connectThroughProxy(): Promise<Client> {
    const client = new Client({ connectionString: proxy.rewriteUrl(database.url), connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    openClients.push(client);
    await client.connect();
    return client;
  }

  it('rewrites only the host and port of a URL', () => {
    const rewritten = new URL(proxy.rewriteUrl('postgres://user:secret@db.example:6543/app?sslmode=disable'));
    expect(rewritten.host).toBe(`${proxy.host}:${proxy.port}`);
    expect(rewritten.username).toBe('user');
    expect(rewritten.password).toBe('secret');
    expect(rewritten.pathname).toBe('/app');
    expect(rewritten.search).toBe('?sslmode=disable');
  });

  it('forwards queries and counts live connections', async () => {
    const client = await connectThroughProxy();
    const result = await client.query<{ answer: number }>('SELECT 41 + 1 AS answer');
    expect(result.rows[0]?.answer).toBe(42);
    expect(proxy.connectionCount()).toBe(1);

    await client.end();
    await waitFor(() => proxy.connectionCount() === 0, { description: 'the proxied connection to close' });
  });

  it('fails queries while cut and serves a new connection after resume', async () => {
    const client = await connectThroughProxy();
    proxy.cut();

    await expect(client.query('SELECT 1')).rejects.toThrow();
    expect(proxy.connectionCount()).toBe(0);
    await expect(connectThroughProxy()).rejects.toThrow();

    proxy.resume();
    const fresh = await connectThroughProxy();
    await expect(fresh.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('delays traffic in both directions by the configured time', async () => {
    const client = await connectThroughProxy();
    proxy.setDelay(300);

    const startedAt = Date.now();
    await client.query('SELECT 1');
    // One round trip crosses the proxy twice (request and response).
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2 * 300 - 20);

    proxy.setDelay(0);
    await expect(client.query('SELECT 2 AS two')).resolves.toMatchObject({ rows: [{ two: 2 }] });
  });
});
