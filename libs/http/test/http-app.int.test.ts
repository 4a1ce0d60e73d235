import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HttpError, createHttpApp, requireJsonBody, type HttpApp, type HttpAppOptions } from '../src';
import { Router } from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';

import { captureLogger, type CapturedLogger } from './capture-logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function buildApp(overrides: Partial<HttpAppOptions> = {}): { app: HttpApp; log: CapturedLogger; registry: Registry } {
  const log = captureLogger();
  const registry = new Registry();
  const app = createHttpApp({
    service: 'http-test',
    logger: log.logger,
    metricsRegistry: registry,
    bodyLimit: '1kb',
    rawBodyFor: ['/webhooks/360dialog'],
    routes: (routes) => {
      routes.post('/echo', (req, res) => {
        res.json({ received: req.body as unknown, hasRawBody: req.rawBody !== undefined });
      });
      routes.post('/webhooks/360dialog', (req, res) => {
        res.json({ rawBody: req.rawBody?.toString('utf8') });
      });
      routes.get('/items/:id', (req, res) => {
        req.log.info({ item_id: req.params.id }, 'item read');
        res.json({ id: req.params.id });
      });
      routes.post('/strict', requireJsonBody(), (req, res) => {
        res.json({ received: (req.body as unknown) ?? null });
      });
      const mounted = Router();
      mounted.get('/orders/:id', () => {
        throw new HttpError(409, 'ORDER.LOCKED', 'The order is locked');
      });
      routes.use('/api', mounted);
      routes.get('/conflict', () => {
        throw new HttpError(409, 'ONBOARDING.STATE_ALREADY_USED', 'The state was already used', { retry: false });
      });
      routes.get('/boom', () => {
        throw Object.assign(new Error('db password=hunter2 at postgres://app:hunter2@db/x'), { token: 'tok-secret' });
      });
      routes.get('/async-boom', async () => {
        await Promise.resolve();
        throw new Error('async internals');
      });
    },
    ...overrides,
  });
  return { app, log, registry };
}

function expectErrorShape(body: unknown, code: string): void {
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
}

