import * as grpc from '@grpc/grpc-js';
import { waitFor } from '@chatpilot/testing';
import type { VaultClient } from '@chatpilot/vault-client';
import { runSendTestMessage } from '../src/cli/send-test-message';
import { runVaultCli } from '../src/cli/vault-cli';
import { listenOnBus, type BusListener } from './support/bus-listener';
import { expectGrpcError, expectNoSecretIn } from './support/grpc-expectations';
import {
  createTestBed,
  newEncryptionKey,
  startSandbox,
  startVault,
  TOKENS,
  vaultEnvironment,
  WEBHOOK_URL_TEMPLATE,
  type RunningVault,
  type SandboxFixture,
  type VaultTestBed,
} from './support/vault-fixture';

const API_KEYS_PATH = '/api/v2/partners/*/channels/*/api_keys';

describe('credential-vault: provisioning channel keys through the 360dialog Partner API', () => {
  let bed: VaultTestBed;
  let d360: SandboxFixture;
  let vault: RunningVault;
  let env: Record<string, string>;
  let bus: BusListener;
  let onboarding: VaultClient;
  let sender: VaultClient;

  beforeAll(async () => {
    bed = await createTestBed('vault_provision');
    d360 = await startSandbox();
    env = vaultEnvironment({ databaseUrl: bed.database.url, amqp: bed.amqp, sandbox: d360.info, encryptionKey: newEncryptionKey() });
    vault = await startVault(env, bed.logger, { consumerName: bed.consumerName });
    bus = await listenOnBus(bed.amqp, env.AMQP_EXCHANGE!, 'vault.#');
    onboarding = bed.client(vault.address, TOKENS.onboarding);
    sender = bed.client(vault.address, TOKENS.sender);
  });

  afterAll(async () => {
    await bus?.close();
    await vault?.stop();
    await d360?.stop();
    await bed?.close();
  });

  afterEach(() => d360.control.clearFaults());

  /** The keys 360dialog issued for the channel, oldest first. */
  const issuedKeys = async (channelId: string) => (await d360.control.channel(channelId)).apiKeys;
  const keyCreations = async (channelId: string) =>
    (await d360.control.requests({ surface: 'partner_api', method: 'POST' })).filter((request) => request.path.endsWith(`/channels/${channelId}/api_keys`)).length;

  it('stores only ciphertext, registers the number’s webhook and announces the key without it', async () => {
    const channelId = await d360.onboardChannel();

    const result = await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });

    const [issued] = await issuedKeys(channelId);
    const expectedWebhook = WEBHOOK_URL_TEMPLATE.replace('{channel_id}', channelId);
    expect(result).toMatchObject({ created: true, key: { tenantId: 'tenant-a', channelId, status: 'active', generation: 1, apiKeyLast4: issued!.apiKey.slice(-4), webhookUrl: expectedWebhook } });
    expect((await d360.control.channel(channelId)).webhookUrl).toBe(expectedWebhook);

    const rows = await bed.sql('SELECT * FROM whatsapp_api_keys WHERE channel_id = $1', [channelId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ciphertext).toMatch(/^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(rows)).not.toContain(issued!.apiKey);

    await expect(sender.getChannelCredentials(channelId, { tenantId: 'tenant-a' })).resolves.toMatchObject({ apiKey: issued!.apiKey, address: issued!.address, generation: 1 });

    await waitFor(() => bus.messages().find((message) => (message.data as { channel_id?: string }).channel_id === channelId), { description: 'vault.channel_key.provisioned on the bus' });
    const announced = bus.messages().find((message) => (message.data as { channel_id?: string }).channel_id === channelId);
    expect(announced).toMatchObject({ type: 'vault.channel_key.provisioned', tenant_id: 'tenant-a', data: { channel_id: channelId, generation: 1, address: issued!.address } });
    expect(bus.rawBodies().join('\n')).not.toContain(issued!.apiKey);
  });

  it('calls 360dialog once however often, and however concurrently, a channel is provisioned', async () => {
    const channelId = await d360.onboardChannel();

    const first = await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
    const repeated = await Promise.all(Array.from({ length: 5 }, () => onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId })));

    expect(first.created).toBe(true);
    expect(repeated.map((result) => [result.created, result.key.generation])).toEqual(Array.from({ length: 5 }, () => [false, 1]));
    expect(await keyCreations(channelId)).toBe(1);
  });

  it('serialises concurrent first provisionings of one channel into a single 360dialog key', async () => {
    const channelId = await d360.onboardChannel();

    const results = await Promise.all(Array.from({ length: 4 }, () => onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId })));

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await keyCreations(channelId)).toBe(1);
  });

  it('keeps serving credential reads while a slow 360dialog holds provisionings', async () => {
    // A small pool makes the point quickly: each issuing call holds a connection across 360dialog.
    // Same consumer queue as the main vault (competing consumers), so the namespace cleanup deletes it.
    const small = await startVault({ ...env, DATABASE_POOL_SIZE: '4' }, bed.logger, { consumerName: bed.consumerName });
    try {
      const readable = await d360.onboardChannel();
      await bed.client(small.address, TOKENS.onboarding).provisionChannelKey({ tenantId: 'tenant-a', channelId: readable });
      await d360.control.addFault({ path: API_KEYS_PATH, method: 'POST', kind: 'latency', latencyMs: 6_000 });
      const slowChannels = await Promise.all(Array.from({ length: 4 }, () => d360.onboardChannel()));
      const provisioning = Promise.allSettled(
        slowChannels.map((channelId) => bed.client(small.address, TOKENS.onboarding).provisionChannelKey({ tenantId: 'tenant-a', channelId })),
      );
      await waitFor(async () => (await d360.control.requests({ surface: 'partner_api', method: 'POST' })).some((request) => slowChannels.some((id) => request.path.includes(id))), {
        description: 'a provisioning to be waiting on 360dialog',
      });

      await expect(bed.client(small.address, TOKENS.sender).getChannelCredentials(readable)).resolves.toMatchObject({ channelId: readable });

      await d360.control.clearFaults();
      await provisioning;
    } finally {
      await small.stop();
    }
  });

  it('refuses, when stopping, the provisionings still waiting for their slot, and stores every key it had asked 360dialog for', async () => {
    // A pool of 3 leaves one provisioning slot; 360dialog takes 1.5 s per key.
    const stopping = await startVault({ ...env, DATABASE_POOL_SIZE: '3' }, bed.logger, { consumerName: bed.consumerName });
    const client = bed.client(stopping.address, TOKENS.onboarding);
    const channels = await Promise.all(Array.from({ length: 4 }, () => d360.onboardChannel()));
    await d360.control.addFault({ path: API_KEYS_PATH, method: 'POST', kind: 'latency', latencyMs: 1_500 });
    const asked = async () => (await d360.control.requests({ surface: 'partner_api', method: 'POST' })).filter((request) => channels.some((id) => request.path.includes(`/channels/${id}/api_keys`))).length;
    const provisioning = Promise.allSettled(channels.map((channelId) => client.provisionChannelKey({ tenantId: 'tenant-a', channelId })));
    await waitFor(async () => (await asked()) === 1, { description: 'the first provisioning to be waiting on 360dialog' });

    await stopping.stop();

    const outcomes = await provisioning;
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: grpc.status.UNAVAILABLE });
    const stored = await bed.sql<{ n: number }>('SELECT count(*)::int AS n FROM whatsapp_api_keys WHERE channel_id = ANY($1)', [channels]);
    expect(stored[0]?.n).toBe(await asked());
  });

  it('issues a new key on force_rotate and hands out only the new one', async () => {
    const channelId = await d360.onboardChannel();
    await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });

    const rotated = await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId, forceRotate: true });

    const [oldKey, newKey] = await issuedKeys(channelId);
    expect(oldKey!.revokedAt).not.toBeNull();
    expect(rotated).toMatchObject({ created: true, key: { generation: 2, apiKeyLast4: newKey!.apiKey.slice(-4) } });
    expect(rotated.key.rotatedAt).toBeInstanceOf(Date);
    await expect(sender.getChannelCredentials(channelId)).resolves.toMatchObject({ apiKey: newKey!.apiKey, generation: 2 });
  });

  it('refuses force_rotate on a revoked channel without calling 360dialog, and audits the refusal', async () => {
    const channelId = await d360.onboardChannel();
    await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
    await onboarding.revokeChannelKey(channelId, 'offboarded');

    const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId, forceRotate: true }), grpc.status.FAILED_PRECONDITION);

    expect(details).toMatch(/^VAULT\.REVOKED_KEY_NOT_ROTATABLE: the key of channel .+ was revoked/);
    expect(await keyCreations(channelId)).toBe(1);
    await expect(onboarding.describeChannelKey(channelId)).resolves.toMatchObject({ status: 'revoked', generation: 1 });
    const audit = await bed.sql('SELECT outcome FROM vault_audit_log WHERE channel_id = $1 AND method = $2 ORDER BY id', [channelId, 'ProvisionChannelKey']);
    expect(audit.map((row) => row.outcome)).toEqual(['OK', 'VAULT.REVOKED_KEY_NOT_ROTATABLE']);
  });

  it('accepts the {api_keys: […]} response shape as well', async () => {
    await d360.control.updateSettings({ apiKeyResponse: 'list' });
    try {
      const channelId = await d360.onboardChannel();
      await expect(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId })).resolves.toMatchObject({ created: true });
      const [issued] = await issuedKeys(channelId);
      await expect(sender.getChannelCredentials(channelId)).resolves.toMatchObject({ apiKey: issued!.apiKey });
    } finally {
      await d360.control.updateSettings({ apiKeyResponse: 'flat' });
    }
  });

  it('refuses to provision a channel whose active key belongs to another tenant', async () => {
    const channelId = await d360.onboardChannel();
    await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });

    const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-b', channelId }), grpc.status.PERMISSION_DENIED);

    expect(details).toMatch(/^VAULT\.TENANT_MISMATCH/);
    expect(await keyCreations(channelId)).toBe(1);
  });

  it("refuses another tenant a channel whose key was revoked, and gives its own tenant a new key", async () => {
    const channelId = await d360.onboardChannel();
    await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
    await onboarding.revokeChannelKey(channelId, 'offboarded');

    const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-b', channelId }), grpc.status.PERMISSION_DENIED);

    expect(details).toMatch(/^VAULT\.TENANT_MISMATCH/);
    expect(await keyCreations(channelId)).toBe(1);
    await expect(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId })).resolves.toMatchObject({ created: true, key: { generation: 2 } });
    await expect(sender.getChannelCredentials(channelId, { tenantId: 'tenant-a' })).resolves.toMatchObject({ generation: 2 });
  });

  it('answers FAILED_PRECONDITION when 360dialog refuses to issue a key', async () => {
    const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId: 'not-a-360dialog-channel' }), grpc.status.FAILED_PRECONDITION);
    expect(details).toMatch(/^VAULT\.PARTNER_API_REJECTED/);
  });

  it('keeps the key when the webhook registration fails, and finishes it on the next call without a new key', async () => {
    const channelId = await d360.onboardChannel();
    await d360.control.addFault({ path: '/messaging/v1/configs/webhook', method: 'POST', kind: '500' });

    const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId }), grpc.status.UNAVAILABLE);
    expect(details).toMatch(/^VAULT\.WEBHOOK_REGISTRATION_FAILED/);
    await d360.control.clearFaults();

    const retried = await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
    expect(retried).toMatchObject({ created: false, key: { generation: 1, webhookUrl: WEBHOOK_URL_TEMPLATE.replace('{channel_id}', channelId) } });
    expect(await keyCreations(channelId)).toBe(1);
  });

  describe('admin CLI', () => {
    it('rotates a channel key and prints the channel’s audit log', async () => {
      const channelId = await d360.onboardChannel();
      await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
      const out: string[] = [];
      const io = { env, out: (line: string) => out.push(line), err: (line: string) => out.push(line) };

      await expect(runVaultCli(['rotate-channel-key', channelId], io)).resolves.toBe(0);
      expect(JSON.parse(out.at(-1)!)).toMatchObject({ channel_id: channelId, tenant_id: 'tenant-a', generation: 2 });
      await expect(sender.getChannelCredentials(channelId)).resolves.toMatchObject({ apiKey: (await issuedKeys(channelId))[1]!.apiKey });

      out.length = 0;
      await expect(runVaultCli(['audit', '--channel', channelId], io)).resolves.toBe(0);
      const entries = out.map((line) => JSON.parse(line) as { method: string; caller: string; outcome: string });
      expect(entries.map((entry) => entry.method)).toEqual(['GetChannelCredentials', 'RotateChannelKey', 'ProvisionChannelKey']);
      expect(entries[1]).toMatchObject({ caller: expect.stringMatching(/^admin-cli:/), outcome: 'OK' });
    });

    it('refuses to rotate a revoked channel key with a clear message and a non-zero exit', async () => {
      const channelId = await d360.onboardChannel();
      await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
      await onboarding.revokeChannelKey(channelId, 'offboarded');
      const out: string[] = [];
      const err: string[] = [];

      await expect(runVaultCli(['rotate-channel-key', channelId], { env, out: (line) => out.push(line), err: (line) => err.push(line) })).resolves.toBe(1);

      expect(err.at(-1)).toBe(`rotate-channel-key failed: VAULT.REVOKED_KEY_NOT_ROTATABLE: the key of channel ${channelId} was revoked; rotating it would issue a new active key and undo the revocation`);
      expect(out).toEqual([]);
      expect(await keyCreations(channelId)).toBe(1);
      await expect(onboarding.describeChannelKey(channelId)).resolves.toMatchObject({ status: 'revoked' });
    });

    it('explains its usage for an unknown command', async () => {
      const err: string[] = [];
      await expect(runVaultCli(['frobnicate'], { env, out: () => undefined, err: (line) => err.push(line) })).resolves.toBe(2);
      expect(err.join('\n')).toContain('usage: npm run vault');
    });
  });

  describe('send-test-message', () => {
    it('resolves the credentials through the vault and sends through the Messaging API', async () => {
      const channelId = await d360.onboardChannel();
      await onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId });
      const out: string[] = [];
      const io = { env: { VAULT_ADDRESS: vault.address, VAULT_TOKEN: TOKENS.sender }, out: (line: string) => out.push(line), err: (line: string) => out.push(line) };

      await expect(runSendTestMessage(['--channel', channelId, '--to', '+4915112345678', '--text', 'Hello from the vault test'], io)).resolves.toBe(0);

      const [issued] = await issuedKeys(channelId);
      const sent = await d360.control.requests({ surface: 'messaging_api', method: 'POST', pathPrefix: '/messaging/messages' });
      expect(sent.at(-1)).toMatchObject({ status: 200, headers: expect.objectContaining({ 'd360-api-key': issued!.apiKey }), body: expect.objectContaining({ to: '+4915112345678', text: { body: 'Hello from the vault test' } }) });
      expect(JSON.parse(out.at(-1)!)).toMatchObject({ channel_id: channelId, message_ids: [expect.stringMatching(/^wamid\./)] });
      expect(out.join('\n')).not.toContain(issued!.apiKey);
    });

    it('fails with the vault’s answer for a caller that may not read keys', async () => {
      const err: string[] = [];
      const io = { env: { VAULT_ADDRESS: vault.address, VAULT_TOKEN: TOKENS.onboarding }, out: () => undefined, err: (line: string) => err.push(line) };
      await expect(runSendTestMessage(['--channel', 'any', '--to', '+4915112345678', '--text', 'x'], io)).resolves.toBe(1);
      expect(err.join('\n')).toContain('may not call');
    });
  });

  describe('Partner API faults', () => {
    it('retries a 429 and then succeeds', async () => {
      const channelId = await d360.onboardChannel();
      await d360.control.addFault({ path: API_KEYS_PATH, method: 'POST', kind: '429', retryAfterSeconds: 1, times: 1 });

      await expect(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId })).resolves.toMatchObject({ created: true });
      expect(await keyCreations(channelId)).toBe(2);
    });

    it('answers UNAVAILABLE without retrying a 500, fails fast once the breaker opens, and recovers', async () => {
      const channelId = await d360.onboardChannel();
      await d360.control.addFault({ path: API_KEYS_PATH, method: 'POST', kind: '500' });

      const details = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId }), grpc.status.UNAVAILABLE);
      expect(details).toMatch(/^VAULT\.PARTNER_API_UNAVAILABLE/);
      expect(await keyCreations(channelId)).toBe(1);

      let attempts = await keyCreations(channelId);
      // Each call is one attempt, so the breaker opens only once failures outnumber the suite's recent successes.
      for (let call = 0; call < 50; call += 1) {
        await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId }), grpc.status.UNAVAILABLE);
        const now = await keyCreations(channelId);
        if (now === attempts) break;
        attempts = now;
      }
      const openDetails = await expectGrpcError(onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId }), grpc.status.UNAVAILABLE);
      expect(openDetails).toContain('circuit open');
      expect(await keyCreations(channelId)).toBe(attempts);
      expect(await bed.sql('SELECT 1 FROM whatsapp_api_keys WHERE channel_id = $1', [channelId])).toEqual([]);

      await d360.control.clearFaults();
      const recovered = await waitFor(() => onboarding.provisionChannelKey({ tenantId: 'tenant-a', channelId }).catch(() => undefined), {
        description: 'provisioning to succeed once the breaker lets a probe through',
        timeoutMs: 15_000,
        intervalMs: 250,
      });
      expect(recovered).toMatchObject({ created: true, key: { generation: 1 } });
    });
  });

  it('logged no plaintext key during the suite', async () => {
    const keys = (await d360.control.channels()).flatMap((channel) => channel.apiKeys.map((key) => key.apiKey));
    expectNoSecretIn(bed.logLines, keys);
  });
});
