import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { createTestDatabase, type TestDatabase, waitFor } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { linkChannel } from '../src/app/link-channel';
import type { WebhookToStore } from '../src/app/ports';
import { createBufferTransactions } from '../src/db/buffer.repository';
import { bufferLockSlots, lockBufferSlots } from '../src/db/schema';
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
    dataSource = createDataSource({ url: database.url, entities: webhookIngestEntities, migrations: webhookIngestMigrations, logger, poolSize: 8 });
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

  const statusOf = async (dedupeKey: string): Promise<{ status: string; tenant_id: string | null }> =>
    ((await dataSource.query('SELECT status, tenant_id FROM onboarding_webhook_events WHERE dedupe_key = $1', [dedupeKey])) as { status: string; tenant_id: string | null }[])[0]!;
  const channelCreated = (id: string, channelId: string, clientId: string) => webhook(id, JSON.stringify({ id, event: 'channel_created', data: { id: channelId, client_id: clientId } }));

  it('holds back, while a link is in progress, the webhooks that could match its channel, and only those', async () => {
    const link = { channelId: 'lockCH', tenantId: 'tenant-lock', clientId: 'lockCL' };
    // Names share lock slots by hash: these two channels' happen not to.
    const otherSlots = bufferLockSlots(['channel:otherCH', 'client:otherCL']);
    expect(bufferLockSlots(['channel:lockCH', 'client:lockCL']).filter((slot) => otherSlots.includes(slot))).toEqual([]);
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let announceLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => (announceLocked = resolve));
    const linking = createBufferTransactions(dataSource).run(async (store) => {
      await store.lockOutIngest(link);
      announceLocked();
      await gate;
      await store.saveLinkedChannel(link);
    });
    await locked;

    expect(await repository.storeBatch([channelCreated('lock-other', 'otherCH', 'otherCL')])).toEqual(['stored']);
    let sameClientSettled = false;
    const sameClient = repository.storeBatch([channelCreated('lock-same', 'lockCH2', 'lockCL')]).finally(() => (sameClientSettled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sameClientSettled).toBe(false);

    openGate();
    await linking;
    expect(await sameClient).toEqual(['stored']);
    // Stored after the link committed, it saw the link: routed to the tenant, not buffered.
    expect(await statusOf('lock-same')).toEqual({ status: 'published', tenant_id: 'tenant-lock' });
    expect(await statusOf('lock-other')).toEqual({ status: 'buffered', tenant_id: null });
  });

  it('leaves nothing buffered when links and webhooks of their channels race', async () => {
    const channels = Array.from({ length: 20 }, (_, index) => ({ channel_id: `raceCH${index}`, client_id: `raceCL${index}`, tenant_id: `tenant-race-${index}` }));
    await Promise.all(
      channels.flatMap((channel, index) => [
        repository.storeBatch([channelCreated(`race-${index}-a`, channel.channel_id, channel.client_id)]),
        createBufferTransactions(dataSource).run((store) => linkChannel(store, channel)),
        repository.storeBatch([channelCreated(`race-${index}-b`, channel.channel_id, channel.client_id)]),
      ]),
    );
    const rows = (await dataSource.query(
      `SELECT dedupe_key, status, tenant_id FROM onboarding_webhook_events WHERE dedupe_key LIKE 'race-%' ORDER BY dedupe_key`,
    )) as { dedupe_key: string; status: string; tenant_id: string }[];
    expect(rows).toHaveLength(40);
    expect(rows.filter((row) => row.status !== 'published')).toEqual([]);
  });

  it('retries a link when a WABA it learnt under its lock is being written by another transaction', async () => {
    const link = { channelId: 'learnCH', tenantId: 'tenant-learn', clientId: 'learnCL' };
    const waba = 'learnWABA';
    const [channelSlot] = bufferLockSlots([`channel:${link.channelId}`]);
    const [wabaSlot] = bufferLockSlots([`waba:${waba}`]);
    expect(wabaSlot).not.toBe(channelSlot);
    // An ingest transaction storing the channel's channel_created, naming its WABA, still open...
    const storing = dataSource.createQueryRunner();
    await storing.startTransaction();
    await lockBufferSlots(storing.manager, bufferLockSlots([`channel:${link.channelId}`, `waba:${waba}`]), 'shared');
    await storing.query(
      `INSERT INTO onboarding_webhook_events (id, dedupe_key, event, source, channel_id, waba_account_id, payload, status, received_at)
       VALUES (gen_random_uuid(), 'learn-created', 'channel_created', 'partner', $1, $2, '{}', 'buffered', now())`,
      [link.channelId, waba],
    );
    // ...the link waits for it; and a history chunk naming only the WABA is being stored too.
    const linking = createBufferTransactions(dataSource).run((store) => store.lockOutIngest(link));
    await waitFor(async () => ((await dataSource.query(`SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`)) as unknown[]).length === 1, {
      description: 'the link to wait for the channel slot',
    });
    const history = dataSource.createQueryRunner();
    await history.startTransaction();
    await lockBufferSlots(history.manager, bufferLockSlots([`waba:${waba}`]), 'shared');
    await storing.commitTransaction();

    await expect(linking).rejects.toThrow('the link is retried');
    await history.commitTransaction();
    await expect(createBufferTransactions(dataSource).run((store) => store.lockOutIngest(link))).resolves.toBeUndefined();
    await storing.release();
    await history.release();
  });

  it('finds a stored webhook by its webhook event id, with the body as stored', async () => {
    const found = await repository.findByWebhookEventId('batch-a');
    expect(found).toMatchObject({ webhookEventId: 'batch-a', event: 'client_created', status: 'buffered', references: { clientId: 'repoCL' } });
    expect(JSON.parse(found!.payloadJson)).toEqual({ id: 'batch-a', event: 'client_created', data: { id: 'repoCL' } });
    expect(await repository.findByWebhookEventId('nope')).toBeUndefined();
  });
});
