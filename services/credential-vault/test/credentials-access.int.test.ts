import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { createEvent } from '@chatpilot/contracts';
import { checkHealth, createGrpcClient, loadProtoPackage } from '@chatpilot/grpc';
import type { ProtoGrpcType as VaultProto } from '@chatpilot/grpc/src/generated/vault';
import { createAmqpTransport, type MessageTransport } from '@chatpilot/messaging';
import { startFaultProxy, testInfrastructure, waitFor, type FaultProxy } from '@chatpilot/testing';
import type { VaultClient } from '@chatpilot/vault-client';
import { expectGrpcError, expectNoSecretIn } from './support/grpc-expectations';
import { createTestBed, newEncryptionKey, startVault, TOKENS, vaultEnvironment, type RunningVault, type VaultTestBed } from './support/vault-fixture';

const ADDRESS = 'https://waba-v2.360dialog.io';
const newApiKey = () => `key${randomBytes(18).toString('base64url')}`;

describe('credential-vault: who gets a key, and every read audited', () => {
  let bed: VaultTestBed;
  let proxy: FaultProxy;
  let vault: RunningVault;
  let publisher: MessageTransport;
  const plaintextKeys: string[] = [];

  let senderClient: VaultClient;
  let adminClient: VaultClient;
  const sender = () => senderClient;
  const admin = () => adminClient;

  async function storeKey(tenantId: string, channelId: string): Promise<string> {
    const apiKey = newApiKey();
    plaintextKeys.push(apiKey);
    await admin().storeChannelKey({ tenantId, channelId, apiKey, address: ADDRESS });
    return apiKey;
  }

  const auditRows = (channelId: string) =>
    bed.sql<{ caller: string; method: string; outcome: string; tenant_id: string | null; generation: number | null }>(
      'SELECT caller, method, outcome, tenant_id, generation FROM vault_audit_log WHERE channel_id = $1 ORDER BY id',
      [channelId],
    );

  beforeAll(async () => {
    bed = await createTestBed('vault_access');
    const server = new URL(testInfrastructure().databaseUrl);
    proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const env = vaultEnvironment({ databaseUrl: proxy.rewriteUrl(bed.database.url), amqp: bed.amqp, encryptionKey: newEncryptionKey() });
    vault = await startVault(env, bed.logger, { consumerName: bed.consumerName });
    senderClient = bed.client(vault.address, TOKENS.sender);
    adminClient = bed.client(vault.address, TOKENS.admin);
    publisher = createAmqpTransport({ url: bed.amqp.url, exchange: env.AMQP_EXCHANGE!, logger: bed.logger });
    await publisher.start();
  });

  afterAll(async () => {
    await publisher?.close();
    await vault?.stop();
    await proxy?.close();
    await bed?.close();
  });

  describe('GetChannelCredentials', () => {
    it('gives an allowed sender the key, its address and generation', async () => {
      const apiKey = await storeKey('tenant-a', 'ch-get-1');

      await expect(sender().getChannelCredentials('ch-get-1')).resolves.toEqual({ channelId: 'ch-get-1', tenantId: 'tenant-a', apiKey, address: ADDRESS, generation: 1 });
      await expect(sender().getChannelCredentials('ch-get-1', { tenantId: 'tenant-a' })).resolves.toMatchObject({ apiKey });
    });

    it.each([
      ['onboarding', TOKENS.onboarding],
      ['channel-registry', TOKENS.registry],
      ['admin', TOKENS.admin],
    ])('answers PERMISSION_DENIED to %s, and audits the refusal', async (caller, token) => {
      await storeKey('tenant-a', 'ch-get-2');
      const before = await rejectedCalls(caller, 'PERMISSION_DENIED');
      await expectGrpcError(bed.client(vault.address, token).getChannelCredentials('ch-get-2'), grpc.status.PERMISSION_DENIED);
      await waitFor(async () => (await rejectedCalls(caller, 'PERMISSION_DENIED')) === before + 1, { description: 'the refusal in the audit table' });
    });

    it('answers UNAUTHENTICATED without a token or with an unknown one, and audits both refusals', async () => {
      const before = await rejectedCalls('unauthenticated', 'UNAUTHENTICATED');
      const { CredentialVault } = loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1;
      const anonymous = createGrpcClient(CredentialVault, { address: vault.address });
      try {
        await expectGrpcError(anonymous.unary('GetChannelCredentials', { channel_id: 'ch-get-1' }), grpc.status.UNAUTHENTICATED);
      } finally {
        anonymous.close();
      }
      await expectGrpcError(bed.client(vault.address, 'guessed-token').getChannelCredentials('ch-get-1'), grpc.status.UNAUTHENTICATED);
      await waitFor(async () => (await rejectedCalls('unauthenticated', 'UNAUTHENTICATED')) === before + 2, { description: 'both refusals in the audit table' });
      expect(JSON.stringify(await bed.sql(`SELECT * FROM vault_audit_log WHERE outcome = 'UNAUTHENTICATED'`))).not.toContain('guessed-token');
    });

    /** Audit rows of GetChannelCredentials calls refused before the handler. */
    async function rejectedCalls(caller: string, outcome: string): Promise<number> {
      const [row] = await bed.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM vault_audit_log WHERE caller = $1 AND outcome = $2 AND method = 'GetChannelCredentials'`,
        [caller, outcome],
      );
      return row!.count;
    }

    it('refuses a tenant that does not own the channel', async () => {
      await storeKey('tenant-a', 'ch-get-3');
      const details = await expectGrpcError(sender().getChannelCredentials('ch-get-3', { tenantId: 'tenant-b' }), grpc.status.PERMISSION_DENIED);
      expect(details).toMatch(/^VAULT\.TENANT_MISMATCH/);
    });

    it("refuses to import a key for another tenant over a channel's revoked key", async () => {
      await storeKey('tenant-a', 'ch-import-revoked');
      await bed.client(vault.address, TOKENS.registry).revokeChannelKey('ch-import-revoked', 'test');
      const details = await expectGrpcError(admin().storeChannelKey({ tenantId: 'tenant-b', channelId: 'ch-import-revoked', apiKey: newApiKey(), address: ADDRESS }), grpc.status.PERMISSION_DENIED);
      expect(details).toMatch(/^VAULT\.TENANT_MISMATCH/);
      expect(await bed.sql(`SELECT tenant_id, status FROM whatsapp_api_keys WHERE channel_id = 'ch-import-revoked'`)).toEqual([{ tenant_id: 'tenant-a', status: 'revoked' }]);
    });

    it('answers NOT_FOUND for a channel without a key', async () => {
      const details = await expectGrpcError(sender().getChannelCredentials('ch-unknown'), grpc.status.NOT_FOUND);
      expect(details).toMatch(/^VAULT\.CHANNEL_KEY_NOT_FOUND/);
    });

    it('refuses a ciphertext moved onto another channel’s row (AAD binds tenant and channel)', async () => {
      await storeKey('tenant-a', 'ch-swap-1');
      await storeKey('tenant-a', 'ch-swap-2');
      await bed.sql(`UPDATE whatsapp_api_keys SET ciphertext = (SELECT ciphertext FROM whatsapp_api_keys WHERE channel_id = 'ch-swap-2') WHERE channel_id = 'ch-swap-1'`);

      const details = await expectGrpcError(sender().getChannelCredentials('ch-swap-1'), grpc.status.DATA_LOSS);
      expect(details).toMatch(/^VAULT\.DECRYPTION_FAILED/);
    });
  });

  describe('auditing', () => {
    it('writes one audit row for every read, failed ones included', async () => {
      await storeKey('tenant-a', 'ch-audit');
      await Promise.all(Array.from({ length: 20 }, () => sender().getChannelCredentials('ch-audit')));
      await expectGrpcError(sender().getChannelCredentials('ch-audit', { tenantId: 'tenant-b' }), grpc.status.PERMISSION_DENIED);

      const reads = (await auditRows('ch-audit')).filter((row) => row.method === 'GetChannelCredentials');
      expect(reads).toHaveLength(21);
      expect(reads.filter((row) => row.outcome === 'OK')).toHaveLength(20);
      expect(reads.every((row) => row.caller === 'messaging-sender')).toBe(true);
      expect(reads.at(-1)).toMatchObject({ outcome: 'VAULT.TENANT_MISMATCH', tenant_id: 'tenant-b' });
    });

    it('audits refused reads with the code the caller got: missing, revoked, another tenant', async () => {
      await storeKey('tenant-a', 'ch-audit-revoked');
      await bed.client(vault.address, TOKENS.registry).revokeChannelKey('ch-audit-revoked', 'test');
      const answers = await Promise.all([
        expectGrpcError(sender().getChannelCredentials('ch-audit-missing', { tenantId: 'tenant-a' }), grpc.status.NOT_FOUND),
        expectGrpcError(sender().getChannelCredentials('ch-audit-revoked', { tenantId: 'tenant-b' }), grpc.status.FAILED_PRECONDITION),
      ]);

      const outcomes = [...(await auditRows('ch-audit-missing')), ...(await auditRows('ch-audit-revoked'))].filter((row) => row.method === 'GetChannelCredentials');
      expect(outcomes).toEqual([
        expect.objectContaining({ outcome: 'VAULT.CHANNEL_KEY_NOT_FOUND', tenant_id: 'tenant-a', generation: null }),
        expect.objectContaining({ outcome: 'VAULT.CHANNEL_KEY_REVOKED', tenant_id: 'tenant-a', generation: 1 }),
      ]);
      expect(answers.map((details) => details.split(':')[0])).toEqual(['VAULT.CHANNEL_KEY_NOT_FOUND', 'VAULT.CHANNEL_KEY_REVOKED']);
    });

    it('fails reads closed while the audit table refuses writes, and serves again once it accepts them', async () => {
      await storeKey('tenant-a', 'ch-closed');
      await bed.sql(`ALTER TABLE vault_audit_log ADD CONSTRAINT audit_refuses_reads CHECK (method <> 'GetChannelCredentials') NOT VALID`);
      try {
        const details = await expectGrpcError(sender().getChannelCredentials('ch-closed'), grpc.status.UNAVAILABLE);
        expect(details).toMatch(/^VAULT\.AUDIT_UNAVAILABLE/);
        expect((await auditRows('ch-closed')).filter((row) => row.method === 'GetChannelCredentials')).toEqual([]);
      } finally {
        await bed.sql('ALTER TABLE vault_audit_log DROP CONSTRAINT audit_refuses_reads');
      }
      await expect(sender().getChannelCredentials('ch-closed')).resolves.toMatchObject({ channelId: 'ch-closed' });
    });

    it('audits requests refused as invalid, naming the channel only when its id is valid and never the secret', async () => {
      const secret = `${newApiKey()} with a space`;
      await expectGrpcError(admin().storeChannelKey({ tenantId: 'tenant-a', channelId: 'ch-audit-invalid', apiKey: secret, address: ADDRESS }), grpc.status.INVALID_ARGUMENT);
      await expectGrpcError(sender().getChannelCredentials('ch audit with spaces'), grpc.status.INVALID_ARGUMENT);

      const refused = await bed.sql(
        `SELECT caller, method, tenant_id, channel_id, outcome, detail FROM vault_audit_log WHERE outcome = 'VAULT.INVALID_ARGUMENT' AND method IN ('StoreChannelKey', 'GetChannelCredentials') ORDER BY id`,
      );
      expect(refused).toEqual([
        { caller: 'admin', method: 'StoreChannelKey', tenant_id: 'tenant-a', channel_id: 'ch-audit-invalid', outcome: 'VAULT.INVALID_ARGUMENT', detail: 'api_key must be printable characters without spaces' },
        { caller: 'messaging-sender', method: 'GetChannelCredentials', tenant_id: null, channel_id: null, outcome: 'VAULT.INVALID_ARGUMENT', detail: 'channel_id must be a 360dialog channel id: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' },
      ]);
      expect(JSON.stringify(await bed.sql('SELECT * FROM vault_audit_log'))).not.toContain(secret.split(' ')[0]);
    });

    it('answers a request body that is no valid message INVALID_ARGUMENT and audits it', async () => {
      const raw = new grpc.Client(vault.address, grpc.credentials.createInsecure());
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${TOKENS.sender}`);
      try {
        const error = await new Promise<grpc.ServiceError | null>((resolve) =>
          raw.makeUnaryRequest('/chatpilot.vault.v1.CredentialVault/GetChannelCredentials', (body: Buffer) => body, (body: Buffer) => body, Buffer.alloc(9, 0xff), metadata, resolve),
        );
        expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
      } finally {
        raw.close();
      }
      // detail IS NULL tells it from the earlier test's refused GetChannelCredentials (its detail names the bad field).
      await waitFor(
        async () =>
          (await bed.sql(`SELECT 1 FROM vault_audit_log WHERE method = 'GetChannelCredentials' AND caller = 'messaging-sender' AND outcome = 'VAULT.INVALID_ARGUMENT' AND channel_id IS NULL AND detail IS NULL`))
            .length === 1,
        { description: 'the audit row of the undecodable request' },
      );
    });

    it('refuses to change an audit row', async () => {
      await expect(bed.sql(`UPDATE vault_audit_log SET outcome = 'OK'`)).rejects.toThrow(/append-only/);
    });
  });

  describe('DescribeChannelKey', () => {
    it('shows the last four characters, generation and status, never the key', async () => {
      const apiKey = await storeKey('tenant-a', 'ch-describe');
      const info = await bed.client(vault.address, TOKENS.registry).describeChannelKey('ch-describe');

      expect(info).toMatchObject({ tenantId: 'tenant-a', channelId: 'ch-describe', status: 'active', apiKeyLast4: apiKey.slice(-4), generation: 1, address: ADDRESS });
      expect(JSON.stringify(info)).not.toContain(apiKey);
    });
  });

  describe('revocation', () => {
    it('wipes the ciphertext, refuses later reads and announces it once', async () => {
      await storeKey('tenant-a', 'ch-revoke');
      const registry = bed.client(vault.address, TOKENS.registry);

      await expect(registry.revokeChannelKey('ch-revoke', 'tenant offboarded')).resolves.toMatchObject({ revoked: true, key: { status: 'revoked' } });
      await expect(registry.revokeChannelKey('ch-revoke', 'again')).resolves.toMatchObject({ revoked: false });

      const [row] = await bed.sql('SELECT status, ciphertext, encryption_key_id, revoke_reason FROM whatsapp_api_keys WHERE channel_id = $1', ['ch-revoke']);
      expect(row).toEqual({ status: 'revoked', ciphertext: null, encryption_key_id: null, revoke_reason: 'tenant offboarded' });
      const details = await expectGrpcError(sender().getChannelCredentials('ch-revoke'), grpc.status.FAILED_PRECONDITION);
      expect(details).toMatch(/^VAULT\.CHANNEL_KEY_REVOKED/);
      const events = await bed.sql(`SELECT payload FROM outbox WHERE type = 'vault.channel_key.revoked' AND payload->'data'->>'channel_id' = 'ch-revoke'`);
      expect(events).toEqual([{ payload: expect.objectContaining({ tenant_id: 'tenant-a', data: { channel_id: 'ch-revoke', reason: 'tenant offboarded' } }) }]);
    });

    it('refuses a reason with control characters as INVALID_ARGUMENT and keeps the key', async () => {
      await storeKey('tenant-a', 'ch-revoke-nul');
      const details = await expectGrpcError(bed.client(vault.address, TOKENS.registry).revokeChannelKey('ch-revoke-nul', 'a\u0000b'), grpc.status.INVALID_ARGUMENT);
      expect(details).toBe('VAULT.INVALID_ARGUMENT: reason must be plain text: no control characters or broken Unicode');
      expect(await bed.sql('SELECT status FROM whatsapp_api_keys WHERE channel_id = $1', ['ch-revoke-nul'])).toEqual([{ status: 'active' }]);
    });

    it('revokes when channel-registry reports the channel revoked or offboarded, once per event', async () => {
      await storeKey('tenant-a', 'ch-event-1');
      await storeKey('tenant-a', 'ch-event-2');
      await storeKey('tenant-a', 'ch-event-3');
      const revoked = createEvent('registry.channel.revoked', { channel_id: 'ch-event-1', reason: 'permission removed' }, { source: 'channel-registry', tenantId: 'tenant-a' });
      const offboarded = statusChanged('ch-event-2', 'offboarded');
      const stillRunning = statusChanged('ch-event-3', 'running');
      await publish(revoked, revoked, offboarded, stillRunning);

      await waitFor(async () => (await statusOf('ch-event-1')) === 'revoked' && (await statusOf('ch-event-2')) === 'revoked', {
        description: 'the registry events to revoke both keys',
      });
      // A status that revokes nothing is acked without an inbox transaction: its trace is the consumed metric.
      const ignoredRunning = async () => (await (await fetch(`${vault.httpUrl}/metrics`)).text()).match(/chatpilot_events_consumed_total\{[^}]*outcome="ignored"[^}]*\} 1\b/);
      await waitFor(async () => (await ignoredRunning()) !== null, { description: 'the running status to be acked as ignored' });
      expect(await bed.sql(`SELECT 1 FROM inbox WHERE event_id = $1`, [stillRunning.id])).toEqual([]);
      expect(await statusOf('ch-event-3')).toBe('active');
      const revocations = (await auditRows('ch-event-1')).filter((row) => row.method === 'RevokeChannelKey');
      expect(revocations).toEqual([expect.objectContaining({ caller: 'event:registry.channel.revoked', outcome: 'OK' })]);
    });
  });

  describe('health', () => {
    it('turns NOT_SERVING (gRPC and /readyz) while the database is unreachable, and SERVING once it is back', async () => {
      await storeKey('tenant-a', 'ch-health');
      expect(await checkHealth(vault.address, { service: 'chatpilot.vault.v1.CredentialVault' })).toBe('SERVING');
      expect((await fetch(`${vault.httpUrl}/readyz`)).status).toBe(200);

      proxy.cut();
      try {
        await waitFor(async () => (await checkHealth(vault.address)) === 'NOT_SERVING', { description: 'gRPC health NOT_SERVING' });
        expect((await fetch(`${vault.httpUrl}/readyz`)).status).toBe(503);
        await expectGrpcError(sender().getChannelCredentials('ch-health'), grpc.status.UNAVAILABLE);
      } finally {
        proxy.resume();
      }
      await waitFor(async () => (await checkHealth(vault.address)) === 'SERVING', { description: 'gRPC health SERVING again' });
      await waitFor(() => sender().getChannelCredentials('ch-health').then(() => true), { description: 'reads to work again' });
    });
  });

  it('logged the calls the interceptor rejected, and no per-call access lines', () => {
    const messages = bed.logLines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('grpc call rejected');
    expect(messages).not.toContain('grpc call');
  });

  it('logged no plaintext key during the suite', () => {
    expectNoSecretIn(bed.logLines, plaintextKeys);
  });

  function statusChanged(channelId: string, to: string) {
    return createEvent(
      'registry.channel.status_changed',
      { channel_id: channelId, from: 'running', to, raw_status: to, changed_at: new Date().toISOString() },
      { source: 'channel-registry', tenantId: 'tenant-a' },
    );
  }

  async function publish(...events: { id: string; type: string }[]): Promise<void> {
    const outcomes = await publisher.publish(events.map((event) => ({ id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(events.map(() => 'confirmed'));
  }

  async function statusOf(channelId: string): Promise<string | undefined> {
    const [row] = await bed.sql<{ status: string }>('SELECT status FROM whatsapp_api_keys WHERE channel_id = $1', [channelId]);
    return row?.status;
  }
});
