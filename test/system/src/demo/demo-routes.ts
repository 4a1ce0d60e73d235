import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import express, { Router, type Request, type RequestHandler, type Response } from 'express';

import type { OnboardingClient } from './onboarding-client';
import { connectPage, errorPage, successPage } from './pages';
import { tenantOfBrowser } from './tenant-cookie';

export interface DemoRouteDeps {
  onboarding: OnboardingClient;
  /** `host:port` the demo is known by (FRONTEND_BASE_URL's); known once the server listens. */
  canonicalHost: () => string | undefined;
  assetsDir: string;
  /** Aborts every proxied request still open (so the server can close). */
  shutdown: AbortSignal;
}

/** The frontend pages, and the backend-for-frontend routes that call onboarding with the internal key. */
export function demoRoutes(deps: DemoRouteDeps): Router {
  const router = Router();
  router.use(sameHostAsTheCallback(deps.canonicalHost));
  router.use('/demo/assets', express.static(deps.assetsDir, { maxAge: 0 }));
  router.get('/', (req, res) => {
    sendPage(res, connectPage(tenantOfBrowser(req, res)));
  });
  router.post('/demo/connect', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const tenantId = tenantOfBrowser(req, res);
    const outcome = await deps.onboarding.start(tenantId, { phoneNumber: formField(req, 'phone_number'), businessName: formField(req, 'business_name') });
    res.redirect(303, outcome.ok ? outcome.onboardingUrl : `/onboarding/error?code=${encodeURIComponent(outcome.code)}`);
  });
  router.get('/onboarding/success', (req, res) => {
    const tenantId = tenantOfBrowser(req, res);
    const sessionId = typeof req.query.session_id === 'string' ? req.query.session_id : '';
    if (sessionId === '') return sendPage(res, errorPage(tenantId, 'SESSION_NOT_FOUND'), 404);
    sendPage(res, successPage(tenantId, sessionId));
  });
  router.get('/onboarding/error', (req, res) => {
    const code = typeof req.query.code === 'string' && /^[A-Z_]{1,64}$/.test(req.query.code) ? req.query.code : 'UNKNOWN';
    sendPage(res, errorPage(tenantOfBrowser(req, res), code));
  });
  router.get('/demo/api/sessions/:id', (req, res) => proxy(req, res, (signal) => deps.onboarding.session(tenantOfBrowser(req, res), String(req.params.id), signal), deps.shutdown));
  router.get('/demo/api/sessions/:id/events', (req, res) =>
    proxy(req, res, (signal) => deps.onboarding.sessionEvents(tenantOfBrowser(req, res), String(req.params.id), signal), deps.shutdown),
  );
  return router;
}

/**
 * The tenant cookie belongs to one host name, and onboarding sends the browser back to
 * FRONTEND_BASE_URL's: a page opened as localhost:3000 would come back to 127.0.0.1:3000 as a
 * stranger. So pages are only served under the host the callback returns to.
 */
function sameHostAsTheCallback(canonicalHost: () => string | undefined): RequestHandler {
  return (req, res, next) => {
    const expected = canonicalHost();
    if (req.method !== 'GET' || expected === undefined || req.get('host') === expected) return next();
    res.redirect(302, `http://${expected}${req.originalUrl}`);
  };
}

function sendPage(res: Response, html: string, status = 200): void {
  res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(html);
}

function formField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Relays onboarding's answer (JSON or an event stream) as it arrives; ends when either side goes away. */
async function proxy(req: Request, res: Response, call: (signal: AbortSignal) => Promise<globalThis.Response>, shutdown: AbortSignal): Promise<void> {
  const aborted = new AbortController();
  const abort = () => aborted.abort();
  res.on('close', abort);
  shutdown.addEventListener('abort', abort, { once: true });
  try {
    const upstream = await call(aborted.signal);
    res.status(upstream.status).set({
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-cache, no-transform',
    });
    if (upstream.body === null) return void res.end();
    res.flushHeaders();
    await pipeUntilDone(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), res);
  } catch (error) {
    if (aborted.signal.aborted) return void res.end();
    req.log.warn({ err: error }, 'onboarding did not answer the demo');
    if (!res.headersSent) res.status(502).json({ error: { code: 'TEMPORARILY_UNAVAILABLE', message: 'onboarding did not answer' } });
    else res.end();
  } finally {
    shutdown.removeEventListener('abort', abort);
  }
}

function pipeUntilDone(source: Readable, res: Response): Promise<void> {
  return new Promise((resolve) => {
    source.on('error', () => resolve());
    source.on('end', () => resolve());
    res.on('close', () => {
      source.destroy();
      resolve();
    });
    source.pipe(res);
  });
}
