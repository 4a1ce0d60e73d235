import { Writable } from 'node:stream';

import pino from 'pino';

import { SECRET_KEYS, createLogger, withCorrelation } from './index';

function captureLogger(level = 'info'): { logger: ReturnType<typeof createLogger>; output: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ service: 'test-service', level, destination, base: { region: 'eu' } });
  const output = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, output, lines };
}

/** One distinct value per secret key and place, so a leak names exactly where it came from. */
function secretsFor(place: string): Record<string, string> {
  return Object.fromEntries(SECRET_KEYS.map((key) => [key, `leak-${place}-${key}`]));
}

/** Same keys in another letter case, as HTTP clients and callers write them. */
function shoutedSecretsFor(place: string): Record<string, string> {
  return Object.fromEntries(SECRET_KEYS.map((key) => [key.toUpperCase(), `leak-${place}-${key}-upper`]));
}

class HeadersLikeAnHttpClient {
  constructor(private readonly values: Record<string, string>) {}

  toJSON(): Record<string, string> {
    return { ...this.values };
  }
}

describe('createLogger', () => {
  it('writes JSON lines with service, ISO time, level label and base fields', () => {
    const { logger, lines } = captureLogger();
    logger.info({ channel_id: 'ch-1' }, 'channel linked');
    const [line] = lines();
    expect(line).toMatchObject({ service: 'test-service', region: 'eu', level: 'info', channel_id: 'ch-1', msg: 'channel linked' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('logs none of the secret values wherever they occur, and keeps the rest', () => {
    const { logger, output, lines } = captureLogger();
    const failure = Object.assign(new Error('partner api failed'), {
      ...secretsFor('error'),
      status: 502,
      config: {
        url: 'https://hub.example/api?api_key=leak-error-url-api_key&page=2',
        headers: new HeadersLikeAnHttpClient({ 'X-API-Key': 'leak-error-config-header', accept: 'application/json' }),
      },
      cause: Object.assign(new Error('socket hang up'), { token: 'leak-cause-token' }),
    });

    logger.error(
      {
        ...secretsFor('top'),
        tenant_id: 'tenant-7',
        nested: { deeper: { ...secretsFor('nested'), ...shoutedSecretsFor('nested'), keep: 'nested-visible' } },
        list: [{ ...secretsFor('list'), item: 'list-visible' }],
        req: {
          method: 'GET',
          url: '/onboarding/360/callback?state=leak-url-state?client=c-1&channels=[a]&token=leak-url-token',
          headers: { ...secretsFor('req-header'), ...shoutedSecretsFor('req-header'), 'user-agent': 'ua-visible' },
        },
        res: { statusCode: 200, headers: { ...secretsFor('res-header'), 'content-type': 'ct-visible' } },
        body: { ...secretsFor('body'), event: 'channel_running' },
        err: failure,
        error: failure,
        callback_url: 'https://x.test/cb?STATE=leak-text-state#frag',
      },
      'redirected to https://x.test/cb?state=leak-message-state&ok=1',
    );

    const text = output();
    expect(text).not.toMatch(/leak-/);
    const [line] = lines();
    expect(line).toMatchObject({
      tenant_id: 'tenant-7',
      nested: { deeper: { keep: 'nested-visible', token: '[REDACTED]', TOKEN: '[REDACTED]' } },
      list: [{ item: 'list-visible' }],
      req: { method: 'GET', headers: { 'user-agent': 'ua-visible', authorization: '[REDACTED]' } },
      res: { statusCode: 200, headers: { 'content-type': 'ct-visible' } },
      body: { event: 'channel_running' },
      err: { type: 'Error', status: 502, config: { headers: { accept: 'application/json' } } },
      error: { type: 'Error', message: expect.stringContaining('partner api failed') },
      callback_url: 'https://x.test/cb?STATE=[REDACTED]#frag',
      msg: 'redirected to https://x.test/cb?state=[REDACTED]&ok=1',
    });
    expect((line?.req as { url: string }).url).toBe('/onboarding/360/callback?state=[REDACTED]?client=c-1&channels=[a]&token=[REDACTED]');
    expect(text).toContain('socket hang up');
  });

  it('censors a raw request object through the request serializer, query string included', () => {
    const { logger, output, lines } = captureLogger();
    const rawRequest = {
      method: 'POST',
      originalUrl: '/webhooks/360dialog?token=leak-raw-token',
      headers: { 'x-360dialog-signature': 'leak-raw-signature', host: 'svc.local' },
      socket: { remoteAddress: '10.0.0.1', remotePort: 1234 },
    };
    logger.info({ req: rawRequest }, 'request');
    expect(output()).not.toMatch(/leak-/);
    expect(lines()[0]).toMatchObject({ req: { method: 'POST', url: '/webhooks/360dialog?token=[REDACTED]', remoteAddress: '10.0.0.1', headers: { host: 'svc.local' } } });
  });

  it('still censors header secrets when a child swaps in the standard serializers, as pino-http does', () => {
    const { logger, output } = captureLogger();
    const child = logger.child({}, { serializers: { req: pino.stdSerializers.req, err: pino.stdSerializers.err } });
    child.warn({
      req: { method: 'GET', url: '/x', headers: { authorization: 'leak-std-auth', 'x-internal-key': 'leak-std-internal' }, socket: {} },
      err: Object.assign(new Error('boom'), { api_key: 'leak-std-err-key', config: { headers: { 'd360-api-key': 'leak-std-d360' } } }),
    });
    expect(output()).not.toMatch(/leak-/);
    expect(output()).toContain('boom');
  });

  it('censors secrets in the bindings of a grandchild logger', () => {
    const { logger, output } = captureLogger();
    logger.child({ tenant_id: 't-1' }).child({ nested: { token: 'leak-grandchild' } }).info('hello');
    expect(output()).not.toMatch(/leak-/);
    expect(output()).toContain('t-1');
  });

  it('censors secrets in child bindings', () => {
    const { logger, output } = captureLogger();
    logger.child({ headers: { authorization: 'leak-binding-auth' }, tenant_id: 't-1' }).info('hello');
    expect(output()).not.toMatch(/leak-/);
    expect(output()).toContain('t-1');
  });

  it('honours the level', () => {
    const { logger, output } = captureLogger('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(output()).not.toContain('quiet');
    expect(output()).toContain('loud');
  });
});

describe('withCorrelation', () => {
  it('adds correlation_id and extra fields to every line', () => {
    const { logger, lines } = captureLogger();
    const correlated = withCorrelation(logger, 'corr-42', { session_id: 's-1' });
    correlated.info('one');
    correlated.child({ step: 2 }).info('two');
    expect(lines()).toEqual([
      expect.objectContaining({ correlation_id: 'corr-42', session_id: 's-1', msg: 'one', service: 'test-service' }),
      expect.objectContaining({ correlation_id: 'corr-42', session_id: 's-1', step: 2, msg: 'two' }),
    ]);
  });
});
