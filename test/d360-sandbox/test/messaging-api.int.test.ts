import { partnerApiKeyHeaders, startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

describe('Messaging API', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.control.reset());

  async function channelWithKey(options: { coexistence?: boolean } = {}): Promise<{ channelId: string; apiKey: string; address: string }> {
    const { channelIds: [channelId] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: options.coexistence ?? false });
    const url = `${sandbox.info.urls.partnerApi}/partners/${sandbox.info.partnerId}/channels/${channelId}/api_keys`;
    const key = (await (await fetch(url, { method: 'POST', headers: partnerApiKeyHeaders(sandbox.info) })).json()) as { api_key: string; address: string };
    return { channelId: channelId!, apiKey: key.api_key, address: key.address };
  }
  const post = (address: string, path: string, apiKey: string | undefined, body: unknown) =>
    fetch(`${address}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { 'D360-API-KEY': apiKey }) },
      body: JSON.stringify(body),
    });
  const text = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '4915199999999', type: 'text', text: { body: 'Hello' } };

  it('sends a valid Cloud API message and answers with a wamid', async () => {
    const { apiKey, address } = await channelWithKey();
    const response = await post(address, '/messages', apiKey, text);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '4915199999999', wa_id: '4915199999999' }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
  });

  it('revokes a channel headlessly: the redirect lists it under revoked and its key stops working', async () => {
    const { channelId, apiKey, address } = await channelWithKey();
    const [channel] = (await sandbox.control.channels()).filter((c) => c.id === channelId);
    const result = await sandbox.control.onboard({
      phoneNumbers: [],
      clientId: channel!.clientId,
      revokeChannelIds: [channelId],
      redirectUrl: 'https://app.test/onboarding/360/callback',
    });
    expect(result.revokedIds).toEqual([channelId]);
    expect(result.redirectLocation).toContain(`revoked=[${channelId}]`);
    expect((await post(address, '/messages', apiKey, text)).status).toBe(401);
  });

  it('rejects a malformed message with a Graph error', async () => {
    const { apiKey, address } = await channelWithKey();
    const response = await post(address, '/messages', apiKey, { ...text, type: 'image' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 100, error_data: { details: expect.stringContaining('image') } } });
  });

  it('sets the channel webhook URL', async () => {
    const { channelId, apiKey, address } = await channelWithKey();
    const response = await post(address, '/v1/configs/webhook', apiKey, { url: 'https://p.example/wa/inbound' });
    expect(await response.json()).toEqual({ url: 'https://p.example/wa/inbound' });
    expect((await sandbox.control.channel(channelId)).webhookUrl).toBe('https://p.example/wa/inbound');
  });

  it('refuses a missing key and a key revoked by generating a new one', async () => {
    const old = await channelWithKey();
    const url = `${sandbox.info.urls.partnerApi}/partners/${sandbox.info.partnerId}/channels/${old.channelId}/api_keys`;
    const fresh = (await (await fetch(url, { method: 'POST', headers: partnerApiKeyHeaders(sandbox.info) })).json()) as { api_key: string };

    const revoked = await post(old.address, '/messages', old.apiKey, text);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ meta: { success: false, http_code: 401, developer_message: 'Invalid api key' } });
    expect((await post(old.address, '/messages', undefined, text)).status).toBe(401);
    expect((await post(old.address, '/messages', fresh.api_key, text)).status).toBe(200);
  });

  it('refuses keys of a channel whose permission the client revoked', async () => {
    const { channelId, apiKey, address } = await channelWithKey();
    const { id: clientId } = (await sandbox.control.clients())[0]!;
    const form = new URLSearchParams({ action: 'grant', existing_channel: channelId });
    await fetch(`${sandbox.info.urls.permissionPage}?client_id=${clientId}&redirect_url=https%3A%2F%2Fp.example%2Fcb`, { method: 'POST', body: form, redirect: 'manual' });
    expect((await post(address, '/messages', apiKey, text)).status).toBe(401);
    const url = `${sandbox.info.urls.partnerApi}/partners/${sandbox.info.partnerId}/channels/${channelId}/api_keys`;
    expect((await fetch(url, { method: 'POST', headers: partnerApiKeyHeaders(sandbox.info) })).status).toBe(403);
  });

  it('accepts a coexistence synchronization once per sync type', async () => {
    const coex = await channelWithKey({ coexistence: true });
    const first = await post(coex.address, '/synchronization', coex.apiKey, { sync_type: 'smb_app_state_sync' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ messaging_product: 'whatsapp' });
    expect((await post(coex.address, '/synchronization', coex.apiKey, { sync_type: 'smb_app_state_sync' })).status).toBe(400);
    expect((await post(coex.address, '/synchronization', coex.apiKey, { sync_type: 'history' })).status).toBe(200);
  });

  it('refuses synchronization for a number without coexistence', async () => {
    const plain = await channelWithKey({ coexistence: false });
    expect((await post(plain.address, '/synchronization', plain.apiKey, {})).status).toBe(400);
  });
});
