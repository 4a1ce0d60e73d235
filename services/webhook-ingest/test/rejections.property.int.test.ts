import fc from 'fast-check';

import { signWebhookBody } from '../src/domain/webhook-signature';
import { startIngest, type IngestFixture } from './support/ingest-fixture';

const SECRET = 'property-platform-secret';
const BODY_LIMIT_BYTES = 64 * 1024;

interface WebhookRequest {
  path: string;
  contentType: string | undefined;
  body: Buffer;
  /** `valid` signs the exact body; otherwise the header value to send (or none). */
  signature: 'valid' | 'valid-prefixed' | string | undefined;
  extraHeaders: Record<string, string>;
}

const headerValue = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);
const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }));
const nonObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 }));
const paths = fc.oneof(
  fc.constantFrom('/webhooks/360dialog', '/webhook/360dialog', '/webhooks/360dialog/channels/abcCH', '/webhook/360dialog/channels/abcCH'),
  fc.stringMatching(/^[\x21-\x7e]{1,40}$/).map((id) => `/webhooks/360dialog/channels/${encodeURIComponent(id)}`),
);
const validEnvelope = fc.record({ id: fc.uuid(), event: fc.constantFrom('channel_running', 'client_created', 'history'), data: fc.constant({ id: 'abcCH' }) });

/** Bodies that are never a storable webhook, each with the reason it must fail. */
const badBodies: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((text) => Buffer.from(text)),
  validEnvelope.chain((envelope) => {
    const text = JSON.stringify(envelope);
    return fc.integer({ min: 0, max: text.length - 1 }).map((cut) => Buffer.from(text.slice(0, cut)));
  }),
  fc.oneof(
    fc.record({ id: fc.uuid(), event: nonString, data: fc.constant({}) }),
    fc.record({ id: fc.uuid(), event: fc.constant('channel_live'), data: nonObject }),
    fc.record({ id: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer()), fc.dictionary(fc.string(), fc.integer())), event: fc.constant('channel_live') }),
    fc.record({ data: fc.jsonValue() }),
    fc.jsonValue().filter((value) => typeof (value as { event?: unknown } | null)?.event !== 'string'),
  ).map((value) => Buffer.from(JSON.stringify(value))),
  validEnvelope.map((envelope) => Buffer.from(JSON.stringify({ ...envelope, padding: 'x'.repeat(BODY_LIMIT_BYTES) }))),
);

