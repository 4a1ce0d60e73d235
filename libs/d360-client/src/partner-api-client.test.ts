import { createLogger } from '@chatpilot/logger';

import { D360ApiError } from './d360-api-error';
import { createPartnerApiClient, type PartnerApiClient } from './partner-api-client';

const SECRET = 'sk-leaked-into-a-broken-body';

/** A client whose every request is answered in memory with `body` and `status`. */
function clientAnswering(body: string, status = 200): { client: PartnerApiClient; calls: () => number; logs: string[] } {
  let calls = 0;
  const logs: string[] = [];
  const fetchImpl = (async () => {
    calls += 1;
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const client = createPartnerApiClient({
    baseUrl: 'https://hub.example/api/v2',
    partnerId: 'testPA',
    auth: { apiKey: 'partner-key' },
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    logger: createLogger({ service: 'test', level: 'debug', destination: { write: (line: string) => void logs.push(line) } }),
    fetchImpl,
  });
  return { client, calls: () => calls, logs };
}

describe('createChannelApiKey with an unusable 2xx answer', () => {
  it('fails once with D360.BAD_RESPONSE naming the missing field, never the body', async () => {
    const { client, calls, logs } = clientAnswering(JSON.stringify({ api_key: SECRET, app_id: '1' }));

    const error = await client.createChannelApiKey('ch1').catch((e: unknown) => e);
    client.close();

    expect(error).toBeInstanceOf(D360ApiError);
    expect(error).toMatchObject({ code: 'D360.BAD_RESPONSE', status: 200, retryable: false });
    expect((error as Error).message).toBe('360dialog Partner API POST /partners/{partner_id}/channels/{channel_id}/api_keys answered 200 without a usable address (D360.BAD_RESPONSE)');
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message, cause: (error as Error).cause })).not.toContain(SECRET);
    expect(calls()).toBe(1);
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('fails once with D360.BAD_RESPONSE when the body is not JSON', async () => {
    const { client, calls } = clientAnswering(`{"api_key":"${SECRET}"`);

    const error = await client.createChannelApiKey('ch1').catch((e: unknown) => e);
    client.close();

    expect(error).toMatchObject({ code: 'D360.BAD_RESPONSE', retryable: false });
    expect((error as Error).message).not.toContain(SECRET);
    expect(calls()).toBe(1);
  });
});

describe('request construction', () => {
  it('sends the partner key as X-API-Key and ids URL-encoded', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      seen.push({ url: url.toString(), headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ total: 0, partner_channels: [] }));
    }) as unknown as typeof fetch;
    const client = createPartnerApiClient({ baseUrl: 'https://hub.example/api/v2/', partnerId: 'testPA', auth: { apiKey: 'partner-key' }, logger: createLogger({ service: 'test', level: 'silent' }), fetchImpl });

    await client.getChannel('a/b');
    client.close();

    expect(seen).toEqual([
      { url: `https://hub.example/api/v2/partners/testPA/channels?filters=${encodeURIComponent('{"id":"a/b"}')}`, headers: expect.objectContaining({ 'x-api-key': 'partner-key' }) },
    ]);
  });
});

describe('ids in URL paths', () => {
  it('refuses a channel id of "." or "..", which the URL parser would resolve to another path, without sending anything', async () => {
    const { client, calls } = clientAnswering('{}');

    for (const channelId of ['.', '..', '']) {
      await expect(client.createChannelApiKey(channelId)).rejects.toThrow(RangeError);
    }
    client.close();

    expect(calls()).toBe(0);
  });
});

type ScriptedAnswer = { status: number; body?: string } | 'hang' | 'reset';

/** A client answering each request with the next scripted answer, then 200 with `success`. */
function clientScripted(answers: ScriptedAnswer[], success: string): { client: PartnerApiClient; methods: string[] } {
  const methods: string[] = [];
  const fetchImpl = (async (_url: URL, init: RequestInit) => {
    methods.push(init.method ?? 'GET');
    const answer = answers.shift() ?? { status: 200, body: success };
    if (answer === 'reset') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    return new Response(answer.body ?? '{}', { status: answer.status, headers: { 'content-type': 'application/json', 'retry-after': '0' } });
  }) as unknown as typeof fetch;
  const client = createPartnerApiClient({
    baseUrl: 'https://hub.example/api/v2',
    partnerId: 'testPA',
    auth: { apiKey: 'partner-key' },
    timeoutMs: 50,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    logger: createLogger({ service: 'test', level: 'silent' }),
    fetchImpl,
  });
  return { client, methods };
}

describe('retrying createChannelApiKey, which revokes earlier keys', () => {
  const createdKey = JSON.stringify({ address: 'https://waba.example', api_key: 'k', app_id: '1', id: '7' });

  it.each<[string, ScriptedAnswer, string]>([
    ['a 503', { status: 503 }, 'D360.UNAVAILABLE'],
    ['a timeout', 'hang', 'D360.TIMEOUT'],
    ['a reset connection', 'reset', 'D360.UNAVAILABLE'],
  ])('does not retry after %s, as the first attempt may still issue a key', async (_name, failure, code) => {
    const { client, methods } = clientScripted([failure], createdKey);

    const error = await client.createChannelApiKey('ch1').catch((e: unknown) => e);
    client.close();

    expect(error).toMatchObject({ code });
    expect(methods).toEqual(['POST']);
  });

  it('retries a 429, which 360dialog refused before processing', async () => {
    const { client, methods } = clientScripted([{ status: 429 }], createdKey);

    const created = await client.createChannelApiKey('ch1');
    client.close();

    expect(created).toMatchObject({ apiKey: 'k' });
    expect(methods).toEqual(['POST', 'POST']);
  });

  it('still retries a GET that failed with 503', async () => {
    const { client, methods } = clientScripted([{ status: 503 }], JSON.stringify({ api_keys: [] }));

    await client.listChannelApiKeys('ch1');
    client.close();

    expect(methods).toEqual(['GET', 'GET']);
  });
});
