import { type RegistryFixture, startRegistry } from './support/registry-fixture';

describe('LinkChannels and MarkRevoked over gRPC', () => {
  let registry: RegistryFixture;

  beforeAll(async () => {
    registry = await startRegistry('registry-linking');
  });
  afterAll(() => registry?.close());

  const link = (tenantId: string, channelIds: string[], sessionId = 'session-1') =>
    registry.grpc('onboarding').unary('LinkChannels', { tenant_id: tenantId, session_id: sessionId, client_id: 'client-1', channel_ids: channelIds });

  const outboxCount = async (type: string, channelId: string): Promise<number> => {
    const [row] = await registry.sql<{ count: string }>(`SELECT count(*) FROM outbox WHERE type = $1 AND payload->'data'->>'channel_id' = $2`, [type, channelId]);
    return Number(row?.count);
  };

  it('links new channels, answers already_linked when the same tenant links them again, and announces each once', async () => {
    const first = await link('tenant-a', ['lnk-1CH', 'lnk-2CH']);
    const again = await link('tenant-a', ['lnk-2CH', 'lnk-1CH', 'lnk-2CH'], 'session-2');

    expect(first.results).toEqual([
      { channel_id: 'lnk-1CH', outcome: 'LINK_OUTCOME_LINKED', error_code: '' },
      { channel_id: 'lnk-2CH', outcome: 'LINK_OUTCOME_LINKED', error_code: '' },
    ]);
    expect(again.results).toEqual([
      { channel_id: 'lnk-2CH', outcome: 'LINK_OUTCOME_ALREADY_LINKED', error_code: '' },
      { channel_id: 'lnk-1CH', outcome: 'LINK_OUTCOME_ALREADY_LINKED', error_code: '' },
    ]);
    const linked = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.linked' && String(event.data.channel_id).startsWith('lnk-'), 2);
    expect(linked.map((event) => event.data).sort((a, b) => String(a.channel_id).localeCompare(String(b.channel_id)))).toEqual([
      { tenant_id: 'tenant-a', channel_id: 'lnk-1CH', client_id: 'client-1', session_id: 'session-1' },
      { tenant_id: 'tenant-a', channel_id: 'lnk-2CH', client_id: 'client-1', session_id: 'session-1' },
    ]);
    expect(linked.every((event) => event.tenant_id === 'tenant-a')).toBe(true);
    const [row] = await registry.sql(`SELECT tenant_id, status, raw_status, onboarding_session_id FROM whatsapp_accounts WHERE channel_id = 'lnk-1CH'`);
    expect(row).toEqual({ tenant_id: 'tenant-a', status: 'pending', raw_status: null, onboarding_session_id: 'session-1' });
  });

  it('refuses a channel another tenant owns, per channel, and leaves it with its owner', async () => {
    await link('tenant-a', ['own-1CH']);

    const response = await link('tenant-b', ['own-1CH', 'own-2CH']);

    expect(response.results).toEqual([
      { channel_id: 'own-1CH', outcome: 'LINK_OUTCOME_CONFLICT', error_code: 'CHANNEL.OWNED_BY_OTHER_TENANT' },
      { channel_id: 'own-2CH', outcome: 'LINK_OUTCOME_LINKED', error_code: '' },
    ]);
    expect(await registry.sql(`SELECT tenant_id FROM whatsapp_accounts WHERE channel_id = 'own-1CH'`)).toEqual([{ tenant_id: 'tenant-a' }]);
    expect(await outboxCount('registry.channel.linked', 'own-1CH')).toBe(1);
  });

  it('links a channel exactly once when many LinkChannels calls for it race, whichever tenants make them', async () => {
    const calls = Array.from({ length: 12 }, (_, index) => link(index % 3 === 0 ? 'tenant-y' : 'tenant-x', ['race-1CH', 'race-2CH']));
    const responses = await Promise.all(calls);

    const outcomes = responses.flatMap((response) => response.results.map((result) => result.outcome));
    expect(outcomes.filter((outcome) => outcome === 'LINK_OUTCOME_LINKED')).toHaveLength(2);
    const [owners] = await registry.sql<{ owners: string[] }>(`SELECT array_agg(DISTINCT tenant_id) AS owners FROM whatsapp_accounts WHERE channel_id LIKE 'race-%'`);
    expect(owners?.owners).toHaveLength(1);
    const owner = owners!.owners[0];
    for (const [index, response] of responses.entries()) {
      const expected = (index % 3 === 0 ? 'tenant-y' : 'tenant-x') === owner ? ['LINK_OUTCOME_LINKED', 'LINK_OUTCOME_ALREADY_LINKED'] : ['LINK_OUTCOME_CONFLICT'];
      for (const result of response.results) expect(expected).toContain(result.outcome);
    }
    expect(await outboxCount('registry.channel.linked', 'race-1CH')).toBe(1);
    expect(await outboxCount('registry.channel.linked', 'race-2CH')).toBe(1);
    await registry.bus.waitForEvents((event) => event.type === 'registry.channel.linked' && String(event.data.channel_id).startsWith('race-'), 2);
    const published = registry.bus.events.filter((event) => event.type === 'registry.channel.linked' && String(event.data.channel_id).startsWith('race-'));
    expect(new Set(published.map((event) => event.id)).size).toBe(2);
  });

  it('revokes a channel once, announces it, and lets the client grant it again as a new link', async () => {
    await link('tenant-r', ['rev-1CH']);
    const revoke = () => registry.grpc('onboarding').unary('MarkRevoked', { tenant_id: 'tenant-r', channel_ids: ['rev-1CH'], reason: 'permission removed on the permission page' });

    expect((await revoke()).results).toEqual([{ channel_id: 'rev-1CH', outcome: 'REVOKE_OUTCOME_REVOKED' }]);
    expect((await revoke()).results).toEqual([{ channel_id: 'rev-1CH', outcome: 'REVOKE_OUTCOME_ALREADY_REVOKED' }]);
    const [revoked] = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.revoked' && event.data.channel_id === 'rev-1CH');
    expect(revoked?.data).toEqual({ channel_id: 'rev-1CH', reason: 'permission removed on the permission page' });
    const [statusChanged] = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === 'rev-1CH');
    expect(statusChanged?.data).toMatchObject({ from: 'pending', to: 'revoked' });
    expect(await outboxCount('registry.channel.revoked', 'rev-1CH')).toBe(1);

    expect((await link('tenant-r', ['rev-1CH'], 'session-again')).results[0]?.outcome).toBe('LINK_OUTCOME_LINKED');
    expect(await registry.sql(`SELECT status, revoked_at, onboarding_session_id FROM whatsapp_accounts WHERE channel_id = 'rev-1CH'`)).toEqual([
      { status: 'pending', revoked_at: null, onboarding_session_id: 'session-again' },
    ]);
    expect(await outboxCount('registry.channel.linked', 'rev-1CH')).toBe(2);
    const statuses = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === 'rev-1CH', 2);
    expect(statuses.map((event) => [event.data.from, event.data.to])).toEqual([
      ['pending', 'revoked'],
      ['revoked', 'pending'],
    ]);
  });

  it('rejects malformed requests with INVALID_ARGUMENT and the REQUEST.INVALID code', async () => {
    await expect(link('', ['x-1CH'])).rejects.toMatchObject({ code: 3, details: expect.stringContaining('REQUEST.INVALID') });
    await expect(link('tenant-a', [])).rejects.toMatchObject({ code: 3 });
    await expect(registry.grpc('onboarding').unary('MarkRevoked', { tenant_id: 'tenant-a', channel_ids: ['x-1CH'], reason: ' ' })).rejects.toMatchObject({
      code: 3,
    });
  });

  it('refuses control characters and broken Unicode in free text with INVALID_ARGUMENT, writing nothing', async () => {
    await link('tenant-a', ['text-1CH']);
    for (const sessionId of ['a\u0000b', 'a\u001bb', '\ud83d']) {
      await expect(link('tenant-a', ['text-2CH'], sessionId)).rejects.toMatchObject({ code: 3, details: expect.stringContaining('session_id must be plain text') });
    }
    for (const reason of ['a\u0000b', '\ud83d']) {
      await expect(registry.grpc('onboarding').unary('MarkRevoked', { tenant_id: 'tenant-a', channel_ids: ['text-1CH'], reason })).rejects.toMatchObject({
        code: 3,
        details: expect.stringContaining('reason must be plain text'),
      });
    }
    expect(await registry.sql(`SELECT channel_id, status FROM whatsapp_accounts WHERE channel_id LIKE 'text-%'`)).toEqual([{ channel_id: 'text-1CH', status: 'pending' }]);
  });
});
