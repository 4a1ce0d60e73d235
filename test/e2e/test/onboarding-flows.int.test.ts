import { createMessagingApiClient } from '@chatpilot/d360-client';
import { createLogger } from '@chatpilot/logger';
import { waitFor } from '@chatpilot/testing';
import { createVaultClient } from '@chatpilot/vault-client';

import { FAST_SANDBOX, HISTORY_CHUNKS_PER_NUMBER, HISTORY_MESSAGES_PER_NUMBER, startE2eSystem, type E2eSystem } from '../src/e2e-system';
import { errorPage, newTenantId, onboardTenant, registryChannel, startAndGrant, successPage } from '../src/flows';
import { metricTotal, scrape } from '../src/metrics';
import type { Session } from '../src/onboarding-api';
import { grantAtSandbox, uniquePhoneNumber } from '../src/sandbox-grant';

const expectCompletedWith = (session: Session, channelIds: string[]) => {
  expect(session).toMatchObject({ status: 'completed', error: null, stage: { key: 'completed', percent: 100 } });
  expect(session.channels.map((channel) => channel.channel_id).sort()).toEqual([...channelIds].sort());
  for (const channel of session.channels) {
    expect(channel).toMatchObject({ status: 'running', key_provisioned: true, webhook_configured: true, phone_number: expect.any(String) });
  }
};

