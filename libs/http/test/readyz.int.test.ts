import { createHttpApp, type HttpApp, type ReadinessCheck } from '../src';
import { createTestDatabase, startFaultProxy, waitFor, type FaultProxy, type TestDatabase } from '@chatpilot/testing';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import request from 'supertest';

import { captureLogger } from './capture-logger';

/** What @chatpilot/db's readiness check does, without depending on it: one round trip, bounded. */
function postgresReadinessCheck(pool: Pool): ReadinessCheck {
  return {
    name: 'postgres',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
}

async function readinessOf(app: HttpApp): Promise<{ status: number; body: unknown }> {
  const response = await request(app).get('/readyz');
  return { status: response.status, body: response.body as unknown };
}

describe('GET /readyz against PostgreSQL through the fault proxy', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  let pool: Pool;
  let app: HttpApp;

  beforeAll(async () => {
    database = await createTestDatabase('http_readyz');
    const { hostname, port } = new URL(database.url);
    proxy = await startFaultProxy({ host: hostname, port: Number(port || 5432) });
    pool = new Pool({ connectionString: proxy.rewriteUrl(database.url), connectionTimeoutMillis: 1_000, query_timeout: 1_000, max: 2 });
    // Idle clients whose socket the proxy cuts emit 'error'; the pool drops them and the next check reconnects.
    pool.on('error', () => undefined);
    app = createHttpApp({
      service: 'readyz-test',
      logger: captureLogger().logger,
      metricsRegistry: new Registry(),
      readinessChecks: [postgresReadinessCheck(pool)],
    });
  });

  afterAll(async () => {
    await pool?.end();
    await proxy?.close();
    await database?.drop();
  });

  it('is 200 while PostgreSQL answers, 503 when it becomes unreachable, and 200 again after it returns', async () => {
    await expect(readinessOf(app)).resolves.toEqual({ status: 200, body: { status: 'ready', checks: { postgres: 'ok' } } });

    proxy.cut();
    const down = await waitFor(async () => {
      const readiness = await readinessOf(app);
      return readiness.status === 503 ? readiness : undefined;
    }, { timeoutMs: 20_000, description: '/readyz to report 503 after the proxy cut PostgreSQL off' });
    expect(down.body).toEqual({ status: 'not_ready', checks: { postgres: expect.stringMatching(/^(unavailable|timed out)/) } });

    proxy.resume();
    await waitFor(async () => (await readinessOf(app)).status === 200, {
      timeoutMs: 20_000,
      description: '/readyz to report 200 after the proxy resumed',
    });
  });
});
