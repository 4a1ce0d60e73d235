import { checkHealth, createGrpcClient } from '@chatpilot/grpc';

import { loadRegistryService } from '../src/grpc/registry-proto';
import { INTERNAL_KEY, type RegistryFixture, startRegistry } from './support/registry-fixture';

describe('tenant scoping and caller authentication', () => {
  let registry: RegistryFixture;

  beforeAll(async () => {
    registry = await startRegistry('registry-scoping');
    const onboarding = registry.grpc('onboarding');
    await onboarding.unary('LinkChannels', { tenant_id: 'tenant-a', session_id: 's-a', client_id: 'cl-a', channel_ids: ['a-1CH', 'a-2CH', 'a-3CH'] });
    await onboarding.unary('LinkChannels', { tenant_id: 'tenant-b', session_id: 's-b', client_id: 'cl-b', channel_ids: ['b-1CH'] });
    await registry.sql(`UPDATE whatsapp_accounts SET phone_number = '+49 151 0000001', waba_account_id = 'waba-a' WHERE channel_id = 'a-1CH'`);
  });
  afterAll(() => registry?.close());

  const get = (path: string, tenantId: string, key = INTERNAL_KEY) => fetch(`${registry.httpUrl}${path}`, { headers: { 'x-internal-key': key, 'x-tenant-id': tenantId } });

  describe('internal HTTP read API', () => {
    it("returns a tenant's own channel, and 404 for another tenant's, both ways", async () => {
      const own = await get('/channels/a-1CH', 'tenant-a');
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ channel_id: 'a-1CH', tenant_id: 'tenant-a', status: 'pending', phone_number: '+49 151 0000001' });

      for (const [path, tenant] of [
        ['/channels/a-1CH', 'tenant-b'],
        ['/channels/b-1CH', 'tenant-a'],
        ['/channels/nobodys-CH', 'tenant-a'],
      ] as const) {
        const response = await get(path, tenant);
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: { code: 'CHANNEL.NOT_FOUND', message: 'No such channel for this tenant' } });
      }
    });

    it("lists only the tenant's channels, a page at a time", async () => {
      const first = (await (await get('/channels?page_size=2', 'tenant-a')).json()) as { channels: { channel_id: string }[]; next_page_token: string; total: number };
      expect(first.channels.map((channel) => channel.channel_id)).toEqual(['a-1CH', 'a-2CH']);
      expect(first.total).toBe(3);
      const second = (await (await get(`/channels?page_size=2&page_token=${first.next_page_token}`, 'tenant-a')).json()) as typeof first;
      expect(second.channels.map((channel) => channel.channel_id)).toEqual(['a-3CH']);
      expect(second.next_page_token).toBeNull();

      const other = (await (await get('/channels', 'tenant-b')).json()) as typeof first;
      expect(other.channels.map((channel) => channel.channel_id)).toEqual(['b-1CH']);
    });

    it("still counts the tenant's channels on a page left empty because the rows after its token moved away", async () => {
      const first = (await (await get('/channels?page_size=2', 'tenant-a')).json()) as { next_page_token: string; total: number };
      await registry.sql(`UPDATE whatsapp_accounts SET tenant_id = 'tenant-z' WHERE channel_id = 'a-3CH'`);
      try {
        const second = (await (await get(`/channels?page_size=2&page_token=${first.next_page_token}`, 'tenant-a')).json()) as { channels: unknown[]; total: number };
        expect(second).toMatchObject({ channels: [], total: 2, next_page_token: null });
      } finally {
        await registry.sql(`UPDATE whatsapp_accounts SET tenant_id = 'tenant-a' WHERE channel_id = 'a-3CH'`);
      }
    });

    it('answers 401 without a valid internal key and 400 without a tenant', async () => {
      expect((await fetch(`${registry.httpUrl}/channels`, { headers: { 'x-tenant-id': 'tenant-a' } })).status).toBe(401);
      expect((await get('/channels', 'tenant-a', 'wrong-key')).status).toBe(401);
      expect((await fetch(`${registry.httpUrl}/channels`, { headers: { 'x-internal-key': INTERNAL_KEY } })).status).toBe(400);
      expect((await get('/channels?page_token=forged', 'tenant-a')).status).toBe(400);
      for (const pageSize of ['0', '201', 'x', '0x2', '2e0', '2&page_size=3']) {
        const response = await get(`/channels?page_size=${pageSize}`, 'tenant-a');
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
      }
    });
  });

  describe('gRPC', () => {
    it("returns a tenant's own channel, and NOT_FOUND for another tenant's, both ways", async () => {
      const onboarding = registry.grpc('onboarding');
      await expect(onboarding.unary('GetChannel', { tenant_id: 'tenant-a', channel_id: 'a-1CH' })).resolves.toMatchObject({
        tenant_id: 'tenant-a',
        channel_id: 'a-1CH',
        status: 'CHANNEL_STATUS_PENDING',
        phone_number: '+49 151 0000001',
      });
      await expect(onboarding.unary('GetChannel', { tenant_id: 'tenant-b', channel_id: 'a-1CH' })).rejects.toMatchObject({ code: 5, details: expect.stringContaining('CHANNEL.NOT_FOUND') });
      await expect(onboarding.unary('GetChannel', { tenant_id: 'tenant-a', channel_id: 'b-1CH' })).rejects.toMatchObject({ code: 5 });
    });

    it("lists only the tenant's channels", async () => {
      const onboarding = registry.grpc('onboarding');
      const a = await onboarding.unary('ListChannels', { tenant_id: 'tenant-a', page_size: 2, page_token: '' });
      expect(a.channels.map((channel) => channel.channel_id)).toEqual(['a-1CH', 'a-2CH']);
      expect(a.total_size).toBe(3);
      const rest = await onboarding.unary('ListChannels', { tenant_id: 'tenant-a', page_size: 2, page_token: a.next_page_token });
      expect(rest).toMatchObject({ channels: [expect.objectContaining({ channel_id: 'a-3CH' })], next_page_token: '' });
      const b = await onboarding.unary('ListChannels', { tenant_id: 'tenant-b', page_size: 0, page_token: '' });
      expect(b.channels.map((channel) => channel.channel_id)).toEqual(['b-1CH']);
    });

    it("cannot revoke another tenant's channel, either way", async () => {
      const onboarding = registry.grpc('onboarding');
      const byB = await onboarding.unary('MarkRevoked', { tenant_id: 'tenant-b', channel_ids: ['a-2CH'], reason: 'not yours' });
      const byA = await onboarding.unary('MarkRevoked', { tenant_id: 'tenant-a', channel_ids: ['b-1CH'], reason: 'not yours' });
      expect([byB.results, byA.results]).toEqual([[{ channel_id: 'a-2CH', outcome: 'REVOKE_OUTCOME_NOT_FOUND' }], [{ channel_id: 'b-1CH', outcome: 'REVOKE_OUTCOME_NOT_FOUND' }]]);
      expect(await registry.sql(`SELECT channel_id, status FROM whatsapp_accounts WHERE channel_id IN ('a-2CH', 'b-1CH') ORDER BY 1`)).toEqual([
        { channel_id: 'a-2CH', status: 'pending' },
        { channel_id: 'b-1CH', status: 'pending' },
      ]);
    });

    it('resolves a channel id, WABA id or phone number (by its digits) to the owning tenant', async () => {
      const ingest = registry.grpc('webhookIngest');
      const expected = { tenant_id: 'tenant-a', channel_id: 'a-1CH', client_id: 'cl-a', status: 'CHANNEL_STATUS_PENDING' };
      await expect(ingest.unary('ResolveChannel', { channel_id: 'a-1CH' })).resolves.toEqual(expected);
      await expect(ingest.unary('ResolveChannel', { waba_account_id: 'waba-a' })).resolves.toEqual(expected);
      await expect(ingest.unary('ResolveChannel', { phone_number: '4915100000 01' })).resolves.toEqual(expected);
      await expect(ingest.unary('ResolveChannel', { channel_id: 'nobodys-CH' })).rejects.toMatchObject({ code: 5, details: expect.stringContaining('No channel is registered under this id or number') });
      await expect(ingest.unary('ResolveChannel', {})).rejects.toMatchObject({
        code: 3,
        details: expect.stringContaining('exactly one of channel_id, waba_account_id or phone_number must be set'),
      });
      for (const notANumber of ['      ', '((((((', 'abc']) {
        await expect(ingest.unary('ResolveChannel', { phone_number: notANumber })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/REQUEST\.INVALID.*phone_number must be a phone number/) });
      }
      await expect(ingest.unary('ResolveChannel', { channel_id: 'bad id!' })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/REQUEST\.INVALID.*channel_id/) });
      await expect(ingest.unary('ResolveChannel', { channel_id: 'bad id!' })).rejects.not.toMatchObject({ details: expect.stringContaining('exactly one') });
    });

    it('refuses a page token it did not issue, even one that decodes to its prefix', async () => {
      const onboarding = registry.grpc('onboarding');
      for (const forged of ['v1:a\u0000b', `v1:${'x'.repeat(380)}`]) {
        const pageToken = Buffer.from(forged).toString('base64url');
        await expect(onboarding.unary('ListChannels', { tenant_id: 'tenant-a', page_size: 2, page_token: pageToken })).rejects.toMatchObject({
          code: 3,
          details: expect.stringContaining('INVALID_PAGE_TOKEN'),
        });
      }
    });

    it('refuses calls without a known token (UNAUTHENTICATED) and callers a method does not allow (PERMISSION_DENIED)', async () => {
      await expect(registry.grpc('analytics').unary('GetChannel', { tenant_id: 'tenant-a', channel_id: 'a-1CH' })).rejects.toMatchObject({ code: 7 });
      await expect(registry.grpc('webhookIngest').unary('LinkChannels', { tenant_id: 'tenant-a', session_id: '', client_id: 'c', channel_ids: ['z-1CH'] })).rejects.toMatchObject({
        code: 7,
      });
      const address = `127.0.0.1:${registry.service.ports().grpc}`;
      const anonymous = createGrpcClient(loadRegistryService(), { address });
      const impostor = createGrpcClient(loadRegistryService(), { address, token: 'a-token-nobody-registered' });
      try {
        await expect(anonymous.unary('GetChannel', { tenant_id: 'tenant-a', channel_id: 'a-1CH' })).rejects.toMatchObject({ code: 16 });
        await expect(impostor.unary('GetChannel', { tenant_id: 'tenant-a', channel_id: 'a-1CH' })).rejects.toMatchObject({ code: 16 });
      } finally {
        anonymous.close();
        impostor.close();
      }
    });

    it('answers grpc.health.v1 SERVING for the server and the registry service', async () => {
      const address = `127.0.0.1:${registry.service.ports().grpc}`;
      await expect(checkHealth(address)).resolves.toBe('SERVING');
      await expect(checkHealth(address, { service: 'chatpilot.registry.v1.ChannelRegistry' })).resolves.toBe('SERVING');
    });
  });
});
