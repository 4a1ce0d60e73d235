import http from 'node:http';
import net from 'node:net';

import { createHttpApp, startHttpServer, type HttpApp } from '../src';
import { Registry } from 'prom-client';
import request from 'supertest';

import { captureLogger } from './capture-logger';

/** A handler the test holds open: `arrived` once it runs, it answers after `release()`. */
interface SlowRoute {
  arrived: Promise<void>;
  markArrived(): void;
  handlerDone: Promise<void>;
  release(): void;
}

function slowRoute(): SlowRoute {
  let markArrived!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (markArrived = resolve));
  const handlerDone = new Promise<void>((resolve) => (release = resolve));
  return { arrived, release, handlerDone, markArrived };
}

function appWithSlowRoute(slow: SlowRoute): HttpApp {
  return createHttpApp({
    service: 'shutdown-test',
    logger: captureLogger().logger,
    metricsRegistry: new Registry(),
    routes: (app) => {
      app.get('/slow', async (_req, res) => {
        slow.markArrived();
        await slow.handlerDone;
        res.json({ finished: true });
      });
    },
  });
}

/** A GET over a keep-alive agent, so the socket would stay open unless the server closes it. */
function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('startHttpServer', () => {
  const agents: http.Agent[] = [];
  const keepAliveAgent = (): http.Agent => {
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    return agent;
  };
  afterAll(() => agents.forEach((agent) => agent.destroy()));

  it('listens on a random port and reports it', async () => {
    const slow = slowRoute();
    const running = await startHttpServer(appWithSlowRoute(slow), { port: 0, host: '127.0.0.1', logger: captureLogger().logger });
    try {
      expect(running.port).toBeGreaterThan(0);
      await expect(get(running.port, '/healthz', keepAliveAgent())).resolves.toMatchObject({ status: 200 });
    } finally {
      await running.close();
    }
  });

  it('answers a request Node cannot parse with a JSON error body, not a bare status line', async () => {
    const running = await startHttpServer(appWithSlowRoute(slowRoute()), { port: 0, host: '127.0.0.1', logger: captureLogger().logger });
    const rawExchange = (bytes: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(running.port, '127.0.0.1', () => socket.end(bytes));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
    try {
      const badLength = await rawExchange('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      expect(badLength).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(badLength).toContain('content-type: application/json');
      expect(JSON.parse(badLength.slice(badLength.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP/1.1' } });

      const hugeHeaders = await rawExchange(`GET /healthz?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(hugeHeaders).toMatch(/^HTTP\/1\.1 431 /);
      expect(JSON.parse(hugeHeaders.slice(hugeHeaders.indexOf('\r\n\r\n') + 4))).toEqual({
        error: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: 'The request line or headers are too large' },
      });

      await expect(get(running.port, '/healthz', keepAliveAgent())).resolves.toMatchObject({ status: 200 });
    } finally {
      await running.close();
    }
  });

  it('closes a connection whose response is under way when garbage follows on it, instead of writing a 400 into that response', async () => {
    const app = createHttpApp({
      service: 'stream-test',
      logger: captureLogger().logger,
      metricsRegistry: new Registry(),
      routes: (routes) => {
        routes.get('/stream', (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: first\n\n');
        });
      },
    });
    const running = await startHttpServer(app, { port: 0, host: '127.0.0.1', logger: captureLogger().logger, shutdownGraceMs: 200 });
    try {
      const received = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(running.port, '127.0.0.1', () => socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          const first = text === '';
          text += chunk.toString('utf8');
          if (first) socket.write('BLAH\r\n\r\n');
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
      expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(received).toContain('data: first');
      expect(received).not.toContain('400 Bad Request');
    } finally {
      await running.close();
    }
  });

  it('drains: readiness turns 503, new connections are refused, the in-flight request finishes', async () => {
    const slow = slowRoute();
    const app = appWithSlowRoute(slow);
    const running = await startHttpServer(app, { port: 0, host: '127.0.0.1', logger: captureLogger().logger, shutdownGraceMs: 30_000 });
    // Long enough that only an active close of the finished keep-alive socket lets close() resolve in time.
    running.server.keepAliveTimeout = 60_000;
    const inFlight = get(running.port, '/slow', keepAliveAgent());
    await withinMs(slow.arrived, 10_000, 'the slow request reaching its handler');

    const closing = running.close();
    expect(running.close()).toBe(closing);
    await request(app).get('/readyz').expect(503);
    expect(await connectionRefused(running.port)).toBe(true);

    slow.release();
    await expect(inFlight).resolves.toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    await withinMs(closing, 10_000, 'close() after the in-flight request finished');
    expect(running.server.listening).toBe(false);
  });

  it('destroys connections still open when the grace period ends', async () => {
    const slow = slowRoute();
    const running = await startHttpServer(appWithSlowRoute(slow), { port: 0, host: '127.0.0.1', logger: captureLogger().logger, shutdownGraceMs: 200 });
    const inFlight = get(running.port, '/slow', keepAliveAgent());
    await withinMs(slow.arrived, 10_000, 'the slow request reaching its handler');

    await withinMs(running.close(), 10_000, 'close() after the grace period');
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
    slow.release();
  });
});
