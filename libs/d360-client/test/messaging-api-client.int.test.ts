import type { CreatedChannelApiKey } from '../src';
import { startD360Sandbox, type D360Fixture } from './d360-fixture';

describe('Messaging API client against the 360dialog sandbox', () => {
  let d360: D360Fixture;
  let channelId: string;
  let key: CreatedChannelApiKey;
  const issuedKeys: string[] = [];

  beforeAll(async () => {
    d360 = await startD360Sandbox();
  });
  afterAll(() => d360.stop());
  beforeEach(async () => {
    await d360.control.reset();
    channelId = await d360.onboardChannel();
    key = await d360.partnerClient().createChannelApiKey(channelId);
    issuedKeys.push(key.apiKey);
  });

  const messagesSent = async () => (await d360.control.requests({ surface: 'messaging_api', method: 'POST', pathPrefix: '/messaging/messages' })).length;
  const text = { to: '+49 170 1234567', type: 'text', text: { body: 'Hello from ChatPilot' } };

  it('registers the number\'s webhook with the channel key', async () => {
    const url = `https://chatpilot.example/webhooks/channels/${channelId}`;

    await expect(d360.messagingClient().configureWebhook({ address: key.address, apiKey: key.apiKey, url })).resolves.toEqual({ url });

    expect((await d360.control.channel(channelId)).webhookUrl).toBe(url);
    const [request] = await d360.control.requests({ surface: 'messaging_api' });
    expect(request?.headers['d360-api-key']).toBe(key.apiKey);
  });

  it('sends a message and returns its wamid', async () => {
    const sent = await d360.messagingClient().sendMessage({ address: key.address, apiKey: key.apiKey, message: text });

    expect(sent.messageIds).toEqual([expect.stringMatching(/^wamid\./)]);
    const [request] = await d360.control.requests({ surface: 'messaging_api', method: 'POST' });
    expect(request?.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: text.to, type: 'text' });
  });

  it('reports an unknown or revoked key as D360.UNAUTHORIZED', async () => {
    await d360.partnerClient().createChannelApiKey(channelId);

    await expect(d360.messagingClient().sendMessage({ address: key.address, apiKey: key.apiKey, message: text })).rejects.toMatchObject({
      name: 'D360ApiError',
      code: 'D360.UNAUTHORIZED',
      status: 401,
      retryable: false,
    });
    expect(await messagesSent()).toBe(1);
  });

  it('reports a message Meta would refuse as D360.BAD_REQUEST with the Cloud API explanation', async () => {
    const error = await d360
      .messagingClient()
      .sendMessage({ address: key.address, apiKey: key.apiKey, message: { to: text.to, type: 'text' } })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'D360.BAD_REQUEST', status: 400, detail: expect.stringContaining('(#100) Invalid parameter') });
  });

  it('retries a send refused with 429, which is known not to have been delivered', async () => {
    await d360.control.addFault({ path: '/messaging/messages', method: 'POST', kind: '429', retryAfterSeconds: 0, times: 1 });

    await expect(d360.messagingClient().sendMessage({ address: key.address, apiKey: key.apiKey, message: text })).resolves.toMatchObject({ messageIds: [expect.any(String)] });
    expect(await messagesSent()).toBe(2);
  });

  it('does not retry a send that failed with 500, which may have been delivered', async () => {
    await d360.control.addFault({ path: '/messaging/messages', method: 'POST', kind: '500', times: 1 });

    await expect(d360.messagingClient().sendMessage({ address: key.address, apiKey: key.apiKey, message: text })).rejects.toMatchObject({ code: 'D360.UNAVAILABLE', retryable: true });
    expect(await messagesSent()).toBe(1);
  });

  it('retries a webhook registration that failed with 503, as setting a URL twice is harmless', async () => {
    await d360.control.addFault({ path: '/messaging/v1/configs/webhook', method: 'POST', kind: '503', times: 2 });
    const url = 'https://chatpilot.example/webhooks/retry';

    await expect(d360.messagingClient().configureWebhook({ address: key.address, apiKey: key.apiKey, url })).resolves.toEqual({ url });
    expect(await d360.control.requests({ surface: 'messaging_api', pathPrefix: '/messaging/v1/configs/webhook' })).toHaveLength(3);
  });

  it('never writes a channel key to the log', () => {
    expect(d360.logLines.some((line) => line.includes('"Messaging API"'))).toBe(true);
    const allLogs = d360.logLines.join('\n');
    for (const apiKey of issuedKeys) expect(allLogs).not.toContain(apiKey);
  });
});
