import { D360ApiError } from '../src';
import { countPartnerRequests, startD360Sandbox, type D360Fixture } from './d360-fixture';

describe('Partner API client against the 360dialog sandbox', () => {
  let d360: D360Fixture;
  const issuedKeys: string[] = [];

  beforeAll(async () => {
    d360 = await startD360Sandbox();
  });
  afterAll(() => d360.stop());
  beforeEach(() => d360.control.reset());

  describe('authentication', () => {
    it('authenticates with the partner X-API-Key', async () => {
      const page = await d360.partnerClient().listChannels();

      expect(page).toEqual({ total: 0, partner_channels: [] });
      const [request] = await d360.control.requests({ surface: 'partner_api' });
      expect(request?.headers['x-api-key']).toBe(d360.info.credentials.partnerApiKey);
      expect(request?.headers.authorization).toBeUndefined();
    });

    it('authenticates with a bearer token', async () => {
      const token = await bearerToken(d360);
      const channelId = await d360.onboardChannel();

      const channel = await d360.partnerClient({ auth: { token } }).getChannel(channelId);

      expect(channel?.id).toBe(channelId);
      const [request] = await d360.control.requests({ surface: 'partner_api', method: 'GET' });
      expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    });

    it('fails a wrong key with D360.UNAUTHORIZED at once, without retrying or tripping the breaker', async () => {
      const client = d360.partnerClient({ auth: { apiKey: 'not-the-partner-key' }, breaker: { volumeThreshold: 2 } });

      for (let call = 0; call < 4; call += 1) {
        await expect(client.listChannels()).rejects.toMatchObject({ name: 'D360ApiError', code: 'D360.UNAUTHORIZED', status: 401, retryable: false });
      }

      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(4);
      expect(client.breakerState()).toBe('closed');
    });

    it('keeps the key out of the error message', async () => {
      const error = await d360.partnerClient({ auth: { apiKey: 'sk-wrong-but-secret' } }).listChannels().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(D360ApiError);
      expect(`${(error as Error).message} ${(error as D360ApiError).detail}`).not.toContain('sk-wrong-but-secret');
    });
  });

  describe('createChannelApiKey', () => {
    it.each(['flat', 'list'] as const)('reads the %s response shape', async (apiKeyResponse) => {
      await d360.control.updateSettings({ apiKeyResponse });
      const channelId = await d360.onboardChannel();

      const created = await d360.partnerClient().createChannelApiKey(channelId);
      issuedKeys.push(created.apiKey);

      const [stored] = (await d360.control.channel(channelId)).apiKeys;
      expect(created).toEqual({ apiKey: stored?.apiKey, address: d360.info.urls.messagingApi, appId: stored?.appId, keyId: stored?.id });
    });

    it('revokes the previous key: the Messaging API refuses it and accepts the new one', async () => {
      const client = d360.partnerClient();
      const channelId = await d360.onboardChannel();
      const first = await client.createChannelApiKey(channelId);
      const second = await client.createChannelApiKey(channelId);
      issuedKeys.push(first.apiKey, second.apiKey);
      const messaging = d360.messagingClient();
      const url = 'https://chatpilot.example/hooks/channel';

      await expect(messaging.configureWebhook({ address: first.address, apiKey: first.apiKey, url })).rejects.toMatchObject({ code: 'D360.UNAUTHORIZED', status: 401 });
      await expect(messaging.configureWebhook({ address: second.address, apiKey: second.apiKey, url })).resolves.toEqual({ url });
      expect(second.apiKey).not.toBe(first.apiKey);
    });

    it('reports an unknown channel as D360.NOT_FOUND with 360dialog\'s explanation', async () => {
      await expect(d360.partnerClient().createChannelApiKey('no-such-channel')).rejects.toMatchObject({
        code: 'D360.NOT_FOUND',
        status: 404,
        retryable: false,
        detail: 'Channel not found',
      });
    });
  });

  describe('channels', () => {
    it('lists channels with filters, paging and sorting, keeping the fields it does not model', async () => {
      const { channelIds, clientId } = await d360.control.onboard({ phoneNumbers: ['+4915111111111', '+4915122222222', '+4915133333333'] });
      const client = d360.partnerClient();

      const filtered = await client.listChannels({ filters: { 'setup_info.phone_number': '+4915122222222' } });
      const firstPage = await client.listChannels({ limit: 2, offset: 0, sort: ['setup_info.phone_number'] });

      expect(filtered.total).toBe(1);
      expect(filtered.partner_channels[0]).toMatchObject({ id: channelIds[1], client_id: clientId, status: 'created', setup_info: { phone_number: '+4915122222222' } });
      expect(filtered.partner_channels[0]).toHaveProperty('is_on_biz_app');
      expect(firstPage.total).toBe(3);
      expect(firstPage.partner_channels.map((channel) => channel.setup_info?.phone_number)).toEqual(['+4915111111111', '+4915122222222']);
    });

    it('gets one channel by id with its current status, or undefined when 360dialog has none', async () => {
      const channelId = await d360.onboardChannel();
      await d360.control.setChannelStatus(channelId, 'running');
      const client = d360.partnerClient();

      const channel = await client.getChannel(channelId);

      expect(channel).toMatchObject({ id: channelId, status: 'running', integration: { enabled: true, state: 'running' } });
      expect(await client.getChannel('no-such-channel')).toBeUndefined();
      const [request] = await d360.control.requests({ surface: 'partner_api', method: 'GET' });
      expect(request?.query).toMatchObject({ filters: JSON.stringify({ id: channelId }) });
    });
  });

  describe('channel API keys', () => {
    it('lists the active keys without the secret and deletes one', async () => {
      const client = d360.partnerClient();
      const channelId = await d360.onboardChannel();
      const created = await client.createChannelApiKey(channelId);
      issuedKeys.push(created.apiKey);

      const listed = await client.listChannelApiKeys(channelId);
      await client.deleteChannelApiKey(channelId, created.keyId!);

      expect(listed).toEqual([{ keyId: created.keyId, address: created.address, appId: created.appId, createdAt: expect.any(String) }]);
      expect(JSON.stringify(listed)).not.toContain(created.apiKey);
      expect(await client.listChannelApiKeys(channelId)).toEqual([]);
      await expect(client.deleteChannelApiKey(channelId, created.keyId!)).rejects.toMatchObject({ code: 'D360.NOT_FOUND' });
    });
  });

  it('logs one debug line per request and never a key or token', async () => {
    expect(issuedKeys.length).toBeGreaterThanOrEqual(4);
    const requestLines = d360.logLines.filter((line) => line.includes('"360dialog request"'));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(JSON.parse(requestLines[0]!)).toMatchObject({ level: 'debug', d360: { api: 'Partner API', method: expect.any(String), path: expect.stringMatching(/^\/partners\/\{partner_id\}/), attempt: 1 } });
    const allLogs = d360.logLines.join('\n');
    for (const secret of [...issuedKeys, d360.info.credentials.partnerApiKey]) expect(allLogs).not.toContain(secret);
  });
});

async function bearerToken(d360: D360Fixture): Promise<string> {
  const { username, password } = d360.info.credentials;
  const response = await fetch(`${d360.info.urls.partnerApi}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