describe('the system as separate processes: onboarding over HTTP and gRPC', () => {
  let system: E2eSystem;

  beforeAll(async () => {
    system = await startE2eSystem('flows');
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  describe('while every process runs', () => {
    afterEach(async () => {
      await system.sandbox.updateSettings(FAST_SANDBOX);
    });

    it('takes a tenant from start to completed: the number linked and running in the registry, its key in the vault', async () => {
      const { tenantId, started, grant, callback } = await startAndGrant(system);
      expect(started.onboarding_url.startsWith(`${system.processes.endpoints.sandbox}/dashboard/app/`)).toBe(true);
      expect(callback).toEqual({ status: 303, location: successPage(started.session_id) });

      const session = await system.onboarding.waitForSession(tenantId, started.session_id);
      expectCompletedWith(session, grant.channelIds);
      expect(session.client_id).toBe(grant.clientId);
      const channel = await registryChannel(system, tenantId, grant.channelIds[0]!);
      expect(channel).toMatchObject({ tenant_id: tenantId, client_id: grant.clientId, status: 'running', onboarding_session_id: started.session_id });
      const vault = createVaultClient({ address: system.processes.endpoints.vaultGrpc, token: system.secrets.tokens.messagingSenderToVault });
      const key = await vault.describeChannelKey(grant.channelIds[0]!).finally(() => vault.close());
      expect(key).toMatchObject({ tenantId, status: 'active', generation: 1, webhookUrl: expect.stringContaining('/webhooks/360dialog/channels/') });
    });

    it('completes when 360dialog sent every webhook before the browser came back', async () => {
      await system.sandbox.updateSettings({ webhookOrder: 'before_redirect' });
      const tenantId = newTenantId();
      const started = await system.onboarding.start(tenantId);
      const grant = await grantAtSandbox(system.sandbox, started.onboarding_url);
      await waitFor(
        async () => {
          const deliveries = await webhooksAbout(grant.channelIds[0]!);
          return deliveries.some((delivery) => delivery.event === 'channel_running') && deliveries.every((delivery) => delivery.status === 'delivered');
        },
        { description: 'every webhook of the number to be accepted before the redirect', timeoutMs: 30_000 },
      );
      expect((await system.onboarding.session(tenantId, started.session_id)).status).toBe('pending');

      expect((await system.onboarding.callback(grant.redirectLocation)).location).toBe(successPage(started.session_id));
      expectCompletedWith(await system.onboarding.waitForSession(tenantId, started.session_id), grant.channelIds);
    });

    it('links and activates two numbers granted in one session', async () => {
      const { tenantId, started, grant, session } = await onboardTenant(system, { phoneNumbers: [uniquePhoneNumber(), uniquePhoneNumber()] });
      expect(grant.channelIds).toHaveLength(2);
      expectCompletedWith(session, grant.channelIds);
      for (const channelId of grant.channelIds) {
        expect(await registryChannel(system, tenantId, channelId)).toMatchObject({ status: 'running', onboarding_session_id: started.session_id });
      }
    });

    it('fails with PERMISSION_REVOKED when the client removes a number, and the registry and the vault revoke it', async () => {
      const first = await onboardTenant(system);
      expect(first.session.status).toBe('completed');
      const channelId = first.grant.channelIds[0]!;

      const again = await startAndGrant(system, { phoneNumbers: [], clientId: first.grant.clientId, revokeChannelIds: [channelId] }, first.tenantId);
      expect(again.grant.revokedIds).toEqual([channelId]);
      expect(again.callback.location).toBe(errorPage('PERMISSION_REVOKED'));
      const session = await system.onboarding.waitForSession(first.tenantId, again.started.session_id);
      expect(session).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_REVOKED' } });

      await waitFor(async () => (await registryChannel(system, first.tenantId, channelId)).status === 'revoked', { description: 'the registry to revoke the channel' });
      const vault = createVaultClient({ address: system.processes.endpoints.vaultGrpc, token: system.secrets.tokens.messagingSenderToVault });
      try {
        await waitFor(async () => (await vault.describeChannelKey(channelId)).status === 'revoked', { description: 'the vault to revoke the key' });
        await expect(vault.getChannelCredentials(channelId)).rejects.toMatchObject({ details: expect.stringContaining('VAULT.CHANNEL_KEY_REVOKED') });
      } finally {
        vault.close();
      }
    });

    it('acts on each webhook once when 360dialog delivers every one twice', async () => {
      await system.sandbox.updateSettings({ webhookDelivery: { duplicateRate: 1 } });
      const ingestMetrics = `${system.processes.endpoints.webhookIngest}/metrics`;
      const duplicatesBefore = metricTotal(await scrape(ingestMetrics), 'webhook_ingest_duplicates_total');

      const { tenantId, started, grant } = await startAndGrant(system);
      const session = await system.onboarding.waitForSession(tenantId, started.session_id, {
        // Chunks, not progress: progress is the highest seen, so a chunk whose handling was retried
        // may still be counted after it reads 100.
        until: (current) => current.status === 'completed' && (current.history_sync?.chunks ?? 0) >= HISTORY_CHUNKS_PER_NUMBER,
        description: 'completed with every history chunk recorded',
      });
      expectCompletedWith(session, grant.channelIds);
      expect(session.history_sync).toMatchObject({ progress: 100, chunks: HISTORY_CHUNKS_PER_NUMBER, messages: HISTORY_MESSAGES_PER_NUMBER });

      const copies = (await webhooksAbout(grant.channelIds[0]!)).filter((delivery) => delivery.duplicateOf !== undefined);
      expect(copies.length).toBeGreaterThan(0);
      const duplicates = metricTotal(await scrape(ingestMetrics), 'webhook_ingest_duplicates_total') - duplicatesBefore;
      expect(duplicates).toBeGreaterThanOrEqual(copies.length);
    });

    it('lets a messaging sender fetch the key from the vault over gRPC and send through the Messaging API', async () => {
      const { tenantId, grant, session } = await onboardTenant(system);
      expect(session.status).toBe('completed');
      const channelId = grant.channelIds[0]!;
      const vault = createVaultClient({ address: system.processes.endpoints.vaultGrpc, token: system.secrets.tokens.messagingSenderToVault });
      const credentials = await vault.getChannelCredentials(channelId, { tenantId }).finally(() => vault.close());
      expect(credentials).toMatchObject({ channelId, tenantId, generation: 1, address: expect.stringContaining(system.processes.endpoints.sandbox) });

      const messaging = createMessagingApiClient({ logger: createLogger({ service: 'e2e-sender', level: 'silent' }) });
      const message = { to: '4915112345678', type: 'text', text: { body: 'Hello from ChatPilot' } };
      const sent = await messaging.sendMessage({ address: credentials.address, apiKey: credentials.apiKey, message });
      expect(sent.messageIds).toEqual([expect.stringMatching(/^wamid\./)]);
      const [request] = await system.sandbox.requests({ surface: 'messaging_api', method: 'POST', pathPrefix: '/messaging/messages' });
      expect(request).toMatchObject({ status: 200, headers: expect.objectContaining({ 'd360-api-key': credentials.apiKey }), body: expect.objectContaining(message) });
    });
  });

  it('leaves no process running once the system is stopped', async () => {
    const pids = system.processes.spawnedPids();
    expect(pids).toHaveLength(5);
    await system.processes.stop();
    expect(system.processes.livePids()).toEqual([]);
  });

  /** The partner webhooks the sandbox sent (or tried to) about one channel. */
  async function webhooksAbout(channelId: string) {
    return (await system.sandbox.webhooks()).filter((delivery) => delivery.body.includes(channelId));
  }
});