describe('createHttpApp', () => {
  it('answers /healthz without checking dependencies', async () => {
    const failing = { name: 'db', check: () => Promise.reject(new Error('down')) };
    const { app } = buildApp({ readinessChecks: [failing] });
    const response = await request(app).get('/healthz').expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('parses JSON bodies', async () => {
    const { app } = buildApp();
    const response = await request(app).post('/echo').send({ hello: 'world' }).expect(200);
    expect(response.body).toEqual({ received: { hello: 'world' }, hasRawBody: false });
  });

  it('keeps the raw body bytes under a rawBodyFor prefix', async () => {
    const { app } = buildApp();
    const raw = '{ "id":"evt-1",  "event":"channel_running" }';
    const response = await request(app).post('/webhooks/360dialog').set('content-type', 'application/json').send(raw).expect(200);
    expect(response.body).toEqual({ rawBody: raw });
  });

  it('keeps the raw body wherever express routes the request: another letter case, an absolute-form target', async () => {
    const { app } = buildApp();
    const raw = '{"id":"evt-2","event":"channel_live"}';
    const cased = await request(app).post('/Webhooks/360DIALOG').set('content-type', 'application/json').send(raw).expect(200);
    expect(cased.body).toEqual({ rawBody: raw });
    const server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const absolute = await new Promise<string>((resolve, reject) => {
        const outgoing = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `http://127.0.0.1:${port}/webhooks/360dialog`, headers: { 'content-type': 'application/json' } }, (incoming) => {
          let text = '';
          incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          incoming.on('end', () => resolve(text));
        });
        outgoing.on('error', reject);
        outgoing.end(raw);
      });
      expect(JSON.parse(absolute)).toEqual({ rawBody: raw });
    } finally {
      server.close();
    }
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and does not echo the body', async () => {
    const { app } = buildApp();
    const response = await request(app).post('/echo').set('content-type', 'application/json').send('{"token": "s3cr3t"').expect(400);
    expectErrorShape(response.body, 'MALFORMED_JSON');
    expect(response.text).not.toContain('s3cr3t');
  });

  it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    const { app } = buildApp();
    const response = await request(app).post('/echo').send({ blob: 'x'.repeat(2_000) }).expect(413);
    expectErrorShape(response.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a path parameter that is not valid percent-encoding with 400 MALFORMED_URI', async () => {
    const { app } = buildApp();
    const response = await request(app).get('/items/%E0%A4%A').expect(400);
    expectErrorShape(response.body, 'MALFORMED_URI');
  });

  it('lets requireJsonBody refuse a body in another media type with 415, and pass JSON or no body at all', async () => {
    const { app } = buildApp();
    for (const contentType of ['text/plain', 'application/merge-patch+json', 'application/x-www-form-urlencoded']) {
      const refused = await request(app).post('/strict').set('content-type', contentType).send('{"name":"x"}').expect(415);
      expectErrorShape(refused.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await request(app).post('/strict').send({ name: 'x' }).expect(200)).body).toEqual({ received: { name: 'x' } });
    expect((await request(app).post('/strict').expect(200)).body).toEqual({ received: null });
    expect((await request(app).post('/strict').set('content-type', 'text/plain').set('content-length', '0').expect(200)).body).toEqual({ received: null });
    const withCharset = await request(app).post('/strict').set('content-type', 'application/json; charset=utf-8').send('{"name":"x"}').expect(200);
    expect(withCharset.body).toEqual({ received: { name: 'x' } });
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const { app } = buildApp();
    const response = await request(app).get('/nope').expect(404);
    expectErrorShape(response.body, 'NOT_FOUND');
  });

  it('answers an HttpError with its status, code, message and details', async () => {
    const { app } = buildApp();
    const response = await request(app).get('/conflict').expect(409);
    expect(response.body).toEqual({
      error: { code: 'ONBOARDING.STATE_ALREADY_USED', message: 'The state was already used', details: { retry: false } },
    });
  });

  it.each(['/boom', '/async-boom'])('answers an unexpected error on %s with a generic 500 and logs it with the request id', async (path) => {
    const { app, log } = buildApp();
    const response = await request(app).get(path).set('x-request-id', 'req-500').expect(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(response.text).not.toMatch(/hunter2|tok-secret|internals|at \//);

    const errorLine = log.lines().find((line) => line.level === 'error');
    expect(errorLine).toMatchObject({ request_id: 'req-500', err: { message: expect.any(String) } });
    expect(log.text()).not.toMatch(/hunter2|tok-secret/);
  });

  it('echoes a sane x-request-id and puts it on the request logger lines', async () => {
    const { app, log } = buildApp();
    const response = await request(app).get('/items/7').set('x-request-id', 'abc-123').expect(200);
    expect(response.headers['x-request-id']).toBe('abc-123');
    const itemLine = log.lines().find((line) => line.msg === 'item read');
    expect(itemLine).toMatchObject({ request_id: 'abc-123', item_id: '7', service: 'http-test' });
    expect(log.lines().find((line) => line.msg === 'request completed')).toMatchObject({ request_id: 'abc-123', res: { statusCode: 200 } });
  });

  it('writes a line per request at the level its status deserves, and none for the probes', async () => {
    const { app, log } = buildApp();
    await request(app).get('/items/3').set('x-request-id', 'ok-1').expect(200);
    await request(app).get('/api/orders/9').set('x-request-id', 'conflict-1').expect(409);
    await request(app).get('/healthz').expect(200);

    const finished = log.lines().filter((line) => line.msg === 'request completed');
    expect(finished).toEqual([
      expect.objectContaining({ level: 'info', request_id: 'ok-1', req: expect.objectContaining({ method: 'GET', url: '/items/3' }), res: expect.objectContaining({ statusCode: 200 }), responseTime: expect.any(Number) }),
      expect.objectContaining({ level: 'warn', request_id: 'conflict-1', res: expect.objectContaining({ statusCode: 409 }) }),
    ]);
  });

  it('leaves out the lines below its level: at warn, a 2xx writes nothing and a 4xx still does', async () => {
    const log = captureLogger('http-test', 'warn');
    const { app } = buildApp({ logger: log.logger });
    await request(app).get('/items/3').expect(200);
    await request(app).get('/api/orders/9').set('x-request-id', 'conflict-2').expect(409);

    expect(log.lines()).toEqual([expect.objectContaining({ level: 'warn', msg: 'request completed', request_id: 'conflict-2' })]);
  });

  it('generates a uuid request id when none or an unsafe one is sent', async () => {
    const { app } = buildApp();
    const generated = await request(app).get('/healthz');
    expect(generated.headers['x-request-id']).toMatch(UUID);
    const replaced = await request(app).get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(UUID);
  });

  it('censors secrets in the request log line', async () => {
    const { app, log } = buildApp();
    await request(app).get('/items/1?state=state-secret&x=1').set('authorization', 'Bearer bearer-secret').set('x-api-key', 'key-secret');
    expect(log.text()).toContain('request completed');
    expect(log.text()).not.toMatch(/state-secret|bearer-secret|key-secret/);
  });

  it('serves the duration histogram by route pattern, plus default metrics', async () => {
    const { app } = buildApp();
    await request(app).get('/items/42').expect(200);
    await request(app).get('/unknown/path').expect(404);
    await request(app).get('/api/orders/9').expect(409);
    const response = await request(app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/items\/:id",status_code="200"\} 1/);
    expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/orders\/:id",status_code="409"\} 1/);
    expect(response.text).not.toContain('/items/42');
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });

  it('lets two apps share one registry', async () => {
    const { registry } = buildApp();
    const second = createHttpApp({ service: 'second', logger: captureLogger().logger, metricsRegistry: registry });
    await request(second).get('/healthz').expect(200);
    expect(await registry.metrics()).toContain('http_request_duration_seconds');
  });
});

describe('GET /readyz', () => {
  it('is 200 with every check ok', async () => {
    const { app } = buildApp({ readinessChecks: [{ name: 'postgres', check: async () => undefined }] });
    const response = await request(app).get('/readyz').expect(200);
    expect(response.body).toEqual({ status: 'ready', checks: { postgres: 'ok' } });
  });

  it('is 503 naming the failing and the hanging check, without their error messages', async () => {
    const { app } = buildApp({
      readinessTimeoutMs: 100,
      readinessChecks: [
        { name: 'postgres', check: () => Promise.reject(new Error('password authentication failed: hunter2')) },
        { name: 'rabbitmq', check: () => new Promise<void>(() => undefined) },
        { name: 'vault', check: async () => undefined },
      ],
    });
    const response = await request(app).get('/readyz').expect(503);
    expect(response.body).toEqual({
      status: 'not_ready',
      checks: { postgres: 'unavailable', rabbitmq: 'timed out after 100 ms', vault: 'ok' },
    });
    expect(response.text).not.toContain('hunter2');
  });

  it('is 503 while the app drains', async () => {
    const { app } = buildApp();
    app.lifecycle.startDraining();
    const response = await request(app).get('/readyz').expect(503);
    expect(response.body).toEqual({ status: 'not_ready', checks: { lifecycle: 'draining' } });
    expect(response.headers.connection).toBe('close');
  });
});
