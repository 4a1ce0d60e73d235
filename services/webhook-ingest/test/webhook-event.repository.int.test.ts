import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import type { WebhookToStore } from '../src/app/ports';
import { webhookIngestEntities, webhookIngestMigrations } from '../src/db/schema';
import { createWebhookEventRepository, type WebhookEventRepository } from '../src/db/webhook-event.repository';
import { parseIncomingWebhook } from '../src/domain/incoming-webhook';

function webhook(id: string, bodyText = JSON.stringify({ id, event: 'client_created', data: { id: 'repoCL' } })): WebhookToStore {
  const parsed = parseIncomingWebhook(JSON.parse(bodyText) as unknown, Buffer.from(bodyText), { source: 'partner' });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.webhook, id: crypto.randomUUID(), receivedAt: new Date(), bodyText };
}

describe('webhook event repository (group-commit batches)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: WebhookEventRepository;

  beforeAll(async () => {
    const logger = createLogger({ service: 'webhook-ingest-test', level: 'silent' });
    database = await createTestDatabase('wi_repository');
    dataSource = createDataSource({ url: database.url, entities: webhookIngestEntities, migrations: webhookIngestMigrations, logger, poolSize: 3 });
    await dataSource.initialize();
    await runMigrations(dataSource, { logger });
    repository = createWebhookEventRepository(dataSource, logger);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const storedKeys = async (): Promise<string[]> =>
    ((await dataSource.query('SELECT dedupe_key FROM onboarding_webhook_events ORDER BY seq')) as { dedupe_key: string }[]).map((row) => row.dedupe_key);

  it('stores a batch in arrival order and answers copies within it as duplicates', async () => {
    const first = webhook('batch-a');
    const outcomes = await repository.storeBatch([first, webhook('batch-b'), { ...webhook('batch-a'), id: crypto.randomUUID() }, webhook('batch-c')]);
    expect(outcomes).toEqual(['stored', 'stored', 'duplicate', 'stored']);
    expect(await storedKeys()).toEqual(['batch-a', 'batch-b', 'batch-c']);
    expect(await repository.storeBatch([webhook('batch-b')])).toEqual(['duplicate']);
  });

  it('isolates a body PostgreSQL refuses, so the rest of its batch is stored', async () => {
    const poisoned = webhook('poisoned', '{"id":"poisoned","event":"client_created","data":{"name":"nul \\u0000 byte"}}');
    const outcomes = await repository.storeBatch([webhook('neighbour-1'), poisoned, webhook('neighbour-2')]);
    expect(outcomes).toEqual(['stored', 'unstorable', 'stored']);
    expect(await storedKeys()).toEqual(expect.arrayContaining(['neighbour-1', 'neighbour-2']));
    expect(await storedKeys()).not.toContain('poisoned');
  });

  it('finds a stored webhook by its webhook event id, with the body as stored', async () => {
    const found = await repository.findByWebhookEventId('batch-a');
    expect(found).toMatchObject({ webhookEventId: 'batch-a', event: 'client_created', status: 'buffered', references: { clientId: 'repoCL' } });
    expect(JSON.parse(found!.payloadJson)).toEqual({ id: 'batch-a', event: 'client_created', data: { id: 'repoCL' } });
    expect(await repository.findByWebhookEventId('nope')).toBeUndefined();
  });
});
