import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FaultRule } from '../domain/fault-rules';
import type { SandboxStore } from '../state/sandbox-store';
import type { Surface } from '../state/request-log';
import { sendHubError } from './hub-errors';

/**
 * Runs in front of every 360dialog surface (not the control API): records the request, then
 * applies the fault rules that fire for it (latency, 429 + Retry-After, 500, 503, reset).
 */
export function surfaceMiddleware(store: SandboxStore, surface: Surface, random: () => number): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const entry = store.requests.record({
      surface,
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      query: { ...(req.query as Record<string, unknown>) },
      headers: flatHeaders(req),
      body: req.body ?? null,
    });
    res.on('finish', () => (entry.status = res.statusCode));

    for (const rule of store.faults.fire(req.method, entry.path, random)) {
      entry.fault = rule.kind;
      if (rule.kind === 'latency') await sleep(rule.latencyMs ?? 0, undefined, { ref: false });
      else return answerFault(rule, req, res);
    }
    next();
  };
}

function answerFault(rule: FaultRule, req: Request, res: Response): void {
  switch (rule.kind) {
    case '429':
      res.set('Retry-After', String(rule.retryAfterSeconds ?? 1));
      return sendHubError(res, 429, 'Too many requests');
    case '500':
      return sendHubError(res, 500, 'Internal server error');
    case '503':
      return sendHubError(res, 503, 'Service temporarily unavailable');
    default:
      req.socket.destroy();
  }
}

function flatHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
