import { isDeepStrictEqual } from 'node:util';

import { waitFor } from '@chatpilot/testing';

import { INTERNAL_KEY, startIngest, type IngestFixture } from './support/ingest-fixture';

const SECRET = 'routes-platform-secret';
const PREFIXES = ['/webhooks', '/webhook'];

function metaPayload(field: string, messageId: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'routesWABA', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '4915188888888', phone_number_id: 'pn-1' }, messages: [{ id: messageId }] } }] }],
  });
}

describe('routes', () => {
  let ingest: IngestFixture;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_routes', env: { DIALOG360_WEBHOOK_SECRET: SECRET } });
    await ingest.link({ tenant_id: 'tenant-routes', channel_id: 'routesCH', client_id: 'routesCL' });
  });
  afterAll(async () => ingest?.close());

  it.each(PREFIXES)('stores partner webhooks under %s/360dialog', async (prefix) => {
    const id = `partner${prefix.replace('/', '-')}`;
    const response = await ingest.post(`${prefix}/360dialog`, JSON.stringify({ id, event: 'channel_ready', data: { id: 'routesCH' } }), { secret: SECRET });
    expect(response.status).toBe(200);
    expect((await ingest.rows()).find((row) => row.dedupe_key === id)).toMatchObject({ source: 'partner', status: 'published', tenant_id: 'tenant-routes' });
  });

  it.each(PREFIXES)('stores a number’s own webhooks under %s/360dialog/channels/:channel_id and publishes them by type', async (prefix) => {
    const echo = metaPayload('smb_message_echoes', `wamid.echo${prefix.length}`);
    const message = metaPayload('messages', `wamid.msg${prefix.length}`);
    for (const body of [echo, message]) {
      expect((await ingest.post(`${prefix}/360dialog/channels/routesCH`, body, { secret: SECRET })).status).toBe(200);
    }
    // The outbox keeps envelopes as jsonb, so the payload arrives with its keys reordered: compare values.
    const payloads = [echo, message].map((body) => JSON.parse(body) as unknown);
    const isOneOfThem = (event: { data: unknown }) => payloads.some((payload) => isDeepStrictEqual((event.data as { payload: unknown }).payload, payload));
    await waitFor(() => ingest.bus.received.filter(isOneOfThem).length === 2, { description: 'both channel webhooks on the bus' });
    const published = ingest.bus.received.filter(isOneOfThem);
    expect(published.map((event) => [event.type, (event.data as { event: string }).event, event.tenant_id])).toEqual([
      ['d360.smb_message_echoes', 'smb_message_echoes', 'tenant-routes'],
      ['d360.channel_webhook', 'messages', 'tenant-routes'],
    ]);
    expect(published[0]!.data).toMatchObject({ channel_id: 'routesCH', waba_account_id: 'routesWABA', phone_number: '+4915188888888' });
  });

  it.each(PREFIXES)('answers 400 under %s for a wrong content type, malformed JSON, a missing event or a bad channel id, storing nothing', async (prefix) => {
    const before = (await ingest.rows()).length;
    const signedJson = (body: string) => ingest.post(`${prefix}/360dialog`, body, { secret: SECRET });
    const wrongType = await ingest.post(`${prefix}/360dialog`, '{"id":"x","event":"channel_live"}', { secret: SECRET, headers: { 'content-type': 'text/plain' } });
    const malformed = await signedJson('{"id":"x","event":');
    const missingEvent = await signedJson('{"id":"x","data":{}}');
    const badChannel = await ingest.post(`${prefix}/360dialog/channels/${encodeURIComponent('no spaces!')}`, '{"event":"messages"}', { secret: SECRET });
    const answers = await Promise.all([wrongType, malformed, missingEvent, badChannel].map(async (r) => [r.status, ((await r.json()) as { error: { code: string } }).error.code]));
    expect(answers).toEqual([
      [400, 'WEBHOOK.UNSUPPORTED_CONTENT_TYPE'],
      [400, 'MALFORMED_JSON'],
      [400, 'WEBHOOK.INVALID_ENVELOPE'],
      [400, 'WEBHOOK.INVALID_CHANNEL_ID'],
    ]);
    expect((await ingest.rows()).length).toBe(before);
  });

  it('answers 400 MALFORMED_URI for a channel id that is not valid percent-encoding, storing nothing', async () => {
    const before = (await ingest.rows()).length;
    const response = await ingest.post('/webhooks/360dialog/channels/%FF', '{"event":"messages"}', { secret: SECRET });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'MALFORMED_URI', message: 'Request path is not valid percent-encoding' } });
    expect((await ingest.rows()).length).toBe(before);
  });

  it('checks the internal key before it reads the path, and answers an id no event can have with 404', async () => {
    const get = (path: string, key?: string) => fetch(`${ingest.url}${path}`, { headers: key === undefined ? {} : { 'x-internal-key': key } });
    expect((await get('/internal/webhook-events/%FF')).status).toBe(401);
    expect((await get('/internal/webhook-events/%FF', INTERNAL_KEY)).status).toBe(400);
    for (const impossible of ['a%00b', encodeURIComponent('x'.repeat(257))]) {
      const response = await get(`/internal/webhook-events/${impossible}`, INTERNAL_KEY);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK.EVENT_NOT_FOUND');
    }
  });

  it('serves a stored webhook to internal callers only', async () => {
    const path = `/internal/webhook-events/${encodeURIComponent('partner-webhooks')}`;
    expect((await fetch(`${ingest.url}${path}`, { headers: { 'x-internal-key': 'wrong' } })).status).toBe(401);
    const response = await fetch(`${ingest.url}${path}`, { headers: { 'x-internal-key': INTERNAL_KEY } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      webhook_event_id: 'partner-webhooks',
      source: 'partner',
      channel_id: 'routesCH',
      payload: { id: 'partner-webhooks', event: 'channel_ready', data: { id: 'routesCH' } },
    });
  });
});
