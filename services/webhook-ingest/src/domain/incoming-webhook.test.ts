import { createHash } from 'node:crypto';

import { isPossibleWebhookEventId, MAX_JSON_DEPTH, parseIncomingWebhook, rawJsonNestsDeeperThan, type ParseResult, type WebhookRoute } from './incoming-webhook';

const partner: WebhookRoute = { source: 'partner' };
const parse = (body: unknown, route: WebhookRoute = partner): ParseResult => parseIncomingWebhook(body, Buffer.from(JSON.stringify(body)), route);
const webhookOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`expected a webhook, got ${result.error.code}`);
  return result.webhook;
};

const channelObject = {
  id: 'abcCH',
  client_id: 'xyzCL',
  setup_info: { phone_number: '+49 151 1111111' },
  waba_account: { id: '104996' },
  client: { id: 'xyzCL' },
};

/** `{ data: { x: [[[…]]] } }` with objects and arrays nested `levels` deep in all. */
function nested(levels: number): Record<string, unknown> {
  let inner: unknown = [];
  for (let level = 3; level < levels; level += 1) inner = [inner];
  return { id: `deep-${levels}`, event: 'client_created', data: { x: inner } };
}

describe('nesting depth', () => {
  const deeper = (json: string, limit: number) => rawJsonNestsDeeperThan(Buffer.from(json), limit);

  it('counts the top-level object as level 1, arrays and objects alike, and no bracket inside a string', () => {
    expect(deeper('{"a":1}', 1)).toBe(false);
    expect(deeper('{"a":[1]}', 1)).toBe(true);
    expect(deeper('{"a":"[[[{{{"}', 1)).toBe(false);
    expect(deeper('{"a":"\\"[[[", "b":"\\\\"}', 1)).toBe(false);
    expect(deeper(JSON.stringify(nested(10)), 10)).toBe(false);
    expect(deeper(JSON.stringify(nested(11)), 10)).toBe(true);
  });

  it('stores a body nested to the limit and refuses one level more as unstorable, at any depth', () => {
    expect(parse(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    const refused = { ok: false, error: { code: 'WEBHOOK.UNSTORABLE_PAYLOAD', message: `The body nests JSON deeper than ${MAX_JSON_DEPTH} levels` } };
    expect(parse(nested(MAX_JSON_DEPTH + 1))).toEqual(refused);
    const deepText = `{"id":"deep","event":"client_created","data":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expect(parseIncomingWebhook(JSON.parse(deepText), Buffer.from(deepText), partner)).toEqual(refused);
  });

  it('measures the bytes the database will parse, not the parsed body, which keeps only the last of two duplicate keys', () => {
    const hidden = `{"id":"dup","event":"client_created","data":{"x":${'['.repeat(200)}${']'.repeat(200)},"x":0}}`;
    const body = JSON.parse(hidden) as unknown;
    expect(body).toEqual({ id: 'dup', event: 'client_created', data: { x: 0 } });
    expect(parseIncomingWebhook(body, Buffer.from(hidden), partner)).toMatchObject({ ok: false, error: { code: 'WEBHOOK.UNSTORABLE_PAYLOAD' } });
  });
});

describe('parseIncomingWebhook', () => {
  it('uses the event id as deduplication key and reads a channel object', () => {
    const webhook = webhookOf(parse({ id: 'evt-1', event: 'channel_running', data: channelObject }));
    expect(webhook).toMatchObject({
      dedupeKey: 'evt-1',
      event: 'channel_running',
      source: 'partner',
      references: { channelId: 'abcCH', clientId: 'xyzCL', wabaAccountId: '104996', phoneNumber: '491511111111' },
    });
  });

  it('hashes the raw body when there is no id', () => {
    const body = { event: 'client_created', data: { id: 'xyzCL' } };
    const raw = Buffer.from(JSON.stringify(body));
    const webhook = webhookOf(parseIncomingWebhook(body, raw, partner));
    expect(webhook.dedupeKey).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
    expect(webhook.references).toEqual({ clientId: 'xyzCL' });
  });

  it('reads the WABA id and phone number of coexistence payloads and summarises history', () => {
    const data = {
      id: '1049960000',
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '4915111111111', phone_number_id: '555' },
      history: [{ metadata: { phase: 1, chunk_order: 2, progress: 50 }, threads: [{ id: 'c', messages: [{}, {}] }, { id: 'd', messages: [{}] }] }],
    };
    const webhook = webhookOf(parse({ id: 'h1', event: 'history', data }));
    expect(webhook.references).toEqual({ wabaAccountId: '1049960000', phoneNumber: '4915111111111', phoneNumberId: '555' });
    expect(webhook.historySummary).toEqual({ phase: 1, chunk_order: 2, progress: 50, message_count: 3 });
  });

  it('takes a Meta payload on a channel URL, its event from the first change field', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba-1', changes: [{ field: 'smb_message_echoes', value: { metadata: { display_phone_number: '4915100000', phone_number_id: 'p1' } } }] }],
    };
    const webhook = webhookOf(parse(body, { source: 'channel', channelId: 'abcCH' }));
    expect(webhook).toMatchObject({
      event: 'smb_message_echoes',
      source: 'channel',
      references: { channelId: 'abcCH', wabaAccountId: 'waba-1', phoneNumber: '4915100000', phoneNumberId: 'p1' },
    });
    expect(webhook.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('hashes the channel id with a body without an id that came on a channel URL', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'account_update', value: {} }] }] };
    const onA = webhookOf(parse(body, { source: 'channel', channelId: 'aCH' }));
    const onB = webhookOf(parse(body, { source: 'channel', channelId: 'bCH' }));
    expect(onA.dedupeKey).not.toBe(onB.dedupeKey);
    expect(webhookOf(parse(body, { source: 'channel', channelId: 'aCH' })).dedupeKey).toBe(onA.dedupeKey);
  });

  it.each([
    ['an array', []],
    ['a missing event', { id: 'x', data: {} }],
    ['an empty event', { event: ' ', data: {} }],
    ['a numeric event', { event: 7 }],
    ['a non-object data', { event: 'channel_live', data: 'x' }],
    ['an object id', { id: {}, event: 'channel_live' }],
    ['an overlong id', { id: 'x'.repeat(257), event: 'channel_live' }],
    ['a Meta payload on the partner URL', { entry: [{ changes: [{ field: 'messages' }] }] }],
  ])('refuses %s', (_, body) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('WEBHOOK.INVALID_ENVELOPE');
  });

  it('refuses a channel URL body with neither an event nor a Meta change field', () => {
    expect(parse({ entry: [{ changes: [{}] }] }, { source: 'channel', channelId: 'c' }).ok).toBe(false);
  });
});

describe('isPossibleWebhookEventId', () => {
  it('accepts an event id and a body hash, and refuses what could never have been stored', () => {
    expect(isPossibleWebhookEventId('evt-1')).toBe(true);
    expect(isPossibleWebhookEventId(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isPossibleWebhookEventId('')).toBe(false);
    expect(isPossibleWebhookEventId('a\0b')).toBe(false);
    expect(isPossibleWebhookEventId('x'.repeat(257))).toBe(false);
  });
});