const badRequests: fc.Arbitrary<WebhookRequest> = fc.oneof(
  // A well-signed body that is not a webhook.
  fc.record({
    path: paths,
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    body: badBodies,
    signature: fc.constantFrom('valid', 'valid-prefixed'),
    extraHeaders: fc.constant({}),
  }),
  // A good webhook with a wrong, missing or malformed signature.
  fc.record({
    path: paths,
    contentType: fc.constant('application/json'),
    body: validEnvelope.map((envelope) => Buffer.from(JSON.stringify(envelope))),
    signature: fc.option(headerValue, { nil: undefined }),
    extraHeaders: fc.constant({}),
  }),
  // Anything with the wrong content type or encoding.
  fc.record({
    path: paths,
    contentType: fc.option(fc.oneof(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml'), headerValue), { nil: undefined }),
    body: fc.oneof(badBodies, validEnvelope.map((envelope) => Buffer.from(JSON.stringify(envelope)))),
    signature: fc.constantFrom('valid', undefined),
    extraHeaders: fc.oneof(fc.constant({}), fc.record({ 'content-encoding': fc.oneof(fc.constantFrom('gzip', 'deflate', 'br'), headerValue.filter((v) => v !== '' && v !== 'identity')) })),
  }).filter((request) => !(request.contentType ?? '').toLowerCase().startsWith('application/json') || 'content-encoding' in request.extraHeaders),
);

describe('rejected requests (property-based)', () => {
  let ingest: IngestFixture;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_property', env: { DIALOG360_WEBHOOK_SECRET: SECRET, WEBHOOK_BODY_LIMIT: '64kb' } });
  });
  afterAll(async () => ingest?.close());

  const send = (request: WebhookRequest): Promise<Response> => {
    const headers: Record<string, string> = { ...request.extraHeaders };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.signature === 'valid') headers['x-360dialog-signature'] = signWebhookBody(request.body, SECRET);
    else if (request.signature === 'valid-prefixed') headers['x-360dialog-signature'] = `sha256=${signWebhookBody(request.body, SECRET)}`;
    else if (request.signature !== undefined) headers['x-360dialog-signature'] = request.signature;
    return fetch(`${ingest.url}${request.path}`, { method: 'POST', headers, body: request.body });
  };
  const rowCount = async (): Promise<number> => (await ingest.pool.query('SELECT count(*)::int AS n FROM onboarding_webhook_events')).rows[0].n as number;

  it('answers random, truncated, oversized and wrongly typed bodies and headers with a 4xx, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badRequests, async (request) => {
        const response = await send(request);
        const body = (await response.json()) as { error?: { code?: unknown } };
        expect({ status: statusClass(response.status), hasErrorCode: typeof body.error?.code === 'string' }).toEqual({ status: '4xx', hasErrorCode: true });
        expect(await rowCount()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never answers 5xx: well-formed webhooks are stored, everything else refused without a row', async () => {
    const anyRequest = fc.oneof(
      badRequests,
      fc.record({
        path: paths,
        contentType: fc.constant('application/json'),
        body: validEnvelope.map((envelope) => Buffer.from(JSON.stringify(envelope))),
        signature: fc.constantFrom('valid', 'valid-prefixed'),
        extraHeaders: fc.constant({}),
      }),
    );
    await fc.assert(
      fc.asyncProperty(anyRequest, async (request) => {
        const before = await rowCount();
        const response = await send(request);
        const answer = (await response.json()) as { duplicate?: boolean };
        expect(response.status).toBeLessThan(500);
        expect(await rowCount()).toBe(before + (response.status === 200 && answer.duplicate === false ? 1 : 0));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a signed body nested thousands deep as unstorable before it reaches the database', async () => {
    const levels = 7_000;
    const deep = Buffer.from(`{"id":"deep-1","event":"client_created","data":{"x":${'['.repeat(levels)}${']'.repeat(levels)}}}`);
    const response = await ingest.post('/webhooks/360dialog', deep, { secret: SECRET });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'WEBHOOK.UNSTORABLE_PAYLOAD', message: 'The body nests JSON deeper than 64 levels' } });
    expect((await ingest.rows()).map((row) => row.dedupe_key)).not.toContain('deep-1');
  });

  it('refuses a body PostgreSQL cannot store without failing the webhooks committed with it', async () => {
    const poisoned = Buffer.from('{"id":"nul-1","event":"client_created","data":{"name":"a\\u0000b"}}');
    const healthy = Array.from({ length: 5 }, (_, index) => Buffer.from(JSON.stringify({ id: `healthy-${index}`, event: 'client_created', data: { id: 'c' } })));
    const responses = await Promise.all([poisoned, ...healthy].map((body) => ingest.post('/webhooks/360dialog', body, { secret: SECRET })));
    expect(responses.map((response) => response.status)).toEqual([400, 200, 200, 200, 200, 200]);
    expect(await responses[0]!.json()).toMatchObject({ error: { code: 'WEBHOOK.UNSTORABLE_PAYLOAD' } });
    const keys = (await ingest.rows()).map((row) => row.dedupe_key);
    expect(keys).toEqual(expect.arrayContaining(healthy.map((_, index) => `healthy-${index}`)));
    expect(keys).not.toContain('nul-1');
  });
});

/** `4xx`, or the status itself when it is anything else: a failing run then shows what came back. */
function statusClass(status: number): string | number {
  return status >= 400 && status < 500 ? '4xx' : status;
}
