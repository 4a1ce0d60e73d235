import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { applyCommands } from '../src/app/apply-commands';
import type { SessionMetrics, TransactionRunner } from '../src/app/ports';
import { ONBOARDING_ENTITIES } from '../src/db/entities';
import { ONBOARDING_MIGRATIONS } from '../src/db/migrations';
import { createTransactionRunner } from '../src/db/onboarding-store';
import type { StatusChange } from '../src/domain/session-transitions';
import { sessionFixture } from './support/session-fixture';

/** The metrics port, recording: what /metrics would count. */
function recordingMetrics(): SessionMetrics & { transitions: StatusChange[] } {
  const transitions: StatusChange[] = [];
  return { transitions, started: () => undefined, callbackAnswered: () => undefined, transitioned: (change) => transitions.push(change) };
}

describe('transitions are counted once their transaction commits', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runner: TransactionRunner;

  const logger = createLogger({ service: 'onboarding-test', level: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase('onb_effects');
    dataSource = createDataSource({ url: database.url, entities: ONBOARDING_ENTITIES, migrations: ONBOARDING_MIGRATIONS, logger, poolSize: 4 });
    await dataSource.initialize();
    await runMigrations(dataSource, { logger });
    runner = createTransactionRunner(dataSource, logger);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('counts nothing for a transition whose transaction rolls back, and counts it once when it commits', async () => {
    const session = sessionFixture({ id: crypto.randomUUID(), tenantId: `tenant-${crypto.randomUUID()}`, stateExpiresAt: new Date(Date.now() + 3_600_000) });
    await runner.inTransaction((store) => store.sessions.insert(session, `hash-${session.id}`));
    const metrics = recordingMetrics();
    const fail = { kind: 'fail', code: 'EXPIRED', at: new Date() } as const;

    const rolledBack = runner.inTransaction(async (store) => {
      const stored = await store.sessions.findById(session.id, 'wait');
      await applyCommands(store, metrics, stored!, [fail]);
      throw new Error('a later statement of the same transaction failed');
    });
    await expect(rolledBack).rejects.toThrow('a later statement');
    expect(metrics.transitions).toEqual([]);
    expect((await runner.reader.sessions.findById(session.id))?.status).toBe('pending');

    await runner.inTransaction(async (store) => {
      const stored = await store.sessions.findById(session.id, 'wait');
      await applyCommands(store, metrics, stored!, [fail]);
      expect(metrics.transitions).toEqual([]);
    });
    expect(metrics.transitions).toEqual([{ from: 'pending', to: 'failed', errorCode: 'EXPIRED' }]);
  });

  it('answers a committed transaction as committed even when an after-commit effect throws, and runs the other effects', async () => {
    const ran: string[] = [];
    const result = await runner.inTransaction(async (store) => {
      store.afterCommit(() => {
        throw new Error('a broken metric');
      });
      store.afterCommit(() => ran.push('second'));
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(ran).toEqual(['second']);
  });
});
