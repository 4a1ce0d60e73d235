import { parseApiKeyList, parseChannelPage, parseCreatedApiKey } from './partner-api-responses';

const SECRET = 'sk-very-secret-key-value';

describe('parseCreatedApiKey', () => {
  it('reads the flat shape {address, api_key, app_id, id}', () => {
    const parsed = parseCreatedApiKey({ address: 'https://waba-v2.360dialog.io', api_key: SECRET, app_id: '104148', id: '201126' });

    expect(parsed).toEqual({ ok: true, value: { apiKey: SECRET, address: 'https://waba-v2.360dialog.io', appId: '104148', keyId: '201126' } });
  });

  it('reads the list shape {api_keys: [...]} and picks the entry that carries the key', () => {
    const body = {
      api_keys: [
        { id: 1, address: 'https://waba-v2.360dialog.io', app_id: 7 },
        { id: 2, address: 'https://waba-v2.360dialog.io', app_id: 7, api_key: SECRET },
      ],
    };

    expect(parseCreatedApiKey(body)).toEqual({ ok: true, value: { apiKey: SECRET, address: 'https://waba-v2.360dialog.io', appId: '7', keyId: '2' } });
  });

  it('leaves out app and key ids that 360dialog did not send', () => {
    expect(parseCreatedApiKey({ address: 'https://waba-v2.360dialog.io', api_key: SECRET, app_id: null })).toEqual({
      ok: true,
      value: { apiKey: SECRET, address: 'https://waba-v2.360dialog.io' },
    });
  });

  it('names the missing fields without echoing any value', () => {
    const parsed = parseCreatedApiKey({ api_key: SECRET, app_id: '1' });

    expect(parsed).toEqual({ ok: false, problems: ['address'] });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it('refuses an address that is not an http(s) URL', () => {
    expect(parseCreatedApiKey({ api_key: SECRET, address: 'javascript:alert(1)' })).toEqual({ ok: false, problems: ['address'] });
  });

  it('refuses an empty key list and a body that is not an object', () => {
    expect(parseCreatedApiKey({ api_keys: [] })).toEqual({ ok: false, problems: ['api_key', 'address'] });
    expect(parseCreatedApiKey(undefined)).toEqual({ ok: false, problems: ['(body)'] });
  });
});

describe('parseChannelPage', () => {
  const channel = {
    id: 'ch1',
    client_id: 'cl1',
    status: 'running',
    account_mode: 'live',
    current_quality_rating: 'GREEN',
    current_limit: null,
    setup_info: { phone_number: '+491701234567', phone_name: 'Shop', was_in_use: true },
    waba_account: { id: 'waba1', fb_account_status: 'verified' },
    integration: { enabled: true, app_id: 99, state: 'running' },
    client: { id: 'cl1', name: 'Shop GmbH', contact_info: { email: 'a@b.c' } },
    is_on_biz_app: true,
  };

  it('keeps fields it does not know about', () => {
    const parsed = parseChannelPage({ count: 1, total: 3, partner_channels: [channel] });

    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.total).toBe(3);
    expect(parsed.value.partner_channels[0]).toMatchObject({ id: 'ch1', is_on_biz_app: true, integration: { app_id: '99' } });
    expect(parsed.value.partner_channels[0]?.setup_info).toMatchObject({ was_in_use: true });
  });

  it('accepts a channel with only id, client_id and status', () => {
    const parsed = parseChannelPage({ partner_channels: [{ id: 'ch2', client_id: 'cl2', status: 'created' }] });

    expect(parsed).toEqual({ ok: true, value: { total: 1, partner_channels: [{ id: 'ch2', client_id: 'cl2', status: 'created' }] } });
  });

  it('refuses a page without partner_channels or a channel without an id', () => {
    expect(parseChannelPage({ total: 0 })).toEqual({ ok: false, problems: ['partner_channels'] });
    expect(parseChannelPage({ partner_channels: [{ client_id: 'c', status: 'x' }] })).toEqual({ ok: false, problems: ['partner_channels.0.id'] });
  });
});

describe('parseApiKeyList', () => {
  it('returns key metadata and never the key itself', () => {
    const parsed = parseApiKeyList({ count: 1, api_keys: [{ id: 5, address: 'https://waba-v2.360dialog.io', app_id: '7', created_at: '2025-01-01T00:00:00Z', api_key: SECRET }] });

    expect(parsed).toEqual({ ok: true, value: [{ keyId: '5', address: 'https://waba-v2.360dialog.io', appId: '7', createdAt: '2025-01-01T00:00:00Z' }] });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });
});
