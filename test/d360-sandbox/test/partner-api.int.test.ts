import { partnerApiKeyHeaders, startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

describe('Partner API v2', () => {
  let sandbox: RunningSandbox;
  let api: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    api = `${sandbox.info.urls.partnerApi}/partners/${sandbox.info.partnerId}`;
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.control.reset());

  const withKey = (path: string, init: RequestInit = {}) => fetch(`${api}${path}`, { ...init, headers: partnerApiKeyHeaders(sandbox.info) });
  const token = async (username: string, password: string) =>
    fetch(`${sandbox.info.urls.partnerApi}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  describe('authentication', () => {
    it('accepts the partner X-API-Key', async () => {
      const response = await withKey('');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: sandbox.info.partnerId, webhook_url: null });
    });

    it('answers 401 with a hub error body for a wrong or missing key', async () => {
      const wrong = await fetch(api, { headers: { 'x-api-key': 'not-the-key' } });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ meta: { success: false, http_code: 401, developer_message: 'Invalid API key' } });
      const missing = await fetch(api);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ meta: { http_code: 401 } });
    });

    it('issues a bearer token for username and password and accepts it', async () => {
      const response = await token(sandbox.info.credentials.username, sandbox.info.credentials.password);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
      expect((await fetch(api, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(200);
    });

    it('answers 401 for a wrong password and for an unknown token', async () => {
      expect((await token(sandbox.info.credentials.username, 'wrong-password')).status).toBe(401);
      const unknown = await fetch(api, { headers: { authorization: 'Bearer forged' } });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ meta: { success: false, http_code: 401 } });
    });

    it('refuses bearer tokens once legacy token auth is disabled', async () => {
      const { access_token } = (await (await token(sandbox.info.credentials.username, sandbox.info.credentials.password)).json()) as { access_token: string };
      await sandbox.control.updateSettings({ legacyTokenAuth: false });
      expect((await fetch(api, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(401);
    });

    it('answers 403 for another partner id', async () => {
      const response = await fetch(api.replace(sandbox.info.partnerId, 'otherPA'), { headers: partnerApiKeyHeaders(sandbox.info) });
      expect(response.status).toBe(403);
    });
  });

  it('updates the webhook and redirect URLs with PATCH', async () => {
    const response = await withKey('', { method: 'PATCH', body: JSON.stringify({ webhook_url: 'https://p.example/hook', partner_redirect_url: 'https://p.example/cb' }) });
    expect(await response.json()).toMatchObject({ webhook_url: 'https://p.example/hook', partner_redirect_url: 'https://p.example/cb' });
    expect(await (await withKey('/webhook_url')).json()).toEqual({ webhook_url: 'https://p.example/hook' });
    expect((await withKey('', { method: 'PATCH', body: JSON.stringify({ webhook_url: 'ftp://x' }) })).status).toBe(400);
  });

  it('lists channels with filters, paging and the documented envelope and fields', async () => {
    const { channelIds, clientId } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111', '+4915122222222', '+4915133333333'], partnerPayload: 'tenant-7' });
    const filters = encodeURIComponent(JSON.stringify({ id: channelIds[1] }));
    const body = (await (await withKey(`/channels?filters=${filters}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ count: 1, total: 1, offset: 0, filters: { id: channelIds[1] } });
    const [channel] = body.partner_channels as Record<string, unknown>[];
    expect(channel).toMatchObject({
      id: channelIds[1],
      client_id: clientId,
      account_mode: 'live',
      status: 'created',
      current_quality_rating: null,
      setup_info: { phone_number: '+4915122222222', phone_name: 'Sandbox Business' },
      waba_account: { fb_account_status: 'pending' },
      integration: { enabled: false, state: 'pending' },
      client: { partner_payload: 'tenant-7' },
    });
    expect(channel).toHaveProperty('created_at');
    expect((channel!.waba_account as { id: string }).id).toMatch(/^\d{15}$/);

    const page = (await (await withKey('/channels?limit=2&offset=1&sort=created_at')).json()) as { count: number; total: number; partner_channels: { id: string }[] };
    expect(page).toMatchObject({ count: 2, total: 3 });
    expect((await withKey('/channels?filters=%7Bbroken')).status).toBe(400);
  });

  describe('channel API keys', () => {
    it('creates a flat key, and a new key revokes the previous one', async () => {
      const { channelIds: [channelId] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const first = (await (await withKey(`/channels/${channelId}/api_keys`, { method: 'POST' })).json()) as Record<string, string>;
      expect(first).toEqual({ address: sandbox.info.urls.messagingApi, api_key: expect.stringMatching(/AK$/), app_id: expect.stringMatching(/^\d{6}$/), id: expect.any(String) });
      const second = (await (await withKey(`/channels/${channelId}/api_keys`, { method: 'POST' })).json()) as Record<string, string>;
      expect(second.api_key).not.toBe(first.api_key);

      const listed = (await (await withKey(`/channels/${channelId}/api_keys`)).json()) as { api_keys: { id: string }[] };
      expect(listed.api_keys.map((k) => k.id)).toEqual([second.id]);
      const keys = (await sandbox.control.channel(channelId!)).apiKeys;
      expect(keys.find((k) => k.id === first.id)?.revokedAt).not.toBeNull();
      expect(keys.find((k) => k.id === second.id)?.revokedAt).toBeNull();
    });

    it('answers {api_keys:[…]} when that response shape is switched on', async () => {
      await sandbox.control.updateSettings({ apiKeyResponse: 'list' });
      const { channelIds: [channelId] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const body = (await (await withKey(`/channels/${channelId}/api_keys`, { method: 'POST' })).json()) as { api_keys: unknown[] };
      expect(body.api_keys).toEqual([expect.objectContaining({ address: sandbox.info.urls.messagingApi, api_key: expect.any(String) })]);
    });

    it('deletes keys and answers 404 for unknown channels', async () => {
      const { channelIds: [channelId] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      await withKey(`/channels/${channelId}/api_keys`, { method: 'POST' });
      expect((await withKey(`/channels/${channelId}/api_keys`, { method: 'DELETE' })).status).toBe(204);
      expect(await (await withKey(`/channels/${channelId}/api_keys`)).json()).toEqual({ count: 0, api_keys: [] });
      expect((await withKey('/channels/nopeCH/api_keys', { method: 'POST' })).status).toBe(404);
    });
  });
});
